"""The PDF engine's process: `python -m nextround.engines.pdf_main WORKERS`.

It loads WeasyPrint and pikepdf once, forks WORKERS workers that share
what it loaded, then reads requests from standard input and answers on
standard output, both as pickles: a request is (number, call name,
arguments) for a call of pdf_calls.CALLS; an answer is (number, True,
result) or (number, False, exception). Requests run in the workers as
they come, so answers come back in the order the work finishes. At the end
of its input the engine stops its workers and ends.
"""

from __future__ import annotations

import multiprocessing
import pickle
import sys
import threading


def main(arguments: list[str]) -> int:
    workers = max(1, int(arguments[0])) if arguments else 1
    import pikepdf  # noqa: F401  (loaded once here, shared by every worker)
    import weasyprint  # noqa: F401

    from nextround.engines.pdf_calls import call

    # Forked after the loading, before any thread starts: each worker starts with WeasyPrint loaded.
    pool = multiprocessing.get_context("fork").Pool(workers)
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    lock = threading.Lock()

    def answer(message) -> None:
        with lock:
            pickle.dump(message, answers)
            answers.flush()

    def failed(number: int, exc: BaseException) -> None:
        try:
            pickle.dumps(exc)
        except Exception:  # noqa: BLE001  (an exception that cannot travel is sent as its text)
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")
        answer((number, False, exc))

    while True:
        try:
            number, name, call_arguments = pickle.load(requests)
        except EOFError:
            break
        pool.apply_async(
            call,
            (name, *call_arguments),
            callback=lambda result, number=number: answer((number, True, result)),
            error_callback=lambda exc, number=number: failed(number, exc),
        )
    pool.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
