"""The `nextround` command line: a thin layer over the build stages."""

from __future__ import annotations

import json
import re
import sys
import traceback
from enum import StrEnum
from pathlib import Path

import typer

# Only what `build` needs before it starts its engines: each command loads the rest itself.
from nextround.build.options import BuildOptions
from nextround.build.progress import Reporter
from nextround.engines.processes import Stopped, stopped_on_exit
from nextround.errors import BuildError, ContentError

app = typer.Typer(
    help="Build the Next Round kit: a searchable site and printable PDF worksheets from one set of YAML files.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_state = {"debug": False}


class Paper(StrEnum):
    a4 = "a4"
    letter = "letter"


def _root() -> Path:
    return Path.cwd()


def _err(text: str) -> None:
    typer.echo(text, err=True)


@app.callback()
def _options(debug: bool = typer.Option(False, "--debug", help="Show a full traceback when something fails.")) -> None:
    _state["debug"] = debug


_GROUP_HELP = "A group folder holding group.yml: build the kit as that group sees it."
_PAPER_HELP = "Paper size of every PDF (default: the group's, or a4)."


@app.command("build")
def build_command(
    out: Path = typer.Option(Path("dist"), "--out", help="Folder to build into."),
    group: Path | None = typer.Option(None, "--group", help=_GROUP_HELP),
    paper: Paper | None = typer.Option(None, "--paper", help=_PAPER_HELP),
    large_print: bool = typer.Option(False, "--large-print", help="Bigger text and more room to write in every PDF."),
    start: str | None = typer.Option(
        None,
        "--start",
        help="When the session starts, as HH:MM (24-hour clock), for the run-sheets' times "
        "(default: the time of the group's first session, else times count from 0:00).",
    ),
    jobs: int | None = typer.Option(None, "--jobs", min=1, help="PDF worker processes (default: one per core)."),
    quiet: bool = typer.Option(False, "--quiet", help="Print nothing but errors."),
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Render everything afresh instead of reusing unchanged outputs from .cache/."
    ),
    language: list[str] | None = typer.Option(
        None,
        "--language",
        help="Build only this language, for example `en`; give it again for more "
        "(default: the group's languages, else every language of the kit).",
    ),
) -> None:
    """Build the site and the PDFs into OUT (default: dist/), in every language of the kit."""
    from nextround.build.pipeline import build

    if start is not None and not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", start):
        raise typer.BadParameter(
            f"'{start}' is not a time; write it as HH:MM, for example 09:30.", param_hint="--start"
        )
    say = Reporter.for_output(quiet)
    options = BuildOptions(
        _root(),
        out,
        paper.value if paper else None,
        large_print,
        start,
        jobs,
        cache=not no_cache,
        group=group,
        languages=language or None,
    )
    result = build(options, say)
    if result.up_to_date:
        say(
            f"Nothing has changed since the last build into {result.out}, so it is up to date. "
            "Use --no-cache to build it again."
        )
        return
    for warning in result.warnings:
        _err(f"warning: {warning}")
    default, *others = result.languages
    also = "".join(f", {code} in {code}/" for code in others)
    say(
        f"Built the site in {result.out / 'site'} and {len(result.pdfs)} PDFs in {result.out / 'pdf'} "
        f"({default}{also}; {len(result.rendered)} rendered, {len(result.reused)} unchanged)."
    )


@app.command("publish")
def publish_command(
    out: Path = typer.Option(Path("public"), "--out", help="Folder to assemble the sites in."),
    site_url: str | None = typer.Option(
        None,
        "--site-url",
        envvar="NEXTROUND_SITE_URL",
        help="Where the folder will be served, e.g. https://you.github.io/next-round/: "
        "for canonical links and the sitemap.",
    ),
    jobs: int | None = typer.Option(None, "--jobs", min=1, help="PDF worker processes (default: one per core)."),
    quiet: bool = typer.Option(False, "--quiet", help="Print nothing but errors."),
) -> None:
    """Build the kit and every group under groups/ into one folder for any static host (default: public/)."""
    from nextround.build.publish import publish

    say = Reporter.for_output(quiet)
    result = publish(_root(), out, site_url, say, jobs=jobs)
    for warning in result.warnings:
        _err(f"warning: {warning}")
    groups = ", ".join(f"groups/{name}/" for name in result.groups) or "no groups"
    say(f"Published the kit in {result.out} ({groups}). Upload the whole folder to any static host.")


