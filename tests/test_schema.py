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
    for path in (ROOT / "content").rglob("*.yml"):
        first_line = path.read_text().splitlines()[0]
        assert first_line.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first_line.split("$schema=")[1]).resolve()
        assert target == (ROOT / "content" / "schema.json").resolve(), f"{path} points at {target}"


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
