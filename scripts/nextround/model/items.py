"""The content schema: every kind of item in the kit, declared once.

Validation, the JSON Schema for editors and the format reference page in the
site are all generated from these models and their field descriptions, so the
descriptions are written for the facilitator who edits the YAML.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# The content brief's points are P01 to P{BRIEF_POINT_COUNT}: the list, the
# pattern items are checked against and the messages all come from this number.
BRIEF_POINT_COUNT = 52
BRIEF_POINTS = [f"P{number:02d}" for number in range(1, BRIEF_POINT_COUNT + 1)]


def _two_digits_up_to(last: int) -> str:
    """A regular expression matching the two-digit numbers 01 to last (1 to 99), for example
    `0[1-9]|[1-4][0-9]|5[0-2]` for 52."""

    def span(low: int, high: int) -> str:
        return str(low) if low == high else f"[{low}-{high}]"

    tens, units = divmod(last, 10)
    if tens == 0:
        return f"0{span(1, units)}"
    parts = ["0[1-9]"]
    if tens > 1:
        parts.append(f"{span(1, tens - 1)}[0-9]")
    parts.append(f"{tens}{span(0, units)}")
    return "|".join(parts)


BRIEF_POINT_PATTERN = rf"^P({_two_digits_up_to(BRIEF_POINT_COUNT)})$"

ItemId = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
        description="Lowercase words joined by hyphens, for example `thank-you-note`.",
    ),
]
PointId = Annotated[
    str,
    Field(
        pattern=BRIEF_POINT_PATTERN,
        description=f"A point of the content brief, {BRIEF_POINTS[0]} to {BRIEF_POINTS[-1]}.",
    ),
]
FieldName = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*$",
        description="Lowercase letters, digits and underscores, for example `interviewer_name`.",
    ),
]


class Translatable:
    """Marks a kind of text that a language's translation files give (see model.translation)."""


TRANSLATABLE = Translatable()
Text = Annotated[str, Field(min_length=1, description="Plain text, shown exactly as written."), TRANSLATABLE]
Markdown = Annotated[
    str,
    Field(
        min_length=1,
        description="Markdown. Link to another item with `[words](item:ID)`.",
    ),
    TRANSLATABLE,
]
# A language code: `es`, `pt-BR`. Also what names a content folder of translations (load.loader).
LANGUAGE_CODE_PATTERN = r"^[a-z]{2}(-[A-Z]{2})?$"
LanguageCode = Annotated[
    str, Field(pattern=LANGUAGE_CODE_PATTERN, description="A language code, for example `en` or `es`.")
]


def require_unique(ids: list[str], message: str) -> None:
    """Refuse the first id given twice, with message (its `{}` is the id): how validators say so."""
    seen: set[str] = set()
    for value in ids:
        if value in seen:
            raise ValueError(message.format(value))
        seen.add(value)


