"""Every name renders: a group whose names are in many scripts gets them all in its PDFs and on its site,
and a character no font has is a warning that says where it is."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import RIVERSIDE, copy_kit, run_nextround

GROUP_NAME = "Câu lạc bộ Nguyễn Thị Hương"  # Vietnamese
ORGANISATION = "東京 キャリア · مركز التوظيف"  # Japanese, Arabic
FACILITATORS = [
    "Ирина Петрова",  # Russian
    "Ελένη Παπαδοπούλου",  # Greek
    "שרה כהן",  # Hebrew
    "प्रिया शर्मा",  # Hindi
    "김민준",  # Korean
    "王小明",  # Chinese
    "Ọlárewájú Ẹ̀kọ́",  # Yoruba
    "Łucja Żółć",  # Polish
    "Ayşe Yılmaz",  # Turkish
]
VENUE = "Phòng 2, Thư viện Hà Nội"
NO_FONT_HAS = "🦜"  # U+1F99C: no font the build installs has it
# Directional controls that PDF text extraction adds around right-to-left runs.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def group_yml(venue: str) -> str:
    text = (RIVERSIDE / "group.yml").read_text(encoding="utf-8")
    text = text.replace("name: Riverside Job Club", f"name: {GROUP_NAME}")
    text = text.replace("organisation: Riverside Library", f"organisation: {ORGANISATION}")
    text = text.replace("facilitators: [Ana Ruiz, Sam Okafor]", f"facilitators: [{', '.join(FACILITATORS)}]")
    text = text.replace('venue: "Room 2, Riverside Library"', f'venue: "{venue}"', 1)
    assert all(name in text for name in (GROUP_NAME, ORGANISATION, *FACILITATORS, venue))
    return text


@pytest.fixture(scope="module")
def kit(tmp_path_factory) -> Path:
    return copy_kit(tmp_path_factory.mktemp("scripts-kit"))


def build_group(kit: Path, name: str, venue: str) -> tuple[Path, subprocess.CompletedProcess]:
    group = kit / "groups" / name
    shutil.copytree(RIVERSIDE, group)
    (group / "group.yml").write_text(group_yml(venue), encoding="utf-8")
    out = kit / f"dist-{name}"
    return out, run_nextround("build", "--group", f"groups/{name}", "--out", out.name, "--quiet", cwd=kit)


@pytest.fixture(scope="module")
def many_scripts(kit) -> tuple[Path, str]:
    out, result = build_group(kit, "many-scripts", VENUE)
    assert result.returncode == 0, result.stderr
    return out, result.stderr


def comparable(text: str) -> str:
    """Text as extracted from a PDF, for comparison: composed, no direction marks, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text).translate(BIDI_CONTROLS))


def test_the_build_says_no_character_was_left_out(many_scripts):
    _, printed = many_scripts
    assert ".notdef" not in printed and "has no font" not in printed, printed


def test_every_name_reads_back_from_the_pack_cover(many_scripts):
    out, _ = many_scripts
    cover = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(out / "workshop-pack.pdf"), "-"], capture_output=True, text=True
    ).stdout
    found = comparable(cover)
    # Devanagari's vowel signs come back out of order; its consonants must all be there.
    devanagari = [name for name in FACILITATORS if "\u0900" <= name[0] <= "\u097f"]
    for name in [GROUP_NAME, ORGANISATION, VENUE, *(n for n in FACILITATORS if n not in devanagari)]:
        assert comparable(name) in found, f"{name!r} not on the cover: {cover}"
    for name in devanagari:
        consonants = [c for c in name if unicodedata.category(c) == "Lo"]
        assert all(c in found for c in consonants), f"{name!r} not on the cover: {cover}"


def test_the_pack_embeds_the_fallback_fonts_it_needs(many_scripts):
    out, _ = many_scripts
    fonts = subprocess.run(["pdffonts", "-l", "1", str(out / "workshop-pack.pdf")], capture_output=True, text=True)
    for family in ("Atkinson-Hyperlegible", "DejaVu-Sans", "Lohit-Devanagari", "WenQuanYi-Micro-Hei"):
        assert family in fonts.stdout, fonts.stdout


def test_a_character_no_font_has_is_a_warning_naming_file_line_and_column(kit):
    venue = f"Room 2 {NO_FONT_HAS}"
    _, result = build_group(kit, "with-emoji", venue)
    assert result.returncode == 0, result.stderr
    lines = (kit / "groups" / "with-emoji" / "group.yml").read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, 1) if NO_FONT_HAS in text)
    column = lines[line - 1].index(NO_FONT_HAS) + 1
    expected = (
        f"warning: groups/with-emoji/group.yml:{line}:{column}: the character '{NO_FONT_HAS}' (U+1F99C) "
        "has no font in the PDFs, so it would be left out."
    )
    assert expected in result.stderr, result.stderr


def test_names_on_the_site_keep_their_own_direction(many_scripts):
    out, _ = many_scripts
    home = BeautifulSoup((out / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    isolated = {bdi.get_text() for bdi in home.select(".nr-group bdi")}
    assert {GROUP_NAME, ORGANISATION, VENUE, *FACILITATORS} <= isolated, isolated
    local_help = BeautifulSoup((out / "site" / "local-help" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [h2.bdi.get_text() for h2 in local_help.select("article h2")] == [
        "Riverside careers desk",
        "Riverside Library computers",
    ]
    assert local_help.select_one(".nr-summary bdi").get_text() == GROUP_NAME
