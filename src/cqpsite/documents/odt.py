"""Form → ODT bytes (odfdo): unnumbered headings, content controls, min-row-height answer cells."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from copy import deepcopy
from html import escape
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from odfdo import Column, Document, Element, Header, List, ListItem, Paragraph
from odfdo import Table as OdfTable

from cqpsite.documents.archive import rezip
from cqpsite.documents.form import (
    ANSWER_HEIGHT_CM,
    TEXT_WIDTH_CM,
    Bullets,
    Check,
    Field,
    Form,
    Heading,
    Input,
    Para,
    Table,
    before_signature,
    introduces,
)
from cqpsite.documents.odt_styles import one, prepare

PLACEHOLDER = "\u2026"


def _xml(tag: str) -> Element:
    return Element.from_tag(tag)


def _control(ident: str, nom: str, checkbox: bool) -> Element:
    attrs = f'loext:alias="{escape(nom)}" loext:tag="{escape(ident)}"'
    if checkbox:
        attrs += ' loext:checkbox="true" loext:checked="false" '
        attrs += 'loext:checked-state="\u2612" loext:unchecked-state="\u2610"'
        return _xml(f"<loext:content-control {attrs}>\u2610</loext:content-control>")
    # A placeholder gives the empty control something to click on; typing replaces it.
    attrs += ' loext:plain-text="true" loext:showing-place-holder="true"'
    return _xml(f"<loext:content-control {attrs}>{PLACEHOLDER}</loext:content-control>")


def _text(text: str) -> str:
    """Text as odfdo's ``Paragraph`` writes it (runs of spaces and tabs as elements)."""
    if "  " in text or "\t" in text or "\n" in text or text != text.strip(" "):
        xml = Paragraph(text).serialize()
        return xml[xml.index(">") + 1 : xml.rindex("<")] if xml.endswith("</text:p>") else ""
    return xml_escape(text)


def _row(cells: str, style: str = "") -> str:
    attr = f' table:style-name="{style}"' if style else ""
    return f"<table:table-row{attr}>{cells}</table:table-row>"


def _keep_empty(table: Any) -> None:
    """Empty paragraphs written as odfdo writes them, ``<text:p ...></text:p>``."""
    for paragraph in table.get_elements("descendant::text:p"):
        if not paragraph.text and not paragraph.children:
            paragraph.text = ""


