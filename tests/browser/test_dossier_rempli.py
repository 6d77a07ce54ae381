"""« Télécharger mon dossier rempli » in a real Chromium: the site's blank DOCX / ODT filled in the
browser, read back with python-docx and odfdo, control by control (stable IDs); and the way
back, answers loaded from a filled document into a fresh browser."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import time
import zipfile
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from serveur import leaks, record_errors, record_requests, serve, stored_answers

from conftest import CHROMIUM, FIXTURES, build_project, make_project

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium absent du PATH (paquet chromium)"
)

if CHROMIUM is not None:
    from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

KEY = "cqpsite:cqp-mini:1.0"
# 5,000 characters: paragraphs, French typography, XML-special text and runs of spaces.
PARAGRAPHE = "Ligne {:03d} : « œuvre » d’équipe <b>&amp;</b>  deux espaces, fin."
LONGUE = "\n".join(PARAGRAPHE.format(i) for i in range(1, 80))[:5000]
LONGUE = LONGUE.rstrip() + "x" * (5000 - len(LONGUE.rstrip()))
EMPLOI_2 = "Chef d’équipe <i>polyvalent</i> & cariste"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The mini fixture site built WITH its documents (the blank templates to fill)."""
    tmp = tmp_path_factory.mktemp("rempli")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CQPSITE_DOCUMENTS", "1")
        site = build_project(make_project(tmp, FIXTURES / "mini" / "referentiels"))
    with serve(site) as url:
        yield url


@pytest.fixture
def context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    """A fresh profile; fails if a request leaves localhost, is not a GET or carries an answer."""
    ctx = browser.new_context(accept_downloads=True, base_url=base_url)
    requests = record_requests(ctx)
    yield ctx
    ctx.close()
    assert leaks(requests, ["Cariste", "polyvalent", "Ligne 001"]) == []


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    pg = context.new_page()
    errors = record_errors(pg)
    pg.on("dialog", lambda d: d.accept())
    yield pg
    assert errors == []


def stored(page: Page) -> dict[str, Any]:
    return stored_answers(page, KEY)


def fill_dossier(page: Page) -> None:
    page.goto("cqp-mini/dossier/")
    page.get_by_label("Que faites-vous ?").fill(LONGUE)
    page.get_by_label("Date :").fill("2026-01-31")
    page.get_by_label("Emploi n° 1 : Emploi :").fill("Cariste")
    page.get_by_role("button", name="Ajouter Emploi n° 2").click()
    page.get_by_label("Emploi n° 2 : Emploi :").fill(EMPLOI_2)


@contextlib.contextmanager
def imported(browser: Browser, base_url: str, where: str, path: Path, n: str) -> Iterator[Page]:
    """A new browser profile (nothing stored) that loads the filled document ``path`` on the
    page ``where`` and says it took ``n`` answers back."""
    context = browser.new_context(base_url=base_url)
    try:
        page = context.new_page()
        load(page, where, path, n)
        yield page
    finally:
        context.close()


def load(page: Page, where: str, path: Path, n: str) -> None:
    """Open ``where`` and load the filled document ``path``; it says it took ``n`` back."""
    page.goto(where)
    page.locator("#rempli-fichier").set_input_files(path)
    expect(page.locator(".rempli-statut")).to_contain_text(f"{n} reprises")


