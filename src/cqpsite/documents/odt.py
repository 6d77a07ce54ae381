"""Form → ODT bytes (odfdo): unnumbered headings, content controls, min-row-height answer cells."""

from __future__ import annotations

import io
from html import escape
from typing import Any

from odfdo import Cell, Column, Document, Element, Header, List, ListItem, Paragraph, Row
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

    def cell(self, value: str | Input | Check) -> Cell:
        cell = Cell(style="Cell")
        if isinstance(value, str):
            p = Paragraph(style="Standard")
            for i, line in enumerate(value.split("\n")):
                if i:
                    p.append(_xml("<text:line-break/>"))
                p.append(line)
            cell.append(p)
        else:
            p = Paragraph(style="Standard")
            p.append(_control(value.id, value.nom, isinstance(value, Check)))
            cell.append(p)
        return cell

    def answer(self, field: Field, keep: bool) -> None:
        table = self.table(field.id, (TEXT_WIDTH_CM,), keep=keep)
        rstyle = self.style(
            '<style:style style:name="@" style:family="table-row"><style:table-row-properties '
            f'style:min-row-height="{ANSWER_HEIGHT_CM[field.kind]}cm"/></style:style>'
        )
        row = Row(style=rstyle)
        # The table's name carries the field id: a content control would forbid paragraphs.
        row.append(self.cell(""))
        table.append(row)
        self.body.append(table)

    def grid(self, block: Table, index: int, caption: str, keep: bool) -> None:
        table = self.table(f"Grille{index}", block.widths, caption, keep)
        head = _xml("<table:table-header-rows/>")
        row = Row()
        for text in block.headers:
            cell = Cell(style="HeadCell")
            cell.append(Paragraph(text, style="Header_20_cell"))
            row.append(cell)
        head.append(row)
        table.append(head)
        for cells in block.rows:
            row = Row(style="FieldRow" if any(isinstance(c, Input) for c in cells) else "Row")
            for value in cells:
                row.append(self.cell(value))
            table.append(row)
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


def render_odt(form: Form, epoch: int) -> bytes:
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
