"""Render checklists and worksheets as printable, fillable, tagged PDFs.

Two steps, kept apart so that the second can run in worker processes and be
cached: the HTML of a sheet comes from the Jinja2 templates in the kit's
worksheets/ folder (`pdf_jobs`), then WeasyPrint turns a `PdfJob` into bytes
(`pdf_bytes`), a pure function of the job's HTML and CSS (fonts inlined) and
the fixed `WEASYPRINT_OPTIONS`.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from nextround.compiled import template_cache
from nextround.fingerprint import code_digest
from nextround.render.dates import build_date
from nextround.render.fonts import font_faces_css, one_font_per_word
from nextround.render.formfields import SCALE_POINTS, field_name, header_field
from nextround.render.formfields import block_form as worksheet_block_form
from nextround.render.radiogroups import one_field_per_radio_group
from nextround.text.interface import fill_html, pieces

if TYPE_CHECKING:  # the PDF workers load this module, and never need the content's models
    from nextround.model.content import Content

PAGE_SIZES = {"a4": "A4", "letter": "letter"}
# PDF/UA-1: tagged structure, language, title shown by the reader, embedded
# fonts. pdf_identifier=True makes the file id a hash of the content, not random.
WEASYPRINT_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_forms": True, "pdf_identifier": True}


@dataclass(frozen=True)
class DocumentMeta:
    """What a PDF says about itself: the reader's title bar, search, screen readers."""

    title: str
    subject: str
    author: str
    language: str
    keywords: tuple[str, ...]
    date: str
    generator: str = "Next Round"


@dataclass(frozen=True)
class PdfJob:
    """Everything a worker needs to render one PDF: plain data, cheap to send, easy to hash.

    stylesheets are CSS texts (the fonts' @font-face rules with the fonts
    inlined, then print.css), so the job names no file that shapes the PDF.
    """

    item_id: str
    html: str
    # The folder relative URLs in the HTML and CSS point into (images, say): the kit's worksheets/.
    assets: str
    stylesheets: tuple[str, ...]
    output: str

    @property
    def base_url(self) -> str:
        return Path(self.assets).resolve().as_uri() + "/"


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    warnings: tuple[str, ...]


def description(item) -> str:
    """The sentence or two under a sheet's title, also its PDF subject, on one line."""
    return " ".join((getattr(item, "intro", None) or item.instructions).split())


def header_fields(item) -> tuple[str, ...]:
    """What the top of the sheet asks for: a worksheet says; a checklist, a personal list to tick, asks for nothing."""
    return tuple(getattr(item, "header_fields", ()))


def css_string(text: str) -> Markup:
    """Text as a quoted CSS string, safe inside a <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ").replace("<", "\\3c ")
    return Markup(f'"{escaped}"')


def css_content(template: str, **values: str) -> Markup:
    """An interface string as the value of CSS `content`: its words quoted, each value CSS as given,
    so `Page {page} of {pages}` with page="counter(page)" is `"Page " counter(page) " of " ...`."""
    parts = []
    for words, name in pieces(template):
        if words:
            parts.append(css_string(words))
        if name is not None:
            parts.append(Markup(values[name]))
    return Markup(" ").join(parts) if parts else css_string("")


def kind_label(t, kind: str) -> str:
    """What a printable kind is called above a sheet's title and in the pack's contents: `kind_<kind>`."""
    return t[f"kind_{kind}"]


# One environment per template folder, so each template is compiled once per
# process; Jinja still reloads a template whose file changed (live preview).
@functools.cache
def template_environment(template_dir: Path) -> Environment:
    """The Jinja2 environment of the print templates, with the helpers they use."""
    environment = Environment(
        loader=FileSystemLoader(template_dir),
        bytecode_cache=template_cache(template_dir.parent, "kit", code_digest()),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(
        description=description, header_fields=header_fields, css_string=css_string, css_content=css_content
    )
    # Interface strings with values in them (text/interface.py), for HTML.
    environment.filters.update(fill=fill_html, kind_label=lambda kind, t: kind_label(t, kind))
    environment.globals.update(field_name=field_name, scale_points=SCALE_POINTS)
    # Worksheets' fields, named in formfields.py for the PDF and the site alike.
    environment.globals.update(header_field=header_field, block_form=worksheet_block_form)
    return environment


def document_context(content: Content, meta: DocumentMeta) -> dict:
    """What document.html.j2 needs: the interface strings, metadata, paper, print size, footer,
    and a group's logo and colour."""
    return {
        "t": content.t,
        "meta": meta,
        "page_size": PAGE_SIZES[content.paper],
        "large_print": content.large_print,
        "footer": content.settings.title,
        "logo": logo_data_uri(content.logo) if content.logo else "",
        "colour": content.group.branding.colour if content.group else None,
    }


