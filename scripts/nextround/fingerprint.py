"""Hashes of text, files, folders, tool versions and nextround's own code: what cache keys are made of."""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata
from pathlib import Path

PACKAGE_DIR = Path(__file__).parent

# The Python packages that turn print HTML into PDF bytes, and join the pack.
PDF_TOOLS = ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "tinyhtml5", "pikepdf", "nextround")
# The system libraries behind them: a Debian upgrade can change the bytes too.
PDF_LIBRARIES = ("libpango-1.0.so*", "libpangoft2-1.0.so*", "libharfbuzz*.so*", "libfontconfig.so*", "libfreetype.so*")
SITE_TOOLS = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pygments", "nextround")
LETTER_TOOLS = ("python-docx", "nextround")


def digest(*parts: str | bytes) -> str:
    """One hash of many parts; each is length-prefixed so parts cannot run together."""
    hasher = hashlib.sha256()
    for part in parts:
        raw = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(raw).to_bytes(8, "big"))
        hasher.update(raw)
    return hasher.hexdigest()


def tree_digest(folder: Path, skip_suffixes: tuple[str, ...] = ()) -> str:
    """A hash of every file under folder: its relative path and its bytes."""
    parts: list[str | bytes] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(skip_suffixes)):
        parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


def tool_versions(names: tuple[str, ...]) -> str:
    versions = []
    for name in names:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} missing")
    return ";".join(versions)


@functools.cache
def code_digest() -> str:
    """A hash of nextround's own Python code."""
    return digest(
        *(
            part
            for path in sorted(PACKAGE_DIR.rglob("*.py"))
            for part in (path.relative_to(PACKAGE_DIR).as_posix(), path.read_bytes())
        )
    )
