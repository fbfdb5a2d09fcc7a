"""MkDocs, started before it is needed: `python -m nextround.siteengine` loads
MkDocs and the theme's plugins and Markdown extensions, then reads a line from
standard input: the arguments of `mkdocs build`, as JSON, or nothing to stop.

The build starts it first, so loading MkDocs overlaps loading the content.
What runs is MkDocs' own `mkdocs build` command, so its output and its
`--strict` checks are exactly those of `mkdocs build` run by hand.
"""
from __future__ import annotations

import json
import sys


def main() -> int:
    import markdown.extensions.admonition  # noqa: F401  (each import here only moves its cost earlier)
    import markdown.extensions.attr_list  # noqa: F401
    import markdown.extensions.md_in_html  # noqa: F401
    import markdown.extensions.tables  # noqa: F401
    import markdown.extensions.toc  # noqa: F401
    import material.plugins.search.plugin  # noqa: F401
    import mkdocs.commands.build  # noqa: F401
    import mkdocs.config.defaults  # noqa: F401
    from mkdocs.__main__ import cli

    line = sys.stdin.readline()
    if not line.strip():
        return 0
    try:
        cli.main(args=json.loads(line), prog_name="mkdocs", standalone_mode=False)
    except Exception as exc:  # noqa: BLE001  (reported to the build, which says the site failed)
        print(f"ERROR    -  {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
