"""Compose: apply a group's overlay (group.yml) and a build's settings to the loaded kit."""

from __future__ import annotations

from pathlib import Path

from nextround.model.content import Content


def load_kit(root: Path, group: Path | None = None, paper: str | None = None, large_print: bool = False) -> Content:
    """The kit's content, loaded and validated, as a group sees it when there is one.

    paper (None: the group's, or A4) and large_print are the build's settings for every PDF.
    """
    if group is None:
        from nextround.load.loader import load_content

        content = load_content(root)
    else:
        from nextround.compose.overlay import load_group_content

        content = load_group_content(root, group)
    content.paper = paper or content.paper
    content.large_print = large_print
    return content
