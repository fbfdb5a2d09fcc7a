"""Fill letter templates with values, and write them as plain text and Word files.

Placeholders are plain `{{ field_name }}` names, checked when the content is
loaded, so filling is a substitution: no template code ever runs.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from markupsafe import Markup, escape

from nextround.model.items import Letter

PLACEHOLDER = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")
ANY_TEMPLATE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
# Half a tag, left once every whole tag is taken out: `{{ name` or `name }}`.
STRAY_BRACES = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def example_values(letter: Letter) -> dict[str, str]:
    return {f.name: f.example for f in letter.fields}


def blank_values(letter: Letter) -> dict[str, str]:
    return {f.name: f"[{f.label}]" for f in letter.fields}


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


def letter_text(letter: Letter, values: dict[str, str]) -> str:
    """The whole letter as plain text, with the subject line first when it has one."""
    parts = []
    if letter.subject:
        parts.append(f"Subject: {fill(letter.subject, values)}")
    parts.extend(fill(p, values) for p in paragraphs(letter.body))
    return "\n\n".join(parts) + "\n"


def docx_files(letter: Letter, variants: list[dict[str, str]], date: datetime) -> list[bytes]:
    """A Word document for each set of values, with one real paragraph per paragraph of the letter.

    Each filled-in value is highlighted so the writer sees what to change.
    The same letter, values and date always give the same bytes. Loading
    python-docx's blank document is most of the work, so one is loaded, and
    emptied and filled again for each set of values.
    """
    # Loaded here, as most builds find every letter in the cache and never need it.
    from docx import Document
    from docx.oxml.ns import qn

    document = Document()
    body = document.element.body
    files = []
    for values in variants:
        for child in list(body):
            if child.tag != qn("w:sectPr"):  # the page setup stays
                body.remove(child)
        properties = document.core_properties
        properties.title = letter.title
        properties.author = properties.last_modified_by = ""
        properties.created = properties.modified = date
        properties.revision = 1
        if letter.subject:
            _add_paragraph(document, "Subject: " + letter.subject, values)
        for paragraph in paragraphs(letter.body):
            _add_paragraph(document, paragraph, values)
        files.append(_dated_word_file(document, date))
    return files


def write_files(letter: Letter, folder: Path, date: datetime) -> None:
    """The letter as .txt and .docx, filled with its examples, and with blanks (`-blank`)."""
    variants = {"": example_values(letter), "-blank": blank_values(letter)}
    for (suffix, values), docx in zip(variants.items(), docx_files(letter, list(variants.values()), date)):
        (folder / f"{letter.id}{suffix}.txt").write_text(letter_text(letter, values), encoding="utf-8")
        (folder / f"{letter.id}{suffix}.docx").write_bytes(docx)


def _dated_word_file(document, date: datetime) -> bytes:
    """The document as a Word file whose every entry is dated `date`.

    document.save() would stamp each entry with the time of saving. This
    writes the same entries in the same order through python-docx's own
    package writer (pinned in pyproject.toml), into a zip file that dates them,
    which gives the bytes of saving and re-dating at half the cost.
    """
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    parts = list(package.iter_parts())
    saved = io.BytesIO()
    with zipfile.ZipFile(saved, "w", zipfile.ZIP_DEFLATED) as archive:
        writer = _DatedEntries(archive, date)
        PackageWriter._write_content_types_stream(writer, parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, parts)
    return saved.getvalue()


class _DatedEntries:
    """What python-docx's package writer writes to: each entry dated, compressed as usual."""

    def __init__(self, archive: zipfile.ZipFile, date: datetime):
        self.archive = archive
        self.stamp = (max(date.year, 1980), date.month, date.day, date.hour, date.minute, date.second)

    def write(self, pack_uri, blob: bytes) -> None:
        entry = zipfile.ZipInfo(pack_uri.membername, date_time=self.stamp)
        entry.compress_type = zipfile.ZIP_DEFLATED
        self.archive.writestr(entry, blob)


def _add_paragraph(document, template: str, values: dict[str, str]) -> None:
    from docx.enum.text import WD_COLOR_INDEX

    paragraph = document.add_paragraph()
    for index, line in enumerate(template.split("\n")):
        if index:
            paragraph.add_run().add_break()
        position = 0
        for match in PLACEHOLDER.finditer(line):
            if match.start() > position:
                paragraph.add_run(line[position : match.start()])
            paragraph.add_run(values[match.group(1)]).font.highlight_color = WD_COLOR_INDEX.YELLOW
            position = match.end()
        if position < len(line):
            paragraph.add_run(line[position:])
