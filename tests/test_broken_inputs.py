"""Every mistake in tests/broken/ gives a message naming the place and the fix, the right
exit code, no traceback, and leaves the earlier build exactly as it was."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from nextround import cli

from conftest import ROOT, run_nextround

BROKEN = Path(__file__).parent / "broken"
MINIMAL = Path(__file__).parent / "kits" / "minimal"
CASES = sorted(path.parent.name for path in BROKEN.glob("*/expected.yml"))
PROBLEM_LINE = re.compile(r"^\S+:\d+:\d+: \S.*\. \S.*$")


def small_kit(folder: Path) -> Path:
    """A copy of the small test kit, with the project's mkdocs.yml, worksheet templates and interface strings."""
    shutil.copytree(MINIMAL / "content", folder / "content")
    shutil.copy(ROOT / "content" / "interface.yml", folder / "content" / "interface.yml")
    shutil.copytree(ROOT / "worksheets", folder / "worksheets")
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def tree_digest(folder: Path) -> str:
    """One hash of every path, file content and link in a folder."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_symlink():
            digest.update(os.readlink(path).encode())
        elif path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="session")
def earlier_build(tmp_path_factory) -> Path:
    """A real build of the small kit, standing for the last good build a failed one must not touch."""
    kit = small_kit(tmp_path_factory.mktemp("earlier") / "kit")
    result = run_nextround("build", "--out", "dist", "--quiet", cwd=kit)
    assert result.returncode == 0, result.stderr
    return kit / "dist"


def apply_setup(kit: Path, steps: list[dict]) -> None:
    for step in steps:
        ((action, argument),) = step.items()
        if action == "remove":
            (kit / argument).unlink()
        elif action == "make_folder":
            (kit / argument).mkdir(parents=True)
        elif action == "link":
            (kit / argument["path"]).symlink_to(argument["to"])
        elif action == "repeat":
            (kit / argument["path"]).write_text(argument["text"] * argument["times"], encoding="utf-8")
        elif action == "replace":
            path = kit / argument["path"]
            text = path.read_text(encoding="utf-8")
            assert argument["old"] in text, f"{path} no longer holds {argument['old']!r}"
            path.write_text(text.replace(argument["old"], argument["new"]), encoding="utf-8")
        elif action == "append_all":
            for path in kit.glob(argument["glob"]):
                path.write_text(path.read_text(encoding="utf-8") + argument["text"], encoding="utf-8")
        else:
            raise AssertionError(f"unknown setup step {action!r}")


def run_in_process(args: list[str], cwd: Path, monkeypatch, capsys) -> tuple[int, str]:
    """The CLI's main() as the console script runs it, without starting a new Python."""
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(sys, "argv", ["nextround", *args])
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    captured = capsys.readouterr()
    return stopped.value.code, captured.out + captured.err


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES)
def test_broken_input(case, tmp_path, earlier_build, monkeypatch, capsys):
    folder = BROKEN / case
    expected = yaml.safe_load((folder / "expected.yml").read_text(encoding="utf-8"))
    kit = small_kit(tmp_path / "kit")
    if (folder / "kit").is_dir():
        shutil.copytree(folder / "kit", kit, dirs_exist_ok=True)
    apply_setup(kit, expected.get("setup", []))
    out = tmp_path / "out" / "dist"
    shutil.copytree(earlier_build, out, symlinks=True)
    before = tree_digest(out)
    args = [str(out) if arg == "OUT" else arg for arg in expected.get("run", ["build", "--out", "OUT"])]

    code, output = run_in_process(args, kit, monkeypatch, capsys)

    assert code == expected["exit"], output
    assert "Traceback" not in output
    where, message, hint = expected["where"], expected["message"], expected["hint"]
    if code == 2:
        lines = output.strip().splitlines()
        assert re.fullmatch(r"\d+ problems? found; nothing was written\.", lines[-1]), output
        for line in lines[:-1]:
            assert PROBLEM_LINE.match(line), f"not `file:line:column: what. how`: {line}"
        located = [line for line in lines if line.startswith(where + ":")]
        assert located, f"no problem at {where}:\n{output}"
        assert any(message in line and hint in line for line in located), output
    else:
        assert where in output and message in output and hint in output, output
    assert tree_digest(out) == before, "the earlier build was changed"
    assert sorted(p.name for p in out.parent.iterdir()) == ["dist"], "a staging folder was left behind"


