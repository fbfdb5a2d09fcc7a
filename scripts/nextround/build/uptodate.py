"""Skip a build when nothing it reads has changed and its output is as the last build left it.

Like make, but by content: the output folder holds a stamp with a hash of
every input (the kit's content, print templates and mkdocs.yml, the group
folder, nextround's own files, the tools' versions and the fonts, the build's
options) and the size and time of every file the build wrote. When the inputs
hash the same and every file is still there unchanged, there is nothing to
do. Anything else, or anything that cannot be read, builds as usual.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from nextround.build.cache import CACHE_FORMAT, system_fonts
from nextround.fingerprint import LETTER_TOOLS, PACKAGE_DIR, PDF_TOOLS, SITE_TOOLS, digest, tool_versions, tree_digest

STAMP_NAME = ".nextround-build.json"
# The font and the tool that cuts it shape every PDF through the print CSS.
TOOLS = tuple(dict.fromkeys((*PDF_TOOLS, *SITE_TOOLS, *LETTER_TOOLS, "fontpkg-atkinson-hyperlegible", "uharfbuzz")))
_PACKAGE = PACKAGE_DIR


def inputs_key(root: Path, out: Path, group: Path | None, settings: dict) -> str | None:
    """A hash of everything a build into out reads; None if some of it cannot be read."""
    try:
        parts = [
            CACHE_FORMAT,
            tool_versions(TOOLS),
            system_fonts(),
            json.dumps(
                {**settings, "out": str(out.resolve()), "group": str(group.resolve()) if group else None},
                sort_keys=True,
            ),
            os.environ.get("SOURCE_DATE_EPOCH", ""),
            tree_digest(root / "content"),
            tree_digest(root / "worksheets"),
            (root / "mkdocs.yml").read_bytes(),
            tree_digest(_PACKAGE, skip_suffixes=(".pyc",)),
        ]
        if group:
            parts.append(tree_digest(group))
    except OSError:
        return None
    return digest(*parts)


def is_current(out: Path, key: str) -> bool:
    """Whether out was built from inputs with this key and still holds exactly what that build wrote."""
    try:
        stamp = json.loads((out / STAMP_NAME).read_text(encoding="utf-8"))
        return stamp["inputs"] == key and stamp["files"] == _listing(out)
    except (OSError, ValueError, KeyError, TypeError):
        return False


def write_stamp(out: Path, key: str) -> None:
    """Record, in out, the key of the inputs it was built from and what it holds."""
    stamp = {"inputs": key, "files": _listing(out)}
    (out / STAMP_NAME).write_text(json.dumps(stamp, sort_keys=True), encoding="utf-8")


def _listing(out: Path) -> dict[str, list[int]]:
    listing = {}
    for folder, _, names in os.walk(out):
        for name in names:
            path = Path(folder, name)
            if path.parent == out and name == STAMP_NAME:
                continue
            status = path.stat()
            listing[path.relative_to(out).as_posix()] = [status.st_size, status.st_mtime_ns]
    return listing
