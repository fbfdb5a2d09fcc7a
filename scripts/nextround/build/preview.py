"""Live preview: MkDocs serves the generated pages while a watcher regenerates
them from content/ on every save.

MkDocs already rebuilds and reloads the browser when a generated page changes;
this module only keeps the generated pages, PDFs and letters in step with the
YAML, re-rendering just the PDFs whose HTML, styles or fonts changed (with the
same cache as `nextround build`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from nextround.build import incremental
from nextround.build.assemble import prepare, write_pages
from nextround.build.cache import BuildCache
from nextround.build.pipeline import BuildOptions, generated_dir
from nextround.errors import ContentError
from nextround.render import pack, pdf

# Silences Material 9.8's end-of-life banner, which would bury our messages.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class PreviewSource:
    """Regenerates the preview's pages and downloads from the kit's sources."""

    def __init__(self, options: BuildOptions, say: Callable[[str], None]):
        self.options = options
        self.say = say
        self.work_dir = generated_dir(options.root, f"serve-{options.work_name}")
        self.written_pdfs: dict[str, str] = {}

    def refresh(self) -> Path:
        """Regenerate everything that changed; the config's path. Raises ContentError on bad content."""
        content = prepare(self.options)
        config = write_pages(content, self.options, self.work_dir, self.work_dir / "site")
        downloads = self.work_dir / "docs" / "downloads"
        cache = BuildCache(self.options.root)
        incremental.write_letters(content, downloads / "letters", cache)
        (downloads / "pdf").mkdir(parents=True, exist_ok=True)
        template_dir = self.options.root / "worksheets"
        jobs = pdf.pdf_jobs(content, template_dir, downloads / "pdf")
        joined = pack.join_job(content, template_dir, downloads / f"{pack.PACK_NAME}.pdf", downloads / "pdf")
        incremental.update_pdfs(jobs, cache, self.written_pdfs, pack=joined)
        cache.finish(f"serve {self.work_dir.resolve()}")
        return config

    def watch(self, stop: threading.Event) -> None:
        from watchfiles import watch

        paths = [self.options.root / "content", self.options.root / "worksheets", self.options.root / "mkdocs.yml"]
        if self.options.group:
            paths.append(self.options.group)
        for _changes in watch(*paths, stop_event=stop, debounce=200, step=50):
            self.say("Change seen; regenerating the preview.")
            try:
                self.refresh()
            except ContentError as exc:
                # Keep serving the last good preview until the mistake is fixed.
                self.say(exc.report())


def serve(options: BuildOptions, host: str, port: int, say: Callable[[str], None]) -> None:
    """Serve a live preview until interrupted."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    source = PreviewSource(options, say)
    config = source.refresh()
    stop = threading.Event()
    watcher = threading.Thread(target=source.watch, args=(stop,), daemon=True)
    watcher.start()
    say(f"Serving a live preview on http://{host}:{port}/ (Ctrl+C to stop).")
    try:
        mkdocs_serve(str(config), livereload=True, dev_addr=f"{host}:{port}")
    finally:
        stop.set()
