"""Jinja bytecode caches in the kit's .cache/jinja: each template compiled once, not on every build."""

from __future__ import annotations

from pathlib import Path

from nextround.fingerprint import digest

CACHE_DIR = ".cache"


def versioned(root: Path, folder: str, name: str, version: str) -> Path:
    """The place in the kit's .cache/FOLDER for what one version of some code keeps between builds.

    name says whose it is and version which code made it; the places other
    versions used for name are removed, so the folder stays small.
    """
    parent = root / CACHE_DIR / folder
    place = parent / f"{name}-{digest(version)[:16]}"
    try:
        for old in parent.glob(f"{name}-*"):
            if old != place:
                remove_path(old)
    except OSError:
        pass  # a later build tries again
    return place


def template_cache(root: Path, name: str, version: str):
    """A Jinja bytecode cache in the kit's .cache/jinja, so a template is compiled once, not on every build.

    Jinja checks each template's source, but not the options of the
    environment that compiled it, which come from code: so name (whose
    templates) and version (of the code that sets the options) pick the
    folder. None when the folder cannot be made: compiling every time is only slower.
    """
    from jinja2 import FileSystemBytecodeCache

    folder = versioned(root, "jinja", name, version)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


def remove_path(path: Path) -> None:
    import shutil

    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