def download(page: Page, fmt: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.locator(f".dossier-rempli button.rempli-{fmt}").click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def docx_controls(path: Path) -> dict[str, str | bool]:
    """Content controls of a DOCX by tag: their text (line breaks and paragraphs as "\\n") or
    whether they are ticked."""
    import docx
    from docx.oxml.ns import qn

    w14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
    BREAKS = (qn("w:t"), qn("w:br"))
    out: dict[str, str | bool] = {}
    for sdt in docx.Document(str(path)).element.body.iter(qn("w:sdt")):
        pr = sdt.find(qn("w:sdtPr"))
        tag = pr.find(qn("w:tag")).get(qn("w:val"))
        box = pr.find(f"{w14}checkbox")
        if box is not None:
            out[tag] = box.find(f"{w14}checked").get(f"{w14}val") == "1"
        else:
            paragraphs = sdt.find(qn("w:sdtContent")).iter(qn("w:p"))
            out[tag] = "\n".join(
                "".join(e.text or "" if e.tag == qn("w:t") else "\n" for e in p.iter(*BREAKS))
                for p in paragraphs
            )
    return out


def odt_controls(path: Path) -> dict[str, str | bool]:
    """Answer tables (by name) and content controls (by tag) of an ODT, read with odfdo."""
    from odfdo import Document

    body = Document(str(path)).body
    out: dict[str, str | bool] = {}
    for table in body.get_tables():
        cells = table.get_cells(flat=True)
        if len(cells) == 1:
            out[str(table.name)] = "\n".join(p.text_recursive for p in cells[0].get_paragraphs())
    for control in body.get_elements("//loext:content-control"):
        tag = str(control.get_attribute("loext:tag"))
        # odfdo reads "true" / "false" attributes as booleans
        if control.get_attribute("loext:checkbox") in (True, "true"):
            out[tag] = control.get_attribute("loext:checked") in (True, "true")
        else:
            out[tag] = control.text_recursive
    return out


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_filled_dossier_holds_every_answer(page: Page, tmp_path: Path, fmt: str) -> None:
    fill_dossier(page)
    path = download(page, fmt, tmp_path)
    assert path.name.startswith("cqp-mini-dossier-rempli-") and path.suffix == f".{fmt}"
    expect(page.locator(".rempli-statut")).to_contain_text("4 réponses placées")
    controls = docx_controls(path) if fmt == "docx" else odt_controls(path)
    assert controls["q-b1-1"] == LONGUE
    assert controls["q-b1-2"] == "31/01/2026"
    assert controls["emploi-intitule-1"] == "Cariste"
    assert controls["emploi-intitule-2"] == EMPLOI_2
    assert controls["emploi-intitule-3"] in ("", "\u2026")  # untouched: empty or placeholder
    if fmt == "odt":  # ODF: mimetype first and stored, as the blank template
        first = zipfile.ZipFile(path).infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)


def test_answer_without_a_place_is_named(page: Page, tmp_path: Path) -> None:
    fill_dossier(page)
    for n in (3, 4):
        page.get_by_role("button", name=f"Ajouter Emploi n° {n}").click()
        page.get_by_label(f"Emploi n° {n} : Emploi :").fill(f"Emploi {n}")
    controls = docx_controls(download(page, "docx", tmp_path))
    assert controls["emploi-intitule-3"] == "Emploi 3"
    expect(page.locator(".rempli-statut")).to_contain_text(
        "Sans place dans le modèle, à recopier à la main : « Emploi n° 4 : Emploi : »"
    )


@pytest.mark.parametrize("where", ["cqp-mini/grille/", "cqp-mini/dossier/"])
def test_the_box_waits_for_the_scripts_that_come_after_it(page: Page, where: str) -> None:
    # stockage.js comes after dossier-rempli.js in the page: arriving late, it still counts.
    def late(route: Route) -> None:
        time.sleep(1.0)
        route.continue_()

    page.route("**/assets/stockage.js", late)
    page.goto(where)
    expect(page.locator(".dossier-rempli button.rempli-docx")).to_be_visible()
    expect(page.locator("#rempli-fichier")).to_be_attached()


