"""Documents read back with their own libraries (python-docx, odfdo, pypdf); determinism; cache."""

from __future__ import annotations

import io
import itertools
import os
import re
import zipfile
from functools import cache
from pathlib import Path

import docx
import pikepdf
import pypdf
import pytest
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.oxml.ns import qn
from odfdo import Document as OdfDocument

from conftest import REELS
from cqpsite.documents import Document, build_forms, render_documents
from cqpsite.documents.form import ANSWER_HEIGHT_CM, NBSP, Check, Field, Form, Heading, Para, Table
from cqpsite.documents.grille import BLANK_ROWS, has_essentiels
from cqpsite.documents.suites import with_suites
from cqpsite.model import Critere, Referentiel
from documents_fixture import CQP, CQPM

EPOCH = 1_700_000_000

W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"


def _real_referentiels() -> list[Referentiel]:
    """The YAML files of the repository that load and pass the rules."""
    from cqpsite.corpus import load_referentiel

    paths = sorted(REELS.glob("*.yml"))
    return [ref for ref, _ in map(load_referentiel, paths) if ref is not None]


REFS = {r.id: r for r in (CQP, CQPM, *_real_referentiels())}


@cache
def rendered(ref_id: str) -> dict[str, tuple[Form, Document]]:
    """Every document of a referential, rendered once per session, keyed by file name."""
    ref = REFS[ref_id]
    forms = {type_: form for type_, _, form in build_forms(ref)}
    # A PDF adds its continuation boxes to the form (pdf.with_suites).
    return {
        d.nom: (with_suites(forms[d.type]) if d.format == "PDF" else forms[d.type], d)
        for d in render_documents(ref, EPOCH)
    }


def documents(fmt: str) -> list[tuple[str, str]]:
    return [
        pytest.param(ref_id, f"{ref_id}-{type_}.{fmt}", id=f"{ref_id}-{type_}")
        for ref_id, ref in REFS.items()
        for type_ in ("dossier", "grille")
        if type_ == "grille" or ref.dossier is not None or ref.regles.unite == "capacite"
    ]


def headings(form: Form) -> list[tuple[int, str]]:
    return [(b.level, b.text) for b in form.blocks if isinstance(b, Heading)]


def questions(form: Form) -> list[str]:
    return [b.label for b in form.blocks if isinstance(b, Field)]


def field_ids(form: Form) -> list[str]:
    return [f.id for f in form.fields()]


def all_criteria(ref: Referentiel) -> list[Critere]:
    out: list[Critere] = []
    for bloc in ref.blocs:
        if isinstance(bloc.criteres, tuple):
            out += bloc.criteres
        out += [c for cap in bloc.capacites for c in cap.criteres]
    out += [c for cap in ref.capacites for c in cap.criteres]
    return out


def row_width(ref: Referentiel) -> int:
    """Leading text columns of a criterion row: the "Essentiel" one only where it means something."""
    return 3 if has_essentiels(ref) else 2


def expected_rows(ref: Referentiel) -> list[tuple[str, ...]]:
    """(number or id, text lines[, essentiel mark]) of every criterion, straight from the model."""
    return [
        (
            c.numero or c.id,
            "\n".join([c.texte, *(f"– {p.texte}" for p in c.points)]),
            "Oui" * c.essentiel,
        )[: row_width(ref)]
        for c in all_criteria(ref)
    ]


def test_real_referentiels_load() -> None:
    assert {"cqp-coordinateur-logistique", "cqpm-gestionnaire-flux-commandes-international"} <= set(
        REFS
    )


# --- the neutral form ------------------------------------------------------------------------


