"""Make each PDF and letter of a build, or reuse it from the cache when nothing that shapes it changed.

The PDFs render in the worker processes of engines.PdfWorkers, beside the site
engine, so on a machine with two cores or more they are built side by side;
the main process writes the letters meanwhile.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from nextround.build.cache import BuildCache, letter_key
from nextround.build.progress import steps
from nextround.engines.clients import PdfWorkers
from nextround.fingerprint import digest
from nextround.render import letters, packjoin, pdf
from nextround.render.dates import build_date


@dataclass
class PdfReport:
    paths: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)


def render_pdfs(
    jobs: list[pdf.PdfJob],
    cache: BuildCache,
    workers: PdfWorkers,
    say: Callable[[str], None],
    while_sheets_render: Callable[[], None] = lambda: None,
    while_pack_is_made: Callable[[], None] = lambda: None,
    pack: packjoin.JoinJob | None = None,
) -> PdfReport:
    """Write every job's PDF, copying cached ones and rendering the rest in worker processes,
    then the pack, joined from those PDFs once they are all written.

    The two callables run in this process while the workers work: the first
    once the sheets are handed out, the second beside the pack, when there is
    one to make (which leaves a core free). Each runs exactly once.
    The report's paths are the pack's (when there is one), then the jobs' in order.
    """
    everything = ([pack] if pack else []) + jobs
    report = PdfReport(paths=[Path(job.output) for job in everything])
    warnings: dict[str, str | None] = {}
    keys = _keys(jobs, pack, cache)
    missing = []
    for job in everything:
        key = keys[job.output]
        if cache.fetch("pdf", key, Path(job.output)):
            report.reused.append(job.item_id)
            warnings[job.output] = cache.note("pdf", key)
        else:
            missing.append((key, job))
    if missing:
        _render_missing(missing, cache, workers, say, while_sheets_render, while_pack_is_made, report, warnings)
    else:
        while_sheets_render()
        while_pack_is_made()
    report.warnings = [warnings[job.output] for job in everything if warnings.get(job.output)]
    return report


def _keys(jobs: list[pdf.PdfJob], pack: packjoin.JoinJob | None, cache: BuildCache) -> dict[str, str]:
    """The cache key of each job's output, and of the pack's when there is one.

    The pack's key is its cover job's (page numbers still to fill in) and the
    keys of the sheets it joins: a sheet's key settles its bytes, and so its
    page count, so these settle the pack.
    """
    keys = {job.output: cache.pdf_key(job) for job in jobs}
    if pack:
        keys[pack.output] = digest("pack", cache.pdf_key(pack.cover), *(keys[sheet] for sheet in pack.sheets))
    return keys


def _render_missing(
    missing, cache, workers, say, while_sheets_render, while_pack_is_made, report: PdfReport, warnings: dict
) -> None:
    joins = [(key, job) for key, job in missing if isinstance(job, packjoin.JoinJob)]
    # Longest first (by the length of the HTML), so the workers finish together and the pack starts sooner.
    renders = sorted(
        ((key, job) for key, job in missing if not isinstance(job, packjoin.JoinJob)),
        key=lambda pair: -len(pair[1].html),
    )

    def done(key: str, job, job_warnings: str) -> None:
        warnings[job.output] = job_warnings
        cache.store("pdf", key, Path(job.output), note=job_warnings)
        report.rendered.append(job.item_id)
        advance(Path(job.output).name)

    with workers.pool(max(len(renders), 1)) as pool, steps(say, "Rendering PDFs", len(missing)) as advance:
        # Handing out the first jobs waits until the workers' server has loaded
        # WeasyPrint, so it happens in a thread while this one gets on.
        with ThreadPoolExecutor(max_workers=1) as hand_out:
            handed = hand_out.submit(lambda: {pool.submit(pdf.render_pdf, job): (key, job) for key, job in renders})
            while_sheets_render()
            pending = handed.result()
        for future in as_completed(pending):
            done(*pending[future], future.result())
        if not joins:
            while_pack_is_made()
            return
        # The pack is made from the sheets, so it waits until every one is written; it is
        # one step after another, which leaves a core free.
        with ThreadPoolExecutor(max_workers=1) as beside:
            running = beside.submit(while_pack_is_made)
            for key, job in joins:
                done(
                    key,
                    job,
                    make_pack(job, cache, lambda function, *arguments: pool.submit(function, *arguments).result()),
                )
            running.result()


def make_pack(pack: packjoin.JoinJob, cache: BuildCache, run: Callable) -> str:
    """Write the pack, and return its cover's warnings: the cover with each sheet's page number, then the join.

    The cover is cached like any PDF, by its HTML with the page numbers in, so
    after most edits (which change no page count) it is not rendered again.
    run(function, *arguments) calls a function where the PDF tools are loaded:
    in a worker process, or in this one.
    """
    counts = run(packjoin.page_counts, list(pack.sheets))
    front = packjoin.FRONT_PAGES_GUESS
    for _ in range(packjoin.MAX_COVER_ROUNDS):
        cover = packjoin.cover_job(pack, counts, front)
        key = cache.pdf_key(cover)
        if cache.fetch("pdf", key, Path(cover.output)):
            warnings = cache.note("pdf", key) or ""
        else:
            warnings = run(pdf.render_pdf, cover)
            cache.store("pdf", key, Path(cover.output), note=warnings)
        [pages] = run(packjoin.page_counts, [cover.output])
        if pages == front:
            break
        front = pages
    run(packjoin.join_files, cover.output, pack.sheets, pack.output)
    Path(cover.output).unlink()
    return warnings


def update_pdfs(
    jobs: list[pdf.PdfJob], cache: BuildCache, written: dict[str, str], pack: packjoin.JoinJob | None = None
) -> list[str]:
    """Bring each job's PDF, then the pack, up to date in this process (live preview); the ids rendered afresh.

    written maps each output to the key of the PDF there now, so an unchanged
    PDF is not even copied, and the preview does not reload for nothing.
    """
    keys = _keys(jobs, pack, cache)
    rendered = []
    for job in jobs + ([pack] if pack else []):
        key = keys[job.output]
        if written.get(job.output) == key and Path(job.output).exists():
            cache.used.add(f"pdf/{key}")
            continue
        if not cache.fetch("pdf", key, Path(job.output)):
            if isinstance(job, packjoin.JoinJob):
                warnings = make_pack(job, cache, lambda function, *arguments: function(*arguments))
            else:
                warnings = pdf.render_pdf(job)
            cache.store("pdf", key, Path(job.output), note=warnings)
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
