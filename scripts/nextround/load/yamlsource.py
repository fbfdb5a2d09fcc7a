"""Safe YAML loading that remembers where every value came from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from nextround.errors import BuildError, ContentError, Problem, display_path

MAX_FILE_BYTES = 1_000_000
MAX_FAST_BRACKETS = 150
MAX_FAST_INDENT = 150


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

    def find_scalar(self, value: str, occurrence: int = 1, under: tuple = ()) -> yaml.Node | None:
        """The occurrence-th scalar written as value under loc, in file order (to point at a duplicate)."""
        found = []
        stack = [self.node_at(under)]
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.ScalarNode) and node.value == value:
                found.append(node)
            elif isinstance(node, yaml.MappingNode):
                stack.extend(v for _, v in node.value)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
        found.sort(key=lambda n: n.start_mark.index)
        return found[occurrence - 1] if len(found) >= occurrence else None

    def problem(
        self, loc: tuple, message: str, hint: str = "", at_key: bool = False, text_line: int | None = None
    ) -> Problem:
        """A problem at loc; text_line counts lines into a block of text (`|`), for links inside it."""
        node = self.key_node_at(loc) if at_key and loc else self.node_at(loc)
        mark = node.start_mark
        if text_line is not None and getattr(node, "style", None) in ("|", ">"):
            return Problem(self.name, mark.line + 2 + text_line, 1, message, hint)
        return Problem(self.name, mark.line + 1, mark.column + 1, message, hint)


def read_yaml(path: Path) -> YamlSource:
    """Read one YAML file safely, or raise ContentError saying what is wrong with it."""
    name = display_path(path)

    def fail(message: str, hint: str, line: int = 1, column: int = 1):
        raise ContentError([Problem(name, line, column, message, hint)])

    text = _read_text(path, fail)
    clean = _read_with_libyaml(text)
    if clean is not None:
        return YamlSource(path, *clean)
    try:
        loader = _NoAliasLoader(text)
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        fail(
            f"the file holds an invisible control character (code {code}) that YAML does not allow.",
            "Delete it: retype the text around this place, or paste it as plain text.",
            before.count("\n") + 1,
            len(before.rsplit("\n", 1)[-1]) + 1,
        )
    try:
        root = loader.get_single_node()
        if root is None:
            fail("the file is empty.", "Add the item's `kind:` and `id:` and its fields, or delete the file.")
        duplicates = _duplicate_keys(root)
        if duplicates:
            raise ContentError([Problem(name, *where, message, hint) for where, message, hint in duplicates])
        data = loader.construct_document(root)
    except _AliasFound as exc:
        fail(
            "anchors and aliases (`&name`, `*name`) are not allowed in content files.",
            "Write the value out in full where you need it; if the text starts with `*` or `&`, put it in quotes.",
            exc.mark.line + 1,
            exc.mark.column + 1,
        )
    except yaml.MarkedYAMLError as exc:
        message, hint, mark = explain_yaml_error(exc)
        fail(message, hint, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1)
    except yaml.YAMLError as exc:
        fail(
            f"this is not valid YAML ({exc}).", "Check that the file holds a single item written as `key: value` lines."
        )
    except RecursionError:
        fail("the YAML is nested too deeply.", "Flatten the structure; content never needs more than a few levels.")
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        fail(
            "the file must hold keys and values such as `kind:` and `id:`, not a single value or a list.",
            "Start the file with `kind: ...` on its own line, then one `key: value` per line.",
        )
    return YamlSource(path, data, root)


def _read_with_libyaml(text: str) -> tuple[Any, yaml.Node] | None:
    """(data, node tree) of a well-formed content file, read by libyaml, which is
    several times faster than the Python reader; None for anything unusual (an
    error, an alias, a duplicate key, a control character, not a mapping), which
    read_yaml then reads again with the Python reader to explain exactly."""
    if not getattr(yaml, "__with_libyaml__", False) or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    # Deep nesting overflows Python's stack inside libyaml's callbacks, where it
    # cannot be caught cleanly; these bounds keep any such file on the Python reader.
    if text.count("[") + text.count("{") > MAX_FAST_BRACKETS or _deepest_indent(text) > MAX_FAST_INDENT:
        return None
    loader = yaml.CSafeLoader(text)
    try:
        root = loader.get_single_node()
        if not isinstance(root, yaml.MappingNode) or _has_alias(root) or _duplicate_keys(root):
            return None
        data = loader.construct_document(root)
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()
    return (data, root) if isinstance(data, dict) else None


def _deepest_indent(text: str) -> int:
    return max((len(line) - len(line.lstrip(" ")) for line in text.splitlines()), default=0)


def _has_alias(root: yaml.Node) -> bool:
    """Whether a node tree uses an alias: libyaml resolves one into a node met twice."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return False


