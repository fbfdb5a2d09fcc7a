"""Interface strings with values in them, filled for plain text, HTML and Markdown; dates and numbers in the
kit's language.

A string names each value it holds in braces, as Python's str.format does
(`You have ticked {ticked} of {total}.`), so a translation puts the words
around the values in its own order. A brace shown as itself is written twice.
Only plain names are allowed (no `{0}`, `{a.b}` or `{a:>4}`): nextround.js
fills the same strings, and knows no more than that.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from string import Formatter

from markupsafe import Markup, escape

from nextround.errors import BuildError
from nextround.text.markup import escape_markdown

VALUE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def pieces(template: str) -> Iterator[tuple[str, str | None]]:
    """(words, name of the value after them or None) along a string; ValueError, saying how to write it,
    when it is not a string the kit can fill."""
    try:
        parsed = list(Formatter().parse(template))
    except ValueError:
        raise ValueError(
            "a brace here is not part of a value: a value is a name in braces, like `{total}`; "
            "write a brace that is shown as it is twice, `{{` or `}}`"
        ) from None
    for words, name, spec, conversion in parsed:
        if name is not None and (not VALUE_NAME.match(name) or spec or conversion):
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise ValueError(
                f"'{shown}' is not a value the kit can fill; "
                "name a value with lowercase letters, digits and underscores only, like `{total}`"
            )
        yield words, name


def value_names(template: str) -> list[str]:
    """The names of the values a string holds, in order (ValueError as `pieces`)."""
    return [name for _, name in pieces(template) if name is not None]


def _fill(template: str, values: dict, shown_as) -> str:
    parts = []
    for words, name in pieces(template):
        parts.append(shown_as(words))
        if name is not None:
            value = values[name]
            parts.append(value if isinstance(value, Markup) else shown_as(str(value)))
    return "".join(parts)


def fill_html(template: str, **values) -> Markup:
    """The string as HTML: its words and plain values escaped, values already Markup (a link, `<bdi>`) kept."""
    return Markup(_fill(template, values, escape))


def fill_markdown(template: str, **values) -> Markup:
    """The string for a Markdown context: its words and plain values shown as written, Markup values kept."""
    return Markup(_fill(template, values, escape_markdown))


def language_locale(language: str):
    """Babel's Locale of a language code (`es`, `pt-BR`): what dates, numbers and language names are written in."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language, sep="-" if "-" in language else "_")
    except (UnknownLocaleError, ValueError):
        raise BuildError(
            f"content/kit.yml: the language '{language}' is not one the kit can write dates and numbers in. "
            "Use a code such as `en`, `es` or `pt-BR`."
        ) from None


def format_day(day, pattern: str, language: str) -> str:
    """A date in the kit's language: pattern is an interface string, a Unicode date pattern
    ('EEEE d MMMM y') or one of 'short', 'medium', 'long', 'full'."""
    from babel.dates import format_date

    return format_date(day, format=pattern, locale=language_locale(language))


def language_name(language: str) -> str:
    """The language's name in that language, as a language switch shows it: "English", "Español"."""
    locale = language_locale(language)
    name = locale.get_display_name(locale)
    return name[:1].upper() + name[1:]


def format_number(number: float, pattern: str, language: str) -> str:
    """A number as the kit's language writes it: format_number(4.2, '0.0', 'es') is '4,2'."""
    from babel.numbers import format_decimal

    return format_decimal(number, format=pattern, locale=language_locale(language))
