"""Hostile text stays text: on the site, in the PDFs, in letters and in the loader."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from nextround.errors import ContentError
from nextround.load.loader import load_content, use_site_markdown
from nextround.text import letters
from nextround.text.markup import is_unsafe_url, markdown_settings, safe_markdown
from test_broken_inputs import small_kit

from conftest import ROOT, page_text, run_nextround, squash

# Render, and check, with the extensions and options of the kit's mkdocs.yml, as the site does.
use_site_markdown(ROOT)
EXTENSIONS, EXTENSION_CONFIGS = markdown_settings()

SCRIPT = '<script>alert("pwned")</script>'
# Appended to every plain text field: HTML, an event handler, Markdown that would make a
# script link or add attributes, and a blank line that could end an HTML block early.
HOSTILE_TEXT = (
    f" {SCRIPT} <img src=x onerror=alert(1)> [click](javascript:alert(1))"
    ' {: onclick="alert(1)" } | *stars* & "q"\n\n[two](javascript:alert(2))'
)
# Appended to Markdown fields, where a javascript: link is refused by the loader instead.
HOSTILE_MARKDOWN = (
    f' {SCRIPT} <img src=x onerror=alert(1)> {{: onclick="alert(1)" }} <a href="javascript:alert(3)">a</a>'
)
NOT_TEXT = {"kind", "id", "type", "name", "channel", "size", "language", "handout", "covers", "related"}
MARKDOWN_KEYS = {"body", "notes", "welcome"}
# In interface.yml a brace shown as itself is written twice; its date patterns are not text.
HOSTILE_INTERFACE = HOSTILE_TEXT.replace("{", "{{").replace("}", "}}")
NOT_INTERFACE_TEXT = {"date_with_weekday", "date_without_weekday"}


def make_hostile(data, key=None, kind=None):
    """The item with hostile text added to every string a reader sees."""
    if isinstance(data, dict) and data.get("kind") == "interface":
        strings = data["strings"]
        return {
            **data,
            "strings": {k: v + ("" if k in NOT_INTERFACE_TEXT else HOSTILE_INTERFACE) for k, v in strings.items()},
        }
    if isinstance(data, dict):
        return {k: make_hostile(v, k, data.get("kind", kind)) for k, v in data.items()}
    if isinstance(data, list):
        return data if key in NOT_TEXT else [make_hostile(v, key, kind) for v in data]
    if isinstance(data, str) and key not in NOT_TEXT:
        return data + (HOSTILE_MARKDOWN if key in MARKDOWN_KEYS and kind != "letter" else HOSTILE_TEXT)
    return data


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> Path:
    kit = small_kit(tmp_path_factory.mktemp("hostile") / "kit")
    for path in (kit / "content").rglob("*.yml"):
        path.write_text(yaml.safe_dump(make_hostile(yaml.safe_load(path.read_text())), allow_unicode=True, width=1000))
    result = run_nextround("build", "--out", "dist", "--quiet", cwd=kit)
    assert result.returncode == 0, result.stderr
    return kit / "dist"


class Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))
        # Data blocks (type="application/json") are never run; only scripts are.
        self._in_script = tag == "script" and dict(attrs).get("type", "text/javascript") in (
            "text/javascript",
            "module",
            "",
        )

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_text.append(data)


def dangers(html: str) -> list[str]:
    parser = Elements()
    parser.feed(html)
    found = [f"<{tag} {name}>" for tag, attrs in parser.found for name in attrs if name.lower().startswith("on")]
    found += [
        f"<{tag} {attrs[n]}>"
        for tag, attrs in parser.found
        for n in ("href", "src", "action")
        if attrs.get(n) and is_unsafe_url(attrs[n])
    ]
    found += [
        f"<img src={attrs.get('src')}>" for tag, attrs in parser.found if tag == "img" and attrs.get("src") == "x"
    ]
    found += ["script text: " + text[:60] for text in parser.script_text if "pwned" in text or "alert(" in text]
    return found


def test_hostile_text_never_becomes_markup_on_the_site(hostile_build):
    pages = sorted((hostile_build / "site").rglob("*.html"))
    assert len(pages) >= 7
    for page in pages:
        assert dangers(page.read_text(encoding="utf-8")) == [], page
    # Search results are shown from the index as HTML, so it must hold the text escaped.
    index = (hostile_build / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "pwned" in index and "<script" not in index.lower() and "<img" not in index.lower()


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style") and self._hidden > 0

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)


SHOWN_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", re.IGNORECASE)


def shown_entities(site: Path) -> list[str]:
    """Character references a reader would see or hear as code (`&#39;` for an apostrophe), page by page:
    in the text, the page's <title>, every attribute (aria-label, title, meta description) and the search index.
    """
    found = []
    for page in sorted(site.rglob("*.html")):
        where = page.relative_to(site).as_posix()
        parser = VisibleText()
        parser.feed(page.read_text(encoding="utf-8"))
        found += [f"{where}: {m}" for m in SHOWN_ENTITY.findall(" ".join(parser.text))]
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                values = value if isinstance(value, list) else [value]
                found += [f"{where}: <{element.name} {name}> {m}" for v in values for m in SHOWN_ENTITY.findall(v)]
    # Search results show each entry's title and text as HTML: one decoding must give plain text.
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for key in ("title", "text"):
            shown = BeautifulSoup(doc[key], "html.parser").get_text()
            found += [f"search index {doc['location']} {key}: {m}" for m in SHOWN_ENTITY.findall(shown)]
    return found


def test_quotes_and_ampersands_read_naturally(built, hostile_build):
    assert shown_entities(built / "site") == []
    assert shown_entities(hostile_build / "site") == []


def test_hostile_text_shows_as_written_on_the_site(hostile_build):
    site = hostile_build / "site"
    checklist = page_text(site, "checklists/call-checklist/index.html")
    assert squash(f"On the call {SCRIPT} <img src=x onerror=alert(1)> [click](javascript:alert(1))") in checklist
    assert squash(f"Breathe slowly {SCRIPT}") in checklist
    assert squash(f"Clear my ticks {SCRIPT}") in checklist  # the words of content/interface.yml too
    guide = page_text(site, "guide/first-page/index.html")
    assert squash(f"What to do today {SCRIPT}") in guide
    assert '<a href="javascript:alert(3)">a</a>' in guide
    letter = page_text(site, "letters/thanks-letter/index.html")
    assert squash(f"Keep it short. {SCRIPT}") in letter
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.title.string.startswith(f"Small Kit {SCRIPT}")


def test_hostile_text_shows_as_written_in_the_pdfs(hostile_build):
    for name in ("call-checklist", "notes-sheet"):
        path = hostile_build / "pdf" / f"{name}.pdf"
        text = squash(" ".join(page.extract_text() for page in PdfReader(path).pages))
        assert SCRIPT in text and "[click](javascript:alert(1))" in text
        assert re.search(rf"Page 1 of \d+ {re.escape(squash(HOSTILE_TEXT))}", text)  # the footer: interface.yml
        raw = path.read_bytes()
        assert (
            b"/JavaScript" not in raw
            and b"/JS " not in raw
            and b"javascript:" not in raw.lower().replace(b"[click](javascript:", b"")
        )


def test_hostile_text_in_letter_files_is_plain(hostile_build):
    text = (hostile_build / "letters" / "thanks-letter.txt").read_text(encoding="utf-8")
    assert SCRIPT in text and "{{" not in text


# --- Markdown: whatever is written, nothing that runs is published --------------------

MARKDOWN_PIECES = st.sampled_from(
    [
        "[",
        "]",
        "(",
        ")",
        "<",
        ">",
        "{",
        "}",
        "!",
        "\\",
        "`",
        "*",
        "#",
        "|",
        ":",
        '"',
        "'",
        " ",
        "\t",
        "\n",
        "\n\n",
        "javascript:",
        "JaVaScRiPt:",
        "java\tscript:",
        "vbscript:",
        "data:text/html,",
        "alert(1)",
        "onclick=alert(1)",
        "onerror=",
        "item:first-page",
        "https://example.org/",
        "[r]:",
        "[r]",
        "<script>",
        "</script>",
        "<img src=x ",
        "&#106;",
        "&",
        "%3A",
        "{: ",
        "{ #id ",
        "=",
        "x",
        "words ",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(MARKDOWN_PIECES, max_size=40).map("".join))
def test_safe_markdown_never_publishes_anything_that_runs(text):
    html = markdown.markdown(
        safe_markdown(text, lambda ref: "../guide/first-page.md"),
        extensions=EXTENSIONS,
        extension_configs=EXTENSION_CONFIGS,
    )
    assert dangers(html) == []
    assert "<script" not in html.lower()


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "[click](javascript:alert((1)))",
        "[click]( javascript:alert(1) 'title')",
        "[click](<javascript:alert(1)>)",
        "[x [y]](javascript:alert(1))",
        "![img](javascript:alert(1))",
        "[r]: javascript:alert(1)\n\n[click][r]",
        "> [r]: javascript:alert(1)\n\n[click][r]",
        "<javascript:alert(1)>",
        "## Heading {onclick=alert(1)}",
        "[x](https://example.org){onclick=alert(1)}",
        "<div markdown=1 onclick=alert(1)>x</div>",
    ],
)
def test_known_attacks_are_inert(text):
    html = markdown.markdown(
        safe_markdown(text, lambda ref: "x.md"), extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS
    )
    assert dangers(html) == [], html


def test_markdown_still_works():
    html = markdown.markdown(
        safe_markdown(
            "**Bold**, [a site](https://example.org/a_(b)) and [a page](item:first-page).",
            lambda ref: f"../guide/{ref}.md",
        ),
        extensions=EXTENSIONS,
        extension_configs=EXTENSION_CONFIGS,
    )
    assert "<strong>Bold</strong>" in html
    assert 'href="https://example.org/a_(b)"' in html
    assert 'href="../guide/first-page.md"' in html


# --- the loader: anything at all gives a kit or a ContentError ---------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(
        ["guide", "checklist", "letter", "worksheet", "facilitator", "kit", "first-page", "P01", "{{ x }}"]
    ),
)
KEYS = st.one_of(
    st.sampled_from(
        [
            "kind",
            "id",
            "title",
            "intro",
            "groups",
            "items",
            "text",
            "blocks",
            "type",
            "fields",
            "body",
            "sections",
            "heading",
            "plans",
            "steps",
            "minutes",
            "covers",
            "related",
            "handout",
        ]
    ),
    st.text(max_size=8),
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=25,
)


@pytest.fixture(scope="module")
def scratch_kit(tmp_path_factory) -> Path:
    """A kit holding only its settings (and the kit's interface strings), so each example loads one item:
    quick to load many times."""
    kit = tmp_path_factory.mktemp("random") / "kit"
    (kit / "content" / "checklists").mkdir(parents=True)
    (kit / "content" / "kit.yml").write_text("kind: kit\ntitle: T\ntagline: T.\nauthor: A\nwelcome: Hello.\n")
    (kit / "content" / "interface.yml").write_bytes((ROOT / "content" / "interface.yml").read_bytes())
    (kit / "mkdocs.yml").write_bytes((ROOT / "mkdocs.yml").read_bytes())
    return kit


def loads_or_reports(kit: Path, raw: bytes):
    """The loaded kit, or None when the loader reported problems, all of them placed in the file."""
    target = kit / "content" / "checklists" / "random.yml"
    target.write_bytes(raw)
    try:
        return load_content(kit)
    except ContentError as exc:
        assert exc.problems and all(p.line >= 1 and p.message and p.hint for p in exc.problems), exc.report()
        assert all(p.path.endswith("random.yml") for p in exc.problems), exc.report()
        return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(DOCUMENTS)
def test_random_yaml_documents_give_content_errors(scratch_kit, document):
    loads_or_reports(scratch_kit, yaml.safe_dump(document, allow_unicode=True).encode("utf-8"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=200))
def test_random_bytes_give_content_errors(scratch_kit, raw):
    loads_or_reports(scratch_kit, raw)


VALID_ITEM = (Path(__file__).parent / "kits" / "minimal" / "content" / "letters" / "thanks-letter.yml").read_text(
    encoding="utf-8"
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.integers(0, len(VALID_ITEM)), st.integers(0, 12), st.text(alphabet=":-[]{}&*!|>'\"#%@`\t\n {}abc", max_size=6)
)
def test_edits_to_a_valid_file_give_content_errors(scratch_kit, at, cut, insert):
    edited = VALID_ITEM[:at] + insert + VALID_ITEM[at + cut :]
    kit = loads_or_reports(scratch_kit, edited.encode("utf-8"))
    for letter in kit.of_kind("letter") if kit else []:
        # Whatever got through holds only declared placeholders: filled, no template syntax is left.
        filled = letters.letter_text(letter, {field.name: "value" for field in letter.fields}, kit.t.subject_label)
        assert not re.search(r"\{\{|\}\}|\{%|%\}", filled), filled
