"""The ODT's body and its automatic styles, written as XML strings.

odfdo built them element by element: for the CQP dossier (113 answer boxes) 0.18 s of its
0.20 s of CPU time, parsing an XML fragment per element, keeping table caches, copying each
row and column, and normalizing the tables again when saving. Written here as the very XML lxml
serialized for those elements (same elements, attributes and their order, text encoding from
odt_text.py), the body costs a few milliseconds; odt.py puts it in odfdo's content.xml.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from odfdo.named_range import table_name_check

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
from cqpsite.documents.odt_text import LINE_BREAK, attribute, cell, element, escape, paragraph
from cqpsite.documents.odt_text import parsed_attribute as alias

PLACEHOLDER = "\u2026"
_ROLES = {"normal": "Text_20_body", "subtitle": "Subtitle", "note": "Note"}


def para(text: str, style: str) -> str:
    return element("text:p", f' text:style-name="{style}"', paragraph(text))


def control(ident: str, nom: str, checkbox: bool) -> str:
    """A LibreOffice content control: a checkbox, or a plain-text field with a placeholder
    that gives the empty control something to click on (typing replaces it)."""
    attrs = f' loext:alias="{alias(nom)}" loext:tag="{alias(ident)}"'
    if checkbox:
        attrs += (
            ' loext:checkbox="true" loext:checked="false" loext:checked-state="\u2612"'
            ' loext:unchecked-state="\u2610"'
        )
        return f"<loext:content-control{attrs}>\u2610</loext:content-control>"
    attrs += ' loext:plain-text="true" loext:showing-place-holder="true"'
    return f"<loext:content-control{attrs}>{PLACEHOLDER}</loext:content-control>"


def table_cell(value: str | Input | Check) -> str:
    if isinstance(value, str):
        content = LINE_BREAK.join(cell(line) for line in value.split("\n"))
    else:
        content = control(value.id, value.nom, isinstance(value, Check))
    return (
        '<table:table-cell table:style-name="Cell">'
        f'<text:p text:style-name="Standard">{content}</text:p></table:table-cell>'
    )


def _row(cells: str, style: str = "") -> str:
    attr = f' table:style-name="{style}"' if style else ""
    return f"<table:table-row{attr}>{cells}</table:table-row>"


@dataclass
class _Item:
    text: str
    lists: list[_List] = field(default_factory=list)

    def xml(self) -> str:
        inside = "".join(sub.xml() for sub in self.lists)
        return f"<text:list-item><text:p>{escape(self.text)}</text:p>{inside}</text:list-item>"


@dataclass
class _List:
    style: str = ""
    children: list[_Item | _List] = field(default_factory=list)

    def xml(self) -> str:
        attr = f' text:style-name="{self.style}"' if self.style else ""
        if not self.children:
            return f"<text:list{attr}/>"
        inside = "".join(child.xml() for child in self.children)
        return f"<text:list{attr}>{inside}</text:list>"


def bullets(block: Bullets) -> str:
    """Nested lists as odfdo's ``List``/``ListItem`` made them: a deeper item opens a list in
    the previous item (in the list itself when it has none); item texts are not encoded."""
    root = _List("Numbering_20_1" if block.ordered else "List_20_1")
    stack = [root]
    for depth, text in block.items:
        del stack[depth + 1 :]
        while len(stack) < depth + 1:
            sub, parent = _List(), stack[-1]
            items = [c for c in parent.children if isinstance(c, _Item)]
            (items[-1].lists if items else parent.children).append(sub)
            stack.append(sub)
        stack[-1].children.append(_Item(text))
    return root.xml()


class Body:
    """Appends the blocks' XML to ``parts`` and their table styles (D1, D2 …) to ``styles``."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.styles: list[str] = []

    def style(self, family: str, properties: str) -> str:
        name = f"D{len(self.styles) + 1}"
        self.styles.append(
            f'<style:style style:name="{name}" style:family="{family}">{properties}</style:style>'
        )
        return name

    def table(self, name: str, widths: tuple[float, ...], keep: bool, cells: int = 1) -> str:
        """The table's start tag and columns; its styles come before its rows' styles. Rows of
        more ``cells`` than columns get the unstyled columns odfdo added when saving."""
        keep_next = ' fo:keep-with-next="always"' if keep else ""
        tstyle = self.style(
            "table",
            f'<style:table-properties style:width="{sum(widths)}cm" table:align="left" '
            f'fo:margin-bottom="0.15cm"{keep_next}/>',
        )
        columns = "".join(
            '<table:table-column table:style-name="'
            + self.style(
                "table-column", f'<style:table-column-properties style:column-width="{w}cm"/>'
            )
            + '"/>'
            for w in widths
        )
        extra = cells - len(widths)
        if extra > 1:
            columns += f'<table:table-column table:number-columns-repeated="{extra}"/>'
        elif extra == 1:
            columns += "<table:table-column/>"
        name = attribute(table_name_check(name))
        return f'<table:table table:name="{name}" table:style-name="{tstyle}">{columns}'

    def answer(self, block: Field, keep: bool) -> None:
        # The table's name carries the field id: a content control would forbid paragraphs.
        self.parts.append(para(block.label, "Question"))
        if block.points:
            self.parts.append(bullets(Bullets(tuple((0, p) for p in block.points))))
        start = self.table(block.id, (TEXT_WIDTH_CM,), keep)
        rstyle = self.style(
            "table-row",
            '<style:table-row-properties style:min-row-height="'
            f'{ANSWER_HEIGHT_CM[block.kind]}cm"/>',
        )
        self.parts.append(f"{start}{_row(table_cell(''), rstyle)}</table:table>")

    def grid(self, block: Table, name: str, caption: str, keep: bool) -> None:
        widest = max(map(len, (block.headers, *block.rows)))
        rows = [self.table(name, block.widths, keep, widest)]
        if caption:
            self.parts.append(para(caption, "Caption_20_keep"))
        head = "".join(
            '<table:table-cell table:style-name="HeadCell">'
            f'<text:p text:style-name="Header_20_cell">{cell(text)}</text:p></table:table-cell>'
            for text in block.headers
        )
        rows.append(f"<table:table-header-rows>{_row(head)}</table:table-header-rows>")
        for cells in block.rows:
            style = "FieldRow" if any(isinstance(c, Input) for c in cells) else "Row"
            rows.append(_row("".join(table_cell(value) for value in cells), style))
        self.parts.append("".join(rows) + "</table:table>")
        self.parts.append(para("", "Lead" if keep else "Standard"))  # spacer

    def block(self, form: Form, index: int, caption: str) -> None:
        block = form.blocks[index]
        if isinstance(block, Heading):
            style = "Heading_20_break" if block.new_page and block.level == 2 else ""
            attrs = f' text:outline-level="{block.level}"'
            attrs += f' text:style-name="{style or f"Heading_20_{block.level}"}"'
            self.parts.append(element("text:h", attrs, paragraph(block.text)))
        elif isinstance(block, Para):
            lead = block.role == "normal" and introduces(block.text)
            self.parts.append(para(block.text, "Lead" if lead else _ROLES[block.role]))
        elif isinstance(block, Bullets):
            self.parts.append(bullets(block))
        elif isinstance(block, Field):
            self.answer(block, before_signature(form.blocks, index))
        else:
            self.grid(block, f"Grille{index}", caption, before_signature(form.blocks, index))


def body(form: Form) -> tuple[str, str]:
    """The automatic styles of the form's tables and the body's XML."""
    out = Body()
    for index, caption in enumerate(form.captions()):
        out.block(form, index, caption)
    return "".join(out.styles), "".join(out.parts)
