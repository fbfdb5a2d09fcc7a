"""Make one build in a staging folder: load and compose the content, write the site's pages,
then render the site, the PDFs and the letters, reusing what the cache holds.

build.py decides whether to build at all, starts the engines, and swaps the
finished folder into place; this module is the work in between.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from nextround.build import incremental
from nextround.build.cache import BuildCache
from nextround.build.pipeline import BuildOptions, BuildResult, generated_dir, site_arguments
from nextround.compiled import versioned
from nextround.compose.overlay import load_group_content
from nextround.engines import clients as engines
from nextround.fingerprint import code_digest, tool_versions
from nextround.load.loader import load_content
from nextround.model.content import Content
from nextround.render import pack, packjoin, pdf
from nextround.render.site import THEME_DIR, write_site_source
from nextround.text import markup


def prepare(options: BuildOptions) -> Content:
    """Load and validate the content, compose the group's overlay, and apply this build's settings."""
    markup.recall_renders(_remembered_renders(options.root))
    content = load_group_content(options.root, options.group) if options.group else load_content(options.root)
    content.paper = options.paper or content.paper
    content.large_print = options.large_print
    return content


def assemble(
    content: Content,
    options: BuildOptions,
    staging: Path,
    say,
    site: engines.SiteBuild,
    workers: engines.PdfWorkers,
    pdfs_first: bool,
) -> BuildResult:
    """Build into staging. pdfs_first says which is the build's long pole (see build.build): with
    the PDFs, their jobs go out before the site's pages are written; with the site, after."""
    result = BuildResult(out=staging)
    cache = BuildCache(options.root, read=options.cache)

    def start_site() -> None:
        config = write_pages(content, options, generated_dir(options.root, options.work_name), staging / "site")
        site.build(site_arguments(config), config, staging / "site", THEME_DIR, cache)

    say("Building the site and the PDFs")
    if not pdfs_first:
        start_site()
    (staging / "pdf").mkdir(parents=True)
    site_warnings: list[str] = []

    def finish_letters_and_site() -> None:
        incremental.write_letters(content, staging / "letters", cache)
        site_warnings.extend(site.wait())  # also keeps the site in the cache

    report = incremental.render_pdfs(
        all_pdf_jobs(content, options.root, staging),
        cache,
        workers,
        say,
        while_sheets_render=start_site if pdfs_first else lambda: None,
        while_pack_is_made=finish_letters_and_site,
        pack=pack_job(content, options.root, staging),
    )
    result.pack, *result.pdfs = report.paths
    result.rendered, result.reused = report.rendered, report.reused
    result.warnings += report.warnings + site_warnings
    downloads = staging / "site" / "downloads"
    shutil.copytree(staging / "pdf", downloads / "pdf")
    shutil.copytree(staging / "letters", downloads / "letters")
    shutil.copyfile(result.pack, downloads / result.pack.name)
    cache.finish(str(options.out.resolve()))
    return result


def write_pages(content: Content, options: BuildOptions, work_dir: Path, site_dir: Path) -> Path:
    """The site's pages and completed mkdocs.yml in work_dir (see site.write_site_source); the config's path.

    What the Markdown checks found while loading and writing them is kept for the next build.
    """
    config = write_site_source(content, work_dir, site_dir)
    markup.keep_renders(_remembered_renders(options.root))
    return config


def _remembered_renders(root: Path) -> Path:
    """Where what rendering each Markdown text found is kept, for this version of nextround and python-markdown."""
    return versioned(root, "markdown", "renders", code_digest() + tool_versions(("markdown",)))


def all_pdf_jobs(content: Content, root: Path, out: Path) -> list[pdf.PdfJob]:
    """Every PDF a build renders with WeasyPrint: one per sheet in out/pdf/ (the pack's cover is part of pack_job)."""
    return pdf.pdf_jobs(content, root / "worksheets", out / "pdf")


def pack_job(content: Content, root: Path, out: Path) -> packjoin.JoinJob:
    """The workshop pack in out, joined from the sheets in out/pdf/."""
    return pack.join_job(content, root / "worksheets", out / f"{pack.PACK_NAME}.pdf", out / "pdf")
