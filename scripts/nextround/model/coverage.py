"""Which items cover which points of the content brief."""

from __future__ import annotations

from nextround.model.content import Content
from nextround.model.items import BRIEF_POINTS

__all__ = ["BRIEF_POINTS", "coverage_map"]


def coverage_map(content: Content) -> dict[str, list[str]]:
    """Every brief point with the ids of the items that cover it (empty when none does)."""
    covered: dict[str, list[str]] = {point: [] for point in BRIEF_POINTS}
    for item in content.items.values():
        for point in item.covers:
            covered[point].append(item.id)
    return covered
