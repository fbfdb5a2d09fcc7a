"""Reuse what an earlier build made when nothing that shapes it has changed.

Each output (a PDF, the built site, a letter's files) is stored under the
kit's `.cache/` folder by a hash of everything that shapes it, so an entry is
never stale: a change gives a new hash, and the old entry is pruned once no
recent build uses it. Entries are copied out, never linked, so editing a
built file cannot spoil the cache.
"""

from __future__ import annotations

import functools
import glob
import json
import os
import shutil
import tarfile
import time
from pathlib import Path

from nextround.compiled import CACHE_DIR, remove_path
from nextround.fingerprint import (
    LETTER_TOOLS,
    PDF_LIBRARIES,
    PDF_TOOLS,
    SITE_TOOLS,
    code_digest,
    digest,
    tool_versions,
    tree_digest,
)
from nextround.render.fonts import installed_fonts

# Bump when the layout of the cache or the meaning of a key changes.
CACHE_FORMAT = "2"
# How many recent builds (one per output folder) keep their entries.
KEEP_TARGETS = 8
# The folders of .cache/ that hold build outputs, pruned after each build.
OUTPUT_KINDS = ("pdf", "site", "letters")
# Outputs that are folders, each kept as one uncompressed tar file: writing one
# file is much quicker than writing a folder of many (the site has over a hundred).
FOLDER_KINDS = ("site", "letters")


@functools.cache
def system_fonts() -> str:
    """The fonts fontconfig can find, with their sizes and dates, and the libraries that lay them out."""
    lines = []
    for name in sorted({file for file, _index in installed_fonts()}):
        try:
            stat = os.stat(name)
        except OSError:
            continue
        lines.append(f"{name} {stat.st_size} {stat.st_mtime_ns}")
    for pattern in PDF_LIBRARIES:
        for library in sorted(glob.glob(f"/usr/lib/*/{pattern}") + glob.glob(f"/usr/lib/{pattern}")):
            lines.append(os.path.realpath(library))
    return digest("\n".join(lines))


@functools.cache
def pdf_context() -> str:
    """What shapes every PDF besides its own HTML: tools, fonts, and nextround's own code.

    All of nextround's code is hashed, not only the module that calls
    WeasyPrint, so no change to how PDFs are made can be missed; a user only
    changes it by upgrading.
    """
    return digest(CACHE_FORMAT, tool_versions(PDF_TOOLS), system_fonts(), code_digest())


def site_key(config_path: Path, docs_dir: Path, theme_dir: Path) -> str:
    """The key of the built site: the generated pages, the completed config (less where it is written), the theme."""
    import yaml

    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config.pop("site_dir", None)
    return digest(
        CACHE_FORMAT,
        tool_versions(SITE_TOOLS),
        json.dumps(config, sort_keys=True, default=str),
        tree_digest(docs_dir),
        tree_digest(theme_dir),
    )


def letter_key(letter, date, words: tuple[str, ...]) -> str:
    """The key of a letter's files: the letter, the date written into the Word files, the interface
    strings they hold (`Subject:`), the code that writes them."""
    return digest(
        CACHE_FORMAT,
        tool_versions(LETTER_TOOLS),
        letter.model_dump_json(),
        date.isoformat(),
        *words,
        code_digest(),
    )


