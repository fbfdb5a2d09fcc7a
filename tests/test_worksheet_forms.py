"""Worksheets filled in on the site: the same fields as the PDF, kept on the device, taken away as that PDF.

The browser tests drive Debian's Chromium as tests/test_browser.py does, with its fixtures.
"""

from __future__ import annotations

import io
import json

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from nextround.render.formfields import worksheet_fields
from test_browser import PHONE, browser, loop, server, site  # noqa: F401 (fixtures)

RADIO = 1 << 15


def web_fields(page_html: str) -> dict[str, str]:
    """The worksheet form's fields by name: "text" to type in, "checkbox", or "radio:1,2,3,4,5"."""
    form = BeautifulSoup(page_html, "html.parser").select_one("form[data-worksheet]")
    found: dict[str, str] = {}
    for control in form.select("input[name], textarea[name]"):
        kind = control.get("type", "text") if control.name == "input" else "text"
        if kind == "radio":
            found[control["name"]] = (found.get(control["name"], "radio:") + "," + control["value"]).replace(":,", ":")
        else:
            assert control["name"] not in found, f"{control['name']} appears twice"
            found[control["name"]] = kind
    return found


def pdf_fields(data: bytes) -> dict[str, str]:
    """The PDF's fields as pypdf names them, in the same terms."""
    found = {}
    for name, field in PdfReader(io.BytesIO(data)).get_fields().items():
        if field.get("/FT") == "/Tx":
            found[name] = "text"
        elif int(field.get("/Ff", 0)) & RADIO:
            found[name] = "radio:" + ",".join(str(option) for option in field["/Opt"])
        else:
            found[name] = "checkbox"
    return found


def page_of(site_dir, worksheet_id: str) -> str:
    return (site_dir / "worksheets" / worksheet_id / "index.html").read_text(encoding="utf-8")


def test_every_worksheet_page_has_the_fields_of_its_pdf(built, kit):
    for item in kit.of_kind("worksheet"):
        on_page = web_fields(page_of(built / "site", item.id))
        in_pdf = pdf_fields((built / "pdf" / f"{item.id}.pdf").read_bytes())
        assert on_page == in_pdf, item.id
        assert list(on_page) == [field.name for field in worksheet_fields(item, kit.t)], f"{item.id}: not in page order"


def test_a_groups_changes_to_a_worksheet_reach_its_form_and_its_pdf(riverside):
    on_page = web_fields(page_of(riverside / "site", "action-plan"))
    assert on_page == pdf_fields((riverside / "pdf" / "action-plan.pdf").read_bytes())
    # The group added a block of tick boxes and cut the actions table to 4 rows.
    assert on_page["action-plan--desk-help--cv-review"] == "checkbox"
    assert "action-plan--actions--row-4--action" in on_page
    assert "action-plan--actions--row-5--action" not in on_page
    html = BeautifulSoup(page_of(riverside / "site", "action-plan"), "html.parser")
    headings = [h.get_text(" ", strip=True) for h in html.select("form[data-worksheet] h3")]
    assert "My actions before the next Riverside Job Club session" in headings
    assert "What I will ask the Riverside Library desk for" in headings


def test_scales_are_one_field_each_in_the_sheet_and_the_pack(built):
    """pypdf lists each 1 to 5 scale once, by its own name, and never a button as a field of its own."""
    for path in [built / "pdf" / "self-audit-scorecard.pdf", built / "workshop-pack.pdf"]:
        reader = PdfReader(path)
        names = reader.get_fields()
        assert "self-audit-scorecard--areas--homework" in names
        assert not [name for name in names if "." in name], path.name
        # The form lists its fields, never a button on its own.
        listed = reader.trailer["/Root"]["/AcroForm"]["/Fields"]
        assert all("/T" in field.get_object() for field in listed), path.name


# --- in the browser ------------------------------------------------------------------------

TYPED = "Zoë's answer & more → 100%"


def answers_for(item, t) -> dict[str, object]:
    """One answer for the first field of each kind on a sheet, and a cell in the table's second row."""
    answers: dict[str, object] = {}
    kinds_done: set[str] = set()
    for field in worksheet_fields(item, t):
        key = field.kind if "--row-" not in field.name else "table"
        if key == "table" and "--row-2--" not in field.name:
            continue
        if key in kinds_done:
            continue
        kinds_done.add(key)
        answers[field.name] = {"checkbox": True, "radio": "4"}.get(field.kind, f"{TYPED} ({field.label})")
    return answers


async def fill_in(page, answers: dict[str, object]) -> None:
    for name, value in answers.items():
        if "--row-2--" in name:
            table = page.locator("section.nr-form-table", has=page.locator(f'[id="{name}"]'))
            await table.get_by_role("button", name="Add a row").click()
        if value is True:
            await page.locator(f'[id="{name}"]').check()
        elif value == "4":
            await page.locator(f'[id="{name}--4"]').check()
        else:
            await page.locator(f'[id="{name}"]').fill(value)


async def read_back(page, answers: dict[str, object]) -> dict[str, object]:
    found = {}
    for name, value in answers.items():
        if value is True:
            found[name] = await page.locator(f'[id="{name}"]').is_checked()
        elif value == "4":
            found[name] = await page.evaluate(
                "name => document.querySelector(`input[name='${name}']:checked`)?.value ?? null", name
            )
        else:
            found[name] = await page.locator(f'[id="{name}"]').input_value()
    return found


