"""Incremental builds: unchanged outputs are reused from .cache/, changed ones rendered afresh, and
a build from the cache gives the same bytes as a build from nothing."""

import re
import shutil

import pytest
import yaml

from nextround.render.pack import pack_items
from nextround.render.pdf import kind_label

from conftest import ROOT, copy_kit, run_nextround, squash
from pdf_reading import contents_pages, pdf_text

# The workshop pack is joined from every checklist and worksheet PDF, so it is made again whenever one changes.
PACK = "workshop-pack"
# Both packs are joined from their sheets: the standard one and the large-print one.
PACKS = {PACK, f"{PACK}-large-print"}
RENDERED_LINE = re.compile(r"^Rendering PDFs: \d+/\d+ (\S+)\.pdf$", re.MULTILINE)
# The last line of a build: "Built the site in ... and 17 PDFs in ... (en; 1 rendered, 17 unchanged)."
COUNTS = re.compile(r"[(;] (\d+) rendered, (\d+) unchanged\)")


def build(kit, out, *options) -> set[str]:
    """Build the kit with two workers; the ids of the PDFs it rendered (its plain progress lines say)."""
    result = run_nextround("build", "--out", str(out), "--jobs", "2", *options, cwd=kit)
    assert result.returncode == 0, result.stderr
    return set(RENDERED_LINE.findall(result.stdout))


def every_pdf(kit) -> set[str]:
    """What a cold build renders: each sheet (its large-print copy has the same name), each run-sheet, both packs."""
    run_sheets = {f"run-sheet-{plan.id}" for page in kit.of_kind("facilitator") for plan in page.plans}
    return {item.id for item in kit.printable()} | run_sheets | PACKS


def pdf_bytes(out) -> dict[str, bytes]:
    return {path.stem: path.read_bytes() for path in sorted((out / "pdf").glob("*.pdf"))}


