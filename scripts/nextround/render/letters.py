"""Write letters as files: plain text and Word documents, the same bytes for the same letter, values and date.

The text of a letter (placeholders, filling, paragraphs) is in text/letters.py.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from nextround.model.items import Letter
from nextround.text.letters import PLACEHOLDER, blank_values, example_values, letter_text, paragraphs

# The interface strings a letter's files hold besides the letter: their cache key names them too.
LETTER_WORDS = ("subject_label", "blank_field")


def docx_files(letter: Letter, variants: list[dict[str, str]], date: datetime, subject_label: str) -> list[bytes]:
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
            _add_paragraph(document, f"{subject_label} {letter.subject}", values)
        for paragraph in paragraphs(letter.body):
            _add_paragraph(document, paragraph, values)
        saved = io.BytesIO()
        document.save(saved)
        files.append(dated_zip(saved.getvalue(), date))
    return files


def write_files(letter: Letter, folder: Path, date: datetime, t) -> None:
    """The letter as .txt and .docx, filled with its examples, and with blanks (`-blank`).

    t is the interface strings, of which the files use those named in LETTER_WORDS.
    """
    variants = {"": example_values(letter), "-blank": blank_values(letter, t.blank_field)}
    documents = docx_files(letter, list(variants.values()), date, t.subject_label)
    for (suffix, values), docx in zip(variants.items(), documents, strict=True):
        text = letter_text(letter, values, t.subject_label)
        (folder / f"{letter.id}{suffix}.txt").write_text(text, encoding="utf-8")
        (folder / f"{letter.id}{suffix}.docx").write_bytes(docx)


def dated_zip(data: bytes, date: datetime) -> bytes:
    """The zip file `data` with every entry dated `date`, in the same order, compressed with deflate.

    Saving stamps each entry with the time of saving; this makes the bytes
    depend on the build date only.
    """
    stamp = (max(date.year, 1980), date.month, date.day, date.hour, date.minute, date.second)
    dated = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(dated, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            copy = zipfile.ZipInfo(entry.filename, date_time=stamp)
            copy.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(copy, source.read(entry))
    return dated.getvalue()


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
