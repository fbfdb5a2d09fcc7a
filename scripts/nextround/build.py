"""Build a kit: load → compose → render the site and the PDFs side by side → swap into place.

Everything is written to a staging folder first; the output folder is only
replaced when every part succeeded, so a failed build leaves the last good
one untouched.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import letters, pdf
from .content import Content
from .errors import BuildError
from .loader import load_content
from .site import write_site_source

# Lines the site engine prints that say nothing about this build.
_ENGINE_NOISE = ("INFO",)
# Material 9.8 prints an end-of-life banner on every build unless told not to.
_ENGINE_ENV = {"NO_MKDOCS_2_WARNING": "1"}


@dataclass
class BuildOptions:
    root: Path
    out: Path
    paper: str = "a4"
    large_print: bool = False
    jobs: int | None = None


@dataclass
class BuildResult:
    out: Path
    pdfs: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def prepare(options: BuildOptions) -> Content:
    """Load and validate the content, with this build's settings applied."""
    content = load_content(options.root)
    content.paper = options.paper
    content.large_print = options.large_print
    return content


def generated_dir(root: Path, name: str = "default") -> Path:
    return root / ".generated" / name


def site_command(config: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config)]


def build(options: BuildOptions, say: Callable[[str], None] = lambda _: None) -> BuildResult:
    content = prepare(options)
    out = options.out.resolve()
    staging = out.parent / f".{out.name}.building"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        result = _build_into(content, options, staging, say)
        _swap_into_place(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    result.out = out
    result.pdfs = [out / "pdf" / p.name for p in result.pdfs]
    return result


def _build_into(content: Content, options: BuildOptions, staging: Path, say) -> BuildResult:
    result = BuildResult(out=staging)
    config = write_site_source(content, generated_dir(options.root), staging / "site")
    say("Building the site and the PDFs")
    site_process = subprocess.Popen(
        site_command(config), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=options.root,
        env={**os.environ, **_ENGINE_ENV},
    )
    try:
        result.pdfs, pdf_warnings = _render_pdfs(content, options, staging / "pdf")
        result.warnings += pdf_warnings
        write_letters(content, staging / "letters")
        engine_output, _ = site_process.communicate()
    finally:
        if site_process.poll() is None:
            site_process.kill()
    messages = [line for line in engine_output.splitlines() if line.strip() and not line.lstrip().startswith(_ENGINE_NOISE)]
    if site_process.returncode != 0:
        raise BuildError("The site build failed:\n" + "\n".join(messages or engine_output.splitlines()[-20:]))
    result.warnings += messages
    downloads = staging / "site" / "downloads"
    shutil.copytree(staging / "pdf", downloads / "pdf")
    shutil.copytree(staging / "letters", downloads / "letters")
    return result


def _render_pdfs(content: Content, options: BuildOptions, pdf_dir: Path) -> tuple[list[Path], list[str]]:
    pdf_dir.mkdir(parents=True)
    jobs = pdf.pdf_jobs(content, options.root / "worksheets", pdf_dir)
    workers = options.jobs or os.cpu_count() or 1
    with ProcessPoolExecutor(max_workers=min(workers, max(len(jobs), 1))) as pool:
        warnings = [w for w in pool.map(pdf.render_pdf, jobs) if w]
    return [Path(job.output) for job in jobs], warnings


def write_letters(content: Content, letters_dir: Path) -> None:
    """Every letter as .txt and .docx, filled with its examples and with blanks."""
    letters_dir.mkdir(parents=True, exist_ok=True)
    for letter in content.of_kind("letter"):
        for suffix, values, highlight in (
            ("", letters.example_values(letter), True),
            ("-blank", letters.blank_values(letter), True),
        ):
            (letters_dir / f"{letter.id}{suffix}.txt").write_text(letters.letter_text(letter, values), encoding="utf-8")
            letters.write_docx(letter, values, letters_dir / f"{letter.id}{suffix}.docx", highlight)


def _swap_into_place(staging: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old"
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
