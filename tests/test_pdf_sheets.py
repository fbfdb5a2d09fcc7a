"""Each checklist and worksheet PDF, read back: print layout, form fields, tags and metadata, size."""

import re
import subprocess

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import run_nextround, squash
from pdf_reading import A4, MM, fields, font_size_of, outline, page_size, pdf_text, words_with_boxes


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def expected_fields(item) -> dict[str, str]:
    """Every field a sheet should have, by name, with its PDF type: /Tx to type in, /Btn to tick."""
    if item.kind == "checklist":
        return {f"{item.id}--{entry.id}": "/Btn" for group in item.groups for entry in group.items}
    if item.kind == "cards":
        return {}  # cards are cut out and read, not filled in
    expected = {f"{item.id}--header--{name}": "/Tx" for name in item.header_fields}
    for block in item.blocks:
        name = f"{item.id}--{block.id}"
        if block.type in ("lines", "box"):
            expected[name] = "/Tx"
        elif block.type == "table":
            for row in range(1, block.rows + 1):
                for column in block.columns:
                    expected[f"{name}--row-{row}--{slug(column)}"] = "/Tx"
        elif block.type == "scale":
            for row in block.rows:
                expected[f"{name}--{row.id}"] = "/Btn"
                if block.notes:
                    expected[f"{name}--{row.id}--notes"] = "/Tx"
        elif block.type == "checkboxes":
            for entry in block.items:
                expected[f"{name}--{entry.id}"] = "/Btn"
    return expected


def headings(item) -> list[str]:
    """A sheet's second-level headings: a checklist's groups, a worksheet's blocks, each card's heading."""
    if item.kind == "checklist":
        return [group.title for group in item.groups]
    if item.kind == "cards":
        return [card.heading for card in item.cards]
    return [block.label for block in item.blocks]


@pytest.fixture(scope="module")
def sheets(built, kit):
    return [(item, built / "pdf" / f"{item.id}.pdf") for item in kit.printable()]


def test_every_sheet_has_its_text_on_a4(sheets):
    for item, path in sheets:
        text = pdf_text(path)
        assert squash(item.title) in text
        labels = headings(item)
        if item.kind == "checklist":
            labels += [entry.text for group in item.groups for entry in group.items]
        if item.kind == "cards":
            labels += [point for card in item.cards for point in [card.text, *card.points] if point]
        for label in labels:
            assert squash(label) in text, f"{item.id}: {label!r} missing"
        assert page_size(PdfReader(path)) == A4


def test_every_write_in_area_cell_and_box_is_a_named_form_field(sheets):
    for item, path in sheets:
        found = fields(path)
        assert {name: field["type"] for name, field in found.items()} == expected_fields(item), item.id


def test_field_names_say_what_the_field_is(built):
    found = fields(built / "pdf" / "interview-debrief.pdf")
    assert "interview-debrief--header--name" in found
    assert "interview-debrief--questions--row-1--question-they-asked" in found
    assert "interview-debrief--questions--row-6--what-i-would-do-better" in found
    ratings = fields(built / "pdf" / "session-evaluation.pdf")["session-evaluation--ratings--understood"]
    assert len(ratings["rects"]) == 5, "one radio button per point of the 1 to 5 scale"


def test_checklist_boxes_carry_the_same_ids_as_the_site(built, kit):
    for checklist in kit.of_kind("checklist"):
        page = (built / "site" / "checklists" / checklist.id / "index.html").read_text(encoding="utf-8")
        site_ids = {box["id"] for box in BeautifulSoup(page, "html.parser").select("article input[type=checkbox]")}
        assert set(fields(built / "pdf" / f"{checklist.id}.pdf")) == site_ids


def test_write_in_space_is_sized_for_handwriting(sheets):
    for item, path in sheets:
        found = fields(path)
        for block in getattr(item, "blocks", []):
            if block.type == "lines":
                ((x1, y1, x2, y2),) = found[f"{item.id}--{block.id}"]["rects"]
                assert abs(y2 - y1) / block.lines >= 8 * MM, f"{item.id}.{block.id}: lines closer than 8 mm"
        for name, field in found.items():
            if field["type"] == "/Btn":
                for x1, y1, x2, y2 in field["rects"]:
                    assert abs(x2 - x1) == pytest.approx(abs(y2 - y1), abs=0.5), f"{name} is not square"
                    assert abs(x2 - x1) >= 4 * MM, f"{name} is too small to tick"


