"""The output folder: refuse one that must not be replaced, build beside it, swap in, one build at a time."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from nextround.compiled import CACHE_DIR
from nextround.errors import BuildError, display_path, explain_failure

LOCK_NAME = "build.lock"


def check_out_folder(out: Path, root: Path, earlier: str = "site") -> None:
    """Refuse an output folder the build cannot use, or must not replace.

    The build replaces the whole folder, so an existing one must be empty or
    hold an earlier build (one with `earlier` in it: a build's site/, a
    publish's marker): anything else (the kit itself, a home folder) is left alone.
    """
    shown = f"--out {out}"
    resolved = out.resolve()
    if resolved == root.resolve() or resolved in root.resolve().parents:
        raise BuildError(
            f"{shown}: this folder holds the kit itself, so building into it would replace your content. "
            "Choose a new folder, for example `--out dist`."
        )
    for parent in resolved.parents:
        if parent.exists() and not parent.is_dir():
            raise BuildError(
                f"{shown}: {display_path(parent)} is a file, so no folder can be made inside it. "
                "Choose another place for the output."
            )
    if resolved.exists() and not resolved.is_dir():
        raise BuildError(f"{shown}: this is a file, not a folder. Choose a folder name, or move the file away.")
    if resolved.is_dir() and any(resolved.iterdir()) and not (resolved / earlier).exists():
        raise BuildError(
            f"{shown}: this folder already holds files that are not an earlier build, and the build replaces "
            "the whole folder. Choose a new or empty folder, or empty this one first."
        )


@contextmanager
def one_build_at_a_time(root: Path, say: Callable[[str], None]) -> Iterator[None]:
    """Hold the kit's build lock for the block; a second build (or a preview's refresh) waits for the first.

    Builds of one kit share its .cache/ and .generated/, so they take turns.
    The lock is the operating system's, so it is let go when its process
    ends however it ends, and a stale lock file never blocks a build.
    """
    folder = root / CACHE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_NAME, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "another process"
            say(f"Another nextround build of this kit ({holder}) is running; waiting for it to finish.")
            fcntl.flock(lock, fcntl.LOCK_EX)
        lock.seek(0)
        lock.truncate()
        lock.write(f"process {os.getpid()}")
        lock.flush()
        try:
            yield
        finally:
            lock.truncate(0)
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A staging folder beside out for the block to build into; swapped in for out when the block succeeds.

    When the block fails, the staging folder goes and out is left exactly as
    it was; a failure is explained (which file, what to do) on its way out.
    """
    out = out.resolve()
    staging = out.parent / f".{out.name}.building"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        yield staging
        _swap_into_place(staging, out)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        failure = explain_failure(exc)
        if failure is exc:
            raise
        raise failure from exc


def _swap_into_place(staging: Path, out: Path) -> None:
    """Put the finished build in place of the old one, which is kept until the new one is there."""
    old = out.parent / f".{out.name}.old"
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        out.rename(old)
    try:
        staging.rename(out)
    except BaseException:
        if old.exists() and not out.exists():
            old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)
