"""Start the engine processes, lower their priority, and stop every one of them however the build ends.

Each engine runs in a session of its own, so stopping it stops its workers
too, and a Ctrl+C in the terminal reaches nextround alone, which then stops
them. SIGTERM and SIGHUP become `Stopped` in the main thread, so the same
clean-up runs as for Ctrl+C (SIGINT, KeyboardInterrupt): the staging folder is removed, every engine is
stopped, and the last good build stays in place.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Material 9.8 prints an end-of-life banner on every build unless told not to.
ENGINE_ENV = {"NO_MKDOCS_2_WARNING": "1"}
# How much lower than the main process the engines run: the one on the
# build's long pole a little lower, the other lower still.
LONG_POLE_NICENESS = 5
SIDE_NICENESS = 10
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)

_running: set[subprocess.Popen] = set()


class Stopped(BaseException):
    """The build was asked to stop by a signal. Like KeyboardInterrupt, no `except Exception` catches it."""

    def __init__(self, signal_number: int):
        super().__init__(signal.Signals(signal_number).name)
        self.exit_code = 128 + signal_number


def start(module: str, *arguments: str, cwd: Path, long_pole: bool, stderr=subprocess.STDOUT) -> subprocess.Popen:
    """Run `python -m module arguments` as an engine, with pipes to talk to it."""
    process = subprocess.Popen(
        [sys.executable, "-m", module, *arguments],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=stderr,
        cwd=cwd,
        env={**os.environ, **ENGINE_ENV},
        start_new_session=True,
    )
    _running.add(process)
    _lower_priority(process.pid, LONG_POLE_NICENESS if long_pole else SIDE_NICENESS)
    return process


def stop(process: subprocess.Popen) -> None:
    """Stop an engine and every process it started."""
    _running.discard(process)
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            with contextlib.suppress(OSError):  # a pipe whose engine is gone may fail to flush
                stream.close()


@contextmanager
def stopped_on_exit() -> Iterator[None]:
    """Run the block with SIGTERM and SIGHUP raising Stopped, and stop every engine when it ends."""
    previous = {number: signal.signal(number, _raise_stopped) for number in STOP_SIGNALS}
    # Ctrl+C stops a build even when it was started with SIGINT ignored (in the background of a script, say).
    previous[signal.SIGINT] = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        for process in list(_running):
            stop(process)
        for number, handler in previous.items():
            signal.signal(number, handler)


def _raise_stopped(number: int, _frame) -> None:
    raise Stopped(number)


def _lower_priority(pid: int, by: int) -> None:
    """Let an engine that loads on speculation yield to the main process, which reads the content meanwhile.

    Its workers keep the lower priority, which only orders them against the
    main process and each other: they run as fast when nothing else wants the core.
    """
    # On a platform without priorities the build is only a little slower.
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, pid, min(19, os.getpriority(os.PRIO_PROCESS, 0) + by))
