"""The site engine's process: `python -m nextround.engines.site_main KIT`.

It loads MkDocs, then reads one line from standard input: a JSON object
naming a mkdocs.yml (`config`) and the folder to build into (`site_dir`), or
nothing: stop. It builds that site as `mkdocs build --strict --site-dir`
would, through MkDocs' public API, prints MkDocs' messages, and ends with a
line that starts with site.DONE_MARK and says "ok" or "failed".

The theme's Jinja templates are compiled once and kept in KIT/.cache/jinja,
which takes about a fifth off each build of the site. Only the compiling is
kept, never a page, so the site is the same to the byte; mkdocs.yml knows
nothing of it, and any other engine builds the same pages without it.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from nextround.engines.site import DONE_MARK


def main(arguments: list[str]) -> int:
    # Loaded before the pages exist: loading MkDocs is the slow part of starting.
    from mkdocs.commands import build  # noqa: F401
    from mkdocs.config import defaults  # noqa: F401

    line = sys.stdin.readline()
    if not line.strip():
        return 0
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    handler.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        request = json.loads(line)
        for site in request["sites"]:  # one language after another: MkDocs is loaded once for them all
            build_site(Path(site["config"]), Path(site["site_dir"]), Path(arguments[0]) if arguments else None)
    except Exception as exc:  # noqa: BLE001  (reported to the build, which says the site failed)
        print(f"ERROR   -  {exc}", flush=True)
        print(f"{DONE_MARK} failed", flush=True)
        return 1
    print(f"{DONE_MARK} ok", flush=True)
    return 0


def build_site(config_file: Path, site_dir: Path, kit: Path | None) -> None:
    """`mkdocs build --strict --config-file CONFIG_FILE --site-dir SITE_DIR`, through MkDocs' public API.

    This is the one place that depends on how MkDocs runs a build: the
    plugin collection of the loaded config (a mapping, with events) and the
    `on_env` event, MkDocs' documented way to change the theme's Jinja environment.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.plugins import BasePlugin

    config = load_config(config_file=str(config_file), strict=True, site_dir=str(site_dir))
    bytecode_cache = _template_cache(kit) if kit else None
    if bytecode_cache is not None:

        class CompiledTemplates(BasePlugin):
            def on_env(self, env, *, config, files):
                env.bytecode_cache = bytecode_cache
                return env

        config.plugins["nextround/compiled-templates"] = CompiledTemplates()
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def _template_cache(kit: Path):
    from nextround.compiled import template_cache
    from nextround.fingerprint import SITE_TOOLS, tool_versions

    return template_cache(kit, "site", tool_versions(SITE_TOOLS))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
