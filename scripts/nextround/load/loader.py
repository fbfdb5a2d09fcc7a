"""Load and validate the kit's content folder into a Content object."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from nextround.errors import ContentError, Problem, ProblemList, did_you_mean, display_path
from nextround.load.validate import INTERFACE_ADAPTER, ITEM_ADAPTER, ITEM_KEYS, KIT_ADAPTER, known_keys, validate
from nextround.load.yamlsource import MAX_FILE_BYTES, YamlSource, read_config, read_yaml
from nextround.model.content import PRINTABLE_KINDS, Content, markdown_fields
from nextround.model.items import LANGUAGE_CODE_PATTERN
from nextround.model.translation import INTERFACE_FILE, InterfaceStrings
from nextround.text import markup
from nextround.text.interface import value_names
from nextround.text.letters import ANY_TEMPLATE_TAG, PLACEHOLDER, STRAY_BRACES
from nextround.text.markup import ITEM_SCHEME, SAFE_SCHEMES, link_targets, url_scheme

SETTINGS_FILE = "kit.yml"
SITE_CONFIG = "mkdocs.yml"


# A content folder's subfolder named by a language code (`es/`, `pt-BR/`) holds translations, not items.
LANGUAGE_FOLDER = re.compile(LANGUAGE_CODE_PATTERN)


def yaml_files(folder: Path) -> list[Path]:
    """Every YAML file under a folder, in a stable order. Hidden files (an editor's lock or backup
    files start with a dot) are not the kit's."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix in (".yml", ".yaml") and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def content_files(folder: Path) -> list[Path]:
    """Every item file under a content folder: not the settings, the interface strings or the translation folders."""
    return [
        p
        for p in yaml_files(folder)
        if p.name not in (SETTINGS_FILE, INTERFACE_FILE) and not LANGUAGE_FOLDER.match(p.relative_to(folder).parts[0])
    ]


def use_site_markdown(root: Path) -> None:
    """Render Markdown fields, from now on, with the extensions and options of the kit's mkdocs.yml.

    The kit's mkdocs.yml is the one place they are listed. A kit without one
    has no site to build, and its fields are rendered with MkDocs' builtins.
    """
    path = root / SITE_CONFIG
    config = read_config(path) if path.exists() or path.is_symlink() else {}
    markup.use_markdown_settings(*markup.mkdocs_markdown_settings(config))


def load_content(root: Path, extra_folders: list[Path] = ()) -> Content:
    """Read, validate and cross-check every file; raise ContentError listing all problems."""
    problems = ProblemList()
    content_dir = root / "content"
    if not content_dir.is_dir():
        raise ContentError(
            [
                Problem(
                    display_path(content_dir),
                    1,
                    1,
                    "there is no content folder here.",
                    "Run nextround in the kit's top folder, the one holding mkdocs.yml and content/.",
                )
            ]
        )
    use_site_markdown(root)

    settings = None
    settings_source = None
    settings_path = content_dir / SETTINGS_FILE
    try:
        if not settings_path.exists() and not settings_path.is_symlink():
            raise ContentError(
                [
                    Problem(
                        display_path(settings_path),
                        1,
                        1,
                        "the kit's settings file is missing.",
                        "Create it with `kind: kit` and the kit's `title:`, `tagline:`, `author:` and `welcome:`.",
                    )
                ]
            )
        settings_source = read_yaml(settings_path)
        settings, found = validate(settings_source, KIT_ADAPTER, ITEM_KEYS)
        problems.problems.extend(found)
    except ContentError as exc:
        problems.problems.extend(exc.problems)

    interface = load_interface(content_dir / INTERFACE_FILE, problems)

    items: dict = {}
    sources: dict[str, YamlSource] = {}
    # The ids that files which cannot be read or validated would define. They are
    # known to the cross-reference checks, so the file's own problem is reported
    # and not again at every link, related id or handout naming it.
    broken_ids: set[str] = set()
    for folder in [content_dir, *extra_folders]:
        for path in content_files(folder):
            try:
                source = read_yaml(path)
            except ContentError as exc:
                problems.problems.extend(exc.problems)
                broken_ids.add(id_in_text(path))
                continue
            item, found = validate(source, ITEM_ADAPTER, ITEM_KEYS)
            problems.problems.extend(found)
            if item is None:
                data = source.data if isinstance(source.data, dict) else {}
                declared = data.get("id")
                broken_ids.add(declared if isinstance(declared, str) and declared else path.stem)
                continue
            if item.id in items:
                problems.add(
                    source.problem(
                        ("id",),
                        f"the id '{item.id}' is already used by {sources[item.id].name}.",
                        "Ids must be unique across the kit: choose another id for one of them.",
                    )
                )
                continue
            items[item.id] = item
            sources[item.id] = source

    if settings is None or interface is None:
        problems.raise_if_any()
    content = Content(root=root, settings=settings, items=items, sources=sources, interface=interface)
    known_ids = set(items) | broken_ids
    found = cross_reference_problems(content, known_ids)
    if settings_source is not None:
        found += link_problems(settings_source, ("welcome",), settings.welcome, known_ids)
    problems.problems.extend(found)
    problems.raise_if_any()
    return content


