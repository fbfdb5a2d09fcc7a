"""The built site in a real browser: Debian's Chromium, driven by Playwright.

One browser serves the whole module. Every page is visited once, on a phone
sized screen, over a loopback HTTP server; that visit records every request,
runs axe-core in the light and the dark palette, and measures the layout.
The interactive parts (checklists, letter builder, search) and the site
opened from disk get tests of their own.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import axe_playwright_python
import pytest
from playwright.async_api import async_playwright

from nextround.text import letters

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Rules axe calls experimental and runs only when asked: a link or button whose accessible
# name does not hold the words it shows (WCAG 2.5.3), as a title escaped twice once gave.
EXPERIMENTAL_RULES = {"label-content-name-mismatch": {"enabled": True}}
# The dark palette changes colours and nothing else, so these are the rules it can break.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
# Pages visited at once: the machine has two cores.
PARALLEL_PAGES = 3
MIN_TARGET = 44

# Every control a finger may need, with its size as the reader meets it. A
# checkbox or radio button counts with its label, which ticks it too. Links inside running
# text are exempt (WCAG 2.5.8), so only links styled as controls are measured.
MEASURE_TARGETS = """minTarget => {
  const targets = document.querySelectorAll(
    'button, input, select, textarea, .md-button, .md-header__button, .md-nav__link, .md-search__icon, .md-footer__link'
  );
  const small = [];
  for (const el of targets) {
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    let box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const label = el.id && (el.type === 'checkbox' || el.type === 'radio')
      ? document.querySelector(`label[for="${el.id}"]`) : null;
    if (label) {
      const l = label.getBoundingClientRect();
      box = {width: Math.max(box.right, l.right) - Math.min(box.left, l.left),
             height: Math.max(box.bottom, l.bottom) - Math.min(box.top, l.top)};
    }
    if (box.width < minTarget || box.height < minTarget) {
      small.push(`${el.outerHTML.slice(0, 80)} is ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}"""


@dataclass
class PageVisit:
    """What one visit to one page found."""

    path: str
    requests: list[str] = field(default_factory=list)
    violations: dict[str, list[str]] = field(default_factory=dict)
    page_width: int = 0
    small_targets: list[str] = field(default_factory=list)


def violations(result: dict) -> list[str]:
    return [
        f"{v['id']}: {v['help']} at {', '.join(str(n['target']) for n in v['nodes'][:3])}" for v in result["violations"]
    ]


@pytest.fixture(scope="module")
def loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture(scope="module")
def browser(loop):
    """Debian's Chromium, headless, with no background traffic of its own."""
    playwright = loop.run_until_complete(async_playwright().start())
    chromium = loop.run_until_complete(playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS))
    yield chromium
    loop.run_until_complete(chromium.close())
    loop.run_until_complete(playwright.stop())


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built / "site"


@pytest.fixture(scope="module")
def server(site):
    """The built site served as any static host would, on the loopback address."""

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def all_pages(site) -> list[str]:
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "downloads" not in p.parts)
    assert len(pages) > 30
    return pages


SCROLLING_CODE_IS_FOCUSABLE = """() => [...document.querySelectorAll("pre > code")].every(
    code => code.scrollWidth <= code.clientWidth || code.hasAttribute("tabindex"))"""


async def visit_all(browser, server: str, pages: list[str], viewport: dict) -> list[PageVisit]:
    """Visit pages a few at a time: record requests, run axe in both palettes, measure."""
    context = await browser.new_context(viewport=viewport, color_scheme="light")
    await context.add_init_script(AXE_SOURCE)
    slots = asyncio.Semaphore(PARALLEL_PAGES)

    async def visit(path: str) -> PageVisit:
        found = PageVisit(path)
        async with slots:
            page = await context.new_page()
            page.on("request", lambda request: found.requests.append(request.url))
            await page.goto(server + path, wait_until="networkidle")
            # Material's script makes each code block that scrolls reachable by keyboard once it has measured
            # it; on a busy machine that can come after the network is idle.
            await page.wait_for_function(SCROLLING_CODE_IS_FOCUSABLE, timeout=15_000)
            light = await page.evaluate(
                "([tags, rules]) => axe.run(document, {runOnly: {type: 'tag', values: tags}, rules,"
                " resultTypes: ['violations']})",
                [WCAG_TAGS, EXPERIMENTAL_RULES],
            )
            # What the palette toggle does, without saving the choice for the
            # other pages; colour transitions off, as Material does while switching.
            await page.evaluate(
                "document.body.setAttribute('data-md-color-switching', '');"
                "document.body.setAttribute('data-md-color-scheme', 'slate')"
            )
            dark = await page.evaluate(
                "rules => axe.run(document, {runOnly: {type: 'rule', values: rules}, resultTypes: ['violations']})",
                COLOUR_RULES,
            )
            found.violations = {"light": violations(light), "dark": violations(dark)}
            found.page_width = await page.evaluate("document.documentElement.scrollWidth")
            found.small_targets = await page.evaluate(MEASURE_TARGETS, MIN_TARGET)
            await page.close()
        return found

    try:
        return await asyncio.gather(*(visit(path) for path in pages))
    finally:
        await context.close()


@pytest.fixture(scope="module")
def visits(loop, browser, server, all_pages) -> list[PageVisit]:
    """Every page, visited once at 390 px over HTTP."""
    return loop.run_until_complete(visit_all(browser, server, all_pages, PHONE))


def test_no_page_requests_anything_from_another_host(visits, server):
    for visit in visits:
        assert visit.requests, f"{visit.path}: no requests were recorded"
        elsewhere = [url for url in visit.requests if not url.startswith((server, "data:", "blob:"))]
        assert not elsewhere, f"{visit.path} asked another host for {elsewhere}"


def test_axe_finds_no_wcag_violation_in_either_palette(visits):
    found = {
        f"{visit.path} ({palette})": problems
        for visit in visits
        for palette, problems in visit.violations.items()
        if problems
    }
    assert not found, "\n".join(f"{where}: {problems}" for where, problems in found.items())


def test_axe_finds_nothing_on_a_wide_screen_either(loop, browser, server, all_pages):
    """The sidebars only show on a wide screen: one page of each kind, and every worksheet form, are checked there."""
    sample = ["index.html"] + [
        next(p for p in all_pages if p.startswith(folder))
        for folder in ("guide/", "checklists/", "letters/", "facilitator/")
    ]
    sample += [p for p in all_pages if p.startswith("worksheets/")]
    found = {
        f"{visit.path} ({palette})": problems
        for visit in loop.run_until_complete(visit_all(browser, server, sample, DESKTOP))
        for palette, problems in visit.violations.items()
        if problems
    }
    assert not found, "\n".join(f"{where}: {problems}" for where, problems in found.items())


def test_phone_pages_do_not_scroll_sideways(visits):
    wide = {visit.path: visit.page_width for visit in visits if visit.page_width > PHONE["width"]}
    assert not wide, f"pages wider than {PHONE['width']} px: {wide}"


def test_phone_tap_targets_are_at_least_44_px(visits):
    small = {visit.path: visit.small_targets for visit in visits if visit.small_targets}
    assert not small, "\n".join(f"{path}: {targets}" for path, targets in small.items())


def test_ticks_survive_a_reload_until_cleared(loop, browser, server, kit):
    checklist = kit.items["on-the-call"]
    first, second = [entry for group in checklist.groups for entry in group.items][:2]
    total = sum(len(group.items) for group in checklist.groups)

    async def scenario():
        context = await browser.new_context(viewport=PHONE)
        page = await context.new_page()
        # The folder's address, as a web server shows it.
        await page.goto(server + "checklists/on-the-call/")
        await page.get_by_text(first.text, exact=True).click()
        # Keyboard: tab onto the second box and press Space.
        await page.focus(f"#on-the-call--{first.id}")
        await page.keyboard.press("Tab")
        await page.keyboard.press("Space")
        await page.reload()
        ticked = await page.eval_on_selector_all("[data-checklist] input:checked", "boxes => boxes.map(b => b.id)")
        status = await page.text_content("[data-checklist-status]")
        await page.get_by_role("button", name="Clear my ticks").click()
        cleared_status = await page.text_content("[data-checklist-status]")
        await page.reload()
        after_clear = await page.eval_on_selector_all("[data-checklist] input:checked", "boxes => boxes.length")
        await context.close()
        return ticked, status, cleared_status, after_clear

    ticked, status, cleared_status, after_clear = loop.run_until_complete(scenario())
    assert ticked == [f"on-the-call--{first.id}", f"on-the-call--{second.id}"]
    assert status == f"You have ticked 2 of {total}."
    assert cleared_status == "Your ticks are cleared."
    assert after_clear == 0


def test_print_button_opens_the_print_dialog(loop, browser, server):
    async def scenario():
        context = await browser.new_context(viewport=PHONE)
        page = await context.new_page()
        await page.goto(server + "checklists/next-steps/index.html")
        await page.evaluate("window.print = () => { window.printed = true; }")
        await page.get_by_role("button", name="Print this checklist").click()
        printed = await page.evaluate("window.printed === true")
        await context.close()
        return printed

    assert loop.run_until_complete(scenario())


def test_a_printed_guide_page_has_no_navigation(loop, browser, server):
    async def scenario():
        context = await browser.new_context()
        page = await context.new_page()
        await page.goto(server + "guide/asking-for-feedback/index.html")
        await page.emulate_media(media="print")
        shown = await page.evaluate(
            """selectors => Object.fromEntries(selectors.map(s => [s, [...document.querySelectorAll(s)]
                 .some(el => el.checkVisibility())]))""",
            [".md-header", ".md-sidebar", ".md-footer", ".md-search", "article h1", "article p"],
        )
        await context.close()
        return shown

    shown = loop.run_until_complete(scenario())
    assert shown == {
        ".md-header": False,
        ".md-sidebar": False,
        ".md-footer": False,
        ".md-search": False,
        "article h1": True,
        "article p": True,
    }


def test_letter_builder_fills_copies_and_opens_an_email(loop, browser, server, kit):
    letter = kit.items["feedback-request-email"]
    # Characters that must survive the clipboard and a mailto: link intact.
    typed = {f.name: f"{f.example} & Zoë? #1 100%" for f in letter.fields[:-1]}
    left_blank = letter.fields[-1]
    expected = {**typed, left_blank.name: f"[{left_blank.label}]"}
    base = server + "letters/feedback-request-email/index.html"

    async def scenario():
        context = await browser.new_context(viewport=PHONE)
        await context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
        page = await context.new_page()
        await page.goto(base, wait_until="networkidle")
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        placeholders = {
            f.name: await page.get_by_label(f.label, exact=True).get_attribute("placeholder") for f in letter.fields
        }
        for f in letter.fields[:-1]:
            await page.get_by_label(f.label, exact=True).fill(typed[f.name])
        preview = await page.eval_on_selector_all(
            "[data-letter-preview] mark[data-field]", "marks => marks.map(m => [m.dataset.field, m.textContent])"
        )
        await page.get_by_role("button", name="Copy to clipboard").click()
        await page.wait_for_function("document.querySelector('[data-letter-status]').textContent !== ''")
        status = await page.text_content("[data-letter-status]")
        clipboard = await page.evaluate("navigator.clipboard.readText()")
        mailto = await page.get_by_role("link", name="Open in your email app").get_attribute("href")
        notice = await page.text_content("form[data-letter] .nr-note")
        await context.close()
        return placeholders, preview, status, clipboard, mailto, notice, requests

    placeholders, preview, status, clipboard, mailto, notice, requests = loop.run_until_complete(scenario())
    assert placeholders == {f.name: f.example for f in letter.fields}
    assert preview and all(text == expected[name] for name, text in preview)
    assert status.startswith("Copied.")
    # The same words as the downloadable .txt, filled with what was typed.
    assert clipboard == letters.letter_text(letter, expected, kit.t.subject_label).rstrip("\n")
    link = urlparse(mailto)
    assert link.scheme == "mailto" and " " not in mailto and "\n" not in mailto
    query = parse_qs(link.query, keep_blank_values=True)
    assert query["subject"] == [letters.fill(letter.subject, expected)]
    body = "\n\n".join(letters.fill(p, expected) for p in letters.paragraphs(letter.body))
    assert query["body"] == [body.replace("\n", "\r\n")]
    assert "Nothing is sent anywhere" in notice
    assert requests == [], f"typing and copying made requests: {requests}"


async def search(page, query: str) -> list[str]:
    """Type a query into the site's search box; the addresses of the results."""
    await page.click('label.md-header__button[for="__search"]')
    await page.locator(".md-search__input").press_sequentially(query)
    await page.wait_for_selector(".md-search-result__item a")
    return await page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => a.href)")


def test_search_finds_feedback_and_thank_you(loop, browser, server):
    async def scenario():
        context = await browser.new_context(viewport=PHONE)
        page = await context.new_page()
        await page.goto(server + "index.html")
        feedback = await search(page, "feedback")
        await page.goto(server + "index.html")
        thanks = await search(page, "thank you")
        await context.close()
        return feedback, thanks

    feedback, thanks = loop.run_until_complete(scenario())
    assert any("guide/asking-for-feedback/index.html" in url for url in feedback), feedback
    assert any("letters/feedback-request-email/index.html" in url for url in feedback), feedback
    assert any("guide/sending-thanks/index.html" in url for url in thanks), thanks
    assert any("letters/thank-you-after-rejection/index.html" in url for url in thanks), thanks


def test_the_site_works_opened_from_disk(loop, browser, site):
    """As from a USB stick with no network: pages link to pages, ticks keep, search answers."""
    home = (site / "index.html").as_uri()

    async def scenario():
        context = await browser.new_context(viewport=PHONE, offline=True)
        page = await context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        await page.goto(home)
        await page.click("article a[href='checklists/on-the-call/index.html']")
        heading = await page.text_content("article h1")
        await page.locator("[data-checklist] input").first.check()
        await page.reload()
        kept = await page.locator("[data-checklist] input").first.is_checked()
        results = await search(page, "feedback")
        await context.close()
        return heading, kept, results, requests

    heading, kept, results, requests = loop.run_until_complete(scenario())
    assert heading == "On the call when they say no"
    assert kept
    assert any(url.startswith("file://") and "guide/asking-for-feedback/index.html" in url for url in results), results
    assert all(url.startswith(("file://", "data:", "blob:", "about:")) for url in requests), requests
