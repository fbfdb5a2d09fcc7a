"""What a build is asked to do, and what it did."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class BuildOptions:
    root: Path
    out: Path
    # None: the group's paper size, or A4 without a group.
    paper: str | None = None
    large_print: bool = False
    # When the session starts, HH:MM, for the run-sheets' clock times (None: the group's first session's time).
    start: str | None = None
    jobs: int | None = None
    cache: bool = True
    # A group folder holding group.yml: build the kit as that group sees it.
    group: Path | None = None
    # Where the site will be served (https://…/): MkDocs' site_url, for canonical links and the sitemap.
    site_url: str | None = None
    # Build only these languages of the kit (None: the group's, or every language of the kit).
    languages: list[str] | None = None

    @property
    def work_name(self) -> str:
        """Names this build's folder under .generated/, so a group's pages never mix with the kit's."""
        return f"group-{self.group.resolve().name}" if self.group else "default"


@dataclass
class BuildResult:
    out: Path
    pdfs: list[Path] = field(default_factory=list)
    pack: Path | None = None
    warnings: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    # Nothing changed since the last build into out, so nothing was done.
    up_to_date: bool = False
    # The languages built, the default first: each is a site (the default's at site/, another's at site/<code>/).
    languages: list[str] = field(default_factory=list)


def generated_dir(root: Path, name: str = "default") -> Path:
    """Where a build writes the site's pages and completed mkdocs.yml (git ignores it)."""
    return root / ".generated" / name