def replace_once(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def output_files(out) -> dict[str, bytes]:
    """Every file a build wrote in out (site, PDFs, pack, letters) but its stamp, which names the folder."""
    return {
        str(path.relative_to(out)): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.name != ".nextround-build.json"
    }


@pytest.fixture(scope="module")
def built_scratch(tmp_path_factory, kit) -> tuple:
    """A copy of the kit built once from nothing into its dist/, then kept untouched: (the kept copy, where it
    was built). Tests use it through `scratch`, never directly."""
    place = tmp_path_factory.mktemp("cache")
    work = copy_kit(place / "kit")
    # The cache works alike in every language: the English kit alone keeps these tests' counts the kit's.
    replace_once(work / "content" / "kit.yml", "translations: [es]", "translations: []")
    rendered = build(work, work / "dist")
    assert rendered == every_pdf(kit)
    kept = place / "kept"
    work.rename(kept)
    return kept, work


@pytest.fixture
def scratch(built_scratch):
    """The built copy of the kit, its .cache/ and dist/ included, afresh for each test to change as it likes.

    It is put back in the very folder it was built in: the cache's keys hold the kit's place (the PDFs'
    base URL) and dist/'s stamp holds the folder's, so a copy anywhere else would reuse nothing.
    """
    kept, work = built_scratch
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(kept, work, symlinks=True)
    return work


def test_a_second_build_takes_every_output_from_the_cache_byte_for_byte(scratch, kit):
    # Into another folder, so the build cannot just find dist/ up to date: it must fetch all from .cache/.
    again = scratch / "again"
    result = run_nextround("build", "--out", str(again), "--jobs", "2", cwd=scratch)
    assert result.returncode == 0, result.stderr
    assert "up to date" not in result.stdout
    assert not RENDERED_LINE.search(result.stdout), result.stdout
    every = len(list((scratch / "dist" / "pdf").rglob("*.pdf"))) + len(PACKS)
    assert COUNTS.findall(result.stdout) == [("0", str(every))], result.stdout
    first, second = output_files(scratch / "dist"), output_files(again)
    assert f"{PACK}.pdf" in second and "pdf/on-the-call.pdf" in second and "site/index.html" in second
    assert sorted(second) == sorted(first)
    assert [name for name in first if first[name] != second[name]] == []


def test_nothing_changed_says_so_and_a_damaged_output_is_built_again(scratch):
    again = run_nextround("build", "--out", "dist", cwd=scratch)
    assert again.returncode == 0, again.stderr
    assert "up to date" in again.stdout and not RENDERED_LINE.search(again.stdout)
    # A file missing from the output folder or edited there means the folder is not what the last build left.
    sheet = scratch / "dist" / "pdf" / "on-the-call.pdf"
    good = sheet.read_bytes()
    sheet.unlink()
    page = scratch / "dist" / "site" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- edited by hand -->", encoding="utf-8")
    repaired = run_nextround("build", "--out", "dist", cwd=scratch)
    assert repaired.returncode == 0, repaired.stderr
    assert "up to date" not in repaired.stdout
    assert sheet.read_bytes() == good
    assert "edited by hand" not in page.read_text(encoding="utf-8")


def test_no_cache_builds_everything_again_though_nothing_changed(scratch, kit):
    assert build(scratch, scratch / "dist", "--no-cache") == every_pdf(kit)


def cached_pdfs(kit) -> dict[str, int]:
    """The PDFs in the kit's cache, by key, with when each was stored."""
    return {path.name: path.stat().st_mtime_ns for path in (kit / ".cache" / "pdf").iterdir() if path.suffix != ".note"}


def test_one_item_edit_renders_only_its_pdf_and_matches_a_cold_build(scratch, kit):
    before = pdf_bytes(scratch / "dist")
    pack_before = (scratch / "dist" / f"{PACK}.pdf").read_bytes()
    cached_before = cached_pdfs(scratch)
    old_text = kit.items["on-the-call"].groups[0].items[0].text
    replace_once(
        scratch / "content" / "checklists" / "on-the-call.yml", old_text, "Take one slow breath before you answer."
    )

    assert build(scratch, scratch / "dist") == {"on-the-call", *PACKS}
    after = pdf_bytes(scratch / "dist")
    assert "Take one slow breath before you answer." in pdf_text(scratch / "dist" / "pdf" / "on-the-call.pdf")
    assert [name for name in after if after[name] != before[name]] == ["on-the-call"]
    pack_after = (scratch / "dist" / f"{PACK}.pdf").read_bytes()
    assert pack_after != pack_before
    assert "Take one slow breath before you answer." in pdf_text(scratch / "dist" / f"{PACK}.pdf")
    # The old version of the PDF is pruned: the cache holds what the last build used, which is
    # every sheet and run-sheet, every large-print copy, the two packs and their covers. No page count
    # changed, so the covers (with their contents pages) are the ones stored before, not rendered again;
    # only the sheet, its large-print copy and the two packs are new, and their old versions are gone.
    cached_after = cached_pdfs(scratch)
    assert len(cached_after) == len(cached_before) >= len(after) + len(kit.printable()) + 4
    assert len(set(cached_after) - set(cached_before)) == 4
    assert all(cached_after[key] == cached_before[key] for key in set(cached_after) & set(cached_before))

    cold = scratch / "cold"
    assert build(scratch, cold, "--no-cache") == set(after) | PACKS
    assert pdf_bytes(cold) == after
    assert (cold / f"{PACK}.pdf").read_bytes() == pack_after


def test_a_sheet_that_grows_a_page_moves_the_page_numbers_in_the_pack_contents(scratch, kit):
    order = pack_items(kit)
    grown = order[1]
    assert grown.kind == "checklist"
    listed_before = contents_pages(scratch / "dist" / f"{PACK}.pdf", order)

    source = scratch / "content" / "checklists" / f"{grown.id}.yml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    extra = [
        {"id": f"extra-step-{n}", "text": f"An extra step, number {n}, to make this sheet longer."}
        for n in range(1, 41)
    ]
    data["groups"].append({"id": "extra-steps", "title": "Extra steps", "items": extra})
    source.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert build(scratch, scratch / "dist") == {grown.id, *PACKS}

    listed_after = contents_pages(scratch / "dist" / f"{PACK}.pdf", order)
    later = order[2].id
    assert listed_after[later][0] > listed_before[later][0]
    for item in order:
        eyebrow = f"{kind_label(kit.t, item.kind).upper()} {squash(item.title)}"
        assert listed_after[item.id][1].startswith(eyebrow), item.title


def test_a_bad_link_written_after_a_build_is_still_refused(scratch):
    # Whether a text is safe is decided afresh by every build: nothing about it is kept in .cache/.
    assert not (scratch / ".cache" / "markdown").exists()
    extra = scratch / "content" / "guide" / "extra.yml"
    extra.write_text(
        (ROOT / "tests" / "broken" / "data-link" / "kit" / "content" / "guide" / "extra.yml").read_text(
            encoding="utf-8"
        ),
        encoding="utf-8",
    )
    result = run_nextround("build", "--out", "dist", cwd=scratch)
    assert result.returncode == 2
    assert (
        "content/guide/extra.yml:8:1" in result.stderr
        and "links starting with 'data:' are not allowed" in result.stderr
    )


