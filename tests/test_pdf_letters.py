"""Letters as downloads beside the PDFs: .txt and Word files, filled with examples and blank."""

import re

from docx import Document
from docx.enum.text import WD_COLOR_INDEX

PLACEHOLDER = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")


def expected_paragraphs(letter, values: dict[str, str]) -> list[str]:
    """The letter's paragraphs as a reader sees them: subject first, placeholders filled."""
    texts = ([f"Subject: {letter.subject}"] if letter.subject else []) + [
        p.strip() for p in re.split(r"\n\s*\n", letter.body.strip()) if p.strip()
    ]
    return [PLACEHOLDER.sub(lambda m: values[m.group(1)], text) for text in texts]


def variants(letter):
    yield "", {f.name: f.example for f in letter.fields}
    yield "-blank", {f.name: f"[{f.label}]" for f in letter.fields}


def test_every_letter_is_a_txt_and_a_docx_filled_and_blank(built, kit):
    for letter in kit.of_kind("letter"):
        for suffix, values in variants(letter):
            paragraphs = expected_paragraphs(letter, values)
            txt = (built / "letters" / f"{letter.id}{suffix}.txt").read_text(encoding="utf-8")
            assert txt == "\n\n".join(paragraphs) + "\n"
            document = Document(built / "letters" / f"{letter.id}{suffix}.docx")
            assert [p.text for p in document.paragraphs] == paragraphs, letter.id
            assert document.core_properties.title == letter.title


def test_docx_highlights_exactly_the_filled_in_values(built, kit):
    for letter in kit.of_kind("letter"):
        for suffix, values in variants(letter):
            document = Document(built / "letters" / f"{letter.id}{suffix}.docx")
            highlighted = {
                run.text
                for p in document.paragraphs
                for run in p.runs
                if run.font.highlight_color == WD_COLOR_INDEX.YELLOW
            }
            used = {values[name] for name in PLACEHOLDER.findall((letter.subject or "") + letter.body)}
            assert highlighted == used, f"{letter.id}{suffix}"
            plain = " ".join(
                run.text for p in document.paragraphs for run in p.runs if run.font.highlight_color is None
            )
            assert "{{" not in plain, f"{letter.id}{suffix}: a placeholder was left unfilled"
            for value in used:
                assert value not in plain, f"{letter.id}{suffix}: {value!r} appears without its highlight"


def test_letters_are_offered_on_the_site(built, kit):
    for letter in kit.of_kind("letter"):
        for name in (f"{letter.id}.docx", f"{letter.id}-blank.docx", f"{letter.id}.txt", f"{letter.id}-blank.txt"):
            assert (built / "site" / "downloads" / "letters" / name).read_bytes() == (
                built / "letters" / name
            ).read_bytes()


def test_the_same_letter_values_and_date_give_the_same_word_file(kit, tmp_path, monkeypatch):
    import io
    import time
    import zipfile
    from datetime import datetime

    from nextround.render.letters import write_files

    letter = kit.of_kind("letter")[0]
    date = datetime(2026, 3, 4, 5, 6, 8)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    write_files(letter, first, date, kit.t)
    # Saving stamps zip entries with the clock: a later write must not differ.
    later = time.time() + 3 * 86400
    monkeypatch.setattr(time, "time", lambda: later)
    write_files(letter, second, date, kit.t)
    for suffix, values in variants(letter):
        name = f"{letter.id}{suffix}.docx"
        data = (first / name).read_bytes()
        assert data == (second / name).read_bytes(), name
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.testzip() is None
            assert {entry.date_time for entry in archive.infolist()} == {(2026, 3, 4, 5, 6, 8)}
            assert {entry.compress_type for entry in archive.infolist()} == {zipfile.ZIP_DEFLATED}
            assert archive.namelist()[0] == "[Content_Types].xml"
        document = Document(io.BytesIO(data))
        assert [p.text for p in document.paragraphs] == expected_paragraphs(letter, values)
        assert document.core_properties.title == letter.title
        assert document.core_properties.modified.replace(tzinfo=None) == date
