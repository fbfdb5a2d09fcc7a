"""Tell the person running a build what it is doing: a progress bar on a
terminal, one plain line per step in a log, nothing with --quiet.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Advance = Callable[[str], None]


class Reporter:
    """Callable like `say(text)`, and able to show the steps of long work."""

    def __init__(self, mode: str):
        if mode not in ("terminal", "plain", "quiet"):
            raise ValueError(f"unknown progress mode {mode!r}")
        self.mode = mode

    @classmethod
    def for_output(cls, quiet: bool) -> Reporter:
        """Quiet, or a bar when standard output is a terminal, or plain lines."""
        if quiet:
            return cls("quiet")
        return cls("terminal" if sys.stdout.isatty() else "plain")

    def __call__(self, text: str) -> None:
        if self.mode != "quiet":
            print(text, flush=True)

    @contextmanager
    def steps(self, description: str, total: int) -> Iterator[Advance]:
        """Yield advance(label), to be called once as each of total steps finishes."""
        if self.mode == "quiet" or total == 0:
            yield lambda _label: None
        elif self.mode == "plain":
            done = 0

            def advance(label: str) -> None:
                nonlocal done
                done += 1
                print(f"{description}: {done}/{total} {label}", flush=True)

            yield advance
        else:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            with Progress(*columns, transient=True) as bar:
                task = bar.add_task(description, total=total)
                yield lambda _label: bar.advance(task)


@contextmanager
def steps(say: Callable[[str], None], description: str, total: int) -> Iterator[Advance]:
    """The steps of long work, shown by say when it is a Reporter and not at all otherwise."""
    if isinstance(say, Reporter):
        with say.steps(description, total) as advance:
            yield advance
    else:
        yield lambda _label: None