@pytest.mark.parametrize("ref_id", REFS)
def test_documents_list(ref_id: str) -> None:
    ref = REFS[ref_id]
    docs = [d for _, d in rendered(ref_id).values()]
    types = ["dossier"] * 3 * (len(docs) == 6) + ["grille"] * 3
    assert [d.type for d in docs] == types
    assert [d.format for d in docs] == ["DOCX", "ODT", "PDF"] * (len(docs) // 3)
    assert all(d.nom == f"{ref.id}-{d.type}.{d.format.lower()}" for d in docs)
    assert {d.titre for d in docs if d.type == "grille"} == {"Grille d’évaluation"}
    # The dossier's label is the referential's own title for it, as its heading is.
    expected = ref.dossier.titre if ref.dossier else "Rapport d’activités et avis de l’entreprise"
    assert {d.titre for d in docs if d.type == "dossier"} <= {expected}
    assert all(f.titre == d.titre for f, d in rendered(ref_id).values())


@pytest.mark.parametrize("ref_id", REFS)
def test_field_ids_are_unique(ref_id: str) -> None:
    for form, _ in rendered(ref_id).values():
        ids = field_ids(form)
        assert len(ids) == len(set(ids))
        names = [b.name for b in form.blocks if isinstance(b, Field)]
        assert len(names) == len(set(names)), "accessible names must tell fields apart"


def test_repeated_groups_are_expanded_with_distinct_labels() -> None:
    form = rendered("cqp-essai")["cqp-essai-dossier.docx"][0]
    fields = {b.id: b for b in form.blocks if isinstance(b, Field)}
    assert [i for i in fields if i.startswith("emploi-duree")] == [
        "emploi-duree-1",
        "emploi-duree-2",
        "emploi-duree-3",
    ]
    assert fields["emploi-duree-2"].name == f"Emploi n°{NBSP}2{NBSP}: Durée"
    assert (3, f"Emploi n°{NBSP}3") in headings(form)
    assert fields["candidat-date"].name == f"Candidat{NBSP}: Date"


def test_real_cqp_dossier_repeats_emplois_and_formations() -> None:
    form = rendered("cqp-coordinateur-logistique")["cqp-coordinateur-logistique-dossier.pdf"][0]
    texts = [t for _, t in headings(form)]
    for libelle in ("Emploi", "Formation"):
        assert sum(t.startswith(f"{libelle} n°") for t in texts) >= 3


def test_unpublished_criteria_give_blank_rows() -> None:
    form = rendered("cqp-essai")["cqp-essai-grille.pdf"][0]
    assert any(getattr(b, "text", "") == CQP.mention_criteres_non_publies for b in form.blocks)
    ids = field_ids(form)
    assert [i for i in ids if i.startswith("bloc-2-critere-") and i.count("-") == 3] == [
        f"bloc-2-critere-{k}" for k in range(1, BLANK_ROWS + 1)
    ]


def test_cqpm_report_has_one_part_per_capacite_and_company_opinion() -> None:
    form = rendered("cqpm-essai")["cqpm-essai-dossier.odt"][0]
    ids = field_ids(form)
    for cap in CQPM.capacites:
        assert {f"{cap.id}-projet", f"{cap.id}-realisation", f"{cap.id}-avis-favorable"} <= set(ids)
        for c in cap.criteres:
            assert f"{c.id}-avis-observations" in ids
    assert (2, "Avis de l’entreprise") in headings(form)
    assert "avis-signature" in ids


# --- DOCX ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("ref_id", "nom"), documents("docx"))
def test_docx_read_back(ref_id: str, nom: str) -> None:
    form, document = rendered(ref_id)[nom]
    doc = docx.Document(io.BytesIO(document.contenu))
    paragraphs = doc.paragraphs
    found = [
        (int(p.style.name.split()[-1]), p.text)
        for p in paragraphs
        if p.style.name.startswith("Heading ")
    ]
    assert found == headings(form)
    assert [p.text for p in paragraphs if p.style.name == "Question"] == questions(form)
    body = doc.element.body
    tags = [t.get(qn("w:val")) for t in body.iter(qn("w:tag"))]
    assert tags == field_ids(form)
    checks = [c for c in form.fields() if isinstance(c, Check)]
    assert len(list(body.iter(f"{W14}checkbox"))) == len(checks)
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert (
        doc.styles.element.find(qn("w:docDefaults"))
        .find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
        .get(qn("w:val"))
        == "fr-FR"
    )
    assert doc.core_properties.created.timestamp() == EPOCH
    assert doc.core_properties.language == "fr-FR"
    for table in doc.tables:
        widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert abs(sum(widths) - 17 * 567) < 10
    grids = [
        t
        for t in doc.tables
        if t.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    ]
    assert len(grids) == sum(isinstance(b, Table) for b in form.blocks)
    if document.type == "grille":
        ids = {c.numero or c.id for c in all_criteria(REFS[ref_id])}
        rows = [
            tuple(cell.text for cell in row.cells[: row_width(REFS[ref_id])])
            for table in grids
            for row in table.rows[1:]
            if row.cells[0].text in ids
        ]
        assert rows == expected_rows(REFS[ref_id])


# --- ODT -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("ref_id", "nom"), documents("odt"))
def test_odt_read_back(ref_id: str, nom: str) -> None:
    form, document = rendered(ref_id)[nom]
    odt = OdfDocument(io.BytesIO(document.contenu))
    body = odt.body
    found = [(int(h.get_attribute("text:outline-level")), h.text) for h in body.get_headers()]
    assert found == headings(form)
    assert [p.text for p in body.get_paragraphs(style="Question")] == questions(form)
    names = []
    for el in body.xpath("//table:table | //loext:content-control"):
        if el.tag == "table:table":
            if not el.get_attribute("table:name").startswith("Grille"):
                names.append(el.get_attribute("table:name"))
        else:
            names.append(el.get_attribute("loext:tag"))
    assert names == field_ids(form)
    checks = body.xpath('//loext:content-control[@loext:checkbox="true"]')
    assert len(checks) == sum(isinstance(f, Check) for f in form.fields())
    for level in odt.styles.get_elements("//text:outline-level-style"):
        assert level.get_attribute("style:num-format") == ""
    assert odt.meta.get_language() == "fr-FR"
    # Answer areas grow: a one-row table per question, with a minimum row height by kind.
    heights = {}
    for style in odt.content.xpath("//office:automatic-styles/style:style"):
        props = style.get_element("style:table-row-properties")
        if props is not None and props.get_attribute("style:min-row-height"):
            heights[style.get_attribute("style:name")] = props.get_attribute("style:min-row-height")
    answers = [
        (t.get_attribute("table:name"), heights[t.get_elements("table:table-row")[0].style])
        for t in body.get_tables()
        if not t.get_attribute("table:name").startswith("Grille")
    ]
    assert answers == [
        (b.id, f"{ANSWER_HEIGHT_CM[b.kind]}cm") for b in form.blocks if isinstance(b, Field)
    ]
    for table in body.get_tables():
        if table.get_attribute("table:name").startswith("Grille"):
            for row in table.xpath("table:table-row"):  # rows with a field: room to write
                has_field = bool(row.xpath(".//loext:content-control[not(@loext:checkbox)]"))
                assert (row.style in heights) == has_field
    if document.type == "grille":
        ids = {c.numero or c.id for c in all_criteria(REFS[ref_id])}
        rows = []
        for row in body.xpath("//table:table-row"):
            cells = [
                "\n".join(p.text_recursive for p in c.get_paragraphs())
                for c in row.get_cells()[: row_width(REFS[ref_id])]
            ]
            if cells and cells[0] in ids:
                rows.append(tuple(cells))
        assert rows == expected_rows(REFS[ref_id])


# --- PDF -------------------------------------------------------------------------------------


def widgets(reader: pypdf.PdfReader) -> list[pypdf.generic.DictionaryObject]:
    return [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]


def on_state(annot: pypdf.generic.DictionaryObject) -> str:
    """A button's "on" state: the name of its appearance that is not /Off."""
    return str(next(k for k in annot["/AP"]["/N"] if k != "/Off"))


def field_name(annot: pypdf.generic.DictionaryObject) -> str:
    """The form's control id of a widget: its field name, or for a radio button its group's
    name and its on-state (``c1-1`` + ``/acquis`` → ``c1-1-acquis``)."""
    if "/T" in annot:
        return str(annot["/T"])
    return f"{annot['/Parent']['/T']}-{on_state(annot)[1:]}"


def field_type(annot: pypdf.generic.DictionaryObject) -> str:
    return str(annot["/FT"] if "/FT" in annot else annot["/Parent"]["/FT"])


@pytest.mark.parametrize(("ref_id", "nom"), documents("pdf"))
def test_pdf_read_back(ref_id: str, nom: str) -> None:
    form, document = rendered(ref_id)[nom]
    reader = pypdf.PdfReader(io.BytesIO(document.contenu))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr"
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert "/StructTreeRoot" in root
    annots = widgets(reader)
    assert [field_name(a) for a in annots] == field_ids(form)
    expected = {f.id: f for f in form.fields()}
    for annot in annots:
        field = expected[field_name(annot)]
        assert field_type(annot) == ("/Btn" if isinstance(field, Check) else "/Tx")
        if isinstance(field, Check) and field.groupe:  # one radio group per exclusive pair
            assert annot["/Parent"]["/T"] == field.groupe
            assert annot["/Parent"]["/TU"] == field.groupe_nom
        name = field.name if isinstance(field, Field) else field.nom
        assert annot["/TU"] == name
        if isinstance(field, Field) and field.kind in ("long", "signature"):
            assert int(annot["/Ff"]) & (1 << 12), "multi-line text field"
    outline = [o["/Title"] for o in _flatten(reader.outline)]
    assert outline == [t for _, t in headings(form)]
    assert reader.metadata is not None
    assert reader.metadata.creation_date is not None
    assert int(reader.metadata.creation_date.timestamp()) == EPOCH


def _flatten(items: list[object]) -> list[pypdf.generic.Destination]:
    out: list[pypdf.generic.Destination] = []
    for item in items:
        if isinstance(item, list):
            out += _flatten(item)
        else:
            out.append(item)  # type: ignore[arg-type]
    return out


@pytest.mark.parametrize(("ref_id", "nom"), [p for p in documents("pdf") if "grille" in p.id])
def test_pdf_table_headers_have_scope(ref_id: str, nom: str) -> None:
    _, document = rendered(ref_id)[nom]
    with pikepdf.open(io.BytesIO(document.contenu)) as pdf:
        scopes = []
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    if kid.S == "/TH":
                        scopes.append(str(kid.A.Scope))
                    stack.append(kid)
    assert scopes and set(scopes) <= {"/Column", "/Row"}
    assert "/Column" in scopes and "/Row" in scopes


@pytest.mark.parametrize(("ref_id", "nom"), documents("pdf"))
def test_pdf_every_field_fills_and_reads_back(ref_id: str, nom: str) -> None:
    form, document = rendered(ref_id)[nom]
    reader = pypdf.PdfReader(io.BytesIO(document.contenu))
    writer = pypdf.PdfWriter(clone_from=reader)
    values: dict[str, str] = {}
    for annot in widgets(reader):
        if "/Parent" in annot:  # a radio group takes the on-state of one of its buttons
            values[str(annot["/Parent"]["/T"])] = on_state(annot)
        elif annot["/FT"] == "/Btn":  # the "on" state's name is the appearance's, not a constant
            values[annot["/T"]] = on_state(annot)
        else:
            values[annot["/T"]] = f"Réponse « {annot['/T']} » — vérifiée à l’écran, 12 €"
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    fields = pypdf.PdfReader(out).get_fields()
    assert fields is not None
    assert {name: fields[name]["/V"] for name in values} == values
    groups = {f.groupe for f in form.fields() if isinstance(f, Check) and f.groupe}
    single = {f.id for f in form.fields() if not (isinstance(f, Check) and f.groupe)}
    assert set(values) == single | groups


# --- determinism and cache -------------------------------------------------------------------


def test_two_renders_are_byte_identical() -> None:
    again = {d.nom: d.contenu for d in render_documents(CQPM, EPOCH)}
    assert again == {nom: d.contenu for nom, (_, d) in rendered("cqpm-essai").items()}


@pytest.mark.parametrize("ext", ["docx", "odt"])
def test_zip_members_sorted_with_fixed_dates(ext: str) -> None:
    _, document = rendered("cqp-essai")[f"cqp-essai-grille.{ext}"]
    with zipfile.ZipFile(io.BytesIO(document.contenu)) as z:
        infos = z.infolist()
    names = [i.filename for i in infos]
    if ext == "odt":
        assert names[0] == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
        names = names[1:]
    assert names == sorted(names)
    assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}


