"""The site in a real Chromium: answers kept in the browser only, grids computed, pages clean for
axe-core, and no request leaving localhost."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serveur import leaks, record_errors, record_requests, serve, stored_answers

from conftest import CHROMIUM, FIXTURES, build_project, make_project

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium absent du PATH (paquet chromium)"
)

if CHROMIUM is not None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Browser, BrowserContext, Page, expect

CASES = json.loads((Path(__file__).parents[1] / "cases" / "regles.json").read_text("utf-8"))
KEY = "cqpsite:cqp-mini:1.0"
PAGES = {
    "accueil": "",
    "presentation": "cqp-mini/",
    "bloc": "cqp-mini/blocs/b1/",
    "bloc-non-publie": "cqp-mini/blocs/b2/",
    "capacite": "cqp-mini/capacites/c1/",
    "dossier": "cqp-mini/dossier/",
    "grille": "cqp-mini/grille/",
}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The mini fixture site, built once and served on 127.0.0.1."""
    tmp = tmp_path_factory.mktemp("navigateur")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CQPSITE_DOCUMENTS", "0")  # the browser tests don't need the downloads
        site = build_project(make_project(tmp, FIXTURES / "mini" / "referentiels"))
    with serve(site) as url:
        yield url


@pytest.fixture
def context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    """A fresh profile (empty localStorage); fails if any request leaves localhost."""
    ctx = browser.new_context(accept_downloads=True, base_url=base_url)
    urls: list[str] = []
    ctx.on("request", lambda r: urls.append(r.url))
    yield ctx
    ctx.close()
    outside = [u for u in urls if not u.startswith(("http://127.0.0.1:", "blob:", "data:"))]
    assert outside == []
    assert urls


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
    page.goto(PAGES["dossier"])
    page.get_by_label("Que faites-vous ?").fill("Je prépare le poste « 3 ».")
    page.get_by_label("Date :").fill("2026-03-14")
    page.get_by_label("Emploi n° 1 : Emploi :").fill("Régleur")
    page.get_by_role("button", name="Ajouter Emploi n° 2").click()
    page.get_by_label("Emploi n° 2 : Emploi :").fill("Chef d’équipe")


def expect_dossier(page: Page) -> None:
    expect(page.get_by_label("Que faites-vous ?")).to_have_value("Je prépare le poste « 3 ».")
    expect(page.get_by_label("Date :")).to_have_value("2026-03-14")
    expect(page.get_by_label("Emploi n° 1 : Emploi :")).to_have_value("Régleur")
    expect(page.get_by_label("Emploi n° 2 : Emploi :")).to_have_value("Chef d’équipe")


def test_answers_are_saved_and_restored(page: Page) -> None:
    fill_dossier(page)
    expect(page.get_by_role("status")).to_have_text(
        re.compile(r"^Enregistré dans ce navigateur à \d\d:\d\d$")
    )
    expect(page.locator(".progression-page")).to_have_text("4 / 4 questions répondues")
    # One section: its counter would repeat the page's.
    expect(page.locator(".progression")).to_have_count(1)
    data = stored(page)
    assert data["format"] == 1
    assert (data["referentiel"], data["version"]) == ("cqp-mini", "1.0")
    assert data["reponses"] == {
        "q-b1-1": "Je prépare le poste « 3 ».",
        "q-b1-2": "2026-03-14",
        "emploi-intitule#1": "Régleur",
        "emploi-intitule#2": "Chef d’équipe",
    }
    page.reload()
    expect_dossier(page)
    assert "pr" not in page.url.split("/dossier/")[1]  # nothing of the answers in the URL
    page.get_by_role("button", name="Retirer Emploi n° 1").click()
    expect(page.get_by_label("Emploi n° 1 : Emploi :")).to_have_value("Chef d’équipe")
    expect(page.get_by_label("Emploi n° 2 : Emploi :")).to_have_count(0)
    assert "emploi-intitule#2" not in stored(page)["reponses"]