def read_config(path: Path) -> dict:
    """A settings file that is not content (mkdocs.yml): a mapping, or BuildError saying where it is wrong."""
    name = display_path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildError(f"{name}: this file is missing; the site build needs it. Restore it from the kit.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BuildError(f"{name}: this file cannot be read ({exc}). Save it as UTF-8 text you may read.") from None
    except yaml.MarkedYAMLError as exc:
        message, hint, mark = explain_yaml_error(exc)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise BuildError(f"{name}:{line}:{column}: {message} {hint}") from None
    except yaml.YAMLError as exc:
        raise BuildError(f"{name}: this is not valid YAML ({exc}).") from None
    if not isinstance(data, dict):
        raise BuildError(f"{name}:1:1: the file must hold settings as `key: value` lines. Restore it from the kit.")
    return data


def _read_text(path: Path, fail) -> str:
    """The file's text, refusing what cannot be content: folders, broken links, huge,
    binary or non-UTF-8 files. Reads at most one byte more than the limit."""
    if path.is_dir():
        fail(
            "this is a folder, but its name ends in .yml like a content file.",
            "Rename the folder so its name does not end in .yml or .yaml.",
        )
    if path.is_symlink() and not path.exists():
        fail(
            "this is a link to a file that does not exist (it was moved or deleted).",
            "Delete the link, or point it at the file you meant.",
        )
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except PermissionError:
        fail("you do not have permission to read this file.", "Change its permissions, for example `chmod a+r` on it.")
    except FileNotFoundError:
        fail("this file does not exist.", "Check the name and the folder, or create the file.")
    except OSError as exc:
        fail(f"this file cannot be read ({exc.strerror or exc}).", "Check that it is a normal file you may read.")
    if len(raw) > MAX_FILE_BYTES:
        fail(
            f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB, far more than any item needs.",
            "Split it into smaller items, one item per file.",
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        fail(
            "the file is saved as UTF-16, not UTF-8.",
            "Save it again with the UTF-8 encoding (most editors offer it under 'Save as').",
        )
    if b"\0" in raw:
        fail(
            "this looks like a binary file, not YAML text.",
            "Remove it from the content folder, or save it as plain text.",
        )
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[: exc.start].rsplit(b"\n", 1)[-1]) + 1
        fail(
            "the file is not UTF-8 text: this character cannot be read.",
            "Save the file again with the UTF-8 encoding (most editors offer it under 'Save as').",
            line,
            column,
        )
    if all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        fail("the file is empty.", "Add the item's `kind:` and `id:` and its fields, or delete the file.")
    return text


def _duplicate_keys(root: yaml.Node) -> list[tuple[tuple[int, int], str, str]]:
    """Keys written twice in one mapping: YAML would silently keep the last one."""
    found = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, yaml.Node] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                if isinstance(key_node, yaml.ScalarNode) and key in seen:
                    first = seen[key].start_mark.line + 1
                    found.append(
                        (
                            (key_node.start_mark.line + 1, key_node.start_mark.column + 1),
                            f"the key '{key}' is written twice here (first on line {first}).",
                            "Keep one of them: YAML would silently ignore the first.",
                        )
                    )
                seen.setdefault(key, key_node)
                stack.append(value_node)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return sorted(found)


