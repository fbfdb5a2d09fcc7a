"""A group's build, read back: tests/groups/riverside uses every key of group.yml."""

import json
import re
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from nextround.compose import load_kit
from nextround.compose.overlay import compose
from nextround.model.group import GroupOverlay
from test_site_links import broken_links

from conftest import RIVERSIDE, ROOT, page_text, run_nextround, squash
from pdf_reading import LETTER, page_size, pdf_text

OVERLAY = yaml.safe_load((RIVERSIDE / "group.yml").read_text())
DROPPED = ["role-fit-check", "thank-you-checklist", "thank-you-after-rejection", "skills-gap-plan"]


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def test_home_page_shows_the_group(riverside):
    text = page_text(riverside / "site", "index.html")
    for phrase in [
        "Riverside Job Club",
        "Run by Riverside Library",
        "Facilitators: Ana Ruiz, Sam Okafor",
        "jobs@riverside.example",
        "555 0100",
        "Thursday 3 December 2026",
        "Thursday 10 December 2026",
        "10:00-12:00",
        "Room 2, Riverside Library",
        "Help near you: see Local help",
    ]:
        assert phrase in text, phrase


def test_branding_titles_colours_and_logo_the_site(riverside):
    site = riverside / "site"
    page = soup(site, "index.html")
    assert "Next Round at Riverside" in page.select_one(".md-header__topic").get_text()
    logo = page.select_one(".md-header__button.md-logo img")
    assert logo["src"] == "assets/group-logo.svg"
    assert (site / "assets" / "group-logo.svg").read_bytes() == (RIVERSIDE / "logo.svg").read_bytes()
    assert page.find("link", href="assets/group.css") is not None
    assert "--md-primary-fg-color: #1b5e20" in (site / "assets" / "group.css").read_text()


def test_dropped_items_vanish_from_pages_nav_search_and_pdfs(riverside):
    site = riverside / "site"
    nav = soup(site, "index.html").select_one("nav.md-nav--primary").get_text(" ")
    index = json.loads((site / "search" / "search_index.json").read_text())
    located = {doc["location"].split("#")[0] for doc in index["docs"]}
    for item_id in DROPPED:
        assert not list(site.rglob(item_id)) and not list(site.rglob(f"{item_id}.*")), item_id
        assert not (riverside / "pdf" / f"{item_id}.pdf").exists(), item_id
        assert not any(item_id in location for location in located), item_id
    assert "Role-fit check" not in nav and "role fit" not in nav.lower()
    # What the group kept is still there and searchable.
    assert "checklists/riverside-first-session/index.html" in located
    assert "local-help/index.html" in located


def test_links_to_dropped_items_become_plain_words(riverside):
    page = soup(riverside / "site", "guide/closing-the-gaps/index.html")
    article = page.select_one("article")
    assert "role-fit check" in article.get_text()
    assert not article.find("a", href=re.compile("role-fit-check"))
    related = squash(page_text(riverside / "site", "guide/closing-the-gaps/index.html").split("Goes well with")[-1])
    assert "Role-fit" not in related and "Accomplishments inventory" in related


def test_session_plan_drops_the_excluded_handout(riverside, kit):
    # Riverside excludes the thank-you checklist, which a step of the kit's plans hands out.
    plans = [plan for page in kit.of_kind("facilitator") for plan in page.plans]
    step = next(step for plan in plans for step in plan.steps if step.handout == "thank-you-checklist")
    page = soup(riverside / "site", "facilitator/session-plans/index.html")
    rows = [row for row in page.select("article table tr") if squash(step.activity) in squash(row.get_text(" "))]
    assert rows, f"no row for the step '{step.activity}'"
    assert all(row.find("a", href=lambda href: href and "thank-you-checklist" in href) is None for row in rows)
    assert page.find("a", href="../../worksheets/action-plan/index.html") is not None


def test_no_link_in_the_site_points_nowhere(riverside):
    assert (riverside / "site" / "downloads" / "workshop-pack.pdf").is_file()
    assert broken_links(riverside / "site") == []


def test_pack_cover_shows_the_contact_and_drops_excluded_sheets(riverside):
    reader = PdfReader(riverside / "workshop-pack.pdf")
    cover = squash(reader.pages[0].extract_text())
    for words in ("jobs@riverside.example", "555 0100", "Riverside Library computers", "1 River Street"):
        assert words in cover, words
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    assert "Thank-you" not in text and "Role-fit" not in text


def test_overrides_change_the_page_and_the_pdf(riverside):
    text = page_text(riverside / "site", "checklists/self-audit/index.html")
    assert text.startswith("Riverside interview self-check")
    assert "Did you arrive ten minutes early?" in text
    pdf = pdf_text(riverside / "pdf" / "self-audit.pdf")
    assert "Riverside interview self-check" in pdf and "Did you arrive ten minutes early?" in pdf
    intro = page_text(riverside / "site", "checklists/next-steps/index.html")
    assert "Bring this list to your next Riverside Job Club session" in intro


