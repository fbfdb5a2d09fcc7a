"""Generate the site's Markdown pages and MkDocs configuration from the content.

The pages are plain Markdown with a little HTML, written to a folder that git
ignores; any engine that reads mkdocs.yml (MkDocs, ProperDocs, Zensical) can
build them, because nothing here is a plugin.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from nextround.compiled import template_cache
from nextround.compose.placeholders import PLACEHOLDERS
from nextround.fingerprint import code_digest
from nextround.load.yamlsource import read_config
from nextround.model.content import SECTIONS, Content, language_folder
from nextround.model.reference import format_reference, group_reference_tables
from nextround.render import runsheet, takeaway, webapp
from nextround.render.formfields import worksheet_form
from nextround.render.pack import LARGE_PACK_NAME, PACK_NAME
from nextround.render.pdf import LARGE_PRINT_DIR
from nextround.text import letters
from nextround.text.interface import fill_html, fill_markdown, format_day, language_name
from nextround.text.markup import plain_text, safe_markdown

THEME_DIR = Path(__file__).parent / "theme"
_ENV = Environment(
    loader=PackageLoader("nextround.render", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_ENV.filters["plain"] = plain_text
# A worksheet's web form has the fields, and field names, of its fillable PDF.
_ENV.globals["worksheet_form"] = worksheet_form
# Front matter is YAML: a JSON string is valid YAML whatever the text holds. The text stays
# plain, as do the titles and names in mkdocs.yml: the theme's templates (with the kit's
# overrides in theme/overrides) escape each where they print it.
_ENV.filters["front"] = lambda text: Markup(json.dumps(str(text), ensure_ascii=False))
# Interface strings with values in them (text/interface.py): for HTML, for Markdown, and as plain text.
_ENV.filters.update(fill=fill_html, fill_md=fill_markdown, fill_text=lambda text, **values: text.format(**values))
# The heading over a letter, by how it is sent: the name of its interface string.
_LETTER_HEADINGS = {"email": "the_email", "letter": "the_letter", "phone": "the_script", "post": "the_post"}
# The toggle of each palette in mkdocs.yml, by its scheme, says which palette it switches to.
_PALETTE_TOGGLES = {"default": "switch_to_dark", "slate": "switch_to_light"}
# The strings nextround.js shows are the ones it asks for as `say("name")`: the script itself is the one
# list of them. Each page hands them to it (theme/overrides/main.html), from mkdocs.yml's `extra`.
_SCRIPT_SAYS = re.compile(r'\bsay\("([a-z][a-z0-9_]*)"')
SCRIPT_STRINGS = "nextround_strings"
LOCAL_HELP_PAGE = "local-help/index.md"
CUSTOMISE_PAGE = "facilitator/customise/index.md"
CONTENT_FORMAT_PAGE = "facilitator/content-format/index.md"
LOGO_PAGE_PATH = "assets/group-logo"
GROUP_CSS = "assets/group.css"


@dataclass
class SitePage:
    path: str
    text: str


def downloads_prefix(page_path: str) -> str:
    """The relative path from a built page to the site root.

    Each page becomes a plain .html file beside its Markdown source
    (use_directory_urls is off so the site works from disk); item pages are
    index pages one folder deeper.
    """
    return "../" * page_path.count("/")


class PageRenderer:
    """Renders one item's page, knowing how to link to the others in this build."""

    def __init__(self, content: Content):
        self.content = content

    def link(self, from_page: str, item_id: str) -> str | None:
        if item_id not in self.content.items:
            return None
        return posixpath.relpath(self.content.page_path(item_id), posixpath.dirname(from_page) or ".")

    def markdown(self, from_page: str, text: str | None) -> Markup:
        return Markup(safe_markdown(text or "", lambda ref: self.link(from_page, ref)))

    def related(self, page: str, item) -> list[tuple[str, str]]:
        return [(self.content.items[r].title, self.link(page, r)) for r in item.related if r in self.content.items]

    def render(self, item) -> SitePage:
        page = self.content.page_path(item.id)
        root = downloads_prefix(page)
        context = {
            "t": self.content.t,
            "item": item,
            "pdf_href": f"{root}downloads/pdf/{item.id}.pdf",
            "large_pdf_href": f"{root}downloads/pdf/{LARGE_PRINT_DIR}/{item.id}.pdf",
        }
        if item.kind in ("guide", "facilitator"):
            context["sections"] = [{"heading": s.heading, "body": self.markdown(page, s.body)} for s in item.sections]
            context["related_links"] = self.related(page, item)
        if item.kind == "facilitator":
            context["plans"] = [self._plan(page, plan, root) for plan in item.plans]
            context["pack_href"] = f"{root}downloads/{PACK_NAME}.pdf"
            context["large_pack_href"] = f"{root}downloads/{LARGE_PACK_NAME}.pdf"
        if item.kind == "letter":
            context.update(self._letter(item, root))
        text = _ENV.get_template(f"{item.kind}.md.j2").render(context)
        return SitePage(page, text)

    def _plan(self, page: str, plan, root: str) -> dict:
        steps, start = [], 0
        for step in plan.steps:
            handout = Markup(", ").join(
                Markup("[{}]({})").format(plain_text(self.content.items[ref].title), self.link(page, ref))
                for ref in step.handouts
                if ref in self.content.items
            )
            steps.append(
                {
                    "start": f"{start // 60}:{start % 60:02d}",
                    "minutes": step.minutes,
                    "activity": step.activity,
                    "handout": handout,
                    "notes": self.markdown(page, step.notes) if step.notes else None,
                }
            )
            start += step.minutes
        run_sheet = f"{root}downloads/pdf/{runsheet.PREFIX}{plan.id}.pdf"
        return {"id": plan.id, "title": plan.title, "steps": steps, "run_sheet_href": run_sheet}

    def _letter(self, letter, root: str) -> dict:
        values = letters.example_values(letter)
        source = {
            "subject": letter.subject,
            "body": letter.body,
            "fields": [{"name": f.name, "label": f.label, "example": f.example} for f in letter.fields],
        }
        return {
            "letter_heading": self.content.t[_LETTER_HEADINGS[letter.channel]],
            "subject": letters.fill_html(letter.subject, values) if letter.subject else None,
            "paragraphs": [letters.fill_html(p, values) for p in letters.paragraphs(letter.body)],
            "source_json": Markup(
                json.dumps(source).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            ),
            "txt_href": f"{root}downloads/letters/{letter.id}.txt",
            "docx_href": f"{root}downloads/letters/{letter.id}.docx",
        }


