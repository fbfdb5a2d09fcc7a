"""The whole kit to take away: the built site, its PDFs and letters, in one zip offered on the home page.

The home page's link says how big the zip is, which is only known once the
zip is made. So the page is written with a size-less link (`ZIP_LINK`, which
reads well as it is: "Download the whole kit (zip)"), and once the site and
its downloads are in place `write_takeaway` zips them and writes the size into
that one link. The copy of the home page inside the zip says the reader has
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

from nextround.errors import BuildError
from nextround.render.dates import build_date

ZIP_NAME = "next-round-kit.zip"
ZIP_PATH = f"downloads/{ZIP_NAME}"
# The folder the zip unpacks into, so it never scatters files over a USB stick.
ZIP_FOLDER = "next-round-kit"
# What the size-less link says, inside a span the size is written into.
SIZE_SLOT = "<span data-nr-zip-size>zip</span>"
# Already compressed: deflating them again costs time and saves nothing.
_STORED = {".pdf", ".docx", ".zip", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2"}
# Kept out of the search index, whose text would otherwise lack the size.
ZIP_LINK = (
    '<p class="nr-kit-zip" data-search-exclude><a href="{href}" download>'
    f"Download the whole kit ({SIZE_SLOT})</a>: every page, PDF and letter, "
    "to open from a USB stick or in a room with no Wi-Fi. Unzip it and open "
    "<code>index.html</code>.</p>"
)
# The links to the other languages' copies of a page (theme/overrides): the zip holds one language.
_LANGUAGE_LINKS = re.compile(rb"<!--nr-languages-->.*?<!--/nr-languages-->", re.DOTALL)
_LINK_PARAGRAPH = re.compile(r'<p class="nr-kit-zip" data-search-exclude>.*?</p>', re.DOTALL)
IN_ZIP_NOTE = (
    '<p class="nr-kit-zip">This is the whole kit, saved to use without Wi-Fi: every page, PDF and letter is here.</p>'
)


def zip_link() -> str:
    """The home page's link to the zip (the home page is at the site's root)."""
    return ZIP_LINK.format(href=ZIP_PATH)


def size_text(size: int) -> str:
    """A size as people read it on a download link: '4.2 MB', '850 kB'."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} kB"


def write_takeaway(site: Path, other_sites: tuple[str, ...] = ()) -> int:
    """Zip the built site (its downloads included) into site/downloads and state its size on the home page.
    The folders of other_sites (another language's site, with its own zip) stay out, and so do the pages'
    links to them.

    Returns the zip's size in bytes.
    """
    home = site / "index.html"
    page = home.read_text(encoding="utf-8")
    if page.count(SIZE_SLOT) != 1 or len(_LINK_PARAGRAPH.findall(page)) != 1:
        raise BuildError(
            f"{home}: the home page should hold the link to the whole kit's zip exactly once. "
            "Undo your last change to the home page's template or to the theme."
        )
    target = site / ZIP_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    when = max(build_date().timetuple()[:6], (1980, 1, 1, 0, 0, 0))  # zip dates start in 1980
    files = sorted(
        (path.relative_to(site).as_posix(), path)
        for path in site.rglob("*")
        if path.is_file() and path != target and path.relative_to(site).parts[0] not in other_sites
    )
    with zipfile.ZipFile(target, "w") as archive:
        for name, path in files:
            data = path.read_bytes()
            if name == "index.html":
                data = _LINK_PARAGRAPH.sub(IN_ZIP_NOTE, page).encode("utf-8")
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
    home.write_text(page.replace(SIZE_SLOT, SIZE_SLOT.replace(">zip<", f">{size_text(size)}, zip<")), encoding="utf-8")
    return size
