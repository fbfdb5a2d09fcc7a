"""The built site: every item's words on its own page, and in the search index."""

import json

import markdown
from bs4 import BeautifulSoup

from nextround.model.content import SECTIONS
from nextround.text import letters
from nextround.text.markup import safe_markdown

from conftest import page_text, squash, visible_text


def url_of(item) -> str:
    return f"{SECTIONS[item.kind]}/{item.id}/index.html"


def rendered_text(markdown_text: str) -> str:
    html = markdown.markdown(safe_markdown(markdown_text, lambda ref: "x"))
    return visible_text(BeautifulSoup(html, "html.parser"))


def expected_phrases(item) -> list[str]:
    phrases = [item.title]
    if item.kind in ("guide", "facilitator"):
        phrases.append(item.summary)
        for section in item.sections:
            phrases.append(section.heading)
            phrases.append(rendered_text(section.body.split("\n\n")[0]))
    elif item.kind == "checklist":
        phrases.append(item.intro)
        for group in item.groups:
            phrases.append(group.title)
            phrases += [entry.text for entry in group.items] + [entry.help for entry in group.items if entry.help]
    elif item.kind == "letter":
        phrases.append(item.when)
        values = letters.example_values(item)
        phrases += [letters.fill(p, values) for p in letters.paragraphs(item.body)]
        phrases += [field.label for field in item.fields]
    elif item.kind == "worksheet":
        phrases.append(item.instructions)
        phrases += [block.label for block in item.blocks]
    elif item.kind == "cards":
        phrases.append(item.intro)
        phrases += [part for card in item.cards for part in (card.label, card.heading, card.text, *card.points) if part]
    return [squash(p) for p in phrases]


def test_every_item_has_its_words_on_its_page(built, kit):
    for item in kit.items.values():
        text = page_text(built / "site", url_of(item))
        for phrase in expected_phrases(item):
            assert phrase in text, f"{item.id}: {phrase!r} is missing from its page"


def test_home_page_lists_the_journey(built, kit):
    text = page_text(built / "site", "")
    assert kit.settings.tagline in text
    for guide in kit.of_kind("guide"):
        assert guide.title in text


def test_printable_pages_link_to_their_pdf(built, kit):
    for item in kit.printable():
        html = (built / "site" / url_of(item)).read_text()
        link = BeautifulSoup(html, "html.parser").find("a", href=f"../../downloads/pdf/{item.id}.pdf")
        assert link is not None, f"{item.id} page has no PDF link"
        assert (built / "site" / "downloads" / "pdf" / f"{item.id}.pdf").is_file()


def test_search_index_holds_the_content(built, kit):
    index = json.loads((built / "site" / "search" / "search_index.json").read_text())
    documents = index["docs"]
    for item in kit.items.values():
        assert any(doc["location"].startswith(url_of(item)) for doc in documents), f"{item.id} is not indexed"
    feedback_pages = {doc["location"].split("#")[0] for doc in documents if "feedback" in doc["text"].lower()}
    assert "guide/asking-for-feedback/index.html" in feedback_pages


def test_facilitator_pages_link_to_the_workshop_pack(built, kit):
    for item in kit.of_kind("facilitator"):
        html = (built / "site" / url_of(item)).read_text()
        link = BeautifulSoup(html, "html.parser").find("a", href="../../downloads/workshop-pack.pdf")
        assert link is not None, f"{item.id} page has no link to the workshop pack"
