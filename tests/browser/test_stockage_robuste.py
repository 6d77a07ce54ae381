"""Stored answers the browser must not trust (issue 17): dates from a clock that was ahead,
keys named like Object.prototype's members, and a save that fails after one that worked."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from serveur import build_fixture, serve, stored_answers

from conftest import CHROMIUM

if CHROMIUM is not None:
    from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium absent du PATH")
KEY = "cqpsite:cqp-mini:1.0"
DOSSIER = "cqp-mini/dossier/"
JOUR = 86_400_000


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(build_fixture(tmp_path_factory, "mini")) as url:
        yield url


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    ctx = browser.new_context(base_url=base_url)
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(DOSSIER)
    yield pg
    ctx.close()
    assert errors == []


def store(page: Page, state: dict[str, Any]) -> None:
    """Puts ``state`` in this browser's storage as an earlier visit left it, and reloads."""
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(state)])
    page.reload()


def stored(page: Page) -> dict[str, Any]:
    return stored_answers(page, KEY)


def state(**fields: Any) -> dict[str, Any]:
    empty = {"reponses": {}, "grilles": {}, "criteres_ajoutes": {}, "coches": {}, "dates": {}}
    return {"format": 1, "referentiel": "cqp-mini", "version": "1.0", "efface": 0} | empty | fields


@pytest.mark.parametrize("avance", [10_000, JOUR, 365 * JOUR])
def test_dates_from_a_clock_that_was_ahead_lose_no_new_answer(page: Page, avance: int) -> None:
    futur = page.evaluate("Date.now()") + avance
    store(
        page,
        state(
            efface=futur,
            reponses={"q-b1-1": "Écrite quand l’horloge avançait", "emploi-intitule#1": "Avant"},
            dates={"reponses/q-b1-1": futur + 1, "reponses/emploi-intitule#1": futur + 2},
        ),
    )
    # What was written after the (future) clear is still there.
    expect(page.get_by_label("Que faites-vous ?")).to_have_value("Écrite quand l’horloge avançait")
    page.get_by_label("Date :").fill("2026-01-02")
    page.get_by_label("Emploi n° 1 : Emploi :").fill("Après")
    expect(page.get_by_role("status")).to_contain_text("Enregistré")
    page.reload()
    expect(page.get_by_label("Date :")).to_have_value("2026-01-02")
    expect(page.get_by_label("Emploi n° 1 : Emploi :")).to_have_value("Après")
    expect(page.get_by_label("Que faites-vous ?")).to_have_value("Écrite quand l’horloge avançait")
    data = stored(page)
    now = page.evaluate("Date.now()")
    assert data["efface"] <= now
    assert all(d <= now for d in data["dates"].values())


def test_prototype_names_are_plain_keys(page: Page) -> None:
    noms = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]
    vus = page.evaluate(
        "noms => noms.map(n => [cqpStockage.get('reponses', n), cqpStockage.get('grilles', n)])",
        noms,
    )
    assert vus == [[None, None]] * len(noms)
    store(
        page,
        state(reponses=dict.fromkeys(noms, "Ma réponse"), dates={f"reponses/{n}": 1 for n in noms}),
    )
    assert page.evaluate("noms => noms.map(n => cqpStockage.get('reponses', n))", noms) == [
        "Ma réponse"
    ] * len(noms)
    retirees = page.get_by_role("region", name="Réponses à des questions retirées")
    expect(retirees.locator("dt")).to_have_text(sorted(noms))
    page.get_by_label("Date :").fill("2026-01-02")
    assert stored(page)["reponses"] == dict.fromkeys(noms, "Ma réponse") | {"q-b1-2": "2026-01-02"}


def test_stored_values_of_the_wrong_type_are_not_shown(page: Page) -> None:
    store(
        page,
        state(
            reponses={"q-b1-1": {"a": 1}, "q-b1-2": ["x"]},
            dates={"reponses/q-b1-1": 1, "reponses/q-b1-2": 1},
        ),
    )
    expect(page.get_by_label("Que faites-vous ?")).to_have_value("")
    expect(page.locator(".reponses-retirees")).to_have_count(0)


def test_a_failed_save_clears_the_last_saved_message(page: Page) -> None:
    page.evaluate(
        "() => { const set = Storage.prototype.setItem;"
        " Storage.prototype.setItem = function (k, v) {"
        "  if (window.plein) { throw new DOMException('plein', 'QuotaExceededError'); }"
        "  return set.call(this, k, v); }; }"
    )
    statut, alerte = page.get_by_role("status"), page.get_by_role("alert")
    page.get_by_label("Que faites-vous ?").fill("Première")
    expect(statut).to_have_text(re.compile(r"^Enregistré dans ce navigateur à \d\d:\d\d$"))
    page.evaluate("window.plein = true")
    page.get_by_label("Que faites-vous ?").fill("Deuxième")
    expect(alerte).to_contain_text("Enregistrement impossible")
    expect(statut).to_have_text("")
    page.evaluate("window.plein = false")
    page.get_by_label("Que faites-vous ?").fill("Troisième")
    expect(statut).to_contain_text("Enregistré")
    expect(alerte).to_have_text("")
    assert stored(page)["reponses"]["q-b1-1"] == "Troisième"


def test_added_copies_keep_every_id_unique(page: Page) -> None:
    page.get_by_role("button", name="Ajouter Emploi n° 2").click()
    page.get_by_role("button", name="Ajouter Emploi n° 3").click()
    page.get_by_label("Emploi n° 3 : Emploi :").fill("Troisième emploi")
    ids = page.evaluate("Array.from(document.querySelectorAll('[id]'), e => e.id)")
    assert [i for i in set(ids) if ids.count(i) > 1] == []
    assert "reponse-emploi-intitule--3" in ids
    assert stored(page)["reponses"] == {"emploi-intitule#3": "Troisième emploi"}


def test_typing_writes_storage_once_per_pause_and_leaving_keeps_the_last_key(page: Page) -> None:
    # 20,000 stored answers: every write reads, merges and serialises all of them.
    many = {f"ancienne-{i}": f"Réponse {i}" for i in range(20_000)}
    store(page, state(reponses=many, dates={f"reponses/{k}": 1 for k in many}))
    field = page.get_by_label("Que faites-vous ?")
    # 24 keystrokes in one task (no timer can run between them, however loaded the machine).
    writes = field.evaluate(
        """(field) => {
          let writes = 0;
          const setItem = Storage.prototype.setItem;
          Storage.prototype.setItem = function (...args) {
            writes += 1;
            window.ecritures = writes;
            return setItem.apply(this, args);
          };
          window.ecritures = 0;
          for (const key of "Je prépare les commandes") {
            field.value += key;
            field.dispatchEvent(new InputEvent("input", {bubbles: true, data: key}));
          }
          return writes;
        }"""
    )
    assert writes == 0
    expect(page.get_by_role("status")).to_contain_text("Enregistré")  # once typing paused
    assert page.evaluate("window.ecritures") == 1
    field.press_sequentially(" du jour")
    page.reload()  # leaving the page writes what typing left pending
    expect(page.get_by_label("Que faites-vous ?")).to_have_value("Je prépare les commandes du jour")
    assert stored(page)["reponses"]["ancienne-19999"] == "Réponse 19999"