class Strict(BaseModel):
    """Base for every model: unknown keys are mistakes, not extras."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ItemBase(Strict):
    id: ItemId = Field(description="Unique id across the kit. It names the page, the PDF and the form fields.")
    title: Text = Field(description="The title readers see at the top of the page and the PDF.")
    order: int = Field(100, description="Position within its section of the site: lower numbers come first.")
    covers: list[PointId] = Field(
        default_factory=list,
        description="Which points of the content brief this item covers, for example `[P01, P03]`.",
    )


# --- guide and facilitator pages -------------------------------------------


class Section(Strict):
    heading: Text = Field(description="The section heading.")
    body: Markdown = Field(description="The section text in Markdown.")


class Guide(ItemBase):
    """A page of the guide for job seekers, in the order of their journey."""

    kind: Literal["guide"]
    summary: Text = Field(description="One or two sentences shown under the title and in search results.")
    sections: list[Section] = Field(min_length=1, description="The page's sections, in reading order.")
    related: list[ItemId] = Field(
        default_factory=list, description="Ids of checklists, letters, worksheets or pages that go with this page."
    )


class PlanStep(Strict):
    minutes: int = Field(gt=0, le=240, description="How long this step takes, in minutes.")
    activity: Text = Field(description="What happens, in a few words.")
    notes: Markdown | None = Field(None, description="How to run the step.")
    handout: ItemId | None = Field(
        None, description="Id of the checklist, worksheet or set of role-play cards to hand out at this step."
    )
    more_handouts: list[ItemId] = Field(
        default_factory=list,
        description="Ids of more things to hand out at this step, after `handout`: for example the role-play "
        "cards and the observer sheet, for a role play.",
    )
    say: Text | None = Field(
        None,
        description="What you say to the group to start this step, in one or two sentences. It is printed on "
        "the plan's run-sheet; without it the run-sheet shows the activity.",
    )

    @property
    def handouts(self) -> list[str]:
        """Everything handed out at this step, in order: `handout`, then `more_handouts`."""
        return [*([self.handout] if self.handout else []), *self.more_handouts]


class SessionPlan(Strict):
    id: ItemId = Field(description="Id of the plan, for example `sixty-minutes`.")
    title: Text = Field(description="Name of the plan, for example `A 60-minute session`.")
    steps: list[PlanStep] = Field(min_length=1, description="The steps in running order.")


class Facilitator(ItemBase):
    """A page of the facilitator guide: session plans, activities and advice."""

    kind: Literal["facilitator"]
    summary: Text = Field(description="One or two sentences shown under the title and in search results.")
    plans: list[SessionPlan] = Field(default_factory=list, description="Session plans with timings.")
    sections: list[Section] = Field(min_length=1, description="The page's sections, in reading order.")
    related: list[ItemId] = Field(default_factory=list, description="Ids of items that go with this page.")


# --- checklists --------------------------------------------------------------


class ChecklistItem(Strict):
    id: ItemId = Field(
        description="Id of the item, unique within the checklist. Keys the tick box on the site and in the PDF."
    )
    text: Text = Field(description="What to do or check, as a short sentence.")
    help: Text | None = Field(None, description="Optional extra advice shown under the item.")


class ChecklistGroup(Strict):
    id: ItemId | None = Field(None, description="Optional id, so that a group overlay can address this group.")
    title: Text = Field(description="Heading of the group.")
    items: list[ChecklistItem] = Field(min_length=1, description="The items to tick.")


class Checklist(ItemBase):
    """A list of things to do or check, ticked on the site or on paper."""

    kind: Literal["checklist"]
    intro: Text = Field(description="A sentence or two on when and how to use the checklist.")
    groups: list[ChecklistGroup] = Field(min_length=1, description="Groups of items, each with a heading.")

    @model_validator(mode="after")
    def _item_ids_unique(self) -> Checklist:
        ids = [item.id for group in self.groups for item in group.items]
        require_unique(ids, "item id '{}' is used twice in this checklist; give each item its own id")
        return self


# --- letters -------------------------------------------------------------------


class LetterField(Strict):
    name: FieldName = Field(description="The placeholder name used as `{{ name }}` in the subject and body.")
    label: Text = Field(description="The label of the input on the letter builder, for example `Your name`.")
    description: Text = Field(description="What to put in this field.")
    example: Text = Field(description="A realistic example value; the example letter is filled with these.")


class Letter(ItemBase):
    """A letter, email, message or phone script with fill-in fields."""

    kind: Literal["letter"]
    channel: Literal["email", "letter", "phone", "post"] = Field(
        "email", description="How it is sent: `email`, `letter`, `phone` (a script) or `post` (a social media post)."
    )
    when: Text = Field(description="When to use this letter, in a sentence or two.")
    fields: list[LetterField] = Field(min_length=1, description="The fill-in fields.")
    subject: Text | None = Field(None, description="Email subject line, with `{{ name }}` placeholders.")
    body: Text = Field(description="The text, with `{{ name }}` placeholders. Blank lines separate paragraphs.")
    tips: list[Text] = Field(default_factory=list, description="Short tips on adapting or sending it.")

    @field_validator("fields")
    @classmethod
    def _field_names_unique(cls, fields: list[LetterField]) -> list[LetterField]:
        require_unique([f.name for f in fields], "field name '{}' is declared twice; give each field its own name")
        return fields


# --- worksheets ----------------------------------------------------------------


class BlockBase(Strict):
    id: ItemId = Field(description="Id of the block, unique within the worksheet. Names its form fields.")
    label: Text = Field(description="The question or heading of the block.")
    help: Text | None = Field(None, description="Optional hint shown under the label.")


class LinesBlock(BlockBase):
    type: Literal["lines"]
    lines: int = Field(4, ge=1, le=30, description="How many ruled lines to write on.")


class TableBlock(BlockBase):
    type: Literal["table"]
    columns: list[Text] = Field(min_length=1, max_length=6, description="Column headings.")
    rows: int = Field(5, ge=1, le=40, description="How many empty rows to write in.")


class ScaleRow(Strict):
    id: ItemId = Field(description="Id of the row, unique within the block.")
    text: Text = Field(description="What is being rated.")
    help: Text | None = Field(None, description="Optional prompt shown under the row.")


class ScaleBlock(BlockBase):
    type: Literal["scale"]
    rows: list[ScaleRow] = Field(min_length=1, description="The things to rate from 1 to 5.")
    low: Text = Field("Not at all", description="What 1 means.")
    high: Text = Field("Very well", description="What 5 means.")
    notes: bool = Field(True, description="Whether each row has space for notes.")


class CheckboxItem(Strict):
    id: ItemId = Field(description="Id of the box, unique within the block.")
    text: Text = Field(description="The text beside the box.")


class CheckboxesBlock(BlockBase):
    type: Literal["checkboxes"]
    items: list[CheckboxItem] = Field(min_length=1, description="The boxes to tick.")


class BoxBlock(BlockBase):
    type: Literal["box"]
    size: Literal["small", "medium", "large"] = Field("medium", description="How much room to write in.")


Block = Annotated[
    LinesBlock | TableBlock | ScaleBlock | CheckboxesBlock | BoxBlock,
    Field(discriminator="type"),
]


class Worksheet(ItemBase):
    """A printable page to write on, also fillable on screen."""

    kind: Literal["worksheet"]
    instructions: Text = Field(description="How to use the worksheet, in a sentence or three.")
    header_fields: list[Literal["name", "date"]] = Field(
        ["name", "date"],
        description="What the top of the printed sheet asks for: `[name, date]` (the default), `[date]` "
        "on a sheet people fill in anonymously or together, or `[]` for nothing.",
    )
    blocks: list[Block] = Field(min_length=1, description="What to fill in, in order.")

    @model_validator(mode="after")
    def _block_ids_unique(self) -> Worksheet:
        ids = [b.id for b in self.blocks]
        require_unique(ids, "block id '{}' is used twice in this worksheet; give each block its own id")
        return self


# --- role-play cards ---------------------------------------------------------


class Card(Strict):
    id: ItemId = Field(description="Id of the card, unique within the set.")
    label: Text = Field(
        description="What kind of card it is, printed small above the heading, for example `Scenario` "
        "or `Feedback to give`."
    )
    heading: Text = Field(description="The card's heading, for example the job and who is calling.")
    text: Text | None = Field(None, description="What the card says, in a sentence or a short paragraph.")
    points: list[Text] = Field(
        default_factory=list, description="Short points, printed as a list under the text, for example what to say."
    )

    @model_validator(mode="after")
    def _says_something(self) -> Card:
        if not self.text and not self.points:
            raise ValueError(f"card '{self.id}' is empty; give it a `text:`, `points:` or both")
        return self


class Cards(ItemBase):
    """A set of role-play cards, printed several to a page and cut out along the dashed lines."""

    kind: Literal["cards"]
    intro: Text = Field(description="How to use the cards in the session, in a sentence or three.")
    cards: list[Card] = Field(min_length=1, description="The cards, in the order they are printed.")

    @model_validator(mode="after")
    def _card_ids_unique(self) -> Cards:
        ids = [card.id for card in self.cards]
        require_unique(ids, "card id '{}' is used twice in this set; give each card its own id")
        return self


# --- every kind of item, once ------------------------------------------------


@dataclass(frozen=True)
class ItemKind:
    """What the kit knows of one kind of item besides its model."""

    model: type[ItemBase]
    folder: str  # the site's folder of its pages: /<folder>/<id>/ (its heading: `section_<kind>` in interface.yml)
    printable: bool = False  # a PDF sheet is made of it, so it can be handed out


def _kind_of(model: type[ItemBase]) -> str:
    return get_args(model.model_fields["kind"].annotation)[0]


# Every kind of item, keyed by its `kind:` value (from the model's Literal), in
# the order of the site's sections, the format reference and `nextround list`.
# The Item union, KINDS, the site's sections and the validator's vocabulary
# all come from here.
ITEM_KINDS: dict[str, ItemKind] = {
    _kind_of(kind.model): kind
    for kind in (
        ItemKind(Guide, "guide"),
        ItemKind(Checklist, "checklists", printable=True),
        ItemKind(Letter, "letters"),
        ItemKind(Worksheet, "worksheets", printable=True),
        ItemKind(Cards, "cards", printable=True),
        ItemKind(Facilitator, "facilitator"),
    )
}
KINDS = tuple(ITEM_KINDS)
ITEM_MODELS = tuple(kind.model for kind in ITEM_KINDS.values())
Item = Annotated[functools.reduce(operator.or_, ITEM_MODELS), Field(discriminator="kind")]


class KitSettings(Strict):
    """Settings of the kit as a whole: `content/kit.yml`."""

    kind: Literal["kit"]
    title: Text = Field(description="Name of the kit, shown in the header, PDF footers and metadata.")
    tagline: Text = Field(description="One line under the title on the home page.")
    author: Text = Field(description="Who publishes the kit; written into PDF metadata.")
    language: LanguageCode = Field("en", description="The language the kit's items are written in, for example `en`.")
    translations: list[LanguageCode] = Field(
        default_factory=list,
        description="The languages the kit is translated into, for example `[es]`. Each has a folder of "
        "translations, `content/<code>/`, and the build makes a kit in each.",
    )
    welcome: Markdown = Field(description="The home page text under the tagline.")