def test_filled_grid_ticks_the_right_boxes(page: Page, tmp_path: Path) -> None:
    page.goto("cqp-mini/grille/")
    page.get_by_label("B1.C1.1 : acquis", exact=True).check()
    page.get_by_label("C1-2 : non acquis", exact=True).check()
    page.get_by_label("Observations sur le critère B1.C1.1").fill("Vu en atelier.")
    page.get_by_label("Critère à fournir par le certificateur, ligne 2").fill("Critère B2")
    page.locator("#ajout-essentiel-ligne-b2-2").check()
    page.get_by_label("Ligne 2 : acquis").check()
    for fmt in ("docx", "odt"):
        controls = (docx_controls if fmt == "docx" else odt_controls)(download(page, fmt, tmp_path))
        assert controls["c1-1-acquis"] is True and controls["c1-1-non-acquis"] is False
        assert controls["c1-2-non-acquis"] is True and controls["c1-2-acquis"] is False
        assert controls["c2-1-acquis"] is False and controls["c2-1-non-acquis"] is False
        assert controls["c1-1-observations"] == "Vu en atelier."
        assert controls["b2-critere-2"] == "Critère B2"
        assert controls["b2-critere-2-essentiel"] is True
        assert controls["b2-critere-2-acquis"] is True
        assert controls["b2-critere-1-essentiel"] is False


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_answers_come_back_from_a_filled_document(
    browser: Browser, page: Page, base_url: str, tmp_path: Path, fmt: str
) -> None:
    fill_dossier(page)
    path = download(page, fmt, tmp_path)
    with imported(browser, base_url, "cqp-mini/dossier/", path, "4 réponses") as other:
        assert stored(other)["reponses"] == {
            "q-b1-1": LONGUE,
            "q-b1-2": "2026-01-31",
            "emploi-intitule#1": "Cariste",
            "emploi-intitule#2": EMPLOI_2,
        }
        expect(other.get_by_label("Emploi n° 2 : Emploi :")).to_have_value(EMPLOI_2)
        expect(other.get_by_label("Date :")).to_have_value("2026-01-31")


def test_grid_answers_come_back_from_a_filled_document(
    browser: Browser, page: Page, base_url: str, tmp_path: Path
) -> None:
    page.goto("cqp-mini/grille/")
    page.get_by_label("C1-2 : non acquis", exact=True).check()
    page.get_by_label("Critère à fournir par le certificateur, ligne 2").fill("Critère B2")
    path = download(page, "odt", tmp_path)
    with imported(browser, base_url, "cqp-mini/grille/", path, "2 réponses") as other:
        data = stored(other)
        assert data["grilles"] == {"c1-2": "non-acquis"}
        assert data["criteres_ajoutes"] == {"b2#2": {"texte": "Critère B2", "essentiel": False}}
        expect(other.get_by_label("C1-2 : non acquis", exact=True)).to_be_checked()


def test_a_file_of_another_kind_is_refused(page: Page, tmp_path: Path) -> None:
    fill_dossier(page)
    before = stored(page)["reponses"]
    bad = tmp_path / "notes.docx"
    bad.write_bytes(b"pas un document")
    page.locator("#rempli-fichier").set_input_files(bad)
    expect(page.locator(".rempli-statut")).to_contain_text("Import impossible : « notes.docx »")
    assert stored(page)["reponses"] == before


def filled_pdf(base_url: str, name: str, values: dict[str, str], folder: Path) -> Path:
    """The site's blank PDF filled as a PDF reader does (field values by name), with pypdf."""
    from urllib.request import urlopen

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    with urlopen(f"{base_url}cqp-mini/telechargements/{name}") as response:
        reader = PdfReader(io.BytesIO(response.read()))
    writer = PdfWriter(clone_from=reader)
    for pdf_page in writer.pages:
        fields = {a.get_object().get("/T") for a in pdf_page.get("/Annots", [])}
        mine = {k: v for k, v in values.items() if k in fields}
        if mine:
            writer.update_page_form_field_values(pdf_page, mine, auto_regenerate=False)
    for annot in (a.get_object() for p in writer.pages for a in p.get("/Annots", [])):
        if annot.get("/FT") == "/Btn" and values.get(str(annot.get("/T"))) == "/on":
            annot[NameObject("/V")] = annot[NameObject("/AS")] = NameObject("/on")
        elif "/Parent" in annot:  # a radio button: "<group>-<on-state>" ticked in the group
            state = next(k for k in annot["/AP"]["/N"] if k != "/Off")
            if values.get(f"{annot['/Parent']['/T']}-{state[1:]}") == "/on":
                annot[NameObject("/AS")] = NameObject(state)
                annot["/Parent"].get_object()[NameObject("/V")] = NameObject(state)
    path = folder / name.replace(".pdf", "-rempli.pdf")
    writer.write(path)
    return path