def home_page(content: Content, renderer: PageRenderer) -> SitePage:
    settings = content.settings
    lines = [f"# {plain_text(settings.title)}", "", f'<p class="nr-summary">{Markup.escape(settings.tagline)}</p>', ""]
    if content.group:
        lines += [group_block(content), ""]
    lines += [renderer.markdown("index.md", settings.welcome), ""]
    lines += [takeaway.zip_link(content.t), ""]  # the whole kit as a zip; its size is written in after the build
    for kind in SECTIONS:
        items = content.of_kind(kind)
        if not items:
            continue
        lines += [f"## {plain_text(content.section_heading(kind))}", ""]
        for item in items:
            about = (
                getattr(item, "summary", None)
                or getattr(item, "intro", None)
                or getattr(item, "when", None)
                or getattr(item, "instructions", "")
            )
            lines.append(f"- [{plain_text(item.title)}]({content.page_path(item.id)}): {plain_text(about)}")
        lines.append("")
    return SitePage("index.md", "\n".join(lines))


def group_block(content: Content) -> str:
    """The group's name, organisation, facilitators, contact and sessions, for the home page."""
    group = content.group.group
    contact = group.contact
    ways = [w for w in (contact.email, contact.phone, contact.url) if w] if contact else []
    day = content.t.date_with_weekday
    sessions = [
        {"date": format_day(s.date, day, content.settings.language), "time": s.time or "", "venue": s.venue or ""}
        for s in group.sessions
    ]
    return _ENV.get_template("_group.md.j2").render(
        t=content.t,
        group=group,
        contact=ways,
        sessions=sessions,
        local_help_href=LOCAL_HELP_PAGE if content.group.resources else None,
    )


