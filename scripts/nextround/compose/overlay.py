"""Compose: apply a group's overlay (`group.yml`) to the loaded kit, giving a new Content.

Every mistake in the overlay is found here, located in the group file, before
anything is rendered or written.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from nextround.compose.placeholders import fill_tree, placeholder_context
from nextround.errors import ContentError, Problem, ProblemList, did_you_mean, display_path
from nextround.load.loader import cross_reference_problems, load_content
from nextround.load.validate import ITEM_ADAPTER, ITEM_KEYS, known_keys, validate
from nextround.load.yamlsource import YamlSource, read_yaml
from nextround.model.content import PRINTABLE_KINDS, Content
from nextround.model.group import GROUP_ADAPTER, LOGO_SUFFIXES, MAX_LOGO_BYTES, GroupOverlay, group_file
from nextround.text.interface import format_day

GROUP_KEYS = known_keys(GroupOverlay)
# Where an addition without `after` or `into` goes, by kind of item.
DEFAULT_LIST = {"worksheet": ("blocks",), "guide": ("sections",), "facilitator": ("sections",), "letter": ("tips",)}
# Lists whose entries hold a further list of entries: where `into` appends.
CHILD_LISTS = ("items", "steps", "rows")
# WCAG AA for normal text: white header text on the brand colour.
MIN_CONTRAST = 4.5


def load_group_source(root: Path, folder: Path) -> tuple[Content, GroupOverlay, YamlSource]:
    """The kit with the group's own items, and the group's overlay; ContentError lists every problem."""
    problems = ProblemList()
    overlay_source = None
    try:
        overlay_source = read_overlay(folder)
    except ContentError as exc:
        problems.problems.extend(exc.problems)
    extra = [folder / "content"] if (folder / "content").is_dir() else []
    try:
        content = load_content(root, extra)
    except ContentError as exc:
        problems.problems.extend(exc.problems)
    problems.raise_if_any()
    overlay, source = overlay_source
    return content, overlay, source


def read_overlay(folder: Path) -> tuple[GroupOverlay, YamlSource]:
    """The group file read and checked against the GroupOverlay model."""
    path = group_file(folder)
    if not path.is_file():
        where = display_path(folder)
        raise ContentError(
            [
                Problem(
                    display_path(path),
                    1,
                    1,
                    f"there is no group file in '{where}'.",
                    f"Create one with `nextround new-group {folder.name}`, or check the folder name.",
                )
            ]
        )
    source = read_yaml(path)
    overlay, problems = validate(source, GROUP_ADAPTER, GROUP_KEYS)
    if problems:
        raise ContentError(problems)
    return overlay, source


def compose(content: Content, overlay: GroupOverlay, source: YamlSource, folder: Path) -> Content:
    """A new Content: the kit as this group will see it."""
    problems: list[Problem] = []
    title = overlay.branding.title or content.settings.title
    language, day = content.settings.language, content.t.date_with_weekday
    context = placeholder_context(overlay.group, title, lambda date: format_day(date, day, language))

    def letter_template(loc: tuple) -> bool:
        # A letter's subject and body hold its own `{{ field }}` placeholders, filled by the reader.
        return (
            len(loc) == 3
            and loc[0] == "overrides"
            and loc[2] in ("subject", "body")
            and getattr(content.items.get(loc[1]), "kind", None) == "letter"
        )

    filled = fill_tree(
        source.data, context, source, problems, skip=lambda loc: loc[:1] == ("group",) or letter_template(loc)
    )
    overlay = GROUP_ADAPTER.validate_python(filled) if not problems else overlay
    items = dict(content.items)
    sources = dict(content.sources)
    own_ids = _fill_group_items(items, sources, folder, context, problems)
    problems += _check_ids(overlay, items, source)
    problems += _check_branding(overlay, source, folder)
    if problems:
        raise ContentError(problems)

    _apply_changes(items, sources, overlay, source, problems)
    problems += _apply_letter_defaults(items, overlay, source)
    known = set(items)
    kept = _kept_ids(items, overlay, own_ids)
    composed = dataclasses.replace(
        content,
        settings=content.settings.model_copy(update={"title": title}),
        items={item_id: item for item_id, item in items.items() if item_id in kept},
        sources={item_id: src for item_id, src in sources.items() if item_id in kept},
        paper=overlay.paper,
        group=overlay,
        group_folder=folder,
    )
    problems += _pack_problems(overlay, composed, source)
    problems += cross_reference_problems(composed, known)
    if problems:
        raise ContentError(problems)
    return composed


def _fill_group_items(items: dict, sources: dict, folder: Path, context: dict, problems: list[Problem]) -> set[str]:
    """Fill the placeholders of the group's own items (those in its content/ folder); their ids."""
    own = (folder / "content").resolve()
    own_ids = {item_id for item_id, source in sources.items() if source.path.resolve().is_relative_to(own)}
    for item_id in own_ids:
        item, source = items[item_id], sources[item_id]
        found: list[Problem] = []
        skip = (lambda loc: loc in (("subject",), ("body",))) if item.kind == "letter" else (lambda loc: False)
        data = fill_tree(item.model_dump(exclude_unset=True), context, source, found, skip=skip)
        if found:
            problems += found
            continue
        items[item_id] = ITEM_ADAPTER.validate_python(data)
    return own_ids


