"""The site on a phone: a home-screen manifest with icons, and a service worker that keeps it offline.

`app_files` are written with the pages (the manifest names the kit's or the
group's title and colour; the icons are drawn here, no file fetched).
`write_service_worker` runs once MkDocs has built the site, as only then are
its files known: sw.js precaches every one of them but the downloads (PDFs,
letters), which it keeps once opened. Its cache is named by a hash of the
files, so a new build installs a whole new copy beside the old one, and the
old one is deleted only when no open page uses it: pages never mix builds.
assets/webapp.js registers it, over http(s) only.
"""

from __future__ import annotations

import hashlib
import io
import json
from functools import cache
from pathlib import Path

from nextround.model.content import Content

MANIFEST = "manifest.webmanifest"
SERVICE_WORKER = "sw.js"
ICON_SIZES = (192, 512)
# The kit's own colour: --md-primary-fg-color in theme/assets/nextround.css.
KIT_COLOUR = "#1f4e79"
# Not precached: the downloads (kept once opened), the worker itself, a copy of the sitemap, source maps.
NOT_PRECACHED = ("downloads/", SERVICE_WORKER, "sitemap.xml.gz")
NOT_PRECACHED_SUFFIXES = (".map",)


def icon_path(size: int) -> str:
    return f"assets/icons/icon-{size}.png"


def app_files(content: Content) -> dict[str, str | bytes]:
    """The manifest and its icons, by path in the site."""
    title = content.settings.title
    colour = (content.group.branding.colour if content.group else None) or KIT_COLOUR
    manifest = {
        "name": title,
        "short_name": title if len(title) <= 12 else title.split()[0][:12],
        "description": content.settings.tagline,
        "lang": content.settings.language,
        "start_url": "index.html",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": colour,
        "icons": [
            {"src": icon_path(size), "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any maskable"}
            for size in ICON_SIZES
        ],
    }
    files: dict[str, str | bytes] = {MANIFEST: json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"}
    for size in ICON_SIZES:
        files[icon_path(size)] = icon(size, colour, title[:1])
    return files


@cache
def icon(size: int, colour: str, letter: str) -> bytes:
    """A square of the colour with the title's first letter in white (when the print font has it)."""
    from fontpkg_atkinson_hyperlegible import ROOT
    from PIL import Image, ImageDraw, ImageFont

    from nextround.render.fonts import print_font_chars

    image = Image.new("RGB", (size, size), colour)
    if letter and ord(letter) in print_font_chars() and not letter.isspace():
        font = ImageFont.truetype(str(ROOT / "files" / "AtkinsonHyperlegible-Bold.ttf"), round(size * 0.6))
        # Maskable icons keep their middle 80 %: the letter sits well inside it.
        ImageDraw.Draw(image).text((size / 2, size / 2), letter, fill="#ffffff", font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def write_service_worker(site_dir: Path, other_sites: tuple[str, ...] = ()) -> None:
    """Write site_dir/sw.js, precaching every file of the built site but the downloads, and but the
    folders of other_sites (another language's site, with its own worker, sits in a folder of this one)."""
    digest = hashlib.sha256()
    files = []
    skipped = NOT_PRECACHED + tuple(f"{folder}/" for folder in other_sites)
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir).as_posix()
        if path.is_file() and not relative.startswith(skipped) and not relative.endswith(NOT_PRECACHED_SUFFIXES):
            files.append(relative)
            digest.update(relative.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    template = (Path(__file__).parent / "theme" / "sw.js").read_text(encoding="utf-8")
    script = template.replace("__BUILD__", json.dumps(digest.hexdigest()[:16]))
    script = script.replace("__FILES__", json.dumps(files, indent=0))
    (site_dir / SERVICE_WORKER).write_text(script, encoding="utf-8")