def _cell(value: str | Input | Check) -> str:
    """The cell as XML: a grid's rows are parsed once each, where odfdo parsed a template
    for every cell and paragraph, then copied each cell into its row."""
    if isinstance(value, str):
        content = "<text:line-break/>".join(_text(line) for line in value.split("\n"))
    else:
        content = _control(value.id, value.nom, isinstance(value, Check)).serialize()
    return (
        '<table:table-cell table:style-name="Cell">'
        f'<text:p text:style-name="Standard">{content}</text:p></table:table-cell>'
    )


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.body = doc.body
        self.automatic = one(doc.content, "//office:automatic-styles")
        self.n_styles = 0

    def style(self, xml: str) -> str:
        # Appended as ``insert_style`` would, without its search for an existing style of that
        # name (the names are new): that search made the ODT quadratic in its tables.
        self.n_styles += 1
        name = f"D{self.n_styles}"
        self.automatic.append(Element.from_tag(xml.replace("@", name)))
        return name

    def table(
        self, name: str, widths: tuple[float, ...], caption: str = "", keep: bool = False
    ) -> Any:
        total = sum(widths)
        keep_next = ' fo:keep-with-next="always"' if keep else ""
        tstyle = self.style(
            '<style:style style:name="@" style:family="table"><style:table-properties '
            f'style:width="{total}cm" table:align="left" fo:margin-bottom="0.15cm"{keep_next}/>'
            "</style:style>"
        )
        table = OdfTable(name, style=tstyle)
        for width in widths:
            cstyle = self.style(
                '<style:style style:name="@" style:family="table-column">'
                f'<style:table-column-properties style:column-width="{width}cm"/></style:style>'
            )
            table.append(Column(style=cstyle))
        if caption:
            self.body.append(Paragraph(caption, style="Caption_20_keep"))
        return table

    def answer(self, field: Field, keep: bool) -> None:
        table = self.table(field.id, (TEXT_WIDTH_CM,), keep=keep)
        rstyle = self.style(
            '<style:style style:name="@" style:family="table-row"><style:table-row-properties '
            f'style:min-row-height="{ANSWER_HEIGHT_CM[field.kind]}cm"/></style:style>'
        )
        # The table's name carries the field id: a content control would forbid paragraphs.
        table.append(_xml(_row(_cell(""), rstyle)))
        _keep_empty(table)
        self.body.append(table)

    def grid(self, block: Table, index: int, caption: str, keep: bool) -> None:
        table = self.table(f"Grille{index}", block.widths, caption, keep)
        head = "".join(
            '<table:table-cell table:style-name="HeadCell">'
            f'<text:p text:style-name="Header_20_cell">{_text(text)}</text:p></table:table-cell>'
            for text in block.headers
        )
        table.append(_xml(f"<table:table-header-rows>{_row(head)}</table:table-header-rows>"))
        for cells in block.rows:
            style = "FieldRow" if any(isinstance(c, Input) for c in cells) else "Row"
            table.append(_xml(_row("".join(_cell(value) for value in cells), style)))
        _keep_empty(table)
        self.body.append(table)
        self.body.append(Paragraph(style="Lead" if keep else "Standard"))  # spacer

    def bullets(self, block: Bullets) -> None:
        style = "Numbering_20_1" if block.ordered else "List_20_1"
        root = List(style=style)
        stack: list[Any] = [root]
        for depth, text in block.items:
            while len(stack) > depth + 1:
                stack.pop()
            while len(stack) < depth + 1:  # nested list inside the previous item
                sub = List()
                items = stack[-1].get_elements("text:list-item")
                (items[-1] if items else stack[-1]).append(sub)
                stack.append(sub)
            stack[-1].append(ListItem(text))
        self.body.append(root)


@contextmanager
def _elements_parsed_once() -> Iterator[None]:
    """While an ODT is built, each odfdo element named by its tag alone ("text:p") is parsed
    once and copied: odfdo parses a fragment declaring all ODF namespaces for every element."""
    original = Element.__dict__.get("_make_etree_element")
    if not isinstance(original, staticmethod):  # odfdo changed: build as it does
        yield
        return
    made: dict[str, Any] = {}

    def make(tag: str) -> Any:
        if "<" in tag:
            return original.__func__(tag)
        if tag not in made:
            made[tag] = original.__func__(tag)
        return deepcopy(made[tag])

    Element._make_etree_element = staticmethod(make)  # type: ignore[method-assign]
    try:
        yield
    finally:
        Element._make_etree_element = original  # type: ignore[method-assign]


def render_odt(form: Form, epoch: int) -> bytes:
    with _elements_parsed_once():
        return _render_odt(form, epoch)


def _render_odt(form: Form, epoch: int) -> bytes:
    doc = Document("text")
    doc.body.clear()
    prepare(doc, form, epoch)
    builder = _Builder(doc)
    body = doc.body
    for index, (block, caption) in enumerate(zip(form.blocks, form.captions(), strict=True)):
        if isinstance(block, Heading):
            header = Header(block.level, block.text)
            style = "Heading_20_break" if block.new_page and block.level == 2 else None
            header.style = style or f"Heading_20_{block.level}"
            body.append(header)
        elif isinstance(block, Para):
            style = {"normal": "Text_20_body", "subtitle": "Subtitle", "note": "Note"}[block.role]
            style = "Lead" if introduces(block.text) and block.role == "normal" else style
            body.append(Paragraph(block.text, style=style))
        elif isinstance(block, Bullets):
            builder.bullets(block)
        elif isinstance(block, Field):
            body.append(Paragraph(block.label, style="Question"))
            if block.points:
                builder.bullets(Bullets(tuple((0, p) for p in block.points)))
            builder.answer(block, before_signature(form.blocks, index))
        else:
            builder.grid(block, index, caption, before_signature(form.blocks, index))
    out = io.BytesIO()
    doc.save(out)
    return rezip(out.getvalue(), epoch, first="mimetype")
