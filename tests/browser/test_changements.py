"""Answers given to an earlier version, in Chromium: a criterion or question reworded since it
was answered is marked "reformulé depuis votre évaluation", one new since that version
"nouveau", with a link to the comparison page; the candidate can keep an answer as it is.
Older stored states (no fingerprints) stay readable and nothing is lost."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serveur import build_fixture, leaks, record_errors, record_requests, serve

from conftest import CHROMIUM, FIXTURES, build_project, make_project
from cqpsite.corpus import load_referentiel
from cqpsite.empreintes import fingerprint
from cqpsite.versions import elements

if CHROMIUM is not None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium absent du PATH")

VERSIONS = FIXTURES / "versions" / "referentiels"


@pytest.fixture(scope="module")
def versions_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(build_fixture(tmp_path_factory, "versions")) as url:
        yield url


def empreinte(path: Path, ident: str) -> str:
    ref, problemes = load_referentiel(path)
    assert ref is not None, problemes
    return f"{ref.version}:{fingerprint(elements(ref)[ident])}"


def marks(page: Page) -> dict[str, str]:
    found: dict[str, str] = page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('.marque-version'))
          .map(m => [m.closest('[data-critere], [data-cle]').getAttribute('data-critere')
            || m.closest('[data-cle]').getAttribute('data-cle'), m.textContent]))"""
    )
    return found


def test_reworded_and_new_criteria_are_marked_on_the_grid(
    browser: Browser, versions_url: str
) -> None:
    ctx = browser.new_context(base_url=versions_url, accept_downloads=True)
    requests = record_requests(ctx)
    page = ctx.new_page()
    errors = record_errors(page)

    # Evaluated on 2022 (a page with no earlier version: no fingerprints kept there).
    page.goto("cqp-versions/v/2022/grille/")
    page.get_by_label("C1-1 : acquis", exact=True).check()
    page.get_by_label("C1-2 : acquis", exact=True).check()
    page.get_by_label("C3-1 : acquis", exact=True).check()
    page.get_by_label("Observations sur le critère C3-2").fill("Bordereaux prêts")
    expect(page.get_by_role("status")).to_contain_text("Enregistré")
    assert page.locator(".marque-version").count() == 0

    page.goto("cqp-versions/grille/")
    keep = "Garder mon évaluation"
    assert marks(page) == {
        "c1-1": f"Reformulé depuis votre évaluation (version 2022) voir les changements {keep} : C1-1",
        "c1-2": f"Reformulé depuis votre évaluation (version 2022) voir les changements {keep} : C1-2",
        "c1-4": "Nouveau depuis la version 2022 voir les changements",
    }
    link = page.locator("tr[data-critere=c1-2] .marque-version a")
    assert link.get_attribute("href") == "../v/2022/comparaison/#reformulation-c1-2"
    new = page.locator("tr[data-critere=c1-4] .marque-version a")
    assert new.get_attribute("href") == "../v/2022/comparaison/#ajout-c1-4"
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()

    # Keeping an evaluation, or evaluating the new criterion, removes its mark for good.
    page.get_by_role("button", name=f"{keep} : C1-2").click()
    expect(page.get_by_label("C1-2 : acquis", exact=True)).to_be_focused()
    page.get_by_label("C1-4 : non acquis", exact=True).check()
    assert sorted(marks(page)) == ["c1-1"]
    page.reload()
    assert sorted(marks(page)) == ["c1-1"]
    stored = json.loads(page.evaluate("localStorage.getItem('cqpsite:cqp-versions:2024')"))
    current = VERSIONS / "cqp-versions.yml"
    assert stored["empreintes"]["grilles/c1-2"] == empreinte(current, "c1-2")
    assert stored["empreintes"]["grilles/c1-4"] == empreinte(current, "c1-4")
    assert stored["empreintes"]["grilles/c1-1"] == "2022:"  # given to the 2022 text
    assert stored["grilles"]["c1-2"] == "acquis"  # the answer itself is untouched

    # The link leads to the change on the comparison page.
    page.locator("tr[data-critere=c1-1] .marque-version a").click()
    expect(page.locator("#reformulation-c1-1")).to_contain_text("Les commandes sont préparées.")

    page.goto("cqp-versions/grille/")
    with page.expect_download() as info:
        page.get_by_role("button", name="Exporter mes réponses").click()
    exported = json.loads(Path(info.value.path()).read_text("utf-8"))
    assert exported["empreintes"]["grilles/c1-2"] == empreinte(current, "c1-2")
    assert leaks(requests, ["Bordereaux", "acquis", "c1-2"]) == []
    ctx.close()
    assert errors == []


def state(version: str, grilles: dict[str, str], empreintes: dict[str, str]) -> dict[str, Any]:
    keys = [f"grilles/{k}" for k in grilles] + [f"empreintes/{k}" for k in empreintes]
    return {
        "format": 1,
        "referentiel": "cqp-versions",
        "version": version,
        "modifie": "2026-01-01T10:00:00.000Z",
        "efface": 0,
        "dates": {k: 1000 + i for i, k in enumerate(keys)},
        "reponses": {},
        "grilles": grilles,
        "criteres_ajoutes": {},
        "coches": {},
        "empreintes": empreintes,
    }