_QUOTE_HINT = 'Put the whole text in quotes, for example `title: "Tip: breathe first"`.'
# (words in PyYAML's description, what is wrong, how to fix it), most specific first.
_YAML_EXPLANATIONS = [
    (
        "'\\t'",
        "a tab is used here; YAML only allows spaces for indenting.",
        "Replace the tab with spaces (two per level).",
    ),
    (
        "mapping values are not allowed",
        "a `: ` appears where YAML does not expect a new key.",
        "If this is text containing `: `, "
        + _QUOTE_HINT[0].lower()
        + _QUOTE_HINT[1:]
        + " Otherwise check the indentation against the line above.",
    ),
    ("quoted scalar", "a quote opened here is never closed.", "Add the closing quote at the end of the text."),
    (
        "could not find expected ':'",
        "a line here has no `key:` where one is expected.",
        "Write it as `key: value`, or indent it to continue the text on the line above.",
    ),
    ("while scanning an alias", "YAML reads a value starting with `*` as a reference to something else.", _QUOTE_HINT),
    ("while scanning an anchor", "YAML reads a value starting with `&` as an anchor.", _QUOTE_HINT),
    (
        "unhashable key",
        "a value starting with `{` or `[` is read as a mapping or list, not text.",
        'Put it in quotes, for example `subject: "{{ role }} interview"`.',
    ),
    ("cannot start any token", "this character cannot start a value in YAML.", _QUOTE_HINT),
    (
        "constructor for the tag",
        "tags such as `!!python/...` or `!name` are not allowed in content files.",
        "Remove the tag (the word starting with `!`) and write the plain value.",
    ),
    (
        "single document",
        "the file holds more than one YAML document (a second `---` line).",
        "Remove the `---` line: each file holds one item. Put a second item in a file of its own.",
    ),
    (
        "flow sequence",
        "a list in square brackets is not closed properly.",
        "Check the `[` ... `]` list on this line: items are separated by commas and the list ends with `]`.",
    ),
    (
        "flow mapping",
        "a mapping in curly braces is not closed properly.",
        "If this is text, put it in quotes; otherwise check the `{` ... `}` on this line.",
    ),
    (
        "block mapping",
        "the indentation here does not line up with the lines above.",
        "Indent keys of the same mapping by the same number of spaces; list items start with `- `.",
    ),
    (
        "block collection",
        "the indentation here does not line up with the lines above.",
        "Indent keys of the same mapping by the same number of spaces; list items start with `- `.",
    ),
]


# Errors PyYAML notices after the place to fix: point at where the thing began instead.
_AT_START = ("quoted scalar", "could not find expected ':'", "while scanning an alias", "while scanning an anchor")


def _unquoted_placeholder(mark: yaml.Mark | None) -> yaml.Mark | None:
    """Where a `key: {{ name }} ...` value starts on the line of mark, if it does: the most
    common mistake in letters, which PyYAML reports in many different ways."""
    if mark is None or not mark.buffer:
        return None
    lines = mark.buffer.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    match = re.search(r":\s+\{\{", line)
    if not match:
        return None
    column = match.end() - 2
    return yaml.Mark(mark.name, mark.index - mark.column + column, mark.line, column, None, None)


def explain_yaml_error(exc: yaml.MarkedYAMLError) -> tuple[str, str, yaml.Mark | None]:
    """(what is wrong, how to fix it, where) for a PyYAML error, in words for someone new to YAML."""
    described = f"{exc.context or ''} {exc.problem or ''}"
    mark = exc.problem_mark or exc.context_mark
    placeholder = _unquoted_placeholder(mark)
    if placeholder is not None:
        return (
            "YAML syntax error: a value starting with `{{` is read as a mapping, not text.",
            'Put the whole value in quotes, for example `subject: "{{ role }} interview"`.',
            placeholder,
        )
    for words, message, hint in _YAML_EXPLANATIONS:
        if words in described:
            if words in _AT_START and exc.context_mark:
                mark = exc.context_mark
            return f"YAML syntax error: {message}", hint, mark
    what = (exc.problem or "this is not valid YAML").rstrip(".")
    return (
        f"YAML syntax error: {what}.",
        "Check the indentation and the quotes on this line and the one before; "
        "text containing `: ` or starting with a special character needs quotes.",
        mark,
    )
