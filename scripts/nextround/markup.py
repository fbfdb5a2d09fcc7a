"""Make user-written Markdown safe to publish and resolve links between items.

Markdown fields may use Markdown but never raw HTML: every `<` is escaped, so
tags and scripts show as text, and link targets with a script scheme are
dropped, keeping the link's words.
"""
from __future__ import annotations

import re
from typing import Callable

_INLINE_LINK = re.compile(r"\[([^\]]*)\]\(\s*([^)\s]*)([^)]*)\)")
_REFERENCE_DEF = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*)(\S+)", re.MULTILINE)
_UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file):", re.IGNORECASE)


def is_unsafe_url(url: str) -> bool:
    # Browsers ignore control characters and whitespace inside a scheme.
    return bool(_UNSAFE_SCHEME.match(re.sub(r"[\x00-\x20]", "", url)))


def safe_markdown(text: str, link_for: Callable[[str], str | None]) -> str:
    """Escape raw HTML and rewrite `item:ID` links.

    link_for(id) gives the relative path of an item's page, or None when the
    item is not in this build: the link then becomes its plain words.
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;")

    def rewrite(match: re.Match) -> str:
        words, target, rest = match.groups()
        if target.startswith("item:"):
            path = link_for(target[5:])
            return f"[{words}]({path})" if path else words
        if is_unsafe_url(target):
            return words
        return match.group(0)

    text = _INLINE_LINK.sub(rewrite, text)
    return _REFERENCE_DEF.sub(lambda m: m.group(1) + ("#" if is_unsafe_url(m.group(2)) else m.group(2)), text)
