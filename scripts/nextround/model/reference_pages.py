"""The English words of the facilitators' two reference pages, "Customise for your group" and "The content
format", besides the models' own descriptions: their prose, headings and table headers, declared once.

With the models' docstrings and field descriptions (model/reference.py) they make the translation unit
`reference`: a language translates them in `content/<code>/reference.yml`, keyed as here. The templates
(render/templates/customise.md.j2) and model/reference.py hold only the markup around them.

Each text is Markdown. A paragraph is written folded (its line breaks become spaces); a text whose lines
matter, such as the example group.yml, is written as it is shown.
"""

from __future__ import annotations

from textwrap import dedent


def _folded(text: str) -> str:
    return " ".join(text.split())


def _literal(text: str) -> str:
    return dedent(text).strip("\n")


PAGE_TEXTS: dict[str, str] = {
    # --- "Customise for your group"
    "customise.description": _folded(
        """
        Put your group's name, dates, venue, worksheets, wording and local help on the site and the PDFs, with
        one file.
        """
    ),
    "customise.summary": _folded(
        """
        You can make the kit speak to your group: your name on it, your dates and venue, only the worksheets you
        use, your own wording and local help, your paper size. It all lives in one folder, and you never touch
        any code.
        """
    ),
    "customise.start": "Start a group folder",
    "customise.run": "In the kit's top folder, run:",
    "customise.makes": _folded(
        """
        This makes `groups/riverside/group.yml`, a starting point full of notes. It builds as it is, so you can
        try it straight away:
        """
    ),
    "customise.outputs": _folded(
        """
        The first command builds your group's website into `dist/riverside/site/`, one PDF per checklist and
        worksheet into `dist/riverside/pdf/`, the letters into `dist/riverside/letters/`, and
        `dist/riverside/workshop-pack.pdf`: every handout in one file, with your group on the cover. The second
        shows a live preview at http://127.0.0.1:8000 that changes every time you save. `./scripts/build --group
        groups/riverside --out dist/riverside` does the same as the first and sets everything up on a new
        machine.
        """
    ),
    "customise.check": _folded(
        """
        To check your files without building, run `nextround check --group groups/riverside`. When something is
        wrong, you get the file, the line and what to change, for example `groups/riverside/group.yml:14:3:
        'self-audti' is not the id of any item. Did you mean 'self-audit'?`. Nothing is built until every
        mistake is fixed, so your last good build stays as it was.
        """
    ),
    "customise.folder": "What goes in the folder",
    "customise.folder.group_file": "`group.yml`: everything on this page.",
    "customise.folder.logo": "Your logo, if you have one: an SVG, PNG or JPEG file next to `group.yml`.",
    "customise.folder.content": _folded(
        """
        A `content/` folder, if you want pages, checklists, worksheets or letters of your own. Each file is
        written exactly like the kit's own files (see [the content format](../content-format/index.md)) and is
        checked the same way. Give each one an id the kit does not use yet.
        """
    ),
    "customise.example": "An example",
    "customise.example_file": _literal(
        """
        group:
          name: Riverside Job Club
          organisation: Riverside Library
          facilitators: [Ana Ruiz]
          contact: {email: jobs@riverside.example, phone: "555 0100"}
          sessions:
            - {date: 2026-12-03, time: "10:00-12:00", venue: "Room 2, Riverside Library"}
        branding:
          title: Next Round at Riverside
          logo: logo.svg            # relative to the group folder
          colour: "#1b5e20"
        paper: letter               # a4 | letter
        include: []                 # optional: build only these item ids (and what they need)
        exclude: [role-fit-check]   # drop these items everywhere
        overrides:                  # change any field of any item, by id
          self-audit:
            title: Riverside interview self-check
            groups: {first-impression: {items: {on-time: {text: "Did you arrive ten minutes early?"}}}}
        add:                        # new entries inside an existing item
          - to: next-steps
            after: network          # optional position
            item: {id: visit-desk, text: "Book a slot at the Riverside careers desk"}
        resources:                  # shown on a "Local help" page and on the pack cover
          - {name: Riverside careers desk, phone: "555 0111", url: "https://riverside.example/careers", description: "Free CV reviews on Thursdays"}
        letter_defaults: {location: "in or near Riverside"}
        """  # noqa: E501 (the file as it is shown)
    ),
    "customise.parts": "What each part does",
    "customise.part.group": _folded(
        """
        your group's name, who runs it, the facilitators, how to reach you and your sessions. They appear at the
        top of the home page and on the cover of the workshop pack.
        """
    ),
    "customise.part.branding": _folded(
        """
        `title` replaces the kit's name in the site's header, on every PDF and in their footers. `logo` appears
        in the site's header and at the top of every PDF. `colour` colours the site's header and links and the
        headings of the PDFs; it has to be dark enough for white text to be read on it.
        """
    ),
    "customise.part.paper": _folded(
        """
        every PDF is made in this size. `nextround build --paper` overrides it for one build.
        """
    ),
    "customise.part.include": _folded(
        """
        build only these items. The checklists and worksheets handed out in their session plans come along, and
        so do your own items from `content/`. Leave it empty to build everything.
        """
    ),
    "customise.part.exclude": _folded(
        """
        these items vanish everywhere: their pages, the menus, the search, the PDFs and the pack. Where another
        page links to one, the link becomes plain words, so nobody meets a broken link.
        """
    ),
    "customise.part.pack": "the checklists and worksheets of the workshop pack, in your order.",
    "customise.part.overrides": _folded(
        """
        change any field of any item. Under the item's id, write the fields to change, exactly as in the item's
        own file. In a list whose entries have ids (checklist groups and items, worksheet blocks, scale rows,
        session plans), name the entry by its id and give only what changes; any other list, such as a page's
        `sections`, is replaced whole. A field that does not exist is an error, so a typing slip never goes
        unnoticed.
        """
    ),
    "customise.part.add": _folded(
        """
        a new entry inside an item: a checklist item, a worksheet block, a section of a page or a letter tip.
        `after` puts it right after the entry with that id; `into` puts it at the end of a checklist group or
        session plan; with neither, it goes at the end.
        """
    ),
    "customise.part.resources": _folded(
        """
        local services, shown on a "Local help" page of the site and on the pack's cover.
        """
    ),
    "customise.part.letter_defaults": _folded(
        """
        values for letter fields, by field name. Every letter with that field shows your value in its example
        and in the letter builder, until the reader types their own.
        """
    ),
    "customise.placeholders": "Placeholders in your text",
    "customise.placeholders_intro": _folded(
        """
        Anything you write in `group.yml` or in your own `content/` files may use these placeholders; they are
        filled in when the kit is built:
        """
    ),
    "customise.placeholder": "Placeholder",
    "customise.becomes": "What it becomes",
    "customise.placeholders_after": _folded(
        """
        For example, `title: "Check-in for {{ group.name }}"`. A misspelt placeholder is an error that names the
        file and line. Placeholders fill in text only: they cannot run code or read files. In a letter's
        `subject` and `body`, double braces are the letter's own fields, filled in by the reader, as always.
        """
    ),
    "customise.whole_file": "The whole file",
    "customise.reference": "Every key of group.yml",
    "customise.reference_intro": _folded(
        """
        This reference is generated from the checks that read `group.yml`, so it is always up to date.
        `nextround new-group` starts the file with a `# yaml-language-server: $schema=…` line that points at the
        kit's `content/group.schema.json`, so editors such as VS Code complete and check it as you type.
        """
    ),
    # --- "The content format"
    "format.intro": _folded(
        """
        Every item of the kit is one YAML file under `content/`. This page is generated from the schema that
        checks those files, so it is always up to date. Start a file with `# yaml-language-server:
        $schema=../schema.json` and editors such as VS Code complete and check it as you type. Run `nextround
        check` to check every file.
        """
    ),
    "format.block": "Block",
    "format.translations": "Translations",
    "format.translation_howto": _folded(
        """
        Which texts an item has, and their keys, follow from the item: a list entry with an id (or a letter
        field's name) is named by it, any other entry by its place in the list, counting from 1, for example
        `sections.2.body`. Only text is translated; ids, order, blocks and scales stay in the kit's own item.
        `nextround check` lists every text still missing, and every one whose English changed since it was
        translated. The first line `# yaml-language-server: $schema=../../translation.schema.json` (one `../`
        per folder) lets an editor check the file as you type.
        """
    ),
    # --- the tables of keys, on both pages: the headers, and each key's type
    "table.key": "Key",
    "table.required": "Required",
    "table.type": "Type",
    "table.what": "What it is",
    "table.yes": "yes",
    "table.no": "no",
    "type.string": "string",
    "type.integer": "integer",
    "type.number": "number",
    "type.boolean": "boolean",
    "type.array": "array",
    "type.object": "object",
    "type.mapping": "mapping",
    # Between the values a key may take ("one of `a4`, `letter`"), and between two types ("string or array").
    "type.one_of": "one of",
    "type.or": "or",
}
