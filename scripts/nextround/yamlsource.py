"""Safe YAML loading that remembers where every value came from."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError, Problem, display_path

MAX_FILE_BYTES = 1_000_000


class _NoAliasLoader(yaml.SafeLoader):
    """Safe loader that refuses anchors and aliases: content never needs
    them, and refusing them stops alias bombs before they expand."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _AliasFound(event.start_mark)
        return super().compose_node(parent, index)


class _AliasFound(Exception):
    def __init__(self, mark):
        self.mark = mark


@dataclass
class YamlSource:
    """A parsed YAML file: its data and the node tree used to find line numbers."""

    path: Path
    data: Any
    root: yaml.Node

    @property
    def name(self) -> str:
        return display_path(self.path)

    def node_at(self, loc: tuple) -> yaml.Node:
        """The deepest node along a validation location such as ('groups', 0, 'title').

        Location parts that do not exist in the file (a missing key, a union tag
        added by the validator) are skipped, so the nearest existing node is found.
        """
        node = self.root
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if key_node.value == str(part):
                        node = value_node
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
        return node

    def key_node_at(self, loc: tuple) -> yaml.Node:
        """The key node of the last part of loc, when that key exists (for unknown-key errors)."""
        parent = self.node_at(loc[:-1])
        if isinstance(parent, yaml.MappingNode):
            for key_node, _ in parent.value:
                if key_node.value == str(loc[-1]):
                    return key_node
        return self.node_at(loc)

    def problem(self, loc: tuple, message: str, hint: str = "", at_key: bool = False, text_line: int = 0) -> Problem:
        """A problem at loc; text_line counts lines into a block of text (`|`), for links inside it."""
        node = self.key_node_at(loc) if at_key and loc else self.node_at(loc)
        mark = node.start_mark
        if text_line and getattr(node, "style", None) in ("|", ">"):
            return Problem(self.name, mark.line + 2 + text_line, 1, message, hint)
        return Problem(self.name, mark.line + 1, mark.column + 1, message, hint)


def read_yaml(path: Path) -> YamlSource:
    """Read one YAML file safely, or raise ContentError saying what is wrong with it."""
    name = display_path(path)

    def fail(message: str, hint: str, line: int = 1, column: int = 1):
        raise ContentError([Problem(name, line, column, message, hint)])

    try:
        raw = path.read_bytes()
    except OSError as exc:
        fail(f"cannot read this file ({exc.strerror}).", "Check that it exists and that you may read it.")
    if len(raw) > MAX_FILE_BYTES:
        fail(
            f"the file is {len(raw):,} bytes, more than the {MAX_FILE_BYTES:,} allowed.",
            "Split it into smaller items, one item per file.",
        )
    if b"\0" in raw:
        fail("this looks like a binary file, not YAML text.", "Remove it from the content folder or save it as plain text.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        fail("the file is not UTF-8 text.", "Save it again with the UTF-8 encoding (most editors offer it under 'Save as').", line)
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        fail("the file is empty.", "Add the item's `kind:` and `id:` and its fields, or delete the file.")

    loader = _NoAliasLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root)
    except _AliasFound as exc:
        fail(
            "anchors and aliases (`&name`, `*name`) are not allowed in content files.",
            "Write the value out in full where you need it.",
            exc.mark.line + 1,
            exc.mark.column + 1,
        )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "this is not valid YAML"
        fail(
            f"YAML syntax error: {what}.",
            "Check the indentation and the quotes on this line and the one before; "
            "text containing ': ' or starting with a special character needs quotes.",
            mark.line + 1 if mark else 1,
            mark.column + 1 if mark else 1,
        )
    except yaml.YAMLError as exc:
        fail(f"YAML error: {exc}.", "Check that the file holds a single YAML document.")
    except RecursionError:
        fail("the YAML is nested too deeply.", "Flatten the structure; content never needs deep nesting.")
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        fail(
            "the file must hold a mapping of keys such as `kind:` and `id:`, not a single value or list.",
            "Start the file with `kind: ...` on its own line.",
        )
    return YamlSource(path, data, root)
