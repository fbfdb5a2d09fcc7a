"""The kit's own words come from content/interface.yml, once each: change one there and the site, its
script, the PDFs and the letter files say the new words; every string is used, and every one used is there."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from nextround.compose import load_kit
from nextround.model.content import PRINTABLE_KINDS
from nextround.model.items import KINDS, Worksheet
from nextround.render.pack import pack_cover
from nextround.render.site import group_block
from test_browser import PHONE, browser, loop  # noqa: F401 (fixtures)

from conftest import ROOT, copy_kit, run_nextround, squash
from pdf_reading import outline, pdf_text

INTERFACE = ROOT / "content" / "interface.yml"
NO_FONT_HAS = "\U0001f99c"  # a parrot: no font of the PDFs has it
# New words for some strings, the values put in another order where a string has two.
CHANGED = {
    "clear_ticks": "Wipe my ticks",
    "ticked_count": "{total} boxes, {ticked} ticked.",
    "ticks_cleared": "All ticks gone.",
    "download_pdf": "Get the PDF",
    "switch_to_dark": "Go dark",
    "section_checklist": "Lists to tick",
    "page_of": "{pages} pages, this is {page}",
    "kind_checklist": "Tick list",
    "header_name": "Who you are",
    "run_sheet": "Session sheet",
    "say_this": "Tell them {{ {say} }}",
    "workshop_pack": "Handout pack",
    "contents": f"In this pack {NO_FONT_HAS}",
    "subject_label": "Re:",
}


@pytest.fixture(scope="module")
def renamed(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The kit built with the strings of CHANGED changed in its interface.yml; the output and the run."""
    kit = copy_kit(tmp_path_factory.mktemp("renamed") / "kit")
    data = yaml.safe_load((kit / "content" / "interface.yml").read_text(encoding="utf-8"))
    data["strings"].update(CHANGED)
    (kit / "content" / "interface.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_nextround("build", "--out", "dist", "--quiet", cwd=kit)
    assert result.returncode == 0, result.stderr
    return kit / "dist", result


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_a_changed_string_changes_the_site(renamed):
    site = renamed[0] / "site"
    page = soup(site / "checklists" / "on-the-call" / "index.html")
    buttons = [squash(button.get_text()) for button in page.select("article button")]
    assert "Wipe my ticks" in buttons and "Clear my ticks" not in buttons
    assert "Get the PDF" in [squash(link.get_text()) for link in page.select("article a.md-button")]
    assert "Lists to tick" in [squash(label.get_text()) for label in page.select(".md-nav__link")]
    assert page.select_one("[data-md-component=palette] label")["title"] == "Go dark"
    home = soup(site / "index.html")
    assert "Lists to tick" in [squash(h2.get_text()) for h2 in home.select("article h2")]
    assert "Checklists" not in [squash(h2.get_text()) for h2 in home.select("article h2")]


def test_a_changed_string_changes_what_the_script_writes(renamed, loop, browser):  # noqa: F811
    """Opened from disk, as from a USB stick: the words the script writes come with the page."""
    page_path = renamed[0] / "site" / "checklists" / "on-the-call" / "index.html"
    total = len(soup(page_path).select("[data-checklist] input[type=checkbox]"))

    async def scenario():
        context = await browser.new_context(viewport=PHONE, offline=True)
        page = await context.new_page()
        await page.goto(page_path.as_uri())
        await page.locator("[data-checklist] input").first.check()
        ticked = await page.text_content("[data-checklist-status]")
        await page.get_by_role("button", name="Wipe my ticks").click()
        cleared = await page.text_content("[data-checklist-status]")
        await context.close()
        return ticked, cleared

    ticked, cleared = loop.run_until_complete(scenario())
    assert ticked == f"{total} boxes, 1 ticked."
    assert cleared == "All ticks gone."


def test_a_changed_string_changes_the_pdf_footer_and_labels(renamed):
    pdf = renamed[0] / "pdf"
    checklist = [squash(page.extract_text()) for page in PdfReader(pdf / "on-the-call.pdf").pages]
    assert checklist[0].startswith("TICK LIST ")
    assert f"{len(checklist)} pages, this is 1" in checklist[0]
    assert not any("Page 1 of" in text for text in checklist)
    assert "Who you are" in pdf_text(pdf / "interview-debrief.pdf")


def test_a_changed_string_changes_the_run_sheet_and_the_pack_cover(renamed):
    out = renamed[0]
    run_sheet = pdf_text(next((out / "pdf").glob("run-sheet-*.pdf")))
    assert run_sheet.startswith("SESSION SHEET ")
    assert re.search(r"Tell them \{ \S", run_sheet)  # a doubled brace shows as one
    pack = PdfReader(out / "workshop-pack.pdf")
    cover, contents = (squash(page.extract_text()) for page in pack.pages[:2])
    assert "HANDOUT PACK" in cover.upper() and "Workshop pack" not in cover
    assert contents.startswith("In this pack")
    assert [title for title, _ in outline(out / "workshop-pack.pdf")][:2] == ["Cover", f"In this pack {NO_FONT_HAS}"]
    assert pack.metadata.title.endswith(": workshop pack")  # pack_title, not changed


def test_a_changed_string_changes_the_letter_files(renamed):
    text = (renamed[0] / "letters" / "feedback-request-email.txt").read_text(encoding="utf-8")
    assert text.startswith("Re: ")


def test_a_character_no_font_has_in_interface_yml_is_located(renamed):
    out, result = renamed
    written = (out.parent / "content" / "interface.yml").read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(written, 1) if NO_FONT_HAS in text)
    column = written[line - 1].index(NO_FONT_HAS) + 1
    assert f"warning: content/interface.yml:{line}:{column}: the character '{NO_FONT_HAS}'" in result.stderr


