"""Fill letter templates with values: placeholders, paragraphs and the letter's text.

Placeholders are plain `{{ field_name }}` names, checked when the content is
loaded, so filling is a substitution: no template code ever runs. Writing
letters as files is render/letters.py.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from nextround.model.items import Letter

PLACEHOLDER = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")
ANY_TEMPLATE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
# Half a tag, left once every whole tag is taken out: `{{ name` or `name }}`.
STRAY_BRACES = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def example_values(letter: Letter) -> dict[str, str]:
    return {f.name: f.example for f in letter.fields}


def blank_values(letter: Letter, blank: str) -> dict[str, str]:
    """Each field as not filled in yet: blank is the interface string `blank_field`, `[{label}]` in English."""
    return {f.name: blank.format(label=f.label) for f in letter.fields}


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text.strip()) if p.strip()]


def fill(template: str, values: dict[str, str]) -> str:
    """The template's text with every placeholder replaced by its value."""
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def fill_html(template: str, values: dict[str, str]) -> Markup:
    """Like fill, for HTML: text escaped, each value marked with its field name, line breaks kept."""
    parts, position = [], 0
    for match in PLACEHOLDER.finditer(template):
        parts.append(escape(template[position : match.start()]))
        parts.append(Markup('<mark data-field="{}">{}</mark>').format(match.group(1), values[match.group(1)]))
        position = match.end()
    parts.append(escape(template[position:]))
    return Markup("".join(parts).replace("\n", "<br>\n"))


def letter_text(letter: Letter, values: dict[str, str], subject_label: str) -> str:
    """The whole letter as plain text, with the subject line first when it has one
    (subject_label is the interface string that starts it, `Subject:` in English)."""
    parts = []
    if letter.subject:
        parts.append(f"{subject_label} {fill(letter.subject, values)}")
    parts.extend(fill(p, values) for p in paragraphs(letter.body))
    return "\n\n".join(parts) + "\n"