def local_help_page(content: Content) -> SitePage:
    """The group's local resources, each with the ways to reach it."""
    t = content.t
    resources = []
    for resource in content.group.resources:
        ways = [
            (t.phone, resource.phone, f"tel:{resource.phone.replace(' ', '')}" if resource.phone else None),
            (t.email, resource.email, f"mailto:{resource.email}" if resource.email else None),
            (t.website, resource.url, resource.url),
            (t.address, resource.address, None),
        ]
        resources.append(
            {"name": resource.name, "description": resource.description, "ways": [w for w in ways if w[1]]}
        )
    text = _ENV.get_template("local-help.md.j2").render(t=t, group=content.group.group, resources=resources)
    return SitePage(LOCAL_HELP_PAGE, text)


def customise_page(content: Content) -> SitePage:
    """The facilitators' guide to group.yml, with its reference generated from the model, in the Content's
    language: its words are the Content's reference texts (model/reference.py), Markdown the kit wrote."""
    texts = content.reference
    text = _ENV.get_template("customise.md.j2").render(
        t=content.t,
        r={key: Markup(text) for key, text in texts.items()},
        parts=[key.removeprefix(_PART) for key in texts if key.startswith(_PART)],
        placeholders=[(name, Markup(texts[f"placeholder.{name}"])) for name in PLACEHOLDERS],
        tables=Markup(group_reference_tables(texts)),
    )
    return SitePage(CUSTOMISE_PAGE, text)


# What each part of group.yml does, on the customise page: a reference text per key, in the order written.
_PART = "customise.part."


def site_pages(content: Content) -> list[SitePage]:
    renderer = PageRenderer(content)
    pages = [home_page(content, renderer)]
    pages += [renderer.render(item) for item in content.items.values()]
    title = plain_text(content.t.content_format)  # an interface string: shown as written
    pages.append(SitePage(CONTENT_FORMAT_PAGE, format_reference(content.reference, title)))
    pages.append(customise_page(content))
    if content.group and content.group.resources:
        pages.append(local_help_page(content))
    return pages


def navigation(content: Content) -> list:
    t = content.t
    nav: list = [{t.home: "index.md"}]
    if content.group and content.group.resources:
        nav.append({t.local_help: LOCAL_HELP_PAGE})
    for kind in SECTIONS:
        entries = [{item.title: content.page_path(item.id)} for item in content.of_kind(kind)]
        if kind == "facilitator":
            entries.append({t.customise: CUSTOMISE_PAGE})
            entries.append({t.content_format: CONTENT_FORMAT_PAGE})
        if entries:
            nav.append({content.section_heading(kind): entries})
    return nav


def script_strings(content: Content) -> dict[str, str]:
    """The interface strings nextround.js shows, by name, as written: its say() fills their values
    and makes their doubled braces single, as text/interface.py does."""
    script = (THEME_DIR / "assets" / "nextround.js").read_text(encoding="utf-8")
    names = sorted(set(_SCRIPT_SAYS.findall(script)))
    for name in names:
        content.t[name]  # a string the file lacks stops the build, named
    return {name: content.interface[name] for name in names}


def logo_page_path(content: Content) -> str | None:
    """Where the group's logo goes among the site's files, relative to the docs folder."""
    return f"{LOGO_PAGE_PATH}{content.logo.suffix.lower()}" if content.logo else None


def group_css(colour: str) -> str:
    """CSS variables that give Material's header, links and buttons the group's colour."""
    return _ENV.get_template("group.css.j2").render(
        colour=colour,
        light=_mix(colour, "#ffffff", 0.2),
        dark=_mix(colour, "#000000", 0.2),
        pale=_mix(colour, "#ffffff", 0.55),
    )


def _mix(colour: str, other: str, share: float) -> str:
    channels = [round(int(colour[i : i + 2], 16) * (1 - share) + int(other[i : i + 2], 16) * share) for i in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in channels)


