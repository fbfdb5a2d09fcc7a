"""Compose: the kit in each language of a build, with a group's overlay (group.yml) and the build's settings."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from nextround.errors import ContentError, Problem
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
    reported at once.
    """
    from nextround.compose.language import build_languages, in_language, overlay_in_language
    from nextround.load.loader import load_content

    overlay = source = None
    if group is None:
        english = load_content(root)
    else:
        from nextround.compose.overlay import load_group_source

        english, overlay, source = load_group_source(root, group)
    chosen = build_languages(english, overlay, source)
    if languages:
        _check_asked(languages, chosen, english)
        chosen = [code for code in chosen if code in languages]
    kits: list[Content] = []
    problems: list[Problem] = []
    for code in chosen:
        try:
            content = in_language(english, code, strict)
            if overlay is not None:
                from nextround.compose.overlay import compose
                from nextround.model.group import GROUP_ADAPTER

                own = overlay_in_language(source, code)
                content = compose(content, GROUP_ADAPTER.validate_python(own.data), own, group)
        except ContentError as exc:
            problems += exc.problems
            continue
        content = dataclasses.replace(content, paper=paper or content.paper, large_print=large_print, languages=chosen)
        kits.append(content)
    if problems:
        raise ContentError(problems)
    return kits


def load_kit(
    root: Path,
    group: Path | None = None,
    paper: str | None = None,
    large_print: bool = False,
    language: str | None = None,
) -> Content:
    """The kit in one language of the build (None: its default), as load_kits makes it."""
    return load_kits(root, group, paper, large_print, [language] if language else None)[0]


def _check_asked(asked: list[str], chosen: list[str], content: Content) -> None:
    unknown = [code for code in asked if code not in chosen]
    if unknown:
        from nextround.errors import BuildError

        raise BuildError(
            f"--language {unknown[0]}: this build is in {', '.join(chosen)} only. "
            "Choose among them, or add the language to `translations:` in content/kit.yml "
            "(or to `languages:` in the group file)."
        )