def test_epoch_before_1980_is_clamped() -> None:
    from cqpsite.documents.archive import zip_date

    assert zip_date(0) == (1980, 1, 1, 0, 0, 0)


def test_cache_hit_regenerates_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cqpsite.documents import cache

    calls = []

    def fake_render(ref: Referentiel, epoch: int) -> tuple[Document, ...]:
        calls.append((ref.id, epoch))
        return tuple(d for _, d in rendered(ref.id).values())

    monkeypatch.setattr(cache, "render_documents", fake_render)
    monkeypatch.setattr(cache, "stats", cache.Stats())
    first = cache.render_documents_cached(CQPM, EPOCH, tmp_path)
    assert cache.stats.generated == len(first) == 6
    second = cache.render_documents_cached(CQPM, EPOCH, tmp_path)
    assert second == first
    assert (cache.stats.generated, cache.stats.hits, len(calls)) == (6, 1, 1)
    cache.render_documents_cached(CQPM, EPOCH + 1, tmp_path)  # another epoch: another key
    assert len(calls) == 2


def _sequential(*refs: Referentiel) -> list[tuple[Document, ...]]:
    return [tuple(d for _, d in rendered(ref.id).values()) for ref in refs]


@pytest.fixture
def fresh_stats(monkeypatch: pytest.MonkeyPatch) -> object:
    from cqpsite.documents import cache

    monkeypatch.setattr(cache, "stats", cache.Stats())
    return cache


