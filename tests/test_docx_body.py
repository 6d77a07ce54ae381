"""``render_docx`` writes the body as text, not through python-docx's API (issue 16: 0.25 s →
0.01 s of CPU per document): its files stay byte for byte what the API writes (``docx_api``),
on forms holding every kind of block, cell and awkward text."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from cqpsite.documents import build_forms
from cqpsite.documents.docx import render_docx
from cqpsite.documents.form import NBSP, Bullets, Check, Field, Form, Heading, Input, Para, Table
from documents_fixture import CQP, CQPM
from docx_api import render_docx_api

EPOCH = 1_700_000_000
# Markup, quotes, tabs, every line break, spaces at both ends, no-break and zero-width spaces,
# a line separator, an emoji: what lxml escapes or python-docx turns into elements.
ODD = f" a < b & c > d \"q\" 'a'\ttab\nlf\r\ncrlf\rcr  x{NBSP}y \u2028 \u200b \U0001f600 é "
LONG = "mot " * 100  # core properties and content-control names stop at 255 characters


def _choice(group: str) -> tuple[Check, Check]:
    """An exclusive yes/no pair, as the grid has them."""
    return Check(f"{group}-oui", "oui", group, f"{ODD} : choix"), Check(
        f"{group}-non", "non", group
    )


EVERY_BLOCK = Form(
    ODD,
    "Sous-titre\tavec\r\nsauts",
    (
        Heading(1, ODD),
        Para("Sous-titre", "subtitle"),
        Para(ODD, "note"),
        Para(""),
        Para("\t"),
        Heading(2, "Partie", new_page=True),
        Heading(3, "Sous-partie", keep=True),
        Heading(4, ODD),
        Bullets(tuple((depth, f"{ODD}{depth}") for depth in (0, 1, 2, 3, 4, 0))),
        Bullets(((0, "premier"), (1, "sous-point"), (0, "")), ordered=True),
        Para("Complétez ce qui suit :"),
        Field("q1", ODD, "long", LONG, (ODD, "point")),
        Field("q2", "Court", "court", ODD),
        Heading(2, "Grille"),
        Table(
            ("Réf.", ODD, "", "Oui", "Non", "Observations"),
            (1.6, 6.2, 2.1, 1.6, 1.7, 3.8),
            (
                (
                    "r1",
                    "ligne 1\nligne 2\n",
                    Check("r1-case", ODD),
                    *_choice("r1"),
                    Input("o", ODD),
                ),
                ("", ODD, Check("r2-case", LONG), "", "", Input("r2-obs", "o", 3)),
                ("r3", "sans champ", "", "", "", ""),
            ),
            "Grille",  # the heading's text: no caption paragraph
        ),
        Field("date", "Date", "date"),
        Field("sig", "Signature", "signature"),
        Table(("Seule", "ligne"), (8.5, 8.5), (), ODD),  # headers only, before a signature
        Field("sig2", "Signature", "signature"),
        Table(("A",), (17.0,), (("a\tb",), (Check("k", "k"),)), "Autre légende"),
        Field("date2", "Date", "date"),
        Field("sig3", "Signature", "signature"),
    ),
    LONG,
    "en-GB",
)


def _members(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name).decode("utf-8", "replace") for name in z.namelist()}


FORMS = [
    pytest.param(EVERY_BLOCK, id="every-block"),
    pytest.param(Form("", "", ()), id="empty"),
    *(
        pytest.param(form, id=f"{ref.id}-{type_}")
        for ref in (CQP, CQPM)
        for type_, _, form in build_forms(ref)
    ),
]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("epoch", [0, EPOCH])
def test_docx_is_what_python_docx_api_writes(form: Form, epoch: int) -> None:
    new, api = render_docx(form, epoch), render_docx_api(form, epoch)
    assert _members(new) == _members(api)  # a readable difference first
    assert new == api


def test_every_block_reads_back() -> None:
    """The comparison above is meaningful: the form holds what it claims to."""
    doc = docx.Document(io.BytesIO(render_docx(EVERY_BLOCK, EPOCH)))
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Heading 1", "Heading 4", "List Bullet 3", "List Number 2", "Caption"} <= styles
    assert len(doc.tables) == 10  # seven answer boxes, three grids
    texts = [p.text for p in doc.paragraphs]
    assert ODD.replace("\r\n", "\n\n").replace("\r", "\n") in texts
    assert doc.core_properties.title == ODD and doc.core_properties.author == LONG[:254] + "…"


@pytest.mark.parametrize("bad", ["\x00", "\x0b", "\x1f", "\ufffe", "\ud800"])
def test_text_xml_cannot_hold_is_refused_as_python_docx_did(bad: str) -> None:
    """``check`` refuses these characters first; a form built otherwise fails loudly, never
    with a file Word cannot open."""
    for form in (
        Form("t", "s", (Para(f"a{bad}b"),)),
        Form("t", "s", (Field("q", "Question", nom=f"nom{bad}"),)),
        Form(f"t{bad}", "s", ()),
    ):
        with pytest.raises(ValueError):
            render_docx_api(form, EPOCH)
        with pytest.raises(ValueError):
            render_docx(form, EPOCH)