@app.command("serve")
def serve_command(
    port: int = typer.Option(8000, "--port", help="Port to serve on."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to serve on."),
    group: Path | None = typer.Option(None, "--group", help=_GROUP_HELP),
    paper: Paper | None = typer.Option(None, "--paper", help=_PAPER_HELP),
    language: str | None = typer.Option(
        None, "--language", help="The language to preview, for example `es` (default: the build's first)."
    ),
) -> None:
    """Serve a live preview; edits under content/ (and the group folder) show within a couple of seconds."""
    from nextround.build.preview import serve

    options = BuildOptions(
        _root(), Path("dist"), paper.value if paper else None, group=group, languages=[language] if language else None
    )
    serve(options, host, port, typer.echo)


@app.command("check")
def check_command(
    group: Path | None = typer.Option(None, "--group", help="Also check this group folder's group.yml and content/."),
) -> None:
    """Check every content file, every translation (and a group's files) without building anything."""
    from nextround.compose import load_kits

    kits = load_kits(_root(), group, strict=True)
    languages = ", ".join(kit.language for kit in kits)
    typer.echo(f"All {len(kits[0].items)} items are valid, in every language of the build ({languages}).")


@app.command("new-group")
def new_group_command(
    name: str = typer.Argument(..., help="A short name for the group folder, for example `riverside`."),
    folder: Path = typer.Option(Path("groups"), "--in", help="Where to make the group folder."),
) -> None:
    """Make groups/NAME/group.yml: a commented starting point that builds as it is."""
    from nextround.compose.scaffold import new_group

    path = new_group(folder, name, _root())
    typer.echo(f"Wrote {path}. Edit it, then run: nextround build --group {path.parent} --out dist/{name}")


@app.command("list")
def list_command(as_json: bool = typer.Option(False, "--json", help="Print a JSON array instead of a table.")) -> None:
    """List every item with its id, kind and title."""
    from nextround.compose import load_kit
    from nextround.model.items import KINDS

    content = load_kit(_root())
    rows = [
        {"id": item.id, "kind": item.kind, "title": item.title, "covers": list(item.covers)}
        for kind in KINDS
        for item in content.of_kind(kind)
    ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    width = max(len(r["id"]) for r in rows) if rows else 2
    for row in rows:
        typer.echo(f"{row['id']:<{width}}  {row['kind']:<11}  {row['title']}")


@app.command("coverage")
def coverage_command() -> None:
    """Show which items cover each point of the content brief; exit 1 if any point is uncovered."""
    from nextround.compose import load_kit
    from nextround.model.coverage import coverage_map

    content = load_kit(_root())
    covered = coverage_map(content)
    for point, ids in covered.items():
        typer.echo(f"{point}  {', '.join(ids) if ids else 'NOT COVERED'}")
    missing = [point for point, ids in covered.items() if not ids]
    if missing:
        _err(
            f"{len(missing)} point(s) of the brief are not covered: {', '.join(missing)}. "
            "Add them to an item's `covers:` list."
        )
        raise typer.Exit(1)


@app.command("schema")
def schema_command(
    out: Path = typer.Option(Path("content/schema.json"), "--out", help="Where to write the JSON Schema."),
    group_out: Path | None = typer.Option(
        None,
        "--group-out",
        help="Where to write the JSON Schema of group.yml.",
        show_default="content/group.schema.json",
    ),
    translation_out: Path | None = typer.Option(
        None,
        "--translation-out",
        help="Where to write the JSON Schema of translation files.",
        show_default="content/translation.schema.json",
    ),
) -> None:
    """Write the JSON Schemas that editors use to check content, group and translation files as you type."""
    from nextround.model.group import GROUP_SCHEMA_NAME
    from nextround.model.reference import (
        TRANSLATION_SCHEMA_NAME,
        group_schema_text,
        json_schema_text,
        translation_schema_text,
    )

    group_out = group_out or Path("content") / GROUP_SCHEMA_NAME
    translation_out = translation_out or Path("content") / TRANSLATION_SCHEMA_NAME
    written = (
        ("--out", out, json_schema_text()),
        ("--group-out", group_out, group_schema_text()),
        ("--translation-out", translation_out, translation_schema_text()),
    )
    for option, path, text in written:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise BuildError(
                f"{option} {path}: the schema cannot be written there ({exc.strerror or exc}). "
                "Choose a file in a folder you may write to."
            ) from exc
    typer.echo(f"Wrote {out}, {group_out} and {translation_out}.")


def main() -> None:
    try:
        with stopped_on_exit():
            # Typer hands back the exit code of a command that raised typer.Exit, and 130 for Ctrl+C.
            code = app(standalone_mode=False)
        if code == 130:
            _err("Stopped; the last good build is left as it was.")
        if isinstance(code, int) and code:
            sys.exit(code)
    except Stopped as exc:
        _err("Stopped; the last good build is left as it was.")
        sys.exit(exc.exit_code)
    except (ContentError, BuildError) as exc:
        _fail(exc, exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        _err("Stopped.")
        sys.exit(1)
    except KeyboardInterrupt:
        _err("Stopped.")
        sys.exit(130)
    except Exception as exc:  # the last line of defence: no user should see a bare traceback
        if _state["debug"]:
            traceback.print_exc()
        else:
            # Typer carries its own copy of click, so its usage errors are caught by Typer's base class.
            if isinstance(exc, typer.exceptions.TyperException) and hasattr(exc, "show"):
                # A mistake on the command line is not a content error: exit 1, never 2.
                exc.show()
                sys.exit(1)
            _err(
                f"Something went wrong that nextround did not expect: {exc}. "
                "Run again with --debug for details, and report it if it persists."
            )
        sys.exit(1)


def _fail(exc: Exception, code: int) -> None:
    if _state["debug"]:
        traceback.print_exc()
    _err(exc.report() if isinstance(exc, ContentError) else str(exc))
    sys.exit(code)