def filled_values(data: bytes, names) -> dict[str, object]:
    """What the downloaded PDF's fields hold, in the page's terms."""
    fields = PdfReader(io.BytesIO(data)).get_fields()
    found = {}
    for name in names:
        field = fields[name]
        value = field.get("/V")
        if field.get("/FT") == "/Tx":
            found[name] = str(value)
        elif int(field.get("/Ff", 0)) & RADIO:
            found[name] = str(field["/Opt"][int(str(value)[1:])]) if value not in (None, "/Off") else None
        else:
            found[name] = value not in (None, "/Off")
    return found


@pytest.mark.parametrize("worksheet", ["role-fit-check", "feedback-log", "thought-reframe"])
def test_answers_are_kept_downloaded_printed_and_cleared(loop, browser, server, kit, worksheet, tmp_path):  # noqa: F811
    item = kit.items[worksheet]
    answers = answers_for(item, kit.t)
    kinds = {field.kind for field in worksheet_fields(item, kit.t) if field.name in answers}
    assert {"text", "multiline"} <= kinds

    async def scenario():
        context = await browser.new_context(viewport=PHONE)
        page = await context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.on("dialog", lambda dialog: dialog.accept())
        await page.goto(server + f"worksheets/{worksheet}/index.html")
        note = await page.text_content("form[data-worksheet] .nr-note")
        await fill_in(page, answers)
        await page.reload()
        kept = await read_back(page, answers)
        stored = json.loads(await page.evaluate(f"localStorage.getItem('nextround:answers:{worksheet}')"))
        async with page.expect_download() as download_info:
            await page.get_by_role("button", name="Download my filled-in PDF").click()
        download = await download_info.value
        pdf = tmp_path / download.suggested_filename
        await download.save_as(pdf)
        await page.emulate_media(media="print")
        printed = await page.inner_text("article")
        buttons_printed = await page.get_by_role("button", name="Print my answers").is_visible()
        await page.emulate_media(media="screen")
        await page.get_by_role("button", name="Clear my answers").click()
        status = await page.text_content("[data-worksheet-status]")
        cleared = await read_back(page, answers)
        await page.reload()
        after_reload = await read_back(page, answers)
        left = await page.evaluate(f"localStorage.getItem('nextround:answers:{worksheet}')")
        await context.close()
        return note, kept, stored, pdf, printed, buttons_printed, status, cleared, after_reload, left, requests

    note, kept, stored, pdf, printed, buttons_printed, status, cleared, after_reload, left, requests = (
        loop.run_until_complete(scenario())
    )
    assert "this browser on this device only" in note and "Nothing is sent anywhere" in note
    assert kept == answers
    assert stored == answers
    assert pdf.name == f"{worksheet}-my-answers.pdf"
    assert filled_values(pdf.read_bytes(), answers) == answers
    # The download is the kit's own sheet: its title, its other fields still there.
    reader = PdfReader(pdf)
    assert reader.metadata.title == item.title
    assert set(reader.get_fields()) == {field.name for field in worksheet_fields(item, kit.t)}
    for value in answers.values():
        if isinstance(value, str) and value != "4":
            assert value in printed
    assert not buttons_printed
    assert status == "Your answers are cleared from this device."
    empty = {name: False if value is True else (None if value == "4" else "") for name, value in answers.items()}
    assert cleared == empty and after_reload == empty
    assert left is None
    assert all(url.startswith((server, "data:", "blob:")) for url in requests), requests


def test_a_filled_in_pdf_comes_from_the_site_opened_from_disk(loop, browser, site, kit, tmp_path):  # noqa: F811
    """From a USB stick with no network, where a page may not fetch() files: pdf-lib and the sheet load as scripts."""
    item = kit.items["self-audit-scorecard"]
    answers = answers_for(item, kit.t)

    async def scenario():
        context = await browser.new_context(viewport=PHONE, offline=True)
        page = await context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        await page.goto((site / "worksheets" / item.id / "index.html").as_uri())
        before_click = list(requests)
        await fill_in(page, answers)
        async with page.expect_download() as download_info:
            await page.get_by_role("button", name="Download my filled-in PDF").click()
        download = await download_info.value
        await download.save_as(tmp_path / "filled.pdf")
        await context.close()
        return before_click, requests

    before_click, requests = loop.run_until_complete(scenario())
    assert filled_values((tmp_path / "filled.pdf").read_bytes(), answers) == answers
    assert not [url for url in before_click if "pdf-lib" in url or url.endswith(".pdf.js")], "loaded before asked"
    assert any(url.endswith("/assets/pdf-lib/pdf-lib.min.js") for url in requests)
    assert any(url.endswith(f"/downloads/pdf/{item.id}.pdf.js") for url in requests)
    assert all(url.startswith(("file://", "data:", "blob:", "about:")) for url in requests), requests


def test_without_javascript_the_page_describes_the_printed_sheet(loop, browser, server, kit):  # noqa: F811
    item = kit.items["role-fit-check"]

    async def scenario():
        context = await browser.new_context(viewport=PHONE, java_script_enabled=False)
        page = await context.new_page()
        await page.goto(server + f"worksheets/{item.id}/index.html")
        outline = await page.locator("[data-worksheet-outline]").inner_text()
        form_shown = await page.locator("form[data-worksheet]").is_visible()
        await context.close()
        return outline, form_shown

    outline, form_shown = loop.run_until_complete(scenario())
    assert not form_shown
    for block in item.blocks:
        assert block.label in outline
    assert "A table with the columns: Skill they want, My proof (a result or example)." in outline
