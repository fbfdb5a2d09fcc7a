"""Turn pydantic validation errors into problems a facilitator can act on."""

from __future__ import annotations

import re
from types import UnionType
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from nextround.errors import Problem, did_you_mean
from nextround.load.yamlsource import YamlSource
from nextround.model import items as models
from nextround.model.translation import InterfaceStrings

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
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
    """A value as the user wrote it in YAML, short."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a set of keys and values"
    if isinstance(value, str):
        text = f"'{value}'"
    elif hasattr(value, "isoformat"):
        text = value.isoformat()
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _without_tags(data: Any, loc: tuple) -> tuple:
    """The location as it is in the file: pydantic inserts the `kind:` or `type:` value
    that chose the model, as in `('worksheet', 'blocks', 0, 'lines', 'label')`."""
    clean, node, tag_skipped = [], data, False
    for part in loc:
        if isinstance(node, dict) and not tag_skipped and part in (node.get("kind"), node.get("type")):
            tag_skipped = True
            continue
        clean.append(part)
        tag_skipped = False
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
    return tuple(clean)


def _model_at(root: Any, data: Any, loc: tuple) -> type[BaseModel] | None:
    """The model that reads the mapping at loc in data, when it can be told."""
    annotation, node = root, data
    for part in (*loc, None):
        model = _pick_model(annotation, node)
        if part is None:
            return model
        if isinstance(part, int):
            annotation = next(iter(get_args(_strip(annotation))), None)
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            continue
        if model is None or part not in model.model_fields:
            return None
        annotation = model.model_fields[part].annotation
        node = node.get(part) if isinstance(node, dict) else None
    return None


def _strip(annotation: Any) -> Any:
    """Annotated[X, ...] and X | None down to X."""
    while True:
        if getattr(annotation, "__metadata__", None) is not None:
            annotation = annotation.__origin__
            continue
        args = [a for a in get_args(annotation) if a is not type(None)]
        if get_origin(annotation) in (Union, UnionType) and len(args) == 1:
            annotation = args[0]
            continue
        return annotation


def _pick_model(annotation: Any, node: Any) -> type[BaseModel] | None:
    annotation = _strip(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, UnionType) and isinstance(node, dict):
        for option in get_args(annotation):
            option = _strip(option)
            if isinstance(option, type) and issubclass(option, BaseModel):
                for key in ("kind", "type"):
                    tag = option.model_fields.get(key)
                    if tag and node.get(key) in getattr(tag.annotation, "__args__", ()):
                        return option
    return None


def _description(model: type[BaseModel] | None, key: str) -> str:
    info = model.model_fields.get(key) if model else None
    return (info.description or "").rstrip(".") if info else ""


_TYPE_HINTS = {
    "string_type": "Write text here; put it in quotes if it starts with a special character "
    "such as `[`, `{`, `*`, `&`, `!` or `#`.",
    "int_type": "Write a whole number here, such as `10`, with no words or quotes.",
    "int_parsing": "Write a whole number here, such as `10`, with no words or quotes.",
    "int_from_float": "Write a whole number here, such as `10`, with no decimal point.",
    "list_type": "Write a list here: one `- entry` per line under the key, or `[first, second]` on one line.",
    "dict_type": "Write keys and values here, one `key: value` per line, indented under this one.",
    "model_type": "Write keys and values here, one `key: value` per line, indented under this one.",
    "model_attributes_type": "Write keys and values here, one `key: value` per line, indented under this one.",
    "bool_type": "Write `true` or `false`.",
    "bool_parsing": "Write `true` or `false`.",
}
# The values that choose a model, for when the choosing key itself is missing.
_TAG_VALUES = {
    "kind": models.KINDS,
    "type": tuple(
        get_args(option.model_fields["type"].annotation)[0] for option in get_args(get_args(models.Block)[0])
    ),
}


def describe(error: dict, loc: tuple, parent: type[BaseModel] | None, vocabulary: set[str]) -> tuple[str, str, bool]:
    """(what is wrong, how to fix it, point at the key rather than its value) for one pydantic error.

    loc is the error's location in the file; parent is the model reading the
    mapping that holds the last key of loc, when known; vocabulary is every
    key of the schema, for suggestions when it is not.
    """
    kind = error["type"]
    key = str(loc[-1]) if loc else "value"
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        about = _description(parent, key)
        where = "from this entry" if len(loc) > 1 and isinstance(loc[-2], int) else "here"
        return (
            f"the key '{key}' is missing {where}.",
            f"Add `{key}: ...`" + (f" ({about[0].lower() + about[1:]})." if about else "."),
            False,
        )
    if kind == "extra_forbidden":
        allowed = sorted(parent.model_fields) if parent else sorted(vocabulary)
        hint = did_you_mean(key, [name for name in allowed if name != key])
        listing = (
            ("The keys allowed here are: " + ", ".join(allowed) + ".")
            if parent
            else "Check the spelling against the format reference."
        )
        return f"'{key}' is not a key that belongs here.", f"{hint} {listing}".strip(), True
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tag = ctx.get("discriminator", "'kind'").strip("'")
        allowed = str(ctx.get("expected_tags", ""))
        if kind == "union_tag_not_found":
            choices = allowed or ", ".join(f"'{t}'" for t in _TAG_VALUES.get(tag, ()))
            return f"the key '{tag}' is missing here.", f"Add `{tag}:` with one of {choices}.", False
        tag_value = ctx.get("tag", value)
        options = [t.strip(" '") for t in allowed.split(",")]
        if tag_value == "kit":
            return (
                "`kind: kit` is only for the kit's settings file, content/kit.yml.",
                f"Use one of {allowed} for an item.",
                False,
            )
        hint = did_you_mean(tag_value, options) or f"Use one of {allowed}."
        return f"{tag} '{tag_value}' is not a {tag} the kit knows.", hint, False
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [t.strip(" '") for t in str(expected).replace(" or ", ",").split(",")]
        hint = did_you_mean(value, options) or f"Use {expected}."
        return f"{_show(value)} is not allowed for '{key}'.", hint, False
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if pattern == models.BRIEF_POINT_PATTERN:
            return (
                f"{_show(value)} is not a point of the content brief.",
                f"Use {models.BRIEF_POINTS[0]} to {models.BRIEF_POINTS[-1]}, for example `P07`.",
                False,
            )
        if "[a-z0-9]+(-" in pattern:
            return (
                f"{_show(value)} is not a valid id.",
                "Use lowercase letters and digits joined by hyphens, for example `thank-you-note`.",
                False,
            )
        if "_]*" in pattern:
            return (
                f"{_show(value)} is not a valid field name.",
                "Use lowercase letters, digits and underscores, starting with a letter, "
                "for example `interviewer_name`.",
                False,
            )
        if "[A-Z]{2}" in pattern:
            return f"{_show(value)} is not a language code.", "Use a code such as `en` or `en-GB`.", False
        if "[0-9a-fA-F]{6}" in pattern:
            return (
                f"{_show(value)} is not a colour.",
                'Write a colour as "#rrggbb" in quotes, for example `"#1b5e20"`.',
                False,
            )
        if "https?://" in pattern:
            return f"{_show(value)} is not a web address.", "Write the full address, starting with `https://`.", False
        return (
            f"{_show(value)} does not have the expected form for '{key}'.",
            f"See '{key}' in the format reference.",
            False,
        )
    if kind == "string_too_short":
        return (
            f"'{key}' is empty.",
            f"Write some text after `{key}:`, or remove the line if the key is optional.",
            False,
        )
    if kind == "too_short":
        return (
            f"'{key}' needs at least {ctx.get('min_length', 1)} entry.",
            f"Add an entry under `{key}:`, each on its own line starting with `- `.",
            False,
        )
    if kind == "too_long":
        return f"'{key}' has too many entries.", f"Keep it to {ctx.get('max_length')} at most.", False
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return (
            f"{_show(value)} is out of range for '{key}'.",
            f"The value must be {error['msg'].split('should be ')[-1]}.",
            False,
        )
    if kind == "string_type" and value is None:
        return (
            f"'{key}' is empty.",
            f"Write the text after `{key}:` on the same line, or remove the line if the key is optional.",
            False,
        )
    if kind == "string_type" and (isinstance(value, (bool, int, float)) or hasattr(value, "isoformat")):
        read_as = "date" if hasattr(value, "isoformat") else "yes/no" if isinstance(value, bool) else "number"
        return (
            f"'{key}' should be text, but YAML reads {_show(value)} as a {read_as}.",
            f'Put the text in quotes, for example `{key}: "{value if not isinstance(value, bool) else "Yes"}"`.',
            False,
        )
    if kind in _TYPE_NAMES:
        return (
            f"'{key}' should be {_TYPE_NAMES[kind]}, but it is {_show(value)}.",
            _TYPE_HINTS.get(kind, f"Write {_TYPE_NAMES[kind]} here."),
            False,
        )
    if kind == "value_error":
        text = str(ctx.get("error", error["msg"]))
        message, _, hint = text.partition("; ")
        return message + ".", (hint[0].upper() + hint[1:] + ".") if hint else "", False
    return (
        f"'{key}' is {_show(value)}, which is not allowed: {error['msg'].lower()}.",
        f"See '{key}' in the format reference.",
        False,
    )


def validate(source: YamlSource, adapter: TypeAdapter, vocabulary: set[str]) -> tuple[Any, list[Problem]]:
    """Validate a source against a model; return the object or the problems found."""
    try:
        return adapter.validate_python(source.data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = _without_tags(source.data, tuple(error["loc"]))
            parent = _model_at(_ROOTS.get(id(adapter)), source.data, loc[:-1]) if loc else None
            message, hint, at_key = describe(error, loc, parent, vocabulary)
            problems.append(_locate(source, error, loc, message, hint, at_key))
        return None, problems


def _locate(source: YamlSource, error: dict, loc: tuple, message: str, hint: str, at_key: bool) -> Problem:
    """The problem at its place in the file; a duplicate id is shown where it is written the second time."""
    if error["type"] == "value_error":
        quoted = re.search(r"'([^']+)'", message)
        if quoted:
            second = source.find_scalar(quoted.group(1), occurrence=2, under=loc)
            if second is not None:
                return Problem(source.name, second.start_mark.line + 1, second.start_mark.column + 1, message, hint)
    if error["type"] == "union_tag_invalid":
        tag = (error.get("ctx") or {}).get("discriminator", "'kind'").strip("'")
        return source.problem((*loc, tag), message, hint)
    return source.problem(loc, message, hint, at_key)


ITEM_ADAPTER = TypeAdapter(models.Item)
KIT_ADAPTER = TypeAdapter(models.KitSettings)
INTERFACE_ADAPTER = TypeAdapter(InterfaceStrings)
ITEM_KEYS = known_keys(*models.ITEM_MODELS, models.KitSettings)
# The annotation each adapter validates, to find the model at an error's location.
_ROOTS = {
    id(ITEM_ADAPTER): models.Item,
    id(KIT_ADAPTER): models.KitSettings,
    id(INTERFACE_ADAPTER): InterfaceStrings,
}