def test_the_stored_fingerprint_decides(browser: Browser, versions_url: str) -> None:
    """An answer stored with the fingerprint of the current wording is not marked, one stored
    with another fingerprint is, whatever the version it was saved under."""
    ctx = browser.new_context(base_url=versions_url)
    page = ctx.new_page()
    errors = record_errors(page)
    page.goto("")
    current = VERSIONS / "cqp-versions.yml"
    seeded = state(
        "2022",
        {"c1-1": "acquis", "c1-2": "non-acquis", "c3-1": "acquis"},
        {
            "grilles/c1-1": "2022:00000000",  # some other wording
            "grilles/c1-2": empreinte(current, "c1-2"),  # already the current wording
            "grilles/c3-1": '"]\n\\:0 <b>',  # not a version: ignored, never in a selector
            "grilles/c9-9": "__proto__:1",
        },
    )
    page.evaluate("s => localStorage.setItem('cqpsite:cqp-versions:2022', s)", json.dumps(seeded))
    page.goto("cqp-versions/grille/")
    assert sorted(marks(page)) == ["c1-1", "c1-4"]
    expect(page.get_by_label("C1-2 : non acquis", exact=True)).to_be_checked()
    ctx.close()
    assert errors == []


@pytest.fixture(scope="module")
def dossier_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The mini fixture published as 1.0 then as 1.1 with a reworded question and a new one in
    a repeated rubrique."""
    tmp = tmp_path_factory.mktemp("dossier-versions")
    folder = tmp / "referentiels"
    shutil.copytree(FIXTURES / "mini" / "referentiels", folder)
    current = folder / "cqp-mini.yml"
    archive = folder / "versions" / "cqp-mini" / "1.0.yml"
    archive.parent.mkdir(parents=True)
    shutil.copy(current, archive)
    text = current.read_text("utf-8")
    for old, new in [
        ('question: "Que faites-vous ?"', 'question: "Que faites-vous au quotidien ?"'),
        ('\nversion: "1.0"\n', '\nversion: "1.1"\n'),
        (
            '- {id: emploi-intitule, question: "Emploi :", format: court}',
            '- {id: emploi-intitule, question: "Emploi :", format: court}\n'
            '            - {id: emploi-duree, question: "Durée :", format: court}',
        ),
    ]:
        assert old in text
        text = text.replace(old, new)
    current.write_text(text, "utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CQPSITE_DOCUMENTS", "0")
        site = build_project(make_project(tmp, folder))
    with serve(site) as url:
        yield url


def test_reworded_and_new_questions_are_marked_on_the_dossier(
    browser: Browser, dossier_url: str
) -> None:
    ctx = browser.new_context(base_url=dossier_url)
    page = ctx.new_page()
    errors = record_errors(page)
    page.goto("cqp-mini/v/1.0/dossier/")
    page.get_by_label("Que faites-vous ?").fill("Je règle la presse.")
    page.get_by_label("Emploi n° 1 : Emploi :").fill("Régleur")
    expect(page.get_by_role("status")).to_contain_text("Enregistré")

    page.goto("cqp-mini/dossier/")
    expect(page.get_by_label("Que faites-vous au quotidien ?")).to_have_value("Je règle la presse.")
    assert marks(page) == {
        "q-b1-1": "Reformulée depuis votre réponse (version 1.0) voir les changements "
        "Garder ma réponse : Que faites-vous au quotidien ?",
        "emploi-duree#1": "Nouvelle depuis la version 1.0 voir les changements",
    }
    href = page.locator("[data-cle='q-b1-1'] .marque-version a").get_attribute("href")
    assert href == "../v/1.0/comparaison/#reformulation-q-b1-1"
    page.get_by_role("button", name="Ajouter Emploi n° 2").click()  # a new copy is marked too
    expect(page.locator("[data-cle='emploi-duree#2'] .marque-version")).to_have_text(
        "Nouvelle depuis la version 1.0 voir les changements"
    )
    result = Axe().run(page)  # with the focus on the new copy's « Retirer » button
    assert result.violations_count == 0, result.generate_report()
    page.get_by_label("Que faites-vous au quotidien ?").fill("Je règle la presse et la plieuse.")
    page.get_by_label("Emploi n° 1 : Durée :").fill("3 ans")
    assert sorted(marks(page)) == ["emploi-duree#2"]
    ctx.close()
    assert errors == []


def test_an_export_of_an_earlier_version_is_marked_once_imported(
    browser: Browser, versions_url: str, tmp_path: Path
) -> None:
    """A file exported from the 2022 pages (no fingerprints) imported on the 2024 grid: its
    answers are taken as given to the 2022 text."""
    ctx = browser.new_context(base_url=versions_url, accept_downloads=True)
    page = ctx.new_page()
    page.on("dialog", lambda d: d.accept())
    page.goto("cqp-versions/v/2022/grille/")
    page.get_by_label("C1-2 : non acquis", exact=True).check()
    page.get_by_label("C3-1 : acquis", exact=True).check()
    with page.expect_download() as info:
        page.get_by_role("button", name="Exporter mes réponses").click()
    exported = json.loads(Path(info.value.path()).read_text("utf-8"))
    assert exported["version"] == "2022" and exported["empreintes"] == {}
    fichier = tmp_path / "reponses-2022.json"
    fichier.write_text(json.dumps(exported), "utf-8")

    fresh = browser.new_context(base_url=versions_url)
    other = fresh.new_page()
    other.on("dialog", lambda d: d.accept())
    other.goto("cqp-versions/grille/")
    assert sorted(marks(other)) == []  # nothing answered yet: nothing to compare with
    other.locator("input[type=file][accept*=json]").set_input_files(str(fichier))
    expect(other.get_by_label("C1-2 : non acquis", exact=True)).to_be_checked()
    assert sorted(marks(other)) == ["c1-2", "c1-4"]
    fresh.close()
    ctx.close()
