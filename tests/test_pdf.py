"""The PDFs read back: their text and their page size."""
from pypdf import PdfReader

from conftest import run_nextround, squash

A4 = (595, 842)
LETTER = (612, 792)


def page_size(reader: PdfReader) -> tuple[int, int]:
    box = reader.pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def pdf_text(path) -> str:
    return squash(" ".join(page.extract_text() for page in PdfReader(path).pages))


def test_every_checklist_and_worksheet_has_a_pdf_with_its_text(built, kit):
    for item in kit.printable():
        path = built / "pdf" / f"{item.id}.pdf"
        text = pdf_text(path)
        assert squash(item.title) in text
        if item.kind == "checklist":
            for group in item.groups:
                assert squash(group.title) in text
                for entry in group.items:
                    assert squash(entry.text) in text, f"{item.id}: {entry.text!r} missing"
        else:
            for block in item.blocks:
                assert squash(block.label) in text, f"{item.id}: {block.label!r} missing"
        assert page_size(PdfReader(path)) == A4


def test_paper_letter_builds_us_letter_pdfs(tmp_path, kit):
    out = tmp_path / "letter"
    result = run_nextround("build", "--out", str(out), "--paper", "letter", "--quiet")
    assert result.returncode == 0, result.stderr
    for item in kit.printable():
        assert page_size(PdfReader(out / "pdf" / f"{item.id}.pdf")) == LETTER
