"""The site engine: MkDocs in its own process (see site_main), started before the pages exist."""

from __future__ import annotations

import json
import threading
from concurrent.futures import Future
from pathlib import Path

from nextround.engines import processes
from nextround.errors import BuildError

# What site_main prints when the build has ended, before it tears down.
DONE_MARK = "nextround-site-engine:"
# Lines MkDocs prints that say nothing about this build.
NOISE = ("INFO",)


class SiteEngine:
    """MkDocs, loading in its own process from the moment this is made; build() hands it the pages.

    A context manager: leaving the block stops the engine, whatever happened.
    """

    def __init__(self, kit: Path, long_pole: bool):
        self.process = processes.start("nextround.engines.site_main", str(kit), cwd=kit, long_pole=long_pole)

    def __enter__(self) -> SiteEngine:
        return self

    def __exit__(self, *_exc) -> None:
        processes.stop(self.process)

    def cancel(self) -> None:
        """Stop the engine unused (the site came from the cache)."""
        processes.stop(self.process)

    def build(self, sites: list[tuple[Path, Path]]) -> Future:
        """Build each site, (mkdocs.yml, site_dir), one after the other; a future of MkDocs' warnings,
        or of a BuildError."""
        result: Future = Future()
        request = {"sites": [{"config": str(config), "site_dir": str(site_dir)} for config, site_dir in sites]}
        try:
            self.process.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
            self.process.stdin.close()
        except BrokenPipeError:
            pass  # the engine failed to start; what it printed says why
        threading.Thread(target=self._collect, args=(result,), daemon=True).start()
        return result

    def _collect(self, result: Future) -> None:
        try:
            self._read_outcome(result)
        except (OSError, ValueError):  # the build stopped the engine before it finished
            if not result.done():
                result.set_exception(BuildError("The site engine was stopped before it finished."))

    def _read_outcome(self, result: Future) -> None:
        lines, succeeded = [], False
        for raw in self.process.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if line.startswith(DONE_MARK):
                succeeded = line[len(DONE_MARK) :].strip() == "ok"
                break
            lines.append(line)
        # Done: the engine is stopped rather than left to tear its interpreter down.
        processes.stop(self.process)
        messages = [line for line in lines if line.strip() and not line.lstrip().startswith(NOISE)]
        if succeeded:
            result.set_result(messages)
            return
        result.set_exception(
            BuildError(
                "The site build stopped, so nothing was replaced. MkDocs runs in strict mode: any warning, "
                "such as a broken link or a page missing from the navigation, stops the build. "
                "Fix what it reports below (most often in mkdocs.yml), then build again.\n"
                + "\n".join(messages or lines[-20:])
            )
        )
