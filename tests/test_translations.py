"""Translations are checked against the kit: each kind of mistake in a language's files is reported by
`nextround check` at its file and line, with what to do, and the English never goes silently stale."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import textstat

from nextround.compose import load_kits
from nextround.model.reference import english_reference, format_reference, reference_texts
from nextround.model.translation import fingerprint, source_texts
from nextround.render.site import customise_page

from conftest import ROOT, run_nextround

SO_CLOSE = Path("content/es/guide/so-close.yml")
LETTER = Path("content/es/letters/feedback-request-email.yml")
REFERENCE = Path("content/es/reference.yml")


@pytest.fixture
def kit(tmp_path) -> Path:
    """The kit's content and mkdocs.yml: all `nextround check` reads."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, pattern: str, after: str | None = None) -> int:
    """The number of the first line matching pattern (after the first line matching `after`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if re.search(after, line)) if after else 0
    return next(n for n, line in enumerate(lines[start:], start + 1) if re.search(pattern, line))


def check(kit: Path) -> str:
    result = run_nextround("check", cwd=kit)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def problem_at(report: str, where: str) -> str:
    """The one line of the report located at where (file:line)."""
    found = [line for line in report.splitlines() if line.startswith(where + ":")]
    assert len(found) == 1, f"expected one problem at {where}:\n{report}"
    return found[0]


def test_the_kit_and_its_translations_check_clean(kit):
    result = run_nextround("check", cwd=kit)
    assert result.returncode == 0, result.stderr
    assert "in every language of the build (en, es)" in result.stdout


def test_an_english_text_changed_since_its_translation_is_reported_with_the_new_fingerprint(kit):
    english = "When you reached the final round"
    edit(kit / "content/guide/so-close.yml", f"heading: {english}", "heading: When you reached the last round")
    report = check(kit)
    line = line_of(kit / SO_CLOSE, r"^  sections\.1\.heading:", after=r"^translated_from:")
    problem = problem_at(report, f"{SO_CLOSE}:{line}")
    assert "the English of 'sections.1.heading' has changed since it was translated" in problem
    assert f"sections.1.heading: {fingerprint('When you reached the last round')}" in problem
    assert fingerprint(english) != fingerprint("When you reached the last round")


def test_a_text_left_untranslated_is_reported_with_its_english(kit):
    path = kit / SO_CLOSE
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^  title: .*\n", "", text, count=1), encoding="utf-8")
    report = check(kit)
    problem = problem_at(report, f"{SO_CLOSE}:{line_of(path, r'^text:')}")
    assert "'title' is not translated into 'es'" in problem
    assert '(the English is: "So close: the final' in problem


def test_a_translation_of_a_text_the_item_lacks_is_reported(kit):
    edit(kit / SO_CLOSE, "\n  summary:", "\n  sumary:")
    report = check(kit)
    problem = problem_at(report, f"{SO_CLOSE}:{line_of(kit / SO_CLOSE, r'^  sumary:')}")
    assert "'so-close' has no text 'sumary' to translate" in problem
    assert "Did you mean 'summary'" in problem


def test_a_translation_of_an_item_that_does_not_exist_is_reported(kit):
    edit(kit / SO_CLOSE, "translates: so-close", "translates: so-clsoe")
    report = check(kit)
    problem = problem_at(report, f"{SO_CLOSE}:{line_of(kit / SO_CLOSE, r'^translates:')}")
    assert "there is no item 'so-clsoe' to translate" in problem
    assert "Did you mean 'so-close'" in problem


def test_a_placeholder_that_differs_from_the_english_is_reported(kit):
    edit(kit / LETTER, "{{ interviewer_name }}", "{{ nombre }}")
    report = check(kit)
    line = line_of(kit / LETTER, r"\{\{ nombre \}\}")
    # The placeholder sits in a block of text: the problem is at the key that holds it.
    key_line = max(
        n for n, text in enumerate((kit / LETTER).read_text().splitlines()[:line], 1) if re.match(r"^  \S", text)
    )
    problem = problem_at(report, f"{LETTER}:{key_line}")
    assert "differ from the English, which has:" in problem
    assert "{{ interviewer_name }}" in problem
    assert "Keep each placeholder as the English spells it" in problem


def test_an_item_with_no_translation_is_reported_at_its_english_file(kit):
    (kit / SO_CLOSE).unlink()
    report = check(kit)
    problem = problem_at(report, "content/guide/so-close.yml:1")
    assert "'so-close' has no 'es' translation" in problem
    assert "translates: so-close" in problem


def test_a_new_language_is_a_folder_and_a_line_and_check_lists_what_is_missing(kit):
    edit(kit / "content/kit.yml", "translations: [es]", "translations: [es, fr]")
    (kit / "content/fr").mkdir()
    (kit / "content/fr/kit.yml").write_text(
        "translates: kit\ntext:\n  tagline: Vous avez entendu « non ».\n", encoding="utf-8"
    )
    report = check(kit)
    assert "content/fr/kit.yml:2:1: 'welcome' is not translated into 'fr'" in report
    assert "content/guide/so-close.yml:1:1: 'so-close' has no 'fr' translation." in report
    assert "problems found; nothing was written." in report.splitlines()[-1]


def test_a_link_in_a_translation_must_lead_to_an_item(kit):
    edit(kit / SO_CLOSE, "(item:staying-in-touch)", "(item:staying-in-tuoch)")
    report = check(kit)
    assert "the link to item 'staying-in-tuoch' does not match any item" in report
    assert str(SO_CLOSE) in report


def test_no_spanish_text_is_left_in_english():
    """A translator who copies the English in to get past check leaves the reader English: none is left."""
    english, spanish = load_kits(ROOT)
    assert spanish.language == "es"
    for item_id, item in english.items.items():
        in_spanish = {text.key: text.text for text in source_texts(spanish.items[item_id])}
        same = [
            text.key for text in source_texts(item) if len(text.text.split()) > 3 and in_spanish[text.key] == text.text
        ]
        assert not same, f"{item_id}: {same} are still the English"


def plain(text: str) -> str:
    text = re.sub(r"\]\([^)]*\)|\{\{[^}]*\}\}", " ", text)
    return re.sub(r"[\[\]*_#>`|]", " ", text)


def test_every_spanish_page_is_easy_to_read():
    """Fernández Huerta (the Spanish Flesch formula) of every Spanish page is at least 60."""
    spanish = load_kits(ROOT, languages=["es"])[0]
    textstat.set_lang("es")
    try:
        for item in spanish.items.values():
            texts = [text.text.strip() for text in source_texts(item)]
            body = " ".join(text if text[-1:] in ".!?:" else text + "." for text in texts)
            score = textstat.fernandez_huerta(plain(body))
            assert score >= 60, f"{item.id} scores {score:.0f} on Fernández Huerta; shorten its sentences and words"
    finally:
        textstat.set_lang("en_US")


# --- the reference pages: "Customise for your group" and "The content format" ---------------------------


@pytest.fixture(scope="module")
def kits():
    return load_kits(ROOT)


def reference_pages(content) -> dict[str, str]:
    """The Markdown of the two reference pages, as the site's build writes them."""
    return {
        "customise": customise_page(content).text,
        "content-format": format_reference(content.reference, content.t.content_format),
    }


