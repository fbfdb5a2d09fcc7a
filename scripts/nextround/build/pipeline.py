"""A build, top to bottom, in the order its work runs.

    lock the kit → up to date? stop → start the engines → load → compose each language →
    every language's sheets to the PDF engine → its site pages → the sites to the site engine →
    letters → sheets done → packs → sites done → each language's site in its place, its sw.js,
    downloads and zip → swap into place

Each language of the build is a site, a set of PDFs and letters, and packs: the
default language's at the top of each folder, every other's in a folder named
by its code (`site/es/`, `pdf/es/`, `letters/es/`, `es/`).

Three processes work at once, and this is where that is declared:

| process          | works on                                                      |
| ---------------- | ------------------------------------------------------------- |
| this one         | loads the content, writes the pages and letters, waits        |
| the PDF engine   | the sheets, then the pack's cover and its join (engines.pdf)  |
| the site engine  | MkDocs building each language's site, one after the other     |

Both engines start first, before the rest of nextround loads and the content
is read, so MkDocs and WeasyPrint load meanwhile. A failure in any of them
stops the build at once: the others are stopped, the staging folder removed,
and the last good build left as it was.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from pathlib import Path

from nextround.build import output, uptodate
from nextround.build.cache import BuildCache
from nextround.build.options import BuildOptions, BuildResult, generated_dir
from nextround.build.progress import steps
from nextround.engines.pdf import PdfEngine
from nextround.engines.site import SiteEngine


def build(options: BuildOptions, say: Callable[[str], None] = lambda _: None) -> BuildResult:
    output.check_out_folder(options.out, options.root)
    with output.one_build_at_a_time(options.root, say):
        key = inputs_key(options) if options.cache else None
        if key and uptodate.is_current(options.out, key):
            return _up_to_date(options.out.resolve())
        cache = BuildCache(options.root, read=options.cache)
        # From nothing, rendering the PDFs is the long pole; once they are
        # cached (after an edit, say) it is MkDocs, which rebuilds every page.
        pdfs_long = not cache.holds("pdf")
        # The engines write into the staging folder, so they are stopped before it is removed or swapped in.
        with (
            output.staged(options.out) as staging,
            SiteEngine(options.root, long_pole=not pdfs_long) as site_engine,
            PdfEngine(options.root, options.jobs, long_pole=pdfs_long) as pdf_engine,
        ):
            result = _make(options, cache, staging, site_engine, pdf_engine, say)
        result.out = options.out.resolve()
        if key:
            uptodate.write_stamp(result.out, key)
        return result


def inputs_key(options: BuildOptions) -> str | None:
    """The hash of everything this build reads, for skipping it when nothing changed."""
    settings = {
        "paper": options.paper,
        "large_print": options.large_print,
        "start": options.start,
        "site_url": options.site_url,
        "languages": options.languages,
    }
    return uptodate.inputs_key(options.root, options.out, options.group, settings)


def _make(options: BuildOptions, cache: BuildCache, staging: Path, site_engine, pdf_engine, say) -> BuildResult:
    # Loaded only now, while the engines load MkDocs and WeasyPrint.
    from nextround.build import outputs
    from nextround.compose import load_kits
    from nextround.render import glyphs, jobs, pack
    from nextround.render.site import write_site_source

    worksheets = options.root / "worksheets"
    # Load and validate the YAML, then compose each language, the group's overlay and this build's settings.
    kits = load_kits(options.root, options.group, options.paper, options.large_print, options.languages)
    content_warnings = [text for kit in kits for text in glyphs.missing_glyph_warnings(kit)]  # by file:line
    # What a translation still lacks: `nextround check` refuses it, a build warns and goes on.
    content_warnings += [str(gap) for kit in kits for gap in kit.translation_gaps]
    say("Building the site and the PDFs")
    # The sheets' print HTML (with their large-print copies and the run-sheets) of every language: the
    # PDF engine renders each one the cache lacks, longest first. The default language's outputs are at
    # the top of each folder, every other language's in a folder named by its code.
    sheet_jobs, packs_of = [], {}
    for kit in kits:
        pdf_dir = staging / "pdf" / kit.language_prefix
        jobs.make_folders(pdf_dir)
        (staging / kit.language_prefix).mkdir(exist_ok=True)  # the packs' folder
        packs_of[kit.language] = pack.join_jobs(kit, worksheets, staging / kit.language_prefix, pdf_dir)
        sheet_jobs += jobs.pdf_jobs(kit, worksheets, pdf_dir, options.start)
    pack_jobs = [job for kit in kits for job in packs_of[kit.language]]
    sheets = outputs.start_sheets(sheet_jobs, cache, pdf_engine)
    packs_to_make = sum(not cache.has("pdf", outputs.pack_key(job, sheets.keys, cache)) for job in pack_jobs)
    with steps(say, "Rendering PDFs", len(sheets.rendering) + packs_to_make) as advance:
        for name, future in sheets.rendering.items():
            future.add_done_callback(lambda _done, name=Path(name).name: advance(name))
        # The site's pages, a site per language: the site engine builds them, unless the cache holds them.
        sources = [
            (
                write_site_source(kit, _site_source_dir(options, kit), options.site_url),
                staging / "sites" / kit.language,
            )
            for kit in kits
        ]
        sites = outputs.start_sites(sources, cache, site_engine)
        # The letters, in this process, while both engines work.
        for kit in kits:
            outputs.write_letters(kit, staging / "letters" / kit.language_prefix, cache)
        # The sheets, then the packs joined from them; a failure in either engine stops the build here.
        _stop_at_first_failure([*(site.done for site in sites), *sheets.rendering.values()])
        rendered = outputs.finish_sheets(sheets, cache)
        # The packs are made side by side: each mostly waits on the PDF engine.
        with ThreadPoolExecutor(len(pack_jobs)) as threads:
            made = list(threads.map(lambda job: outputs.make_pack(job, sheets.keys, cache, pdf_engine), pack_jobs))
        for job, (pack_made, _) in zip(pack_jobs, made, strict=True):
            if pack_made:
                advance(Path(job.output).name)
    site_warnings = outputs.finish_sites(sites, cache)
    for kit in kits:  # each language's site into its place: the default's at the top, the others in it
        shutil.move(staging / "sites" / kit.language, staging / "site" / kit.language_prefix)
    (staging / "sites").rmdir()
    for kit in kits:
        _finish_language_site(kit, kits, staging, packs_of[kit.language])
    cache.finish(str(options.out.resolve()))
    out = options.out.resolve()
    packs = [(job.item_id, was_made) for job, (was_made, _) in zip(pack_jobs, made, strict=True)]
    return BuildResult(
        out=out,
        pdfs=[out / Path(job.output).relative_to(staging) for job in sheet_jobs],
        pack=out / Path(pack_jobs[0].output).name,
        warnings=[
            text
            for text in (*content_warnings, *sheets.warnings.values(), *(w for _, w in made), *site_warnings)
            if text
        ],
        rendered=rendered + [name for name, was_made in packs if was_made],
        reused=sheets.reused + [name for name, was_made in packs if not was_made],
        languages=[kit.language for kit in kits],
    )


def _finish_language_site(kit, kits, staging: Path, packs) -> None:
    """One language's site made whole: its offline worker, its downloads, and the zip of it all."""
    from nextround.render import formfields, takeaway, webapp

    site = staging / "site" / kit.language_prefix
    # Every other language's site is in a folder of the default one's, with its own worker, downloads and zip;
    # so are its PDFs and letters (a folder named by a language code is never anything else).
    others = tuple(other.language for other in kits if other is not kit) if not kit.language_prefix else ()
    webapp.write_service_worker(site, others)  # lists the built site's files, so only after MkDocs
    downloads = site / "downloads"
    not_ours = shutil.ignore_patterns(*others)
    shutil.copytree(staging / "pdf" / kit.language_prefix, downloads / "pdf", ignore=not_ours)
    for worksheet in kit.of_kind("worksheet"):  # for "Download my filled-in PDF", from disk too
        formfields.write_pdf_script(downloads / "pdf" / f"{worksheet.id}.pdf", worksheet.id)
    shutil.copytree(staging / "letters" / kit.language_prefix, downloads / "letters", ignore=not_ours)
    for job in packs:
        shutil.copyfile(job.output, downloads / Path(job.output).name)
    # The whole site, downloads and all, as one zip to take away; its size goes on the home page.
    takeaway.write_takeaway(site, kit.t, kit.language, others)


def _site_source_dir(options: BuildOptions, kit) -> Path:
    """Where a language's pages and mkdocs.yml are generated: a folder of its own under .generated/."""
    suffix = f"-{kit.language}" if kit.language_prefix else ""
    return generated_dir(options.root, options.work_name + suffix)


def _stop_at_first_failure(futures: list[Future]) -> None:
    """Wait until every future is done, or until one fails: its error then stops the build."""
    finished, _ = wait(futures, return_when=FIRST_EXCEPTION)
    for future in finished:
        if future.exception() is not None:
            raise future.exception()


def _up_to_date(out: Path) -> BuildResult:
    # The packs are beside the site; the sheets, their large-print copies and the run-sheets are in pdf/.
    pdfs = sorted((out / "pdf").rglob("*.pdf"))
    pack = out / "workshop-pack.pdf"
    return BuildResult(out, pdfs, pack if pack.exists() else None, up_to_date=True)
