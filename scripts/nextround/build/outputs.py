"""Each PDF and letter of a build: fetched from the cache when nothing that shapes it changed, made otherwise.

Making a PDF is asked of a PDF runner (engines.pdf): the engine's workers in
a build, this process in the live preview.
"""

from __future__ import annotations

import shutil
import tempfile
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from nextround.build.cache import BuildCache, letter_key
from nextround.fingerprint import digest
from nextround.render import packjoin, pdf
from nextround.render.dates import build_date
from nextround.render.letters import LETTER_WORDS, write_files


@dataclass
class Sheets:
    """A build's sheet PDFs: the cached ones already copied, the rest being rendered (`rendering`)."""

    jobs: list[pdf.PdfJob]
    keys: dict[str, str]
    rendering: dict[str, Future] = field(default_factory=dict)
    # Outputs whose PDF another job of this build renders (the same key), by the output that job writes.
    copies: dict[str, str] = field(default_factory=dict)
    reused: list[str] = field(default_factory=list)
    warnings: dict[str, str] = field(default_factory=dict)


def start_sheets(jobs: list[pdf.PdfJob], cache: BuildCache, runner) -> Sheets:
    """Copy each sheet the cache holds to its output, and hand the rest to the runner, longest first
    (by the length of its HTML), so the workers finish together and the pack can start sooner."""
    sheets = Sheets(jobs, {job.output: cache.pdf_key(job) for job in jobs})
    missing: dict[str, pdf.PdfJob] = {}  # by key: two jobs that would make the same bytes render once
    for job in jobs:
        key = sheets.keys[job.output]
        if cache.fetch("pdf", key, Path(job.output)):
            sheets.reused.append(job.item_id)
            sheets.warnings[job.output] = cache.note("pdf", key) or ""
        elif key in missing:
            sheets.copies[job.output] = missing[key].output
        else:
            missing[key] = job
    for job in sorted(missing.values(), key=lambda job: -len(job.html)):
        sheets.rendering[job.output] = runner.submit("render", job)
    return sheets


def finish_sheets(sheets: Sheets, cache: BuildCache) -> list[str]:
    """Wait for every sheet and keep each new one in the cache; the ids rendered afresh."""
    rendered = []
    for job in sheets.jobs:
        if job.output in sheets.rendering:
            warnings = sheets.rendering[job.output].result()
            sheets.warnings[job.output] = warnings
            cache.store("pdf", sheets.keys[job.output], Path(job.output), note=warnings)
            rendered.append(job.item_id)
    for job in sheets.jobs:
        if job.output in sheets.copies:
            shutil.copyfile(sheets.copies[job.output], job.output)
            sheets.warnings[job.output] = sheets.warnings[sheets.copies[job.output]]
            rendered.append(job.item_id)
    return rendered


@dataclass
class Site:
    """One of a build's sites (one per language): copied from the cache (`built` is False) or being
    built by the site engine, which builds every site the cache lacks in one go (`done`)."""

    key: str
    folder: Path
    done: Future
    built: bool


def start_sites(sites: list[tuple[Path, Path]], cache: BuildCache, engine) -> list[Site]:
    """Copy each site, (mkdocs.yml, folder), the cache holds to its folder and have the engine build the rest;
    the engine is stopped unused when the cache holds them all."""
    started, missing = [], []
    for config, folder in sites:
        key = cache.site_key(config)
        if cache.fetch("site", key, folder):
            done: Future = Future()
            done.set_result((cache.note("site", key) or "").splitlines())
            started.append(Site(key, folder, done, built=False))
        else:
            missing.append((config, folder, key))
    if not missing:
        engine.cancel()
        return started
    building = engine.build([(config, folder) for config, folder, _ in missing])
    return started + [Site(key, folder, building, built=True) for _, folder, key in missing]


def finish_sites(sites: list[Site], cache: BuildCache) -> list[str]:
    """Wait for the sites and keep each new one in the cache; MkDocs' warnings, each once."""
    warnings: list[str] = []
    for site in sites:
        found = site.done.result()
        if site.built:
            cache.store("site", site.key, site.folder, note="\n".join(found))
        warnings += [line for line in found if line not in warnings]
    return warnings


def pack_key(pack: packjoin.JoinJob, sheet_keys: dict[str, str], cache: BuildCache) -> str:
    """The pack's key: its cover's (page numbers still to fill in), the words its contents links say,
    and the keys of the sheets it joins, whose bytes, and so page counts, they settle."""
    return digest("pack", cache.pdf_key(pack.cover), pack.contents_link, *(sheet_keys[sheet] for sheet in pack.sheets))


def make_pack(pack: packjoin.JoinJob, sheet_keys: dict[str, str], cache: BuildCache, runner) -> tuple[bool, str]:
    """Fetch the pack, or make it once its sheets are written; (made afresh, its cover's warnings).

    The cover is cached like any PDF, by its HTML with the page numbers in, so
    after most edits (which change no page count) it is not rendered again.
    """
    key = pack_key(pack, sheet_keys, cache)
    if cache.fetch("pdf", key, Path(pack.output)):
        return False, cache.note("pdf", key) or ""
    counts = runner.submit("page_counts", list(pack.sheets)).result()
    front = packjoin.FRONT_PAGES_GUESS
    for _ in range(packjoin.MAX_COVER_ROUNDS):
        cover = packjoin.cover_job(pack, counts, front)
        cover_key = cache.pdf_key(cover)
        if cache.fetch("pdf", cover_key, Path(cover.output)):
            warnings = cache.note("pdf", cover_key) or ""
        else:
            warnings = runner.submit("render", cover).result()
            cache.store("pdf", cover_key, Path(cover.output), note=warnings)
        [pages] = runner.submit("page_counts", [cover.output]).result()
        if pages == front:
            break
        front = pages
    runner.submit("join", cover.output, pack.sheets, pack.output, pack.contents_link).result()
    Path(cover.output).unlink()
    cache.store("pdf", key, Path(pack.output), note=warnings)
    return True, warnings


def write_letters(content, letters_dir: Path, cache: BuildCache) -> None:
    """Every letter's files (see render.letters.write_files), reused from the cache when the letter is unchanged."""
    letters_dir.mkdir(parents=True, exist_ok=True)
    date = build_date()
    words = tuple(content.t[name] for name in LETTER_WORDS)
    for letter in content.of_kind("letter"):
        key = letter_key(letter, date, words)
        if cache.fetch("letters", key, letters_dir):
            continue
        with tempfile.TemporaryDirectory() as scratch:
            write_files(letter, Path(scratch), date, content.t)
            cache.store("letters", key, Path(scratch))
            shutil.copytree(scratch, letters_dir, dirs_exist_ok=True)
