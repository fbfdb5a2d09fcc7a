"""The workshop pack: one PDF with a cover, contents and every handout a facilitator needs.

WeasyPrint renders only the cover and contents (pack.html.j2); the pack is
then joined from that and the sheet PDFs the build makes anyway (see
packjoin.py), so each sheet keeps its bookmarks, its tags and its own form
fields (their names start with the item id, so they never collide), and an
edit to one sheet does not render the others again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from nextround.model.content import Content
from nextround.render import packjoin
from nextround.render.dates import build_date
from nextround.render.pdf import (
    LARGE_PRINT_DIR,
    DocumentMeta,
    PdfJob,
    document_context,
    logo_data_uri,
    pdf_date,
    stylesheets,
    template_environment,
)
from nextround.text.interface import format_day

# The facilitator page whose session plans set the order of the handouts.
SESSION_PLANS_ID = "session-plans"
PACK_NAME = "workshop-pack"
# The same pack with every sheet in large print, beside it; its sheets are in pdf/large-print/.
LARGE_PACK_NAME = f"{PACK_NAME}-large-print"


@dataclass(frozen=True)
class CoverSession:
    date: str
    time: str = ""
    venue: str = ""


@dataclass(frozen=True)
class CoverResource:
    name: str
    phone: str = ""
    url: str = ""
    description: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class PackCover:
    """What the pack's cover shows. The kit's own pack has a title and tagline;
    a group's pack adds who runs it, when and where, and local help."""

    title: str
    tagline: str = ""
    group_name: str = ""
    organisation: str = ""
    facilitators: tuple[str, ...] = ()
    contact: tuple[str, ...] = ()
    sessions: tuple[CoverSession, ...] = ()
    resources: tuple[CoverResource, ...] = ()
    logo: Path | None = None


def pack_cover(content: Content) -> PackCover:
    """The cover of this build's pack: the kit's title and tagline, and the group's details when there is a group."""
    cover = PackCover(title=content.settings.title, tagline=content.settings.tagline)
    if content.group is None:
        return cover
    group = content.group.group
    contact = group.contact
    day, language = content.t.date_without_weekday, content.settings.language
    return dataclasses.replace(
        cover,
        group_name=group.name,
        organisation=group.organisation or "",
        facilitators=tuple(group.facilitators),
        contact=tuple(w for w in (contact.email, contact.phone, contact.url) if w) if contact else (),
        sessions=tuple(
            CoverSession(format_day(s.date, day, language), s.time or "", s.venue or "") for s in group.sessions
        ),
        resources=tuple(
            CoverResource(r.name, r.phone or "", r.url or "", r.description or "", r.email or "", r.address or "")
            for r in content.group.resources
        ),
        logo=content.logo,
    )


def pack_items(content: Content) -> list:
    """The group's `pack:` list when it has one; else checklists and worksheets in the order
    the session plans hand them out, then the rest."""
    printable = {item.id: item for item in content.printable()}
    if content.group and content.group.pack:
        return [printable[item_id] for item_id in content.group.pack if item_id in printable]
    ordered: dict[str, object] = {}
    plans = getattr(content.items.get(SESSION_PLANS_ID), "plans", [])
    for plan in plans:
        for step in plan.steps:
            for handout in step.handouts:
                if handout in printable:
                    ordered.setdefault(handout, printable[handout])
    for item_id, item in printable.items():
        ordered.setdefault(item_id, item)
    return list(ordered.values())


def cover_html(content: Content, items: list, cover: PackCover, template_dir: Path, date: datetime) -> str:
    """The print HTML of the pack's cover and contents,
    with a packjoin.PAGE_TOKEN where each sheet's page number goes."""
    t = content.t
    meta = DocumentMeta(
        title=t.pack_title.format(title=cover.title),
        subject=t.pack_subject,
        author=content.settings.author,
        language=content.settings.language,
        keywords=(content.settings.title, t.workshop_pack),
        date=pdf_date(date),
    )
    template = template_environment(template_dir).get_template("pack.html.j2")
    context = document_context(content, meta)
    cover_logo = logo_data_uri(cover.logo) if cover.logo else ""
    entries = [
        {"item": item, "page": packjoin.PAGE_TOKEN.format(index), "href": f"{packjoin.LINK_PREFIX}{index}"}
        for index, item in enumerate(items)
    ]
    return template.render(entries=entries, cover=cover, cover_logo=cover_logo, **context)


def join_job(
    content: Content, template_dir: Path, output: Path, sheet_dir: Path, cover: PackCover | None = None
) -> packjoin.JoinJob:
    """The job that makes the workshop pack in output from the sheet PDFs in sheet_dir;
    the build's own cover unless one is given."""
    items = pack_items(content)
    html = cover_html(content, items, cover or pack_cover(content), template_dir, build_date())
    # The cover is rendered beside the pack, and removed once the pack is joined.
    name = output.stem
    cover_output = output.with_name(f".{name}-cover.pdf")
    cover_job = PdfJob(f"{name}-cover", html, str(template_dir), stylesheets(template_dir), str(cover_output))
    sheets = tuple(str(sheet_dir / f"{item.id}.pdf") for item in items)
    return packjoin.JoinJob(name, cover_job, sheets, str(output), content.t.contents_link)


def join_jobs(content: Content, template_dir: Path, out_dir: Path, pdf_dir: Path) -> list[packjoin.JoinJob]:
    """The build's two packs, out_dir/workshop-pack.pdf and out_dir/workshop-pack-large-print.pdf,
    joined from the sheets in pdf_dir and in pdf_dir/large-print."""
    large = dataclasses.replace(content, large_print=True)
    return [
        join_job(content, template_dir, out_dir / f"{PACK_NAME}.pdf", pdf_dir),
        join_job(large, template_dir, out_dir / f"{LARGE_PACK_NAME}.pdf", pdf_dir / LARGE_PRINT_DIR),
    ]