@pytest.mark.parametrize("threads", [False, True], ids=["fork", "forkserver"])
def test_batch_equals_sequential_and_warm_cache_renders_nothing(
    tmp_path: Path, fresh_stats: object, threads: bool
) -> None:
    import threading

    from cqpsite.documents import cache

    # A running thread (as under ``mkdocs serve``) makes the pool fork from a fork server.
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    if threads:
        thread.start()
    expected = "forkserver" if threads else "fork"
    assert cache._context().get_start_method() == expected
    try:
        first = cache.render_documents_batch([CQP, CQPM], EPOCH, tmp_path)
    finally:
        stop.set()
        if threads:
            thread.join()
    assert first == _sequential(CQP, CQPM)
    assert (cache.stats.generated, cache.stats.hits) == (12, 0)
    again = cache.render_documents_batch([CQPM, CQP], EPOCH, tmp_path)
    assert again == first[::-1]
    assert (cache.stats.generated, cache.stats.hits) == (12, 2)


def test_batch_without_cache_dir_and_with_one_miss_renders_in_process(
    monkeypatch: pytest.MonkeyPatch, fresh_stats: object
) -> None:
    from cqpsite.documents import cache

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("one miss must not start a fork server")

    monkeypatch.setattr(cache, "ProcessPoolExecutor", no_pool)
    monkeypatch.setattr(cache, "can_fork", lambda: False)  # threads run, as under mkdocs serve
    assert cache.render_documents_batch([CQPM], EPOCH, None) == _sequential(CQPM)
    assert cache.render_documents_batch([], EPOCH, None) == []


@pytest.mark.parametrize(
    ("refs", "forks", "parallel"),
    [(1, True, True), (1, False, False), (2, False, True), (2, True, True)],
)
def test_one_referential_s_documents_share_the_cores_when_the_process_can_fork(
    monkeypatch: pytest.MonkeyPatch, fresh_stats: object, refs: int, forks: bool, parallel: bool
) -> None:
    from cqpsite.documents import Job, cache

    seen: list[bool] = []

    def spy(jobs: list[Job], epoch: int, parallel: bool) -> list[Document]:
        seen.append(parallel)
        return [Document(j.nom, j.format, j.type, j.titre, b"x") for j in jobs]

    monkeypatch.setattr(cache, "render_jobs", spy)
    monkeypatch.setattr(cache, "can_fork", lambda: forks)
    cache.render_documents_batch([CQP, CQPM][:refs], EPOCH, None)
    assert seen == [parallel]


def test_batch_honours_a_worker_limit(monkeypatch: pytest.MonkeyPatch, fresh_stats: object) -> None:
    from cqpsite.documents import cache

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("CQPSITE_WORKERS=1 must not start a process pool")

    monkeypatch.setattr(cache, "ProcessPoolExecutor", no_pool)
    monkeypatch.setenv("CQPSITE_WORKERS", "1")
    assert cache.workers() == 1
    assert cache.render_documents_batch([CQP, CQPM], EPOCH, None) == _sequential(CQP, CQPM)
    monkeypatch.setenv("CQPSITE_WORKERS", "64")
    assert cache.workers() <= (os.cpu_count() or 1)


def test_batch_falls_back_in_process_without_a_pool(
    monkeypatch: pytest.MonkeyPatch, fresh_stats: object
) -> None:
    from cqpsite.documents import cache

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("no semaphores in this sandbox")

    monkeypatch.setattr(cache, "ProcessPoolExecutor", broken)
    assert cache.render_documents_batch([CQP, CQPM], EPOCH, None) == _sequential(CQP, CQPM)


def test_versions_of_one_referential_never_share_a_cache_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_stats: object
) -> None:
    from dataclasses import replace

    from cqpsite.documents import cache

    old = replace(CQPM, version="0.9", titre="Gestionnaire d’essai (ancien)")
    same_content_other_version = replace(CQPM, version="0.9")
    keys = {cache.cache_key(r, EPOCH) for r in (CQPM, old, same_content_other_version)}
    assert len(keys) == 3
    # A change deep in the model (one criterion's text) changes the key too.
    cap = replace(CQPM.capacites[0], criteres=(Critere("cap-1-1", "La veille est faite"),))
    deep = replace(CQPM, capacites=(cap, *CQPM.capacites[1:]))
    assert cache.cache_key(deep, EPOCH) != cache.cache_key(CQPM, EPOCH)

    monkeypatch.setattr(
        cache, "render_jobs", lambda jobs, epoch, parallel: [j.render(epoch) for j in jobs]
    )
    current, former, twice = cache.render_documents_batch([CQPM, old, CQPM], EPOCH, tmp_path)
    assert cache.stats.generated == 12  # the same content twice is rendered once
    assert twice == current
    assert len(list((tmp_path / CQPM.id).iterdir())) == 2
    former_titles = [d for d in former if d.format == "DOCX"]
    assert all(
        "Gestionnaire d’essai (ancien)"
        in docx.Document(io.BytesIO(d.contenu)).core_properties.subject
        for d in former_titles
    )
    assert cache.render_documents_batch([old, CQPM], EPOCH, tmp_path) == [former, current]
    assert (cache.stats.generated, cache.stats.hits) == (12, 2)


# --- layout seen in LibreOffice and PDF readers (scripts/render_documents_png.py) -------------

CM = 72 / 2.54


