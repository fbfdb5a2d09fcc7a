"""The facilitator kit's printables: role-play cards, a run-sheet per session plan, and large print from the site."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import run_nextround, squash
from pdf_reading import font_size_of, pdf_text

CLOCK = re.compile(r"\b(\d{1,2}):(\d{2})\b")


def run_sheet_times(path) -> list[int]:
    """The times down the run-sheet's Time column, in minutes, read from the PDF's text after the table's header."""
    text = pdf_text(path)
    table = text[text.index("Hand out") :]
    return [int(h) * 60 + int(m) for h, m in CLOCK.findall(table)]


def plans(kit):
    return [plan for page in kit.of_kind("facilitator") for plan in page.plans]


# --- run-sheets ------------------------------------------------------------------


def test_each_plan_has_a_one_page_run_sheet_whose_times_add_up(built, kit):
    assert plans(kit), "the kit has no session plans"
    for plan in plans(kit):
        path = built / "pdf" / f"run-sheet-{plan.id}.pdf"
        assert len(PdfReader(path).pages) == 1, f"{path.name} is not one page"
        # In Spanish too, whose words take more room.
        assert len(PdfReader(built / "pdf" / "es" / path.name).pages) == 1, f"es/{path.name} is not one page"
        times = run_sheet_times(path)
        assert times[0] == 0, "a kit without a start time counts from 0:00"
        minutes = [step.minutes for step in plan.steps]
        # Each step starts when the one before it ends; the last time is when the session ends.
        assert len(times) == len(minutes) + 1
        for before, after, length in zip(times, times[1:], minutes, strict=False):
            assert after == before + length
        assert times[-1] == sum(minutes)


def test_run_sheet_names_what_to_hand_out_and_what_to_do(built, kit):
    for plan in plans(kit):
        text = pdf_text(built / "pdf" / f"run-sheet-{plan.id}.pdf")
        for step in plan.steps:
            assert squash(step.activity) in text
            for handout in step.handouts:
                assert squash(kit.items[handout].title) in text, f"{plan.id}: {handout} missing"


def test_a_groups_run_sheet_tells_the_time_from_its_first_session(riverside):
    # tests/groups/riverside/group.yml: the first session is "10:00-12:00".
    times = run_sheet_times(riverside / "pdf" / "run-sheet-sixty-minutes.pdf")
    assert times[0] == 10 * 60
    assert times[-1] == 11 * 60
    assert "Starts at 10:00, ends at 11:00" in pdf_text(riverside / "pdf" / "run-sheet-sixty-minutes.pdf")


def test_start_option_sets_the_clock_and_the_say_line_reads_on_the_sheet(kit, kit_copy):
    from nextround.render import runsheet

    plan = plans(kit)[0]
    said = plan.steps[0].model_copy(update={"say": "Welcome, everyone: we finish at the time on the board."})
    spoken = plan.model_copy(update={"steps": [said, *plan.steps[1:]]})
    start = runsheet.session_start(kit, "09:30")
    html = runsheet.run_sheet_html(kit, spoken, kit_copy / "worksheets", start, runsheet.build_date())
    text = squash(BeautifulSoup(html, "html.parser").get_text(" "))
    total = sum(step.minutes for step in plan.steps)
    end = 9 * 60 + 30 + total
    assert f"Starts at 09:30, ends at {end // 60:02d}:{end % 60:02d}" in text
    assert "Say: “Welcome, everyone: we finish at the time on the board.”" in text


def test_start_option_refuses_what_is_not_a_time(tmp_path, kit_copy):
    result = run_nextround("build", "--out", str(tmp_path / "dist"), "--start", "25:00", cwd=kit_copy)
    # A mistake on the command line exits 1, as a wrong --paper does (2 is for mistakes in the content).
    assert result.returncode == 1
    assert "HH:MM" in result.stderr
    assert not (tmp_path / "dist").exists()


