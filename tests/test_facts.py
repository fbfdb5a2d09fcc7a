"""Each fact of the kit is written down once; these fail when a copy of one drifts from its source.

The kinds of item (model/items.py ITEM_KINDS), the points of the content brief
(BRIEF_POINT_COUNT) and the Markdown extensions (the kit's mkdocs.yml).
"""

from __future__ import annotations

import re

import pytest
import yaml
from mkdocs.config import load_config

from nextround.load.loader import use_site_markdown
from nextround.load.validate import ITEM_ADAPTER, ITEM_KEYS, validate
from nextround.load.yamlsource import read_yaml
from nextround.model import items
from nextround.model.content import SECTIONS
from nextround.model.reference import format_reference, json_schema
from nextround.render.site import navigation
from nextround.text import markup

from conftest import ROOT

# --- kinds of item -------------------------------------------------------------------


def test_the_site_navigation_has_a_section_for_each_kind_in_order(kit):
    sections = [next(iter(entry)) for entry in navigation(kit)[1:]]
    assert sections == [kit.interface[f"section_{kind}"] for kind in items.KINDS]
    for item in kit.items.values():
        assert kit.page_path(item.id).split("/")[0] == SECTIONS[item.kind]


def test_the_schema_and_the_format_reference_know_every_kind_and_no_other(kit):
    mapping = json_schema()["anyOf"][0]["discriminator"]["mapping"]
    assert set(mapping) == set(items.KINDS)
    listed = re.findall(r"^## `kind: ([a-z]+)`$", format_reference(kit.reference, kit.t.content_format), re.MULTILINE)
    assert listed == list(items.KINDS)


# --- points of the content brief -----------------------------------------------------


def test_the_brief_point_pattern_accepts_exactly_the_points():
    pattern = re.compile(items.BRIEF_POINT_PATTERN)
    candidates = [f"P{n:02d}" for n in range(100)] + ["P1", "P001", "p01", "P52 ", "Q01"]
    assert [c for c in candidates if pattern.fullmatch(c)] == items.BRIEF_POINTS
    assert len(items.BRIEF_POINTS) == items.BRIEF_POINT_COUNT


@pytest.mark.parametrize("last", [1, 5, 9, 10, 11, 19, 20, 52, 60, 99])
def test_the_pattern_follows_the_number_of_points(last):
    pattern = re.compile(rf"^P({items._two_digits_up_to(last)})$")
    assert [n for n in range(100) if pattern.fullmatch(f"P{n:02d}")] == list(range(1, last + 1))


def test_a_point_past_the_last_is_reported_with_the_range(tmp_path):
    path = tmp_path / "x.yml"
    last = items.BRIEF_POINT_COUNT
    path.write_text(f"kind: guide\nid: x\ntitle: X\nsummary: S.\ncovers: [P{last + 1:02d}]\nsections: []\n")
    _, problems = validate(read_yaml(path), ITEM_ADAPTER, ITEM_KEYS)
    [problem] = [p for p in problems if "brief" in p.message]
    assert problem.message == f"'P{last + 1:02d}' is not a point of the content brief."
    assert problem.hint == f"Use P01 to P{last:02d}, for example `P07`."


# --- Markdown extensions -------------------------------------------------------------


def test_markdown_checks_use_exactly_the_extensions_mkdocs_runs(tmp_path):
    (tmp_path / "d").mkdir()
    config = load_config(
        config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(tmp_path / "d"), site_dir=str(tmp_path / "s")
    )
    use_site_markdown(ROOT)
    extensions, configs = markup.markdown_settings()
    assert extensions == config["markdown_extensions"]
    assert configs == config["mdx_configs"]
    # and the converter really runs each of them
    converter = markup._markdown(markup._settings_key)
    assert converter.nextround_extensions == extensions


def test_an_extension_added_to_mkdocs_yml_is_used_by_the_checks(tmp_path):
    kit = tmp_path / "kit"
    kit.mkdir()
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["markdown_extensions"].append({"footnotes": {"BACKLINK_TEXT": "back"}})
    (kit / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    try:
        use_site_markdown(kit)
        extensions, configs = markup.markdown_settings()
        assert extensions[-1] == "footnotes" and configs["footnotes"] == {"BACKLINK_TEXT": "back"}
        # A footnote's link exists only with the extension on: the checks see it.
        assert "#fn:1" in markup.link_targets("Words.[^1]\n\n[^1]: A note.")
    finally:
        use_site_markdown(ROOT)
    assert "#fn:1" not in markup.link_targets("Words.[^1]\n\n[^1]: A note.")


def test_a_kit_without_mkdocs_yml_checks_with_the_mkdocs_builtins(tmp_path):
    try:
        use_site_markdown(tmp_path)
        assert markup.markdown_settings() == (["toc", "tables", "fenced_code"], {})
    finally:
        use_site_markdown(ROOT)