@pytest.mark.parametrize(("ref_id", "nom"), documents("odt"))
def test_odt_cells_have_borders_and_grid_rows_do_not_split(ref_id: str, nom: str) -> None:
    _, document = rendered(ref_id)[nom]
    odt = OdfDocument(io.BytesIO(document.contenu))
    content = odt.content
    automatic = {
        s.get_attribute("style:name"): s
        for s in content.xpath("//office:automatic-styles/style:style")
    }
    # LibreOffice ignores table cell and row styles that are not automatic ones.
    cell_styles = {c.get_attribute("table:style-name") for c in content.xpath("//table:table-cell")}
    assert cell_styles and cell_styles <= set(automatic)
    for name in cell_styles:
        props = automatic[name].get_element("style:table-cell-properties")
        assert props.get_attribute("fo:border") == "0.5pt solid #000000"
    for row in content.xpath("//table:table-row[not(ancestor::table:table-header-rows)]"):
        table = row.xpath("ancestor::table:table")[-1]
        if table.get_attribute("table:name").startswith("Grille"):
            style = automatic[row.get_attribute("table:style-name")]
            props = style.get_element("style:table-row-properties")
            assert props.get_attribute("fo:keep-together") == "always"
    sizes = []
    for level in range(1, 5):
        style = odt.get_style("paragraph", f"Heading_20_{level}")
        text = style.get_element("style:text-properties")
        assert text.get_attribute("fo:font-style") == "normal"
        sizes.append(float(text.get_attribute("fo:font-size").removesuffix("pt")))
    assert sizes == sorted(sizes, reverse=True)
    assert odt.get_style("paragraph", "Subtitle") is not None


@pytest.mark.parametrize(("ref_id", "nom"), documents("docx"))
def test_docx_tables_are_named_and_grid_rows_do_not_split(ref_id: str, nom: str) -> None:
    form, document = rendered(ref_id)[nom]
    doc = docx.Document(io.BytesIO(document.contenu))
    expected = [
        b.caption if isinstance(b, Table) else b.name
        for b in form.blocks
        if isinstance(b, Table | Field)
    ]
    names = [t._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) for t in doc.tables]
    assert names == expected
    for table in doc.tables:
        if table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None:
            for k, row in enumerate(table.rows):
                assert row._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
                sdts = list(row._tr.iter(qn("w:sdt")))
                has_field = any(next(t.iter(f"{W14}checkbox"), None) is None for t in sdts)
                height = row._tr.find(f"{qn('w:trPr')}/{qn('w:trHeight')}")
                assert (height is not None) == has_field, k  # room for handwriting
                if has_field:
                    assert row.height_rule == WD_ROW_HEIGHT_RULE.AT_LEAST
    fonts = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert fonts.find(qn("w:rFonts")).get(qn("w:ascii")) == "Arial"


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_captions_do_not_repeat_the_heading_and_leads_keep_with_next(fmt: str) -> None:
    ref_id = "cqpm-gestionnaire-flux-commandes-international"
    form, document = rendered(ref_id)[f"{ref_id}-grille.{fmt}"]
    shown = [c for c in form.captions() if c]
    assert shown and all(c.startswith("Décision") for c in shown)
    if fmt == "docx":
        doc = docx.Document(io.BytesIO(document.contenu))
        captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    else:
        odt = OdfDocument(io.BytesIO(document.contenu))
        captions = [p.text for p in odt.body.get_paragraphs(style="Caption_20_keep")]
    assert captions == shown
    dossier, document = rendered("cqp-essai")[f"cqp-essai-dossier.{fmt}"]
    leads = [
        b.text
        for b in dossier.blocks
        if isinstance(b, Para) and b.role == "normal" and b.text.endswith(":")
    ]
    assert "Le référentiel est constitué de blocs de compétences :" in leads
    if fmt == "docx":
        doc = docx.Document(io.BytesIO(document.contenu))
        kept = [p.text for p in doc.paragraphs if p.paragraph_format.keep_with_next]
        assert [p for p in kept if p in leads] == leads
    else:
        odt = OdfDocument(io.BytesIO(document.contenu))
        assert [p.text for p in odt.body.get_paragraphs(style="Lead")] == leads


@pytest.mark.parametrize(("ref_id", "nom"), documents("pdf"))
def test_pdf_fields_stay_inside_the_margins(ref_id: str, nom: str) -> None:
    _, document = rendered(ref_id)[nom]
    reader = pypdf.PdfReader(io.BytesIO(document.contenu))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width / CM, 1), round(height / CM, 1)) == (21.0, 29.7)
        for annot in page.get("/Annots", []):
            x0, y0, x1, y1 = sorted_rect(annot.get_object()["/Rect"])
            assert 2 * CM - 1 <= x0 < x1 <= width - 2 * CM + 1, field_name(annot.get_object())
            assert 2.2 * CM - 1 <= y0 < y1 <= height - 2 * CM + 1, field_name(annot.get_object())


def sorted_rect(rect: list[float]) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in rect)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


# --- PDF/UA-1: the machine-checkable Matterhorn conditions readable with pypdf -----------------

XMP = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


def _resolve(value: object) -> object:
    return value.get_object() if isinstance(value, pypdf.generic.IndirectObject) else value


def _kids(node: pypdf.generic.DictionaryObject) -> list[object]:
    kids = _resolve(node.get("/K"))
    if kids is None:
        return []
    return [_resolve(k) for k in (kids if isinstance(kids, list) else [kids])]


def struct_elements(root: pypdf.generic.DictionaryObject) -> list[pypdf.generic.DictionaryObject]:
    """Every structure element, in document (depth-first) order."""
    out = []
    stack = list(reversed(_kids(root)))
    while stack:
        node = stack.pop()
        if isinstance(node, dict) and "/S" in node:
            out.append(node)
            stack += reversed(_kids(node))
    return out


def number_tree(node: pypdf.generic.DictionaryObject) -> dict[int, object]:
    out: dict[int, object] = {}
    nums = node.get("/Nums", [])
    for k in range(0, len(nums), 2):
        out[int(nums[k])] = _resolve(nums[k + 1])
    for kid in node.get("/Kids", []):
        out |= number_tree(kid.get_object())
    return out


