"""The whole kit to take away: the built site, its PDFs and letters, in one zip offered on the home page.

The home page's link says how big the zip is, which is only known once the
zip is made. So the page is written with a size-less link (`zip_link`, which
reads well as it is: "Download the whole kit (zip)"), and once the site and
its downloads are in place `write_takeaway` zips them and writes the size into
that one link. Its words are the interface strings `kit_zip`, `kit_zip_link`,
`zip_file` and `zip_with_size`. The copy of the home page inside the zip says the reader has
the kit already instead of offering a zip it does not hold, so the zip never
contains itself and its size does not depend on the page that states it.

The bytes are the same from one build to the next: entries sorted, every
entry dated `build_date()`, the same permissions everywhere. Files that are
compressed already (PDFs, Word files, images) are stored as they are, the
rest deflated at a quick level, so the zip costs a fraction of a second.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from markupsafe import Markup, escape

from nextround.errors import BuildError
from nextround.render.dates import build_date
from nextround.text.interface import fill_html, format_number

ZIP_NAME = "next-round-kit.zip"
ZIP_PATH = f"downloads/{ZIP_NAME}"
# The folder the zip unpacks into, so it never scatters files over a USB stick.
ZIP_FOLDER = "next-round-kit"
# The span of the link the size is written into; until then it says `zip_file`.
_SIZE_SLOT = re.compile(r"<span data-nr-zip-size>[^<]*</span>")
# Already compressed: deflating them again costs time and saves nothing.
_STORED = {".pdf", ".docx", ".zip", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2"}
# The links to the other languages' copies of a page (theme/overrides): the zip holds one language.
_LANGUAGE_LINKS = re.compile(rb"<!--nr-languages-->.*?<!--/nr-languages-->", re.DOTALL)
_LINK_PARAGRAPH = re.compile(r'<p class="nr-kit-zip" data-search-exclude>.*?</p>', re.DOTALL)


def size_slot(t, size: Markup | str | None = None) -> Markup:
    """The span of the link that says how big the zip is: `zip_file` until the size is known."""
    words = t.zip_file if size is None else fill_html(t.zip_with_size, size=size)
    return Markup("<span data-nr-zip-size>{}</span>").format(words)


def zip_link(t) -> str:
    """The home page's paragraph with the link to the zip (the home page is at the site's root).

    It is kept out of the search index, whose text would otherwise lack the size.
    """
    link = Markup('<a href="{}" download>{}</a>').format(ZIP_PATH, fill_html(t.kit_zip_link, size=size_slot(t)))
    text = fill_html(t.kit_zip, link=link, index_file=Markup("<code>index.html</code>"))
    return f'<p class="nr-kit-zip" data-search-exclude>{text}</p>'


def size_text(size: int, t, language: str) -> str:
    """A size as people read it on a download link: '4.2 MB', '850 kB', with the language's decimal mark."""
    if size >= 1_000_000:
        return t.size_mb.format(size=format_number(size / 1_000_000, "0.0", language))
    return t.size_kb.format(size=format_number(max(1, round(size / 1000)), "0", language))


def write_takeaway(site: Path, t, language: str, other_sites: tuple[str, ...] = ()) -> int:
    """Zip the built site (its downloads included) into site/downloads and state its size on the home page.
    The folders of other_sites (another language's site, with its own zip) stay out, and so do the pages'
    links to them.

    Returns the zip's size in bytes.
    """
    home = site / "index.html"
    page = home.read_text(encoding="utf-8")
    if len(_SIZE_SLOT.findall(page)) != 1 or len(_LINK_PARAGRAPH.findall(page)) != 1:
        raise BuildError(
            f"{home}: the home page should hold the link to the whole kit's zip exactly once. "
            "Undo your last change to the home page's template or to the theme."
        )
    target = site / ZIP_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    when = max(build_date().timetuple()[:6], (1980, 1, 1, 0, 0, 0))  # zip dates start in 1980
    note = f'<p class="nr-kit-zip">{escape(t.kit_in_zip)}</p>'
    in_zip_page = _LINK_PARAGRAPH.sub(lambda _: note, page)
    files = sorted(
        (path.relative_to(site).as_posix(), path)
        for path in site.rglob("*")
        if path.is_file() and path != target and path.relative_to(site).parts[0] not in other_sites
    )
    with zipfile.ZipFile(target, "w") as archive:
        for name, path in files:
            data = path.read_bytes()
            if name == "index.html":
                data = in_zip_page.encode("utf-8")
            if name.endswith(".html"):
                data = _LANGUAGE_LINKS.sub(b"", data)
            entry = zipfile.ZipInfo(f"{ZIP_FOLDER}/{name}", date_time=when)
            entry.create_system = 3
            entry.external_attr = 0o100644 << 16
            if path.suffix.lower() in _STORED:
                archive.writestr(entry, data, compress_type=zipfile.ZIP_STORED)
            else:
                archive.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    size = target.stat().st_size
    stated = size_slot(t, size_text(size, t, language))
    home.write_text(_SIZE_SLOT.sub(lambda _: stated, page), encoding="utf-8")
    return size
