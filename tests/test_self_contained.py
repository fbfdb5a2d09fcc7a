"""The project as a user gets it: the suite leaves their checkout as it was, the Python it asks for can run
it, and its licence is the one it declares."""

import re
import tarfile
import tomllib

from conftest import ROOT, ROOT_LEFTOVERS_AT_START, leftovers

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# Words each licence's text starts with and must hold, by its SPDX id (pyproject.toml's `license`).
LICENCE_TEXTS = {
    "MIT": (
        "MIT License",
        "Permission is hereby granted, free of charge, to any person obtaining a copy",
        'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND',
    ),
}


def test_building_the_kit_writes_nothing_in_the_repository(built, riverside, kit_copy):
    # The builds did happen, and kept their cache and generated pages in the session's copy of the kit ...
    assert (built / "site" / "index.html").is_file() and (riverside / "workshop-pack.pdf").is_file()
    assert list((kit_copy / ".cache" / "pdf").iterdir()) and (kit_copy / ".generated").is_dir()
    # ... and none of the repository's .cache/, .generated/ or dist/ was made, changed or removed since the suite began.
    now = leftovers(ROOT)
    changed = sorted(
        name
        for name in now.keys() | ROOT_LEFTOVERS_AT_START.keys()
        if now.get(name) != ROOT_LEFTOVERS_AT_START.get(name)
    )
    assert changed == [], f"the suite wrote in the repository: {changed[:10]}"


def test_the_python_asked_for_can_unpack_the_cache():
    # The cache unpacks the built site with tarfile's filter="data", which Python has had since 3.11.4.
    found = re.fullmatch(r">=\s*(\d+)\.(\d+)(?:\.(\d+))?", PROJECT["requires-python"])
    assert found, f"requires-python should be one minimum, not {PROJECT['requires-python']!r}"
    assert tuple(int(part or 0) for part in found.groups()) >= (3, 11, 4)
    assert callable(getattr(tarfile, "data_filter", None))


def test_the_licence_file_holds_the_licence_pyproject_declares():
    licence = PROJECT["license"]
    assert licence in LICENCE_TEXTS, f"no known text for the licence {licence!r}"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    title, *phrases = LICENCE_TEXTS[licence]
    assert text.startswith(title)
    assert all(phrase in text for phrase in phrases)
    assert re.search(r"^Copyright \(c\) \d{4} The Next Round authors$", text, re.MULTILINE)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"## Licence\n\n{licence}: see `LICENSE`." in readme
