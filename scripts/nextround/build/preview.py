"""Live preview: MkDocs serves the generated pages while a watcher regenerates
them from content/ on every save.

MkDocs already rebuilds and reloads the browser when a generated page changes;
this module only keeps the generated pages, PDFs and letters in step with the
YAML, re-rendering just the PDFs whose HTML, styles or fonts changed (with the
same cache as `nextround build`), in this process.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from nextround.build import output, outputs
from nextround.build.cache import BuildCache
from nextround.build.options import BuildOptions, generated_dir
from nextround.compose import load_kit
from nextround.engines.pdf import InProcess
from nextround.engines.processes import ENGINE_ENV
from nextround.errors import ContentError
from nextround.render import jobs, pack, pdf
from nextround.render.site import write_site_source


class PreviewSource:
    """Regenerates the preview's pages and downloads from the kit's sources."""

    def __init__(self, options: BuildOptions, say: Callable[[str], None]):
        self.options = options
        self.say = say
        self.work_dir = generated_dir(options.root, f"serve-{options.work_name}")
        self.written_pdfs: dict[str, str] = {}

    def refresh(self) -> Path:
        """Regenerate everything that changed; the config's path. Raises ContentError on bad content."""
        with output.one_build_at_a_time(self.options.root, self.say):
            language = self.options.languages[0] if self.options.languages else None
            content = load_kit(self.options.root, self.options.group, self.options.paper, language=language)
            config = write_site_source(content, self.work_dir)
            downloads = self.work_dir / "docs" / "downloads"
            cache = BuildCache(self.options.root)
            outputs.write_letters(content, downloads / "letters", cache)
            worksheets = self.options.root / "worksheets"
            jobs.make_folders(downloads / "pdf")
            sheet_jobs = jobs.pdf_jobs(content, worksheets, downloads / "pdf", self.options.start)
            self._update_pdfs(sheet_jobs, pack.join_jobs(content, worksheets, downloads, downloads / "pdf"), cache)
            cache.finish(f"serve {self.work_dir.resolve()}")
        return config

    def _update_pdfs(self, jobs: list[pdf.PdfJob], packs: list, cache: BuildCache) -> None:
        """Bring each PDF, then the packs, up to date. A PDF that is already what its key says is
        not even copied, so the preview does not reload for nothing."""
        runner = InProcess()
        keys = {job.output: cache.pdf_key(job) for job in jobs}
        changed = []
        for job in jobs:
            if self.written_pdfs.get(job.output) == keys[job.output] and Path(job.output).exists():
                cache.used.add(f"pdf/{keys[job.output]}")
            else:
                changed.append(job)
        outputs.finish_sheets(outputs.start_sheets(changed, cache, runner), cache)
        self.written_pdfs.update(keys)
        for joined in packs:
            pack_key = outputs.pack_key(joined, keys, cache)
            if self.written_pdfs.get(joined.output) == pack_key and Path(joined.output).exists():
                cache.used.add(f"pdf/{pack_key}")
            else:
                outputs.make_pack(joined, keys, cache, runner)
                self.written_pdfs[joined.output] = pack_key

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

    os.environ.update(ENGINE_ENV)
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
