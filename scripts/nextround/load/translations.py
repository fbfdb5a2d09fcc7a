"""Load one language's translation files, `content/<code>/…`, and check them against the kit.

Every mistake is located: a translation of an item or text that does not
exist, a text left untranslated (at the English text's line), a placeholder
or link that differs from the English, and a text whose English changed since
it was translated (its fingerprint in `translated_from` no longer matches).

A unit is what one file translates: an item, the kit's settings, the interface
strings, or the reference pages. Each gives its English as a list of
SourceText, so every unit is checked the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter

from nextround.errors import ContentError, Problem, did_you_mean, display_path
from nextround.load.loader import SETTINGS_FILE, link_problems, yaml_files
from nextround.load.validate import known_keys, validate
from nextround.load.yamlsource import YamlSource, read_yaml
from nextround.model import reference
from nextround.model.content import Content
from nextround.model.translation import (
    INTERFACE_FILE,
    INTERFACE_UNIT,
    KIT_UNIT,
    REFERENCE_UNIT,
    InterfaceStrings,
    SourceText,
    TranslationFile,
    fingerprint,
    source_texts,
)
from nextround.text.interface import value_names
from nextround.text.markup import link_targets

TRANSLATION_ADAPTER = TypeAdapter(TranslationFile)
TRANSLATION_KEYS = known_keys(TranslationFile)
# Anything between double braces: a letter's `{{ field }}` or a group's `{{ group.name }}`.
BRACED = re.compile(r"\{\{\s*(.*?)\s*\}\}")


def translation_folder(root: Path, language: str) -> Path:
    return root / "content" / language


@dataclass(frozen=True)
class Unit:
    """What one translation file translates: its English texts, and the file they are written in."""

    texts: list[SourceText]
    english: Path


def translation_units(content: Content) -> dict[str, Unit]:
    """What a language translates, by the name its files give in `translates:`: the kit's own items
    (not a group's), the kit's settings, the interface strings and the reference pages."""
    content_dir = content.root / "content"
    units: dict[str, Unit] = {
        item_id: Unit(source_texts(item), content.sources[item_id].path)
        for item_id, item in content.items.items()
        if content.sources[item_id].path.is_relative_to(content_dir)
    }
    units[KIT_UNIT] = Unit(source_texts(content.settings), content_dir / SETTINGS_FILE)
    strings = InterfaceStrings(kind="interface", strings=content.interface)
    units[INTERFACE_UNIT] = Unit(source_texts(strings), content_dir / INTERFACE_FILE)
    # Declared in code: the pages' words beside the models, and the models' docstrings and descriptions.
    units[REFERENCE_UNIT] = Unit(reference.reference_texts(), Path(reference.__file__))
    return units


@dataclass
class Translation:
    """A language's texts by unit and key, and its gaps: texts not yet translated, or translated from
    English that has changed since. A build shows the English for the first, the older translation for
    the second, and warns of both; `nextround check` refuses both."""

    texts: dict[str, dict[str, str]]
    gaps: list[Problem]


def load_translation(content: Content, language: str) -> Translation:
    """The language's texts and gaps; ContentError lists every mistake of its files."""
    folder = translation_folder(content.root, language)
    units = translation_units(content)
    problems: list[Problem] = []
    gaps: list[Problem] = []
    texts: dict[str, dict[str, str]] = {}
    sources: dict[str, YamlSource] = {}
    if not folder.is_dir():
        settings = read_yaml(content.root / "content" / SETTINGS_FILE)
        raise ContentError(
            [
                settings.problem(
                    ("translations",),
                    f"the kit is translated into '{language}', but there is no folder {display_path(folder)}.",
                    f"Create it with a translation of each item, or take '{language}' out of `translations:`.",
                )
            ]
        )
    for path in yaml_files(folder):
        try:
            source = read_yaml(path)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        translation, found = validate(source, TRANSLATION_ADAPTER, TRANSLATION_KEYS)
        problems.extend(found)
        if translation is None:
            continue
        unit = translation.translates
        if unit not in units:
            hint = did_you_mean(unit, units) or "Run `nextround list` to see every id."
            problems.append(source.problem(("translates",), f"there is no item '{unit}' to translate.", hint))
            continue
        if unit in sources:
            problems.append(
                source.problem(
                    ("translates",),
                    f"'{unit}' is already translated in {sources[unit].name}.",
                    "Keep one translation file per item: merge the two, or fix the id.",
                )
            )
            continue
        sources[unit] = source
        texts[unit] = translation.text
        mistakes, missing = _parity_problems(units[unit].texts, translation, source, language, set(content.items))
        problems += mistakes
        gaps += missing
    for unit, about in units.items():
        if unit not in sources:
            gaps.append(
                Problem(
                    display_path(about.english),
                    1,
                    1,
                    f"'{unit}' has no '{language}' translation.",
                    f"Add a file to {display_path(folder)} with `translates: {unit}` and its texts under `text:`, "
                    f"or build without '{language}' (`nextround build --language {content.settings.language}`).",
                )
            )
    if problems:
        raise ContentError(problems)
    return Translation(texts, gaps)


def _parity_problems(
    texts: list[SourceText], translation: TranslationFile, source: YamlSource, language: str, ids: set[str]
) -> tuple[list[Problem], list[Problem]]:
    """How one translation file differs from the English it translates: (mistakes, gaps)."""
    english = {text.key: text for text in texts}
    found: list[Problem] = []
    gaps: list[Problem] = []
    for key, text in translation.text.items():
        loc = ("text", key)
        if key not in english:
            hint = did_you_mean(key, english) or f"The texts of '{translation.translates}' are: {', '.join(english)}."
            found.append(source.problem(loc, f"'{translation.translates}' has no text '{key}' to translate.", hint))
            continue
        expected, found_here, shown = _placeholders(english[key].text, text, translation.translates)
        if found_here != expected:
            found.append(
                source.problem(
                    loc,
                    f"the placeholders in '{key}' differ from the English, which has: {shown}.",
                    "Keep each placeholder as the English spells it; translate only the words around it.",
                )
            )
        if translation.translates == REFERENCE_UNIT:
            found += _same_links(source, loc, key, english[key].text, text)
            found += _markup_problems(source, loc, key, text)
        else:
            found += link_problems(source, loc, text, ids)
        was = translation.translated_from.get(key)
        now = fingerprint(english[key].text)
        if was != now:
            gaps.append(
                source.problem(
                    ("translated_from", key) if was else loc,
                    f"the English of '{key}' has changed since it was translated"
                    if was
                    else f"'{key}' does not say which English it was translated from.",
                    f"Bring the '{language}' text up to date with the English, then set `{key}: {now}` "
                    "under `translated_from:`.",
                )
            )
    for key in translation.translated_from.keys() - english.keys():
        found.append(
            source.problem(
                ("translated_from", key),
                f"'{translation.translates}' has no text '{key}'.",
                "Remove this fingerprint, or fix its key to match one under `text:`.",
                at_key=True,
            )
        )
    for key, text in english.items():
        if key not in translation.text:
            gaps.append(
                source.problem(
                    ("text",),
                    f"'{key}' is not translated into '{language}' (the English is: {_short(text.text)}).",
                    f"Add `{key}:` under `text:` with its translation, and `{key}: {fingerprint(text.text)}` "
                    "under `translated_from:`.",
                    at_key=True,
                )
            )
    return found, gaps


def _placeholders(english: str, translated: str, unit: str) -> tuple[list[str], list[str], str]:
    """The placeholders of the English and of its translation, and how the English writes them: an interface
    string's values are `{name}`; any other text's placeholders are `{{ name }}`."""
    if unit == INTERFACE_UNIT:
        try:
            names = [sorted(value_names(english)), sorted(value_names(translated))]
        except ValueError:  # a lone brace: shown as a difference, with the English's values
            names = [sorted(value_names(english)), []]
        return *names, ", ".join(f"{{{name}}}" for name in dict.fromkeys(names[0])) or "none"
    expected = sorted(BRACED.findall(english))
    shown = ", ".join(f"{{{{ {name} }}}}" for name in dict.fromkeys(expected)) or "none"
    return expected, sorted(BRACED.findall(translated)), shown


def _same_links(source: YamlSource, loc: tuple, key: str, english: str, translated: str) -> list[Problem]:
    """The reference pages link to each other by their place in the site, as the English does: a translation
    keeps each link's target."""
    expected = sorted(link_targets(english))
    if sorted(link_targets(translated)) == expected:
        return []
    shown = ", ".join(f"`{target}`" for target in dict.fromkeys(expected)) or "none"
    return [
        source.problem(
            loc,
            f"the links in '{key}' differ from the English, which links to: {shown}.",
            "Keep each link's target as the English writes it; translate only the words of the link.",
        )
    ]


# The reference pages are Markdown the site shows as it is: raw HTML, or an attribute list (`{: onclick=…}`),
# in a translation could run code there. The English has neither.
_RAW_HTML = re.compile(r"<[A-Za-z/!?]")
_ATTRIBUTE_LIST = re.compile(r"\{\s*(:|[.#][\w-]|[\w-]+\s*=)")
_CODE_SPAN = re.compile(r"(`+).*?\1", re.DOTALL)


def _markup_problems(source: YamlSource, loc: tuple, key: str, translated: str) -> list[Problem]:
    """HTML tags and attribute lists in a reference text, which must show as written and never become markup."""
    words = _CODE_SPAN.sub("", translated)  # a code span shows what it holds as written
    if not (_RAW_HTML.search(words) or _ATTRIBUTE_LIST.search(words)):
        return []
    return [
        source.problem(
            loc,
            f"'{key}' holds HTML or an attribute list (`<…>`, `{{: …}}`), which these pages do not allow.",
            "Write plain words and Markdown (`code`, **bold**, [links](…)) only, as the English does.",
        )
    ]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return f'"{text}"' if len(text) <= 50 else f'"{text[:47]}..."'
