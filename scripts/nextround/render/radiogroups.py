"""Make each radio group of a sheet one form field, as PDF readers and pdf-lib expect.

WeasyPrint writes a group of radio buttons as a parent field whose buttons
each repeat the group's name as their own /T (and /FT), and lists every
button in the form's /Fields beside its group: readers then see the buttons
as fields of their own (pypdf lists `name.name`), and setting the group's
value does not reach them. Here the buttons become plain widgets of their
group: no /T or /FT of their own, and listed only as the group's /Kids. The
group keeps its name, its radio flags, its /Opt (the values 1 to 5) and its
value. Each button keeps its tooltip (/TU, "Homework: 3"), which screen
readers say; the group, which WeasyPrint gives its first button's
("Homework: 1"), is given the row's own ("Homework").

`one_field_per_radio_group` is a WeasyPrint finisher (`write_pdf(finisher=...)`,
WeasyPrint's public hook): it works on the PDF's objects (pydyf) just before
they are written, so the file is written once and its streams (the XMP
metadata among them) stay as WeasyPrint compressed them.
"""

from __future__ import annotations

# PDF 1.7, 12.7.4.2.4: Radio (bit 16).
RADIO = 1 << 15


def one_field_per_radio_group(document, pdf) -> None:
    """A WeasyPrint finisher: regroup every radio group's buttons under their group, in place."""
    groups = {
        obj.reference: obj
        for obj in pdf.objects
        if isinstance(obj, dict) and obj.get("FT") == "/Btn" and int(obj.get("Ff", 0)) & RADIO and "Kids" in obj
    }
    if not groups:
        return
    buttons = set()
    for obj in pdf.objects:
        if isinstance(obj, dict) and obj.get("Parent") in groups:
            obj.pop("T", None)
            obj.pop("FT", None)
            buttons.add(obj.reference)
    fields = pdf.catalog["AcroForm"]["Fields"]
    fields[:] = [field for field in fields if field not in buttons]
    for group in groups.values():
        _name_the_group(group)


def _name_the_group(group) -> None:
    """ "Homework: 1" (the template titles each button "<row>: <value>") becomes "Homework"."""
    import pydyf

    options = [_text(option) for option in group.get("Opt", [])]
    title = _text(group.get("TU", ""))
    if options and title.endswith(f": {options[0]}"):
        group["TU"] = pydyf.String(title[: -len(f": {options[0]}")])


def _text(value) -> str:
    """The text of a pydyf.String (or of a plain str)."""
    return str(getattr(value, "string", value))
