"""The kit in each of its languages: a Spanish site beside the English one, each page linked to its
counterpart, Spanish search, Spanish PDFs, letters and zip, and groups that choose their languages."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from nextround.compose import load_kits
from publishing import SITE_URL
from test_browser import PHONE, browser, loop, search  # noqa: F401 (fixtures)
from test_worksheet_forms import page_of, pdf_fields, web_fields

from conftest import RIVERSIDE, ROOT, page_text, run_nextround, squash
from pdf_reading import fields, page_size, pdf_text

A4 = (595, 842)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def pages_of(site: Path) -> list[str]:
    """Every page of one language's site, not the other language's folder nor the downloads."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not {"downloads", "es"} & set(p.relative_to(site).parts[:1]) and p.name != "404.html"
    )


def target(site_root: Path, page: str, href: str) -> Path:
    return site_root / posixpath.normpath(posixpath.join(posixpath.dirname(page), href))


def test_the_spanish_site_has_every_page_of_the_english_one(built):
    # (404.html too, which links to no other language: a host serves it at whatever address was not found.)
    assert (built / "site" / "es" / "404.html").is_file()
    site = built / "site"
    assert pages_of(site) == pages_of(site / "es")
    assert soup(site / "es" / "index.html").html["lang"] == "es"
    assert soup(site / "index.html").html["lang"] == "en"
    assert page_text(site / "es", "guide/so-close/index.html").startswith("Tan cerca")


def test_every_page_links_to_its_counterpart_in_the_switch_and_in_hreflang(built):
    site = built / "site"
    for page in pages_of(site):
        for here, there, other in ((site, site / "es", "es"), (site / "es", site, "en")):
            html = soup(here / page)
            alternate = html.select_one(f'link[rel=alternate][hreflang="{other}"]')
            switch = html.select_one(f'a.md-select__link[hreflang="{other}"]')
            assert alternate and switch, f"{here / page} has no link to its {other} page"
            assert target(here, page, alternate["href"]).resolve() == (there / page).resolve(), alternate["href"]
            assert target(here, page, switch["href"]).resolve() == (there / page).resolve(), switch["href"]
            assert html.select_one(f'a.md-select__link[hreflang="{other}"]').get_text(strip=True) in (
                "English",
                "Español",
            )


def test_a_published_site_gives_full_addresses_in_hreflang(published):  # noqa: F811
    _, out = published
    for site, url in ((out, SITE_URL), (out / "groups" / "riverside", f"{SITE_URL}/groups/riverside")):
        html = soup(site / "es" / "guide" / "start-here" / "index.html")
        links = {link["hreflang"]: link["href"] for link in html.select("link[rel=alternate][hreflang]")}
        assert links == {
            "en": f"{url}/guide/start-here/index.html",
            "es": f"{url}/es/guide/start-here/index.html",
        }