def test_problems_are_reported_together_up_to_a_cap(tmp_path, monkeypatch, capsys):
    kit = small_kit(tmp_path / "kit")
    for number in range(60):
        (kit / "content" / "checklists" / f"bad-{number:02d}.yml").write_text("kind: checklist\ntitel: x\n")
    code, output = run_in_process(["check"], kit, monkeypatch, capsys)
    assert code == 2
    lines = output.strip().splitlines()
    assert len([line for line in lines if PROBLEM_LINE.match(line)]) == 50
    assert "bad-00.yml:2:1: 'titel' is not a key" in output
    assert re.search(r"\.\.\. and \d+ more problems not shown\.", output)
    assert re.search(r"\d+ problems found; nothing was written\.", lines[-1])


def test_debug_shows_the_traceback(tmp_path, monkeypatch, capsys):
    kit = small_kit(tmp_path / "kit")
    (kit / "content" / "checklists" / "bad.yml").write_text("kind: checklist\ntitel: x\n")
    code, output = run_in_process(["--debug", "check"], kit, monkeypatch, capsys)
    assert code == 2
    assert "Traceback" in output and "'titel' is not a key" in output


def whole_kit(folder: Path) -> Path:
    """A copy of the project's kit, whose items link to one another."""
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


@pytest.mark.parametrize(
    "breakage, keep_id_line",
    [
        ("title: [On the call\n", True),  # YAML syntax: the file cannot be read
        ("title: On the call\n  order: 10\n", True),  # bad indentation
        ("\tbroken: tab\n", False),  # a tab, and no `id:` line: the id comes from the file name
    ],
)
def test_an_unreadable_file_is_reported_once_not_at_every_link_to_it(
    breakage, keep_id_line, tmp_path, monkeypatch, capsys
):
    kit = whole_kit(tmp_path / "kit")
    path = kit / "content" / "checklists" / "on-the-call.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    title = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[title] = breakage
    if not keep_id_line:
        lines = [line for line in lines if not line.startswith("id:")]
    path.write_text("".join(lines), encoding="utf-8")
    linked = [p for p in (kit / "content").rglob("*.yml") if p != path and "on-the-call" in p.read_text()]
    assert len(linked) >= 3, "the kit no longer links to this checklist: pick another"

    code, output = run_in_process(["check"], kit, monkeypatch, capsys)

    assert code == 2, output
    problems = [line for line in output.strip().splitlines() if PROBLEM_LINE.match(line)]
    assert len(problems) == 1, output
    assert re.match(r"content/checklists/on-the-call\.yml:\d+:\d+: ", problems[0]), output
    assert "does not match any item" not in output
    assert output.strip().splitlines()[-1] == "1 problem found; nothing was written."


def test_links_to_an_item_that_fails_validation_are_not_reported_again(tmp_path, monkeypatch, capsys):
    kit = whole_kit(tmp_path / "kit")
    path = kit / "content" / "checklists" / "on-the-call.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")

    code, output = run_in_process(["check"], kit, monkeypatch, capsys)

    assert code == 2, output
    assert "on-the-call.yml" in output and "'titel' is not a key" in output
    assert "does not match any item" not in output


def test_a_link_to_an_id_no_file_defines_is_still_reported(tmp_path, monkeypatch, capsys):
    kit = whole_kit(tmp_path / "kit")
    path = kit / "content" / "checklists" / "on-the-call.yml"
    path.write_text("kind: checklist\nid: on-the-call\ntitle: [oops\n", encoding="utf-8")
    guide = kit / "content" / "guide" / "start-here.yml"
    text = guide.read_text(encoding="utf-8")
    assert "item:on-the-call" in text
    guide.write_text(text.replace("item:on-the-call", "item:on-the-cal", 1), encoding="utf-8")

    code, output = run_in_process(["check"], kit, monkeypatch, capsys)

    assert code == 2, output
    assert "the link to item 'on-the-cal' does not match any item" in output
    assert output.count("does not match any item") == 1
