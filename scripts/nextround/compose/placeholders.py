"""`{{ group.name }}`-style placeholders in a group's own text, filled in a sandbox.

Facilitators write text, not code: the text is rendered by Jinja2's
SandboxedEnvironment, so it cannot run code or read files, and with
StrictUndefined, so a misspelt name is an error instead of an empty gap.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from nextround.errors import Problem
from nextround.load.yamlsource import YamlSource
from nextround.model.group import PLACEHOLDERS

_SANDBOX = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
_TEMPLATE_MARK = re.compile(r"\{\{|\{%|\{#")
_MISSING_NAME = re.compile(r"'(\w+)' is undefined|has no attribute '(\w+)'")


def placeholder_context(group, title: str, long_date: Callable[[Any], str]) -> dict[str, Any]:
    """The values placeholders can name, as plain data (no methods to call); long_date writes a
    session's date as people do in the kit's language: 'Thursday 3 December 2026'."""
    contact = group.contact
    return {
        "group": {
            "name": group.name,
            "organisation": group.organisation or "",
            "facilitators": list(group.facilitators),
            "contact": {
                "email": (contact.email if contact else None) or "",
                "phone": (contact.phone if contact else None) or "",
                "url": (contact.url if contact else None) or "",
            },
            "sessions": [
                {"date": long_date(s.date), "time": s.time or "", "venue": s.venue or ""} for s in group.sessions
            ],
        },
        "title": title,
    }


def fill_text(text: str, context: dict[str, Any]) -> str:
    """The text with its placeholders filled; raises TemplateError when one cannot be."""
    if not _TEMPLATE_MARK.search(text):
        return text
    return _SANDBOX.from_string(text).render(context)


def fill_tree(
    value: Any,
    context: dict[str, Any],
    source: YamlSource,
    problems: list[Problem],
    loc: tuple = (),
    skip: Callable[[tuple], bool] = lambda loc: False,
) -> Any:
    """Every string inside value filled in; a problem, located in source, for each that cannot be."""
    if skip(loc):
        return value
    if isinstance(value, dict):
        return {key: fill_tree(v, context, source, problems, (*loc, key), skip) for key, v in value.items()}
    if isinstance(value, list):
        return [fill_tree(v, context, source, problems, (*loc, i), skip) for i, v in enumerate(value)]
    if not isinstance(value, str):
        return value
    try:
        return fill_text(value, context)
    except Exception as exc:  # any failure to fill user text is a mistake in that text
        problems.append(_problem(exc, value, source, loc))
        return value


def _problem(exc: Exception, text: str, source: YamlSource, loc: tuple) -> Problem:
    shown = text if len(text) <= 60 else text[:57] + "..."
    reason = str(getattr(exc, "message", None) or exc)
    missing = _MISSING_NAME.search(reason)
    if missing:
        name = missing.group(1) or missing.group(2)
        by_last_part = {key.split(".")[-1].split("[")[0]: key for key in PLACEHOLDERS}
        close = difflib.get_close_matches(name, list(by_last_part), n=1, cutoff=0.6)
        hint = f"Did you mean `{{{{ {by_last_part[close[0]]} }}}}`? " if close else ""
        hint += "The placeholders you can use are " + ", ".join(f"`{{{{ {k} }}}}`" for k in PLACEHOLDERS) + "."
        return source.problem(loc, f"the placeholder '{name}' in '{shown}' names nothing this build knows.", hint)
    return source.problem(
        loc,
        f"'{shown}' has a placeholder that cannot be filled: {reason}.",
        "Write placeholders as `{{ group.name }}`; to show braces as they are, leave them out of your text.",
    )