def _check_ids(overlay: GroupOverlay, items: dict, source: YamlSource) -> list[Problem]:
    found = []

    def unknown(loc: tuple, ref: str, at_key: bool = False) -> None:
        hint = did_you_mean(ref, items) or "Run `nextround list` to see every id."
        found.append(source.problem(loc, f"'{ref}' is not the id of any item.", hint, at_key))

    for key in ("include", "exclude", "pack"):
        for index, ref in enumerate(getattr(overlay, key)):
            if ref not in items:
                unknown((key, index), ref)
    for ref in overlay.overrides:
        if ref not in items:
            unknown(("overrides", ref), ref, at_key=True)
    for index, addition in enumerate(overlay.add):
        if addition.to not in items:
            unknown(("add", index, "to"), addition.to)
        if addition.after and addition.into:
            found.append(
                source.problem(
                    ("add", index, "into"),
                    "an addition has both `after` and `into`.",
                    "Keep one: `after` puts it after an entry, `into` at the end of a group's list.",
                )
            )
    for index, ref in enumerate(overlay.exclude):
        if ref in overlay.include:
            found.append(
                source.problem(
                    ("exclude", index),
                    f"'{ref}' is both included and excluded.",
                    "Remove it from one of the two lists.",
                )
            )
    return found


def _check_branding(overlay: GroupOverlay, source: YamlSource, folder: Path) -> list[Problem]:
    found = []
    logo = overlay.branding.logo
    if logo:
        loc = ("branding", "logo")
        path = (folder / logo).resolve()
        if not path.is_relative_to(folder.resolve()):
            found.append(
                source.problem(
                    loc,
                    f"the logo '{logo}' is outside the group folder.",
                    "Copy the logo into the group folder and name it relative to it, for example `logo.svg`.",
                )
            )
        elif not path.is_file():
            nearby = [p.name for p in folder.iterdir() if p.suffix.lower() in LOGO_SUFFIXES] if folder.is_dir() else []
            hint = (
                did_you_mean(logo, nearby)
                or f"Put the logo file in {display_path(folder)}/ and write its name here, for example `logo.svg`."
            )
            found.append(source.problem(loc, f"the logo file '{logo}' does not exist.", hint))
        elif path.suffix.lower() not in LOGO_SUFFIXES:
            found.append(
                source.problem(
                    loc, f"the logo '{logo}' is not an SVG, PNG or JPEG file.", "Save the logo as .svg, .png or .jpg."
                )
            )
        elif path.stat().st_size > MAX_LOGO_BYTES:
            found.append(
                source.problem(
                    loc,
                    f"the logo '{logo}' is {path.stat().st_size:,} bytes, more than the {MAX_LOGO_BYTES:,} allowed.",
                    "Use a smaller image; an SVG or a PNG 400 pixels wide is plenty.",
                )
            )
    colour = overlay.branding.colour
    if colour and contrast_with_white(colour) < MIN_CONTRAST:
        found.append(
            source.problem(
                ("branding", "colour"),
                f"the colour '{colour}' is too light for white text on it "
                f"(contrast {contrast_with_white(colour):.1f} to 1).",
                f"Choose a darker colour: white text needs a contrast of at least {MIN_CONTRAST} to 1, "
                'for example `"#1b5e20"`.',
            )
        )
    return found


