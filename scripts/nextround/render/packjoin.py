"""Join the workshop pack from a cover-and-contents PDF and the sheet PDFs the build already made.

WeasyPrint renders only the cover and contents; every sheet is copied in as
it was rendered for dist/pdf/, so an edit to one sheet costs that sheet and
this join, not a render of the whole pack. What each source carries is merged
so the pack stays one tagged, fillable document:

- structure: one StructTreeRoot whose Document element holds each source's
  top-level elements; each source's marked-content keys (/StructParents,
  /StructParent, the /ParentTree) move up by an offset so they never collide;
- forms: one /AcroForm holding every sheet's fields, with the default
  resources merged and renamed where two sources use one name for two fonts;
- bookmarks: Cover, Contents, then each sheet's own bookmarks;
- the contents page: its links, rendered with placeholder addresses, become
  links to the first page of each sheet.

The cover PDF gives the pack its catalogue: title, language, PDF/UA
identification and dates come from the cover's HTML, like any other PDF.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from nextround.render.pdf import PdfJob

# pikepdf is imported inside the functions that use it: it takes a fifth of a
# second to load, and the build's main process only needs JoinJob and the
# functions that fill in the cover (the worker processes have it preloaded).

# The contents page names each sheet's page number and link by its place in the
# pack; the join fills in the number and turns the link into a jump to that page.
PAGE_TOKEN = "[[page of sheet {}]]"
LINK_PREFIX = "https://pack.invalid/sheet/"
_PAGE_TOKEN = re.compile(re.escape(PAGE_TOKEN).replace(r"\{\}", r"(\d+)"))
# The cover and contents are first rendered as if they took two pages; rendering
# again with the right page numbers settles in one more round unless the
# numbers themselves change how many pages they take.
FRONT_PAGES_GUESS = 2
MAX_COVER_ROUNDS = 3


@dataclass(frozen=True)
class JoinJob:
    """Everything needed to make the pack: plain data, like a PdfJob.

    cover's HTML holds a PAGE_TOKEN per sheet, and its output is a scratch
    file that the join reads; sheets are PDF paths in pack order. contents_link
    is what a screen reader says for a contents entry, the interface string
    with `{title}` and `{page}`.
    """

    item_id: str
    cover: PdfJob
    sheets: tuple[str, ...]
    output: str
    contents_link: str


def cover_job(job: JoinJob, counts: list[int], front: int) -> PdfJob:
    """The cover's PdfJob with each sheet's page number filled in, given the sheets' page counts
    and how many pages the cover and contents take."""
    return dataclasses.replace(job.cover, html=fill_page_numbers(job.cover.html, first_pages(front, counts)))


def page_counts(paths: list[str]) -> list[int]:
    """How many pages each PDF has."""
    import pikepdf

    counts = []
    for path in paths:
        with pikepdf.open(path) as document:
            counts.append(len(document.pages))
    return counts


def join_files(cover: str, sheets: tuple[str, ...], output: str, contents_link: str) -> None:
    """Write the pack to output: the cover PDF, then each sheet PDF, as one document
    (contents_link: see JoinJob)."""
    import pikepdf

    opened = [pikepdf.open(path) for path in sheets]
    with pikepdf.open(cover) as pack:
        join(pack, opened, contents_link)
        # Same sources, same bytes: the file id is a hash of the content and objects
        # are written in a fixed order. Object streams keep the many small objects small.
        pack.save(
            output, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True
        )
    for sheet in opened:
        sheet.close()


def first_pages(front: int, counts: list[int]) -> list[int]:
    """The page of the pack each sheet starts on (1-based), after `front` cover and contents pages."""
    starts, page = [], front + 1
    for count in counts:
        starts.append(page)
        page += count
    return starts


def fill_page_numbers(html: str, starts: list[int]) -> str:
    """The cover's HTML with each sheet's PAGE_TOKEN replaced by the page it starts on."""
    return _PAGE_TOKEN.sub(lambda match: str(starts[int(match.group(1))]), html)


def join(pack, sheets: list, contents_link: str) -> None:
    """Append each sheet PDF to pack (the cover, a pikepdf.Pdf), merging what makes it one document."""
    structure = _StructureMerger(pack)
    forms = _FormMerger(pack)
    starts, titles, outline_entries = [], [], []
    for sheet in sheets:
        first = len(pack.pages)
        starts.append(first)
        titles.append(str(sheet.docinfo.get("/Title", "")))
        # One page at a time: pages.extend() warns that it leaves the form behind,
        # which is right, as _FormMerger carries it over.
        for page in sheet.pages:
            pack.pages.append(page)
        copied_pages = list(pack.pages)[first:]
        structure.add(sheet, copied_pages)
        forms.add(sheet)
        _merge_dests(pack, sheet)
        outline_entries.append(_outline_of(pack, sheet))
    forms.finish()
    structure.finish()
    _link_contents(pack, starts, titles, contents_link)
    with pack.open_outline() as outline:
        for entries in outline_entries:
            outline.root.extend(entries)


def _copy(pack, obj):
    """obj from another PDF, owned by pack; pages already copied map to their copies."""
    import pikepdf

    if not isinstance(obj, pikepdf.Object):
        return obj  # numbers and booleans come out as Python values
    if obj.is_indirect:
        return pack.copy_foreign(obj)
    if isinstance(obj, pikepdf.Array):
        return pikepdf.Array([_copy(pack, item) for item in obj])
    if isinstance(obj, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copy(pack, value) for key, value in obj.items()})
    return obj


class _StructureMerger:
    """Collects every sheet's structure elements under the cover's Document element."""

    def __init__(self, pack):
        import pikepdf

        self.pack = pack
        tree = pack.Root.StructTreeRoot
        self.document = _as_list(tree.K)[0]
        if not isinstance(self.document.get("/K"), pikepdf.Array):
            self.document.K = pikepdf.Array([self.document.K] if "/K" in self.document else [])
        self.parents = pikepdf.NumberTree(tree.ParentTree)
        self.next_key = _next_key(pack.Root, list(pack.pages))
        self.role_map = tree.get("/RoleMap")
        # The Document's kids, and every element known to hang below one of them (by objgen).
        self.listed = {kid.objgen for kid in self.document.K if isinstance(kid, pikepdf.Dictionary)}
        self.reached: set = set()
        self._adopt_orphans([value for _, value in self.parents.items()])

    def add(self, sheet, copied_pages: list) -> None:
        import pikepdf

        tree = sheet.Root.get("/StructTreeRoot")
        if tree is None:
            return
        offset = self.next_key
        for page in copied_pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        values = []
        for key, value in pikepdf.NumberTree(tree.ParentTree).items():
            values.append(_copy(self.pack, value))
            self.parents[key + offset] = values[-1]
        self.next_key = offset + _next_key(sheet.Root, list(sheet.pages))
        for element in _as_list(tree.K):
            # A sheet's own Document element gives way to the pack's: its children move up.
            children = _as_list(element.get("/K")) if element.get("/S") == "/Document" else [element]
            for child in children:
                if not isinstance(child, pikepdf.Dictionary):
                    continue  # marked content directly under Document: none in WeasyPrint's output
                copied = _copy(self.pack, child)
                copied.P = self.document
                self.document.K.append(copied)
                self.listed.add(copied.objgen)
        self._adopt_orphans(values)
        if "/RoleMap" in tree:
            if self.role_map is None:
                self.role_map = self.pack.Root.StructTreeRoot.RoleMap = pikepdf.Dictionary()
            for name, role in tree.RoleMap.items():
                if name not in self.role_map:
                    self.role_map[name] = role

    def _adopt_orphans(self, values: list) -> None:
        """Put elements the parent tree names but the tree does not reach under the Document element.

        WeasyPrint 70 tags each page's footer as a NonStruct whose parent is the
        Document element, but leaves it out of the Document's kids; left so,
        it would hang off a copy of the sheet's own Document and StructTreeRoot.
        Each element's way up is walked once: many marked-content entries share it.
        """
        import pikepdf

        for value in values:
            for element in _as_list(value):
                if not isinstance(element, pikepdf.Dictionary) or "/P" not in element:
                    continue
                way_up = []
                while element.objgen not in self.reached and element.P.get("/S") not in (None, "/Document"):
                    way_up.append(element.objgen)
                    element = element.P
                if element.objgen not in self.reached:
                    way_up.append(element.objgen)
                    if element.objgen not in self.listed:
                        element.P = self.document
                        self.document.K.append(element)
                        self.listed.add(element.objgen)
                self.reached.update(way_up)

    def finish(self) -> None:
        self.pack.Root.StructTreeRoot.ParentTreeNextKey = self.next_key


def _next_key(root, pages: list) -> int:
    """One past the highest marked-content key a document uses."""
    import pikepdf

    keys = [-1]
    tree = root.get("/StructTreeRoot")
    if tree is not None and "/ParentTree" in tree:
        keys += [key for key, _ in pikepdf.NumberTree(tree.ParentTree).items()]
        if "/ParentTreeNextKey" in tree:
            keys.append(int(tree.ParentTreeNextKey) - 1)
    for page in pages:
        keys.append(int(page.obj.get("/StructParents", -1)))
        keys += [int(a.get("/StructParent", -1)) for a in page.obj.get("/Annots", [])]
    return max(keys) + 1


def _as_list(value) -> list:
    import pikepdf

    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


class _FormMerger:
    """One AcroForm for the pack: every sheet's fields, and their default resources."""

    def __init__(self, pack):
        import pikepdf

        self.pack = pack
        self.fields = pikepdf.Array()
        self.resources = pikepdf.Dictionary()
        self.need_appearances = False
        self.default_appearance = None
        # The cover has no fields today, but a form on it would be kept all the same.
        cover_form = pack.Root.get("/AcroForm")
        if cover_form is not None:
            self._take(cover_form, copy=False)

    def add(self, sheet) -> None:
        form = sheet.Root.get("/AcroForm")
        if form is not None:
            self._take(form, copy=True)

    def _take(self, form, copy: bool) -> None:
        import pikepdf

        renames: dict[str, str] = {}
        for category, entries in (form.get("/DR") or {}).items():
            if category not in self.resources:
                self.resources[category] = pikepdf.Dictionary()
            merged = self.resources[category]
            for name, value in entries.items():
                value = _copy(self.pack, value) if copy else value
                target = name
                if target in merged and not _same(merged[target], value):
                    number = 2
                    while f"{name}_{number}" in merged:
                        number += 1
                    target = f"{name}_{number}"
                    renames[name[1:]] = target[1:]
                merged[target] = value
        for field in form.get("/Fields", []):
            field = _copy(self.pack, field) if copy else field
            _rename_in_appearance(field, renames)
            self.fields.append(field)
        if form.get("/NeedAppearances"):
            self.need_appearances = True
        if self.default_appearance is None and "/DA" in form:
            self.default_appearance = form.DA

    def finish(self) -> None:
        import pikepdf

        if not len(self.fields):
            return
        form = pikepdf.Dictionary(Fields=self.fields, DR=self.resources)
        if self.need_appearances:
            form.NeedAppearances = True
        if self.default_appearance is not None:
            form.DA = self.default_appearance
        self.pack.Root.AcroForm = self.pack.make_indirect(form)