def fonts_used(reader: pypdf.PdfReader) -> list[pypdf.generic.DictionaryObject]:
    """Fonts of the pages, of the form's default resources and of every appearance stream."""
    resources = [page.get("/Resources") for page in reader.pages]
    resources.append(reader.trailer["/Root"]["/AcroForm"].get("/DR"))
    for annot in widgets(reader):
        for state in _resolve(annot.get("/AP", {})).values():
            state = _resolve(state)
            streams = state.values() if "/Type" not in state and "/Length" not in state else [state]
            resources += [_resolve(s).get("/Resources") for s in streams]
    fonts = []
    for res in resources:
        for font in _resolve(_resolve(res or {}).get("/Font", {})).values():
            fonts.append(_resolve(font))
    return fonts


@pytest.mark.parametrize(("ref_id", "nom"), documents("pdf"))
def test_pdf_ua_matterhorn_checks(ref_id: str, nom: str) -> None:
    import xml.etree.ElementTree as ET

    form, document = rendered(ref_id)[nom]
    reader = pypdf.PdfReader(io.BytesIO(document.contenu))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712  (Matterhorn 01-001)
    assert root["/Lang"] == "fr"  # 11-006
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712  (07-001)
    title = f"{form.titre} — {form.sous_titre}"
    assert reader.metadata is not None and reader.metadata.title == title
    xmp = ET.fromstring(root["/Metadata"].get_object().get_data())
    parts = [
        d.get(f"{{{XMP['pdfuaid']}}}part") or d.findtext("pdfuaid:part", namespaces=XMP)
        for d in xmp.iter(f"{{{XMP['rdf']}}}Description")
    ]
    assert "1" in parts  # 06-002
    assert xmp.findtext(".//dc:title/rdf:Alt/rdf:li", namespaces=XMP) == title  # 06-003
    assert all(page["/Tabs"] == "/S" for page in reader.pages)  # 28-002

    elements = struct_elements(root["/StructTreeRoot"])
    parents = number_tree(root["/StructTreeRoot"]["/ParentTree"])
    annots = widgets(reader)
    assert annots
    for annot in annots:  # 28-005, 28-012: each widget is named and tagged as a Form element
        assert annot["/TU"]
        element = parents[int(annot["/StructParent"])]
        assert element["/S"] == "/Form"
        objrs = [k for k in _kids(element) if isinstance(k, dict) and k.get("/Type") == "/OBJR"]
        assert [o["/Obj"].get_object() for o in objrs] == [annot]
    assert sum(e["/S"] == "/Form" for e in elements) == len(annots)

    fonts = fonts_used(reader)
    assert fonts
    for font in fonts:  # 31-001: every font program embedded
        if font["/Subtype"] == "/Type3":
            continue
        if font.get("/BaseFont") == "/ZapfDingbats":
            # Only in the form's /DR, named by the checkboxes' /DA for readers that redraw a
            # tick (poppler); nothing of the file draws with it: its appearances are paths.
            dr = root["/AcroForm"]["/DR"]["/Font"]
            assert font == dr["/ZaDb"].get_object()
            assert all("/ZaDb" not in (p["/Resources"].get("/Font") or {}) for p in reader.pages)
            continue
        described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = described["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]

    levels = [int(e["/S"][2:]) for e in elements if e["/S"] in {f"/H{n}" for n in range(1, 7)}]
    assert levels == [level for level, _ in headings(form)]  # 14-002
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))  # 14-003


@pytest.mark.parametrize(("ref_id", "nom"), documents("pdf"))
def test_pdf_ua_validator(ref_id: str, nom: str) -> None:
    """The independent PDF/UA-1 validator ``page`` (PyPI ``page-validation``), when installed."""
    page = pytest.importorskip("page")
    _, document = rendered(ref_id)[nom]
    report = page.validate_pdf_bytes(document.contenu, profile="ua1")
    assert [(f.rule_id, f.message) for f in report.failures] == []
    assert report.is_compliant


FRENCH = "àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ«»’‘“”–—…€°\u00a0\u202f№"


@pytest.mark.parametrize(("ref_id", "nom"), documents("pdf"))
def test_pdf_field_font_is_small_and_types_french(ref_id: str, nom: str) -> None:
    from fontTools.ttLib import TTFont

    _, document = rendered(ref_id)[nom]
    reader = pypdf.PdfReader(io.BytesIO(document.contenu))
    resources = reader.trailer["/Root"]["/AcroForm"]["/DR"]["/Font"]
    text_fields = [a for a in widgets(reader) if field_type(a) == "/Tx"]
    names = {a["/DA"].split(" Tf")[0].split()[-2] for a in text_fields}
    assert len(names) == 1
    font = resources[names.pop()].get_object()
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    program = descriptor["/FontFile2"].get_object().get_data()
    # WeasyPrint embeds a form font whole (readers draw typed text with it): keep it small.
    assert len(program) < 80_000
    cmap = TTFont(io.BytesIO(program)).getBestCmap()
    typed = set(FRENCH + "".join(chr(c) for c in range(0x20, 0x7F)))
    assert {c for c in typed if ord(c) not in cmap} == set()


