"""Render checklists and worksheets as printable, fillable PDFs.

The HTML comes from the Jinja2 templates in the kit's worksheets/ folder; the
PDF from WeasyPrint, run in worker processes by the build.
"""
from __future__ import annotations

import functools
import base64
import logging
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .content import Content

PAPER_CSS = {"a4": "A4", "letter": "letter"}
LINE_MM = 9
BOX_MM = {"small": 25, "medium": 45, "large": 80}


@dataclass(frozen=True)
class PdfJob:
    """Everything a worker needs to write one PDF: plain data, cheap to send."""

    item_id: str
    html: str
    base_url: str
    stylesheet: str
    output: str


# One environment per template folder, so each template is compiled once per
# process; Jinja still reloads a template whose file changed (live preview).
@functools.cache
def _environment(template_dir: Path) -> Environment:
    return Environment(
        loader=FileSystemLoader(template_dir),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def pdf_html(content: Content, item, template_dir: Path) -> str:
    """The print HTML of one checklist or worksheet."""
    description = getattr(item, "intro", None) or getattr(item, "instructions", "")
    return _environment(template_dir).get_template(f"{item.kind}.html.j2").render(
        item=item,
        description=description,
        language=content.settings.language,
        author=content.settings.author,
        footer=content.settings.title,
        paper_css=PAPER_CSS[content.paper],
        logo=logo_data_uri(content.logo) if content.logo else None,
        colour=content.group.branding.colour if content.group else None,
        body_class="large-print" if content.large_print else "",
        line_mm=LINE_MM,
        box_mm=BOX_MM,
    )


def logo_data_uri(path: Path) -> str:
    """The logo inside the HTML itself, so a changed logo changes the HTML (and the cache key) too."""
    kind = {".svg": "image/svg+xml", ".png": "image/png"}.get(path.suffix.lower(), "image/jpeg")
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def pdf_jobs(content: Content, template_dir: Path, out_dir: Path) -> list[PdfJob]:
    stylesheet = str(template_dir / "print.css")
    return [
        PdfJob(item.id, pdf_html(content, item, template_dir), str(template_dir), stylesheet, str(out_dir / f"{item.id}.pdf"))
        for item in content.printable()
    ]


def render_pdf(job: PdfJob) -> str:
    """Write one PDF; runs in a worker process. Returns WeasyPrint's warnings, if any."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    messages: list[str] = []
    handler = _ListHandler(messages)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        fonts = FontConfiguration()
        HTML(string=job.html, base_url=job.base_url).write_pdf(
            job.output,
            stylesheets=[CSS(filename=job.stylesheet, font_config=fonts)],
            font_config=fonts,
            pdf_forms=True,
        )
    finally:
        logger.removeHandler(handler)
    return "\n".join(f"{job.item_id}: {m}" for m in messages)


class _ListHandler(logging.Handler):
    def __init__(self, sink: list[str]):
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record.getMessage())
