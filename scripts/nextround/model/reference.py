"""The content format, generated from the schema: a JSON Schema for editors and the facilitators' reference pages.

The JSON Schemas are English, as the models declare them. The pages ("The content format", and the tables of
"Customise for your group") are written from texts by key: the translation unit `reference`, whose English is
every docstring and field description the pages show (`Checklist`, `GroupOverlay.paper`), the placeholders'
descriptions (`placeholder.group.name`) and the pages' own words (model/reference_pages.py). A Content holds
them in its language, as `content.reference`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, TypeAdapter

from nextround.model import items as models
from nextround.model.group import PLACEHOLDERS, GroupOverlay
from nextround.model.reference_pages import PAGE_TEXTS
from nextround.model.translation import InterfaceStrings, SourceText, TranslationFile

TRANSLATION_SCHEMA_NAME = "translation.schema.json"

KIND_MODELS = {kind: about.model for kind, about in models.ITEM_KINDS.items()}
BLOCK_MODELS = [models.LinesBlock, models.TableBlock, models.ScaleBlock, models.CheckboxesBlock, models.BoxBlock]


def _schema(of: Any, title: str) -> dict[str, Any]:
    """The JSON Schema (2020-12) of a model or union of models, titled for the editor that shows it."""
    schema = TypeAdapter(of).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


def json_schema() -> dict[str, Any]:
    """One JSON Schema that accepts any content file: an item, the kit settings or the interface strings."""
    return _schema(models.Item | models.KitSettings | InterfaceStrings, "Next Round content file")


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


@functools.cache
def _model_schema(model: type[BaseModel]) -> dict:
    return model.model_json_schema()


def _type_name(model: type[BaseModel], name: str, texts: Mapping[str, str]) -> str:
    schema = _model_schema(model)
    prop = schema["properties"][name]
    if "const" in prop:
        return f"`{prop['const']}`"

    def one_of(values: list) -> str:
        return f"{texts['type.one_of']} " + ", ".join(f"`{v}`" for v in values)

    if "enum" in prop:
        return one_of(prop["enum"])
    kinds = [
        texts[f"type.{s['type']}"] if s.get("type") else (one_of(s["enum"]) if "enum" in s else s.get("const"))
        for s in prop.get("anyOf", [prop])
        if s.get("type") != "null"
    ]
    return f" {texts['type.or']} ".join(str(k) for k in kinds if k) or texts["type.mapping"]


def _field_table(model: type[BaseModel], texts: Mapping[str, str]) -> list[str]:
    headers = (texts[f"table.{column}"] for column in ("key", "required", "type", "what"))
    rows = ["| " + " | ".join(headers) + " |", "| --- | --- | --- | --- |"]
    for name, info in model.model_fields.items():
        required = texts["table.yes"] if info.is_required() else texts["table.no"]
        description = texts.get(f"{model.__name__}.{name}", "").replace("|", "\\|")
        rows.append(f"| `{name}` | {required} | {_type_name(model, name, texts)} | {description} |")
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


def format_reference(texts: Mapping[str, str], title: str) -> str:
    """The page "The content format": every kind of content file, from texts by key (`content.reference`)."""
    lines = [f"# {title}", "", texts["format.intro"], ""]
    for kind, model in KIND_MODELS.items():
        lines += [f"## `kind: {kind}`", "", _doc(model, texts), ""]
        lines += _field_table(model, texts) + [""]
        for nested in _nested_models(model):
            lines += [f"### {_heading(nested, texts)} ({kind})", ""] + _field_table(nested, texts) + [""]
        if kind == "worksheet":
            for block in BLOCK_MODELS:
                lines += (
                    [f"### {texts['format.block']} `type: {_block_type(block)}`", ""]
                    + _field_table(block, texts)
                    + [""]
                )
    lines += ["## `content/kit.yml`", "", _doc(models.KitSettings, texts), ""]
    lines += _field_table(models.KitSettings, texts) + [""]
    lines += ["## `content/interface.yml`", "", _doc(InterfaceStrings, texts), ""]
    lines += _field_table(InterfaceStrings, texts) + [""]
    lines += [f"## {texts['format.translations']}: `content/<code>/`", "", _doc(TranslationFile, texts), ""]
    lines += [texts["format.translation_howto"], ""] + _field_table(TranslationFile, texts) + [""]
    return "\n".join(lines)


def _doc(model: type[BaseModel], texts: Mapping[str, str]) -> str:
    return texts.get(model.__name__, "")


def _heading(model: type[BaseModel], texts: Mapping[str, str]) -> str:
    """The heading of a nested model's table: in English the model's name (`Contact`), in another language
    its translation (`heading.Contact`)."""
    return texts[f"heading.{model.__name__}"]


def _block_type(block: type[BaseModel]) -> str:
    return block.model_fields["type"].annotation.__args__[0]


def translation_schema() -> dict[str, Any]:
    """The JSON Schema of a translation file."""
    return _schema(TranslationFile, "Next Round translation file")


def translation_schema_text() -> str:
    return json.dumps(translation_schema(), indent=2, sort_keys=True) + "\n"


def group_schema() -> dict[str, Any]:
    """The JSON Schema of a group's group.yml."""
    return _schema(GroupOverlay, "Next Round group file")


