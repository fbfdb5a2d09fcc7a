"""Plain text stays plain: a title with quotes reads as written wherever the site shows or speaks it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import squash

QUOTED_ITEM = "available-post"
PAGE = f"letters/{QUOTED_ITEM}/index.html"


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def title(kit) -> str:
    title = kit.items[QUOTED_ITEM].title
    assert '"' in title and "'" in title
    return title


def test_the_page_of_a_quoted_title_shows_it_as_written(built, kit, title):
    site = built / "site"
    page = soup(site, PAGE)
    assert page.title.string == f"{title} - {kit.settings.title}"
    assert page.find("meta", attrs={"name": "description"})["content"] == squash(kit.items[QUOTED_ITEM].when)
    assert squash(page.select_one("article h1").get_text()) == title
    assert squash(page.select_one('[data-md-component="header-topic"]').get_text()) == title
    assert squash(page.select_one(".md-nav__link--active").get_text()) == title


def test_links_to_a_quoted_title_are_named_as_written(built, title):
    site = built / "site"
    footer_labels, nav_names = [], set()
    for path in sorted(site.rglob("*.html")):
        if "downloads" in path.parts or path.relative_to(site).parts[0] == "es":  # the English site's pages
            continue
        page = soup(site, path.relative_to(site).as_posix())
        for link in page.select("a.md-footer__link"):
            if link["href"].endswith(f"{QUOTED_ITEM}/index.html"):
                footer_labels.append(link["aria-label"])
                # The accessible name holds the words shown (axe: label-content-name-mismatch).
                assert squash(link.select_one(".md-ellipsis").get_text()) == title
        nav_names |= {
            squash(link.get_text()) for link in page.select("a.md-nav__link") if QUOTED_ITEM in link.get("href", "")
        }
    assert sorted(footer_labels) == [f"Next: {title}", f"Previous: {title}"]
    assert nav_names == {title}


def test_search_finds_a_quoted_title_as_written(built, title):
    site = built / "site"
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    # What the offline plugin inlines, so search works from disk, is the same index.
    inlined = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert json.loads(inlined[inlined.index("{") : inlined.rindex("}") + 1]) == index
    titles = [BeautifulSoup(doc["title"], "html.parser").get_text() for doc in index["docs"] if doc["location"] == PAGE]
    assert titles == [title]


def test_the_site_description_with_quotes_reads_as_written(built, kit):
    """The kit's tagline has quotes: pages without a description of their own describe themselves by it."""
    assert '"' in kit.settings.tagline
    home = soup(built / "site", "index.html")
    assert home.find("meta", attrs={"name": "description"})["content"] == kit.settings.tagline
    assert home.title.string == kit.settings.title
