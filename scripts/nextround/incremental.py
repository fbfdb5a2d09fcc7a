"""Make each output of a build, or reuse it from the cache when nothing that shapes it changed.

The site engine runs in its own process and the PDFs in a pool of worker
processes, so on a machine with two cores or more they are built side by side;
the main process writes the letters meanwhile.
"""
from __future__ import annotations

import json
import multiprocessing
import multiprocessing.forkserver
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import letters, packjoin, pdf
from .cache import BuildCache, digest, letter_key, site_key
from .errors import BuildError
from .progress import steps
from .reproducible import build_date

# Lines the site engine prints that say nothing about this build.
ENGINE_NOISE = ("INFO",)
# How much lower the processes that start on speculation run than the main
# process (see lower_priority).
HEAD_START_NICENESS = 10


def lower_priority(pid: int) -> None:
    """Let a process that loads on speculation (MkDocs, WeasyPrint) yield to the main process.

    They start first so that a build that needs them finds them loaded, but
    until the content is read the main process is the build's critical path,
    and a build that needs nothing rendered (a no-op) never uses them at all.
    Their children (the PDF workers) keep the lower priority, which only
    orders them against the main process: they run as fast when it is idle.
    """
    try:
        os.setpriority(os.PRIO_PROCESS, pid, min(19, os.getpriority(os.PRIO_PROCESS, 0) + HEAD_START_NICENESS))
    except (OSError, AttributeError):
        pass  # a platform without priorities: the build is only a little slower


@dataclass
class PdfReport:
    paths: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)


class PdfWorkers:
    """Where PDFs are rendered: worker processes forked from a server that has loaded WeasyPrint.

    The server starts at once, so WeasyPrint loads (about half a second) while
    the content does, and only once however many workers there are. When
    nothing needs rendering it is never used, and it exits with the build.
    """

    def __init__(self, count: int | None):
        self.count = count or os.cpu_count() or 1
        self.context = multiprocessing.get_context("forkserver")
        # "__main__" too: otherwise each worker would load the `nextround` command's modules again.
        self.context.set_forkserver_preload(["__main__", "nextround.pdf", "nextround.packjoin", "weasyprint", "pikepdf"])
        multiprocessing.forkserver.ensure_running()
        server = getattr(multiprocessing.forkserver._forkserver, "_forkserver_pid", None)
        if server:
            lower_priority(server)

    def pool(self, jobs: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=min(self.count, jobs), mp_context=self.context)


def render_pdfs(
    jobs: list[pdf.PdfJob],
    cache: BuildCache,
    workers: PdfWorkers,
    say: Callable[[str], None],
    meanwhile: Callable[[], None] = lambda: None,
    pack: packjoin.JoinJob | None = None,
) -> PdfReport:
    """Write every job's PDF, copying cached ones and rendering the rest in worker processes,
    then the pack, joined from those PDFs once they are all written.

    meanwhile runs in this process while the workers work: once the pack is
    being joined, when there is one to join, since that leaves a core free.
    The report's paths are the pack's (when there is one), then the jobs' in order.
    """
    everything = ([pack] if pack else []) + jobs
    report = PdfReport(paths=[Path(job.output) for job in everything])
    warnings: dict[str, str | None] = {}
    keys = {job.output: cache.pdf_key(job) for job in jobs}
    if pack:
        keys[pack.output] = pack_key(pack, keys, cache)
    missing = []
    for job in everything:
        key = keys[job.output]
        if cache.fetch("pdf", key, Path(job.output)):
            report.reused.append(job.item_id)
            warnings[job.output] = cache.note("pdf", key)
        else:
            missing.append((key, job))
    if missing:
        _render_missing(missing, cache, workers, say, meanwhile, report, warnings)
    else:
        meanwhile()
    report.warnings = [warnings[job.output] for job in everything if warnings.get(job.output)]
    return report