def _same(a, b) -> bool:
    """Whether two resources are the same object, or equal small direct values (graphics states)."""
    import pikepdf

    if not (isinstance(a, pikepdf.Object) and isinstance(b, pikepdf.Object)):
        return a == b
    if a.is_indirect or b.is_indirect:
        return a.is_indirect and b.is_indirect and a.objgen == b.objgen
    return a.unparse() == b.unparse()


def _rename_in_appearance(field, renames: dict[str, str]) -> None:
    """Rename resources in a field's (and its widgets') /DA strings, e.g. `/F1 12 Tf` -> `/F1_2 12 Tf`."""
    import pikepdf

    if not renames:
        return
    pattern = re.compile(r"/(" + "|".join(re.escape(old) for old in renames) + r")(?=[\s/\[\]()<>]|$)")
    if "/DA" in field:
        field.DA = pikepdf.String(pattern.sub(lambda m: "/" + renames[m.group(1)], str(field.DA)))
    for kid in field.get("/Kids", []):
        _rename_in_appearance(kid, renames)


def _merge_dests(pack, sheet) -> None:
    """The sheet's named destinations (its element ids, which start with the item id), kept in the pack."""
    import pikepdf

    names = sheet.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return
    if "/Names" not in pack.Root:
        pack.Root.Names = pikepdf.Dictionary()
    if "/Dests" not in pack.Root.Names:
        pack.Root.Names.Dests = pikepdf.NameTree.new(pack).obj
    target = pikepdf.NameTree(pack.Root.Names.Dests)
    for name, destination in pikepdf.NameTree(names.Dests).items():
        if name not in target:
            target[name] = _copy(pack, destination)


