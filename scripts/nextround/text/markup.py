"""Make user-written text safe to publish in the generated Markdown pages.

Two kinds of text reach the pages. Markdown fields may use Markdown but never
raw HTML, attributes or links that run code: every `<` is escaped (so tags
and scripts show as text), braces are escaped (so `{ onclick=... }` cannot
add attributes), and links are rewritten or dropped. Plain text fields show
exactly as written, even where they land in Markdown (a heading, a table
cell): every character Markdown would act on is escaped.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

from markupsafe import Markup

# The extensions MkDocs runs with the kit's mkdocs.yml (toc, tables and
# fenced_code are always on), so checks here see what the site will publish.
MARKDOWN_EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition"]
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
ITEM_SCHEME = "item"

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_SAFE_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^\s<>\"']+)>", re.IGNORECASE)
_REFERENCE_DEF = re.compile(r"^([ \t]{0,3}(?:>[ \t]*)*\[[^\]]+\]:[ \t]*\n?[ \t]*)(\S+)(.*)$", re.MULTILINE)
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()>#+\-.!|])")
_UNSAFE_TAGS = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "form",
    "input",
    "button",
    "svg",
    "math",
    "link",
    "meta",
    "base",
}


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see in url, lowercased, or None for a relative link.

    Browsers skip leading spaces and control characters and drop tabs and
    line breaks anywhere, so `java\\tscript:` is still `javascript:`.
    """
    cleaned = re.sub(
        r"[\t\n\r]",
        "",
        url.lstrip(
            "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f"
            "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "
        ),
    )
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def is_unsafe_url(url: str) -> bool:
    """True for a link that would run code or load something local (javascript:, data:, file:, ...)."""
    scheme = url_scheme(url)
    return scheme is not None and scheme not in SAFE_SCHEMES and scheme != ITEM_SCHEME


def plain_text(text: str) -> Markup:
    """Plain text for a Markdown context (heading, table cell, list item): shown exactly as written.

    Line breaks become spaces, because these places hold a single line.
    """
    one_line = " ".join(str(text).split())
    # Named entities only: the table of contents shows numeric ones (`&#39;`) as code.
    html = one_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(_MARKDOWN_PUNCTUATION.sub(r"\\\1", html))


def _escape_html(text: str) -> str:
    """Escape `&` and `<` so raw HTML shows as text, keeping `<https://...>` autolinks."""
    parts, position = [], 0
    for match in _SAFE_AUTOLINK.finditer(text):
        parts.append(text[position : match.start()].replace("&", "&amp;").replace("<", "&lt;"))
        parts.append(match.group(0))
        position = match.end()
    parts.append(text[position:].replace("&", "&amp;").replace("<", "&lt;"))
    return "".join(parts)


def _escape_braces(text: str) -> str:
    # attr_list reads `{ ... }` as attributes; escaped braces are shown as braces.
    return text.replace("{", "\\{").replace("}", "\\}")


def inline_links(text: str) -> Iterator[tuple[int, int, int, str]]:
    """(start, close, end, target) of every `[words](target "title")` and `![alt](src)`.

    Brackets and parentheses nest, as Markdown allows, so a target such as
    `javascript:alert(1)` is read whole.
    """
    position = 0
    while True:
        start = text.find("[", position)
        if start < 0:
            return
        close = _matching(text, start, "[", "]")
        if close is None or close + 1 >= len(text) or text[close + 1] != "(":
            position = start + 1
            continue
        end = _matching(text, close + 1, "(", ")")
        if end is None:
            position = start + 1
            continue
        inside = text[close + 2 : end].strip()
        target = inside.split()[0] if inside else ""
        if start > 0 and text[start - 1] == "!":
            start -= 1
        yield start, close, end + 1, target
        position = end + 1


