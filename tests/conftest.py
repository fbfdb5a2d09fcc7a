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


def run_nextround(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the CLI as a user would, capturing what it prints."""
    return subprocess.run(
        [*NEXTROUND, *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=600
    )


def squash(text: str) -> str:
    """Whitespace folded, so text can be compared across line wraps."""
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="session")
def kit():
    """The kit's content, loaded and validated."""
    from nextround.load.loader import load_content

    return load_content(ROOT)


def copy_kit(folder: Path) -> Path:
    """A copy of the kit (content, worksheets, mkdocs.yml) to build in, so no test writes into the repository."""
    for part in ("content", "worksheets"):
        shutil.copytree(ROOT / part, folder / part)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The default kit, built once by the CLI in a temporary copy: the copy's dist/ (its .generated/ beside it)."""
    kit = copy_kit(tmp_path_factory.mktemp("kit"))
    result = run_nextround("build", "--out", "dist", "--quiet", cwd=kit)
    assert result.returncode == 0, result.stderr
    return kit / "dist"


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
def riverside(tmp_path_factory) -> Path:
    """The sample group tests/groups/riverside, built once by the CLI as a facilitator would."""
    out = tmp_path_factory.mktemp("riverside") / "dist"
    result = run_nextround("build", "--group", str(RIVERSIDE), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    return out
