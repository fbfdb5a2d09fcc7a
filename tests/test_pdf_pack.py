"""The workshop pack: cover, contents with page numbers, the handouts in session order, bookmarks, fields."""
import posixpath
import re

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import squash
from pdf_reading import A4, LETTER, fields, outline, page_size


@pytest.fixture(scope="module")
def pack(built):
    return built / "workshop-pack.pdf"


def handout_order(kit) -> list[str]:
    """Handouts in the order the session plans use them, then every other checklist and worksheet."""
    order: list[str] = []
    for plan in kit.items["session-plans"].plans:
        order += [step.handout for step in plan.steps if step.handout and step.handout not in order]
    return order + [item.id for item in kit.printable() if item.id not in order]


def test_pack_is_in_dist_and_the_facilitator_pages_link_to_it(built, kit, pack):
    assert page_size(PdfReader(pack)) == A4
    assert (built / "site" / "downloads" / "workshop-pack.pdf").read_bytes() == pack.read_bytes()
    for facilitator in kit.of_kind("facilitator"):
        page = built / "site" / "facilitator" / facilitator.id / "index.html"
        link = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one('a[href$="workshop-pack.pdf"]')
        assert link is not None, facilitator.id
        assert (built / "site" / posixpath.normpath(posixpath.join("facilitator", facilitator.id, link["href"]))).is_file()


def test_cover_then_contents_then_handouts_in_session_order_with_bookmarks(kit, pack):
    order = handout_order(kit)
    assert order[0] == "sign-in-sheet"
    marks = outline(pack)
    assert [title for title, _ in marks] == ["Cover", "Contents", *(kit.items[i].title for i in order)]
    for item_id, (_, children) in zip(order, marks[2:]):
        item = kit.items[item_id]
        headings = [g.title for g in item.groups] if item.kind == "checklist" else [b.label for b in item.blocks]
        assert [title for title, _ in children] == headings


def test_contents_page_numbers_lead_to_each_sheet(kit, pack):
    pages = [squash(page.extract_text()) for page in PdfReader(pack).pages]
    cover, contents = pages[0], pages[1]
    assert kit.settings.title in cover and "Workshop pack".upper() in cover.upper()
    for item_id in handout_order(kit):
        title = kit.items[item_id].title
        listed = re.search(re.escape(squash(title)) + r"[ .]*?(\d+)(?= |$)", contents)
        assert listed, f"{title!r} missing from the contents"
        page_text = pages[int(listed.group(1)) - 1]
        assert page_text.startswith(f"{kit.items[item_id].kind.upper()} {squash(title)}"), title


def test_every_sheet_keeps_its_own_fields_in_the_pack(built, kit, pack):
    in_pack = fields(pack)
    expected: dict[str, int] = {}
    for item in kit.printable():
        for name, field in fields(built / "pdf" / f"{item.id}.pdf").items():
            assert name not in expected, f"{name} is used by two sheets"
            expected[name] = len(field["rects"])
    assert {name: len(field["rects"]) for name, field in in_pack.items()} == expected


def test_a_groups_pack_has_its_cover_order_and_paper(riverside):
    pack = riverside / "workshop-pack.pdf"
    assert page_size(PdfReader(pack)) == LETTER
    cover = squash(PdfReader(pack).pages[0].extract_text())
    for words in ("Next Round at Riverside", "Riverside Job Club, Riverside Library", "Ana Ruiz, Sam Okafor",
                  "3 December 2026, 10:00-12:00, Room 2, Riverside Library", "Riverside careers desk", "555 0111",
                  "Free CV reviews on Thursdays"):
        assert words in cover, words
    titles = [title for title, _ in outline(pack)][2:]
    assert titles == [PdfReader(riverside / "pdf" / f"{i}.pdf").metadata.title
                      for i in ("riverside-first-session", "self-audit", "action-plan", "sign-in-sheet")]
    assert "Next Round at Riverside" in squash(PdfReader(pack).pages[-1].extract_text())