def test_the_reference_pages_are_in_spanish_on_the_spanish_site(kits):
    english, spanish = kits
    assert english.reference == english_reference()
    pages = reference_pages(spanish)
    paper = spanish.reference["GroupOverlay.paper"]
    assert paper.startswith("Tamaño de papel de todos los PDF") and paper in pages["customise"]
    assert spanish.reference["Checklist.intro"] in pages["content-format"]
    assert "| Clave | Obligatoria | Tipo | Qué es |" in pages["content-format"]
    assert pages["customise"].startswith('---\ntitle: "Personaliza el kit para tu grupo"\ndescription: "Pon ')
    assert "# El formato del contenido\n" in pages["content-format"]
    # No English sentence of the pages is left: each English text of more than two words the Spanish
    # translates, with its Markdown, and each English table header and type name.
    left = {
        name: [
            text.key
            for text in reference_texts()
            if (len(text.text.split()) > 2 or text.key.startswith(("table.", "type.", "heading.")))
            and spanish.reference[text.key] != text.text
            and re.search(rf"(?<![\w`]){re.escape(text.text)}(?![\w`])", page)
        ]
        for name, page in pages.items()
    }
    assert left == {"customise": [], "content-format": []}


def test_the_english_reference_pages_show_the_models_descriptions(kits):
    from nextround.model.group import GroupOverlay
    from nextround.model.items import Checklist

    pages = reference_pages(kits[0])
    for name, field in GroupOverlay.model_fields.items():
        assert f"| `{name}` |" in pages["customise"] and field.description in pages["customise"], name
    assert Checklist.model_fields["intro"].description in pages["content-format"]
    assert "| Key | Required | Type | What it is |" in pages["content-format"]
    assert "# The content format\n" in pages["content-format"]


def test_the_spanish_example_group_file_composes(kits, tmp_path):
    from nextround.compose.overlay import compose, read_overlay

    example = kits[1].reference["customise.example_file"]
    folder = tmp_path / "ejemplo"
    folder.mkdir()
    (folder / "group.yml").write_text(example, encoding="utf-8")
    (folder / "logo.svg").write_bytes((ROOT / "tests/groups/riverside/logo.svg").read_bytes())
    composed = compose(kits[0], *read_overlay(folder), folder)
    assert composed.group.group.name == "Club de empleo de Riverside"
    assert "role-fit-check" not in composed.items


