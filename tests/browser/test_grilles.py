"""Grids that tell the truth, in Chromium: no verdict before every criterion is evaluated, criteria
typed on blank rows count, one card per criterion on a phone, the commission's decision left to
the commission (the candidate gives an estimate), and the shared table of cases."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from serveur import build_fixture, serve

from conftest import CHROMIUM, REELS, build_project, make_project

if CHROMIUM is not None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium absent du PATH")

CASES = json.loads((Path(__file__).parents[1] / "cases" / "regles.json").read_text("utf-8"))
CQP = "cqp-coordinateur-logistique/grille/"
CQPM = "cqpm-gestionnaire-flux-commandes-international/grille/"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def reel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("grilles-reel")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CQPSITE_DOCUMENTS", "0")
        site = build_project(make_project(tmp, REELS))
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(build_fixture(tmp_path_factory, "mini")) as url:
        yield url


@pytest.fixture
def page(browser: Browser, reel: str) -> Iterator[Page]:
    ctx = browser.new_context(base_url=reel, viewport=PHONE)
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    ctx.close()
    assert errors == []


def results(page: Page) -> list[str]:
    texts: list[str] = page.locator(".resultat .calcul").all_inner_texts()
    return texts


def test_an_untouched_grid_gives_no_verdict(page: Page) -> None:
    for path in (CQP, CQPM):
        page.goto(path)
        texts = results(page)
        assert texts
        for text in texts:
            assert "acquis →" not in text and "→" not in text, text
            assert "non obtenu" not in text and "non admissible" not in text, text
    page.goto(CQP)
    assert results(page) == ["aucun critère saisi : pas encore de résultat"] * 5 + [
        "0 / 4 blocs obligatoires évalués : résultat quand tous le seront"
    ]
    page.goto(CQPM)
    expect(page.locator("#grille-c1 .resultat .calcul")).to_have_text(
        "0 / 3 critères évalués (0 acquis, 0 non acquis) ; la commission d’évaluation décide ; "
        "mon estimation : à choisir"
    )
    expect(page.locator(".synthese .resultat .calcul")).to_have_text(
        "0 / 10 capacités évaluées : résultat quand toutes le seront"
    )
    expect(page.locator(".synthese tbody td:last-child").first).to_have_text("estimation à choisir")


def test_criteria_typed_on_blank_rows_count(page: Page) -> None:
    page.goto(CQP)
    b1 = page.locator("#grille-b1")
    calcul = b1.locator(".resultat .calcul")
    b1.get_by_label("Critère à fournir par le certificateur, ligne 1").fill("Plan de transport")
    expect(calcul).to_have_text(
        "0 / 1 critères évalués (0 acquis, 0 non acquis) : résultat quand tous le seront"
    )
    b1.get_by_label("Ligne 1 : acquis", exact=True).check()
    expect(calcul).to_have_text(
        "1 / 1 critères acquis (100 %, seuil 80 %) ; critères essentiels : 0 / 0 → bloc acquis"
    )
    # A tick on a row without text counts, and the row asks for its text.
    hint = b1.locator("#a-nommer-ligne-b1-2")
    expect(hint).to_be_hidden()
    b1.get_by_label("Ligne 2 : non acquis", exact=True).check()
    expect(calcul).to_have_text(
        "1 / 2 critères acquis (50 %, seuil 80 %) ; critères essentiels : 0 / 0 → bloc non acquis"
    )
    expect(hint).to_be_visible()
    expect(
        b1.get_by_label("Critère à fournir par le certificateur, ligne 2")
    ).to_have_accessible_description(
        "Évalué sans intitulé : il compte dans le calcul, saisissez son texte."
    )
    b1.get_by_label("Critère à fournir par le certificateur, ligne 2").fill("Coûts comparés")
    expect(hint).to_be_hidden()
    b1.get_by_label("essentiel (ligne 3)").check()  # a row being written is a criterion
    expect(calcul).to_have_text(
        "2 / 3 critères évalués (1 acquis, 1 non acquis) : résultat quand tous le seront"
    )
    page.reload()
    expect(calcul).to_have_text(
        "2 / 3 critères évalués (1 acquis, 1 non acquis) : résultat quand tous le seront"
    )
    expect(page.locator(".synthese .resultat .calcul")).to_have_text(
        "0 / 4 blocs obligatoires évalués : résultat quand tous le seront"
    )


def test_a_grid_is_filled_on_a_phone_without_scrolling_sideways(page: Page, tmp_path: Path) -> None:
    page.goto(CQPM)
    width = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1] == 390
    grille = page.locator("#grille-c1")
    rows = grille.locator("tbody tr")
    for i in range(rows.count()):
        row = rows.nth(i)
        row.get_by_text("Acquis", exact=True).click()  # the card's own label checks the radio
        observations = row.get_by_label("Observations sur le critère", exact=False)
        observations.fill(f"Preuve n° {i + 1} : note de veille réglementaire")
        box = observations.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        expect(row.get_by_text("Observations", exact=True)).to_be_visible()
    rows.nth(0).get_by_text("Non acquis", exact=True).click()
    page.get_by_label("acquise", exact=True).first.check()
    expect(grille.locator(".resultat .calcul")).to_have_text(
        "3 / 3 critères évalués (2 acquis, 1 non acquis) ; la commission d’évaluation décide ; "
        "mon estimation : capacité acquise"
    )
    expect(page.locator(".synthese tbody td:last-child").first).to_have_text(
        "acquise (mon estimation)"
    )
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    page.goto(CQP)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "grille-390.png"))  # kept for a look when it fails


def test_essential_column_only_where_there_are_essential_criteria(
    browser: Browser, reel: str, mini: str
) -> None:
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(reel + CQPM)
    assert page.locator(".grille th", has_text="Essentiel").count() == 0
    page.goto(reel + CQP)  # blank rows under a rule counting essential criteria
    expect(page.locator("#grille-b1 thead th")).to_have_text(
        ["Critère", "Essentiel", "Acquis", "Non acquis", "Observations"]
    )
    page.goto(mini + "cqp-mini/grille/")
    expect(page.locator("#grille-b1 thead th")).to_have_text(
        ["Critère", "Essentiel", "Acquis", "Non acquis", "Observations"]
    )
    ctx.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_on_grids(browser: Browser, reel: str, width: int) -> None:
    ctx = browser.new_context(base_url=reel, viewport={"width": width, "height": 900})
    page = ctx.new_page()
    for path in (CQP, CQPM):
        page.goto(path)
        page.locator("input.etat").first.check()
        result = Axe().run(page)
        assert result.violations_count == 0, result.generate_report()
    ctx.close()


def test_decision_grids_summarise_ticks_and_estimates(browser: Browser, reel: str) -> None:
    ctx = browser.new_context(base_url=reel)
    page = ctx.new_page()
    page.goto(CQPM)
    legend = page.locator("#grille-c1 fieldset.decision legend")
    expect(legend).to_have_text(
        "Mon estimation (Capacité 1) — la décision revient à la commission d’évaluation :"
    )
    for n in range(1, 11):
        page.locator(f"#grille-c{n} input.etat[value=acquis]").first.check()
        page.locator(f"#decision-acquise-c{n}").check()
    expect(page.locator(".synthese .resultat .calcul")).to_have_text(
        "D’après mes estimations : 10 / 10 capacités acquises → admissible (toutes requises)"
    )
    expect(page.locator(".synthese .resultat .mention")).to_have_text(
        "Aide à la préparation, pas la décision du jury."
    )
    ctx.close()


def test_javascript_rules_match_the_python_table_for_blank_rows(
    browser: Browser, mini: str
) -> None:
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(mini + "cqp-mini/grille/")
    got = page.evaluate(
        "cases => cases.map(c => cqpRegles.criteresSaisis(c.lignes))", CASES["lignes"]
    )
    assert got == [c["criteres"] for c in CASES["lignes"]]
    ctx.close()


# A table as Material styles it (`table:not([class])`), beside ours: the same look.
LOOK = """() => {
  const plain = document.createElement("table");
  plain.innerHTML = "<thead><tr><th>t</th></tr></thead><tbody><tr><td>d</td></tr></tbody>";
  document.querySelector("article").appendChild(plain);
  const look = t => [t, t.querySelector("th"), t.querySelector("td")].map(e => {
    const s = getComputedStyle(e);
    return [s.fontSize, s.borderTopWidth, s.borderTopColor, s.paddingTop, s.paddingLeft,
            s.fontWeight, s.textAlign, s.verticalAlign].join(" ");
  });
  const ours = Array.from(document.querySelectorAll("article table.tableau"), t => [
    t.parentElement.className + " < " + t.parentElement.parentElement.className,
    t.parentElement.parentElement.parentElement.closest(".md-typeset__scrollwrap") === null,
    JSON.stringify(look(t))]);
  return [ours, JSON.stringify(look(plain))];
}"""


def test_material_leaves_grid_tables_where_the_page_wrote_them(browser: Browser, reel: str) -> None:
    """Material's script moves every `table:not([class])` into scrolling boxes when the page
    loads (each table is styled and laid out again): the page writes its tables in those boxes
    already, with a class, and they keep Material's look."""
    ctx = browser.new_context(base_url=reel, viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(CQPM)
    ours, plain = page.evaluate(LOOK)
    ctx.close()
    assert len(ours) == 11  # ten capacités and the synthesis
    for wrappers, single, look in ours:
        assert wrappers == "md-typeset__table < md-typeset__scrollwrap"
        assert single
        assert look == plain
