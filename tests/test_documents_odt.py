"""The ODT's body is written as XML strings (odt_body.py, odt_text.py) and its styles.xml made
once per process: they must be, character for character, what odfdo's own elements serialize
to, text included (runs of spaces, tabs, line breaks, carriage returns, escaping), on texts the
fixture referentials don't hold."""

from __future__ import annotations

import io
import itertools
import zipfile
from html import escape

import pytest
from odfdo import Cell, Document, Element, Header, List, ListItem, Paragraph

from cqpsite.documents.form import Bullets, Check, Form, Input, Para
from cqpsite.documents.odt import render_odt
from cqpsite.documents.odt_body import bullets, control, table_cell
from cqpsite.documents.odt_styles import prepare_meta, prepare_styles
from cqpsite.documents.odt_text import element, paragraph

TEXTS = [
    "",
    "Critère",
    "a  b",
    " tête",
    "fin ",
    " ",
    "x\ty",
    "a   b  c",
    "ligne 1\nligne 2",
    "fin \n début",
    "a\n\nb",
    "  ",
    "\t \t",
    "a\rb",
    "\r\nx",
    " \r ",
    "x & <y> \"q\" 'z' ]]>",
    "é — «\u00a0» 😀",
]
# Every string of up to four of these characters: each rule of odfdo's text encoding.
SHORT = ["".join(chars) for n in range(1, 5) for chars in itertools.product(" \t\nx\r&", repeat=n)]


def _former_control(ident: str, nom: str, checkbox: bool) -> Element:
    """The content control as the former renderer parsed it from a string."""
    attrs = f'loext:alias="{escape(nom)}" loext:tag="{escape(ident)}"'
    if checkbox:
        attrs += ' loext:checkbox="true" loext:checked="false" '
        attrs += 'loext:checked-state="\u2612" loext:unchecked-state="\u2610"'
        return Element.from_tag(f"<loext:content-control {attrs}>\u2610</loext:content-control>")
    attrs += ' loext:plain-text="true" loext:showing-place-holder="true"'
    return Element.from_tag(f"<loext:content-control {attrs}>\u2026</loext:content-control>")


def _odfdo_cell(value: str | Input | Check) -> str:
    """The cell as odfdo builds it, element by element."""
    cell, para = Cell(style="Cell"), Paragraph(style="Standard")
    if isinstance(value, str):
        for i, line in enumerate(value.split("\n")):
            if i:
                para.append(Element.from_tag("<text:line-break/>"))
            para.append(line)
    else:
        para.append(_former_control(value.id, value.nom, isinstance(value, Check)))
    cell.append(para)
    # Parsed back, as the former renderer parsed its rows (a lone carriage return is a newline),
    # its empty paragraphs kept as odfdo writes them, with a closing tag.
    parsed = Element.from_tag(cell.serialize())
    for empty in parsed.get_elements("descendant::text:p"):
        if not empty.text and not empty.children:
            empty.text = ""
    return str(parsed.serialize())


def test_paragraphs_and_headings_are_what_odfdo_writes() -> None:
    for text in TEXTS + SHORT:
        attrs = ' text:style-name="Note"'
        written = element("text:p", attrs, paragraph(text))
        assert written == Paragraph(text, style="Note").serialize(), repr(text)
        if len(text) > 2 and text not in TEXTS:
            continue
        heading = Header(3, text)
        heading.style = "Heading_20_3"
        attrs = ' text:outline-level="3" text:style-name="Heading_20_3"'
        assert element("text:h", attrs, paragraph(text)) == heading.serialize(), repr(text)


@pytest.mark.parametrize(
    "value",
    [
        *(text for text in TEXTS + SHORT if len(text) < 4 and "\r" not in text),
        Input("c1-obs", "Observations « C1 »"),
        Check("c1-ok", "Acquis & validé"),
        Input(" x\ty ", "a\r\nb\tc\nd 'e' \"f\" <g>"),
    ],
)
def test_cells_are_what_odfdo_writes(value: str | Input | Check) -> None:
    assert table_cell(value) == _odfdo_cell(value)


def test_a_cell_keeps_a_carriage_return_as_the_former_parser_left_it() -> None:
    """Lines without spaces, tabs or newlines to encode went through the XML parser, which turns
    a carriage return into a newline; the others were encoded by odfdo (``&#13;``)."""
    assert '"Standard">a\nb</text:p>' in table_cell("a\rb")
    assert '"Standard">a <text:s/>&#13;b</text:p>' in table_cell("a  \rb")


def test_a_control_keeps_what_the_parser_left_of_its_name() -> None:
    xml = control("id", "a\tb\r\nc\nd", checkbox=False)
    assert 'loext:alias="a b c d"' in xml


@pytest.mark.parametrize(
    "items",
    [
        ((0, "a"), (1, "b"), (2, "c"), (0, "d")),
        ((1, "profond d’abord"), (0, "a"), (2, "saut"), (1, "b")),
        ((0, " a  b "), (0, "x\ty\nz & <w>\r")),
        (),
    ],
)
@pytest.mark.parametrize("ordered", [False, True])
def test_lists_are_what_odfdo_writes(items: tuple[tuple[int, str], ...], ordered: bool) -> None:
    root = List(style="Numbering_20_1" if ordered else "List_20_1")
    stack = [root]
    for depth, text in items:  # the former renderer's code
        while len(stack) > depth + 1:
            stack.pop()
        while len(stack) < depth + 1:
            sub = List()
            found = stack[-1].get_elements("text:list-item")
            (found[-1] if found else stack[-1]).append(sub)
            stack.append(sub)
        stack[-1].append(ListItem(text))
    assert bullets(Bullets(items, ordered)) == root.serialize()


@pytest.mark.parametrize("text", ["nul \x00", "bip \x07", "\ufffe"])
def test_characters_xml_cannot_hold_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        paragraph(text)
    with pytest.raises(ValueError):
        Paragraph(text)


@pytest.mark.parametrize(
    "titre", ["Dossier", "a\r\nb\rc\nd", " x & <y> \"q\"  'z'\t", "é — «\u00a0»"]
)
def test_styles_and_metadata_are_what_odfdo_writes(titre: str) -> None:
    form = Form(titre, f"{titre} (sous-titre)", (Para("p"),), auteur=titre)
    doc = Document("text")
    prepare_styles(doc.styles, form)
    prepare_meta(doc.meta, form, 1700000000)
    with zipfile.ZipFile(io.BytesIO(render_odt(form, 1700000000))) as odt:
        assert odt.read("styles.xml") == doc.styles.serialize()
        assert odt.read("meta.xml") == doc.meta.serialize()
