"""The project as a user gets it: the suite leaves their checkout as it was."""

from conftest import ROOT, ROOT_LEFTOVERS_AT_START, leftovers


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

