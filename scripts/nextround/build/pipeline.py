"""A build, top to bottom, in the order its work runs.

    lock the kit → up to date? stop → start the engines → load → compose →
    sheets to the PDF engine → site pages → site to the site engine →
    letters → sheets done → pack → site done → downloads → swap into place

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
from concurrent.futures import FIRST_EXCEPTION, Future, wait
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
    settings = {"paper": options.paper, "large_print": options.large_print}
    return uptodate.inputs_key(options.root, options.out, options.group, settings)


def _make(options: BuildOptions, cache: BuildCache, staging: Path, site_engine, pdf_engine, say) -> BuildResult:
    # Loaded only now, while the engines load MkDocs and WeasyPrint.
    from nextround.build import outputs
    from nextround.compose import load_kit
    from nextround.render import formfields, pack, pdf
    from nextround.render.site import write_site_source

    worksheets = options.root / "worksheets"
    content = load_kit(options.root, options.group, options.paper, options.large_print)
    say("Building the site and the PDFs")
    (staging / "pdf").mkdir()
    pack_job = pack.join_job(content, worksheets, staging / f"{pack.PACK_NAME}.pdf", staging / "pdf")
    sheet_jobs = pdf.pdf_jobs(content, worksheets, staging / "pdf")
    sheets = outputs.start_sheets(sheet_jobs, cache, pdf_engine)
    pack_cached = cache.has("pdf", outputs.pack_key(pack_job, sheets.keys, cache))
    with steps(say, "Rendering PDFs", len(sheets.rendering) + (not pack_cached)) as advance:
        for name, future in sheets.rendering.items():
            future.add_done_callback(lambda _done, name=Path(name).name: advance(name))
        config = write_site_source(content, generated_dir(options.root, options.work_name))
        site_key = cache.site_key(config)
        site_done: Future
        if cache.fetch("site", site_key, staging / "site"):
            site_engine.cancel()
            site_done = _done((cache.note("site", site_key) or "").splitlines())
        else:
            site_done = site_engine.build(config, staging / "site")
        outputs.write_letters(content, staging / "letters", cache)
        _stop_at_first_failure([site_done, *sheets.rendering.values()])
        rendered = outputs.finish_sheets(sheets, cache)
        pack_made, pack_warnings = outputs.make_pack(pack_job, sheets.keys, cache, pdf_engine)
        if pack_made:
            advance(Path(pack_job.output).name)
    site_warnings = site_done.result()
    cache.store("site", site_key, staging / "site", note="\n".join(site_warnings))
    downloads = staging / "site" / "downloads"
    shutil.copytree(staging / "pdf", downloads / "pdf")
    for worksheet in content.of_kind("worksheet"):  # for "Download my filled-in PDF", from disk too
        formfields.write_pdf_script(downloads / "pdf" / f"{worksheet.id}.pdf", worksheet.id)
    shutil.copytree(staging / "letters", downloads / "letters")
    shutil.copyfile(pack_job.output, downloads / Path(pack_job.output).name)
    cache.finish(str(options.out.resolve()))
    out = options.out.resolve()
    return BuildResult(
        out=out,
        pdfs=[out / "pdf" / Path(job.output).name for job in sheet_jobs],
        pack=out / Path(pack_job.output).name,
        warnings=[text for text in (*sheets.warnings.values(), pack_warnings, *site_warnings) if text],
        rendered=rendered + [pack.PACK_NAME] * pack_made,
        reused=sheets.reused + [pack.PACK_NAME] * (not pack_made),
    )


def _stop_at_first_failure(futures: list[Future]) -> None:
    """Wait until every future is done, or until one fails: its error then stops the build."""
    finished, _ = wait(futures, return_when=FIRST_EXCEPTION)
    for future in finished:
        if future.exception() is not None:
            raise future.exception()


def _done(value) -> Future:
    future: Future = Future()
    future.set_result(value)
    return future


def _up_to_date(out: Path) -> BuildResult:
    # The pack is the one PDF beside the site; the sheets are in pdf/.
    pdfs = sorted((out / "pdf").glob("*.pdf"))
    return BuildResult(out, pdfs, next(out.glob("*.pdf"), None), up_to_date=True)
