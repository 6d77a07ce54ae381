"""A repeated rubrique with sub-rubriques (tests/fixtures/imbrique): every copy of the
rubrique carries its sub-rubriques, with their own keys, labels and headings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from serveur import serve, stored_answers

from conftest import CHROMIUM, FIXTURES, build_project, make_project

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium absent du PATH")

if CHROMIUM is not None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Browser, Page, expect

DOSSIER = "cqp-imbrique/dossier/"
KEY = "cqpsite:cqp-imbrique:1.0"
MISSIONS = "Quelles étaient vos missions ?"
OUTILS = "Quels outils utilisiez-vous ?"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("imbrique")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CQPSITE_DOCUMENTS", "0")
        site = build_project(make_project(tmp, FIXTURES / "imbrique" / "referentiels"))
    with serve(site) as url:
        yield url


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    ctx = browser.new_context(base_url=base_url)
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("dialog", lambda d: d.accept())
    yield pg
    ctx.close()
    assert errors == []


def stored(page: Page) -> dict[str, Any]:
    return stored_answers(page, KEY)


def broken_references(page: Page) -> dict[str, list[str]]:
    """Duplicate ids, and label/aria-describedby references to no element."""
    found: dict[str, list[str]] = page.evaluate(
        """() => {
          const ids = Array.from(document.querySelectorAll('[id]')).map(e => e.id);
          const refs = [];
          document.querySelectorAll('label[for]').forEach(l => refs.push(l.htmlFor));
          document.querySelectorAll('[aria-describedby]').forEach(
            e => refs.push(...e.getAttribute('aria-describedby').split(' ')));
          return {
            doublons: ids.filter((id, i) => ids.indexOf(id) !== i),
            orphelins: refs.filter(r => !document.getElementById(r)),
          };
        }"""
    )
    return found


def test_each_copy_carries_the_sub_rubriques(page: Page) -> None:
    page.goto(DOSSIER)
    premier = page.locator(".exemplaire[data-exemplaire='1']")
    expect(premier.get_by_label(f"Emploi n° 1 : {MISSIONS}")).to_be_visible()
    expect(premier.get_by_label(f"Emploi n° 1 : {OUTILS}")).to_be_visible()
    expect(premier.get_by_role("heading", name="Missions (Emploi n° 1)")).to_be_visible()
    # What follows the repeated rubrique stays outside it.
    expect(page.locator(".exemplaires").get_by_label("Quel est votre projet ?")).to_have_count(0)
    expect(page.locator(".exemplaires").get_by_label("Date :")).to_have_count(0)
    # Anchors of the first copy are kept for links into the dossier.
    assert page.locator("#section-emploi-missions").count() == 1
    assert page.locator("#question-emploi-missions-detail").count() == 1

    premier.get_by_label("Emploi n° 1 : Intitulé de l’emploi :").fill("Magasinier")
    premier.get_by_label(f"Emploi n° 1 : {MISSIONS}").fill("Réception")
    page.get_by_role("button", name="Ajouter Emploi n° 2").click()
    second = page.locator(".exemplaire[data-exemplaire='2']")
    expect(second.get_by_role("heading", name="Missions (Emploi n° 2)")).to_be_visible()
    expect(second.get_by_role("heading", name="Outils (Emploi n° 2)")).to_be_visible()
    second.get_by_label(f"Emploi n° 2 : {MISSIONS}").fill("Expédition")
    second.get_by_label(f"Emploi n° 2 : {OUTILS}").fill("Transpalette")
    page.get_by_label("Quel est votre projet ?").fill("Devenir chef d’équipe")
    assert broken_references(page) == {"doublons": [], "orphelins": []}
    expect(page.locator(".progression-page")).to_have_text("5 / 10 questions répondues")

    assert stored(page)["reponses"] == {
        "emploi-intitule#1": "Magasinier",
        "emploi-missions-detail#1": "Réception",
        "emploi-missions-detail#2": "Expédition",
        "emploi-outils-liste#2": "Transpalette",
        "q-projet": "Devenir chef d’équipe",
    }
    page.reload()
    expect(page.get_by_label(f"Emploi n° 2 : {OUTILS}")).to_have_value("Transpalette")
    expect(page.get_by_label(f"Emploi n° 1 : {MISSIONS}")).to_have_value("Réception")
    assert page.get_by_role("region", name="Réponses à des questions retirées").count() == 0

    page.get_by_role("button", name="Retirer Emploi n° 1").click()
    expect(page.get_by_label(f"Emploi n° 1 : {MISSIONS}")).to_have_value("Expédition")
    expect(page.get_by_label(f"Emploi n° 1 : {OUTILS}")).to_have_value("Transpalette")
    expect(page.get_by_label(f"Emploi n° 2 : {MISSIONS}")).to_have_count(0)
    assert stored(page)["reponses"] == {
        "emploi-missions-detail#1": "Expédition",
        "emploi-outils-liste#1": "Transpalette",
        "q-projet": "Devenir chef d’équipe",
    }


def test_an_untitled_repeated_rubrique_carries_its_sub_rubriques(page: Page) -> None:
    appris = "Qu’avez-vous appris ?"
    page.goto(DOSSIER)
    groupe = page.locator(".exemplaires[data-rubrique='formations']")
    expect(groupe.get_by_label(f"Formation n° 1 : {appris}")).to_be_visible()
    expect(page.locator(".sous-rubriques")).to_have_count(0)  # moved into the copy
    page.get_by_role("button", name="Ajouter Formation n° 2").click()
    second = groupe.locator(".exemplaire[data-exemplaire='2']")
    expect(second.get_by_role("heading", name="Contenu (Formation n° 2)")).to_be_visible()
    second.get_by_label(f"Formation n° 2 : {appris}").fill("La conduite de chariot")
    assert stored(page)["reponses"] == {"formation-contenu-detail#2": "La conduite de chariot"}
    assert broken_references(page) == {"doublons": [], "orphelins": []}


def test_axe_with_several_copies(page: Page) -> None:
    page.goto(DOSSIER)
    page.get_by_role("button", name="Ajouter Emploi n° 2").click()
    page.get_by_role("button", name="Ajouter Emploi n° 3").click()
    expect(page.get_by_label(f"Emploi n° 3 : {OUTILS}")).to_be_visible()
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()
