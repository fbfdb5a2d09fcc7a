"""The print font: Atkinson Hyperlegible, cut down to the Latin letters the kit is written in.

The font comes from a Python package pinned in pyproject.toml, so nothing is
fetched at build time. It matters that it is small: with form fields, a PDF
embeds the fields' font whole, so the font's size sets the size of every
fillable PDF. Cutting it to Latin and dropping hinting (screen-only
instructions) halves it.
"""
from __future__ import annotations

import base64
import io
import json
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from .cache import digest, kept, tool_versions

# Basic Latin, Latin-1 and Latin Extended-A, general punctuation (dashes,
# curly quotes, bullets, ellipsis), the euro and trade mark signs.
LATIN = (
    *range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2040), 0x20AC, 0x2122,
)

# The packages whose versions decide the cut-down fonts.
FONT_TOOLS = ("fontpkg-atkinson-hyperlegible", "fonttools")


@lru_cache(maxsize=None)
def font_faces_css(keep_in: Path | None = None) -> str:
    """@font-face rules with the cut-down font files inlined, so a renderer needs no files.

    Cutting the fonts down takes most of a second, so with keep_in (the kit's
    .cache/fonts) the rules are kept there and reused while the font package,
    fontTools and this file are unchanged.
    """
    if keep_in is None:
        return _font_faces_css()
    return kept(keep_in, _kept_name(), _font_faces_css)


def _kept_name() -> str:
    return f"{digest(tool_versions(FONT_TOOLS), Path(__file__).read_bytes())}.css"


def cut_in_background(keep_in: Path) -> subprocess.Popen | None:
    """Start cutting the fonts into keep_in in another process, unless they are kept there already.

    A build from nothing starts this first, so the cut (most of a second)
    overlaps reading the content instead of holding up every PDF after it.
    Waiting for the process is enough: font_faces_css then finds the rules
    kept, or, if the process failed, cuts the fonts itself.
    """
    if (keep_in / _kept_name()).exists():
        return None
    script = "import sys; from pathlib import Path; from nextround.fonts import font_faces_css; font_faces_css(Path(sys.argv[1]))"
    return subprocess.Popen(
        [sys.executable, "-c", script, str(keep_in)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _font_faces_css() -> str:
    from fontpkg_atkinson_hyperlegible import FAMILY, ROOT

    faces = json.loads((ROOT / "metadata.json").read_text(encoding="utf-8"))["files"]
    # The sheets set no italic text; every face left out is one less for each PDF to load.
    faces = [face for face in faces if face["style"] == "normal"]
    return "\n".join(
        f'@font-face {{ font-family: "{FAMILY}"; font-weight: {face["weight"]}; font-style: {face["style"]}; '
        f'src: url("data:font/ttf;base64,{base64.b64encode(latin_subset((ROOT / face["path"]).read_bytes())).decode("ascii")}"); }}'
        for face in faces
    )


def latin_subset(font: bytes) -> bytes:
    """The font with only the LATIN characters and no hinting; the same input always gives the same bytes."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.hinting = False
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=LATIN)
    ttfont = TTFont(io.BytesIO(font), recalcTimestamp=False)
    subsetter.subset(ttfont)
    saved = io.BytesIO()
    ttfont.save(saved)
    return saved.getvalue()
