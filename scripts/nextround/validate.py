"""Turn pydantic validation errors into problems a facilitator can act on."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import models
from .errors import Problem, did_you_mean
from .yamlsource import YamlSource

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "list_type": "a list",
    "dict_type": "a mapping of keys and values",
    "model_type": "a mapping of keys and values",
    "model_attributes_type": "a mapping of keys and values",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "date_type": "a date such as 2026-12-03",
    "date_from_datetime_parsing": "a date such as 2026-12-03",
}


def _all_field_names(model: type[BaseModel], seen: set | None = None) -> set[str]:
    seen = set() if seen is None else seen
    if model in seen:
        return set()
    seen.add(model)
    names = set(model.model_fields)
    for info in model.model_fields.values():
        for sub in _models_in(info.annotation):
            names |= _all_field_names(sub, seen)
    return names


def _models_in(annotation: Any):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _models_in(arg)
    for meta in getattr(annotation, "__metadata__", ()) or ():
        yield from _models_in(meta)


def known_keys(*roots: type[BaseModel]) -> set[str]:
    """Every key used anywhere under these models: the vocabulary for 'did you mean'."""
    names: set[str] = set()
    for root in roots:
        names |= _all_field_names(root)
    return names


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "..."


def describe(error: dict, vocabulary: set[str]) -> tuple[str, str, bool]:
    """(message, hint, point_at_key) for one pydantic error."""
    kind = error["type"]
    loc = error["loc"]
    key = str(loc[-1]) if loc else "value"
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"the key '{key}' is missing here.", f"Add `{key}: ...` (see the format reference).", False
    if kind == "extra_forbidden":
        hint = did_you_mean(key, vocabulary) or "Remove it, or check the format reference for the keys allowed here."
        return f"'{key}' is not a key this item understands.", hint, True
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tag = ctx.get("discriminator", "'kind'").strip("'")
        allowed = ctx.get("expected_tags", "")
        if kind == "union_tag_not_found":
            return f"the key '{tag}' is missing here.", f"Add `{tag}:` with one of {allowed}.", False
        tag_value = ctx.get("tag", value)
        options = [t.strip(" '") for t in str(allowed).split(",")]
        hint = did_you_mean(tag_value, options) or f"Use one of {allowed}."
        return f"{tag} '{tag_value}' is not known.", hint, False
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [t.strip(" '") for t in str(expected).replace(" or ", ",").split(",")]
        hint = did_you_mean(value, options) or f"Use {expected}."
        return f"{_show(value)} is not allowed for '{key}'.", hint, False
    if kind == "string_pattern_mismatch":
        if "P(0" in ctx.get("pattern", ""):
            return f"{_show(value)} is not a point of the content brief.", "Use P01 to P52, for example `P07`.", False
        if "[a-z0-9]+(-" in ctx.get("pattern", ""):
            return (
                f"{_show(value)} is not a valid id.",
                "Use lowercase letters and digits joined by hyphens, for example `thank-you-note`.",
                False,
            )
        if "_]*" in ctx.get("pattern", ""):
            return (
                f"{_show(value)} is not a valid field name.",
                "Use lowercase letters, digits and underscores, for example `interviewer_name`.",
                False,
            )
        return f"{_show(value)} does not have the expected form for '{key}'.", "", False
    if kind == "string_too_short":
        return f"'{key}' is empty.", f"Write some text for '{key}', or remove the key if it is optional.", False
    if kind == "too_short":
        return f"'{key}' needs at least {ctx.get('min_length', 1)} entry.", f"Add an entry under '{key}'.", False
    if kind == "too_long":
        return f"'{key}' has too many entries.", f"Keep it to {ctx.get('max_length')} at most.", False
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return f"{_show(value)} is out of range for '{key}'.", f"The value must be {error['msg'].split('should be ')[-1]}.", False
    if kind in _TYPE_NAMES:
        return (
            f"'{key}' should be {_TYPE_NAMES[kind]}, but it is {_show(value)}.",
            f"Write {_TYPE_NAMES[kind]} here; put text in quotes if it starts with a special character.",
            False,
        )
    if kind == "value_error":
        return str(ctx.get("error", error["msg"])) + ".", "", False
    return f"{error['msg']} ('{key}' is {_show(value)}).", "", False


def validate(source: YamlSource, adapter: TypeAdapter, vocabulary: set[str]) -> tuple[Any, list[Problem]]:
    """Validate a source against a model; return the object or the problems found."""
    try:
        return adapter.validate_python(source.data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            message, hint, at_key = describe(error, vocabulary)
            problems.append(source.problem(tuple(error["loc"]), message, hint, at_key))
        return None, problems


ITEM_ADAPTER = TypeAdapter(models.Item)
KIT_ADAPTER = TypeAdapter(models.KitSettings)
ITEM_KEYS = known_keys(models.Guide, models.Facilitator, models.Checklist, models.Letter, models.Worksheet, models.KitSettings)
