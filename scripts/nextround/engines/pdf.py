"""The PDF engine: WeasyPrint in worker processes (see pdf_main), started before the content is read.

PdfEngine and InProcess offer the same submit(): the build uses the engine,
the live preview renders in its own process.
"""

from __future__ import annotations

import itertools
import os
import pickle
import queue
import tempfile
import threading
from concurrent.futures import Future
from pathlib import Path

from nextround.engines import processes
from nextround.errors import BuildError


class PdfEngine:
    """WeasyPrint loading in its own process from the moment this is made, with `workers` workers.

    submit() never waits: requests are written to the engine by a thread of
    their own, as the engine is ready to read them. A context manager:
    leaving the block stops the engine and its workers, whatever happened.
    """

    def __init__(self, kit: Path, workers: int | None, long_pole: bool):
        # What the engine prints on standard error, kept to explain a crash; closed in __exit__.
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115
        count = workers or os.cpu_count() or 1
        self.process = processes.start(
            "nextround.engines.pdf_main", str(count), cwd=kit, long_pole=long_pole, stderr=self.errors
        )
        self.pending: dict[int, Future] = {}
        self.numbers = itertools.count()
        self.outbox: queue.Queue = queue.Queue()
        self.lock = threading.Lock()
        threading.Thread(target=self._write, daemon=True).start()
        threading.Thread(target=self._read, daemon=True).start()

    def __enter__(self) -> PdfEngine:
        return self

    def __exit__(self, *_exc) -> None:
        processes.stop(self.process)
        self.errors.close()

    def submit(self, name: str, *arguments) -> Future:
        """Run pdf_calls.CALLS[name](*arguments) in a worker; a future of its result."""
        future: Future = Future()
        with self.lock:
            number = next(self.numbers)
            self.pending[number] = future
        self.outbox.put((number, name, arguments))
        return future

    def _write(self) -> None:
        try:
            while True:
                pickle.dump(self.outbox.get(), self.process.stdin)
                self.process.stdin.flush()
        except (OSError, ValueError):
            pass  # the engine has ended: _read reports why

    def _read(self) -> None:
        try:
            while True:
                number, succeeded, value = pickle.load(self.process.stdout)
                with self.lock:
                    future = self.pending.pop(number)
                if succeeded:
                    future.set_result(value)
                else:
                    future.set_exception(value)
        except (EOFError, OSError, ValueError, pickle.UnpicklingError):
            self._fail_pending()

    def _fail_pending(self) -> None:
        with self.lock:
            waiting, self.pending = list(self.pending.values()), {}
        if not waiting:
            return
        try:
            self.errors.seek(0)
            said = self.errors.read().decode("utf-8", "replace").strip().splitlines()[-15:]
        except (OSError, ValueError):
            said = []
        failure = BuildError(
            "The PDF engine stopped before it finished, so nothing was replaced. "
            "Check that WeasyPrint's system libraries are installed (./scripts/build installs them), then build again."
            + ("\n" + "\n".join(said) if said else "")
        )
        for future in waiting:
            if not future.done():
                future.set_exception(failure)


class InProcess:
    """The PDF engine's calls, run in this process as they are submitted (the live preview's way)."""

    def submit(self, name: str, *arguments) -> Future:
        from nextround.engines.pdf_calls import call

        future: Future = Future()
        try:
            future.set_result(call(name, *arguments))
        except Exception as exc:  # noqa: BLE001  (handed on, as the engine would)
            future.set_exception(exc)
        return future
