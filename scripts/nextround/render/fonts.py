"""The print font: Atkinson Hyperlegible, cut down to the Latin letters the kit is written in.

Names in other scripts (Vietnamese, Greek, Arabic, Devanagari, Japanese...)
come from the fallback fonts print.css names after it, which scripts/setup.sh
installs (FALLBACK_FAMILIES); WeasyPrint embeds only the glyphs a PDF uses.
A word the print font cannot set whole is set whole in the fallback fonts
(`one_font_per_word`), so "Nguyễn" never mixes two designs.

The font comes from a Python package pinned in pyproject.toml, so nothing is
fetched at build time. It matters that it is small: with form fields, a PDF
embeds the fields' font whole, so the font's size sets the size of every
fillable PDF. Cutting it to Latin and dropping hinting (screen-only
instructions) halves it. HarfBuzz's subsetter (uharfbuzz) does the cut in
about a millisecond a face, so it is simply done once per build.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from functools import cache

# Basic Latin, Latin-1 and Latin Extended-A, general punctuation (dashes,
# curly quotes, bullets, ellipsis), the euro and trade mark signs.
LATIN = (
    *range(0x20, 0x7F),
    *range(0xA0, 0x180),
    *range(0x2010, 0x2040),
    0x20AC,
    0x2122,
)


# What print.css sets a word in when the print font lacks one of its letters, in its order:
# Latin with every diacritic, Greek, Cyrillic, Arabic, Hebrew; Devanagari; Chinese, Japanese, Korean.
FALLBACK_FAMILIES = ("DejaVu Sans", "Lohit Devanagari", "WenQuanYi Micro Hei")
OTHER_SCRIPT_CLASS = "other-script"
# Elements whose text is not laid out as words of the page (or cannot hold a span).
_RAW_TEXT = frozenset({"style", "script", "title", "textarea", "option"})
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")
_WORD = re.compile(r"[^\s<>]+")
# Words next to each other stay in one span: WeasyPrint orders right-to-left text within a span, not across spans.
_BETWEEN_SPANS = re.compile(rf'</span>(\s+)<span class="{OTHER_SCRIPT_CLASS}">')


@cache
def installed_fonts() -> tuple[tuple[str, int], ...]:
    """Every font file and face (by index) that fontconfig lists, which Pango falls back through;
    listed once per process, for the glyph check and the cache keys alike."""
    if not shutil.which("fc-list"):
        return ()
    try:
        listed = subprocess.run(
            ["fc-list", "--format", "%{file}\t%{index}\n"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return ()
    faces = {(file, int(index or 0)) for file, _, index in (line.partition("\t") for line in listed.splitlines())}
    return tuple(sorted(face for face in faces if face[0]))


@cache
def print_font_chars() -> frozenset[int]:
    """The characters the cut-down print font has, in every face the sheets use."""
    import uharfbuzz
    from fontpkg_atkinson_hyperlegible import ROOT

    faces = json.loads((ROOT / "metadata.json").read_text(encoding="utf-8"))["files"]
    chars = set(LATIN)
    for face in faces:
        if face["style"] == "normal":
            chars &= set(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(ROOT / face["path"]))).unicodes)
    return frozenset(chars)


def one_font_per_word(html: str) -> str:
    """The HTML with each word the print font cannot set whole wrapped in a span set in the fallback fonts.

    Fonts fall back letter by letter, so without this "Nguyễn" would take its
    "ễ" from another design than its other letters. Words in a row share one
    span, so "مركز التوظيف" stays one right-to-left run. Only text between
    tags changes; style, script and title elements are left alone.
    """
    if html.isascii():
        return html
    chars = print_font_chars()

    def wrap(word: re.Match) -> str:
        text = word[0]
        if text.isascii() or all(ord(c) in chars for c in text):
            return text
        return f'<span class="{OTHER_SCRIPT_CLASS}">{text}</span>'

    parts = _TAG.split(html)
    raw = None
    for index, part in enumerate(parts):
        if index % 2:
            tag = _TAG_NAME.match(part)
            if tag and tag[2].lower() in _RAW_TEXT:
                raw = None if tag[1] else tag[2].lower()
        elif raw is None and part and not part.isascii():
            parts[index] = _BETWEEN_SPANS.sub(r"\1", _WORD.sub(wrap, part))
    return "".join(parts)


@cache
def font_faces_css() -> str:
    """@font-face rules with the cut-down font files inlined, so a renderer needs no files."""
    from fontpkg_atkinson_hyperlegible import FAMILY, ROOT

    faces = json.loads((ROOT / "metadata.json").read_text(encoding="utf-8"))["files"]
    # The sheets set no italic text; every face left out is one less for each PDF to load.
    faces = [face for face in faces if face["style"] == "normal"]

    def inlined(face: dict) -> str:
        return base64.b64encode(latin_subset((ROOT / face["path"]).read_bytes())).decode("ascii")

    return "\n".join(
        f'@font-face {{ font-family: "{FAMILY}"; font-weight: {face["weight"]}; font-style: {face["style"]}; '
        f'src: url("data:font/ttf;base64,{inlined(face)}"); }}'
        for face in faces
    )


def latin_subset(font: bytes) -> bytes:
    """The font with only the LATIN characters and no hinting; the same input always gives the same bytes.

    Every layout feature (kerning, figures, fractions) and every name record is kept.
    """
    import uharfbuzz

    wanted = uharfbuzz.SubsetInput()
    wanted.unicode_set.update(LATIN)
    # These sets start as HarfBuzz's defaults; emptied and inverted, they mean "all".
    for everything in (wanted.layout_feature_tag_set, wanted.name_id_set):
        everything.clear()
        everything.invert()
    wanted.flags = uharfbuzz.SubsetFlags.NO_HINTING
    return uharfbuzz.subset(uharfbuzz.Face(uharfbuzz.Blob(font)), wanted).blob.data
