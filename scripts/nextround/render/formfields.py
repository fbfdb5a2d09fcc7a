"""A worksheet's form fields, named once for the fillable PDF and the web form alike.

The print templates (worksheets/_worksheet.html.j2, which WeasyPrint turns
into PDF form fields) and the site's worksheet pages
(render/templates/worksheet.md.j2) both lay out what `worksheet_form` lists,
so a field typed into on the site has the name of the field it fills in the
downloaded PDF. `worksheet_fields` is the same list, flat, in page order.
Labels are made with the interface strings `t` (`header_name`, `cell_label`, ...);
names never depend on them.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

# Joins the parts of a form field name. Ids never contain two hyphens in a
# row, so names stay unambiguous; the site names its checkboxes the same way.
FIELD_SEPARATOR = "--"
SCALE_POINTS = (1, 2, 3, 4, 5)
_NOT_IN_NAME = re.compile(r"[^a-z0-9]+")


def field_name(*parts: str) -> str:
    """A PDF form field name from ids and labels, e.g. 'interview-debrief--questions--row-1--what-i-said'.

    Pass each id or label as its own part: each is made lowercase words
    joined by single hyphens, then the parts are joined by FIELD_SEPARATOR.
    """
    return FIELD_SEPARATOR.join(_NOT_IN_NAME.sub("-", _unaccented(str(part).lower())).strip("-") for part in parts)


def _unaccented(text: str) -> str:
    """The text with its letters' accents dropped, so "Acción" names a field `accion`, not `acci-n`."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@dataclass(frozen=True)
class FormField:
    """One field: its name (the same in the PDF and on the page), what kind it is, and its label.

    kind is "text" (one line), "multiline", "checkbox" or "radio"; a radio
    field is one group whose options are its values. The label is the PDF
    field's tooltip (/TU), what a screen reader says for it.
    """

    name: str
    kind: str
    label: str
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScaleLine:
    """One row of a scale: what is rated, its 1 to 5 choice, and its notes (if the block has notes)."""

    row: object
    choice: FormField
    notes: FormField | None


@dataclass(frozen=True)
class BlockForm:
    """The fields of one block, shaped as the block is laid out.

    lines and box: `field`; table: `rows`, one tuple of cells (a field per
    column) per row; scale: `lines`; checkboxes: `boxes`, (entry, field) pairs.
    """

    block: object
    field: FormField | None = None
    rows: tuple[tuple[FormField, ...], ...] = ()
    lines: tuple[ScaleLine, ...] = ()
    boxes: tuple[tuple[object, FormField], ...] = ()

    @property
    def fields(self) -> list[FormField]:
        found = [self.field] if self.field else []
        found += [cell for row in self.rows for cell in row]
        for line in self.lines:
            found += [line.choice, line.notes] if line.notes else [line.choice]
        return found + [box for _, box in self.boxes]


def header_field(item, name: str, t) -> FormField:
    """A field at the top of a sheet: "name" or "date", labelled by the interface string `header_<name>`."""
    return FormField(field_name(item.id, "header", name), "text", t[f"header_{name}"])


def block_form(item, block, t) -> BlockForm:
    """The fields of one of a worksheet's blocks."""
    base = (item.id, block.id)
    if block.type in ("lines", "box"):
        return BlockForm(block, field=FormField(field_name(*base), "multiline", block.label))
    if block.type == "table":
        rows = tuple(
            tuple(
                FormField(
                    field_name(*base, f"row-{row}", column), "multiline", t["cell_label"].format(column=column, row=row)
                )
                for column in block.columns
            )
            for row in range(1, block.rows + 1)
        )
        return BlockForm(block, rows=rows)
    if block.type == "scale":
        points = tuple(str(point) for point in SCALE_POINTS)
        lines = tuple(
            ScaleLine(
                row,
                FormField(field_name(*base, row.id), "radio", row.text, points),
                FormField(field_name(*base, row.id, "notes"), "multiline", t["notes_label"].format(text=row.text))
                if block.notes
                else None,
            )
            for row in block.rows
        )
        return BlockForm(block, lines=lines)
    if block.type == "checkboxes":
        boxes = tuple((entry, FormField(field_name(*base, entry.id), "checkbox", entry.text)) for entry in block.items)
        return BlockForm(block, boxes=boxes)
    raise ValueError(f"{item.id}: no form fields for a block of type {block.type!r}")


@dataclass(frozen=True)
class WorksheetForm:
    header: tuple[FormField, ...]
    blocks: tuple[BlockForm, ...]


def worksheet_form(item, t) -> WorksheetForm:
    """A worksheet's fields: those at the top of the sheet, then each block's."""
    return WorksheetForm(
        tuple(header_field(item, name, t) for name in item.header_fields),
        tuple(block_form(item, block, t) for block in item.blocks),
    )


def worksheet_fields(item, t) -> list[FormField]:
    """Every field of a worksheet, in the order of the page."""
    form = worksheet_form(item, t)
    return [*form.header, *(field for block in form.blocks for field in block.fields)]


def write_pdf_script(pdf_path: Path, item_id: str) -> None:
    """Write the PDF beside itself as `<name>.pdf.js`, a script that hands its bytes (base64) to nextround.js.

    "Download my filled-in PDF" loads it with a <script> tag: a page opened
    from disk (file://) may load scripts from its folder but may not fetch()
    files there.
    """
    data = base64.b64encode(pdf_path.read_bytes()).decode("ascii")
    script = f'(window.nextroundPdfs = window.nextroundPdfs || {{}})["{item_id}"] = "{data}";\n'
    pdf_path.with_name(pdf_path.name + ".js").write_text(script, encoding="ascii")