def test_session_plans_page_links_each_run_sheet_and_the_pack_leaves_them_out(built, kit):
    page = (built / "site" / "facilitator" / "session-plans" / "index.html").read_text(encoding="utf-8")
    hrefs = [a["href"] for a in BeautifulSoup(page, "html.parser").select("a[href]")]
    for plan in plans(kit):
        href = f"../../downloads/pdf/run-sheet-{plan.id}.pdf"
        assert href in hrefs
        assert (built / "site" / "facilitator" / "session-plans" / href).resolve().is_file()
    assert "Run-sheet" not in pdf_text(built / "workshop-pack.pdf")


# --- role-play cards -----------------------------------------------------------


@pytest.mark.parametrize("folder", ["", "large-print/"])
def test_every_card_is_printed_whole_on_one_page_with_a_cut_note(built, kit, folder):
    sets = kit.of_kind("cards")
    assert sets, "the kit has no role-play cards"
    for cards in sets:
        path = built / "pdf" / f"{folder}{cards.id}.pdf"
        pages = [squash(page.extract_text()) for page in PdfReader(path).pages]
        assert "Cut along the dashed lines" in pages[0]
        for card in cards.cards:
            last = squash(card.points[-1] if card.points else card.text)
            on = [n for n, text in enumerate(pages) if squash(card.heading) in text]
            assert on, f"{cards.id}/{card.id}: heading missing"
            assert last[-30:] in pages[on[0]], f"{cards.id}/{card.id} runs onto another page"


def test_the_role_plays_hand_out_their_cards_and_the_pack_has_them_in_plan_order(kit):
    from nextround.render.pack import pack_items

    handed = {ref for plan in plans(kit) for step in plan.steps for ref in step.handouts}
    assert {"call-scenarios", "feedback-cards", "observer-sheet"} <= handed
    order = [item.id for item in pack_items(kit)]
    assert order.index("on-the-call") < order.index("call-scenarios") < order.index("feedback-cards")


def test_call_scenarios_cover_jobs_and_employers_that_give_no_reasons(kit):
    scenarios = kit.items["call-scenarios"].cards
    assert len(scenarios) >= 6
    headings = [card.heading for card in scenarios]
    assert len(set(headings)) == len(headings)
    no_reasons = [card for card in scenarios if re.search(r"no reasons|not able to go into reasons", str(card))]
    assert len(no_reasons) >= 2


# --- large print ---------------------------------------------------------------


def test_every_sheet_page_links_a_large_print_pdf_with_bigger_text(built, kit):
    for item in kit.printable():
        page = built / "site" / kit.page_path(item.id).replace(".md", ".html")
        links = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("a", string="Large print PDF")
        assert len(links) == 1, f"{item.id}: no Large print PDF link"
        large = (page.parent / links[0]["href"]).resolve()
        assert large == (built / "site" / "downloads" / "pdf" / "large-print" / f"{item.id}.pdf").resolve()
        assert large.is_file()
        first_words = squash(getattr(item, "intro", None) or item.instructions)[:20]
        assert font_size_of(large, first_words) == pytest.approx(16, abs=0.1)
        assert font_size_of(built / "pdf" / f"{item.id}.pdf", first_words) == pytest.approx(11, abs=0.1)


def test_the_large_print_pack_is_linked_where_the_pack_is_and_holds_every_sheet(built, kit):
    standard, large = built / "workshop-pack.pdf", built / "workshop-pack-large-print.pdf"
    assert (built / "site" / "downloads" / large.name).read_bytes() == large.read_bytes()
    for page in kit.of_kind("facilitator"):
        html = (built / "site" / kit.page_path(page.id).replace(".md", ".html")).read_text(encoding="utf-8")
        assert 'href="../../downloads/workshop-pack-large-print.pdf"' in html
    # The same sheets, in bigger type: more pages, and each sheet's title in its contents.
    assert len(PdfReader(large).pages) > len(PdfReader(standard).pages)
    text = pdf_text(large)
    for item in kit.printable():
        assert squash(item.title) in text
