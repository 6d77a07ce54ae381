"""The document defects a jury would see (issue 13): each one checked on the rendered files,
read back with their own libraries, poppler (pdftoppm, pdftocairo, pdftotext) and LibreOffice-free
means only."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from functools import cache
from pathlib import Path

import docx
import pikepdf
import pypdf
import pytest
from pypdf.generic import NameObject, TextStringObject

from conftest import REELS
from cqpsite.corpus import load_referentiel
from cqpsite.documents import Document, build_forms, render_documents
from cqpsite.documents.form import Check, Field, Form, Heading, Para, Table
from cqpsite.documents.suites import with_suites
from cqpsite.model import Referentiel

CQP, CQPM = "cqp-coordinateur-logistique", "cqpm-gestionnaire-flux-commandes-international"
POPPLER = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils missing")


@cache
def referentiel(ref_id: str) -> Referentiel:
    ref, problems = load_referentiel(REELS / f"{ref_id}.yml")
    assert ref is not None, problems
    return ref


@cache
def document(ref_id: str, nom: str) -> tuple[Form, Document]:
    ref = referentiel(ref_id)
    forms = {type_: form for type_, _, form in build_forms(ref)}
    docs = {d.nom: d for d in render_documents(ref, 0)}
    found = docs[f"{ref_id}-{nom}"]
    return forms[found.type], found


def texts(form: Form) -> list[str]:
    return [b.text for b in form.blocks if isinstance(b, Heading | Para)]


def widgets(pdf: bytes) -> list[pypdf.generic.DictionaryObject]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]


# --- content ----------------------------------------------------------------------------------


def test_source_line_is_a_french_sentence() -> None:
    cqp = next(t for t in texts(document(CQP, "grille.pdf")[0]) if t.startswith("Source"))
    assert "version 2022." in cqp and " du 2022" not in cqp
    assert cqp.endswith("Transcription du livret source, à vérifier avec le certificateur.")
    cqpm = next(t for t in texts(document(CQPM, "grille.pdf")[0]) if t.startswith("Source"))
    assert "référence 1990 12 38 0079" in cqpm
    assert "date\u00a0: non indiquée dans la source." in cqpm
    assert " du non indiquée" not in cqpm


def test_livret_follows_the_source_order_with_the_presentation() -> None:
    form, _ = document(CQP, "dossier.pdf")
    titles = [b.text for b in form.blocks if isinstance(b, Heading) and b.level == 2]
    assert titles[:4] == [
        "Page de garde",
        "Présentation du CQP",
        "Composition du référentiel",
        "Dossier du candidat en VAE",
    ]
    assert titles[4] == "1. Votre projet"
    body = " ".join(texts(form))
    assert body.index("Le/la titulaire du CQP") < body.index("La rédaction de ce dossier")


def test_footnote_calls_start_at_one() -> None:
    form, _ = document(CQP, "dossier.pdf")
    notes = [b.text[0] for b in form.blocks if isinstance(b, Para) and b.role == "note"]
    order = "¹²³⁴⁵⁶⁷⁸⁹"
    calls = [order.index(n) + 1 for n in notes if n in order]
    assert calls[0] == 1 and calls == sorted(calls)


def test_cqpm_grid_shows_conditions_and_no_empty_essentiel_column() -> None:
    form, _ = document(CQPM, "grille.pdf")
    tables = [b for b in form.blocks if isinstance(b, Table)]
    assert all("Essentiel" not in t.headers for t in tables)
    assert sum(1 for t in texts(form) if t == "Conditions de réalisation") == 10
    cqp_tables = [b for b in document(CQP, "grille.pdf")[0].blocks if isinstance(b, Table)]
    assert any("Essentiel" in t.headers for t in cqp_tables)  # its rule names essentials


def test_cqpm_report_quotes_the_source_and_says_it_is_the_sites_form() -> None:
    form, _ = document(CQPM, "dossier.pdf")
    body = " ".join(texts(form))
    assert "Aide à la préparation, non officiel" in body
    source = (REELS / "sources" / f"{CQPM}-referentiel.txt").read_text("utf-8")
    quoted = re.search(r"L’entreprise \(tuteur.*?professionnels\.", " ".join(source.split()))
    assert quoted is not None
    assert f"«\u00a0{quoted.group(0)}\u00a0»" in body


def test_exclusive_choices_say_so_in_every_format() -> None:
    grid, _ = document(CQP, "grille.pdf")
    assert any(t.startswith("Cochez une seule case par ligne") for t in texts(grid))
    report, _ = document(CQPM, "dossier.pdf")
    assert any(t.startswith("Cochez une seule case par ligne") for t in texts(report))
    pairs = [f for f in grid.fields() if isinstance(f, Check) and f.groupe]
    assert pairs and all(f.id == f"{f.groupe}-{f.valeur}" for f in pairs)


# --- PDF --------------------------------------------------------------------------------------


def test_pdf_pairs_are_radio_groups_and_boxes_have_appearances() -> None:
    _, doc = document(CQPM, "grille.pdf")
    with pikepdf.open(io.BytesIO(doc.contenu)) as pdf:
        fields = list(pdf.Root.AcroForm.Fields)
        radios = [f for f in fields if f.get("/FT") == "/Btn" and "/Kids" in f]
        assert radios
        for group in radios:
            assert int(group.Ff) & (1 << 15)  # radio
            states = [sorted(str(k) for k in kid.AP.N) for kid in group.Kids]
            assert states == [["/Off", "/acquis"], ["/Off", "/non-acquis"]] or states == [
                ["/Off", "/favorable"],
                ["/Off", "/defavorable"],
            ]
            assert all(str(kid.DA).startswith("/ZaDb") for kid in group.Kids)
        assert "/ZaDb" in pdf.Root.AcroForm.DR.Font


def test_pdf_date_and_signature_of_the_report_are_named_after_their_part() -> None:
    _, doc = document(CQPM, "dossier.pdf")
    names = {str(a["/T"]): str(a["/TU"]) for a in widgets(doc.contenu) if "/T" in a}
    assert names["avis-date"] == "Avis de l’entreprise\u00a0: date"


def test_pdf_footer_is_an_artifact() -> None:
    _, doc = document(CQPM, "grille.pdf")
    with pikepdf.open(io.BytesIO(doc.contenu)) as pdf:
        for page in pdf.pages:
            artifacts, inside, text = 0, False, []
            for op in pikepdf.parse_content_stream(page):
                name = str(op.operator)
                if name == "BDC" and op.operands[0] == pikepdf.Name.Artifact:
                    artifacts, inside = artifacts + 1, True
                elif name == "EMC":
                    inside = False
                elif inside and name in ("TJ", "Tj"):
                    text.append(op)
            assert artifacts >= 1 and text  # the "Page n / N" line is drawn as an artifact


def _ticked(pdf: bytes, names: set[str]) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        for ref in page.get("/Annots", []):
            annot = ref.get_object()
            parent = annot.get("/Parent")
            if parent is not None:
                state = next(k for k in annot["/AP"]["/N"] if k != "/Off")
                if f"{parent['/T']}-{state[1:]}" in names:
                    parent.get_object()[NameObject("/V")] = NameObject(state)
                    annot[NameObject("/AS")] = NameObject(state)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _changed(first: Path, second: Path) -> int:
    """Pixels that differ clearly between two renderings of a page."""
    from PIL import Image, ImageChops

    with Image.open(first) as a, Image.open(second) as b:
        return sum(ImageChops.difference(a.convert("L"), b.convert("L")).histogram()[64:])


@POPPLER
def test_poppler_draws_a_ticked_radio_button(tmp_path: Path) -> None:
    _, doc = document(CQPM, "grille.pdf")
    reader = pypdf.PdfReader(io.BytesIO(doc.contenu))
    number = 1 + next(
        n
        for n, page in enumerate(reader.pages)
        if any(str(a.get_object().get("/Parent", {}).get("/T")) == "c1-1" for a in page["/Annots"])
    )
    for name, data in (("blank", doc.contenu), ("ticked", _ticked(doc.contenu, {"c1-1-acquis"}))):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "150",
                "-f",
                str(number),
                "-l",
                str(number),
                "-png",
                "-singlefile",
                str(tmp_path / f"{name}.pdf"),
                str(tmp_path / name),
            ],
            check=True,
            capture_output=True,
        )
    assert _changed(tmp_path / "ticked.png", tmp_path / "blank.png") > 30


@POPPLER
def test_a_5000_character_answer_is_printed_whole(tmp_path: Path) -> None:
    _, doc = document(CQP, "dossier.pdf")
    words = [f"mot{k:04d}" for k in range(626)]
    answer = " ".join(words)
    assert len(answer) >= 5_000
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(doc.contenu)))
    for page in writer.pages:
        for ref in page.get("/Annots", []):
            annot = ref.get_object()
            if annot.get("/T") == "q1-motivations":
                annot[NameObject("/V")] = TextStringObject(answer)
    writer.write(tmp_path / "rempli.pdf")
    # Printing through poppler draws the fields (NeedAppearances) into the page.
    subprocess.run(
        ["pdftocairo", "-pdf", str(tmp_path / "rempli.pdf"), str(tmp_path / "imprime.pdf")],
        check=True,
        capture_output=True,
    )
    printed = subprocess.run(
        ["pdftotext", str(tmp_path / "imprime.pdf"), "-"], check=True, capture_output=True
    ).stdout.decode("utf-8")
    assert re.findall(r"mot\d{4}", printed) == words


def test_pdf_signature_box_is_not_alone_on_its_page() -> None:
    for ref_id, nom, signature in (
        (CQPM, "dossier.pdf", "avis-signature"),
        (CQPM, "grille.pdf", "decision-signatures"),
        (CQP, "grille.pdf", "decision-signatures"),
    ):
        _, doc = document(ref_id, nom)
        reader = pypdf.PdfReader(io.BytesIO(doc.contenu))
        page = next(
            p
            for p in reader.pages
            if any(a.get_object().get("/T") == signature for a in p.get("/Annots", []))
        )
        assert len(page.get("/Annots", [])) >= 3, (ref_id, nom)


# --- DOCX and ODT -----------------------------------------------------------------------------


def test_docx_has_a_running_header_and_page_numbers() -> None:
    form, doc = document(CQP, "dossier.docx")
    section = docx.Document(io.BytesIO(doc.contenu)).sections[0]
    assert section.header.paragraphs[0].text == f"{form.titre} — {form.sous_titre}"
    footer = section.footer._element.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer


def test_odt_has_a_running_header_and_page_numbers() -> None:
    form, doc = document(CQPM, "grille.odt")
    with zipfile.ZipFile(io.BytesIO(doc.contenu)) as archive:
        styles = archive.read("styles.xml").decode("utf-8")
    assert f"{form.titre} — {form.sous_titre}" in styles
    assert "<text:page-number" in styles and "<text:page-count" in styles


def test_docx_and_odt_keep_the_date_with_the_signature() -> None:
    _, doc = document(CQPM, "dossier.docx")
    tables = docx.Document(io.BytesIO(doc.contenu)).tables
    date = next(t for t in tables if t._tbl.xml.count('w:val="avis-date"'))
    assert "<w:keepNext/>" in date._tbl.xml
    _, odt = document(CQPM, "dossier.odt")
    with zipfile.ZipFile(io.BytesIO(odt.contenu)) as archive:
        content = archive.read("content.xml").decode("utf-8")
    table = re.search(r'<table:table [^>]*table:name="avis-date"[^>]*>', content)
    assert table is not None
    style = re.search(r'table:style-name="([^"]+)"', table.group(0))
    assert style is not None
    assert re.search(
        rf'style:name="{style.group(1)}"[^>]*>\s*<style:table-properties[^>]*keep-with-next',
        content,
    )


def test_long_fields_are_the_answers_that_shrink() -> None:
    form, doc = document(CQP, "dossier.pdf")
    form = with_suites(form)  # the continuation boxes shrink too, as a last resort
    long_ids = {f.id for f in form.fields() if isinstance(f, Field) and f.kind == "long"}
    for annot in widgets(doc.contenu):
        if annot.get("/FT") == "/Tx":
            auto = " 0 Tf" in str(annot["/DA"])
            assert auto == (annot["/T"] in long_ids), annot["/T"]
