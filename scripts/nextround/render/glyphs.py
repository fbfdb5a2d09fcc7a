"""Characters no font can print: found before rendering, and named with their file, line and column.

WeasyPrint draws a character no font has as nothing (or an empty box), and
says only which PDF it was in. This check reads the text that goes into the
PDFs (the checklists' and worksheets' files, the kit's settings and interface
strings, the group's name, sessions, resources and changes to printed items) and looks each
character up in the print font and in every font fontconfig lists, as Pango
falls back through them. The fonts' character sets are read once per process.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache

import yaml

from nextround.load.loader import SETTINGS_FILE
from nextround.load.yamlsource import YamlSource, read_yaml
from nextround.model.content import Content
from nextround.model.group import group_file
from nextround.model.translation import INTERFACE_FILE
from nextround.render.fonts import installed_fonts, print_font_chars

# Laid out without a glyph of their own: joiners, direction marks, variation selectors, line ends.
_NO_GLYPH_NEEDED = frozenset({"Cc", "Cf", "Zl", "Zp"})
# The parts of group.yml printed on the pack's cover and footers (overrides and additions come by item).
_GROUP_PRINTED = ("group", "branding", "resources")


@cache
def installed_font_chars() -> frozenset[int]:
    """Every character some font that fontconfig lists has (read with HarfBuzz, once per process)."""
    import uharfbuzz

    chars: set[int] = set()
    blobs: dict[str, uharfbuzz.Blob] = {}
    for file, index in installed_fonts():
        try:
            blob = blobs.get(file) or blobs.setdefault(file, uharfbuzz.Blob.from_file_path(file))
            chars.update(uharfbuzz.Face(blob, index).unicodes)
        except (OSError, ValueError):
            continue
    return frozenset(chars)


def printable_chars() -> frozenset[int]:
    return print_font_chars() | installed_font_chars()


def needs_glyph(char: str) -> bool:
    return not char.isspace() and unicodedata.category(char) not in _NO_GLYPH_NEEDED


def missing_glyph_warnings(content: Content) -> list[str]:
    """One warning per character (per text) that no font can print, as 'file:line:column: ...'."""
    covered = printable_chars()
    warnings = []
    for source, under in printed_text(content):
        text = None
        for node in _scalars(source.root, under):
            missing = sorted({c for c in node.value if ord(c) not in covered and needs_glyph(c)}, key=node.value.index)
            if not missing:
                continue
            text = text if text is not None else source.path.read_text(encoding="utf-8")
            for char in missing:
                line, column = _position(text, node, char)
                warnings.append(
                    f"{source.name}:{line}:{column}: the character '{char}' (U+{ord(char):04X}) has no font in "
                    "the PDFs, so it would be left out. Remove it or write it in words, or install a font that "
                    "has it (fontconfig's `fc-list` shows the fonts the PDFs can use)."
                )
    return warnings


def printed_text(content: Content) -> Iterator[tuple[YamlSource, tuple]]:
    """(source, location) of every part of the YAML that the PDFs print."""
    printed = {item.id for item in content.printable()}
    for item_id in sorted(printed):
        source = content.sources.get(item_id)
        source = getattr(source, "original", source)  # a group's changes are read from group.yml below
        if source is not None and getattr(source, "root", None) is not None:
            yield source, ()
    for name in (SETTINGS_FILE, INTERFACE_FILE):
        path = content.root / "content" / name
        if path.is_file():
            yield read_yaml(path), ()
    if content.group_folder is not None and content.group is not None:
        group = read_yaml(group_file(content.group_folder))
        for key in _GROUP_PRINTED:
            yield group, (key,)
        for item_id in content.group.overrides:
            if item_id in printed:
                yield group, ("overrides", item_id)
        for index, addition in enumerate(content.group.add):
            if addition.to in printed:
                yield group, ("add", index)


def _scalars(root: yaml.Node, under: tuple) -> Iterator[yaml.ScalarNode]:
    node = root
    for part in under:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            node = None
        if node is None:
            return
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if isinstance(node.value, str) and not node.value.isascii():
                yield node
        elif isinstance(node, yaml.MappingNode):
            stack.extend(value for _, value in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))


def _position(text: str, node: yaml.ScalarNode, char: str) -> tuple[int, int]:
    """Line and column (from 1) of char's first appearance in the node's text, or of the node."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: node.start_mark.line]) + node.start_mark.column
    end = sum(len(line) + 1 for line in lines[: node.end_mark.line]) + node.end_mark.column
    found = text.find(char, start, max(end, start + 1))
    if found < 0:  # written as an escape ("\U0001F600"): point at the value
        return node.start_mark.line + 1, node.start_mark.column + 1
    line = text.count("\n", 0, found)
    return line + 1, found - (text.rfind("\n", 0, found) + 1) + 1
