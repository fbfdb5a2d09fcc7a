"""The JSON Schema that editors use is generated from the models and kept in step."""

import json

from nextround.model.reference import json_schema_text

from conftest import ROOT


def test_committed_schema_matches_the_models():
    committed = (ROOT / "content" / "schema.json").read_text()
    assert committed == json_schema_text(), "content/schema.json is stale: run `nextround schema`"


def test_schema_describes_every_kind_for_editors():
    schema = json.loads((ROOT / "content" / "schema.json").read_text())
    titles = {definition.get("title") for definition in schema["$defs"].values()}
    assert {"Guide", "Checklist", "Letter", "Worksheet", "Facilitator", "KitSettings"} <= titles
    checklist_item = schema["$defs"]["ChecklistItem"]["properties"]["text"]
    assert "short sentence" in checklist_item["description"]


def test_every_content_file_points_editors_at_the_schema():
    translations = ROOT / "content" / "es"
    for path in (ROOT / "content").rglob("*.yml"):
        first_line = path.read_text().splitlines()[0]
        assert first_line.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first_line.split("$schema=")[1]).resolve()
        schema = "translation.schema.json" if path.is_relative_to(translations) else "schema.json"
        assert target == (ROOT / "content" / schema).resolve(), f"{path} points at {target}"


def test_committed_translation_schema_matches_the_model():
    from nextround.model.reference import translation_schema_text

    committed = (ROOT / "content" / "translation.schema.json").read_text()
    assert committed == translation_schema_text(), "content/translation.schema.json is stale: run `nextround schema`"
    assert set(json.loads(committed)["properties"]) == {"translates", "text", "translated_from"}


def test_committed_group_schema_matches_the_model():
    from nextround.model.reference import group_schema_text

    committed = (ROOT / "content" / "group.schema.json").read_text()
    assert committed == group_schema_text(), "content/group.schema.json is stale: run `nextround schema`"
    schema = json.loads(committed)
    assert {
        "group",
        "branding",
        "paper",
        "include",
        "exclude",
        "overrides",
        "add",
        "resources",
        "letter_defaults",
    } <= set(schema["properties"])
    assert schema["properties"]["paper"]["enum"] == ["a4", "letter"]
