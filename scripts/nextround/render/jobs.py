"""Every PDF a build renders with WeasyPrint, besides the packs' covers: one list for the build,
the live preview and the benchmark's floor, so none of them leaves a PDF out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from nextround.render import pdf, runsheet

if TYPE_CHECKING:
    from nextround.model.content import Content


def pdf_jobs(content: Content, template_dir: Path, pdf_dir: Path, start: str | None = None) -> list[pdf.PdfJob]:
    """Each sheet in pdf_dir, each again in large print in pdf_dir/large-print, and each session plan's
    run-sheet in pdf_dir; start is the session's start time (HH:MM) for the run-sheets, when given."""
    return [
        *pdf.pdf_jobs(content, template_dir, pdf_dir),
        *pdf.large_print_jobs(content, template_dir, pdf_dir),
        *runsheet.run_sheet_jobs(content, template_dir, pdf_dir, start),
    ]


def make_folders(pdf_dir: Path) -> None:
    """The folders the jobs write into."""
    (pdf_dir / pdf.LARGE_PRINT_DIR).mkdir(parents=True, exist_ok=True)
