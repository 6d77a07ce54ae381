"""The ODT's table cells are written as XML strings (parsed once per row): they must be the
elements odfdo itself builds, text included (runs of spaces, tabs, line breaks, escaping)."""

from __future__ import annotations

import pytest
from odfdo import Cell, Element, Paragraph

from cqpsite.documents.form import Check, Input
from cqpsite.documents.odt import _cell, _control, _keep_empty, _xml

TEXTS = [
    "",
    "Critère",
    "a  b",
    " tête",
    "fin ",
    "x\ty",
    "a   b  c",
    "ligne 1\nligne 2",
    "fin \n début",
    "a\n\nb",
    "  ",
    "x & <y> \"q\" 'z'",
    "é — «\u00a0»",
]


def _odfdo_cell(value: str | Input | Check) -> str:
    """The cell as odfdo builds it, element by element (the renderer's former code)."""
    cell, paragraph = Cell(style="Cell"), Paragraph(style="Standard")
    if isinstance(value, str):
        for i, line in enumerate(value.split("\n")):
            if i:
                paragraph.append(Element.from_tag("<text:line-break/>"))
            paragraph.append(line)
    else:
        paragraph.append(_control(value.id, value.nom, isinstance(value, Check)))
    cell.append(paragraph)
    return str(cell.serialize())


@pytest.mark.parametrize(
    "value", [*TEXTS, Input("c1-obs", "Observations « C1 »"), Check("c1-ok", "Acquis & validé")]
)
def test_cell_xml_is_what_odfdo_builds(value: str | Input | Check) -> None:
    row = _xml(f"<table:table-row>{_cell(value)}</table:table-row>")
    _keep_empty(row)
    assert row.children[0].serialize() == _odfdo_cell(value)
