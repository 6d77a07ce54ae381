"""Form → ODT bytes (odfdo): unnumbered headings, content controls, min-row-height answer cells."""

from __future__ import annotations

import io
import time
from html import escape
from typing import Any, cast

from odfdo import Cell, Column, Document, Element, Header, List, ListItem, Paragraph, Row
from odfdo import Table as OdfTable

from cqpsite.documents.archive import rezip
from cqpsite.documents.form import (
    ANSWER_HEIGHT_CM,
    FIELD_ROW_HEIGHT_CM,
    TEXT_WIDTH_CM,
    Bullets,
    Check,
    Field,
    Form,
    Heading,
    Input,
    Para,
    Table,
    introduces,
)

_STYLES = (
    '<style:style style:name="Question" style:family="paragraph" '
    'style:parent-style-name="Standard"><style:paragraph-properties fo:margin-top="0.25cm" '
    'fo:margin-bottom="0.1cm" fo:keep-with-next="always"/>'
    '<style:text-properties fo:font-weight="bold"/></style:style>',
    '<style:style style:name="Note" style:family="paragraph" style:parent-style-name="Standard">'
    '<style:text-properties fo:font-size="8pt" fo:font-style="italic"/></style:style>',
    '<style:style style:name="Caption_20_keep" style:display-name="Caption keep" '
    'style:family="paragraph" style:parent-style-name="Caption">'
    '<style:paragraph-properties fo:keep-with-next="always"/>'
    '<style:text-properties fo:font-size="9pt"/></style:style>',
    '<style:style style:name="Heading_20_break" style:display-name="Heading break" '
    'style:family="paragraph" style:parent-style-name="Heading_20_2">'
    '<style:paragraph-properties fo:break-before="page"/></style:style>',
    '<style:style style:name="Header_20_cell" style:family="paragraph" '
    'style:parent-style-name="Standard"><style:text-properties fo:font-weight="bold" '
    'fo:font-size="9pt"/></style:style>',
    '<style:style style:name="Subtitle" style:family="paragraph" style:parent-style-name="Standard"'
    ' style:next-style-name="Text_20_body"><style:paragraph-properties fo:margin-bottom="0.2cm"/>'
    '<style:text-properties fo:font-size="12pt"/></style:style>',
    '<style:style style:name="Lead" style:family="paragraph" '
    'style:parent-style-name="Text_20_body">'
    '<style:paragraph-properties fo:keep-with-next="always"/></style:style>',
)
# LibreOffice reads table cell and row styles from the automatic styles only.
_AUTOMATIC = (
    '<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties '
    'fo:padding="0.1cm" fo:border="0.5pt solid #000000"/></style:style>',
    '<style:style style:name="HeadCell" style:family="table-cell"><style:table-cell-properties '
    'fo:padding="0.1cm" fo:border="0.5pt solid #000000" fo:background-color="#e8e8e8"/>'
    "</style:style>",
    '<style:style style:name="Row" style:family="table-row"><style:table-row-properties '
    'fo:keep-together="always"/></style:style>',
    # Rows with a field to write in leave room for handwriting.
    '<style:style style:name="FieldRow" style:family="table-row"><style:table-row-properties '
    f'fo:keep-together="always" style:min-row-height="{FIELD_ROW_HEIGHT_CM}cm"/></style:style>',
)
TEXT_FONT = "Liberation Sans"  # bundled with LibreOffice on every system
HEADING_SIZES = {1: "17pt", 2: "13.5pt", 3: "11.5pt", 4: "10.5pt"}  # as in the PDF


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
        self.n_styles = 0

    def style(self, xml: str) -> str:
        self.n_styles += 1
        name = f"D{self.n_styles}"
        self.doc.insert_style(xml.replace("@", name), automatic=True)
        return name

    def table(self, name: str, widths: tuple[float, ...], caption: str = "") -> Any:
        total = sum(widths)
        tstyle = self.style(
            '<style:style style:name="@" style:family="table"><style:table-properties '
            f'style:width="{total}cm" table:align="left" fo:margin-bottom="0.15cm"/></style:style>'
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

    def answer(self, field: Field) -> None:
        table = self.table(field.id, (TEXT_WIDTH_CM,))
        rstyle = self.style(
            '<style:style style:name="@" style:family="table-row"><style:table-row-properties '
            f'style:min-row-height="{ANSWER_HEIGHT_CM[field.kind]}cm"/></style:style>'
        )
        row = Row(style=rstyle)
        # The table's name carries the field id: a content control would forbid paragraphs.
        row.append(self.cell(""))
        table.append(row)
        self.body.append(table)

    def grid(self, block: Table, index: int, caption: str) -> None:
        table = self.table(f"Grille{index}", block.widths, caption)
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
        self.body.append(Paragraph(style="Standard"))

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


def _one(part: Any, xpath: str) -> Element:
    found = part.get_element(xpath)
    if found is None:
        raise ValueError(f"odfdo template without {xpath}")
    return cast(Element, found)


def _prepare(doc: Document, form: Form, epoch: int) -> None:
    styles = _one(doc.styles, "//office:styles")
    for xml in _STYLES:
        styles.append(_xml(xml))
    for xml in _AUTOMATIC:
        doc.insert_style(xml, automatic=True)
    for rank, size in HEADING_SIZES.items():
        heading = _one(doc.styles, f'//style:style[@style:name="Heading_20_{rank}"]')
        text = _one(heading, "style:text-properties")
        for suffix in ("", "-asian", "-complex"):
            ns = "fo" if not suffix else "style"
            text.set_attribute(f"{ns}:font-size{suffix}", size)
            text.set_attribute(f"{ns}:font-style{suffix}", "normal")
    for level in doc.styles.get_elements("//text:outline-level-style"):
        level.set_attribute("style:num-format", "")
        level.set_attribute("style:num-suffix", None)
        level.set_attribute("loext:num-list-format", None)
    props = _one(
        doc.styles, '//style:default-style[@style:family="paragraph"]/style:text-properties'
    )
    props.set_attribute("style:font-name", TEXT_FONT)
    props.set_attribute("fo:font-size", "10pt")
    props.set_attribute("fo:language", "fr")
    props.set_attribute("fo:country", "FR")
    meta = doc.meta
    date = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch))
    for tag in ("meta:creation-date", "dc:date"):
        found = meta.get_element(f"//{tag}")
        if found is None:
            found = _xml(f"<{tag}/>")
            _one(meta, "//office:meta").append(found)
        found.text = date
    meta.set_title(form.titre)
    meta.set_subject(form.sous_titre)
    meta.set_language(form.lang)
    meta.set_generator("cqpsite")
    if form.auteur:
        meta.set_initial_creator(form.auteur)


def render_odt(form: Form, epoch: int) -> bytes:
    doc = Document("text")
    doc.body.clear()
    _prepare(doc, form, epoch)
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
            builder.answer(block)
        else:
            builder.grid(block, index, caption)
    out = io.BytesIO()
    doc.save(out)
    return rezip(out.getvalue(), epoch, first="mimetype")