# --- dates in the kit's language ------------------------------------------------------------------


def test_dates_are_written_in_the_kits_language(kit_copy):
    english = load_kit(kit_copy, kit_copy / "groups" / "riverside")
    assert "Thursday 3 December 2026" in group_block(english)
    assert pack_cover(english).sessions[0].date == "3 December 2026"
    spanish = dataclasses.replace(
        english,
        settings=english.settings.model_copy(update={"language": "es"}),
        interface={**english.interface, "date_with_weekday": "full", "date_without_weekday": "long"},
    )
    assert "jueves, 3 de diciembre de 2026" in group_block(spanish)
    assert pack_cover(spanish).sessions[0].date == "3 de diciembre de 2026"


# --- every string used, every string used there -----------------------------------------------------

PACKAGE = ROOT / "scripts" / "nextround"
TEMPLATES = [
    *(PACKAGE / "render" / "templates").glob("*.j2"),
    *(ROOT / "worksheets").glob("*.j2"),
    *(PACKAGE / "render" / "theme" / "overrides").rglob("*.html"),
]
SCRIPTS = [*(PACKAGE / "render" / "theme" / "assets").glob("*.js")]
# Strings named by a prefix and a kind or field (`section_{kind}`), with every name they are made with.
FAMILIES = {
    "section_": KINDS,
    "kind_": PRINTABLE_KINDS,
    "header_": Worksheet.model_fields["header_fields"].annotation.__args__[0].__args__,
}


def interface_names() -> set[str]:
    return set(yaml.safe_load(INTERFACE.read_text(encoding="utf-8"))["strings"])


def named_in_templates() -> set[str]:
    return {name for path in TEMPLATES for name in re.findall(r"\bt\.([a-z][a-z0-9_]*)", path.read_text())}


def named_in_scripts() -> set[str]:
    return {name for path in SCRIPTS for name in re.findall(r'\bsay\("([a-z][a-z0-9_]*)"', path.read_text())}


def named_in_code() -> set[str]:
    """Every name code looks up (`t.name`, `t["name"]`) or lists as a string (`"the_email"`)."""
    names = set()
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"\bt\.([a-z][a-z0-9_]*)\b", text))
        names |= set(re.findall(r"""["']([a-z][a-z0-9_]*)["']""", text))
    return names


def made_by_families() -> set[str]:
    code = "".join(path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py"))
    made = set()
    for prefix, names in FAMILIES.items():
        assert f'f"{prefix}{{' in code, f"nothing makes the names {prefix}...: drop it from FAMILIES"
        made |= {prefix + name for name in names}
    return made


def test_every_string_of_interface_yml_is_used():
    used = named_in_templates() | named_in_scripts() | named_in_code() | made_by_families()
    assert sorted(interface_names() - used) == []


def test_every_string_a_template_script_or_family_names_is_in_interface_yml():
    named = named_in_templates() | named_in_scripts() | made_by_families()
    assert sorted(named - interface_names()) == []


def test_the_site_hands_the_script_the_strings_it_names(built):
    page = soup(built / "site" / "checklists" / "on-the-call" / "index.html")
    handed = json.loads(page.select_one("script#nextround-strings").string)
    assert set(handed) == named_in_scripts()
