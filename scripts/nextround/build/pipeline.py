"""A build, top to bottom, in the order its work runs.

    lock the kit → up to date? stop → start the engines → load → compose →
    sheets to the PDF engine → site pages → site to the site engine →
    letters → sheets done → pack → site done → sw.js → downloads → the whole kit's zip →
    swap into place

Three processes work at once, and this is where that is declared:

| process          | works on                                                      |
| ---------------- | ------------------------------------------------------------- |
| this one         | loads the content, writes the pages and letters, waits        |
| the PDF engine   | the sheets, then the pack's cover and its join (engines.pdf)  |
| the site engine  | MkDocs building the site from the pages (engines.site)        |

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
    }
    return uptodate.inputs_key(options.root, options.out, options.group, settings)


def _make(options: BuildOptions, cache: BuildCache, staging: Path, site_engine, pdf_engine, say) -> BuildResult:
    # Loaded only now, while the engines load MkDocs and WeasyPrint.
    from nextround.build import outputs
    from nextround.compose import load_kit
    from nextround.render import formfields, glyphs, jobs, pack, takeaway, webapp
    from nextround.render.site import write_site_source

    worksheets = options.root / "worksheets"
    # Load and validate the YAML, then compose the group's overlay and this build's settings.
    content = load_kit(options.root, options.group, options.paper, options.large_print)
    glyph_warnings = glyphs.missing_glyph_warnings(content)  # characters no font can print, by file:line
    say("Building the site and the PDFs")
    # The sheets' print HTML (with their large-print copies and the run-sheets): the PDF engine
    # renders each one the cache lacks, longest first.
    pdf_dir = staging / "pdf"
    jobs.make_folders(pdf_dir)
    pack_jobs = pack.join_jobs(content, worksheets, staging, pdf_dir)
    sheet_jobs = jobs.pdf_jobs(content, worksheets, pdf_dir, options.start)
    sheets = outputs.start_sheets(sheet_jobs, cache, pdf_engine)
    packs_to_make = sum(not cache.has("pdf", outputs.pack_key(job, sheets.keys, cache)) for job in pack_jobs)
    with steps(say, "Rendering PDFs", len(sheets.rendering) + packs_to_make) as advance:
        for name, future in sheets.rendering.items():
            future.add_done_callback(lambda _done, name=Path(name).name: advance(name))
        # The site's pages: the site engine builds them, unless the cache holds that very site.
        config = write_site_source(content, generated_dir(options.root, options.work_name), options.site_url)
        site = outputs.start_site(config, staging / "site", cache, site_engine)
        # The letters, in this process, while both engines work.
        outputs.write_letters(content, staging / "letters", cache)
        # The sheets, then the pack joined from them; a failure in either engine stops the build here.
        _stop_at_first_failure([site.done, *sheets.rendering.values()])
        rendered = outputs.finish_sheets(sheets, cache)
        # The packs are made side by side: each mostly waits on the PDF engine.
        with ThreadPoolExecutor(len(pack_jobs)) as threads:
            made = list(threads.map(lambda job: outputs.make_pack(job, sheets.keys, cache, pdf_engine), pack_jobs))
        for job, (pack_made, _) in zip(pack_jobs, made, strict=True):
            if pack_made:
                advance(Path(job.output).name)
    site_warnings = outputs.finish_site(site, cache)
    webapp.write_service_worker(staging / "site")  # lists the built site's files, so only after MkDocs
    # Every download, beside the pages that link to it.
    downloads = staging / "site" / "downloads"
    shutil.copytree(pdf_dir, downloads / "pdf")
    for worksheet in content.of_kind("worksheet"):  # for "Download my filled-in PDF", from disk too
        formfields.write_pdf_script(downloads / "pdf" / f"{worksheet.id}.pdf", worksheet.id)
    shutil.copytree(staging / "letters", downloads / "letters")
    for job in pack_jobs:
        shutil.copyfile(job.output, downloads / Path(job.output).name)
    # The whole site, downloads and all, as one zip to take away; its size goes on the home page.
    takeaway.write_takeaway(staging / "site", content.t, content.settings.language)
    cache.finish(str(options.out.resolve()))
    out = options.out.resolve()
    packs = [(job.item_id, was_made) for job, (was_made, _) in zip(pack_jobs, made, strict=True)]
    return BuildResult(
        out=out,
        pdfs=[out / Path(job.output).relative_to(staging) for job in sheet_jobs],
        pack=out / Path(pack_jobs[0].output).name,
        warnings=[
            text for text in (*glyph_warnings, *sheets.warnings.values(), *(w for _, w in made), *site_warnings) if text
        ],
        rendered=rendered + [name for name, was_made in packs if was_made],
        reused=sheets.reused + [name for name, was_made in packs if not was_made],
    )


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