def contrast_with_white(colour: str) -> float:
    """The WCAG contrast ratio of white on a `#rrggbb` colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


# --- overrides and additions --------------------------------------------------


@dataclasses.dataclass
class _Change:
    """One part of the overlay that changed an item, to locate problems in the group file."""

    loc: tuple
    override: dict | None = None
    entry: dict | None = None


def _apply_changes(
    items: dict, sources: dict, overlay: GroupOverlay, source: YamlSource, problems: list[Problem]
) -> None:
    changes: dict[str, list[_Change]] = {}
    data: dict[str, dict] = {}
    for item_id, override in overlay.overrides.items():
        item_data = data.setdefault(item_id, items[item_id].model_dump())
        found: list[Problem] = []
        _merge(
            item_data, override, ("overrides", item_id), f"{items[item_id].kind} '{item_id}'", source, found, top=True
        )
        problems += found
        changes.setdefault(item_id, []).append(_Change(("overrides", item_id), override=override))
    for index, addition in enumerate(overlay.add):
        item_data = data.setdefault(addition.to, items[addition.to].model_dump())
        problem = _insert(item_data, addition, ("add", index), source)
        if problem:
            problems.append(problem)
            continue
        changes.setdefault(addition.to, []).append(_Change(("add", index, "item"), entry=addition.item))
    if problems:
        return
    for item_id, item_data in data.items():
        overlay_source = OverlaySource(sources[item_id], source, item_data, changes[item_id])
        item, found = validate(overlay_source, ITEM_ADAPTER, ITEM_KEYS)
        problems += found
        if item is not None:
            items[item_id] = item
            sources[item_id] = overlay_source


def _merge(
    target: dict, change: Any, loc: tuple, what: str, source: YamlSource, problems: list[Problem], top: bool = False
) -> None:
    """Merge change into target in place: mappings key by key, lists of entries with ids entry by entry."""
    if not isinstance(change, dict):
        problems.append(
            source.problem(
                loc,
                f"the change to {what} should be a mapping of fields and new values.",
                "Write `field: new value` lines under it.",
            )
        )
        return
    for key, value in change.items():
        here = (*loc, key)
        if top and key in ("id", "kind"):
            problems.append(
                source.problem(
                    here,
                    f"the `{key}` of an item cannot be changed.",
                    "Exclude the item and add your own in the group's content/ folder instead.",
                    at_key=True,
                )
            )
            continue
        if key not in target:
            hint = did_you_mean(key, target) or "The fields here are " + ", ".join(f"`{k}`" for k in target) + "."
            problems.append(source.problem(here, f"'{key}' is not a field of {what}.", hint, at_key=True))
            continue
        current = target[key]
        if isinstance(current, list) and isinstance(value, dict):
            by_id = {entry.get("id"): entry for entry in current if isinstance(entry, dict) and entry.get("id")}
            if not by_id:
                problems.append(
                    source.problem(
                        here,
                        f"the entries of '{key}' have no ids, so they cannot be changed one by one.",
                        f"Give the whole list under '{key}' instead.",
                        at_key=True,
                    )
                )
                continue
            for entry_id, entry_change in value.items():
                if entry_id not in by_id:
                    hint = (
                        did_you_mean(entry_id, by_id)
                        or "The entries here are " + ", ".join(f"`{k}`" for k in by_id) + "."
                    )
                    problems.append(
                        source.problem(
                            (*here, entry_id), f"'{entry_id}' is not an entry of '{key}' in {what}.", hint, at_key=True
                        )
                    )
                else:
                    _merge(
                        by_id[entry_id], entry_change, (*here, entry_id), f"'{entry_id}' in {what}", source, problems
                    )
        elif isinstance(current, dict) and isinstance(value, dict):
            _merge(current, value, here, f"'{key}' in {what}", source, problems)
        else:
            target[key] = value


def _insert(item_data: dict, addition, loc: tuple, source: YamlSource) -> Problem | None:
    """Put an addition's entry into its item's data; a problem when there is no place for it."""
    if addition.after:
        found = _find_entry(item_data, addition.after)
        if found is None:
            return _no_entry(item_data, addition.after, (*loc, "after"), addition.to, source)
        entries, index = found
        entries.insert(index + 1, addition.item)
        return None
    if addition.into:
        found = _find_entry(item_data, addition.into)
        if found is None:
            return _no_entry(item_data, addition.into, (*loc, "into"), addition.to, source)
        owner = found[0][found[1]]
        child = next((owner[key] for key in CHILD_LISTS if isinstance(owner.get(key), list)), None)
        if child is None:
            return source.problem(
                (*loc, "into"),
                f"'{addition.into}' has no list of entries to add to.",
                "Use `after:` with the id of the entry to follow instead.",
            )
        child.append(addition.item)
        return None
    if item_data["kind"] == "checklist":
        item_data["groups"][-1]["items"].append(addition.item)
    elif item_data["kind"] == "facilitator" and "steps" in addition.item:
        item_data["plans"].append(addition.item)
    else:
        item_data[DEFAULT_LIST[item_data["kind"]][0]].append(addition.item)
    return None


def _find_entry(value: Any, entry_id: str) -> tuple[list, int] | None:
    """(list, index) of the entry with this id anywhere inside value."""
    if isinstance(value, dict):
        for child in value.values():
            found = _find_entry(child, entry_id)
            if found:
                return found
    elif isinstance(value, list):
        for index, entry in enumerate(value):
            if isinstance(entry, dict) and entry.get("id") == entry_id:
                return value, index
            found = _find_entry(entry, entry_id)
            if found:
                return found
    return None


def _entry_ids(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [value["id"]] * bool(value.get("id")) + [i for child in value.values() for i in _entry_ids(child)]
    if isinstance(value, list):
        return [i for child in value for i in _entry_ids(child)]
    return []


def _no_entry(item_data: dict, entry_id: str, loc: tuple, item_id: str, source: YamlSource) -> Problem:
    ids = [i for i in _entry_ids(item_data) if i != item_id]
    hint = did_you_mean(entry_id, ids) or ("Its entries are " + ", ".join(f"`{i}`" for i in ids) + "." if ids else "")
    return source.problem(loc, f"'{item_id}' has no entry with the id '{entry_id}'.", hint)


class OverlaySource:
    """The source of an item changed by the overlay: problems in the changed parts
    point at the group file, problems elsewhere at the item's own file."""

    def __init__(self, original: YamlSource, group: YamlSource, data: dict, changes: list[_Change]):
        self.original = original
        self.group = group
        self.data = data
        self.changes = changes
        self.path = original.path
        self.name = original.name

    def find_scalar(self, value: str, occurrence: int = 1, under: tuple = ()):
        # Repeated values are looked for in one file; here they may span two, so point at the change instead.
        return None

    def problem(self, loc: tuple, message: str, hint: str = "", at_key: bool = False, text_line: int = 0) -> Problem:
        path = loc[1:] if loc and loc[0] == self.data.get("kind") else loc
        best, depth = None, 0
        for change in self.changes:
            mapped, matched = self._locate(change, path)
            if matched > depth:
                best, depth = mapped, matched
        if best is not None:
            return self.group.problem(best, message, hint, at_key, text_line)
        if not path and self.changes:
            return self.group.problem(self.changes[-1].loc, message, hint)
        return self.original.problem(path, message, hint, at_key, text_line)

    def _locate(self, change: _Change, path: tuple) -> tuple[tuple, int]:
        """The group-file location of path inside this change, and how many parts of path it matched."""
        node: Any = self.data
        if change.entry is not None:
            for depth, part in enumerate(path):
                node = node[part] if isinstance(node, (dict, list)) else None
                if node is change.entry:
                    return (*change.loc, *path[depth + 1 :]), depth + 1
            return change.loc, 0
        loc, edit, matched = change.loc, change.override, 0
        for part in path:
            if isinstance(node, dict) and isinstance(edit, dict) and part in edit:
                node, edit = node[part], edit[part]
            elif isinstance(node, list) and isinstance(edit, dict) and isinstance(part, int) and part < len(node):
                entry_id = node[part].get("id") if isinstance(node[part], dict) else None
                if entry_id not in edit:
                    break
                node, edit, part = node[part], edit[entry_id], entry_id
            elif isinstance(node, list) and isinstance(edit, list) and isinstance(part, int) and part < len(edit):
                node, edit = node[part], edit[part]
            else:
                break
            loc, matched = (*loc, part), matched + 1
        return loc, matched


