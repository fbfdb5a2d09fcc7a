"""Helpers that read built PDFs back the way a reader, a printer or a screen reader meets them."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from pypdf import PdfReader

from conftest import squash

MM = 72 / 25.4
A4 = (595, 842)
LETTER = (612, 792)


def page_size(reader: PdfReader) -> tuple[int, int]:
    box = reader.pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def pdf_text(path: Path) -> str:
    return squash(" ".join(page.extract_text() for page in PdfReader(path).pages))


def contents_pages(path: Path, items) -> dict[str, tuple[int, str]]:
    """For each item, the page the pack's contents (its second page) lists it on, and the text that page starts with."""
    pages = [squash(page.extract_text()) for page in PdfReader(path).pages]
    found = {}
    for item in items:
        listed = re.search(re.escape(squash(item.title)) + r"[ .]*?(\d+)(?= |$)", pages[1])
        assert listed, f"{item.title!r} missing from the contents"
        number = int(listed.group(1))
        found[item.id] = (number, pages[number - 1])
    return found


def fields(path: Path) -> dict[str, dict]:
    """Form fields by name: type (/Tx text, /Btn tick box or radio group) and widget rectangles."""
    found: dict[str, dict] = {}
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            widget = annotation.get_object()
            if widget.get("/Subtype") != "/Widget":
                continue
            field = widget.get("/Parent", widget).get_object()
            entry = found.setdefault(str(field["/T"]), {"type": field["/FT"], "rects": []})
            entry["rects"].append([float(v) for v in widget["/Rect"]])
    return found


def font_size_of(path: Path, start: str) -> float:
    """The size, in points, of the first text on the first page that begins with `start`."""
    sizes: list[float] = []

    def visit(text, cm, tm, font, size):
        if text.strip().startswith(start):
            sizes.append(round(abs(size * tm[3] * cm[3]), 1))

    PdfReader(path).pages[0].extract_text(visitor_text=visit)
    assert sizes, f"{start!r} not found in {path.name}"
    return sizes[0]


def words_with_boxes(path: Path) -> list[tuple[int, str, float, float, float, float]]:
    """(page, word, x_min, y_min, x_max, y_max) in points, from poppler's pdftotext."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    words, page = [], 0
    for line in html.splitlines():
        line = line.strip()
        if line.startswith("<page "):
            page += 1
        elif line.startswith("<word "):
            attributes = dict(part.split("=", 1) for part in line[len("<word ") : line.index(">")].split())
            text = line[line.index(">") + 1 : line.rindex("</word>")]
            box = [float(attributes[key].strip('"')) for key in ("xMin", "yMin", "xMax", "yMax")]
            words.append((page, text, *box))
    return words


def outline(path: Path) -> list:
    """The bookmarks as nested (title, children) pairs."""
    reader = PdfReader(path)

    def walk(entries):
        result = []
        for entry in entries:
            if isinstance(entry, list):
                result[-1] = (result[-1][0], walk(entry))
            else:
                result.append((entry.title, []))
        return result

    return walk(reader.outline)
