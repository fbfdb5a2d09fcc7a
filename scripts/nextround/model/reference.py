"""The content format, generated from the schema: a JSON Schema for editors and a reference page."""

from __future__ import annotations

import functools
import json
from typing import Any

from pydantic import BaseModel, TypeAdapter

from nextround.model import items as models
from nextround.model.group import GroupOverlay
from nextround.model.translation import InterfaceStrings, TranslationFile

TRANSLATION_SCHEMA_NAME = "translation.schema.json"

KIND_MODELS = {kind: about.model for kind, about in models.ITEM_KINDS.items()}
BLOCK_MODELS = [models.LinesBlock, models.TableBlock, models.ScaleBlock, models.CheckboxesBlock, models.BoxBlock]


def json_schema() -> dict[str, Any]:
    """One JSON Schema that accepts any content file: an item, the kit settings or the interface strings."""
    schema = TypeAdapter(models.Item | models.KitSettings | InterfaceStrings).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Next Round content file"
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


@functools.cache
def _model_schema(model: type[BaseModel]) -> dict:
    return model.model_json_schema()


def _type_name(model: type[BaseModel], name: str) -> str:
    schema = _model_schema(model)
    prop = schema["properties"][name]
    kinds = [
        s.get("type") or ("one of " + ", ".join(f"`{v}`" for v in s["enum"]) if "enum" in s else s.get("const"))
        for s in prop.get("anyOf", [prop])
    ]
    if "const" in prop:
        return f"`{prop['const']}`"
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    return " or ".join(str(k) for k in kinds if k and k != "null") or "mapping"


def _field_table(model: type[BaseModel]) -> list[str]:
    rows = ["| Key | Required | Type | What it is |", "| --- | --- | --- | --- |"]
    for name, info in model.model_fields.items():
        required = "yes" if info.is_required() else "no"
        description = (info.description or "").replace("|", "\\|")
        rows.append(f"| `{name}` | {required} | {_type_name(model, name)} | {description} |")
    return rows


def _nested_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    found = []
    for info in model.model_fields.values():
        stack = [info.annotation]
        while stack:
            annotation = stack.pop()
            if (
                isinstance(annotation, type)
                and issubclass(annotation, BaseModel)
                and annotation not in found
                and annotation not in BLOCK_MODELS
            ):
                found.append(annotation)
                found.extend(m for m in _nested_models(annotation) if m not in found)
            stack.extend(getattr(annotation, "__args__", ()) or ())
    return found


def format_reference() -> str:
    """A Markdown page describing every kind of content file, from the schema's descriptions."""
    lines = [
        "# The content format",
        "",
        "Every item of the kit is one YAML file under `content/`. This page is generated from the schema "
        "that checks those files, so it is always up to date. Start a file with "
        "`# yaml-language-server: $schema=../schema.json` "
        "and editors such as VS Code complete and check it as you type. "
        "Run `nextround check` to check every file.",
        "",
    ]
    for kind, model in KIND_MODELS.items():
        lines += [f"## `kind: {kind}`", "", (model.__doc__ or "").strip(), ""]
        lines += _field_table(model) + [""]
        for nested in _nested_models(model):
            lines += [f"### {nested.__name__} ({kind})", ""] + _field_table(nested) + [""]
        if kind == "worksheet":
            for block in BLOCK_MODELS:
                lines += (
                    [f"### Block `type: {block.model_fields['type'].annotation.__args__[0]}`", ""]
                    + _field_table(block)
                    + [""]
                )
    lines += (
        ["## `content/kit.yml`", "", (models.KitSettings.__doc__ or "").strip(), ""]
        + _field_table(models.KitSettings)
        + [""]
    )
    lines += (
        ["## `content/interface.yml`", "", (InterfaceStrings.__doc__ or "").strip(), ""]
        + _field_table(InterfaceStrings)
        + [""]
    )
    lines += (
        ["## Translations: `content/<code>/`", "", (TranslationFile.__doc__ or "").strip(), ""]
        + [TRANSLATION_HOWTO, ""]
        + _field_table(TranslationFile)
        + [""]
    )
    return "\n".join(lines)


TRANSLATION_HOWTO = (
    "Which texts an item has, and their keys, follow from the item: a list entry with an id (or a letter "
    "field's name) is named by it, any other entry by its place in the list, counting from 1, for example "
    "`sections.2.body`. Only text is translated; ids, order, blocks and scales stay in the kit's own item. "
    "`nextround check` lists every text still missing, and every one whose English changed since it was "
    "translated. The first line `# yaml-language-server: $schema=../../translation.schema.json` "
    "(one `../` per folder) lets an editor check the file as you type."
)


def translation_schema() -> dict[str, Any]:
    """The JSON Schema of a translation file."""
    schema = TypeAdapter(TranslationFile).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Next Round translation file"
    return schema


def translation_schema_text() -> str:
    return json.dumps(translation_schema(), indent=2, sort_keys=True) + "\n"


def group_schema() -> dict[str, Any]:
    """The JSON Schema of a group's group.yml."""
    schema = TypeAdapter(GroupOverlay).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Next Round group file"
    return schema


def group_schema_text() -> str:
    return json.dumps(group_schema(), indent=2, sort_keys=True) + "\n"


def group_reference_tables() -> str:
    """The reference of group.yml, key by key, from the GroupOverlay model's descriptions."""
    lines = ["### The whole file", ""] + _field_table(GroupOverlay) + [""]
    for nested in _nested_models(GroupOverlay):
        lines += [f"### {nested.__name__}", "", (nested.__doc__ or "").strip(), ""] + _field_table(nested) + [""]
    return "\n".join(lines)