class BuildCache:
    """The kit's `.cache/` folder, as one build uses it.

    With `read=False` (`--no-cache`) nothing is reused, but what the build
    makes is still stored, so the next build is quick again.
    """

    def __init__(self, root: Path, read: bool = True):
        self.folder = root / CACHE_DIR
        self.read = read
        self.used: set[str] = set()
        self._digests: dict[str, str] = {}

    def pdf_key(self, job) -> str:
        """The key of one PDF: everything it is made from.

        That is its HTML and stylesheets (the item, the group's changes and
        logo, the paper size, the fonts), every file in the folder its
        relative URLs point into (images used by print.css, say), and what
        pdf_context() covers: the tools, the system's fonts and nextround's code.
        The folder's Jinja templates are left out: they only shape the HTML,
        which is in the key itself, so a template edit renders only the PDFs
        whose HTML it changes.
        """
        return digest(pdf_context(), job.html, *job.stylesheets, self._folder_digest(Path(job.assets)))

    def _folder_digest(self, folder: Path) -> str:
        """The hash of every file in a folder, worked out once per build."""
        name = str(folder.resolve())
        if name not in self._digests:
            self._digests[name] = tree_digest(folder, skip_suffixes=(".j2",))
        return self._digests[name]

    def holds(self, kind: str) -> bool:
        """Whether this build may reuse anything of a kind ("pdf", "site", "letters")."""
        folder = self.folder / kind
        return self.read and folder.is_dir() and any(folder.iterdir())

    def has(self, kind: str, key: str) -> bool:
        """Whether this build may reuse the output stored for key."""
        return self.read and self._entry(kind, key).is_file()

    def site_key(self, config: Path) -> str:
        """The key of the site built from this completed mkdocs.yml (see site_key)."""
        from nextround.render.site import THEME_DIR

        return site_key(config, config.parent / "docs", THEME_DIR)

    def _entry(self, kind: str, key: str) -> Path:
        return self.folder / kind / key

    def fetch(self, kind: str, key: str, dest: Path) -> bool:
        """Copy the stored output (a file, or a folder's files) to dest; False when there is none."""
        entry = self._entry(kind, key)
        self.used.add(f"{kind}/{key}")
        if not self.read or not entry.is_file():
            return False
        dest.parent.mkdir(parents=True, exist_ok=True)
        if kind in FOLDER_KINDS:
            with tarfile.open(entry) as archive:
                archive.extractall(dest, filter="data")
        else:
            shutil.copyfile(entry, dest)
        return True

    def store(self, kind: str, key: str, source: Path, note: str = "") -> None:
        """Keep a copy of source (a file or a folder) as the output for key, with its note (see note())."""
        self._write_note(kind, key, note)
        entry = self._entry(kind, key)
        self.used.add(f"{kind}/{key}")
        entry.parent.mkdir(parents=True, exist_ok=True)
        # Written beside the entry and renamed, so a reader never sees half an entry.
        partial = entry.with_name(f".{entry.name}.{os.getpid()}")
        if kind in FOLDER_KINDS:
            with tarfile.open(partial, "w") as archive:
                archive.add(source, arcname=".")
        else:
            shutil.copyfile(source, partial)
        if entry.exists():
            remove_path(entry)
        os.replace(partial, entry)

    def note(self, kind: str, key: str) -> str | None:
        """Text stored beside an entry (warnings it was made with), or None."""
        path = self.folder / kind / f"{key}.note"
        return path.read_text(encoding="utf-8") if path.exists() else None

    def _write_note(self, kind: str, key: str, text: str) -> None:
        path = self.folder / kind / f"{key}.note"
        path.parent.mkdir(parents=True, exist_ok=True)
        if text:
            path.write_text(text, encoding="utf-8")
        elif path.exists():
            path.unlink()

    def finish(self, target: str) -> None:
        """Record what this build of target used, then drop entries no recent build uses."""
        targets = self.folder / "targets"
        targets.mkdir(parents=True, exist_ok=True)
        record = {"target": target, "time": time.time(), "used": sorted(self.used)}
        (targets / f"{digest(target)[:16]}.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
        records = sorted(targets.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in records[KEEP_TARGETS:]:
            old.unlink()
        keep: set[str] = set()
        for path in records[:KEEP_TARGETS]:
            try:
                keep.update(json.loads(path.read_text(encoding="utf-8"))["used"])
            except (OSError, ValueError, KeyError):
                continue
        for kind_dir in (self.folder / kind for kind in OUTPUT_KINDS if (self.folder / kind).is_dir()):
            for entry in kind_dir.iterdir():
                name = entry.name.removesuffix(".note")
                if entry.name.startswith("."):
                    if time.time() - entry.stat().st_mtime > 3600:  # left by a build that was killed
                        remove_path(entry)
                elif f"{kind_dir.name}/{name}" not in keep:
                    remove_path(entry)
