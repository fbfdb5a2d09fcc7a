"""Putting the kit in people's hands: `nextround publish` run exactly as the GitHub workflow runs it, the
workflows valid for GitHub, the example group, and the whole kit as a zip that works from a USB stick."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup

from nextround.render import takeaway
from nextround.render.dates import build_date
from publishing import SITE_URL, VENV_BIN, WORKFLOWS, publish_steps, step_running, workflow

from conftest import RIVERSIDE, ROOT, copy_kit, run_nextround, squash, visible_text

ZIP_LINK_TEXT = re.compile(r"^Download the whole kit \((\d+(?:\.\d)?) (MB|kB), zip\)$")


# --- the workflows ------------------------------------------------------------------------------


def test_every_workflow_matches_githubs_workflow_schema(tmp_path):
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {path.name for path in files} >= {"publish.yml", "test.yml"}
    check = [str(VENV_BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows"]
    result = subprocess.run([*check, *map(str, files)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    # The check does catch a workflow GitHub would refuse: a job with nowhere to run.
    broken = workflow("publish.yml")
    del broken["jobs"]["publish"]["runs-on"]
    (tmp_path / "broken.yml").write_text(yaml.safe_dump(broken), encoding="utf-8")
    assert subprocess.run([*check, str(tmp_path / "broken.yml")], capture_output=True).returncode != 0


def test_the_publish_workflow_deploys_what_it_publishes_to_pages():
    flow = workflow("publish.yml")
    triggers = flow[True] if True in flow else flow["on"]  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert flow["permissions"]["pages"] == "write" and flow["permissions"]["id-token"] == "write"
    assert flow["concurrency"]["group"] == "pages"
    steps = publish_steps()
    uses = {step.get("uses", "").split("@")[0]: step for step in steps}
    assert uses["actions/setup-python"]["with"]["python-version"] == "3.11"
    publish = step_running("nextround publish")
    out = re.search(r"--out (\S+)", publish["run"]).group(1)
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == out
    # The site's address is the one configure-pages reports.
    pages_id = uses["actions/configure-pages"]["id"]
    assert f"steps.{pages_id}.outputs.base_url" in str(publish["env"])
    assert "deploy-pages" in str([step.get("uses") for step in steps[steps.index(publish) :]])
    cached = [step["with"]["path"] for step in steps if step.get("uses", "").startswith("actions/cache@")]
    assert ".cache" in cached and any("/var/cache/apt/archives" in path for path in cached)


def test_the_test_workflow_runs_the_test_script_on_pull_requests():
    flow = workflow("test.yml")
    triggers = flow[True] if True in flow else flow["on"]
    assert "pull_request" in triggers
    assert any(step.get("run", "").strip() == "./scripts/test" for step in flow["jobs"]["test"]["steps"])


# --- nextround publish, as the workflow runs it -----------------------------------------------


# Each site's folder in the published folder, and its address.
SITES = {folder: f"{SITE_URL}/{folder}" for folder in ("", "groups/riverside/", "groups/oak-hall/")}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_the_kit_is_at_the_root_and_each_group_a_whole_site_of_its_own(published):
    _, out = published
    for folder in SITES:
        site = out / folder
        assert (site / "index.html").is_file()
        assert (site / "search" / "search_index.js").is_file()
        assert list((site / "downloads" / "pdf").glob("*.pdf"))
        assert (site / "downloads" / "workshop-pack.pdf").is_file()
    riverside = yaml.safe_load((RIVERSIDE / "group.yml").read_text(encoding="utf-8"))["group"]["name"]
    assert riverside in visible_text(soup(out / "groups" / "riverside" / "index.html").select_one("article"))
    assert "Oak Hall group" in visible_text(soup(out / "groups" / "oak-hall" / "index.html").select_one("article"))


def test_the_kits_home_page_does_not_name_the_groups(published):
    _, out = published
    home = soup(out / "index.html")
    text = squash(home.get_text(" ")).lower()
    riverside = yaml.safe_load((RIVERSIDE / "group.yml").read_text(encoding="utf-8"))["group"]["name"]
    assert riverside.lower() not in text and "oak hall" not in text and "oak-hall" not in text
    assert not [a["href"] for a in home.find_all("a", href=True) if "groups/" in a["href"]]


def test_canonical_links_and_sitemaps_are_under_each_sites_address(published):
    _, out = published
    for folder, url in SITES.items():
        site = out / folder
        page = site / "checklists" / "on-the-call" / "index.html"
        for path in (site / "index.html", page):
            canonical = soup(path).find("link", rel="canonical")["href"]
            assert canonical == url + path.relative_to(site).as_posix()
        locations = re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
        assert len(locations) > 20
        for location in locations:
            assert location.startswith(url), location
            assert (site / location.removeprefix(url)).is_file(), location


def test_nothing_depends_on_where_the_folder_is_served_from(published):
    _, out = published
    # Every page but 404.html, which a host serves at whatever address was not found, so MkDocs
    # names its assets from the site's root (the path of --site-url) for it to be styled wherever it shows.
    for page in (page for page in out.rglob("*.html") if page.name != "404.html"):
        html = soup(page)
        for tag in html.find_all(["a", "link", "script", "img"]):
            target = tag.get("href") or tag.get("src") or ""
            # Links for search engines (the canonical address, each language's copy) are full addresses.
            if tag.name == "link" and ({"canonical", "alternate"} & set(tag.get("rel") or [])):
                continue
            assert not target.startswith("/") and not target.startswith(SITE_URL), f"{page}: {target}"
            if not urlsplit(target).scheme and not target.startswith("#") and target:
                assert (page.parent / urlsplit(target).path).exists(), f"{page}: {target}"


def test_each_group_offers_its_own_whole_kit(published, kit):
    _, out = published
    for folder in ("groups/riverside/", "groups/oak-hall/"):
        stated, actual = stated_and_actual_zip_size(out / folder)
        assert stated == takeaway.size_text(actual, kit.t, "en")
        with zipfile.ZipFile(out / folder / takeaway.ZIP_PATH) as archive:
            assert f"{takeaway.ZIP_FOLDER}/downloads/workshop-pack.pdf" in archive.namelist()


def test_a_mistake_in_a_group_is_located_and_leaves_the_published_folder_as_it_was(published, tmp_path):
    kit = tmp_path / "kit"
    shutil.copytree(published[0], kit, symlinks=True)
    out = kit / published[1].name
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    group_file = kit / "groups" / "oak-hall" / "group.yml"
    lines = group_file.read_text(encoding="utf-8").splitlines()
    paper = next(number for number, line in enumerate(lines, 1) if line.startswith("paper:"))
    lines[paper - 1] = "paper: a5"
    group_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_nextround("publish", "--out", out.name, "--site-url", SITE_URL, cwd=kit)
    assert result.returncode == 2
    assert f"groups/oak-hall/group.yml:{paper}:" in result.stderr
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before


def test_publish_refuses_a_folder_that_holds_other_files(tmp_path):
    kit = copy_kit(tmp_path / "kit")
    (kit / "public").mkdir()
    (kit / "public" / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_nextround("publish", "--out", "public", cwd=kit)
    assert result.returncode == 1 and "--out public" in result.stderr
    assert (kit / "public" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_group_folder_name_that_cannot_be_an_address_is_refused(tmp_path):
    kit = copy_kit(tmp_path / "kit")
    shutil.copytree(RIVERSIDE, kit / "groups" / "River Side")
    result = run_nextround("publish", "--out", "public", cwd=kit)
    assert result.returncode == 1
    assert "groups/River Side" in result.stderr and "`river-side`" in result.stderr
    assert not (kit / "public").exists()


# --- the example group --------------------------------------------------------------------------


def test_the_committed_example_group_is_the_starting_point_new_group_writes(tmp_path):
    kit = copy_kit(tmp_path / "kit")
    assert run_nextround("new-group", "example", cwd=kit).returncode == 0
    written = (kit / "groups" / "example" / "group.yml").read_text(encoding="utf-8")
    assert (ROOT / "groups" / "example" / "group.yml").read_text(encoding="utf-8") == written
    checked = run_nextround("check", "--group", "groups/example", cwd=kit)
    assert checked.returncode == 0, checked.stderr


# --- the whole kit as a zip ---------------------------------------------------------------------


def stated_and_actual_zip_size(site: Path) -> tuple[str, int]:
    (link,) = soup(site / "index.html").find_all("a", href=takeaway.ZIP_PATH)
    match = ZIP_LINK_TEXT.match(squash(link.get_text()))
    assert match, link.get_text()
    return f"{match.group(1)} {match.group(2)}", (site / takeaway.ZIP_PATH).stat().st_size


def test_the_home_page_states_the_size_of_the_whole_kit(built):
    stated, actual = stated_and_actual_zip_size(built / "site")
    number, unit = stated.split()
    assert abs(float(number) * (1_000_000 if unit == "MB" else 1000) - actual) <= (50_000 if unit == "MB" else 500)


def test_the_zip_holds_the_site_its_pdfs_and_letters_and_works_opened_from_disk(built, tmp_path):
    with zipfile.ZipFile(built / "site" / takeaway.ZIP_PATH) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path)
    site = tmp_path / takeaway.ZIP_FOLDER
    assert all(name.startswith(f"{takeaway.ZIP_FOLDER}/") for name in names)
    assert not [name for name in names if name.endswith(".zip")]
    assert (site / "search" / "search_index.js").is_file()  # the offline search index
    # Every PDF, each worksheet's also as the script "Download my filled-in PDF" loads.
    assert sorted(p.name for p in (site / "downloads" / "pdf").iterdir() if p.suffix == ".pdf") == sorted(
        p.name for p in (built / "pdf").iterdir() if p.suffix == ".pdf"
    )
    # The English letters: the Spanish ones are in the Spanish site's own zip.
    assert sorted(p.name for p in (site / "downloads" / "letters").iterdir()) == sorted(
        p.name for p in (built / "letters").iterdir() if p.is_file()
    )
    assert (site / "downloads" / "workshop-pack.pdf").read_bytes() == (built / "workshop-pack.pdf").read_bytes()
    home = soup(site / "index.html")
    links = [a["href"] for a in home.find_all("a", href=True) if urlsplit(a["href"]).path and ":" not in a["href"]]
    assert len(links) > 10
    for href in links:
        assert not href.startswith("/") and (site / urlsplit(href).path).is_file(), href
    # The copy in the zip does not offer a zip it does not hold; it says what the reader has.
    assert not home.find_all("a", href=takeaway.ZIP_PATH)
    assert "This is the whole kit" in squash(home.get_text(" "))


def test_the_zip_is_the_same_bytes_whenever_the_same_site_is_zipped(built, kit, tmp_path):
    zipped = (built / "site" / takeaway.ZIP_PATH).read_bytes()
    with zipfile.ZipFile(built / "site" / takeaway.ZIP_PATH) as archive:
        entries = archive.infolist()
    assert [entry.filename for entry in entries] == sorted(entry.filename for entry in entries)
    assert {entry.date_time for entry in entries} == {build_date().timetuple()[:6]}
    # The same site, copied (new file dates) and with the link as the template wrote it, zips to the same bytes.
    copy = tmp_path / "site"
    shutil.copytree(built / "site", copy)
    (copy / takeaway.ZIP_PATH).unlink()
    home = copy / "index.html"
    home.write_text(
        re.sub(r"<span data-nr-zip-size>[^<]*</span>", takeaway.size_slot(kit.t), home.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    takeaway.write_takeaway(copy, kit.t, kit.settings.language, other_sites=("es",))
    assert (copy / takeaway.ZIP_PATH).read_bytes() == zipped
    assert home.read_bytes() == (built / "site" / "index.html").read_bytes()