def _accessible_names(document: Document) -> dict[str, str]:
    """Field id → accessible name, as each format stores it (/TU, w:alias, loext:alias)."""
    if document.format == "PDF":
        reader = pypdf.PdfReader(io.BytesIO(document.contenu))
        return {field_name(a): a["/TU"] for a in widgets(reader)}
    if document.format == "DOCX":
        body = docx.Document(io.BytesIO(document.contenu)).element.body
        names = {}
        for pr in body.iter(qn("w:sdtPr")):
            names[pr.find(qn("w:tag")).get(qn("w:val"))] = pr.find(qn("w:alias")).get(qn("w:val"))
        for table in docx.Document(io.BytesIO(document.contenu)).tables:
            cells = list(table._tbl.iter(qn("w:sdt")))
            if len(table.rows) == 1 and len(table.columns) == 1 and cells:
                tag = cells[0].find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val"))
                names[tag] = table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val"))
        return names
    body = OdfDocument(io.BytesIO(document.contenu)).body
    return {
        c.get_attribute("loext:tag"): c.get_attribute("loext:alias")
        for c in body.xpath("//loext:content-control")
    }


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_fields_named_by_the_paragraph_that_announces_them(fmt: str) -> None:
    _, document = rendered("cqp-essai")[f"cqp-essai-dossier.{fmt}"]
    names = _accessible_names(document)
    assert names["candidat-date"] == f"Candidat{NBSP}: Date"
    assert names["responsable-date"] == f"Responsable hiérarchique{NBSP}: Date"
    assert names["evaluateur-date"] == f"À renseigner par l’évaluateur{NBSP}: Date"


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_real_cqp_cover_fields_have_meaningful_names(fmt: str) -> None:
    ref_id = "cqp-coordinateur-logistique"
    _, document = rendered(ref_id)[f"{ref_id}-dossier.{fmt}"]
    names = _accessible_names(document)
    lead = "À renseigner par le responsable hiérarchique du candidat"
    assert names["cand-entreprise"] == f"Page de garde{NBSP}: Entreprise"
    assert names["resp-entreprise"] == f"{lead}{NBSP}: Entreprise"
    assert names["resp-date"] == f"{lead}{NBSP}: Date"
    # No name is told apart by a bare number: each says whose field it is.
    assert not [
        n for n in names.values() if n.endswith(")") and n.rsplit("(", 1)[-1][:-1].isdigit()
    ]