def test_template_change_renders_only_the_pdfs_made_from_it(scratch, kit):
    replace_once(scratch / "worksheets" / "_checklist.html.j2", "<ul", '<ul data-edited="yes"')
    assert build(scratch, scratch / "dist") == {item.id for item in kit.of_kind("checklist")} | PACKS


def test_an_image_used_by_print_css_renders_every_pdf_again_when_it_changes(scratch, kit):
    marker = scratch / "worksheets" / "marker.svg"
    square = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="{}"/></svg>'
    )
    marker.write_text(square.format("#000"), encoding="utf-8")
    stylesheet = scratch / "worksheets" / "print.css"
    stylesheet.write_text(
        stylesheet.read_text(encoding="utf-8") + '\nh1::before { content: url("marker.svg"); }\n', encoding="utf-8"
    )
    every = every_pdf(kit)
    assert build(scratch, scratch / "dist") == every
    first = pdf_bytes(scratch / "dist")
    marker.write_text(square.format("#777"), encoding="utf-8")
    assert build(scratch, scratch / "dist") == every
    again = pdf_bytes(scratch / "dist")
    assert all(again[name] != first[name] for name in first), "a PDF still shows the old image"


def test_print_css_change_renders_every_pdf(scratch, kit):
    stylesheet = scratch / "worksheets" / "print.css"
    stylesheet.write_text(
        stylesheet.read_text(encoding="utf-8") + "\nh1 { letter-spacing: 0.02em; }\n", encoding="utf-8"
    )
    assert build(scratch, scratch / "dist") == every_pdf(kit)
    assert squash(kit.items["action-plan"].title) in pdf_text(scratch / "dist" / "pdf" / "action-plan.pdf")


def test_group_overlay_change_renders_only_the_pdfs_it_changes(scratch):
    group = scratch / "groups" / "test-club"
    group.mkdir(parents=True)
    overlay = group / "group.yml"
    overlay.write_text(
        "group: {name: Test Club}\n"
        "include: [self-audit, next-steps]\n"
        "overrides:\n"
        "  self-audit: {title: Your interview self-check}\n",
        encoding="utf-8",
    )
    out = scratch / "club"
    # Only the overridden sheet differs from the kit's own, so only it is rendered (and the group's pack joined).
    assert build(scratch, out, "--group", str(group)) == {"self-audit", *PACKS}
    assert (out / "pdf" / "next-steps.pdf").read_bytes() == (scratch / "dist" / "pdf" / "next-steps.pdf").read_bytes()

    replace_once(overlay, "Your interview self-check", "How your interview went")
    assert build(scratch, out, "--group", str(group)) == {"self-audit", *PACKS}
    assert "How your interview went" in pdf_text(out / "pdf" / "self-audit.pdf")


def test_the_site_is_the_same_to_the_byte_when_its_templates_come_precompiled(scratch):
    # One fixed date for both builds: MkDocs dates the sitemap by the day it builds.
    fixed_date = {"SOURCE_DATE_EPOCH": "1767225600"}
    shutil.rmtree(scratch / ".cache" / "jinja")
    for out in ("compiled-now", "precompiled"):
        result = run_nextround(
            "build", "--out", str(scratch / out), "--no-cache", "--quiet", cwd=scratch, env=fixed_date
        )
        assert result.returncode == 0, result.stderr
        assert list((scratch / ".cache" / "jinja").glob("site-*/*")), "the theme's compiled templates were not kept"
    first, second = scratch / "compiled-now" / "site", scratch / "precompiled" / "site"
    files = sorted(path.relative_to(first) for path in first.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(second) for path in second.rglob("*") if path.is_file())
    assert all((first / name).read_bytes() == (second / name).read_bytes() for name in files)


def test_a_changed_group_logo_renders_the_group_pdfs_again(tmp_path):
    kit = copy_kit(tmp_path / "kit", groups=True)
    group = kit / "groups" / "riverside"
    result = run_nextround("build", "--group", "groups/riverside", "--out", "dist", "--jobs", "2", cwd=kit)
    assert result.returncode == 0, result.stderr
    first = pdf_bytes(kit / "dist")
    logo = group / "logo.svg"
    logo.write_text(logo.read_text(encoding="utf-8").replace("#1b5e20", "#0d47a1"), encoding="utf-8")
    again = run_nextround("build", "--group", "groups/riverside", "--out", "dist", "--jobs", "2", cwd=kit)
    assert again.returncode == 0, again.stderr
    assert set(RENDERED_LINE.findall(again.stdout)) == set(first) | PACKS
    assert all(pdf_bytes(kit / "dist")[name] != first[name] for name in first)
