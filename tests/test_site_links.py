"""The built site has no broken internal link or anchor, and asks nothing of another host."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"href", "src"}


class PageLinks(HTMLParser):
    """The ids and the link targets of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.targets: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value or "")
            if name in LINK_ATTRIBUTES and value is not None:
                self.targets.append((tag, value))


def read_pages(site: Path) -> dict[str, PageLinks]:
    pages = {}
    for path in site.rglob("*.html"):
        parser = PageLinks()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(site).as_posix()] = parser
    return pages


def broken_links(site: Path) -> list[str]:
    pages = read_pages(site)
    broken = []
    for page, links in sorted(pages.items()):
        for tag, target in links.targets:
            parts = urlsplit(target)
            if parts.scheme in ("http", "https") or target.startswith("//"):
                # A link a reader clicks may leave the site; nothing may load from elsewhere.
                if tag != "a":
                    broken.append(f"{page}: <{tag}> loads {target} from another host")
                continue
            if parts.scheme in ("mailto", "tel"):
                continue
            if parts.scheme:
                broken.append(f"{page}: <{tag}> has a {parts.scheme}: link {target}")
                continue
            path = unquote(parts.path)
            if path.startswith("/"):
                # Only the 404 page uses these, and only when served from the site's root.
                resolved = posixpath.normpath(path.lstrip("/"))
            else:
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
            if path.endswith("/") or (site / resolved).is_dir():
                resolved = posixpath.join(resolved, "index.html")
            if resolved.startswith("..") or not (site / resolved).is_file():
                broken.append(f"{page}: <{tag}> links to {target}, which is not in the site")
                continue
            fragment = unquote(parts.fragment)
            if fragment and resolved in pages and fragment not in pages[resolved].ids:
                broken.append(f"{page}: <{tag}> links to {target}, but {resolved} has no #{fragment}")
    return broken


def test_every_internal_link_and_anchor_resolves(built):
    site = built / "site"
    assert len(read_pages(site)) > 30
    assert broken_links(site) == []


def test_the_checker_finds_a_broken_link_and_anchor(tmp_path):
    (tmp_path / "a.html").write_text(
        '<p id="here"><a href="b.html#nowhere">x</a> <a href="#here">y</a> <img src="gone.png"></p>'
    )
    (tmp_path / "b.html").write_text(
        '<p id="there"><a href="a.html#here">back</a> <script src="https://cdn.example/x.js"></script></p>'
    )
    assert broken_links(tmp_path) == [
        "a.html: <a> links to b.html#nowhere, but b.html has no #nowhere",
        "a.html: <img> links to gone.png, which is not in the site",
        "b.html: <script> loads https://cdn.example/x.js from another host",
    ]
