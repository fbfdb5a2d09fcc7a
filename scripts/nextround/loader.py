"""Load and validate the kit's content folder into a Content object."""
from __future__ import annotations

from pathlib import Path

from .content import ITEM_LINK, PRINTABLE_KINDS, Content, markdown_fields
from .letters import ANY_TEMPLATE_TAG, PLACEHOLDER
from .errors import ContentError, Problem, ProblemList, did_you_mean, display_path
from .validate import ITEM_ADAPTER, ITEM_KEYS, KIT_ADAPTER, validate
from .yamlsource import YamlSource, read_yaml

SETTINGS_FILE = "kit.yml"


def content_files(folder: Path) -> list[Path]:
    """Every item file under a content folder, in a stable order."""
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yml", ".yaml") and p.name != SETTINGS_FILE)


def load_content(root: Path, extra_folders: list[Path] = ()) -> Content:
    """Read, validate and cross-check every file; raise ContentError listing all problems."""
    problems = ProblemList()
    content_dir = root / "content"
    if not content_dir.is_dir():
        raise ContentError(
            [Problem(display_path(content_dir), 1, 1, "there is no content folder here.", "Run nextround in the kit's top folder, the one holding mkdocs.yml and content/.")]
        )

    settings = None
    try:
        settings_source = read_yaml(content_dir / SETTINGS_FILE)
        settings, found = validate(settings_source, KIT_ADAPTER, ITEM_KEYS)
        problems.problems.extend(found)
    except ContentError as exc:
        problems.problems.extend(exc.problems)

    items: dict = {}
    sources: dict[str, YamlSource] = {}
    # Ids of files that failed validation: links to them are not reported again.
    broken_ids: set[str] = set()
    for folder in [content_dir, *extra_folders]:
        for path in content_files(folder):
            try:
                source = read_yaml(path)
            except ContentError as exc:
                problems.problems.extend(exc.problems)
                continue
            item, found = validate(source, ITEM_ADAPTER, ITEM_KEYS)
            problems.problems.extend(found)
            if item is None:
                broken_ids.add(str(source.data.get("id")))
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

    if settings is None:
        problems.raise_if_any()
    content = Content(root=root, settings=settings, items=items, sources=sources)
    problems.problems.extend(p for p in cross_reference_problems(content) if not _mentions_any(p, broken_ids))
    problems.raise_if_any()
    return content


def _mentions_any(problem: Problem, ids: set[str]) -> bool:
    return any(f"'{item_id}' does not match" in problem.message for item_id in ids)


def cross_reference_problems(content: Content) -> list[Problem]:
    """Links between items, handouts and letter placeholders that point nowhere."""
    found: list[Problem] = []
    ids = content.items.keys()

    def unknown(source: YamlSource, loc: tuple, ref: str, what: str, text_line: int = 0) -> Problem:
        hint = did_you_mean(ref, ids) or "Run `nextround list` to see every id."
        return source.problem(loc, f"{what} '{ref}' does not match any item.", hint, text_line=text_line)

    for item_id, item in content.items.items():
        source = content.sources[item_id]
        for index, ref in enumerate(getattr(item, "related", [])):
            if ref not in ids:
                found.append(unknown(source, ("related", index), ref, "the related id"))
        for loc, text in markdown_fields(item):
            for match in ITEM_LINK.finditer(text):
                if match.group(1) not in ids:
                    line = text[: match.start()].count("\n")
                    found.append(unknown(source, loc, match.group(1), "the link to item", line))
        for p, plan in enumerate(getattr(item, "plans", [])):
            for s, step in enumerate(plan.steps):
                loc = ("plans", p, "steps", s, "handout")
                if step.handout and step.handout not in ids:
                    found.append(unknown(source, loc, step.handout, "the handout"))
                elif step.handout and content.items[step.handout].kind not in PRINTABLE_KINDS:
                    found.append(source.problem(loc, f"'{step.handout}' is not a checklist or worksheet, so it has no handout.", "Name a checklist or worksheet here."))
        if item.kind == "letter":
            found.extend(_placeholder_problems(item, source))
    return found


def _placeholder_problems(letter, source: YamlSource) -> list[Problem]:
    declared = {f.name for f in letter.fields}
    found = []
    for key in ("subject", "body"):
        text = getattr(letter, key) or ""
        for tag in ANY_TEMPLATE_TAG.finditer(text):
            match = PLACEHOLDER.fullmatch(tag.group(0))
            if not match:
                found.append(
                    source.problem(
                        (key,),
                        f"'{tag.group(0)}' in '{key}' is not a placeholder.",
                        "A placeholder is a field name in double braces, like `{{ your_name }}`; nothing else is allowed between braces.",
                    )
                )
            elif match.group(1) not in declared:
                name = match.group(1)
                hint = did_you_mean(name, declared) or f"Declare a field named '{name}' under `fields:`, or fix the placeholder."
                found.append(source.problem((key,), f"the placeholder '{{{{ {name} }}}}' is not a declared field.", hint))
    return found