def load_interface(path: Path, problems: ProblemList) -> dict[str, str] | None:
    """The interface strings of content/interface.yml by name; None, with the problems found, when they
    cannot be read."""
    if not path.exists() and not path.is_symlink():
        problems.add(
            Problem(
                display_path(path),
                1,
                1,
                "the file of the interface's words (its buttons, labels and footers) is missing.",
                f"Restore it from the kit: it starts with `kind: interface`, then `strings:` with each string by "
                f"name, for example `clear_ticks: Clear my ticks` (`git checkout content/{INTERFACE_FILE}`).",
            )
        )
        return None
    try:
        source = read_yaml(path)
    except ContentError as exc:
        problems.problems.extend(exc.problems)
        return None
    interface, found = validate(source, INTERFACE_ADAPTER, _INTERFACE_KEYS)
    problems.problems.extend(found)
    if interface is None:
        return None
    broken = len(problems.problems)
    for name, text in interface.strings.items():
        try:
            value_names(text)
        except ValueError as exc:
            message, _, hint = str(exc).partition("; ")
            hint = hint[0].upper() + hint[1:] + "."
            problems.add(source.problem(("strings", name), f"in '{name}', {message}.", hint))
    return interface.strings if len(problems.problems) == broken else None


_INTERFACE_KEYS = known_keys(InterfaceStrings)
_ID_LINE = re.compile(r"""^id:[ \t]*(["']?)([a-z0-9]+(?:-[a-z0-9]+)*)\1[ \t\r]*(?:#.*)?$""", re.MULTILINE)


def id_in_text(path: Path) -> str:
    """The id a file that cannot be read as YAML would define: from its top-level `id:` line
    when it has one, else the file name without its extension."""
    text = ""
    with contextlib.suppress(OSError):
        if path.is_file():  # not a folder, a device or a broken link
            with path.open("rb") as handle:
                text = handle.read(MAX_FILE_BYTES).decode("utf-8", errors="replace")
    match = _ID_LINE.search(text)
    return match.group(2) if match else path.stem