def test_export_clear_import(page: Page, tmp_path: Path) -> None:
    fill_dossier(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Exporter mes réponses").click()
    download = info.value
    assert re.fullmatch(r"cqp-mini-reponses-\d{4}-\d\d-\d\d\.json", download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    exported = json.loads(path.read_text("utf-8"))
    assert exported["reponses"]["emploi-intitule#2"] == "Chef d’équipe"
    assert exported["format"] == 1 and exported["referentiel"] == "cqp-mini"

    page.get_by_role("button", name="Effacer mes réponses").click()
    expect(page.get_by_label("Que faites-vous ?")).to_have_value("")
    expect(page.get_by_label("Emploi n° 2 : Emploi :")).to_have_count(0)
    assert stored(page)["reponses"] == {}

    page.locator(".reponses-fichier").set_input_files(path)
    expect_dossier(page)
    page.reload()
    expect_dossier(page)


@pytest.mark.parametrize(
    ("contenu", "message"),
    [
        ("{pas du JSON", "n’est pas un fichier JSON valide"),
        (json.dumps({"format": 2, "referentiel": "cqp-mini"}), "format 1 attendu"),
        (
            json.dumps({"format": 1, "referentiel": "cqpm-autre", "reponses": {"q-b1-1": "x"}}),
            "référentiel « cqpm-autre », pas celles de « cqp-mini »",
        ),
    ],
)
def test_import_refuses_bad_files(page: Page, tmp_path: Path, contenu: str, message: str) -> None:
    fill_dossier(page)
    bad = tmp_path / "mauvais.json"
    bad.write_text(contenu, "utf-8")
    page.locator(".reponses-fichier").set_input_files(bad)
    expect(page.get_by_role("alert")).to_contain_text(message)
    expect(page.get_by_role("alert")).to_contain_text("Vos réponses n’ont pas changé.")
    expect_dossier(page)
    assert stored(page)["reponses"]["q-b1-1"] == "Je prépare le poste « 3 »."


def test_import_keeps_answers_to_removed_questions(page: Page, tmp_path: Path) -> None:
    fichier = tmp_path / "ancien.json"
    reponses = {"q-b1-1": "Oui", "question-supprimee": "Ma réponse d’avant"}
    fichier.write_text(json.dumps({"format": 1, "referentiel": "cqp-mini", "reponses": reponses}))
    page.goto(PAGES["dossier"])
    page.locator(".reponses-fichier").set_input_files(fichier)
    expect(page.get_by_label("Que faites-vous ?")).to_have_value("Oui")
    retirees = page.get_by_role("region", name="Réponses à des questions retirées")
    expect(retirees).to_contain_text("Ma réponse d’avant")
    assert stored(page)["reponses"]["question-supprimee"] == "Ma réponse d’avant"


def test_two_tabs_merge_answer_by_answer(context: BrowserContext) -> None:
    a, b = context.new_page(), context.new_page()
    a.goto(PAGES["dossier"])
    b.goto(PAGES["dossier"])
    a.get_by_label("Que faites-vous ?").fill("Écrit dans l’onglet A")
    expect(b.get_by_label("Que faites-vous ?")).to_have_value("Écrit dans l’onglet A")
    b.get_by_label("Date :").fill("2026-01-02")
    expect(a.get_by_label("Date :")).to_have_value("2026-01-02")
    a.get_by_label("Emploi n° 1 : Emploi :").fill("Soudeur")
    expect(b.get_by_label("Emploi n° 1 : Emploi :")).to_have_value("Soudeur")
    reponses = stored(b)["reponses"]
    assert reponses == {
        "q-b1-1": "Écrit dans l’onglet A",
        "q-b1-2": "2026-01-02",
        "emploi-intitule#1": "Soudeur",
    }


def test_storage_failure_keeps_answers_and_says_so(context: BrowserContext) -> None:
    context.add_init_script(
        "Storage.prototype.setItem = function () {"
        " throw new DOMException('plein', 'QuotaExceededError'); };"
    )
    page = context.new_page()
    page.goto(PAGES["dossier"])
    page.get_by_label("Que faites-vous ?").fill("Réponse gardée")
    expect(page.get_by_role("alert")).to_contain_text("Enregistrement impossible")
    expect(page.get_by_role("alert")).to_contain_text("exportez-les")
    expect(page.get_by_label("Que faites-vous ?")).to_have_value("Réponse gardée")
    with page.expect_download() as info:
        page.get_by_role("button", name="Exporter mes réponses").click()
    assert json.loads(Path(info.value.path()).read_text("utf-8"))["reponses"] == {
        "q-b1-1": "Réponse gardée"
    }


def test_checklist_ticks_and_progress(page: Page) -> None:
    page.goto(PAGES["bloc"])
    expect(page.locator(".progression-page")).to_have_text("0 / 2 questions cochées")
    page.get_by_label("Que faites-vous ?").check()
    expect(page.locator(".progression-page")).to_have_text("1 / 2 questions cochées")
    page.reload()
    expect(page.get_by_label("Que faites-vous ?")).to_be_checked()
    assert stored(page)["coches"] == {"q-b1-1": True}


def test_a_question_answered_in_the_dossier_is_ticked_on_its_bloc_page(page: Page) -> None:
    page.goto(PAGES["dossier"])
    page.get_by_label("Que faites-vous ?").fill("Je prépare le poste.")
    page.goto(PAGES["bloc"])
    box = page.get_by_role("checkbox", name="Que faites-vous ?")
    expect(box).to_be_checked()
    expect(box).to_have_accessible_description("Répondue dans le dossier.")
    expect(page.locator(".progression-page")).to_have_text("1 / 2 questions cochées")
    # Unticking it would contradict the dossier: the box stays ticked and says why.
    box.click()
    expect(box).to_be_checked()
    expect(box).to_have_accessible_description(re.compile("effacez sa réponse dans le dossier"))
    expect(page.locator(".progression-page")).to_have_text("1 / 2 questions cochées")
    assert "q-b1-1" not in stored(page).get("coches", {})
    # The answer erased in the dossier, the box is what the candidate ticked: nothing.
    page.goto(PAGES["dossier"])
    page.get_by_label("Que faites-vous ?").fill("")
    page.goto(PAGES["bloc"])
    expect(box).not_to_be_checked()
    expect(page.locator(".coche-dossier")).to_have_count(0)
    expect(page.locator(".progression-page")).to_have_text("0 / 2 questions cochées")


@pytest.mark.parametrize("native", [True, False])
def test_a_long_answer_grows_its_field(context: BrowserContext, native: bool) -> None:
    """CSS field-sizing where the browser has it, else reponses.js measures the field."""
    page = context.new_page()
    if not native:
        page.add_init_script(
            "const s = CSS.supports.bind(CSS); CSS.supports = function () {"
            " return !String(arguments[0]).includes('field-sizing') && s(...arguments); };"
        )
    page.goto(PAGES["dossier"])
    if not native:
        page.add_style_tag(content="textarea { field-sizing: fixed !important; }")
    area = page.get_by_label("Que faites-vous ?")
    before = area.evaluate("e => e.clientHeight")
    area.fill("\n".join(f"Ligne {i} de la réponse." for i in range(30)))
    assert area.evaluate("e => e.scrollHeight <= e.clientHeight + 2")
    assert area.evaluate("e => e.clientHeight") > 3 * before
    assert (area.evaluate("e => e.style.height") == "") is native


def test_one_progress_counter_on_a_page_with_one_checklist(page: Page) -> None:
    for path in (PAGES["bloc"], PAGES["capacite"]):
        page.goto(path)
        expect(page.locator(".progression-page")).to_have_text(re.compile("questions cochées"))
        expect(page.locator(".progression")).to_have_count(1)


def test_grid_computes_the_rules(page: Page) -> None:
    page.goto(PAGES["grille"])
    b1 = page.locator("#grille-b1")
    b1.get_by_label("B1.C1.1 : acquis", exact=True).check()
    b1.get_by_label("C1-2 : acquis", exact=True).check()
    b1.get_by_label("B1.C2.<1> : non acquis", exact=True).check()
    expect(b1.locator(".resultat .calcul")).to_have_text(
        "2 / 3 critères acquis (66 %, seuil 80 %) ; critères essentiels : 1 / 1 → bloc non acquis"
    )
    expect(b1.locator(".resultat")).to_contain_text(
        "Aide à la préparation, pas la décision du jury"
    )
    synthese = page.locator(".synthese .resultat .calcul")
    expect(synthese).to_have_text("0 / 1 blocs obligatoires acquis → CQP non obtenu (tous requis)")
    b1.get_by_label("B1.C2.<1> : acquis", exact=True).check()
    b1.get_by_label("Observations sur le critère B1.C2.<1>").fill("Vu en atelier")
    expect(synthese).to_have_text("1 / 1 blocs obligatoires acquis → CQP obtenu (tous requis)")

    b2 = page.locator("#grille-b2")
    b2.get_by_label("Critère à fournir par le certificateur, ligne 1").fill("Critère reçu")
    b2.get_by_label("essentiel (ligne 1)").check()
    b2.get_by_label("Ligne 1 : acquis", exact=True).check()
    expect(b2.locator(".resultat .calcul")).to_have_text(
        "1 / 1 critères acquis (100 %, seuil 80 %) ; critères essentiels : 1 / 1 → bloc acquis"
    )
    data = stored(page)
    assert data["grilles"] == {
        "c1-1": "acquis",
        "c1-2": "acquis",
        "c2-1": "acquis",
        "observations:c2-1": "Vu en atelier",
        "b2#1": "acquis",
    }
    assert data["criteres_ajoutes"] == {"b2#1": {"texte": "Critère reçu", "essentiel": True}}

    page.goto(PAGES["bloc"])  # the same criteria on the bloc page share the answers
    expect(page.get_by_label("B1.C2.<1> : acquis", exact=True)).to_be_checked()
    expect(page.locator(".grille .resultat .calcul")).to_have_text(
        "3 / 3 critères acquis (100 %, seuil 80 %) ; critères essentiels : 1 / 1 → bloc acquis"
    )


def test_javascript_rules_match_the_python_table(page: Page) -> None:
    page.goto(PAGES["grille"])
    results = page.evaluate(
        """cases => ({
          unite: cases.unite.map(c => cqpRegles.evaluerUnite(c.regle, c.criteres, c.unite)),
          certification: cases.certification.map(
            c => cqpRegles.evaluerCertification(c.regle, c.unites, c.unite)),
        })""",
        CASES,
    )
    for kind in ("unite", "certification"):
        expected = [{"acquis": c["acquis"], "explication": c["explication"]} for c in CASES[kind]]
        assert results[kind] == expected


def test_copy_link_of_a_criterion(context: BrowserContext, base_url: str) -> None:
    """The plain text is the bare permalink; the HTML is a link named by the criterion."""
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page = context.new_page()
    page.goto(PAGES["capacite"])
    assert page.locator("#critere-c1-1").count() == 1
    assert page.locator("#critere-c1-2-a").count() == 1
    url = f"{base_url}{PAGES['capacite']}#critere-c1-1"
    page.get_by_role("button", name="Copier le lien du critère B1.C1.1").click()
    expect(page.locator(".critere-statut")).to_have_text(f"Lien copié : {url}")
    assert page.evaluate("navigator.clipboard.readText()") == url
    html = page.evaluate(
        """async () => {
          const [item] = await navigator.clipboard.read();
          return await (await item.getType("text/html")).text();
        }"""
    )
    assert f'<a href="{url}">B1.C1.1</a> Le poste est prêt.' in html
    page.goto(PAGES["capacite"].replace("c1", "c2"))
    page.get_by_role("button", name="Copier le lien du critère B1.C2.<1>").click()
    expect(page.locator(".critere-statut")).to_contain_text("Lien copié")
    html = page.evaluate(
        """async () => {
          const [item] = await navigator.clipboard.read();
          return await (await item.getType("text/html")).text();
        }"""
    )
    assert "rangé &lt;b&gt;vite&lt;/b&gt;." in html and "<b>" not in html


@pytest.mark.parametrize(
    "removed",
    [
        "delete window.ClipboardItem; document.execCommand = () => false;",
        "delete window.ClipboardItem;"
        " Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true});",
    ],
    ids=["writeText", "execCommand"],
)
def test_copy_link_without_rich_clipboard(
    context: BrowserContext, base_url: str, removed: str
) -> None:
    """Older browsers: the bare permalink still, through writeText or a hidden text field."""
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page = context.new_page()
    page.add_init_script(removed)
    page.goto(PAGES["capacite"])
    assert page.evaluate("typeof ClipboardItem") == "undefined"
    url = f"{base_url}{PAGES['capacite']}#critere-c1-2"
    page.get_by_role("button", name="Copier le lien du critère C1-2").click()
    expect(page.locator(".critere-statut")).to_have_text(f"Lien copié : {url}")
    page.evaluate("delete navigator.clipboard")  # the prototype's API, to read the result
    assert page.evaluate("navigator.clipboard.readText()") == url


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_violation(page: Page, name: str) -> None:
    page.goto(PAGES[name])
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()


def test_pages_read_without_javascript(browser: Browser, base_url: str) -> None:
    ctx = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = ctx.new_page()
    page.goto(PAGES["dossier"])
    expect(page.get_by_label("Que faites-vous ?")).to_be_visible()
    expect(page.get_by_text("Un texte entre deux questions.")).to_be_visible()
    ctx.close()


def test_typing_sends_nothing(page: Page) -> None:
    page.goto(PAGES["dossier"])
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.get_by_label("Que faites-vous ?").fill("Secret")
    page.get_by_role("button", name="Ajouter Emploi n° 2").click()
    page.get_by_label("Emploi n° 2 : Emploi :").fill("Secret aussi")
    expect(page.get_by_role("status")).to_contain_text("Enregistré")
    # Only the site's own lazy assets (favicon, search index) may load; no answer goes out.
    assert all(u.startswith("http://127.0.0.1:") and "Secret" not in u for u in requests)
    assert "Secret" not in page.url


LONGUE = "\n".join(f"Ligne {i} d’une réponse longue." for i in range(1, 41)) + "\nFin de réponse."


def test_print_button_calls_the_browser_print(page: Page) -> None:
    page.goto(PAGES["dossier"])
    page.evaluate("() => { window.impressions = 0; window.print = () => window.impressions++; }")
    page.get_by_role("button", name="Imprimer / enregistrer en PDF").click()
    assert page.evaluate("window.impressions") == 1


def rendered_in_print(page: Page, selector: str) -> list[str]:
    """Elements matching ``selector`` that still take room (are rendered) in print."""
    shown: list[str] = page.evaluate(
        """sel => Array.from(document.querySelectorAll(sel))
            .filter(e => e.getClientRects().length > 0).map(e => e.outerHTML.slice(0, 80))""",
        selector,
    )
    return shown


def test_print_view_is_a_clean_document_with_answers_in_full(page: Page) -> None:
    fill_dossier(page)
    page.get_by_label("Que faites-vous ?").fill(LONGUE)
    area = page.get_by_label("Que faites-vous ?")
    copie = page.locator(".question[data-cle='q-b1-1'] .reponse-imprimee")
    expect(copie).to_be_hidden()  # on screen, the field itself
    page.emulate_media(media="print")
    chrome = [
        ".md-header",
        ".md-sidebar--primary",
        ".md-sidebar--secondary",
        ".md-footer",
        ".md-search",
        ".headerlink",
        ".reponses-boutons button",
        ".reponses-confidentialite",
        ".reponses-statut",
        ".exemplaire-ajouter",
        ".exemplaire-retirer",
    ]
    for selector in chrome:
        assert page.locator(selector).count() > 0, selector
        assert rendered_in_print(page, selector) == [], selector
    expect(area).to_be_hidden()
    expect(copie).to_be_visible()
    assert copie.evaluate("e => e.textContent") == LONGUE
    # The whole answer is laid out: the copy is taller than the 40 lines of text need.
    assert copie.evaluate("e => e.scrollHeight <= e.clientHeight + 1")
    expect(page.locator(".question[data-cle='q-b1-2'] .reponse-imprimee")).to_have_text(
        "14/03/2026"
    )
    expect(page.get_by_text("Un texte entre deux questions.")).to_be_visible()
    breaks = page.evaluate(
        "Array.from(document.querySelectorAll('h2[id^=section-]'))"
        ".map(h => getComputedStyle(h).breakBefore)"
    )
    assert breaks == ["page"]
    page.emulate_media(media="screen")
    expect(area).to_be_visible()
    expect(copie).to_be_hidden()


def test_printed_pdf_holds_every_answer(page: Page) -> None:
    from pypdf import PdfReader

    fill_dossier(page)
    page.get_by_label("Que faites-vous ?").fill(LONGUE)
    page.get_by_label("Emploi n° 2 : Emploi :").fill("Chef d’équipe " + "très " * 40 + "polyvalent")
    expect(page.get_by_role("status")).to_contain_text("Enregistré")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    for i in range(1, 41):
        assert f"Ligne {i} d’une réponse longue." in text
    assert "Fin de réponse." in text
    assert "Régleur" in text and "polyvalent" in text and "14/03/2026" in text
    assert "Que faites-vous ?" in text
    for absent in ("Exporter mes réponses", "Ajouter Emploi", "Rechercher", "Made with"):
        assert absent not in text


OLD_KEY = "cqpsite:cqp-mini:0.9"


def seed(page: Page, states: dict[str, dict[str, Any]]) -> None:
    page.goto(PAGES["accueil"])
    for key, value in states.items():
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, json.dumps(value)])


