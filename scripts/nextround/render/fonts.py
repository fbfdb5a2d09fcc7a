"""The print font: Atkinson Hyperlegible, cut down to the Latin letters the kit is written in.

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
