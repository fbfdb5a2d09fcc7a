"""A build's languages, and the kit in one of them: its translation and the group's wording for it."""

from __future__ import annotations

import dataclasses

import yaml

from nextround.errors import ContentError, Problem, did_you_mean
from nextround.load.translations import load_translation
from nextround.load.yamlsource import YamlSource
from nextround.model.content import Content
from nextround.model.group import GroupOverlay, GroupWording
from nextround.model.translation import INTERFACE_UNIT, KIT_UNIT, REFERENCE_UNIT, InterfaceStrings, translated


def kit_languages(content: Content) -> list[str]:
    """The kit's language, the one its items are written in, then each it is translated into."""
    return [content.settings.language, *content.settings.translations]


def build_languages(content: Content, overlay: GroupOverlay | None, source: YamlSource | None) -> list[str]:
    """The languages this build makes, its default first: the group's choice, or every language of the kit."""
    available = kit_languages(content)
    if overlay is None:
        return available
    problems: list[Problem] = []
    for index, code in enumerate(overlay.languages):
        if code not in available:
            problems.append(_unknown_language(source, ("languages", index), code, available))
    chosen = overlay.languages or available
    for code in overlay.by_language:
        if code not in chosen:
            problems.append(_unknown_language(source, ("by_language", code), code, chosen, at_key=True))
    if problems:
        raise ContentError(problems)
    return chosen


def _unknown_language(source: YamlSource, loc: tuple, code: str, available: list[str], at_key=False) -> Problem:
    hint = did_you_mean(code, available) or f"This kit is written in {', '.join(available)}: choose among them."
    return source.problem(loc, f"'{code}' is not a language of this build.", hint, at_key=at_key)


def in_language(content: Content, language: str, strict: bool = False) -> Content:
    """The kit with every text in language, from the translation files of content/<language>/.

    A text not yet translated stays in English, and one whose English changed keeps its translation;
    both are listed in the Content's translation_gaps, or refused (ContentError) when strict.
    """
    if language == content.settings.language:
        return content
    translation = load_translation(content, language)
    if strict and translation.gaps:
        raise ContentError(translation.gaps)
    texts = translation.texts
    items = {
        item_id: translated(item, texts[item_id]) if item_id in texts else item
        for item_id, item in content.items.items()
    }
    # A unit with no translation file yet (a gap) stays in English.
    settings = translated(content.settings, texts.get(KIT_UNIT, {})).model_copy(update={"language": language})
    # The reference pages' texts: each translated one in place of its English, the others in English.
    reference = {**content.reference, **texts.get(REFERENCE_UNIT, {})}
    strings = InterfaceStrings(kind="interface", strings=content.interface)
    interface = translated(strings, texts.get(INTERFACE_UNIT, {})).strings
    return dataclasses.replace(
        content,
        items=items,
        settings=settings,
        interface=interface,
        reference=reference,
        translation_gaps=translation.gaps,
    )


def overlay_in_language(source: YamlSource, language: str) -> YamlSource:
    """The group file as it reads for one language: each wording key given under `by_language: <language>:`
    takes the place of the one given for the whole group, where it is in the file (so problems point there)."""
    data = source.data if isinstance(source.data, dict) else {}
    own = (data.get("by_language") or {}).get(language)
    own_node = _value_node(_value_node(source.root, "by_language"), language)
    if not isinstance(own, dict) or own_node is None:
        return source
    wording = set(GroupWording.model_fields) & set(own)
    pairs = [(key, value) for key, value in source.root.value if key.value not in wording]
    pairs += [(key, value) for key, value in own_node.value if key.value in wording]
    root = yaml.MappingNode(source.root.tag, pairs, source.root.start_mark, source.root.end_mark)
    data = {**{key: value for key, value in data.items() if key not in wording}, **{key: own[key] for key in wording}}
    return dataclasses.replace(source, data=data, root=root)


def _value_node(node: yaml.Node | None, key: str) -> yaml.MappingNode | None:
    """The mapping under key in a mapping node, if there is one."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key and isinstance(value_node, yaml.MappingNode):
                return value_node
    return None