def _matching(text: str, index: int, opening: str, closing: str) -> int | None:
    depth = 0
    i = index
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def safe_markdown(text: str, link_for: Callable[[str], str | None]) -> str:
    """Escape raw HTML and attributes, rewrite `item:ID` links, drop every other unsafe link.

    link_for(id) gives the relative path of an item's page, or None when the
    item is not in this build: the link then becomes its plain words.
    """
    text = _escape_braces(_escape_html(text))

    def rewrite(start: int, close: int, end: int, target: str) -> str:
        words = text[text.index("[", start) + 1 : close]
        if url_scheme(target) == ITEM_SCHEME:
            path = link_for(target[len(ITEM_SCHEME) + 1 :])
            return text[start : close + 2] + text[close + 2 : end].replace(target, path, 1) if path else words
        if url_scheme(target) in SAFE_SCHEMES:
            return text[start:end]
        return words

    parts, position = [], 0
    for start, close, end, target in inline_links(text):
        parts.append(text[position:start])
        parts.append(rewrite(start, close, end, target))
        position = end
    parts.append(text[position:])
    text = "".join(parts)

    def definition(match: re.Match) -> str:
        lead, target, rest = match.groups()
        if url_scheme(target) == ITEM_SCHEME:
            path = link_for(target[len(ITEM_SCHEME) + 1 :])
            return lead + path + rest if path else ""
        return match.group(0) if url_scheme(target) in SAFE_SCHEMES else ""

    text = _REFERENCE_DEF.sub(definition, text)
    if rendered_dangers(text):
        # A construction the rewriting above did not recognise: show every
        # bracket literally rather than publish a link that could run code.
        text = re.sub(r"([\[\]()])", r"\\\1", text)
    return text


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


@functools.lru_cache(maxsize=1)
def _markdown():
    # Setting up the extensions costs more than converting a short field, and
    # reset() makes one converter as good as new.
    import markdown

    return markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)


# What rendering each text found, by a hash of the text. Loading checks every
# Markdown field's links and writing the site checks what it will publish (most
# often the same text), and from one build to the next almost every field is
# unchanged, so each text is rendered once and remembered between builds
# (recall_renders, keep_renders). Rendering is most of the work of loading.
_found: dict[str, list] = {}
_asked: set[str] = set()


def recall_renders(path: Path) -> None:
    """Start from what earlier builds' renders found, kept in path; without it, every text is rendered."""
    with contextlib.suppress(OSError, ValueError):
        _found.update(json.loads(path.read_text(encoding="utf-8")))


def keep_renders(path: Path) -> None:
    """Keep in path what the renders of every text asked about since starting found, for the next build."""
    kept = {key: _found[key] for key in sorted(_asked) if key in _found}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        partial.write_text(json.dumps(kept), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        pass  # the next build renders again: slower, never wrong


def _render(text: str) -> tuple[tuple[tuple[str, dict[str, str]], ...], tuple[str, ...]]:
    """The tags python-markdown makes of text, and the targets of its reference definitions."""
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    _asked.add(key)
    if key not in _found:
        md = _markdown()
        md.reset()
        collector = _Collector()
        collector.feed(md.convert(text))
        collector.close()
        _found[key] = [collector.tags, [url for url, _title in md.references.values()]]
    tags, references = _found[key]
    return tuple((tag, attrs) for tag, attrs in tags), tuple(references)


def rendered_dangers(text: str) -> list[str]:
    """What in this (already escaped) Markdown would be unsafe once published: script tags,
    event-handler attributes, links with a scheme other than http(s), mailto, tel or item."""
    tags, references = _render(text)
    found = [f"<{tag}>" for tag, _ in tags if tag in _UNSAFE_TAGS]
    for _tag, attrs in tags:
        found += [name for name in attrs if name.lower().startswith("on")]
        found += [attrs[name] for name in ("href", "src") if name in attrs and is_unsafe_url(attrs[name])]
    found += [url for url in references if is_unsafe_url(url)]
    return found


def link_targets(text: str) -> list[str]:
    """Every link and image target a Markdown field would publish, reference definitions included."""
    tags, references = _render(_escape_braces(_escape_html(text)))
    found = [attrs[name] for _, attrs in tags for name in ("href", "src") if name in attrs]
    return found + [url for url in references if url not in found]
