"""The group overlay: one facilitator's `group.yml`, declared once.

Validation, the JSON Schema for editors (`content/group.schema.json`) and the
"Customise for your group" page are generated from these models and their
field descriptions, so the descriptions are written for the facilitator.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, TypeAdapter

from nextround.model.items import FieldName, ItemId, LanguageCode, Strict, Text

GROUP_FILE = "group.yml"
# Beside content/schema.json, so editors find both in the kit.
GROUP_SCHEMA_NAME = "group.schema.json"
LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")
MAX_LOGO_BYTES = 2_000_000

# The placeholders a facilitator may use in a group's own text, and what each becomes: for the
# "Customise for your group" page (model/reference.py) and for "did you mean" (compose/placeholders.py).
PLACEHOLDERS = {
    "group.name": "the group's name",
    "group.organisation": "who runs the group",
    "group.facilitators": 'the facilitators\' names; write `{{ group.facilitators | join(", ") }}` for a list',
    "group.contact.email": "the contact email",
    "group.contact.phone": "the contact phone number",
    "group.contact.url": "the contact web address",
    "group.sessions[0].date": "the first session's date, for example `Thursday 3 December 2026`",
    "group.sessions[0].time": "the first session's time",
    "group.sessions[0].venue": "the first session's venue",
    "title": "the title of this build of the kit",
}


class Contact(Strict):
    """How people in the group reach the facilitators."""

    email: Text | None = Field(None, description="Email address, for example `jobs@riverside.example`.")
    phone: Text | None = Field(None, description='Phone number, in quotes, for example `"555 0100"`.')
    url: Text | None = Field(None, pattern=r"^https?://", description="A web address starting with `https://`.")


class Session(Strict):
    """One meeting of the group."""

    date: datetime.date = Field(description="The day, written as year-month-day, for example `2026-12-03`.")
    time: Text | None = Field(None, description='When it runs, in quotes, for example `"10:00-12:00"`.')
    venue: Text | None = Field(None, description="Where it is, for example `Room 2, Riverside Library`.")


class GroupInfo(Strict):
    """Who the group is: shown on the site's home page and on the workshop pack's cover."""

    name: Text = Field(description="The group's name, for example `Riverside Job Club`.")
    organisation: Text | None = Field(None, description="Who runs the group, for example `Riverside Library`.")
    facilitators: list[Text] = Field(
        default_factory=list, description="Names of the facilitators, for example `[Ana Ruiz]`."
    )
    contact: Contact | None = Field(None, description="How to reach the facilitators: `email`, `phone`, `url`.")
    sessions: list[Session] = Field(
        default_factory=list, description="The group's meetings, each with `date`, `time` and `venue`."
    )


class Branding(Strict):
    """How the site and the PDFs look for this group."""

    title: Text | None = Field(
        None, description="Replaces the kit's name in the site header, the PDFs and their footers."
    )
    logo: Text | None = Field(
        None,
        description="A logo file (SVG, PNG or JPEG, at most 2 MB), relative to the group folder, "
        "for example `logo.svg`. "
        "Shown in the site header and at the top of every PDF.",
    )
    colour: Text | None = Field(
        None,
        pattern=r"^#[0-9a-fA-F]{6}$",
        description='The main colour as `"#rrggbb"` in quotes, for example `"#1b5e20"`. '
        "It must be dark enough for white text on it.",
    )


class Addition(Strict):
    """A new entry inside an existing item: a checklist item, a worksheet block, a page section, a letter tip."""

    to: ItemId = Field(description="Id of the item that gets the new entry, for example `next-steps`.")
    after: ItemId | None = Field(
        None,
        description="Id of the entry to put it after, for example `network`. Without it, the entry goes at the end: "
        "of the last group of a checklist, the blocks of a worksheet, the sections of a page, the tips of a letter.",
    )
    into: ItemId | None = Field(
        None,
        description="Id of the checklist group, worksheet block or session plan whose list gets the entry at its end, "
        "for example `reach-out`. Use `after` or `into`, not both.",
    )
    item: dict[str, Any] = Field(
        description="The new entry, written as the kit writes entries of that list, for example "
        '`{id: visit-desk, text: "Book a slot at the careers desk"}`.',
    )


class Resource(Strict):
    """A place near the group where people can get help."""

    name: Text = Field(description="Name of the service, for example `Riverside careers desk`.")
    description: Text | None = Field(None, description="What they offer and when, in a sentence.")
    phone: Text | None = Field(None, description="Phone number, in quotes.")
    email: Text | None = Field(None, description="Email address.")
    url: Text | None = Field(None, pattern=r"^https?://", description="A web address starting with `https://`.")
    address: Text | None = Field(None, description="Where to find it.")


class GroupWording(Strict):
    """The keys of a group file that hold the group's own words: given once, or per language under `by_language`."""

    overrides: dict[ItemId, dict[str, Any]] = Field(
        default_factory=dict,
        description="New values for fields of items, by item id. "
        "Entries of a list that have ids (checklist groups and items, "
        "worksheet blocks, session plans) are addressed by their id; any other list is replaced whole.",
    )
    add: list[Addition] = Field(default_factory=list, description="New entries inside existing items.")
    resources: list[Resource] = Field(
        default_factory=list, description='Local help, shown on a "Local help" page and on the workshop pack\'s cover.'
    )
    letter_defaults: dict[FieldName, Text] = Field(
        default_factory=dict,
        description="Values for letter fields, by field name, for example `{location: 'in or near Riverside'}`. "
        "Every letter with "
        "that field shows the value in its example and builder, until the reader types their own.",
    )


class GroupOverlay(GroupWording):
    """A group's `group.yml`: everything that makes the kit speak to one group.

    Every key but `group` is optional; text may use placeholders such as
    `{{ group.name }}`.
    """

    group: GroupInfo = Field(
        description="Who the group is: `name`, `organisation`, `facilitators`, `contact`, `sessions`."
    )
    branding: Branding = Field(default_factory=Branding, description="The group's `title`, `logo` and `colour`.")
    paper: Literal["a4", "letter"] = Field("a4", description="Paper size of every PDF: `a4` or `letter`.")
    include: list[ItemId] = Field(
        default_factory=list,
        description="Build only these items, plus the checklists and worksheets their session plans hand out. "
        "Leave it empty to build the whole kit.",
    )
    exclude: list[ItemId] = Field(
        default_factory=list,
        description="Items to drop everywhere: pages, menus, search, PDFs and the pack. "
        "Links to them become plain words.",
    )
    pack: list[ItemId] = Field(
        default_factory=list,
        description="Checklists and worksheets for the workshop pack, in the order you want them. "
        "Leave it empty for every one in the build, in the order of the facilitator guide.",
    )
    languages: list[LanguageCode] = Field(
        default_factory=list,
        description="The languages of the group's site and PDFs, the first being the default, for example "
        "`[es, en]`. Leave it empty for every language of the kit; `[es]` builds a kit in Spanish only.",
    )
    by_language: dict[LanguageCode, GroupWording] = Field(
        default_factory=dict,
        description="The group's own wording in one language: `overrides`, `add`, `resources` and "
        "`letter_defaults` given here, for example under `es:`, replace the ones given once for the "
        "whole group when that language is built.",
    )


GROUP_ADAPTER = TypeAdapter(GroupOverlay)


def group_file(folder: Path) -> Path:
    return folder / GROUP_FILE
