"""Build a kit: skip it if nothing changed, start the engines, assemble it in a staging folder, swap it into place.

Everything is written to a staging folder first (assemble.py does that work);
the output folder is only replaced when every part succeeded, so a failed
build leaves the last good one untouched. This module loads little, so that
the engines, which take longest to load, start first.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nextround.build import uptodate
from nextround.build.cache import BuildCache
from nextround.engines import clients as engines
from nextround.errors import BuildError, display_path, explain_failure

# Material 9.8 prints an end-of-life banner on every build unless told not to.
_ENGINE_ENV = {"NO_MKDOCS_2_WARNING": "1"}


@dataclass
class BuildOptions:
    root: Path
    out: Path
    # None: the group's paper size, or A4 without a group.
    paper: str | None = None
    large_print: bool = False
    jobs: int | None = None
    cache: bool = True
    # A group folder holding group.yml: build the kit as that group sees it.
    group: Path | None = None

    @property
    def work_name(self) -> str:
        """Names this build's folder under .generated/, so a group's pages never mix with the kit's."""
        return f"group-{self.group.resolve().name}" if self.group else "default"


@dataclass
class BuildResult:
    out: Path
    pdfs: list[Path] = field(default_factory=list)
    pack: Path | None = None
    warnings: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    # Nothing changed since the last build into out, so nothing was done.
    up_to_date: bool = False


def generated_dir(root: Path, name: str = "default") -> Path:
    return root / ".generated" / name


def site_arguments(config: Path) -> list[str]:
    """The `mkdocs` arguments that build the generated pages."""
    return ["build", "--strict", "--config-file", str(config)]


def build(options: BuildOptions, say: Callable[[str], None] = lambda _: None) -> BuildResult:
    key = inputs_key(options) if options.cache else None
    if key and uptodate.is_current(options.out, key):
        out = options.out.resolve()
        # The pack is the one PDF beside the site; the sheets are in pdf/.
        return BuildResult(out, sorted((out / "pdf").glob("*.pdf")), next(out.glob("*.pdf"), None), up_to_date=True)
    # These start before the rest of nextround loads and the content is read, so
    # MkDocs and WeasyPrint load meanwhile. From nothing, rendering every PDF is
    # the build's long pole; once PDFs are cached (after an edit, say) it is
    # MkDocs, which always builds the whole site: that engine goes first.
    pdfs_first = not BuildCache(options.root, read=options.cache).holds("pdf")
    site = engines.SiteBuild(cwd=options.root, env={**os.environ, **_ENGINE_ENV}, long_pole=not pdfs_first)
    workers = engines.PdfWorkers(options.jobs, long_pole=pdfs_first)
    try:
        result = _build(options, say, site, workers, pdfs_first)
    finally:
        site.stop()
    if key:
        uptodate.write_stamp(result.out, key)
    return result


def inputs_key(options: BuildOptions) -> str | None:
    """The hash of everything this build reads, for skipping it when nothing changed."""
    settings = {"paper": options.paper, "large_print": options.large_print}
    return uptodate.inputs_key(options.root, options.out, options.group, settings)


def _build(
    options: BuildOptions, say, site: engines.SiteBuild, workers: engines.PdfWorkers, pdfs_first: bool
) -> BuildResult:
    # Loaded here, not at the top, so that the engines above start a third of a second sooner.
    from nextround.build.assemble import assemble, prepare

    out = options.out.resolve()
    check_out_folder(options.out, options.root)
    content = prepare(options)
    staging = out.parent / f".{out.name}.building"
    try:
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir(parents=True)
        result = assemble(content, options, staging, say, site, workers, pdfs_first)
        _swap_into_place(staging, out)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        failure = explain_failure(exc)
        if failure is exc:
            raise
        raise failure from exc
    result.out = out
    result.pdfs = [out / "pdf" / p.name for p in result.pdfs]
    result.pack = out / result.pack.name
    return result


def check_out_folder(out: Path, root: Path) -> None:
    """Refuse an output folder the build cannot use, or must not replace.

    The build replaces the whole folder, so an existing one must be empty or
    hold an earlier build: anything else (the kit itself, a home folder) is
    left alone.
    """
    shown = f"--out {out}"
    resolved = out.resolve()
    if resolved == root.resolve() or resolved in root.resolve().parents:
        raise BuildError(
            f"{shown}: this folder holds the kit itself, so building into it would replace your content. Choose a new folder, for example `--out dist`."
        )
    for parent in resolved.parents:
        if parent.exists() and not parent.is_dir():
            raise BuildError(
                f"{shown}: {display_path(parent)} is a file, so no folder can be made inside it. Choose another place for the output."
            )
    if resolved.exists() and not resolved.is_dir():
        raise BuildError(f"{shown}: this is a file, not a folder. Choose a folder name, or move the file away.")
    if resolved.is_dir() and any(resolved.iterdir()) and not (resolved / "site").is_dir():
        raise BuildError(
            f"{shown}: this folder already holds files that are not an earlier build, and the build replaces the whole folder. "
            "Choose a new or empty folder, or empty this one first."
        )


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