def old_state(version: str, modifie: str, reponses: dict[str, str]) -> dict[str, Any]:
    return {
        "format": 1,
        "referentiel": "cqp-mini",
        "version": version,
        "modifie": modifie,
        "efface": 0,
        "dates": {f"reponses/{k}": 1000 + i for i, k in enumerate(reponses)}
        | {"grilles/c1-1": 900, "grilles/c9-9": 901, "coches/q-b1-2": 902},
        "reponses": reponses,
        "grilles": {"c1-1": "acquis", "c9-9": "non-acquis"},
        "criteres_ajoutes": {},
        "coches": {"q-b1-2": True},
    }


def test_answers_are_carried_over_to_a_new_version(context: BrowserContext, tmp_path: Path) -> None:
    requests = record_requests(context)
    page = context.new_page()
    ancienne = old_state(
        "0.9",
        "2026-02-01T10:00:00.000Z",
        {
            "q-b1-1": "Réponse donnée en 0.9",
            "emploi-intitule#2": "Cariste",
            "question-disparue": "Texte d’une question retirée",
        },
    )
    plus_ancienne = old_state("0.8", "2025-06-01T10:00:00.000Z", {"q-b1-1": "Réponse de la 0.8"})
    seed(page, {OLD_KEY: ancienne, "cqpsite:cqp-mini:0.8": plus_ancienne})

    page.goto(PAGES["dossier"])
    avis = page.locator(".reponses-outils .reponses-reprise")
    expect(avis).to_have_text(
        "Vos réponses de la version 0.9 ont été reprises. Celles qui concernent des éléments "
        "retirés de la version 1.0 restent enregistrées : elles sont listées en fin de page."
    )
    assert avis.get_attribute("aria-live") == "polite"
    expect(page.get_by_label("Que faites-vous ?")).to_have_value("Réponse donnée en 0.9")
    expect(page.get_by_label("Emploi n° 2 : Emploi :")).to_have_value("Cariste")
    retirees = page.get_by_role("region", name="Réponses à des questions retirées")
    expect(retirees).to_contain_text("question-disparue")
    expect(retirees).to_contain_text("Texte d’une question retirée")
    expect(retirees).to_contain_text("Critère C9-9non acquis")  # <dt> then <dd>
    expect(retirees).not_to_contain_text("Cariste")  # kept answers are not "retired"
    result = Axe().run(page)  # the notice and the box of removed answers
    assert result.violations_count == 0, result.generate_report()

    data = stored(page)
    assert data["version"] == "1.0"
    assert data["reponses"] == ancienne["reponses"]
    assert data["grilles"] == ancienne["grilles"]
    assert data["coches"] == {"q-b1-2": True}
    kept = json.loads(page.evaluate(f"localStorage.getItem({OLD_KEY!r})"))
    assert kept == ancienne  # the old version's answers stay as they were

    with page.expect_download() as info:
        page.get_by_role("button", name="Exporter mes réponses").click()
    exported = json.loads(Path(info.value.path()).read_text("utf-8"))
    assert exported["version"] == "1.0"
    assert exported["reponses"]["question-disparue"] == "Texte d’une question retirée"
    assert exported["grilles"]["c9-9"] == "non-acquis"

    page.goto(PAGES["grille"])  # the grid shows the criterion answers that were carried over
    expect(page.get_by_label("B1.C1.1 : acquis", exact=True)).to_be_checked()
    expect(page.get_by_role("region", name="Réponses à des critères retirés")).to_contain_text(
        "Critère C9-9"
    )
    expect(page.locator(".reponses-reprise")).to_have_text("")  # carried over once only

    page.goto(PAGES["dossier"])
    expect(page.get_by_label("Que faites-vous ?")).to_have_value("Réponse donnée en 0.9")
    expect(page.get_by_role("region", name="Réponses à des questions retirées")).to_contain_text(
        "Texte d’une question retirée"
    )
    assert any(url.endswith("/cqp-mini/referentiel.json") for _, url, _ in requests)
    secrets = ["Réponse donnée", "Cariste", "question retirée", "Texte d’une", "c9-9"]
    assert leaks(requests, secrets) == []


