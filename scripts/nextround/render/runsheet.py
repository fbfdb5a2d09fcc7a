"""Run-sheets: one page per session plan, for the facilitator to keep at hand while the session runs.

Each is made from the plan's steps in the YAML and nothing else: a clock time
for every step, counted from the session's start, what to hand out and what
to say. The start is the build's `--start`, else the time of the group's
first session ("10:00-12:00" starts at 10:00), else the sheet counts from
0:00.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from nextround.render.dates import build_date
from nextround.render.pdf import (
    DocumentMeta,
    PdfJob,
    document_context,
    pdf_date,
    stylesheets,
    template_environment,
)

if TYPE_CHECKING:
    from nextround.model.content import Content

PREFIX = "run-sheet-"
_CLOCK = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)")


@dataclass(frozen=True)
class RunStep:
    time: str
    minutes: int
    activity: str
    say: str
    handouts: tuple[str, ...]


def parse_clock(text: str) -> int | None:
    """Minutes after midnight of the time a text starts with ("10:00-12:00" → 600), or None."""
    found = _CLOCK.match(text or "")
    return int(found.group(1)) * 60 + int(found.group(2)) if found else None


def session_start(content: Content, start: str | None) -> int | None:
    """The clock time the session starts, in minutes after midnight: the build's --start,
    else the group's first session's time; None when neither says."""
    if start:
        return parse_clock(start)
    if content.group and content.group.group.sessions:
        return parse_clock(content.group.group.sessions[0].time or "")
    return None


def clock(minutes: int, start: int | None) -> str:
    """A step's time: a time of day from a start, else minutes from the start as h:mm."""
    total = minutes if start is None else (start + minutes) % (24 * 60)
    return f"{total // 60}:{total % 60:02d}" if start is None else f"{total // 60:02d}:{total % 60:02d}"


def plans(content: Content) -> list:
    """Every session plan in the kit, in the order of the facilitator pages."""
    return [plan for page in content.of_kind("facilitator") for plan in page.plans]


def run_steps(content: Content, plan, start: int | None) -> tuple[list[RunStep], str]:
    """The plan's steps with their clock times, and the time it ends."""
    steps, elapsed = [], 0
    for step in plan.steps:
        handouts = tuple(content.items[ref].title for ref in step.handouts if ref in content.items)
        steps.append(RunStep(clock(elapsed, start), step.minutes, step.activity, step.say or "", handouts))
        elapsed += step.minutes
    return steps, clock(elapsed, start)


def run_sheet_html(content: Content, plan, template_dir: Path, start: int | None, date: datetime) -> str:
    steps, end = run_steps(content, plan, start)
    total = sum(step.minutes for step in plan.steps)
    t = content.t
    meta = DocumentMeta(
        title=t.run_sheet_title.format(plan=plan.title),
        subject=t.run_sheet_subject.format(plan=plan.title),
        author=content.settings.author,
        language=content.settings.language,
        keywords=(content.settings.title, t.run_sheet),
        date=pdf_date(date),
    )
    template = template_environment(template_dir).get_template("run-sheet.html.j2")
    return template.render(
        plan=plan,
        steps=steps,
        start=clock(0, start),
        end=end,
        total=total,
        clock_times=start is not None,
        **document_context(content, meta),
    )


def run_sheet_jobs(content: Content, template_dir: Path, out_dir: Path, start: str | None = None) -> list[PdfJob]:
    """One job per session plan, writing out_dir/run-sheet-<plan id>.pdf."""
    css, date, begins = stylesheets(template_dir), build_date(), session_start(content, start)
    return [
        PdfJob(
            f"{PREFIX}{plan.id}",
            run_sheet_html(content, plan, template_dir, begins, date),
            str(template_dir),
            css,
            str(out_dir / f"{PREFIX}{plan.id}.pdf"),
        )
        for plan in plans(content)
    ]
