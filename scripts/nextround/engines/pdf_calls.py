"""What the PDF engine can be asked to do, by name: the same functions in its workers or in this process."""

from __future__ import annotations

from nextround.render import packjoin, pdf

CALLS = {
    # Render a PdfJob to its output file; WeasyPrint's warnings.
    "render": pdf.render_pdf,
    # How many pages each PDF has.
    "page_counts": packjoin.page_counts,
    # Join the pack from its cover and the sheet PDFs.
    "join": packjoin.join_files,
}


def call(name: str, *arguments):
    return CALLS[name](*arguments)