def _outline_of(pack, sheet) -> list:
    """The sheet's bookmarks, pointing at its pages in the pack."""
    import pikepdf

    def convert(item):
        destination = item.destination
        if destination is None and item.action is not None and "/D" in item.action:
            destination = item.action.D
        if isinstance(destination, pikepdf.Array):
            destination = _copy(pack, destination)
        new = pikepdf.OutlineItem(item.title, destination)
        new.children.extend(convert(child) for child in item.children)
        return new

    with sheet.open_outline() as outline:
        return [convert(item) for item in outline.root]


def _link_contents(pack, starts: list[int], titles: list[str], contents_link: str) -> None:
    """Point the contents page's placeholder links at the first page of each sheet.

    Their description, which WeasyPrint made the placeholder address, becomes
    what a screen reader should say: the sheet and its page.
    """
    import pikepdf

    front = starts[0] if starts else len(pack.pages)
    for page in list(pack.pages)[:front]:
        for annotation in page.obj.get("/Annots", []):
            action = annotation.get("/A")
            if annotation.get("/Subtype") != "/Link" or action is None or "/URI" not in action:
                continue
            uri = str(action.URI)
            if not uri.startswith(LINK_PREFIX):
                continue
            index = int(uri[len(LINK_PREFIX) :])
            del annotation["/A"]
            annotation.Dest = pikepdf.Array([pack.pages[starts[index]].obj, pikepdf.Name.Fit])
            annotation.Contents = pikepdf.String(contents_link.format(title=titles[index], page=starts[index] + 1))