def test_additions_land_where_the_group_put_them(riverside):
    page = soup(riverside / "site", "checklists/next-steps/index.html")
    entries = [squash(label.get_text(" ")) for label in page.select("article li label")]
    network = next(
        i for i, entry in enumerate(entries) if "network" in entry.lower() or "people you know" in entry.lower()
    )
    assert entries[network + 1].startswith("Book a slot at the Riverside careers desk")
    start = page_text(riverside / "site", "guide/start-here/index.html")
    assert (
        "Help at Riverside Library Your first session is on Thursday 3 December 2026 in Room 2, Riverside Library."
        in start
    )
    added = soup(riverside / "site", "guide/start-here/index.html").select_one("article")
    assert added.find("a", href="../../checklists/riverside-first-session/index.html", string="what to bring")
    assert "try the role-fit check" in squash(added.get_text(" "))


def test_local_help_page_lists_the_resources(riverside):
    text = page_text(riverside / "site", "local-help/index.html")
    for phrase in [
        "Riverside careers desk",
        "Free CV reviews on Thursdays",
        "555 0111",
        "https://riverside.example/careers",
        "Riverside Library computers",
        "1 River Street",
    ]:
        assert phrase in text, phrase


def test_letter_defaults_fill_the_letters(riverside):
    assert "I'm looking for work in or near Riverside." in (riverside / "letters" / "available-post.txt").read_text()
    page = soup(riverside / "site", "letters/available-post/index.html")
    assert page.find("input", attrs={"name": "location", "placeholder": "in or near Riverside"}) is not None
    assert "Ask at the Riverside Library front desk" in page_text(
        riverside / "site", "letters/available-post/index.html"
    )


def test_group_content_items_are_built_with_placeholders_filled(riverside):
    text = page_text(riverside / "site", "checklists/riverside-first-session/index.html")
    assert text.startswith("Before your first session at Riverside Job Club")
    assert "A few things to bring along to Room 2, Riverside Library" in text
    assert "Your questions for Ana Ruiz or Sam Okafor" in text
    assert "Before your first session at Riverside Job Club" in pdf_text(
        riverside / "pdf" / "riverside-first-session.pdf"
    )


def test_every_pdf_is_letter_sized_branded_and_bookmarked(riverside):
    pdfs = sorted((riverside / "pdf").glob("*.pdf"))
    # 14 sheets (its own, what it includes and what the included session plans hand out) and 2 run-sheets.
    assert len(pdfs) == 16
    green = re.compile(rb"0\.10[0-9]* 0\.36[0-9]* 0\.12[0-9]* (rg|RG)")
    for path in pdfs:
        reader = PdfReader(path)
        assert page_size(reader) == LETTER, path.name
        assert "Next Round at Riverside" in pdf_text(path), path.name
        assert reader.outline, f"{path.name} has no bookmarks"
        drawn = b"".join(page.get_contents().get_data() for page in reader.pages[:1])
        assert green.search(drawn), f"{path.name} does not use the group's colour"


def test_check_reads_the_group_and_paper_option_wins(kit_copy):
    result = run_nextround("check", "--group", "groups/riverside", cwd=kit_copy)
    assert result.returncode == 0, result.stderr
    assert "All 21 items are valid, in every language of the build (en, es)." in result.stdout
    group = kit_copy / "groups" / "riverside"
    assert load_kit(kit_copy, group).paper == "letter"
    assert load_kit(kit_copy, group, paper="a4").paper == "a4"


def test_new_group_scaffold_checks_clean(tmp_path):
    kit = tmp_path / "kit"
    kit.mkdir()
    for part in ("content", "mkdocs.yml"):
        source = ROOT / part
        (kit / part).symlink_to(source, target_is_directory=source.is_dir())
    made = run_nextround("new-group", "oak-hall", cwd=kit)
    assert made.returncode == 0, made.stderr
    text = (kit / "groups" / "oak-hall" / "group.yml").read_text()
    assert text.count("\n#") > 30, "the scaffold should explain itself in comments"
    assert "name: Oak Hall group" in text
    schema_line = text.splitlines()[0]
    assert schema_line.startswith("# yaml-language-server: $schema=")
    schema = (kit / "groups" / "oak-hall" / schema_line.split("$schema=")[1]).resolve()
    assert schema == (ROOT / "content" / "group.schema.json").resolve(), "editors should find the group schema"
    checked = run_nextround("check", "--group", "groups/oak-hall", cwd=kit)
    assert checked.returncode == 0, checked.stderr
    again = run_nextround("new-group", "oak-hall", cwd=kit)
    assert again.returncode == 1 and "already exists" in again.stderr


def test_customise_page_documents_every_key(built):
    text = page_text(built / "site", "facilitator/customise/index.html")
    for name, field in GroupOverlay.model_fields.items():
        assert f"{name}" in text and squash(field.description.replace("`", "")) in text.replace("`", ""), name
    nav = soup(built / "site", "index.html").select_one("nav.md-nav--primary").get_text(" ")
    assert "Customise for your group" in nav


def test_customise_page_example_composes(built, kit, tmp_path):
    html = soup(built / "site", "facilitator/customise/index.html")
    example = next(code.get_text() for code in html.select("article pre code") if "group:" in code.get_text())
    folder = tmp_path / "example"
    folder.mkdir()
    (folder / "group.yml").write_text(example)
    (folder / "logo.svg").write_bytes((RIVERSIDE / "logo.svg").read_bytes())
    from nextround.compose.overlay import read_overlay

    composed = compose(kit, *read_overlay(folder), folder)
    assert "role-fit-check" not in composed.items
    assert composed.items["self-audit"].title == "Riverside interview self-check"
    assert composed.paper == "letter"