def test_no_reference_text_is_left_in_english(kits):
    spanish = kits[1].reference
    same = [text.key for text in reference_texts() if len(text.text.split()) > 3 and spanish[text.key] == text.text]
    assert not same, f"{same} are still the English"


def test_a_stale_reference_text_is_reported_at_its_line(kit):
    path = kit / REFERENCE
    english = english_reference()["GroupOverlay.paper"]
    edit(path, f"GroupOverlay.paper: {fingerprint(english)}", "GroupOverlay.paper: 0badc0de")
    report = check(kit)
    line = line_of(path, r"^  GroupOverlay\.paper:", after=r"^translated_from:")
    problem = problem_at(report, f"{REFERENCE}:{line}")
    assert "the English of 'GroupOverlay.paper' has changed since it was translated" in problem
    assert f"GroupOverlay.paper: {fingerprint(english)}" in problem


def test_an_untranslated_reference_text_is_reported_with_its_english(kit):
    path = kit / REFERENCE
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^  Checklist\.intro: .*\n", "", text, count=1), encoding="utf-8")
    report = check(kit)
    problem = problem_at(report, f"{REFERENCE}:{line_of(path, r'^text:')}")
    assert "'Checklist.intro' is not translated into 'es'" in problem
    assert '(the English is: "A sentence or two on when and how to use the' in problem


def test_a_reference_text_keeps_its_placeholders_and_links(kit):
    path = kit / REFERENCE
    edit(path, "Registro de {{ group.name }}", "Registro de {{ grupo.nombre }}")
    edit(path, "(../content-format/index.md)", "(../formato/index.md)")
    report = check(kit)
    placeholder_line = line_of(path, r"^  customise\.placeholders_after:")
    placeholder = problem_at(report, f"{REFERENCE}:{placeholder_line}")
    assert "the placeholders in 'customise.placeholders_after' differ from the English" in placeholder
    assert "{{ group.name }}" in placeholder
    link_line = line_of(path, r"^  customise\.folder\.content:")
    link = problem_at(report, f"{REFERENCE}:{link_line}")
    assert "the links in 'customise.folder.content' differ from the English" in link
    assert "`../content-format/index.md`" in link


def test_a_reference_text_the_pages_lack_is_reported(kit):
    edit(kit / REFERENCE, "\n  GroupOverlay.paper:", "\n  GroupOverlay.papre:")
    report = check(kit)
    line = line_of(kit / REFERENCE, r"^  GroupOverlay\.papre:")
    problem = problem_at(report, f"{REFERENCE}:{line}")
    assert "'reference' has no text 'GroupOverlay.papre' to translate" in problem
    assert "Did you mean 'GroupOverlay.paper'" in problem


def test_the_spanish_reference_pages_are_easy_to_read(kits):
    texts = [text for key, text in kits[1].reference.items() if key != "customise.example_file"]
    textstat.set_lang("es")
    try:
        body = " ".join(text if text[-1:] in ".!?:" else text + "." for text in texts)
        assert textstat.fernandez_huerta(plain(body)) >= 60
    finally:
        textstat.set_lang("en_US")


def test_a_build_warns_of_gaps_and_shows_the_english_for_a_missing_text(kit, tmp_path):
    """A language still being translated builds: each missing file or text is a located warning, and the
    English stands in for it; `check` (above) refuses the same gaps."""
    shutil.copytree(ROOT / "worksheets", kit / "worksheets")
    (kit / "content/es/kit.yml").unlink()
    (kit / SO_CLOSE).unlink()
    result = run_nextround("build", "--language", "es", "--out", str(tmp_path / "dist"), "--quiet", cwd=kit)
    assert result.returncode == 0, result.stderr
    assert "warning: content/guide/so-close.yml:1:1: 'so-close' has no 'es' translation." in result.stderr
    assert "warning: content/kit.yml:1:1: 'kit' has no 'es' translation." in result.stderr
    site = tmp_path / "dist" / "site"
    assert "So close" in (site / "guide" / "so-close" / "index.html").read_text(encoding="utf-8")
    assert 'lang="es"' in (site / "index.html").read_text(encoding="utf-8")


def test_html_or_attributes_in_a_reference_translation_are_refused(kit):
    """The reference pages are Markdown shown as it is: a translation cannot slip a script into them."""
    path = kit / "content/es/reference.yml"
    text = path.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("  GroupOverlay.paper:"))
    rows = text.splitlines()
    rows[line - 1] = "  GroupOverlay.paper: '<img src=x onerror=alert(1)> Papel: `a4` o `letter`. {: onclick=\"x\" }'"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    problem = problem_at(check(kit), f"content/es/reference.yml:{line}")
    assert "'GroupOverlay.paper' holds HTML or an attribute list" in problem
