"""The PDF renderer's WeasyPrint shortcuts (documents/weasy.py) change no byte of the output."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pydyf
import pytest
import tinyhtml5
from weasyprint import HTML

from cqpsite.documents import build_forms
from cqpsite.documents.form import NBSP, Bullets, Check, Field, Form, Heading, Input, Para, Table
from cqpsite.documents.pdf import FONTS, render_html, stylesheet
from cqpsite.documents.suites import with_suites
from cqpsite.documents.weasy import margin_boxes, parse, user_agent, write_pdf
from documents_fixture import CQP, CQPM

EPOCH = 1_700_000_000

# Every kind of block and cell, with what XML reads otherwise than HTML: newlines and tabs
# in attribute values, markup characters, quotes, no-break spaces.
EVERYTHING = Form(
    "Titre <1> & « 2 »",
    "Sous-titre\tavec\r\nsauts",
    (
        Heading(1, "Titre"),
        Para("Sous-titre", "subtitle"),
        Para("Source : quelque part.", "note"),
        Heading(2, "Partie 1", keep=True),
        Bullets(((0, "un"), (1, "un.un"), (2, "un.un.un"), (0, "deux"))),
        Bullets(((0, "premier"), (0, "second")), ordered=True),
        Para("Complétez ce qui suit :"),
        Field("q1", "Question\navec saut", "long", "Nom\tà tabulation\net saut", ("a", "b")),
        Field("q2", "Court", "court", f"Court{NBSP}: «{NBSP}“x”{NBSP}» 'y'"),
        Field("q3", "Date", "date"),
        Heading(2, "Tableau", new_page=True),
        Table(
            ("Réf.", "Texte", "Case", "Choix 1", "Choix 2", "Observations"),
            (1.6, 6.2, 2.1, 1.6, 1.7, 3.8),
            (
                (
                    "r1",
                    "ligne 1\nligne 2",
                    Check("r1-case", "Ligne 1 :\tcase"),
                    Check("r1-oui", "oui", "r1", "Ligne\n1"),
                    Check("r1-non", "non", "r1", "Ligne\n1"),
                    Input("r1-obs", "Ligne 1 : observations", 3),
                ),
                ("r2", "texte", Check("r2-case", "c"), "", "", Input("r2-obs", "o")),
            ),
            "Légende <du> tableau",
        ),
        Field("sig", "Signature", "signature"),
    ),
    'Auteur "& fils"\n',
    suites=2,
)


def _forms() -> list[Form]:
    forms = [with_suites(form) for ref in (CQP, CQPM) for _, _, form in build_forms(ref)]
    return [with_suites(EVERYTHING), *forms]


def _shape(element: ET.Element) -> object:
    return (
        element.tag,
        dict(element.attrib),
        element.text or "",
        element.tail or "",
        [_shape(child) for child in element],
    )


@pytest.mark.parametrize("form", _forms(), ids=lambda f: f.titre[:20])
def test_xml_reads_the_html_as_weasyprint_would(form: Form) -> None:
    html = render_html(form, EPOCH)
    by_xml = ET.fromstring(html)  # the fast path is taken, not its fallback
    by_html = tinyhtml5.parse(html, namespace_html_elements=False)
    assert _shape(by_xml) == _shape(by_html)


def test_characters_xml_refuses_fall_back_to_the_html_parser() -> None:
    html = "<html><head></head><body><p>a\x0bb</p></body></html>"
    with pytest.raises(ET.ParseError):
        ET.fromstring(html)
    assert _shape(parse(html)) == _shape(tinyhtml5.parse(html, namespace_html_elements=False))


def test_trimmed_user_agent_stylesheet_applies() -> None:
    assert user_agent() is not None  # else WeasyPrint changed and the shortcut is off
    assert user_agent(margin_boxes(stylesheet())) is not None


def test_margin_boxes_kept_are_the_named_ones_and_their_side() -> None:
    assert margin_boxes(stylesheet()) == {"bottom-left", "bottom-center", "bottom-right"}
    assert margin_boxes("@page { @top-left-corner { content: 'x' } }") == {"top-left-corner"}
    assert margin_boxes("@page { @left-middle { content: 'x' } }") == {
        "left-top",
        "left-middle",
        "left-bottom",
    }
    assert margin_boxes("p { color: red }") == frozenset()


def test_page_references_are_pydyf_s_own_again_after_a_render() -> None:
    before = pydyf.PDF.__dict__["page_references"]
    write_pdf(render_html(with_suites(EVERYTHING), EPOCH), stylesheet(), str(FONTS))
    assert pydyf.PDF.__dict__["page_references"] is before


def test_same_bytes_as_weasyprint_alone() -> None:
    """Stylesheet parsed once, trimmed user-agent stylesheet, XML parser: the PDF of the form
    with every kind of block is the one WeasyPrint makes from the same HTML on its own."""
    html = render_html(with_suites(EVERYTHING), EPOCH)
    styled = html.replace("</head>", f"<style>{stylesheet()}</style></head>")
    plain = HTML(string=styled, base_url=str(FONTS)).write_pdf(
        pdf_forms=True, pdf_tags=True, pdf_variant="pdf/ua-1"
    )
    assert write_pdf(html, stylesheet(), str(FONTS)) == plain
    assert write_pdf(html, stylesheet(), str(FONTS)) == plain  # and again, fonts reused
