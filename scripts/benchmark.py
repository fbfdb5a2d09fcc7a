"""How fast does the kit build? Run through scripts/bench, which sets up .venv first.

In a scratch copy of the kit, times `nextround build --language en` (the English
kit, which the targets are for) from nothing (cold), again with nothing changed
(no-op), and after one checklist item's text changed (edit), and in the same
rounds the two floors: a bare `mkdocs build` of the same generated pages, and
WeasyPrint rendering the same print HTML (every sheet, and both packs' covers
and contents) one file after another in one process. Each round also times,
from nothing, the Spanish kit alone and the whole kit in every language (what
`./scripts/build` makes); those are reported, with no target.
Prints each round's times on standard error, a table with PASS or FAIL per
target, and last one JSON line for scripts. Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

# The targets, as fractions of what they are measured against.
COLD_VS_FLOORS = 0.8
NOOP_VS_COLD = 0.25
EDIT_VS_COLD = 0.5
PEAK_RSS_MB = 500

# Renders print HTML files one after another in one process. Importing
# nextround's own code is timed apart and left out, so the floor is WeasyPrint's.
FLOOR_RENDERER = """
import json, sys, time
started = time.perf_counter()
from nextround.render import pdf
imported = time.perf_counter()
for fields in json.load(open(sys.argv[1])):
    fields["html"] = open(fields.pop("html_file"), encoding="utf-8").read()
    pdf.render_pdf(pdf.PdfJob(**fields))
print(imported - started)
"""


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr}")
    return result


def timed(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    result = run(command, cwd)
    return time.perf_counter() - started, result


def build_command(out: Path, *languages: str) -> list[str]:
    """The build of the kit in these languages (every language of the kit when none is given)."""
    chosen = [option for code in languages for option in ("--language", code)]
    return [sys.executable, "-m", "nextround", "build", "--out", str(out), "--quiet", *chosen]


def tree_rss_mb(pid: int) -> float:
    """The resident memory of a process and all its descendants, in MB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/statm") as statm:
                rss[int(entry)] = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack.extend(children.get(current, []))
    return total / 1e6


def peak_rss_of_build(kit: Path, out: Path) -> float:
    """Run a cold build and sample its process tree's memory every 20 ms (untimed: sampling costs CPU)."""
    shutil.rmtree(kit / ".cache", ignore_errors=True)
    process = subprocess.Popen(build_command(out), cwd=kit, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, tree_rss_mb(process.pid))
        time.sleep(0.02)
    if process.returncode != 0:
        sys.exit(f"the build failed:\n{process.stderr.read().decode()}")
    return peak


def scratch_kit(parent: Path) -> Path:
    kit = parent / "kit"
    for part in ("content", "worksheets", "groups"):
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, kit / part)
    shutil.copy(ROOT / "mkdocs.yml", kit)
    return kit


class ItemEditor:
    """Changes one checklist item's text in the scratch kit, to something new each time."""

    def __init__(self, kit: Path):
        from nextround.load.loader import load_content

        content = load_content(kit)
        for checklist in content.of_kind("checklist"):
            self.path = content.sources[checklist.id].path
            self.text = checklist.groups[0].items[0].text
            if self.text in self.path.read_text(encoding="utf-8"):
                break
        else:
            sys.exit("found no checklist item whose text is written on one line")
        self.edits = 0

    def edit(self) -> None:
        self.edits += 1
        new = f"{self.text.rstrip('.')} (edit {self.edits})."
        source = self.path.read_text(encoding="utf-8")
        self.path.write_text(source.replace(self.text, new, 1), encoding="utf-8")
        self.text = new


def write_floor_jobs(kit: Path, folder: Path) -> Path:
    """The print HTML of every PDF the build renders with WeasyPrint, as files, and a list of the jobs that use them.

    That is each sheet, its large-print copy and each run-sheet (render.jobs, the build's own list), and both
    packs' covers and contents with the page numbers the build gives them (from the sheets in kit/dist); the packs
    themselves are joined from those PDFs, which is the kit's own work, not WeasyPrint's.
    """
    from nextround.compose import load_kit
    from nextround.render import jobs as build_jobs
    from nextround.render import pack as workshop_pack
    from nextround.render import packjoin

    content = load_kit(kit)
    build_jobs.make_folders(folder / "pdf")
    worksheets = kit / "worksheets"
    covers = []
    for pack in workshop_pack.join_jobs(content, worksheets, folder, folder / "pdf"):
        built = [str(kit / "dist" / Path(sheet).relative_to(folder)) for sheet in pack.sheets]
        covers.append(packjoin.cover_job(pack, packjoin.page_counts(built), packjoin.FRONT_PAGES_GUESS))
    jobs = []
    for job in [*build_jobs.pdf_jobs(content, worksheets, folder / "pdf"), *covers]:
        fields = dataclasses.asdict(job)
        html_file = folder / f"{job.item_id.replace('/', '--')}.html"
        html_file.write_text(fields.pop("html"), encoding="utf-8")
        jobs.append({**fields, "html_file": str(html_file)})
    listing = folder / "jobs.json"
    listing.write_text(json.dumps(jobs), encoding="utf-8")
    return listing


