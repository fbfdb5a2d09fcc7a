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
        text = letters.letter_text(letter, letters.example_values(letter))
        assert "{{" not in text and "}}" not in text, letter.id
        for field in letter.fields:
            assert field.example in text, f"{letter.id}: field {field.name} is declared but never used"


def test_session_plans_fit_their_time(kit):
    plans = {plan.id: plan for page in kit.of_kind("facilitator") for plan in page.plans}
    assert sum(step.minutes for step in plans["sixty-minutes"].steps) == 60
    assert sum(step.minutes for step in plans["two-hours"].steps) == 120
