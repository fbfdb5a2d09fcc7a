"""WeasyPrint, loaded without a slow search for its libraries. Importing this module loads it.

WeasyPrint reaches Pango, HarfBuzz and fontconfig through cffi, trying
several names for each library. cffi hands a name it cannot open as it
stands to ctypes.util.find_library, which on Linux reads `ldconfig -p` and,
for a name the linker cache does not list, runs gcc and then ld: about fifty
processes and a third of a second in every process that loads WeasyPrint.
A library that can load at all is either in the linker cache or is opened by
its file name (WeasyPrint tries `libpango-1.0.so.0` and the like too, which
dlopen finds along LD_LIBRARY_PATH), so while WeasyPrint loads,
find_library answers from the linker cache alone, read once.
"""

from __future__ import annotations

import ctypes.util
import re
import subprocess
import sys
from contextlib import contextmanager, nullcontext

# Where ctypes.util itself looks.
LDCONFIG = "/sbin/ldconfig"


def _linker_cache() -> str:
    try:
        return subprocess.run([LDCONFIG, "-p"], capture_output=True, text=True, env={"LC_ALL": "C"}).stdout
    except OSError:
        return ""


@contextmanager
def _find_library_from(listing: str):
    """ctypes.util.find_library answering from this `ldconfig -p` listing while the block runs."""
    original = ctypes.util.find_library

    def find_library(name: str) -> str | None:
        # The same match as ctypes.util's own first step: "libNAME.<anything>".
        found = re.search(rf"\s(lib{re.escape(name)}\.\S+)\s+\(", listing)
        return found.group(1) if found else None

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _load() -> None:
    listing = _linker_cache() if sys.platform.startswith("linux") and "weasyprint" not in sys.modules else ""
    # Elsewhere, or without a linker cache, WeasyPrint searches as usual.
    with _find_library_from(listing) if listing else nullcontext():
        import weasyprint  # noqa: F401


_load()

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

__all__ = ["CSS", "HTML", "FontConfiguration"]
