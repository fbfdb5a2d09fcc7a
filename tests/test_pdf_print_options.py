"""--paper letter and --large-print, in one extra build: page size, 16 pt text, bigger write-in space, dates."""

import pytest
from pypdf import PdfReader

from conftest import copy_kit, run_nextround
from pdf_reading import LETTER, MM, fields, font_size_of, page_size

# 2026-03-01 00:00:00 UTC
EPOCH = "1772323200"


@pytest.fixture(scope="module")
def large_letter(kit_copy):
    out = kit_copy / "dist-large-letter"
    result = run_nextround(
        "build",
        "--out",
        str(out),
        "--paper",
        "letter",
        "--large-print",
        "--quiet",
        cwd=kit_copy,
        env={"SOURCE_DATE_EPOCH": EPOCH},
    )
    assert result.returncode == 0, result.stderr
    return out


def test_paper_letter_builds_us_letter_pdfs_and_pack(large_letter, kit):
    for item in kit.printable():
        assert page_size(PdfReader(large_letter / "pdf" / f"{item.id}.pdf")) == LETTER
    assert page_size(PdfReader(large_letter / "workshop-pack.pdf")) == LETTER


def test_large_print_sets_body_text_in_16_points(large_letter, kit):
    for item_id in ("on-the-call", "interview-debrief"):
        item = kit.items[item_id]
        description = getattr(item, "intro", None) or item.instructions
        assert font_size_of(large_letter / "pdf" / f"{item_id}.pdf", description[:20]) == pytest.approx(16, abs=0.1)


def test_large_print_gives_proportionally_more_room_to_write(built, large_letter, kit):
    ratio = 16 / 11
    for item in kit.of_kind("worksheet"):
        standard = fields(built / "pdf" / f"{item.id}.pdf")
        large = fields(large_letter / "pdf" / f"{item.id}.pdf")
        assert set(large) == set(standard)
        for block in item.blocks:
            if block.type in ("lines", "box"):
                name = f"{item.id}--{block.id}"
                ((_, y1, _, y2),) = standard[name]["rects"]
                ((_, l1, _, l2),) = large[name]["rects"]
                assert abs(l2 - l1) >= 0.9 * ratio * abs(y2 - y1), f"{name} did not grow with the text"
    check = fields(large_letter / "pdf" / "on-the-call.pdf")["on-the-call--notice-the-tone"]["rects"][0]
    assert abs(check[2] - check[0]) >= 6 * MM


def test_source_date_epoch_sets_the_pdf_dates(large_letter, built):
    assert PdfReader(large_letter / "pdf" / "action-plan.pdf").metadata["/CreationDate"] == "D:20260301000000Z"
    assert PdfReader(built / "pdf" / "action-plan.pdf").metadata["/CreationDate"] == "D:20260101000000Z"


def test_with_large_print_each_sheet_is_rendered_once_and_its_large_print_copy_is_the_same(large_letter, kit):
    # The standard PDFs are large print already, so the copies in large-print/ are the same bytes, rendered once.
    for item in kit.printable():
        standard = (large_letter / "pdf" / f"{item.id}.pdf").read_bytes()
        assert (large_letter / "pdf" / "large-print" / f"{item.id}.pdf").read_bytes() == standard


def test_a_large_print_build_renders_each_sheet_only_once(tmp_path):
    kit = copy_kit(tmp_path / "kit")
    result = run_nextround("build", "--out", "dist", "--large-print", "--language", "en", "--jobs", "2", cwd=kit)
    assert result.returncode == 0, result.stderr
    rendered = [line.split()[-1] for line in result.stdout.splitlines() if line.startswith("Rendering PDFs:")]
    # A large-print copy is announced by its file name too: each name once means each PDF was rendered once.
    assert rendered and len(rendered) == len(set(rendered)), rendered
