"""Translations are checked against the kit: each kind of mistake in a language's files is reported by
`nextround check` at its file and line, with what to do, and the English never goes silently stale."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import textstat

from nextround.compose import load_kits
from nextround.model.translation import fingerprint, source_texts

from conftest import ROOT, run_nextround

SO_CLOSE = Path("content/es/guide/so-close.yml")
LETTER = Path("content/es/letters/feedback-request-email.yml")


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