def _apply_letter_defaults(items: dict, overlay: GroupOverlay, source: YamlSource) -> list[Problem]:
    found = []
    letters = [item for item in items.values() if item.kind == "letter"]
    declared = {f.name for letter in letters for f in letter.fields}
    for name in overlay.letter_defaults:
        if name not in declared:
            hint = (
                did_you_mean(name, declared)
                or "The letters' fields are " + ", ".join(f"`{n}`" for n in sorted(declared)) + "."
            )
            found.append(
                source.problem(("letter_defaults", name), f"no letter has a field named '{name}'.", hint, at_key=True)
            )
    for letter in letters:
        if any(f.name in overlay.letter_defaults for f in letter.fields):
            fields = [
                f.model_copy(update={"example": overlay.letter_defaults.get(f.name, f.example)}) for f in letter.fields
            ]
            items[letter.id] = letter.model_copy(update={"fields": fields})
    return found


def _kept_ids(items: dict, overlay: GroupOverlay, own_ids: set[str]) -> set[str]:
    """The ids this group builds: `include`, what it needs and the group's own items (or everything), less `exclude`."""
    if overlay.include:
        kept = set(overlay.include) | own_ids
        for item_id in overlay.include:
            for plan in getattr(items[item_id], "plans", []):
                kept |= {handout for step in plan.steps for handout in step.handouts}
    else:
        kept = set(items)
    return kept - set(overlay.exclude)


def _pack_problems(overlay: GroupOverlay, composed: Content, source: YamlSource) -> list[Problem]:
    found = []
    for index, ref in enumerate(overlay.pack):
        if ref not in composed.items:
            found.append(
                source.problem(
                    ("pack", index),
                    f"'{ref}' is not in this build, so it cannot go in the pack.",
                    "Remove it from `pack`, or from `exclude`, or add it to `include`.",
                )
            )
        elif composed.items[ref].kind not in PRINTABLE_KINDS:
            found.append(
                source.problem(
                    ("pack", index),
                    f"'{ref}' is a {composed.items[ref].kind}, not a checklist or worksheet.",
                    "The pack holds checklists and worksheets only.",
                )
            )
    return found