def test_answers_come_back_from_a_filled_pdf(page: Page, base_url: str, tmp_path: Path) -> None:
    values = {"q-b1-1": LONGUE, "q-b1-2": "31/01/2026", "emploi-intitule-2": EMPLOI_2}
    path = filled_pdf(base_url, "cqp-mini-dossier.pdf", values, tmp_path)
    page.goto("cqp-mini/dossier/")
    page.locator("#rempli-fichier").set_input_files(path)
    expect(page.locator(".rempli-statut")).to_contain_text("3 réponses reprises")
    assert stored(page)["reponses"] == {
        "q-b1-1": LONGUE,
        "q-b1-2": "2026-01-31",
        "emploi-intitule#2": EMPLOI_2,
    }
    expect(page.get_by_label("Emploi n° 2 : Emploi :")).to_have_value(EMPLOI_2)


def test_grid_answers_come_back_from_a_filled_pdf(
    page: Page, base_url: str, tmp_path: Path
) -> None:
    values = {"c1-1-acquis": "/on", "c2-1-non-acquis": "/on", "c1-1-observations": "Vu."}
    path = filled_pdf(base_url, "cqp-mini-grille.pdf", values, tmp_path)
    load(page, "cqp-mini/grille/", path, "3 réponses")
    assert stored(page)["grilles"] == {
        "c1-1": "acquis",
        "c2-1": "non-acquis",
        "observations:c1-1": "Vu.",
    }


