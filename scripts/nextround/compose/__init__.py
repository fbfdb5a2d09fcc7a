"""Compose: the kit in each language of a build, with a group's overlay (group.yml) and the build's settings."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from nextround.errors import BuildError, ContentError, Problem
from nextround.model.content import Content


def load_kits(
    root: Path,
    group: Path | None = None,
    paper: str | None = None,
    large_print: bool = False,
    languages: list[str] | None = None,
    strict: bool = False,
) -> list[Content]:
    """The kit's content, loaded and validated, in each language of the build (its default first),
    as a group sees it when there is one.

    languages (None: the group's, or every language of the kit) narrows the
    build to some of them. paper (None: the group's, or A4) and large_print are
    the build's settings for every PDF. Every problem of every language is
    reported at once; strict refuses a translation's gaps too (see in_language).
    """
    english, overlay, source = _read(root, group)
    chosen = _chosen(english, overlay, source, languages)
    return _compose_each(english, overlay, source, group, chosen, paper, large_print, strict)


def load_kit(
    root: Path,
    group: Path | None = None,
    paper: str | None = None,
    large_print: bool = False,
    language: str | None = None,
) -> Content:
    """The kit in one language of the build (None: its default), composed as load_kits does, and only it."""
    english, overlay, source = _read(root, group)
    chosen = _chosen(english, overlay, source, [language] if language else None)
    return _compose_each(english, overlay, source, group, chosen[:1], paper, large_print, strict=False)[0]


def _read(root: Path, group: Path | None):
    """The kit as written (with a group's own items), and the group's overlay and its source, if any."""
    from nextround.load.loader import load_content

    if group is None:
        return load_content(root), None, None
    from nextround.compose.overlay import load_group_source

    return load_group_source(root, group)


def _chosen(english: Content, overlay, source, asked: list[str] | None) -> list[str]:
    """The build's languages, default first (see build_languages), narrowed to those asked for."""
    from nextround.compose.language import build_languages

    chosen = build_languages(english, overlay, source)
    if not asked:
        return chosen
    unknown = [code for code in asked if code not in chosen]
    if unknown:
        raise BuildError(
            f"--language {unknown[0]}: this build is in {', '.join(chosen)} only. "
            "Choose among them, or add the language to `translations:` in content/kit.yml "
            "(or to `languages:` in the group file)."
        )
    return [code for code in chosen if code in asked]


def _compose_each(english, overlay, source, group, chosen, paper, large_print, strict) -> list[Content]:
    """The kit in each chosen language, with the group's wording for it; every language's problems at once."""
    from nextround.compose.language import in_language, overlay_in_language

    if overlay is not None:
        from nextround.compose.overlay import compose
        from nextround.model.group import GROUP_ADAPTER
    kits: list[Content] = []
    problems: list[Problem] = []
    for code in chosen:
        try:
            content = in_language(english, code, strict)
            if overlay is not None:
                own = overlay_in_language(source, code)
                content = compose(content, GROUP_ADAPTER.validate_python(own.data), own, group)
        except ContentError as exc:
            problems += exc.problems
            continue
        kits.append(
            dataclasses.replace(content, paper=paper or content.paper, large_print=large_print, languages=chosen)
        )
    if problems:
        raise ContentError(problems)
    return kits