def test_spanish_search_finds_spanish_pages_from_disk(loop, browser, built):  # noqa: F811
    """The Spanish site searches its own index, built with Material's Spanish settings (lunr's Spanish word
    list and tokenizer), and answers opened from disk. Material's search-as-you-type matches the start of
    words ("agradecimiento" finds "agradecimientos"), and it turns lunr's stemming off in every language."""
    spanish = built / "site" / "es"
    index = json.loads((spanish / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["es"]

    async def scenario():
        context = await browser.new_context(viewport=PHONE, offline=True)
        page = await context.new_page()
        await page.goto((spanish / "index.html").as_uri())
        results = await search(page, "agradecimiento")
        await context.close()
        return results

    results = loop.run_until_complete(scenario())
    assert results and all(url.startswith("file://") and "/site/es/" in url for url in results), results
    assert any("/site/es/guide/sending-thanks/index.html" in url for url in results), results


def test_spanish_pdfs_are_spanish_fillable_and_tagged(built):
    sheet = built / "pdf" / "es" / "on-the-call.pdf"
    reader = PdfReader(sheet)
    assert reader.trailer["/Root"]["/Lang"] == "es"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.metadata.title == "En la llamada en que te dicen que no"
    assert page_size(reader) == A4
    assert "Escucha el tono" in pdf_text(sheet) or "tono" in pdf_text(sheet)
    assert fields(sheet).keys() == fields(built / "pdf" / "on-the-call.pdf").keys()
    # A worksheet's fields are named after its Spanish columns, as on the Spanish page's form.
    worksheet = built / "pdf" / "es" / "action-plan.pdf"
    for worksheet_id in ("action-plan", "self-audit-scorecard", "interview-debrief"):
        in_pdf = pdf_fields((built / "pdf" / "es" / f"{worksheet_id}.pdf").read_bytes())
        assert web_fields(page_of(built / "site" / "es", worksheet_id)) == in_pdf, worksheet_id
    assert "action-plan--actions--row-1--accion" in fields(worksheet)
    large = PdfReader(built / "pdf" / "es" / "large-print" / "on-the-call.pdf")
    assert large.trailer["/Root"]["/Lang"] == "es"
    pack = PdfReader(built / "es" / "workshop-pack.pdf")
    assert pack.trailer["/Root"]["/Lang"] == "es"
    assert "Planes de sesión" not in pack.metadata.title
    assert (built / "pdf" / "es" / "run-sheet-sixty-minutes.pdf").is_file()


def test_spanish_letters_are_written_with_spanish_examples(built):
    english = (built / "letters" / "feedback-request-email.txt").read_text(encoding="utf-8")
    spanish = (built / "letters" / "es" / "feedback-request-email.txt").read_text(encoding="utf-8")
    assert "Folasade Adeyemi" in english and "Folasade Adeyemi" not in spanish
    assert (built / "letters" / "es" / "feedback-request-email.docx").is_file()
    downloads = built / "site" / "es" / "downloads"
    assert (downloads / "letters" / "feedback-request-email.txt").read_text(encoding="utf-8") == spanish
    assert (downloads / "pdf" / "on-the-call.pdf").read_bytes() == (
        built / "pdf" / "es" / "on-the-call.pdf"
    ).read_bytes()


def test_each_language_has_its_own_zip(built):
    with zipfile.ZipFile(built / "site" / "downloads" / "next-round-kit.zip") as english:
        names = english.namelist()
    assert "next-round-kit/index.html" in names
    assert not any(name.startswith("next-round-kit/es/") for name in names)
    with zipfile.ZipFile(built / "site" / "es" / "downloads" / "next-round-kit.zip") as spanish:
        home = spanish.read("next-round-kit/index.html").decode("utf-8")
        page = spanish.read("next-round-kit/guide/so-close/index.html").decode("utf-8")
        pdfs = [name for name in spanish.namelist() if name.endswith(".pdf")]
    # The zip holds one language, so its pages offer no link to the other: it would lead out of the zip.
    assert "hreflang" not in page and "md-select__link" not in page
    assert "hreflang" in (built / "site" / "es" / "guide" / "so-close" / "index.html").read_text(encoding="utf-8")
    assert soup_text(home).count("Next Round") >= 1 and 'lang="es"' in home
    assert "next-round-kit/downloads/pdf/on-the-call.pdf" in pdfs


def soup_text(html: str) -> str:
    return squash(BeautifulSoup(html, "html.parser").get_text(" "))


def test_language_option_builds_one_language(kit_copy, tmp_path):
    out = tmp_path / "dist"
    result = run_nextround("build", "--language", "en", "--out", str(out), "--quiet", cwd=kit_copy)
    assert result.returncode == 0, result.stderr
    assert not (out / "site" / "es").exists() and not (out / "pdf" / "es").exists()
    assert soup(out / "site" / "index.html").select_one("a.md-select__link") is None
    wrong = run_nextround("build", "--language", "fr", "--out", str(out), cwd=kit_copy)
    assert wrong.returncode == 1 and "--language fr: this build is in en, es only" in wrong.stderr
    assert "Traceback" not in wrong.stderr


@pytest.fixture(scope="module")
def spanish_group(kit_copy, tmp_path_factory) -> Path:
    """Riverside as a Spanish-only group, built once."""
    folder = tmp_path_factory.mktemp("group") / "riverside-es"
    shutil.copytree(RIVERSIDE, folder)
    group_file = folder / "group.yml"
    group_file.write_text(
        group_file.read_text(encoding="utf-8").replace("languages: [en, es]", "languages: [es]"), encoding="utf-8"
    )
    out = tmp_path_factory.mktemp("riverside-es") / "dist"
    result = run_nextround("build", "--group", str(folder), "--out", str(out), "--quiet", cwd=kit_copy)
    assert result.returncode == 0, result.stderr
    return out


def test_a_group_can_build_in_spanish_only(spanish_group):
    site = spanish_group / "site"
    assert soup(site / "index.html").html["lang"] == "es"
    assert not (site / "en").exists() and not (site / "es").exists()
    assert soup(site / "index.html").select_one("a.md-select__link") is None
    text = page_text(site, "checklists/self-audit/index.html")
    assert text.startswith("Autoevaluación del club de Riverside")
    assert "¿Llegaste diez minutos antes?" in text
    assert "Pide una cita en el servicio de empleo de Riverside" in page_text(site, "checklists/next-steps/index.html")
    assert "Revisión gratuita del CV los jueves" in page_text(site, "local-help/index.html")
    reader = PdfReader(spanish_group / "pdf" / "self-audit.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "es"
    assert "Autoevaluación del club de Riverside" in pdf_text(spanish_group / "pdf" / "self-audit.pdf")
    assert not (spanish_group / "pdf" / "en").exists()


def test_a_group_gives_its_own_words_per_language(riverside):
    english = page_text(riverside / "site", "checklists/self-audit/index.html")
    spanish = page_text(riverside / "site" / "es", "checklists/self-audit/index.html")
    assert english.startswith("Riverside interview self-check")
    assert spanish.startswith("Autoevaluación del club de Riverside")
    assert "Riverside interview self-check" not in spanish


def test_a_group_language_the_kit_lacks_is_located(kit_copy, tmp_path):
    folder = tmp_path / "riverside-fr"
    shutil.copytree(RIVERSIDE, folder)
    group_file = folder / "group.yml"
    text = group_file.read_text(encoding="utf-8").replace("languages: [en, es]", "languages: [en, fr]")
    group_file.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("languages:"))
    result = run_nextround("check", "--group", str(folder), cwd=kit_copy)
    assert result.returncode == 2
    assert f"group.yml:{line}:" in result.stderr and "'fr' is not a language of this build" in result.stderr
    by_language = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("  es:"))
    assert f"group.yml:{by_language}:" in result.stderr


# Words that show a sentence is English; Spanish text does not use them.
ENGLISH_WORDS = re.compile(r"\b(the|your|and|with|this|you|of)\b", re.IGNORECASE)


def english_phrases(english: dict[str, str], spanish: dict[str, str]) -> set[str]:
    """The words of every interface string the Spanish changes, between its {values}: none may show in Spanish."""
    phrases = set()
    for name, text in english.items():
        if spanish[name] == text:
            continue
        for part in re.split(r"\{[^}]*\}", text):
            part = part.strip(" .,:;()")
            if len(part.split()) >= 2 or len(part) >= 6:
                phrases.add(part)
    return phrases


def test_no_english_interface_string_is_left_on_a_spanish_page_or_pdf(built):
    english, spanish = load_kits(ROOT)
    phrases = english_phrases(english.interface, spanish.interface)
    assert len(phrases) > 50
    site = built / "site" / "es"
    texts = {}
    for page in site.rglob("*.html"):
        relative = page.relative_to(site).as_posix()
        if "downloads" in page.parts:
            continue
        html = soup(page)
        for hidden in html.select("script, style"):
            hidden.decompose()
        # Inline code is a YAML key, an id, a file or a command (the reference pages' `minutes`): the same
        # in every language. A block of code, such as the example group.yml, is read like any text.
        for code in html.select(":not(pre) > code"):
            code.decompose()
        labels = " ".join(tag.get(name, "") for tag in html.find_all(True) for name in ("aria-label", "title", "alt"))
        texts[relative] = squash(html.get_text(" ") + " " + labels)
    for pdf in [*(built / "pdf" / "es").rglob("*.pdf"), *(built / "es").glob("*.pdf")]:
        texts[pdf.relative_to(built).as_posix()] = pdf_text(pdf)
    left = {
        where: sorted(p for p in phrases if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text))
        for where, text in texts.items()
    }
    assert {where: found for where, found in left.items() if found} == {}
    sentences = {where: ENGLISH_WORDS.findall(text) for where, text in texts.items()}
    assert {where: found for where, found in sentences.items() if len(found) > 2} == {}


