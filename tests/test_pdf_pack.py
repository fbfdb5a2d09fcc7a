"""The workshop pack: cover, contents with page numbers, the handouts in session order, bookmarks, fields."""

import posixpath
import re

import pikepdf
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import squash
from pdf_reading import A4, LETTER, contents_pages, fields, outline, page_size


@pytest.fixture(scope="module")
def pack(built):
    return built / "workshop-pack.pdf"


def handout_order(kit) -> list[str]:
    """Handouts in the order the session plans use them, then every other checklist, worksheet and set of cards."""
    order: list[str] = []
    for plan in kit.items["session-plans"].plans:
        for step in plan.steps:
            order += [handout for handout in step.handouts if handout not in order]
    return order + [item.id for item in kit.printable() if item.id not in order]


def test_pack_is_in_dist_and_the_facilitator_pages_link_to_it(built, kit, pack):
    assert page_size(PdfReader(pack)) == A4
    assert (built / "site" / "downloads" / "workshop-pack.pdf").read_bytes() == pack.read_bytes()
    for facilitator in kit.of_kind("facilitator"):
        page = built / "site" / "facilitator" / facilitator.id / "index.html"
        link = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one('a[href$="workshop-pack.pdf"]')
        assert link is not None, facilitator.id
        assert (
            built / "site" / posixpath.normpath(posixpath.join("facilitator", facilitator.id, link["href"]))
        ).is_file()


def test_cover_then_contents_then_handouts_in_session_order_with_bookmarks(kit, pack):
    order = handout_order(kit)
    assert order[0] == "sign-in-sheet"
    marks = outline(pack)
    assert [title for title, _ in marks] == ["Cover", "Contents", *(kit.items[i].title for i in order)]
    for item_id, (_, children) in zip(order, marks[2:], strict=True):
        assert [title for title, _ in children] == headings_of(kit.items[item_id])


def headings_of(item) -> list[str]:
    """The headings a sheet's bookmarks list: a checklist's groups, a worksheet's blocks, each card's heading."""
    return {
        "checklist": lambda: [g.title for g in item.groups],
        "worksheet": lambda: [b.label for b in item.blocks],
        "cards": lambda: [c.heading for c in item.cards],
    }[item.kind]()


def eyebrow(kit, item) -> str:
    """What a sheet's first page starts with: its kind, as printed above the title, then the title."""
    from nextround.render.pdf import kind_label

    return f"{kind_label(kit.t, item.kind).upper()} {squash(item.title)}"


def test_contents_page_numbers_lead_to_each_sheet(kit, pack):
    cover = squash(PdfReader(pack).pages[0].extract_text())
    assert kit.settings.title in cover and "Workshop pack".upper() in cover.upper()
    listed = contents_pages(pack, [kit.items[item_id] for item_id in handout_order(kit)])
    for item_id, (_, page_text) in listed.items():
        item = kit.items[item_id]
        assert page_text.startswith(eyebrow(kit, item)), item.title


def test_every_sheet_keeps_its_own_fields_in_the_pack(built, kit, pack):
    in_pack = fields(pack)
    expected: dict[str, int] = {}
    for item in kit.printable():
        for name, field in fields(built / "pdf" / f"{item.id}.pdf").items():
            assert name not in expected, f"{name} is used by two sheets"
            expected[name] = len(field["rects"])
    assert {name: len(field["rects"]) for name, field in in_pack.items()} == expected


def test_a_groups_pack_has_its_cover_order_and_paper(riverside):
    pack = riverside / "workshop-pack.pdf"
    assert page_size(PdfReader(pack)) == LETTER
    cover = squash(PdfReader(pack).pages[0].extract_text())
    for words in (
        "Next Round at Riverside",
        "Riverside Job Club, Riverside Library",
        "Ana Ruiz, Sam Okafor",
        "3 December 2026, 10:00-12:00, Room 2, Riverside Library",
        "Riverside careers desk",
        "555 0111",
        "Free CV reviews on Thursdays",
    ):
        assert words in cover, words
    titles = [title for title, _ in outline(pack)][2:]
    assert titles == [
        PdfReader(riverside / "pdf" / f"{i}.pdf").metadata.title
        for i in ("riverside-first-session", "self-audit", "action-plan", "sign-in-sheet")
    ]
    assert "Next Round at Riverside" in squash(PdfReader(pack).pages[-1].extract_text())