def test_pdf_rendering_logs_no_warning(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from cqpsite.documents.pdf import render_pdf

    form = rendered("cqp-essai")["cqp-essai-dossier.pdf"][0]
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render_pdf(form, EPOCH)
    assert [r.getMessage() for r in caplog.records] == []


# --- what issue 4 calls done ------------------------------------------------------------------

CQP_REAL = "cqp-coordinateur-logistique"
SOURCE = REELS / "sources" / f"{CQP_REAL}-livret2-vae.txt"


def _comparable(text: str) -> str:
    """Undo the repairs the YAML lists (accents on capitals, superscript calls, ’), then
    collapse the spaces."""
    text = text.replace(NBSP, " ").replace("\u202f", " ").replace("'", "’")
    text = text.translate(str.maketrans("¹²³⁴⁵⁶⁷⁸⁹", "123456789"))
    text = text.replace("À", "A").replace("É", "E")
    return re.sub(r"\s+", " ", text).strip()


def source_questions() -> list[str]:
    """The end of every question of the Livret 2 source: the words before each "?"."""
    text = re.sub(r"(?m)^\s*[•✓o]\s+", "", SOURCE.read_text(encoding="utf-8"))
    text = _comparable(
        re.sub(r"Dossier VAE CQP Coordinateur logistique .* Page \d+ / \d+", "", text)
    )
    out = []
    for match in re.finditer(r"\?", text):
        start = max(text.rfind("?", 0, match.start()) + 1, match.start() - 40)
        snippet = text[start : match.end()]
        out.append(snippet[snippet.find(" ") + 1 :].strip())
    return out


def _room_docx(document: Document) -> list[tuple[str, str, int]]:
    """(question, field id, minimum height in twips) for each Question of a DOCX."""
    doc = docx.Document(io.BytesIO(document.contenu))
    names = {s.style_id: s.name for s in doc.styles}
    out, question = [], None
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            style = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            name = names.get(style.get(qn("w:val")), "") if style is not None else ""
            if name == "Question":
                question = "".join(t.text or "" for t in child.iter(qn("w:t")))
            elif name != "List Bullet":
                question = None
        elif child.tag == qn("w:tbl") and question is not None:
            rows = child.findall(qn("w:tr"))
            height = rows[0].find(f"{qn('w:trPr')}/{qn('w:trHeight')}")
            assert len(rows) == 1 and len(rows[0].findall(qn("w:tc"))) == 1, question
            assert height.get(qn("w:hRule")) == "atLeast", question  # grows as one types
            tag = next(child.iter(qn("w:tag"))).get(qn("w:val"))
            out.append((question, tag, int(height.get(qn("w:val")))))
            question = None
    return out


def test_real_cqp_docx_shows_every_source_question_with_room_to_answer() -> None:
    form, document = rendered(CQP_REAL)[f"{CQP_REAL}-dossier.docx"]
    answered = _room_docx(document)
    fields = [b for b in form.blocks if isinstance(b, Field)]
    assert [(q, i) for q, i, _ in answered] == [(f.label, f.id) for f in fields]
    for (_, _, height), field in zip(answered, fields, strict=True):
        assert height >= round(ANSWER_HEIGHT_CM[field.kind] * 567) - 1
    questions = [_comparable(q) for q, _, _ in answered]
    missing = [q for q in source_questions() if not any(q in text for text in questions)]
    assert len(source_questions()) > 50
    assert missing == []


def test_real_cqp_odt_gives_every_question_a_growing_answer_area() -> None:
    form, document = rendered(CQP_REAL)[f"{CQP_REAL}-dossier.odt"]
    body = OdfDocument(io.BytesIO(document.contenu)).body
    pairs, question = [], None
    for child in body.children:
        if child.tag == "text:p" and child.style == "Question":
            question = child.text_recursive
        elif child.tag == "table:table" and question is not None:
            pairs.append((question, child.get_attribute("table:name")))
            question = None
        elif child.tag != "text:list":
            question = None
    assert pairs == [(b.label, b.id) for b in form.blocks if isinstance(b, Field)]


@pytest.mark.parametrize(("ref_id", "nom"), documents("docx"))
def test_docx_headings_are_word_builtin_titles(ref_id: str, nom: str) -> None:
    """Built-in "heading N" styles (shown as "Titre N" by a French Word) with an outline level,
    so the navigation pane lists them."""
    _, document = rendered(ref_id)[nom]
    doc = docx.Document(io.BytesIO(document.contenu))
    used = {p.style.name: p.style for p in doc.paragraphs if p.style.name.startswith("Heading ")}
    assert set(used) >= {"Heading 1", "Heading 2"}
    for style in used.values():
        level = int(style.name.split()[-1])
        assert style.element.find(qn("w:name")).get(qn("w:val")) == f"heading {level}"
        outline = style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        assert int(outline.get(qn("w:val"))) == level - 1


@pytest.mark.parametrize(("ref_id", "nom"), documents("odt"))
def test_odt_grid_headers_repeat(ref_id: str, nom: str) -> None:
    form, document = rendered(ref_id)[nom]
    body = OdfDocument(io.BytesIO(document.contenu)).body
    grids = [t for t in body.get_tables() if t.get_attribute("table:name").startswith("Grille")]
    found = [
        tuple(
            c.text_recursive.strip()
            for c in t.get_element("table:table-header-rows").get_elements(".//table:table-cell")
        )
        for t in grids
    ]
    assert found == [b.headers for b in form.blocks if isinstance(b, Table)]


@pytest.mark.parametrize(("ref_id", "nom"), [p for p in documents("pdf") if "grille" in p.id])
def test_pdf_grid_headers_repeat_on_every_page(ref_id: str, nom: str) -> None:
    form, document = rendered(ref_id)[nom]
    reader = pypdf.PdfReader(io.BytesIO(document.contenu))
    rows = {  # the checkboxes of criterion rows
        c.id
        for b in form.blocks
        if isinstance(b, Table) and "Critère d’évaluation" in b.headers
        for row in b.rows
        for c in row
        if isinstance(c, Check)
    }
    pages = [
        p
        for p in reader.pages
        if any(field_name(a.get_object()) in rows for a in p.get("/Annots", []))
    ]
    assert pages
    for page in pages:
        text = page.extract_text()
        assert "Critère d’évaluation" in text and "Observations" in text


@pytest.mark.parametrize(("ref_id", "nom"), [p for p in documents("pdf") if "dossier" in p.id])
def test_pdf_prints_each_copy_of_a_repeated_group_on_one_page(ref_id: str, nom: str) -> None:
    form, document = rendered(ref_id)[nom]
    groups: list[list[str]] = []
    level = 0
    for block in form.blocks:
        if isinstance(block, Heading) and level and block.level <= level:
            level = 0
        if isinstance(block, Heading) and block.keep:
            groups.append([])
            level = block.level
        elif isinstance(block, Field) and level:
            groups[-1].append(block.id)
    expected = {CQP_REAL: 6, "cqp-essai": 3}  # at least 3 "Emploi" (and 3 "Formation")
    assert len(groups) >= expected.get(ref_id, 0)
    reader = pypdf.PdfReader(io.BytesIO(document.contenu))
    page_of = {
        field_name(a.get_object()): n
        for n, p in enumerate(reader.pages)
        for a in p.get("/Annots", [])
    }
    assert [len({page_of[i] for i in group}) for group in groups] == [1] * len(groups)


@pytest.mark.parametrize(("ref_id", "nom"), documents("pdf"))
def test_pdf_shows_every_heading_and_question_in_order(ref_id: str, nom: str) -> None:
    form, document = rendered(ref_id)[nom]
    reader = pypdf.PdfReader(io.BytesIO(document.contenu))
    # A line may end after a hyphen ("réalisez-" / "vous"): join those without a space.
    pages = [re.sub(r"-\n", "-", p.extract_text()) for p in reader.pages]
    text = " ".join(" ".join(p.split()) for p in pages)
    position = 0
    for block in form.blocks:
        if isinstance(block, Heading | Field):
            wanted = " ".join((block.text if isinstance(block, Heading) else block.label).split())
            found = text.find(wanted, position)
            assert found >= 0, wanted
            position = found + len(wanted)


def test_editing_a_renderer_or_font_changes_the_cache_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from cqpsite.documents import cache

    copy = tmp_path / "documents"
    shutil.copytree(cache.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", copy)
    keys = []
    for edit in (None, copy / "pdf.py", copy / "fonts" / "DejaVuSans-Forms.ttf"):
        if edit is not None:
            edit.write_bytes(edit.read_bytes() + b"\n")
        cache.code_fingerprint.cache_clear()
        keys.append(cache.cache_key(CQPM, EPOCH))
    cache.code_fingerprint.cache_clear()
    assert len(set(keys)) == 3


@pytest.mark.parametrize("ref_id", ["cqp-essai", "cqpm-essai"])
def test_pdf_grid_shows_criterion_numbers(ref_id: str) -> None:
    """A criterion's official number stands in the « Réf. » column instead of its ID."""
    _, document = rendered(ref_id)[f"{ref_id}-grille.pdf"]
    reader = pypdf.PdfReader(io.BytesIO(document.contenu))
    text = "\n".join(page.extract_text() for page in reader.pages)
    numbered = [c for c in all_criteria(REFS[ref_id]) if c.numero]
    assert numbered
    for c in all_criteria(REFS[ref_id]):
        assert (c.numero or c.id) in text
        if c.numero:
            assert c.id not in text.split()


def test_pool_starts_the_slowest_formats_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """PDFs, then DOCX, then ODT: the two workers end close together; results keep the plan's
    order."""
    from cqpsite.documents import Job, cache, plan_documents

    started: list[str] = []

    class Pool:
        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def __enter__(self) -> Pool:
            return self

        def __exit__(self, *args: object) -> None:
            return None

        def map(self, function: object, jobs: list[Job], epochs: list[int]) -> list[Document]:
            started.extend(j.format for j in jobs)
            return [Document(j.nom, j.format, j.type, j.titre, b"") for j in jobs]

    monkeypatch.setattr(cache, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(cache, "workers", lambda: 2)
    jobs = plan_documents(CQPM) + plan_documents(CQP)
    done = cache.render_jobs(jobs, EPOCH, parallel=True)
    assert started == [f for f in ("PDF", "DOCX", "ODT") for j in jobs if j.format == f]
    assert [d.nom for d in done] == [j.nom for j in jobs]
