"""Translations: which texts of an item a language gives, and the file that gives them.

Structure (ids, blocks, order, field names, scales, points covered) lives once,
in the kit's own item. A translation file only gives text, keyed by where the
text is in the item: `title`, `sections.2.body`, `groups.reach-out.items.call.help`.
A list entry with an id (or, for letter fields, a name) is named by it; any
other entry by its position, counting from 1. Which fields are text comes from
the schema: every field declared as Text or Markdown.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel, Field

from nextround.model.items import TRANSLATABLE, ItemId, Strict, Text

# What a translation file's `translates:` names besides an item id.
KIT_UNIT = "kit"  # content/kit.yml: the kit's tagline, welcome and so on
INTERFACE_UNIT = "interface"  # content/interface.yml: the words of buttons, labels and footers
INTERFACE_FILE = "interface.yml"
# The facilitators' reference pages ("Customise for your group", "The content format"): their words and the
# models' descriptions they show, whose English is declared in code (model/reference.py).
REFERENCE_UNIT = "reference"


class InterfaceStrings(Strict):
    """The words of the kit's interface: `content/interface.yml`, and a translation of it per language."""

    kind: Literal["interface"]
    strings: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Text] = Field(
        description="Each string by its name, for example `clear_ticks: Clear my ticks`."
    )


class TranslationFile(Strict):
    """One file of a language's folder, `content/<code>/…`: the text of one item in that language."""

    translates: ItemId = Field(
        description="Id of the item translated here, or `kit` for content/kit.yml, `interface` for "
        'content/interface.yml, or `reference` for the descriptions on the "Customise for your group" and '
        '"The content format" pages.'
    )
    text: dict[str, Text] = Field(
        description="Each text of the item in this language, by where it is in the item, for example "
        "`title`, `sections.2.body` or `groups.reach-out.items.call.text`."
    )
    translated_from: dict[str, Annotated[str, Field(pattern=r"^[0-9a-f]{8}$")]] = Field(
        default_factory=dict,
        description="For each text, the fingerprint of the English it was translated from. `nextround check` "
        "says when the English has changed since, and gives the new fingerprint to put here once the "
        "translation matches it again.",
    )


@dataclass(frozen=True)
class SourceText:
    """One translatable text of an item."""

    key: str  # how a translation file names it
    loc: tuple  # where it is in the item's data, as the validators locate things
    text: str


def fingerprint(text: str) -> str:
    """A short digest of a source text: a translation records it, so a later change to the text shows."""
    return hashlib.sha256(text.strip().encode()).hexdigest()[:8]


def source_texts(model: BaseModel) -> list[SourceText]:
    """Every translatable text of an item (or the kit's settings, or the interface strings), in order."""
    found: list[SourceText] = []
    _walk_model(model, (), (), found)
    return found


def translated(model: BaseModel, texts: dict[str, str]) -> BaseModel:
    """A copy of model with the texts given by key put in place; texts not given stay as they are."""
    data = model.model_dump(mode="python", by_alias=True, exclude_unset=False)
    for source in source_texts(model):
        if source.key in texts:
            _set(data, source.loc, texts[source.key])
    return type(model).model_validate(data)


def _walk_model(model: BaseModel, key: tuple, loc: tuple, found: list[SourceText]) -> None:
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if value is None:
            continue
        text_field = TRANSLATABLE in info.metadata
        _walk_value(value, info.annotation, text_field, (*key, name), (*loc, name), found)


def _walk_value(value: Any, annotation: Any, text_field: bool, key: tuple, loc: tuple, found: list) -> None:
    if isinstance(value, BaseModel):
        _walk_model(value, key, loc, found)
    elif isinstance(value, str):
        if text_field or _is_text(annotation):
            found.append(SourceText(".".join(map(str, key)), loc, value))
    elif isinstance(value, list):
        inner = _element_type(annotation)
        for position, entry in enumerate(value, start=1):
            name = _entry_name(entry) or position
            _walk_value(entry, inner, False, (*key, name), (*loc, position - 1), found)
    elif isinstance(value, dict):
        inner = _element_type(annotation, index=1)
        for name, entry in value.items():
            _walk_value(entry, inner, False, (*key, name), (*loc, name), found)


def _entry_name(entry: Any) -> str | None:
    return getattr(entry, "id", None) or getattr(entry, "name", None)


def _element_type(annotation: Any, index: int = 0) -> Any:
    """The type of a list's entries (or a dict's values), through Optional and Annotated."""
    for candidate in _unwrap(annotation):
        if get_origin(candidate) in (list, dict):
            args = get_args(candidate)
            return args[index] if len(args) > index else None
    return None


def _is_text(annotation: Any) -> bool:
    return any(TRANSLATABLE in get_args(candidate)[1:] for candidate in _unwrap(annotation) if _is_annotated(candidate))


def _unwrap(annotation: Any) -> list:
    """annotation and, for a union such as `Text | None`, each of its members."""
    if annotation is None:
        return []
    members = [annotation]
    if get_origin(annotation) not in (list, dict) and not _is_annotated(annotation):
        members += [arg for arg in get_args(annotation) if arg is not type(None)]
    return members


def _is_annotated(annotation: Any) -> bool:
    return get_origin(annotation) is Annotated


def _set(data: Any, loc: tuple, value: str) -> None:
    for step in loc[:-1]:
        data = data[step]
    data[loc[-1]] = value