def test_pages_keep_a_margin_and_a_footer_with_the_kit_name_and_page_x_of_y(sheets, kit):
    for item, path in sheets:
        box = PdfReader(path).pages[0].mediabox
        width, height = float(box.width), float(box.height)
        words = words_with_boxes(path)
        page_count = len(PdfReader(path).pages)
        for page, word, x_min, y_min, x_max, y_max in words:
            assert x_min >= 12 * MM and y_min >= 12 * MM, f"{item.id} p{page}: {word!r} inside the margin"
            assert x_max <= width - 12 * MM and y_max <= height - 12 * MM, (
                f"{item.id} p{page}: {word!r} inside the margin"
            )
        for number in range(1, page_count + 1):
            footer = " ".join(w[1] for w in words if w[0] == number and w[3] > height - 20 * MM)
            assert footer == f"{kit.settings.title} Page {number} of {page_count}", f"{item.id} p{number}"


def test_pdfs_are_tagged_with_title_language_and_author(sheets, kit):
    for item, path in sheets:
        reader = PdfReader(path)
        catalog = reader.trailer["/Root"]
        assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712, a PDF boolean object
        structure = catalog["/StructTreeRoot"]["/K"][0].get_object()
        assert structure["/S"] == "/Document"
        assert str(catalog["/Lang"]) == kit.settings.language
        assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
        info = reader.metadata
        assert info.title == item.title
        assert info.author == kit.settings.author
        assert info.subject == squash(getattr(item, "intro", None) or item.instructions)
        assert b'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data()


def test_form_fields_and_headings_are_in_the_structure_tree(built):
    reader = PdfReader(built / "pdf" / "self-audit-scorecard.pdf")
    tags: list[str] = []

    def walk(element):
        element = element.get_object()
        if hasattr(element, "get") and "/S" in element:
            tags.append(element["/S"])
            for kid in element.get("/K", []) if isinstance(element.get("/K"), list) else []:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"][0])
    assert tags.count("/H1") == 1
    assert {"/H2", "/Table", "/TH", "/TD", "/Form", "/P"} <= set(tags)


def test_every_font_is_embedded_and_the_text_font_is_atkinson_hyperlegible(sheets):
    for item, path in sheets:
        listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        rows = listing.splitlines()[2:]
        assert any("Atkinson-Hyperlegible" in row for row in rows), f"{item.id}: not set in Atkinson Hyperlegible"
        for row in rows:
            assert row.split()[-5] == "yes", f"{item.id}: font not embedded: {row}"


def test_bookmarks_follow_the_headings(sheets):
    for item, path in sheets:
        assert outline(path) == [(item.title, [(heading, []) for heading in headings(item)])]


def test_text_reads_in_the_order_of_the_sheet(sheets):
    for item, path in sheets:
        text = pdf_text(path)
        description = getattr(item, "intro", None) or item.instructions
        parts = [item.title, description]
        parts += headings(item)
        positions = [text.find(squash(part)) for part in parts]
        assert -1 not in positions and positions == sorted(positions), f"{item.id}: text out of order"


def test_body_text_is_11_points(built, kit):
    intro = kit.items["on-the-call"].intro
    assert font_size_of(built / "pdf" / "on-the-call.pdf", intro[:20]) == pytest.approx(11, abs=0.1)


def test_one_page_fillable_worksheets_stay_under_60_kb(sheets):
    one_page = [(item, path) for item, path in sheets if item.kind == "worksheet" and len(PdfReader(path).pages) == 1]
    assert len(one_page) >= 5
    for item, path in one_page:
        assert path.stat().st_size < 60_000, f"{item.id}: {path.stat().st_size} bytes"


def test_building_twice_gives_identical_files(built, kit_copy, tmp_path):
    again = tmp_path / "again"
    result = run_nextround("build", "--out", str(again), "--quiet", "--no-cache", cwd=kit_copy)
    assert result.returncode == 0, result.stderr
    outputs = sorted(p.relative_to(built) for p in built.glob("**/*") if p.suffix in (".pdf", ".docx"))
    assert len(outputs) > 30
    for relative in outputs:
        assert (again / relative).read_bytes() == (built / relative).read_bytes(), f"{relative} differs"