def logo_data_uri(path: Path) -> str:
    """The logo inside the HTML itself, so a changed logo changes the HTML (and the cache key) too."""
    kind = {".svg": "image/svg+xml", ".png": "image/png"}.get(path.suffix.lower(), "image/jpeg")
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def sheet_html(content: Content, item, template_dir: Path, date: datetime) -> str:
    """The print HTML of one checklist, worksheet or set of cards."""
    meta = DocumentMeta(
        title=item.title,
        subject=description(item),
        author=content.settings.author,
        language=content.settings.language,
        keywords=(content.settings.title, kind_label(content.t, item.kind)),
        date=pdf_date(date),
    )
    template = template_environment(template_dir).get_template("sheet.html.j2")
    return template.render(item=item, **document_context(content, meta))


def pdf_date(date: datetime) -> str:
    """A date as the W3C format WeasyPrint reads from dcterms meta elements."""
    return date.strftime("%Y-%m-%dT%H:%M:%SZ")


def stylesheets(template_dir: Path) -> tuple[str, ...]:
    """The CSS every PDF uses: the fonts, then print.css."""
    return (font_faces_css(), (template_dir / "print.css").read_text(encoding="utf-8"))


# Where a build's large-print copies of the sheets go, inside its pdf/ folder.
LARGE_PRINT_DIR = "large-print"


def pdf_jobs(content: Content, template_dir: Path, out_dir: Path) -> list[PdfJob]:
    """One job per checklist, worksheet and set of cards, writing out_dir/<item id>.pdf."""
    css, date = stylesheets(template_dir), build_date()
    return [
        PdfJob(
            item.id,
            sheet_html(content, item, template_dir, date),
            str(template_dir),
            css,
            str(out_dir / f"{item.id}.pdf"),
        )
        for item in content.printable()
    ]


def large_print_jobs(content: Content, template_dir: Path, out_dir: Path) -> list[PdfJob]:
    """The sheets again in large print, writing out_dir/large-print/<item id>.pdf, whatever this build's print size."""
    large = dataclasses.replace(content, large_print=True)
    return [
        dataclasses.replace(job, item_id=f"{LARGE_PRINT_DIR}/{job.item_id}")
        for job in pdf_jobs(large, template_dir, out_dir / LARGE_PRINT_DIR)
    ]


def render_pdf(job: PdfJob) -> str:
    """Write a job's PDF to job.output; WeasyPrint's warnings, one a line. Runs in a worker process."""
    rendered = pdf_bytes(job)
    Path(job.output).write_bytes(rendered.data)
    return "\n".join(rendered.warnings)


def pdf_bytes(job: PdfJob) -> RenderedPdf:
    """The PDF of a job, with WeasyPrint's warnings."""
    # Loaded on first use, as it takes most of a second (the PDF engine has it loaded already).
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    messages: list[str] = []
    handler = _ListHandler(messages)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        fonts = FontConfiguration()
        css = [CSS(string=text, base_url=job.base_url, font_config=fonts) for text in job.stylesheets]
        # The finisher makes each scale's radio buttons one field, so a value set on the site's form reaches them.
        data = HTML(string=one_font_per_word(job.html), base_url=job.base_url).write_pdf(
            stylesheets=css, font_config=fonts, finisher=one_field_per_radio_group, **WEASYPRINT_OPTIONS
        )
    finally:
        logger.removeHandler(handler)
    return RenderedPdf(data, tuple(f"{job.item_id}: {message}" for message in messages))


class _ListHandler(logging.Handler):
    def __init__(self, sink: list[str]):
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record.getMessage())
