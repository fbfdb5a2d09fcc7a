"""The command line as a user meets it: list, check, a clean build and errors."""

import json

from nextround.model.items import KINDS

from conftest import copy_kit, run_nextround


def test_list_json_names_every_item(kit, kit_copy):
    result = run_nextround("list", "--json", cwd=kit_copy)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {row["id"] for row in rows} == set(kit.items)
    for row in rows:
        assert row["kind"] == kit.items[row["id"]].kind
        assert row["title"] == kit.items[row["id"]].title
    # grouped by kind, in the order of the site's sections
    assert list(dict.fromkeys(row["kind"] for row in rows)) == list(KINDS)


def test_list_table_shows_ids_kinds_and_titles(kit_copy):
    result = run_nextround("list", cwd=kit_copy)
    assert result.returncode == 0
    assert "on-the-call" in result.stdout and "checklist" in result.stdout


def test_check_passes_on_the_kit(kit, kit_copy):
    result = run_nextround("check", cwd=kit_copy)
    assert result.returncode == 0, result.stderr
    assert f"All {len(kit.items)} items are valid, in every language of the build (en, es)." in result.stdout


def test_broken_file_names_file_and_line(tmp_path):
    copy = copy_kit(tmp_path / "kit")
    broken = copy / "content" / "checklists" / "on-the-call.yml"
    lines = broken.read_text().splitlines()
    title_line = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[title_line] = "titel: When the call comes"
    broken.write_text("\n".join(lines) + "\n")
    result = run_nextround("check", cwd=copy)
    assert result.returncode == 2
    assert f"content/checklists/on-the-call.yml:{title_line + 1}:1: 'titel' is not a key" in result.stderr
    assert "Did you mean 'title'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_clean_build_prints_no_warning(tmp_path):
    kit = copy_kit(tmp_path / "kit")
    result = run_nextround("build", "--no-cache", cwd=kit)
    assert result.returncode == 0, result.stderr
    # The build's own warnings (WeasyPrint's and MkDocs' among them) start "warning:"; MkDocs' log, "WARNING".
    warnings = [line for line in result.stderr.splitlines() if line.strip().lower().startswith("warning")]
    assert warnings == [], result.stderr
    assert (kit / "dist" / "workshop-pack.pdf").is_file()