def test_the_spanish_outputs_are_the_same_bytes_when_built_again(built, kit_copy, tmp_path):
    again = tmp_path / "again"
    result = run_nextround("build", "--no-cache", "--out", str(again), "--quiet", cwd=kit_copy)
    assert result.returncode == 0, result.stderr
    spanish = [
        path.relative_to(built)
        for folder in ("pdf/es", "letters/es", "es")
        for path in sorted((built / folder).rglob("*"))
        if path.is_file()
    ]
    assert len(spanish) > 40
    assert [str(p) for p in spanish if (built / p).read_bytes() != (again / p).read_bytes()] == []


def test_the_reference_pages_are_in_spanish_on_the_spanish_site(built):
    english, spanish = load_kits(ROOT)
    site = built / "site"
    for content, root in ((english, site), (spanish, site / "es")):
        customise = page_text(root, "facilitator/customise/index.html").replace("`", "")
        content_format = page_text(root, "facilitator/content-format/index.html").replace("`", "")
        assert squash(content.reference["GroupOverlay.paper"].replace("`", "")) in customise
        assert squash(content.reference["Checklist.intro"]) in content_format
    assert "Tamaño de papel de todos los PDF" in page_text(site / "es", "facilitator/customise/index.html")
    assert "Paper size of every PDF" not in page_text(site / "es", "facilitator/customise/index.html")