def test_no_carry_over_when_this_version_has_answers(page: Page) -> None:
    ancienne = old_state("0.9", "2026-02-01T10:00:00.000Z", {"q-b1-1": "Ancienne"})
    actuelle = old_state("1.0", "2025-01-01T10:00:00.000Z", {"q-b1-1": "Actuelle"})
    seed(page, {OLD_KEY: ancienne, KEY: actuelle})
    page.goto(PAGES["dossier"])
    expect(page.get_by_label("Que faites-vous ?")).to_have_value("Actuelle")
    expect(page.locator(".reponses-reprise")).to_have_text("")


def test_carry_over_skips_a_version_whose_answers_were_cleared(page: Page) -> None:
    videe = old_state("0.9", "2026-03-01T10:00:00.000Z", {})
    videe.update(grilles={}, coches={}, efface=5000)
    ancienne = old_state("0.8", "2025-06-01T10:00:00.000Z", {"q-b1-1": "Réponse de la 0.8"})
    seed(page, {OLD_KEY: videe, "cqpsite:cqp-mini:0.8": ancienne})
    page.goto(PAGES["dossier"])
    expect(page.locator(".reponses-reprise")).to_have_text(
        re.compile(r"^Vos réponses de la version 0\.8 ont été reprises\.")
    )
    expect(page.get_by_label("Que faites-vous ?")).to_have_value("Réponse de la 0.8")
