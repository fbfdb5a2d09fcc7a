"""User-facing errors: where a problem is, what is wrong, and how to fix it."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

MAX_REPORTED = 50


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the user's input, located in a file."""

    path: str
    line: int = 1
    column: int = 1
    message: str = ""
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.message}"
        return f"{text} {self.hint}" if self.hint else text


class ContentError(Exception):
    """Raised by loading, validation and composition when the content or a
    group overlay is wrong. Carries every problem found in the run."""

    exit_code = 2

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        shown = self.problems[:MAX_REPORTED]
        lines = [str(p) for p in shown]
        if len(self.problems) > MAX_REPORTED:
            lines.append(f"... and {len(self.problems) - MAX_REPORTED} more problems not shown.")
        count = len(self.problems)
        lines.append(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.")
        return "\n".join(lines)


class BuildError(Exception):
    """Raised when the build fails for a reason other than the content:
    a missing tool, a failed site build, a folder that cannot be written."""

    exit_code = 1


def display_path(path: Path | str) -> str:
    """The path as the user would type it: relative to the current folder when possible."""
    # abspath, not resolve: a link is named by its own name, not by where it points.
    path = Path(os.path.abspath(path))
    try:
        return str(path.relative_to(os.path.abspath(Path.cwd())))
    except ValueError:
        return str(path)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A 'Did you mean …?' sentence for the nearest choices, or ''."""
    close = difflib.get_close_matches(str(word), sorted(set(choices)), n=3, cutoff=0.6)
    if not close:
        return ""
    return "Did you mean " + " or ".join(f"'{c}'" for c in close) + "?"


@dataclass
class ProblemList:
    """Collects problems during a stage so all of them are reported at once."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def raise_if_any(self) -> None:
        if self.problems:
            raise ContentError(self.problems)


def explain_failure(exc: BaseException) -> BaseException:
    """A BuildError saying where a rendering step failed (a template, a missing file), or exc itself.

    Template errors name the template file and line; files the build needs and
    cannot find or write are named with what to do about them.
    """
    import jinja2

    if isinstance(exc, (ContentError, BuildError)) or not isinstance(exc, Exception):
        return exc
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = f"{display_path(exc.filename or exc.name or 'template')}:{exc.lineno}:1"
        return BuildError(
            f"{where}: this template has a syntax error: {exc.message}. "
            "Undo your last change to it, or compare it with the other templates."
        )
    if isinstance(exc, jinja2.TemplateError):
        where = _template_frame(exc)
        return BuildError(
            f"{where}: this template failed: {exc}. "
            "Check the names it uses against the format reference, or undo your last change to it."
        )
    if isinstance(exc, FileNotFoundError) and exc.filename:
        return BuildError(
            f"{display_path(exc.filename)}: this file is needed by the build but is missing. "
            "Restore it, or undo the change that removed it."
        )
    if isinstance(exc, PermissionError) and exc.filename:
        return BuildError(
            f"{display_path(exc.filename)}: the build may not write or read here. "
            "Choose another --out folder, or change the folder's permissions."
        )
    if isinstance(exc, OSError) and exc.filename:
        return BuildError(
            f"{display_path(exc.filename)}: {exc.strerror or exc}. "
            "Check the folder exists and that you may write to it."
        )
    return exc


def _template_frame(exc: BaseException) -> str:
    """file:line of the innermost template in exc's traceback (Jinja puts template lines there)."""
    where = "template:1:1"
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            where = f"{display_path(filename)}:{tb.tb_lineno}:1"
        tb = tb.tb_next
    return where
