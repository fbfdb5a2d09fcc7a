"""Mistakes in a group folder, made on the sample group against the whole kit: each one names the file,
the line and the bad value, and suggests a fix. The simpler overlay mistakes are in tests/broken/overlay-*."""

import shutil

import pytest

from nextround.compose import load_kits
from nextround.errors import ContentError

from conftest import RIVERSIDE, ROOT, run_nextround

# (what the facilitator wrote instead, the text to replace, the line it lands on, what the error must say)
CASES = {
    "logo outside the folder": (
        "logo: ../../../README.md",
        "logo: logo.svg",
        "logo: ../",
        ["is outside the group folder"],
    ),
    "colour not a colour": ("colour: green", 'colour: "#1b5e20"', "colour:", ["'green' is not a colour", '"#rrggbb"']),
    "unknown id": (
        "exclude: [role-fit-chek,",
        "exclude: [role-fit-check,",
        "exclude:",
        ["'role-fit-chek' is not the id of any item", "Did you mean 'role-fit-check'?"],
    ),
    "unknown override item": (
        "  self-audti:\n    title",
        "  self-audit:\n    title",
        "self-audti:",
        ["'self-audti' is not the id of any item", "Did you mean 'self-audit'"],
    ),
    "override of an entry that does not exist": (
        "{on-tim: {",
        "{on-time: {",
        "on-tim",
        ["'on-tim' is not an entry of 'items'", "Did you mean 'on-time'?"],
    ),
    "override of a nested field that does not exist": (
        '{txt: "Did you',
        '{text: "Did you',
        "txt:",
        ["'txt' is not a field of 'on-time'", "Did you mean 'text'?"],
    ),
    "addition with a link to nothing": (
        "(item:riverside-first-sesion)",
        "(item:riverside-first-session)",
        "item:riverside-first-sesion",
        [
            "the link to item 'riverside-first-sesion' does not match any item",
            "Did you mean 'riverside-first-session'?",
        ],
    ),
    "changing an id": (
        "    id: my-audit\n    title: Riverside",
        "    title: Riverside",
        "id: my-audit",
        ["the `id` of an item cannot be changed"],
    ),
    "addition with an id already used": (
        "item: {id: network, text",
        "item: {id: visit-desk, text",
        "item: {id: network",
        ["item id 'network' is used twice"],
    ),
    "included and excluded": (
        "  - start-here\n  - role-fit-check\n",
        "  - start-here\n",
        "exclude:",
        ["'role-fit-check' is both included and excluded"],
    ),
    "pack with a page": (
        "pack: [start-here,",
        "pack: [",
        "pack:",
        ["'start-here' is a guide, not a checklist or worksheet"],
    ),
    "pack with an excluded item": (
        "pack: [role-fit-check,",
        "pack: [",
        "pack:",
        ["'role-fit-check' is not in this build"],
    ),
}


def group_copy(tmp_path, *edits: tuple[str, str]):
    """A copy of the sample group with each (wrong, right) edit made to its group.yml."""
    folder = tmp_path / "riverside"
    shutil.copytree(RIVERSIDE, folder)
    text = (folder / "group.yml").read_text()
    for wrong, right in edits:
        assert right in text, right
        text = text.replace(right, wrong, 1)
    (folder / "group.yml").write_text(text)
    return folder


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_overlay_mistake_is_located_and_explained(tmp_path, case):
    wrong, right, marker, phrases = CASES[case]
    folder = group_copy(tmp_path, (wrong, right))
    lines = (folder / "group.yml").read_text().splitlines()
    line = next(number for number, text in enumerate(lines, 1) if marker in text)
    with pytest.raises(ContentError) as caught:
        load_kits(ROOT, folder)
    report = caught.value.report()
    assert f"group.yml:{line}:" in report, report
    for phrase in phrases:
        assert phrase in report, report


def test_mistake_in_a_group_item_names_its_own_file(tmp_path):
    folder = tmp_path / "riverside"
    shutil.copytree(RIVERSIDE, folder)
    item = folder / "content" / "riverside-first-session.yml"
    item.write_text(item.read_text().replace("{{ group.name }}", "{{ group.title }}"))
    with pytest.raises(ContentError) as caught:
        load_kits(ROOT, folder)
    assert "riverside-first-session.yml:4:" in caught.value.report()
    assert "the placeholder 'title'" in caught.value.report()


def test_cli_reports_all_mistakes_and_writes_nothing(tmp_path, kit_copy):
    folder = group_copy(tmp_path, ("paper: legal", "paper: letter"), ("colour: green", 'colour: "#1b5e20"'))
    out = tmp_path / "out"
    result = run_nextround("build", "--group", str(folder), "--out", str(out), cwd=kit_copy)
    assert result.returncode == 2
    assert "'legal' is not allowed for 'paper'" in result.stderr
    assert "'green' is not a colour" in result.stderr
    assert "2 problems found; nothing was written." in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