def pack_key(pack: packjoin.JoinJob, sheet_keys: dict[str, str], cache: BuildCache) -> str:
    """The pack's key: its cover job's (page numbers still to fill in) and the keys of the sheets it joins.

    A sheet's key settles its bytes, and so its page count, so these settle the pack.
    """
    return digest("pack", cache.pdf_key(pack.cover), *(sheet_keys[sheet] for sheet in pack.sheets))


def _render_missing(missing, cache, workers, say, meanwhile, report: PdfReport, warnings: dict) -> None:
    # The pack is joined from the sheets, so it waits until every one is written.
    joins = [(key, job) for key, job in missing if isinstance(job, packjoin.JoinJob)]
    # Longest first (by the length of the HTML), so the workers finish together and the join starts sooner.
    renders = sorted(((key, job) for key, job in missing if not isinstance(job, packjoin.JoinJob)), key=lambda pair: -len(pair[1].html))
    waiting_to_run = True
    with workers.pool(max(len(renders), 1)) as pool:
        pending = {pool.submit(pdf.render_pdf, job): (key, job) for key, job in renders}
        with steps(say, "Rendering PDFs", len(missing)) as advance:
            while pending or joins:
                if joins and not any(isinstance(job, pdf.PdfJob) for _, job in pending.values()):
                    pending.update({pool.submit(packjoin.make_pack, job): (key, job) for key, job in joins})
                    joins = []
                if waiting_to_run and not joins:
                    waiting_to_run = False
                    meanwhile()
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    key, job = pending.pop(future)
                    warnings[job.output] = future.result()
                    cache.store("pdf", key, Path(job.output))
                    cache.write_note("pdf", key, warnings[job.output])
                    report.rendered.append(job.item_id)
                    advance(Path(job.output).name)


def update_pdfs(jobs: list[pdf.PdfJob], cache: BuildCache, written: dict[str, str], pack: packjoin.JoinJob | None = None) -> list[str]:
    """Bring each job's PDF, then the pack, up to date in this process (live preview); the ids rendered afresh.

    written maps each output to the key of the PDF there now, so an unchanged
    PDF is not even copied, and the preview does not reload for nothing.
    """
    keys = {job.output: cache.pdf_key(job) for job in jobs}
    if pack:
        keys[pack.output] = pack_key(pack, keys, cache)
    rendered = []
    for job in jobs + ([pack] if pack else []):
        key = keys[job.output]
        if written.get(job.output) == key and Path(job.output).exists():
            cache.used.add(f"pdf/{key}")
            continue
        if not cache.fetch("pdf", key, Path(job.output)):
            make = packjoin.make_pack if isinstance(job, packjoin.JoinJob) else pdf.render_pdf
            cache.write_note("pdf", key, make(job))
            cache.store("pdf", key, Path(job.output))
            rendered.append(job.item_id)
        written[job.output] = key
    return rendered


def write_letters(content, letters_dir: Path, cache: BuildCache) -> None:
    """Every letter's files (see letters.write_files), reused from the cache when the letter is unchanged."""
    letters_dir.mkdir(parents=True, exist_ok=True)
    date = build_date()
    for letter in content.of_kind("letter"):
        key = letter_key(letter, date)
        if cache.fetch("letters", key, letters_dir):
            continue
        with tempfile.TemporaryDirectory() as scratch:
            letters.write_files(letter, Path(scratch), date)
            cache.store("letters", key, Path(scratch))
            shutil.copytree(scratch, letters_dir, dirs_exist_ok=True)


class SiteBuild:
    """The site: built by MkDocs in its own process, or reused from the cache.

    The process starts as soon as this object is made and loads MkDocs while
    the content is still being read; build() then hands it the generated pages.
    """

    def __init__(self, cwd: Path, env: dict):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "nextround.siteengine"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=cwd, env=env,
        )
        lower_priority(self.process.pid)
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
        self.cache.store("site", self.key, self.site_dir)
        self.cache.write_note("site", self.key, "\n".join(messages))
        return messages

    def stop(self) -> None:
        """Stop the engine if it is still running (the site was cached, or the build failed elsewhere)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None