def group_schema_text() -> str:
    return json.dumps(group_schema(), indent=2, sort_keys=True) + "\n"


def group_reference_tables(texts: Mapping[str, str]) -> str:
    """The reference of group.yml, key by key, from the GroupOverlay model's texts (`content.reference`)."""
    lines = [f"### {texts['customise.whole_file']}", ""] + _field_table(GroupOverlay, texts) + [""]
    for nested in _nested_models(GroupOverlay):
        lines += [f"### {_heading(nested, texts)}", "", _doc(nested, texts), ""] + _field_table(nested, texts) + [""]
    return "\n".join(lines)


def _shown_models() -> list[tuple[type[BaseModel], bool, bool]]:
    """Every model the two pages describe, in the order they show them: (model, is its docstring shown,
    is its name a heading)."""
    shown: list[tuple[type[BaseModel], bool, bool]] = []
    for kind, model in KIND_MODELS.items():
        shown += [(model, True, False)] + [(nested, False, True) for nested in _nested_models(model)]
        if kind == "worksheet":
            shown += [(block, False, False) for block in BLOCK_MODELS]
    shown += [(m, True, False) for m in (models.KitSettings, InterfaceStrings, TranslationFile)]
    shown += [(GroupOverlay, False, False)] + [(nested, True, True) for nested in _nested_models(GroupOverlay)]
    return shown


@functools.cache
def _reference_texts() -> tuple[SourceText, ...]:
    found: dict[str, str] = dict(PAGE_TEXTS)
    owners: dict[str, type[BaseModel]] = {}
    for model, with_doc, with_heading in _shown_models():
        name = model.__name__
        if owners.setdefault(name, model) is not model:
            raise TypeError(f"two models the reference pages show are named {name}: rename one")
        if with_heading:
            found.setdefault(f"heading.{name}", name)
        if with_doc and (model.__doc__ or "").strip():
            found.setdefault(name, model.__doc__.strip())
        for field_name, info in model.model_fields.items():
            if info.description:
                found.setdefault(f"{name}.{field_name}", info.description)
    found.update({f"placeholder.{name}": what for name, what in PLACEHOLDERS.items()})
    return tuple(SourceText(key, (key,), text) for key, text in found.items())


def reference_texts() -> list[SourceText]:
    """The English of the translation unit `reference`: every text the two reference pages show, by key."""
    return list(_reference_texts())


def english_reference() -> dict[str, str]:
    """The reference pages' texts in English, by key: a Content's `reference` until it is translated."""
    return {text.key: text.text for text in _reference_texts()}
