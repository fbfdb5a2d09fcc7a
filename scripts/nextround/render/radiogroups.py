"""Make each radio group of a rendered sheet one form field, as PDF readers and pdf-lib expect.

WeasyPrint writes a group of radio buttons as a parent field whose buttons
each repeat the group's name as their own /T (and /FT): readers then see the
buttons as fields of their own (pypdf lists `name.name`), and setting the
group's value does not reach them. Here the buttons become plain widgets of
their group: no /T, /FT, /Ff or /V of their own, and no longer listed in the
form's /Fields beside their group. The parent keeps its name,
its type, its radio flags, its /Opt (the values 1 to 5) and its value. Each
button keeps its tooltip (/TU, "Homework: 3"), which screen readers say; the
group, which WeasyPrint gives its first button's ("Homework: 1"), is given
the row's own ("Homework").
"""

from __future__ import annotations

import io

# PDF 1.7, 12.7.4.2.4: Radio (bit 16); NoToggleToOff (bit 15).
RADIO = 1 << 15
NO_TOGGLE_TO_OFF = 1 << 14
_FIELD_KEYS = ("/T", "/FT", "/Ff", "/V", "/DV", "/Opt")


def one_field_per_radio_group(data: bytes) -> bytes:
    """The PDF with every radio group made one field of plain widget buttons; unchanged when it has none."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        form = pdf.Root.get("/AcroForm")
        changed = False
        for field in form.get("/Fields", []) if form is not None else []:
            if not _is_radio_group(field):
                continue
            field.Ff = int(field.get("/Ff", 0)) | RADIO | NO_TOGGLE_TO_OFF
            field.V = field.get("/V", pikepdf.Name.Off)
            _name_the_group(field)
            for kid in field.Kids:
                for key in _FIELD_KEYS:
                    if key in kid:
                        del kid[key]
                kid.Parent = field
            changed = True
        if not changed:
            return data
        # /Fields lists the form's top-level fields; WeasyPrint listed each button there too.
        form.Fields = pikepdf.Array([field for field in form.Fields if "/Parent" not in field])
        out = io.BytesIO()
        # The file id stays a hash of the content, so building twice gives the same bytes.
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


def _is_radio_group(field) -> bool:
    return (
        field.get("/FT") == "/Btn"
        and int(field.get("/Ff", 0)) & RADIO
        and any("/T" in kid for kid in field.get("/Kids", []))
    )


def _name_the_group(field) -> None:
    """ "Homework: 1" (the template titles each button "<row>: <value>") becomes "Homework"."""
    options = [str(option) for option in field.get("/Opt", [])]
    title = str(field.get("/TU", ""))
    if options and title.endswith(f": {options[0]}"):
        field.TU = title[: -len(f": {options[0]}")]