def printed(page: Page) -> list[str]:
    """The text of each page of the print view, as Chromium saves it to PDF."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    return [" ".join((p.extract_text() or "").split()) for p in reader.pages]


@pytest.mark.parametrize(
    ("path", "titre"),
    [("cqp-mini/dossier/", "Dossier du candidat"), ("cqp-mini/grille/", "Grille d’évaluation")],
)
def test_print_view_has_a_cover_and_page_numbers(page: Page, path: str, titre: str) -> None:
    page.goto(path)
    page.get_by_label("Nom et prénom du candidat").fill("Camille « Œ » Dupont")
    page.get_by_label("Date", exact=True).fill("2026-02-03")
    pages = printed(page)
    n = len(pages)
    assert n >= 2
    cover = pages[0]
    assert cover.startswith(f"CQP Mini <script>alert(1)</script> {titre} ")
    assert "Nom et prénom du candidat : Camille « Œ » Dupont Date : 03/02/2026" in cover
    assert "Fictif. Document imprimé depuis le site : aide à la préparation, non officiel." in cover
    assert "page 1" not in cover
    for i, text in enumerate(pages[1:], start=2):
        assert f"page {i} / {n}" in text
        assert f"{titre} — Camille « Œ » Dupont" in text
    whole = " ".join(pages)
    assert whole.count("Source :") == 1  # the source line only at the foot of the cover
    for chrome in ("Exporter mes réponses", "Télécharger", "Page de garde de la version", "›"):
        assert chrome not in whole
    # A fresh visit keeps the cover's name (this browser only).
    page.reload()
    expect(page.get_by_label("Nom et prénom du candidat")).to_have_value("Camille « Œ » Dupont")


SOFFICE = shutil.which("soffice")


def saved_by_libreoffice(path: Path, folder: Path) -> Path:
    """``path`` opened and saved again in the same format by LibreOffice (headless)."""
    out = folder / "libreoffice"
    profile = (folder / "profil").as_uri()
    subprocess.run(
        [
            SOFFICE or "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            path.suffix[1:],
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / path.name


def tags(path: Path) -> int:
    part = "word/document.xml" if path.suffix == ".docx" else "content.xml"
    text = zipfile.ZipFile(path).read(part).decode("utf-8")
    return text.count("<w:tag ") + text.count('loext:tag="')


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice absent (libreoffice-writer-nogui)")
def test_answers_come_back_after_libreoffice_saved_the_file(
    browser: Browser, page: Page, base_url: str, tmp_path: Path
) -> None:
    fill_dossier(page)
    dossier = saved_by_libreoffice(download(page, "docx", tmp_path), tmp_path)
    page.goto("cqp-mini/grille/")
    page.get_by_label("C1-2 : non acquis", exact=True).check()
    page.get_by_label("Observations sur le critère B1.C1.1").fill("Vu en atelier.")
    grille = saved_by_libreoffice(download(page, "odt", tmp_path), tmp_path)
    # What LibreOffice 7.4 does: it keeps the controls and drops their tags.
    assert tags(dossier) == tags(grille) == 0
    with imported(browser, base_url, "cqp-mini/dossier/", dossier, "4 réponses") as other:
        assert stored(other)["reponses"]["emploi-intitule#2"] == EMPLOI_2
        # LibreOffice 7.4 opens a DOCX answer control as a one-line input field: the text is kept,
        # its line breaks are not.
        assert "".join(stored(other)["reponses"]["q-b1-1"].split()) == "".join(LONGUE.split())
        load(other, "cqp-mini/grille/", grille, "2 réponses")
        assert stored(other)["grilles"] == {
            "c1-2": "non-acquis",
            "observations:c1-1": "Vu en atelier.",
        }


def test_filled_pdf_keeps_its_fields_and_stays_pdf_ua(page: Page, tmp_path: Path) -> None:
    from pypdf import PdfReader

    fill_dossier(page)
    path = download(page, "pdf", tmp_path)
    expect(page.locator(".rempli-statut")).to_contain_text("4 réponses placées")
    fields = PdfReader(path).get_fields() or {}
    values = {k: f.get("/V") for k, f in fields.items()}
    # The long answer's start, cut at a word, then its continuation box (see below).
    head, _ = re.fullmatch(r"(.+)(\(suite page \d+, renvoi 1\))", values["q-b1-1"], re.S).groups()
    assert LONGUE.startswith(head) and len(head) < len(LONGUE)
    assert values["q-b1-2"] == "31/01/2026"
    assert values["emploi-intitule-2"] == EMPLOI_2
    assert not values.get("emploi-intitule-3")
    validator = pytest.importorskip("page")
    report = validator.validate_pdf_bytes(path.read_bytes(), profile="ua1")
    assert [(f.rule_id, f.message) for f in report.failures] == []
    page.goto("cqp-mini/grille/")
    page.get_by_label("C1-2 : non acquis", exact=True).check()
    page.get_by_label("Observations sur le critère B1.C1.1").fill("Vu en atelier.")
    fields = PdfReader(download(page, "pdf", tmp_path)).get_fields() or {}
    assert fields["c1-2"].get("/V") == "/non-acquis"  # the pair is one radio group
    assert fields["c1-1-observations"].get("/V") == "Vu en atelier."


SUITE = re.compile(r"\(suite page (\d+), renvoi (\d+)\)$")


def printed_words(pdf: Path, folder: Path) -> list[tuple[str, float, int]]:
    """The words of ``pdf`` printed through poppler (``pdftocairo -pdf`` draws the fields into
    the page), with their height in points and their page, as ``pdftotext -bbox`` reads them."""
    flat = folder / "imprime.pdf"
    subprocess.run(["pdftocairo", "-pdf", str(pdf), str(flat)], check=True, capture_output=True)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(flat), "-"], check=True, capture_output=True
    ).stdout.decode("utf-8")
    out: list[tuple[str, float, int]] = []
    for n, page_html in enumerate(html.split("<page ")[1:], start=1):
        for y0, y1, word in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
            page_html,
        ):
            out.append((unescape(word), float(y1) - float(y0), n))
    return out


def subsequence(needle: list[str], haystack: list[str]) -> int:
    """How many words of ``needle`` are found in order in ``haystack``."""
    found, it = 0, iter(haystack)
    for word in needle:
        if any(w == word for w in it):
            found += 1
        else:
            break
    return found


@pytest.mark.skipif(shutil.which("pdftocairo") is None, reason="poppler-utils absent")
def test_a_5000_character_answer_prints_whole_and_readable_in_the_pdf(
    browser: Browser, page: Page, base_url: str, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    fill_dossier(page)
    path = download(page, "pdf", tmp_path)
    expect(page.locator(".rempli-statut")).to_contain_text(
        "Une réponse continue dans les cadres « Suite des réponses » à la fin du PDF."
    )
    reader = PdfReader(path)
    values = {k: str(f.get("/V") or "") for k, f in (reader.get_fields() or {}).items()}
    page_of = {
        str(a.get_object().get("/T")): n
        for n, p in enumerate(reader.pages, start=1)
        for a in p.get("/Annots", [])
    }
    mark = SUITE.search(values["q-b1-1"])
    assert mark and mark.group(2) == "1"
    cadres = [k for k in values if k.startswith("suite-reponses-") and values[k]]
    assert cadres and values[cadres[0]].startswith(
        "Renvoi 1 — suite de «\u00a0Que faites-vous ?\u00a0» (page "
    )
    assert int(mark.group(1)) == page_of[cadres[0]]  # the mark names the box's page
    # Printed through poppler: every word of the answer, in order, at the fields' size.
    words = printed_words(path, tmp_path)
    expected = LONGUE.split()
    assert subsequence(expected, [w for w, _, _ in words]) == len(expected)
    answer_pages = {page_of["q-b1-1"], *(page_of[c] for c in cadres)}
    heights = [h for w, h, n in words if n in answer_pages and w.startswith("Ligne")]
    assert len(heights) >= 79 and min(heights) >= 8.0, min(heights)
    # Back into a fresh browser: the answer is whole again.
    with imported(browser, base_url, "cqp-mini/dossier/", path, "4 réponses") as other:
        assert stored(other)["reponses"]["q-b1-1"] == LONGUE


def test_a_grid_filled_on_the_site_says_it_holds_the_candidates_estimates(
    page: Page, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    page.goto("cqp-mini/grille/")
    page.get_by_label("C1-2 : non acquis", exact=True).check()
    mention = "le candidat (auto-évaluation) ; la décision revient à la commission d’évaluation"
    for fmt in ("docx", "odt"):
        controls = (docx_controls if fmt == "docx" else odt_controls)(download(page, fmt, tmp_path))
        assert controls["grille-remplie-par"] == mention
        expect(page.locator(".rempli-statut")).to_contain_text("1 réponse placée.")
    fields = PdfReader(download(page, "pdf", tmp_path)).get_fields() or {}
    assert fields["grille-remplie-par"].get("/V") == mention
    expect(page.locator(".rempli-statut")).to_have_text(
        "Document PDF enregistré : 1 réponse placée."
    )
    # A decision the candidate estimated (decision grids, CQPM) says whose it is.
    got = page.evaluate(
        "cqpDossierRempli.mentions({'c1-decision-acquis': true, 'c2-decision-acquis': false})"
    )
    assert got == {
        "grille-remplie-par": mention,
        "c1-decision-observations": (
            "Estimation du candidat, pas la décision de la commission d’évaluation."
        ),
    }


# œ, Œ, ’ and – are outside Latin-1: PDFium once spaced them with wrong widths.
SPECIAL = "cœur Œuvre l’été – fin"
SCALE = 4  # pixels per point


def glyph_columns(text: str, px_per_em: float) -> list[bool]:
    """Which pixel columns the glyphs of ``text`` ink, from the field font's own metrics (advance
    widths and glyph boxes), from the first inked column on."""
    from fontTools.ttLib import TTFont

    from cqpsite.documents.pdf import FIELDS_FONT, FONTS

    font = TTFont(FONTS / FIELDS_FONT)
    cmap, hmtx, glyf = font.getBestCmap(), font["hmtx"], font["glyf"]
    k = px_per_em / font["head"].unitsPerEm
    spans: list[tuple[float, float]] = []
    x = 0.0
    for ch in text:
        glyph = glyf[cmap[ord(ch)]]
        if getattr(glyph, "numberOfContours", 0):
            spans.append((x + glyph.xMin * k, x + glyph.xMax * k))
        x += hmtx[cmap[ord(ch)]][0] * k
    first = spans[0][0]
    mask = [False] * (int(x) + 2)
    for a, b in spans:
        for c in range(round(a - first), round(b - first)):
            mask[c] = True
    return mask


def inked_columns(image: Any) -> list[bool]:
    gray = image.convert("L")
    px = gray.load()
    cols = [any(px[x, y] < 160 for y in range(gray.height)) for x in range(gray.width)]
    start, end = cols.index(True), len(cols) - cols[::-1].index(True)
    return cols[start:end]


def agreement(got: list[bool], want: list[bool]) -> float:
    n = max(len(got), len(want))
    got, want = got + [False] * (n - len(got)), want + [False] * (n - len(want))
    return sum(a == b for a, b in zip(got, want, strict=True)) / n


def field_crop(pdf: Path, name: str, image_of_page: Any) -> Any:
    """The inside of field ``name``'s box on its page image (``image_of_page(index)``)."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    for n, pdf_page in enumerate(reader.pages):
        for annot in (a.get_object() for a in pdf_page.get("/Annots", [])):
            if annot.get("/T") == name:
                xs, ys = (
                    sorted(float(v) for v in annot["/Rect"][::2]),
                    sorted(float(v) for v in annot["/Rect"][1::2]),
                )
                (x0, x1), (y0, y1) = xs, ys  # WeasyPrint writes /Rect top to bottom
                top = float(pdf_page.mediabox.top)
                inset = 1.5
                box = (x0 + inset, top - y1 + inset, x1 - inset, top - y0 - inset)
                return image_of_page(n).crop(tuple(round(v * SCALE) for v in box))
    raise AssertionError(name)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils absent")