def struct_elements(root) -> list:
    """Every structure element under the StructTreeRoot, each once, parents before children."""
    found, seen, stack = [], set(), [root]
    while stack:
        element = stack.pop()
        kids = element.get("/K")
        for kid in list(kids) if isinstance(kids, pikepdf.Array) else [kids]:
            if (
                isinstance(kid, pikepdf.Dictionary)
                and kid.get("/Type") not in ("/OBJR", "/MCR")
                and kid.objgen not in seen
            ):
                seen.add(kid.objgen)
                found.append(kid)
                stack.append(kid)
    return found


def top_level_tags(built, item_id) -> list[str]:
    """The tags of the elements right under a sheet's own Document element."""
    with pikepdf.open(built / "pdf" / f"{item_id}.pdf") as pdf:
        tree = pdf.Root.StructTreeRoot
        document = list(tree.K)[0] if isinstance(tree.K, pikepdf.Array) else tree.K
        return [str(kid.S) for kid in document.K]


def test_pack_is_one_tagged_document_whose_tags_all_lead_to_its_pages(built, kit, pack):
    with pikepdf.open(pack) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True and str(root.Lang) == kit.settings.language
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.docinfo.Title) == f"{kit.settings.title}: workshop pack"
        xmp = root.Metadata.read_bytes()
        assert b'pdfuaid:part="1"' in xmp and f"{kit.settings.title}: workshop pack".encode() in xmp
        assert (
            sum(1 for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructTreeRoot")
            == 1
        )

        tree = root.StructTreeRoot
        (document,) = list(tree.K) if isinstance(tree.K, pikepdf.Array) else [tree.K]
        assert document.S == "/Document"
        # The cover's section, then what each sheet's own Document element held.
        # (Page footers, tagged NonStruct, come beside them.)
        expected = [
            tag for item_id in handout_order(kit) for tag in top_level_tags(built, item_id) if tag != "/NonStruct"
        ]
        assert [str(kid.S) for kid in document.K if kid.S != "/NonStruct"] == ["/Sect", *expected]
        elements = struct_elements(tree)
        reached = {element.objgen for element in elements}
        pages = {page.obj.objgen for page in pdf.pages}
        for element in elements:
            assert element.P.objgen in reached | {tree.objgen}, element.S
            if "/Pg" in element:
                assert element.Pg.objgen in pages, element.S

        parents = dict(pikepdf.NumberTree(tree.ParentTree).items())
        assert int(tree.ParentTreeNextKey) == max(parents) + 1
        for number, page in enumerate(pdf.pages, start=1):
            marked = parents[int(page.obj.StructParents)]
            assert all(element.objgen in reached for element in marked), f"page {number}"
            for annotation in page.obj.get("/Annots", []):
                assert parents[int(annotation.StructParent)].objgen in reached, f"page {number}"


def test_contents_entries_link_to_the_first_page_of_each_sheet(kit, pack):
    reader = PdfReader(pack)
    order = handout_order(kit)
    targets = []
    for annotation in reader.pages[1]["/Annots"]:
        annotation = annotation.get_object()
        if annotation["/Subtype"] == "/Link":
            assert "/A" not in annotation and "/StructParent" in annotation
            targets.append(reader.get_page_number(annotation["/Dest"][0].get_object()))
    # Two links per entry: the title and its page number.
    firsts = sorted(set(targets))
    assert len(firsts) == len(order)
    for item_id, index in zip(order, firsts, strict=True):
        assert squash(reader.pages[index].extract_text()).startswith(eyebrow(kit, kit.items[item_id]))


def test_pack_form_holds_every_sheets_fields_with_their_fonts(built, kit, pack):
    with pikepdf.open(pack) as pdf:
        form = pdf.Root.AcroForm
        assert form.NeedAppearances is True
        fonts = set(form.DR.Font.keys())
        # Each sheet brought its own cut-down font, under a name of its own.
        assert len({form.DR.Font[name].objgen for name in fonts}) == len(fonts)
        for field in form.Fields:
            for widget in [field, *field.get("/Kids", [])]:
                if "/DA" in widget:
                    font = re.search(r"(/\S+) [\d.]+ Tf", str(widget.DA)).group(1)
                    assert font in fonts, str(widget.DA)
        in_pack = {str(field.T) for field in form.Fields}
    in_sheets = set()
    for item_id in handout_order(kit):
        with pikepdf.open(built / "pdf" / f"{item_id}.pdf") as sheet:
            # Role-play cards have nothing to fill in, so no form.
            in_sheets |= {str(field.T) for field in sheet.Root.AcroForm.Fields} if "/AcroForm" in sheet.Root else set()
    assert in_pack == in_sheets
