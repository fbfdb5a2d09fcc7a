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