def test_pdfium_and_poppler_space_french_punctuation_in_filled_fields(
    page: Page, tmp_path: Path
) -> None:
    import pypdfium2 as pdfium
    from PIL import Image

    fill_dossier(page)
    page.get_by_label("Emploi n° 1 : Emploi :").fill(SPECIAL)
    path = download(page, "pdf", tmp_path)
    document = pdfium.PdfDocument(str(path))
    document.init_forms()  # as Chrome's viewer: widgets drawn by the form layer

    def pdfium_page(n: int) -> Any:
        return document[n].render(scale=SCALE, may_draw_forms=True).to_pil()

    def poppler_page(n: int) -> Any:
        out = tmp_path / f"poppler-{n}"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(72 * SCALE),
                "-f",
                str(n + 1),
                "-l",
                str(n + 1),
                "-png",
                "-singlefile",
                str(path),
                str(out),
            ],
            check=True,
            capture_output=True,
        )
        return Image.open(f"{out}.png")

    want = glyph_columns(SPECIAL, 10 * SCALE)
    wrong = glyph_columns(SPECIAL.replace("œ", "oe").replace("’", "'"), 10 * SCALE)
    for engine, render in (("PDFium", pdfium_page), ("poppler", poppler_page)):
        got = inked_columns(field_crop(path, "emploi-intitule-1", render))
        assert agreement(got, want) >= 0.9, (engine, agreement(got, want))
        assert agreement(got, wrong) < 0.8, engine  # the measure tells widths apart
    document.close()


def test_continuations_written_by_hand_come_back_or_are_named(
    page: Page, base_url: str, tmp_path: Path
) -> None:
    values = {
        "q-b1-1": "Début de la réponse (suite page 3, renvoi 1)",
        "suite-reponses-1": "Renvoi 1 — suite de «\u00a0Que faites-vous ?\u00a0» (page 2)\u00a0:\nfin.",
        "suite-reponses-2": "Une note sans renvoi.",
    }
    path = filled_pdf(base_url, "cqp-mini-dossier.pdf", values, tmp_path)
    page.goto("cqp-mini/dossier/")
    page.locator("#rempli-fichier").set_input_files(path)
    expect(page.locator(".rempli-statut")).to_contain_text(
        "1 réponse reprise du fichier « cqp-mini-dossier-rempli.pdf ». Le texte des cadres "
        "« Suite des réponses » qui ne suit aucune réponse (sans « Renvoi … — suite de … ») "
        "n’a pas été repris."
    )
    assert stored(page)["reponses"] == {"q-b1-1": "Début de la réponse fin."}
