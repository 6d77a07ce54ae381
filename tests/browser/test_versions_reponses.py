"""Answers across versions in Chromium (tests/fixtures/versions): grid answers given on the
archived 2022 version are carried over to the current 2024 version; answers to criteria and
capacités removed in 2024 stay visible and exported, never silently dropped."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from serveur import build_fixture, leaks, record_errors, record_requests, serve

from conftest import CHROMIUM

if CHROMIUM is not None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium absent du PATH")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(build_fixture(tmp_path_factory, "versions")) as url:
        yield url


def test_grid_answers_follow_the_referential_to_its_new_version(
    browser: Browser, base_url: str
) -> None:
    ctx = browser.new_context(accept_downloads=True, base_url=base_url)
    requests = record_requests(ctx)
    page = ctx.new_page()
    errors = record_errors(page)

    page.goto("cqp-versions/v/2022/grille/")
    page.get_by_label("C1-1 : acquis", exact=True).check()
    page.get_by_label("C1-3 : non acquis", exact=True).check()
    page.get_by_label("Observations sur le critère C1-3").fill("Rangement oublié deux fois")
    page.get_by_label("C2-1 : acquis", exact=True).check()
    page.locator("#decision-acquise-c2").check()
    page.get_by_label("C3-1 : acquis", exact=True).check()
    expect(page.get_by_role("status")).to_contain_text("Enregistré")
    old = page.evaluate("cqpStockage.flush(), localStorage.getItem('cqpsite:cqp-versions:2022')")

    page.goto("cqp-versions/grille/")
    expect(page.locator(".reponses-reprise")).to_have_text(
        "Vos réponses de la version 2022 ont été reprises. Celles qui concernent des éléments "
        "retirés de la version 2024 restent enregistrées : elles sont listées en fin de page."
    )
    expect(page.get_by_label("C1-1 : acquis", exact=True)).to_be_checked()
    expect(page.get_by_label("C3-1 : acquis", exact=True)).to_be_checked()  # moved to C1
    retirees = page.get_by_role("region", name="Réponses à des critères retirés")
    expect(retirees.locator("dt")).to_have_text(
        ["Critère C1-3", "Critère C2-1", "Décision — C2", "Observations — C1-3"]
    )
    expect(retirees.locator("dd")).to_have_text(
        ["non acquis", "acquis", "acquise", "Rangement oublié deux fois"]
    )
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()

    with page.expect_download() as info:
        page.get_by_role("button", name="Exporter mes réponses").click()
    exported = json.loads(Path(info.value.path()).read_text("utf-8"))
    assert exported["version"] == "2024"
    assert exported["grilles"] == {
        "c1-1": "acquis",
        "c1-3": "non-acquis",
        "observations:c1-3": "Rangement oublié deux fois",
        "c2-1": "acquis",
        "decision:c2": "acquise",
        "c3-1": "acquis",
    }
    # The archived version keeps its own answers, untouched.
    assert page.evaluate("localStorage.getItem('cqpsite:cqp-versions:2022')") == old
    assert any(u.endswith("/cqp-versions/referentiel.json") for _, u, _ in requests)
    assert leaks(requests, ["Rangement oublié"]) == []
    ctx.close()
    assert errors == []


def test_an_archived_version_never_takes_answers_given_to_a_later_one(
    browser: Browser, base_url: str
) -> None:
    from cqpsite.versions import version_key

    ctx = browser.new_context(base_url=base_url)
    page = ctx.new_page()
    page.goto("cqp-versions/grille/")
    page.get_by_label("C1-1 : acquis", exact=True).check()
    expect(page.get_by_role("status")).to_contain_text("Enregistré")
    page.goto("cqp-versions/v/2022/grille/")
    expect(page.get_by_label("C1-1 : acquis", exact=True)).not_to_be_checked()
    expect(page.locator(".reponses-reprise")).to_be_hidden()
    assert page.evaluate("localStorage.getItem('cqpsite:cqp-versions:2022')") is None

    # The page orders versions as the build does.
    versions = ["1", "2", "10", "2024", "2024.1", "2024.2", "2024.10", "2024-b", "2025", "v2"]
    pairs = [(a, b) for a in versions for b in versions]
    older = page.evaluate(
        "pairs => pairs.map(([a, b]) => window.cqpStockage.olderThan(a, b))", pairs
    )
    assert older == [version_key(a) < version_key(b) for a, b in pairs]
    ctx.close()