def mkdocs_config(content: Content, docs_dir: Path, config_dir: Path, site_url: str | None = None) -> dict:
    """The kit's mkdocs.yml, completed for this build: title, pages, folders.

    The folders are relative to config_dir, where the config is written: MkDocs
    reads docs_dir, site_dir and theme.custom_dir relative to the config file,
    and other engines (Zensical) refuse absolute ones, or any outside that
    folder. The site goes to `site/` beside the config; a build tells its
    engine to write it to its staging folder instead. site_url, when given, is
    where the build's sites will be served (a language other than the default's
    in its folder of it): it sets the canonical links, the sitemap and the
    hreflang links (links between pages stay relative).
    """
    config = read_config(content.root / "mkdocs.yml")
    config.update(
        site_name=content.settings.title,
        site_description=content.settings.tagline,
        docs_dir=_relative(docs_dir, config_dir),
        site_dir="site",
        nav=navigation(content),
    )
    if site_url:
        config["site_url"] = site_url.rstrip("/") + "/" + content.language_prefix
    config["theme"]["custom_dir"] = _relative(THEME_DIR / "overrides", config_dir)
    config["theme"]["language"] = content.settings.language
    for palette in config["theme"].get("palette", []):
        if "toggle" in palette and palette.get("scheme") in _PALETTE_TOGGLES:
            palette["toggle"]["name"] = content.t[_PALETTE_TOGGLES[palette["scheme"]]]
    config["extra"] = {**config.get("extra", {}), SCRIPT_STRINGS: script_strings(content)}
    if content.logo:
        config["theme"]["logo"] = config["theme"]["favicon"] = logo_page_path(content)
    if content.group and content.group.branding.colour:
        config["extra_css"] = [*config.get("extra_css", []), GROUP_CSS]
    if len(content.languages) > 1:
        config.setdefault("extra", {})["alternate"] = language_links(content, site_url)
    return config


def language_links(content: Content, site_url: str | None = None) -> list[dict]:
    """The language selector's entries: each language's name in that language, the way from this
    site's top folder to that language's (`link`, which works from disk too) and, when the sites'
    address (site_url) is known, that language's address (`url`, for the hreflang links search engines read)."""
    links = []
    up = "../" if content.language_prefix else ""
    for code in content.languages:
        folder = language_folder(content.languages, code)
        link = {"name": language_name(code), "link": "" if code == content.language else up + folder}
        links.append({**link, "lang": code, **({"url": site_url.rstrip("/") + "/" + folder} if site_url else {})})
    return links


def _relative(path: Path, start: Path) -> str:
    # Lexical, as MkDocs joins the result to the config file's folder and normalises it.
    return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(start))).as_posix()


def write_site_source(content: Content, work_dir: Path, site_url: str | None = None) -> Path:
    """Write the pages, assets and mkdocs.yml into work_dir; return the config's path.

    Files whose text has not changed are left alone, so a live preview only
    rebuilds what an edit touched.
    """
    docs_dir = work_dir / "docs"
    _ENV.bytecode_cache = template_cache(content.root, "kit", code_digest())
    wanted = {page.path: page.text for page in site_pages(content)}
    for source in (THEME_DIR / "assets").rglob("*"):
        if source.is_file():
            wanted[f"assets/{source.relative_to(THEME_DIR / 'assets').as_posix()}"] = source.read_bytes()
    if content.logo:
        wanted[logo_page_path(content)] = content.logo.read_bytes()
    wanted.update(webapp.app_files(content))  # the home-screen manifest and icons (render/webapp.py)
    if content.group and content.group.branding.colour:
        wanted[GROUP_CSS] = group_css(content.group.branding.colour)
    if docs_dir.exists():
        for existing in sorted(docs_dir.rglob("*"), reverse=True):
            relative = existing.relative_to(docs_dir).as_posix()
            if existing.is_file() and relative not in wanted and not relative.startswith("downloads/"):
                existing.unlink()
    for relative, data in wanted.items():
        _write_if_changed(docs_dir / relative, data)
    config_path = work_dir / "mkdocs.yml"
    _write_if_changed(
        config_path,
        yaml.safe_dump(mkdocs_config(content, docs_dir, work_dir, site_url), sort_keys=False, allow_unicode=True),
    )
    return config_path


def _write_if_changed(path: Path, data: str | bytes) -> None:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if path.exists() and path.read_bytes() == raw:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
