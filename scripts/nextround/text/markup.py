"""Make user-written text safe to publish in the generated Markdown pages.

Two kinds of text reach the pages. Markdown fields may use Markdown but never
raw HTML, attributes or links that run code: every `<` is escaped (so tags
and scripts show as text), braces are escaped (so `{ onclick=... }` cannot
add attributes), and links are rewritten or dropped. Plain text fields show
exactly as written, even where they land in Markdown (a heading, a table
cell): every character Markdown would act on is escaped.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser

from markupsafe import Markup

# MkDocs always runs these, before those mkdocs.yml lists (its `builtins`).
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
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
    return escape_markdown(" ".join(str(text).split()))


def escape_markdown(text: str) -> Markup:
    """Text shown exactly as written in Markdown, its spaces and line breaks kept as they are."""
    # Named entities only: the table of contents shows numeric ones (`&#39;`) as code.
    html = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
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


def mkdocs_markdown_settings(config: dict) -> tuple[list[str], dict[str, dict]]:
    """The Markdown extensions, in order, and their options that MkDocs runs with this mkdocs.yml.

    As MkDocs reads `markdown_extensions`: a list of names and one-key
    `{name: {options}}` mappings, or one mapping of names to options, after
    its builtins, each name once. What MkDocs would refuse is left out here;
    the site build reports it.
    """
    listed = config.get("markdown_extensions") or []
    entries = list(listed.items()) if isinstance(listed, dict) else []
    if isinstance(listed, list):
        for entry in listed:
            if isinstance(entry, str):
                entries.append((entry, None))
            elif isinstance(entry, dict) and len(entry) == 1:
                entries.append(next(iter(entry.items())))
    names = list(MKDOCS_BUILTIN_EXTENSIONS)
    configs: dict[str, dict] = {}
    for name, options in entries:
        if not isinstance(name, str):
            continue
        if name not in names:
            names.append(name)
        if isinstance(options, dict) and options:
            configs[name] = options
    return names, configs


# The extensions and options Markdown fields are rendered with: the loader sets
# them from the kit's mkdocs.yml (use_markdown_settings), so checks here see
# what the site will publish. Until then, MkDocs' builtins alone.
_settings: tuple[list[str], dict[str, dict]] = (list(MKDOCS_BUILTIN_EXTENSIONS), {})
_settings_key = json.dumps(_settings, sort_keys=True, default=str)


def use_markdown_settings(extensions: list[str], configs: dict[str, dict]) -> None:
    """Render Markdown from now on with these extensions and options (see mkdocs_markdown_settings)."""
    global _settings, _settings_key
    _settings = (list(extensions), {name: dict(options) for name, options in configs.items()})
    _settings_key = json.dumps(_settings, sort_keys=True, default=str)


def markdown_settings() -> tuple[list[str], dict[str, dict]]:
    """The extensions and options Markdown fields are rendered with now."""
    return list(_settings[0]), {name: dict(options) for name, options in _settings[1].items()}


@functools.lru_cache(maxsize=4)
def _markdown(settings_key: str):
    """A converter for the settings of that key (the current ones).

    Setting up the extensions costs more than converting a short field, and
    reset() makes one converter as good as new. An extension that cannot be
    loaded is left out: MkDocs refuses to build the site with it and says why.
    """
    import markdown

    names, configs = _settings
    loaded = {}
    for name in names:
        try:
            markdown.Markdown(extensions=[name], extension_configs={name: configs.get(name, {})})
        except Exception:  # anything an extension or its options raise; MkDocs reports it
            continue
        loaded[name] = markdown.Markdown().build_extension(name, configs.get(name, {}))
    converter = markdown.Markdown(extensions=list(loaded.values()))
    converter.nextround_extensions = list(loaded)  # the names it runs, for the tests
    return converter


# What rendering each text found, by a hash of the text and the settings. Loading checks every
# Markdown field's links and writing the site checks what it will publish (most
# often the same text), so each text is rendered once per process. It is never
# kept between builds: a safety check is always made afresh.
_found: dict[str, list] = {}


def _render(text: str) -> tuple[tuple[tuple[str, dict[str, str]], ...], tuple[str, ...]]:
    """The tags python-markdown makes of text, and the targets of its reference definitions."""
    key = hashlib.sha256(f"{_settings_key}\n{text}".encode()).hexdigest()
    if key not in _found:
        md = _markdown(_settings_key)
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
