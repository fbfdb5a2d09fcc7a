"""MkDocs, started before it is needed: `python -m nextround.engines.site_main [KIT]` loads
MkDocs and the theme's plugins and Markdown extensions, then reads a line from
standard input: the arguments of `mkdocs build`, as JSON, or nothing to stop.

The build starts it first, so loading MkDocs overlaps loading the content.
What runs is MkDocs' own `mkdocs build` command, so its output and its
`--strict` checks are exactly those of `mkdocs build` run by hand.

With KIT (the kit's folder), the theme's templates are compiled once and kept
in KIT/.cache/jinja, which takes about a fifth off each build of the site.
Only the compiling is kept, never a page, so the site is the same to the byte;
mkdocs.yml knows nothing of it, and any other engine builds the same pages
without it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


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

    if len(sys.argv) > 1:
        _keep_compiled_templates(Path(sys.argv[1]))
    line = sys.stdin.readline()
    if not line.strip():
        return 0
    try:
        cli.main(args=json.loads(line), prog_name="mkdocs", standalone_mode=False)
    except Exception as exc:  # noqa: BLE001  (reported to the build, which says the site failed)
        print(f"ERROR    -  {exc}", file=sys.stderr)
        return 1
    return 0


def _keep_compiled_templates(kit: Path) -> None:
    """Give the theme's Jinja environment a bytecode cache, through MkDocs' own `on_env` event.

    The event is MkDocs' documented way to change that environment; the
    object that answers it is added to the configuration as `mkdocs build`
    loads it, so it exists in this process only.
    """
    from mkdocs import config
    from mkdocs.plugins import BasePlugin

    from nextround.compiled import template_cache
    from nextround.fingerprint import SITE_TOOLS, tool_versions

    bytecode_cache = template_cache(kit, "site", tool_versions(SITE_TOOLS))
    if bytecode_cache is None:
        return

    class CompiledTemplates(BasePlugin):
        def on_env(self, env, *, config, files):
            env.bytecode_cache = bytecode_cache
            return env

    load_config = config.load_config

    def load_config_keeping_templates(*args, **kwargs):
        loaded = load_config(*args, **kwargs)
        loaded.plugins["nextround/compiled-templates"] = CompiledTemplates()
        return loaded

    config.load_config = load_config_keeping_templates


if __name__ == "__main__":
    code = main()
    # The build waits for this process to end. Everything is written and closed,
    # and tearing the interpreter down (MkDocs, Material, Markdown, Jinja) would
    # take another tenth of a second, so it ends at once.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
