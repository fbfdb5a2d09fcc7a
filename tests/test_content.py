"""The kit's words: complete, readable, and letters that fill cleanly. (That they are our own is checked by
.ci/run with ../shared/tools/originality-check, which a clone elsewhere does not have.)"""

import re

import pytest
import textstat

from nextround.model.coverage import BRIEF_POINTS, coverage_map
from nextround.text import letters

from conftest import run_nextround


def test_every_brief_point_is_covered(kit):
    uncovered = [point for point, ids in coverage_map(kit).items() if not ids]
    assert uncovered == []


def test_coverage_report_shows_the_map(kit_copy):
    result = run_nextround("coverage", cwd=kit_copy)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == BRIEF_POINTS
    assert "on-the-call" in next(line for line in lines if line.startswith("P03"))


@pytest.mark.parametrize(
    "kind, at_least", [("guide", 10), ("checklist", 6), ("letter", 7), ("worksheet", 9), ("facilitator", 1)]
)
def test_kit_has_enough_of_each_kind(kit, kind, at_least):
    assert len(kit.of_kind(kind)) >= at_least


def guide_text(page) -> str:
    return "\n\n".join(section.body for section in page.sections)


def test_guide_has_at_least_6000_words(kit):
    words = sum(len(guide_text(page).split()) for page in kit.of_kind("guide"))
    assert words >= 6000


def test_every_guide_page_is_easy_to_read(kit):
    for page in kit.of_kind("guide"):
        plain = re.sub(r"\]\([^)]*\)|[\[\]*_#>`]", " ", guide_text(page))
        score = textstat.flesch_reading_ease(plain)
        assert score >= 60, f"{page.id} scores {score:.0f} on Flesch reading ease; shorten its sentences and words"


def test_every_letter_fills_without_leftover_placeholders(kit):
    for letter in kit.of_kind("letter"):
        text = letters.letter_text(letter, letters.example_values(letter), kit.t.subject_label)
        assert "{{" not in text and "}}" not in text, letter.id
        for field in letter.fields:
            assert field.example in text, f"{letter.id}: field {field.name} is declared but never used"


def test_session_plans_fit_their_time(kit):
    plans = {plan.id: plan for page in kit.of_kind("facilitator") for plan in page.plans}
    assert sum(step.minutes for step in plans["sixty-minutes"].steps) == 60
    assert sum(step.minutes for step in plans["two-hours"].steps) == 120


# "a" before these words is right: they start with a consonant sound.
_A_BEFORE_VOWEL_LETTER_IS_FINE = re.compile(
    r"^(one|once|uni|unic|unif|union|unit|univ|use|usu|usa|user|uti|eu|ewe|ubiq|uk\b|us\b)", re.IGNORECASE
)
# "an" before these is right: they start with a vowel sound.
_AN_BEFORE_CONSONANT_LETTER_IS_FINE = re.compile(r"^(hour|honest|honour|honor|heir|mp\b|mba\b|nhs\b)", re.IGNORECASE)
_ARTICLE_PAIR = re.compile(r"\b(an?)\s+[\[\"'(]*([A-Za-z][\w'-]*)", re.IGNORECASE)
_DOUBLED_ARTICLE = re.compile(r"\b(the|an?)\s+[\[\"'(]*(the|an?)\b", re.IGNORECASE)


def article_mistakes(text: str) -> list[str]:
    """Each "a" before a vowel sound, "an" before a consonant sound, or doubled article in the text."""
    mistakes = []
    for match in _ARTICLE_PAIR.finditer(text):
        article, word = match.group(1).lower(), match.group(2)
        starts_with_vowel = word[0].lower() in "aeiou"
        if article == "a" and starts_with_vowel and not _A_BEFORE_VOWEL_LETTER_IS_FINE.match(word):
            mistakes.append(match.group(0))
        if article == "an" and not starts_with_vowel and not _AN_BEFORE_CONSONANT_LETTER_IS_FINE.match(word):
            mistakes.append(match.group(0))
    mistakes.extend(match.group(0) for match in _DOUBLED_ARTICLE.finditer(text))
    return mistakes


@pytest.mark.parametrize(
    "text, bad",
    [
        ("I'm sorry I missed a interview.", True),
        ("It was a [interview date] meeting.", True),
        ("Thanks for the the call.", True),
        ("I applied for the a role.", True),
        ("It was a a long day.", True),
        ("It was an good day.", True),
        ("A one-off chance at a university, a useful chat in a European team.", False),
        ("An hour, an honest answer, a job, an offer, the [job title] role.", False),
    ],
)
def test_article_check_catches_mistakes(text, bad):
    assert bool(article_mistakes(text)) is bad


def test_every_letter_reads_cleanly_filled_and_blank(kit):
    for letter in kit.of_kind("letter"):
        blank = letters.blank_values(letter, kit.t.blank_field)
        for variant, values in (("example", letters.example_values(letter)), ("blank", blank)):
            text = letters.letter_text(letter, values, kit.t.subject_label)
            assert article_mistakes(text) == [], f"{letter.id} ({variant}): {article_mistakes(text)}"