def median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds to take the median of (default 5)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="nextround-bench-") as scratch:
        kit = scratch_kit(Path(scratch))
        out = kit / "dist"
        editor = ItemEditor(kit)
        times: dict[str, list[float]] = {
            "cold": [],
            "noop": [],
            "edit": [],
            "mkdocs": [],
            "weasyprint": [],
            "cold_es": [],
            "cold_all": [],
        }
        floor_jobs = None
        # An untimed first build: it brings the tools into the system's file cache, which a
        # first run on a fresh machine otherwise pays for in whichever measurement comes first.
        print("warming up", file=sys.stderr, flush=True)
        run(build_command(out, "en"), kit)
        for round_number in range(1, args.runs + 1):
            print(f"round {round_number} of {args.runs}", file=sys.stderr, flush=True)
            shutil.rmtree(kit / ".cache", ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
            times["cold"].append(timed(build_command(out, "en"), kit)[0])
            times["noop"].append(timed(build_command(out, "en"), kit)[0])
            editor.edit()
            times["edit"].append(timed(build_command(out, "en"), kit)[0])
            for name, languages in (("cold_es", ["es"]), ("cold_all", [])):
                shutil.rmtree(kit / ".cache", ignore_errors=True)
                other = Path(scratch) / f"dist-{name}"
                shutil.rmtree(other, ignore_errors=True)
                times[name].append(timed(build_command(other, *languages), kit)[0])

            config = kit / ".generated" / "default" / "mkdocs.yml"
            floor_site = Path(scratch) / "floor-site"
            times["mkdocs"].append(
                timed(
                    [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config), "-d", str(floor_site)], kit
                )[0]
            )
            if floor_jobs is None:
                floor_jobs = write_floor_jobs(kit, Path(scratch) / "floor-pdf")
            seconds, result = timed([sys.executable, "-c", FLOOR_RENDERER, str(floor_jobs)], kit)
            times["weasyprint"].append(seconds - float(result.stdout.strip().splitlines()[-1]))

        peak = peak_rss_of_build(kit, Path(scratch) / "rss-dist")
        pdfs = len([p for p in out.rglob("*.pdf") if "site" not in p.relative_to(out).parts])
        pages = len(list((kit / ".generated" / "default" / "docs").rglob("*.md")))

    # Each round as well as the medians: how far the rounds spread says how busy the machine was.
    print(
        f"seconds in each round: {json.dumps({name: [round(t, 2) for t in values] for name, values in times.items()})}",
        file=sys.stderr,
    )
    summary = {
        "cold_s": median(times["cold"]),
        "noop_s": median(times["noop"]),
        "edit_s": median(times["edit"]),
        "floor_mkdocs_s": median(times["mkdocs"]),
        "floor_weasyprint_s": median(times["weasyprint"]),
        "cold_es_s": median(times["cold_es"]),
        "cold_all_s": median(times["cold_all"]),
        "peak_rss_mb": round(peak),
        "pdfs": pdfs,
        "pages": pages,
    }
    floors = summary["floor_mkdocs_s"] + summary["floor_weasyprint_s"]
    checks = [
        ("cold build", summary["cold_s"], COLD_VS_FLOORS * floors, f"{COLD_VS_FLOORS} x (mkdocs + WeasyPrint floors)"),
        ("no-op rebuild", summary["noop_s"], NOOP_VS_COLD * summary["cold_s"], f"{NOOP_VS_COLD} x cold"),
        ("one-item edit", summary["edit_s"], EDIT_VS_COLD * summary["cold_s"], f"{EDIT_VS_COLD} x cold"),
    ]
    print(
        f"Next Round build benchmark, the English kit: {pdfs} PDFs, {pages} pages, {os.cpu_count()} cores, "
        f"median of {args.runs} runs"
    )
    print(f"{'':<28}{'measured':>10}  {'target':>10}  {'':<36}result")
    passed = True
    for name, value, limit, rule in checks:
        ok = value <= limit
        passed &= ok
        print(f"{name:<28}{value:>9.2f}s  <= {limit:>6.2f}s  {rule:<36}{'PASS' if ok else 'FAIL'}")
    print(f"{'floor: bare mkdocs build':<28}{summary['floor_mkdocs_s']:>9.2f}s")
    print(f"{'floor: WeasyPrint alone':<28}{summary['floor_weasyprint_s']:>9.2f}s")
    print(f"{'cold build, Spanish alone':<28}{summary['cold_es_s']:>9.2f}s  (reported, no target)")
    print(f"{'cold build, every language':<28}{summary['cold_all_s']:>9.2f}s  (reported: what ./scripts/build makes)")
    rss_ok = summary["peak_rss_mb"] <= PEAK_RSS_MB
    passed &= rss_ok
    print(
        f"{'peak RSS of the build tree':<28}{summary['peak_rss_mb']:>8} MB  <= {PEAK_RSS_MB:>5} MB  "
        f"{'':<36}{'PASS' if rss_ok else 'FAIL'}"
    )
    print(json.dumps(summary))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
