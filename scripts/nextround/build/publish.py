"""`nextround publish`: the kit and every group as one folder for any static host.

    check the kit and every group → build each with the normal pipeline →
    assemble DIR (the kit at its root, each group at groups/NAME/) → swap it into place

Each site is built by `pipeline.build` into its own folder under
.generated/publish/, so the cache is shared between them and a site whose
inputs did not change is up to date at once. DIR is then assembled in a
staging folder beside it and swapped in like a build's output, so a mistake in
any group leaves the last published folder exactly as it was.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nextround.build import output
from nextround.build.options import BuildOptions
from nextround.build.pipeline import build
from nextround.errors import BuildError, ContentError, display_path

GROUPS_DIR = "groups"
# Written into DIR, so that a later publish knows the folder is its own to replace.
MARKER = ".nextround-publish.json"


@dataclass
class PublishResult:
    out: Path
    groups: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def find_groups(root: Path) -> list[Path]:
    """Every folder under groups/ that holds a group.yml, by name."""
    from nextround.model.group import group_file

    folder = root / GROUPS_DIR
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.is_dir() and group_file(path).is_file())


def site_urls(site_url: str | None, groups: list[Path]) -> dict[str, str | None]:
    """Where each site is served: the kit at the address, each group at groups/NAME/ under it."""
    if not site_url:
        return {"": None, **{group.name: None for group in groups}}
    if not site_url.startswith(("https://", "http://")):
        raise BuildError(
            f"--site-url {site_url}: give the whole address the sites will be served from, "
            "starting with https://, for example https://you.github.io/next-round/."
        )
    base = site_url.rstrip("/") + "/"
    return {"": base, **{group.name: f"{base}{GROUPS_DIR}/{group.name}/" for group in groups}}


def publish(
    root: Path,
    out: Path,
    site_url: str | None = None,
    say: Callable[[str], None] = lambda _: None,
    jobs: int | None = None,
    cache: bool = True,
) -> PublishResult:
    output.check_out_folder(out, root, earlier=MARKER)
    groups = find_groups(root)
    _check_names(groups)
    urls = site_urls(site_url, groups)
    _check_everything(root, groups)
    work = root / ".generated" / "publish"
    result = PublishResult(out.resolve(), groups=[group.name for group in groups])
    with output.staged(out) as staging:
        for name, url in urls.items():
            group = root / GROUPS_DIR / name if name else None
            say(f"Publishing group {name}" if name else "Publishing the kit")
            options = BuildOptions(
                root, work / (f"group-{name}" if name else "kit"), jobs=jobs, cache=cache, group=group, site_url=url
            )
            built = build(options, say)
            result.warnings += built.warnings
            shutil.copytree(built.out / "site", staging / GROUPS_DIR / name if name else staging, dirs_exist_ok=True)
        (staging / MARKER).write_text(json.dumps({"groups": result.groups}), encoding="utf-8")
    return result


def _check_names(groups: list[Path]) -> None:
    from nextround.compose.scaffold import GROUP_NAME

    for group in groups:
        if not GROUP_NAME.match(group.name):
            suggestion = "-".join("".join(c if c.isalnum() else " " for c in group.name.lower()).split()) or "my-group"
            raise BuildError(
                f"{display_path(group)}: this folder's name becomes part of the group's web address "
                f"({GROUPS_DIR}/{group.name}/), so it may only hold lowercase letters and digits joined by hyphens. "
                f"Rename the folder, for example to `{suggestion}`."
            )


def _check_everything(root: Path, groups: list[Path]) -> None:
    """Load the kit and every group before building anything, so every mistake is reported at once."""
    from nextround.compose import load_kits

    problems = []
    for group in [None, *groups]:
        try:
            load_kits(root, group)
        except ContentError as error:
            problems += error.problems
            if group is None:
                break  # every group would repeat the kit's own mistakes
    if problems:
        raise ContentError(problems)