def cross_reference_problems(content: Content, known_ids: set[str] | None = None) -> list[Problem]:
    """Links between items, handouts and letter placeholders that point nowhere.

    known_ids are the ids a reference may name; by default the content's own.
    A group passes every id of the kit, as links to items it left out become plain words.
    """
    found: list[Problem] = []
    ids = content.items.keys() if known_ids is None else known_ids

    for item_id, item in content.items.items():
        source = content.sources[item_id]
        for index, ref in enumerate(getattr(item, "related", [])):
            if ref not in ids:
                found.append(_unknown_id(source, ("related", index), ref, "the related id", ids))
        for loc, text in markdown_fields(item):
            found += link_problems(source, loc, text, ids)
        for p, plan in enumerate(getattr(item, "plans", [])):
            for s, step in enumerate(plan.steps):
                named = [(("plans", p, "steps", s, "handout"), step.handout)] if step.handout else []
                named += [
                    (("plans", p, "steps", s, "more_handouts", h), ref) for h, ref in enumerate(step.more_handouts)
                ]
                for loc, ref in named:
                    if ref not in ids:
                        found.append(_unknown_id(source, loc, ref, "the handout", ids))
                    elif ref in content.items and content.items[ref].kind not in PRINTABLE_KINDS:
                        found.append(
                            source.problem(
                                loc,
                                f"'{ref}' is not a checklist or worksheet, so it has no handout.",
                                "Name a checklist, worksheet or set of role-play cards here.",
                            )
                        )
        if item.kind == "letter":
            found.extend(_placeholder_problems(item, source))
    return found


def _unknown_id(source: YamlSource, loc: tuple, ref: str, what: str, ids, text_line: int | None = None) -> Problem:
    hint = did_you_mean(ref, ids) or "Run `nextround list` to see every id."
    return source.problem(loc, f"{what} '{ref}' does not match any item.", hint, text_line=text_line)


def link_problems(source: YamlSource, loc: tuple, text: str, ids) -> list[Problem]:
    """Links in a Markdown field that point at no item, go nowhere on the site, or would run code."""
    found = []
    for target in link_targets(text):
        line = text[: max(text.find(target), 0)].count("\n")
        scheme = url_scheme(target)
        if scheme == ITEM_SCHEME:
            ref = target[len(ITEM_SCHEME) + 1 :]
            if ref not in ids:
                found.append(_unknown_id(source, loc, ref, "the link to item", ids, line))
        elif scheme is None:
            found.append(
                source.problem(
                    loc,
                    f"the link '{target}' does not lead anywhere on the site.",
                    "Link to a page of the kit with `[words](item:ID)`, "
                    "or to a website with its full address starting with `https://`.",
                    text_line=line,
                )
            )
        elif scheme not in SAFE_SCHEMES:
            found.append(
                source.problem(
                    loc,
                    f"links starting with '{scheme}:' are not allowed, because they can run code or open local files.",
                    "Link to a website with an address starting with `https://`, or remove the link.",
                    text_line=line,
                )
            )
    return found


def _placeholder_problems(letter, source: YamlSource) -> list[Problem]:
    """Placeholders that name no declared field, and anything else written between braces."""
    declared = {f.name for f in letter.fields}
    found = []
    for key in ("subject", "body"):
        text = getattr(letter, key) or ""

        def problem(position: int, message: str, hint: str, key: str = key, text: str = text) -> Problem:
            return source.problem((key,), message, hint, text_line=text[:position].count("\n"))

        for tag in ANY_TEMPLATE_TAG.finditer(text):
            match = PLACEHOLDER.fullmatch(tag.group(0))
            shown = " ".join(tag.group(0).split())
            if not match:
                found.append(
                    problem(
                        tag.start(),
                        f"'{shown if len(shown) <= 40 else shown[:37] + '...'}' in '{key}' is not a placeholder, "
                        "and nothing else may go between double braces.",
                        "A placeholder is a field name in double braces, like `{{ your_name }}`, "
                        "using lowercase letters, digits and underscores.",
                    )
                )
            elif match.group(1) not in declared:
                name = match.group(1)
                hint = (
                    did_you_mean(name, declared)
                    or f"Declare a field named '{name}' under `fields:`, or fix the placeholder."
                )
                found.append(problem(tag.start(), f"the placeholder '{{{{ {name} }}}}' is not a declared field.", hint))
        leftover = STRAY_BRACES.search(ANY_TEMPLATE_TAG.sub(lambda m: " " * len(m.group(0)), text))
        if leftover:
            found.append(
                problem(
                    leftover.start(),
                    f"'{leftover.group(0)}' in '{key}' opens or closes a placeholder that is not complete.",
                    "Write each placeholder whole, like `{{ your_name }}`, with two braces on each side.",
                )
            )
    return found
