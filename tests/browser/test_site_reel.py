"""The real site in Chromium: the issue's "done means" walked through (a candidate fills the
CQP dossier for bloc 3 over two visits, exports, imports elsewhere and prints; an assessor
sees why the CQPM is not admissible), and axe-core on every page type."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from serveur import leaks, serve

from conftest import CHROMIUM

if CHROMIUM is not None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Browser, BrowserContext, Page, expect

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium absent du PATH")
CQP = "cqp-coordinateur-logistique"
CQPM = "cqpm-gestionnaire-flux-commandes-international"
DOSSIER = f"{CQP}/dossier/"

# Section 2 of the CQP dossier, bloc 3 ("Gestion des mouvements et flux logistiques").
VISITE_1 = {
    "Quelles opérations d’enregistrement et de suivi des mouvements de stocks réalisez-vous ? "
    "Que vérifiez-vous ?": "Entrées et sorties dans l’ERP ; je vérifie les lots et les dates.",
    "Quels outils utilisez-vous pour consulter, vérifier, enregistrer les mouvements de "
    "stocks ?": "SAP (MIGO, MB52), terminaux radio, étiquettes code-barres.",
}
ANOMALIES = "\n".join(
    f"Anomalie {i} : écart de stock sur l’emplacement A-{i:02}, recomptage puis ajustement."
    for i in range(1, 26)
)
VISITE_2 = {
    "Avez-vous réalisé ou coordonné des inventaires ? Donnez des exemples": (
        "Inventaire tournant mensuel, puis inventaire annuel de 2 400 références."
    ),
    "Avez-vous été confronté(e) à des anomalies lors d’opérations de mouvements de stocks ou "
    "d’inventaires ? Comment les avez-vous traitées ?": ANOMALIES,
}
REPONSES = VISITE_1 | VISITE_2

PAGES = {
    "accueil": "",
    "a-propos": "a-propos/",
    "404": "404.html",
    "presentation-cqp": f"{CQP}/",
    "bloc": f"{CQP}/blocs/b3/",
    "dossier": DOSSIER,
    "grille-cqp": f"{CQP}/grille/",
    "presentation-cqpm": f"{CQPM}/",
    "capacite": f"{CQPM}/capacites/c5/",
    "grille-cqpm": f"{CQPM}/grille/",
}


@pytest.fixture(scope="module")
def real_url(real_site: Path) -> Iterator[str]:
    with serve(real_site) as url:
        yield url


Requests = list[tuple[str, str, bytes | None]]
NewContext = Callable[[], "BrowserContext"]


@pytest.fixture
def requests() -> Requests:
    return []


@pytest.fixture
def new_context(
    browser: Browser, real_url: str, requests: Requests
) -> Iterator[Callable[[], BrowserContext]]:
    """Fresh browser profiles (another computer each), every request recorded."""
    contexts: list[BrowserContext] = []

    def make() -> BrowserContext:
        ctx = browser.new_context(accept_downloads=True, base_url=real_url)
        ctx.on("request", lambda r: requests.append((r.method, r.url, r.post_data_buffer)))
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.close()


def open_page(ctx: BrowserContext, url: str) -> Page:
    page = ctx.new_page()
    page.on("pageerror", lambda e: pytest.fail(f"erreur JavaScript : {e}"))
    page.goto(url)
    return page


def fill(page: Page, answers: dict[str, str]) -> None:
    for question, answer in answers.items():
        page.get_by_label(question, exact=True).fill(answer)


def expect_answers(page: Page, answers: dict[str, str]) -> None:
    for question, answer in answers.items():
        expect(page.get_by_label(question, exact=True)).to_have_value(answer)


def test_candidate_fills_bloc_3_over_two_visits_exports_imports_and_prints(
    new_context: NewContext, requests: Requests, tmp_path: Path
) -> None:
    chez_soi = new_context()

    # First visit: the dossier, section 2, bloc 3.
    page = open_page(chez_soi, DOSSIER)
    section = page.locator("#section-activites + .progression-section")
    expect(section).to_have_text("0 / 45 questions répondues")
    fill(page, VISITE_1)
    expect(section).to_have_text("2 / 45 questions répondues")
    expect(page.get_by_role("status")).to_contain_text("Enregistré dans ce navigateur à ")
    page.close()

    # Second visit, days later: from the bloc 3 checklist to the dossier.
    page = open_page(chez_soi, f"{CQP}/blocs/b3/")
    # The two questions answered in the dossier count as done on the bloc's checklist.
    expect(page.locator(".progression-page")).to_have_text("2 / 4 questions cochées")
    page.get_by_role("link", name="Voir dans le dossier : Avez-vous réalisé ou coordonné").click()
    expect(page).to_have_url(f"{page.url.split('#')[0]}#question-q-b3-inventaires")
    expect_answers(page, VISITE_1)
    fill(page, VISITE_2)
    section = page.locator("#section-activites + .progression-section")
    expect(section).to_have_text("4 / 45 questions répondues")
    page.reload()
    expect_answers(page, REPONSES)

    with page.expect_download() as info:
        page.get_by_role("button", name="Exporter mes réponses").click()
    fichier = tmp_path / info.value.suggested_filename
    info.value.save_as(fichier)
    exported = json.loads(fichier.read_text("utf-8"))
    assert (exported["referentiel"], exported["version"]) == (CQP, "2022")
    assert exported["reponses"]["q-b3-anomalies"] == ANOMALIES

    # On another computer: import, then print.
    ailleurs = new_context()
    page = open_page(ailleurs, DOSSIER)
    expect(page.get_by_label(next(iter(VISITE_1)), exact=True)).to_have_value("")
    page.locator(".reponses-fichier").set_input_files(fichier)
    expect_answers(page, REPONSES)
    page.reload()
    expect_answers(page, REPONSES)

    page.evaluate("() => { window.impressions = 0; window.print = () => window.impressions++; }")
    page.get_by_role("button", name="Imprimer / enregistrer en PDF").click()
    assert page.evaluate("window.impressions") == 1
    page.emulate_media(media="print")
    expect(page.locator(".md-header")).to_be_hidden()
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    expect(page.locator(".reponses-boutons")).to_be_hidden()
    copie = page.locator(".question[data-cle='q-b3-anomalies'] .reponse-imprimee")
    expect(copie).to_be_visible()

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    text = " ".join(pages)
    for answer in REPONSES.values():
        for line in answer.splitlines():
            assert line in text, line
    assert "Exporter mes réponses" not in text
    # Sections start on a new page: section 2's heading opens a page (after the page margins:
    # "page n / N" and the document's title).
    bodies = [re.sub(r"^page \d+ / \d+ ?Dossier du candidat en VAE ?", "", p) for p in pages]
    assert any(b.startswith("2. Description de vos principales activités") for b in bodies)

    secrets = [line for answer in REPONSES.values() for line in answer.splitlines()]
    assert leaks(requests, [s[:30] for s in secrets]) == []


def test_assessor_sees_why_the_cqpm_is_not_admissible(
    new_context: NewContext, requests: Requests
) -> None:
    page = open_page(new_context(), f"{CQPM}/grille/")
    for n in range(1, 10):
        page.locator(f"#decision-acquise-c{n}").check()
    c10 = page.locator("#grille-c10")
    # Keyboard only for the last capacité: criteria, an observation, the decision.
    c10.get_by_label("C10-1 : acquis", exact=True).focus()
    page.keyboard.press("Space")
    c10.get_by_label("C10-2 : non acquis", exact=True).focus()
    page.keyboard.press("Space")
    c10.get_by_label("Observations sur le critère C10-2").focus()
    page.keyboard.type("Pas de tableau de bord présenté.")
    c10.get_by_label("non acquise").focus()
    page.keyboard.press("Space")
    expect(c10.get_by_label("C10-2 : non acquis", exact=True)).to_be_checked()
    expect(c10.locator(".resultat .calcul")).to_have_text(
        "2 / 3 critères évalués (1 acquis, 1 non acquis) ; la commission d’évaluation décide ; "
        "mon estimation : capacité non acquise"
    )
    synthese = page.locator(".synthese")
    expect(synthese.locator("tr[data-unite=c10] td").last).to_have_text(
        "non acquise (mon estimation)"
    )
    expect(synthese.locator("tr[data-unite=c9] td").last).to_have_text("acquise (mon estimation)")
    expect(synthese.locator(".resultat .calcul")).to_have_text(
        "D’après mes estimations : 9 / 10 capacités acquises → non admissible (toutes requises)"
    )
    expect(synthese.locator(".resultat")).to_contain_text(
        "Aide à la préparation, pas la décision du jury."
    )
    assert synthese.locator(".resultat").get_attribute("aria-live") == "polite"
    page.reload()
    expect(c10.get_by_label("Observations sur le critère C10-2")).to_have_value(
        "Pas de tableau de bord présenté."
    )
    page.locator("#decision-acquise-c10").check()
    expect(synthese.locator(".resultat .calcul")).to_have_text(
        "D’après mes estimations : 10 / 10 capacités acquises → admissible (toutes requises)"
    )
    assert leaks(requests, ["tableau de bord"]) == []


def test_trainer_lands_on_criterion_5_2(new_context: NewContext) -> None:
    page = open_page(new_context(), f"{CQPM}/capacites/c5/#critere-c5-2")
    target = page.locator("#critere-c5-2")
    expect(target).to_be_visible()
    expect(target).to_contain_text("Les vérifications (approvisionnements ou production")
    assert page.evaluate("document.querySelector(':target').id") == "critere-c5-2"


def test_phone_first_screen_shows_the_title_and_the_first_criterion(
    browser: Browser, real_url: str
) -> None:
    ctx = browser.new_context(base_url=real_url, viewport={"width": 390, "height": 844})
    page = ctx.new_page()
    page.goto(PAGES["capacite"])
    for selector in ("h1", "#critere-c5-1 > p"):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844, selector
    ctx.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_violation(new_context: NewContext, name: str) -> None:
    page = open_page(new_context(), PAGES[name])
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()
