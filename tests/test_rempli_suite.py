"""The PDF dossier's « Suite des réponses »: continuation boxes at the end, one a page, that the
browser fill (rempli-suite.js) uses for answers too long for their box; and the font metrics
that script estimates the fit with, checked against the fields' font itself."""

from __future__ import annotations

import io
import re
from functools import cache

import pikepdf
import pypdf
from fontTools.ttLib import TTFont

from conftest import FIXTURES
from cqpsite.corpus import load_referentiel
from cqpsite.documents.dossier import SUITES, build_dossier
from cqpsite.documents.form import Form
from cqpsite.documents.grille import build_grille
from cqpsite.documents.pdf import FIELDS_FONT, FONTS, render_pdf
from cqpsite.documents.suites import with_suites

SCRIPT = FIXTURES.parents[1] / "src" / "cqpsite" / "theme" / "assets" / "rempli-suite.js"


@cache
def dossier() -> tuple[Form, bytes]:
    ref, problems = load_referentiel(FIXTURES / "mini" / "referentiels" / "cqp-mini.yml")
    assert ref is not None, problems
    form = build_dossier(ref)
    assert form is not None
    return form, render_pdf(form, 0)


def test_the_dossier_pdf_ends_with_one_continuation_box_a_page() -> None:
    form, data = dossier()
    assert [f.id for f in with_suites(form).fields()][-SUITES:] == [
        f"suite-reponses-{n}" for n in range(1, SUITES + 1)
    ]
    assert with_suites(with_suites(form)) == with_suites(form)
    reader = pypdf.PdfReader(io.BytesIO(data))
    names = [
        [str(a.get_object().get("/T")) for a in page.get("/Annots", [])] for page in reader.pages
    ]
    assert names[-SUITES:] == [[f"suite-reponses-{n}"] for n in range(1, SUITES + 1)]
    first = " ".join(reader.pages[-SUITES].extract_text().split())
    assert first.startswith("Suite des réponses")
    assert "« (suite page …, renvoi …) »" in first and "« Renvoi … — suite de … »" in first
    fields = reader.get_fields() or {}
    assert fields["suite-reponses-1"].get("/TU") == "Suite des réponses, cadre n°\u00a01"
    widgets = {
        str(a.get_object()["/T"]): a.get_object()
        for p in reader.pages
        for a in p.get("/Annots", [])
    }
    for n in range(1, SUITES + 1):  # a last resort: shrink rather than cut
        assert re.search(r"\s0 Tf", str(widgets[f"suite-reponses-{n}"]["/DA"]))


def test_the_grid_has_no_continuation_box() -> None:
    ref, _ = load_referentiel(FIXTURES / "mini" / "referentiels" / "cqp-mini.yml")
    assert ref is not None
    fields = pypdf.PdfReader(io.BytesIO(render_pdf(build_grille(ref), 0))).get_fields() or {}
    assert "grille-remplie-par" in fields
    assert not [k for k in fields if k.startswith("suite-reponses-")]


def _table(name: str) -> str:
    found = re.search(rf"var {name} = (.+?);\n", SCRIPT.read_text(encoding="utf-8"), re.S)
    assert found, name
    return found.group(1)


def test_the_scripts_widths_are_the_fields_font() -> None:
    font = TTFont(FONTS / FIELDS_FONT)
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    assert font["head"].unitsPerEm == int(_table("EM"))
    first = int(_table("PREMIER"), 16)
    widths = [int(w) for w in "".join(re.findall(r'"([^"]*)"', _table("LARGEURS"))).split(",")]
    for k, width in enumerate(widths):
        code = first + k
        expected = hmtx[cmap[code]][0] if code in cmap else int(_table("PLUS_LARGE").strip('"'))
        assert width == expected, hex(code)
    others = dict(re.findall(r'"(.)": (\d+)', _table("AUTRES")))
    assert others and all(hmtx[cmap[ord(c)]][0] == int(w) for c, w in others.items())
    widest = max(hmtx[g][0] for g in font.getGlyphOrder())
    assert int(_table("PLUS_LARGE").strip('"')) >= widest


def test_the_blank_dossier_pdf_stays_pdf_ua() -> None:
    import pytest

    validator = pytest.importorskip("page")
    _, data = dossier()
    report = validator.validate_pdf_bytes(data, profile="ua1")
    assert [(f.rule_id, f.message) for f in report.failures] == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) > SUITES
