"""On a phone, after one visit: the hosted site keeps working with the network gone, and can go on the home screen.

The site is served on the loopback address by a server this module owns, so
the test can stop it: after the first visit the browser is set offline and the
server is shut down, and every page and search must come from the service
worker's copy.
"""

from __future__ import annotations

import functools
import json
import struct
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from test_browser import PHONE, browser, loop, search, site  # noqa: F401 (fixtures)
from test_publish import SITES


def serve(folder):
    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def test_after_one_visit_pages_and_search_work_with_no_network(loop, browser, site):  # noqa: F811
    httpd = serve(site)
    server = f"http://127.0.0.1:{httpd.server_port}/"

    async def scenario():
        context = await browser.new_context(viewport=PHONE)
        page = await context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        await page.goto(server + "index.html")
        await page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30_000)
        manifest_href = await page.get_attribute("link[rel=manifest]", "href")
        await context.set_offline(True)
        httpd.shutdown()
        httpd.server_close()
        await page.goto(server + "checklists/on-the-call/index.html")
        heading = await page.text_content("article h1")
        await page.goto(server + "guide/asking-for-feedback/")
        guide = await page.text_content("article h1")
        results = await search(page, "feedback")
        manifest = await page.evaluate("href => fetch(href).then(r => r.text())", manifest_href)
        await context.close()
        return heading, guide, results, manifest_href, manifest, requests

    heading, guide, results, manifest_href, manifest, requests = loop.run_until_complete(scenario())
    assert heading == "On the call when they say no"
    assert guide
    assert any("guide/asking-for-feedback/index.html" in url for url in results), results
    assert manifest_href == server + "manifest.webmanifest"
    app = json.loads(manifest)
    assert app["name"] == "Next Round" and app["display"] == "standalone" and app["start_url"]
    for icon in app["icons"]:
        data = (site / icon["src"]).read_bytes()
        width, height = struct.unpack(">II", data[16:24])
        assert data.startswith(b"\x89PNG") and icon["sizes"] == f"{width}x{height}", icon
    assert {icon["sizes"] for icon in app["icons"]} == {"192x192", "512x512"}
    assert all(url.startswith((server, "data:", "blob:")) for url in requests), requests


def test_the_offline_copy_holds_every_page_but_not_the_downloads(site):  # noqa: F811
    worker = (site / "sw.js").read_text(encoding="utf-8")
    files = json.loads(worker.split("const FILES = ", 1)[1].split(";\n", 1)[0])
    assert "index.html" in files and "search/search_index.json" in files
    assert not any(name.startswith("downloads/") for name in files)
    assert all((site / name).is_file() for name in files)


def test_a_published_kit_and_its_groups_each_work_offline_after_one_visit(loop, browser, published):  # noqa: F811
    """The folder `nextround publish` makes, served as a host would: the kit and each group open, search, keep
    working with the network gone after one visit, and offer their zip."""
    _, out = published
    httpd = serve(out)
    server = f"http://127.0.0.1:{httpd.server_port}/"
    # The kit's worker covers the groups' addresses too, until each group's own one is active.
    own_worker = """async scope => {
        const registration = await navigator.serviceWorker.getRegistration();
        return registration && registration.scope === scope && registration.active !== null;
    }"""

    async def scenario():
        context = await browser.new_context(viewport=PHONE)
        pages, seen = {}, {}
        for folder in SITES:
            page = pages[folder] = await context.new_page()
            await page.goto(server + folder + "index.html")
            await page.wait_for_function(own_worker, arg=server + folder, timeout=30_000)
            zip_link = await page.get_attribute("a[href='downloads/next-round-kit.zip']", "href")
            seen[folder] = {"zip": zip_link, "online": await search(page, "feedback")}
        await context.set_offline(True)
        httpd.shutdown()
        httpd.server_close()
        for folder, page in pages.items():
            await page.goto(server + folder + "checklists/on-the-call/index.html")
            seen[folder]["offline_heading"] = await page.text_content("article h1")
            seen[folder]["offline"] = await search(page, "feedback")
        await context.close()
        return seen

    seen = loop.run_until_complete(scenario())
    for folder, found in seen.items():
        assert found["zip"], f"{folder or 'the kit'} offers no zip"
        assert found["online"] and found["offline"], folder
        assert all(url.startswith(server + folder) for url in found["offline"]), (folder, found["offline"])
        assert found["offline_heading"], folder


def test_the_spanish_site_works_offline_after_one_visit_with_its_own_copy(loop, browser, site):  # noqa: F811
    """The Spanish site, in a folder of the English one, keeps its own offline copy: the English worker's
    copy leaves it out, and after one visit to a Spanish page its pages and search work with no network."""
    english_files = json.loads(
        (site / "sw.js").read_text(encoding="utf-8").split("const FILES = ", 1)[1].split(";\n")[0]
    )
    assert not any(name.startswith("es/") for name in english_files)
    httpd = serve(site)
    server = f"http://127.0.0.1:{httpd.server_port}/"

    async def scenario():
        context = await browser.new_context(viewport=PHONE)
        page = await context.new_page()
        await page.goto(server + "es/index.html")
        await page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30_000)
        scope = await page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)")
        await context.set_offline(True)
        httpd.shutdown()
        httpd.server_close()
        await page.goto(server + "es/guide/so-close/index.html")
        heading = await page.text_content("article h1")
        results = await search(page, "agradecimiento")
        await context.close()
        return scope, heading, results

    scope, heading, results = loop.run_until_complete(scenario())
    assert scope == server + "es/"
    assert heading.startswith("Tan cerca")
    assert any("es/guide/sending-thanks/index.html" in url for url in results), results
