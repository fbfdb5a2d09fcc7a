"""The processes a build starts before it needs them: MkDocs, and a server of PDF workers.

Loading MkDocs and WeasyPrint takes longer than reading the content, so the
build starts both as soon as it knows it has work to do, before it loads the
rest of nextround. This module therefore imports nothing heavy itself.
"""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.forkserver
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from nextround.build.cache import BuildCache, site_key
from nextround.errors import BuildError

# Lines the site engine prints that say nothing about this build.
ENGINE_NOISE = ("INFO",)
# How much lower than the main process the engines run (see lower_priority):
# the one on the build's long pole a little lower, the other lower still.
LONG_POLE_NICENESS = 5
SIDE_NICENESS = 10


def lower_priority(pid: int, by: int) -> None:
    """Let a process that loads on speculation (MkDocs, WeasyPrint) yield to the main process.

    They start first so that a build that needs them finds them loaded, but
    until the content is read the main process is the build's critical path.
    Their children (the PDF workers) keep the lower priority, which only
    orders them against the main process and each other: they run as fast
    when nothing else wants the core.
    """
    try:
        os.setpriority(os.PRIO_PROCESS, pid, min(19, os.getpriority(os.PRIO_PROCESS, 0) + by))
    except (OSError, AttributeError):
        pass  # a platform without priorities: the build is only a little slower


def niceness(long_pole: bool) -> int:
    return LONG_POLE_NICENESS if long_pole else SIDE_NICENESS


class PdfWorkers:
    """Where PDFs are rendered: worker processes forked from a server that has loaded WeasyPrint.

    The server starts at once, so WeasyPrint loads (about a second) while
    the content does, and only once however many workers there are. When
    nothing needs rendering it is never used, and it exits with the build.
    """

    def __init__(self, count: int | None, long_pole: bool = True):
        self.count = count or os.cpu_count() or 1
        self.context = multiprocessing.get_context("forkserver")
        # "__main__" too: otherwise each worker would load the `nextround` command's modules again.
        self.context.set_forkserver_preload(
            ["__main__", "nextround.render.weasy", "nextround.render.pdf", "nextround.render.packjoin", "pikepdf"]
        )
        multiprocessing.forkserver.ensure_running()
        server = getattr(multiprocessing.forkserver._forkserver, "_forkserver_pid", None)
        if server:
            lower_priority(server, niceness(long_pole))

    def pool(self, jobs: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=min(self.count, jobs), mp_context=self.context)


class SiteBuild:
    """The site: built by MkDocs in its own process, or reused from the cache.

    The process starts as soon as this object is made and loads MkDocs while
    the content is still being read; build() then hands it the generated pages.
    """

    def __init__(self, cwd: Path, env: dict, long_pole: bool = False):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "nextround.engines.site_main", str(cwd)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=cwd,
            env=env,
        )
        lower_priority(self.process.pid, niceness(long_pole))
        self.cache: BuildCache | None = None
        self.key = ""
        self.site_dir: Path | None = None

    def build(self, arguments: list[str], config: Path, site_dir: Path, theme_dir: Path, cache: BuildCache) -> None:
        """Copy the cached site for these pages to site_dir, or have MkDocs build it (`mkdocs ARGUMENTS`)."""
        self.cache, self.site_dir = cache, site_dir
        self.key = site_key(config, config.parent / "docs", theme_dir)
        if cache.fetch("site", self.key, site_dir):
            self.stop()
            return
        try:
            self.process.stdin.write(json.dumps(arguments) + "\n")
            self.process.stdin.close()
        except BrokenPipeError:
            pass  # the engine failed to start; wait() reports what it printed

    def wait(self) -> list[str]:
        """Wait for the site; the engine's warnings. Raises BuildError if it failed."""
        if self.process is None:
            note = self.cache.note("site", self.key)
            return note.splitlines() if note else []
        output = self.process.stdout.read()  # the engine's stderr goes to the same pipe
        self.process.wait()
        messages = [line for line in output.splitlines() if line.strip() and not line.lstrip().startswith(ENGINE_NOISE)]
        if self.process.returncode != 0:
            raise BuildError(
                "The site build stopped, so nothing was replaced. MkDocs runs in strict mode: any warning, "
                "such as a broken link or a page missing from the navigation, stops the build. "
                "Fix what it reports below (most often in mkdocs.yml), then build again.\n"
                + "\n".join(messages or output.splitlines()[-20:])
            )
        self.cache.store("site", self.key, self.site_dir, note="\n".join(messages))
        return messages

    def stop(self) -> None:
        """Stop the engine if it is still running (the site was cached, or the build failed elsewhere)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None
