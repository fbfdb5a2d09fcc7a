"""The loaded kit: settings and items, as every renderer reads them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from nextround.model.group import GroupOverlay
from nextround.model.interface import InterfaceText
from nextround.model.items import ITEM_KINDS, Item, KitSettings
from nextround.model.reference import english_reference

if TYPE_CHECKING:  # where each item was read from; the loader makes these
    from nextround.load.yamlsource import YamlSource

# Where each kind lives in the site. The heading of its section is the interface string `section_<kind>`.
SECTIONS = {kind: about.folder for kind, about in ITEM_KINDS.items()}
PRINTABLE_KINDS = tuple(kind for kind, about in ITEM_KINDS.items() if about.printable)


@dataclass
class Content:
    """Everything the renderers need, loaded and validated."""

    root: Path
    settings: KitSettings
    items: dict[str, Item]
    sources: dict[str, YamlSource] = field(default_factory=dict)
    # The words of buttons, labels and footers, by name: content/interface.yml.
    interface: dict[str, str] = field(default_factory=dict)
    # The words of the facilitators' reference pages and the models' descriptions they show, by key
    # (model/reference.py): in English, or in this Content's language once translated.
    reference: dict[str, str] = field(default_factory=english_reference)
    paper: str = "a4"
    large_print: bool = False
    # The group this build is for, and the folder its group.yml and logo are in.
    group: GroupOverlay | None = None
    group_folder: Path | None = None
    # The languages of this build, its default first: each is a site, and a set of PDFs and letters.
    languages: list[str] = field(default_factory=list)
    # Texts of this language still in English, or translated from English that changed since (load.translations).
    translation_gaps: list = field(default_factory=list)

    @property
    def language(self) -> str:
        """The language every text of this Content is in."""
        return self.settings.language

    @property
    def language_prefix(self) -> str:
        """Where this language's outputs go within each output folder (see language_folder)."""
        return language_folder(self.languages, self.language)

    @property
    def logo(self) -> Path | None:
        """The group's logo file, when it has one."""
        if self.group and self.group.branding.logo:
            return (self.group_folder / self.group.branding.logo).resolve()
        return None

    @property
    def t(self) -> InterfaceText:
        """The interface strings, as the templates name them: `t.clear_ticks`, or `t["clear_ticks"]` in code."""
        return InterfaceText(self.interface)

    def section_heading(self, kind: str) -> str:
        """The heading of a kind's section of the site, in the menu and on the home page."""
        return self.t[f"section_{kind}"]

    def of_kind(self, kind: str) -> list[Item]:
        return sorted((i for i in self.items.values() if i.kind == kind), key=lambda i: (i.order, i.title))

    def printable(self) -> list[Item]:
        return [i for kind in PRINTABLE_KINDS for i in self.of_kind(kind)]

    def page_path(self, item_id: str) -> str:
        """The Markdown file of an item, relative to the docs folder.

        Each item is a folder's index page, so a web server shows it at
        /checklists/<id>/ while links name the index.html file, which also
        opens from disk.
        """
        item = self.items[item_id]
        return f"{SECTIONS[item.kind]}/{item.id}/index.md"


def language_folder(languages: list[str], language: str) -> str:
    """Where a language's outputs go within each output folder of a build in these languages: the default
    (the first) at the top, each other in a folder named by its code (`es/`)."""
    return "" if not languages or language == languages[0] else f"{language}/"


def markdown_fields(item) -> list[tuple[tuple, str]]:
    """(location, text) of every Markdown field of an item, for link checks and rendering."""
    found = []
    for index, section in enumerate(getattr(item, "sections", [])):
        found.append((("sections", index, "body"), section.body))
    for p, plan in enumerate(getattr(item, "plans", [])):
        for s, step in enumerate(plan.steps):
            if step.notes:
                found.append((("plans", p, "steps", s, "notes"), step.notes))
    return found
