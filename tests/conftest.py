"""Shared fixtures: the default kit is built once per test session and read back."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
NEXTROUND = [sys.executable, "-m", "nextround"]
# What a build writes in the kit's folder. Tests build in copies, so the suite must never write these in ROOT.
BUILD_LEFTOVERS = (".cache", ".generated", "dist")


def leftovers(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under folder's .cache/, .generated/ and dist/, with its size and mtime."""
    found = {}
    for name in BUILD_LEFTOVERS:
        top = folder / name
        for path in [top, *top.rglob("*")] if top.exists() else []:
            stat = path.lstat()
            found[str(path.relative_to(folder))] = (stat.st_size, stat.st_mtime_ns)
    return found


# Taken when the suite starts, before any fixture builds: what the repository held already.
ROOT_LEFTOVERS_AT_START = leftovers(ROOT)


def copy_kit(folder: Path, groups: bool = False) -> Path:
    """A copy of the kit's inputs in folder: content/, worksheets/, mkdocs.yml and, with groups, the sample
    groups of tests/groups in groups/. Every test builds in such a copy, never in the repository."""
    for part in ("content", "worksheets"):
        shutil.copytree(ROOT / part, folder / part)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    if groups:
        shutil.copytree(ROOT / "tests" / "groups", folder / "groups")
    return folder


@pytest.fixture(scope="session")
def kit_copy(tmp_path_factory) -> Path:
    """One copy of the kit and its sample groups for the whole session, the working folder of every build and
    command that changes no input (and so may share its .cache/). A test that edits an input makes its own."""
    return copy_kit(tmp_path_factory.mktemp("kit-copy") / "kit", groups=True)


def run_nextround(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the CLI as a user would in the kit folder cwd (a copy: see copy_kit), capturing what it prints."""
    return subprocess.run(
        [*NEXTROUND, *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=600
    )


def squash(text: str) -> str:
    """Whitespace folded, so text can be compared across line wraps."""
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="session")
def kit(kit_copy):
    """The kit's content, loaded and validated."""
    from nextround.load.loader import load_content

    return load_content(kit_copy)


@pytest.fixture(scope="session")
def built(kit_copy) -> Path:
    """The default kit, built once by the CLI in the session's copy of the kit."""
    out = kit_copy / "dist"
    result = run_nextround("build", "--out", str(out), "--quiet", cwd=kit_copy)
    assert result.returncode == 0, result.stderr
    return out


def page_text(site: Path, url_path: str) -> str:
    """The visible article text of a built page, e.g. 'checklists/on-the-call/index.html'."""
    html = (site / (url_path or "index.html")).read_text(encoding="utf-8")
    return visible_text(BeautifulSoup(html, "html.parser").select_one("article"))


def visible_text(element) -> str:
    """The text a reader sees in an HTML element, whitespace folded."""
    # Inline elements must not add spaces between the words they wrap.
    for inline in element.find_all(["a", "mark", "strong", "em", "code", "span", "abbr", "bdi"]):
        inline.unwrap()
    element.smooth()
    return squash(element.get_text(" "))


RIVERSIDE = ROOT / "tests" / "groups" / "riverside"


@pytest.fixture(scope="session")
def riverside(kit_copy) -> Path:
    """The sample group tests/groups/riverside, built once by the CLI as a facilitator would, in the session's
    copy of the kit (where it is groups/riverside)."""
    out = kit_copy / "dist-riverside"
    result = run_nextround("build", "--group", "groups/riverside", "--out", str(out), "--quiet", cwd=kit_copy)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """The kit with two groups, checked and published by the publish workflow's own commands, once for the
    session: (the kit, the published folder). Tests that change it work on a copy."""
    from publishing import publish_as_the_workflow

    return publish_as_the_workflow(tmp_path_factory.mktemp("publish"))
