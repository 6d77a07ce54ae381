"""Versions in Chromium: a pinned link of the current version lands on the criterion, archived
pages, notices and comparisons pass axe (tests/fixtures/versions)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from serveur import build_fixture, serve

from conftest import CHROMIUM

if CHROMIUM is not None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium absent du PATH")
REF = "cqp-versions"


@pytest.fixture(scope="module")
def versions_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(build_fixture(tmp_path_factory, "versions")) as url:
        yield url


@pytest.fixture
def page(browser: Browser, versions_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=versions_url)
    yield context.new_page()
    context.close()


def test_pinned_link_of_the_current_version_keeps_the_anchor(page: Page, versions_url: str) -> None:
    page.goto(f"{REF}/v/2024/capacites/c1/#critere-c1-2")
    page.wait_for_url(f"{versions_url}{REF}/capacites/c1/#critere-c1-2")
    expect(page.locator("#critere-c1-2")).to_contain_text(
        "Les écarts sont signalés au responsable."
    )
    assert page.evaluate("document.querySelector(':target').id") == "critere-c1-2"


def test_a_retired_criterion_link_explains_and_leads_to_its_text(
    page: Page, versions_url: str
) -> None:
    page.goto(f"{REF}/capacites/c2/#critere-c2-1")
    notice = page.locator("#critere-c2-1")
    expect(notice).to_contain_text(
        "Retiré en version 2024 : capacité supprimée par le certificateur."
    )
    notice.get_by_role("link", name="Texte de la version 2022 : critère C2-1").click()
    page.wait_for_url(f"{versions_url}{REF}/v/2022/capacites/c2/#critere-c2-1")
    expect(page.get_by_role("note", name="Version remplacée")).to_contain_text(
        "Version remplacée par la version 2024."
    )
    expect(page.locator("#critere-c2-1")).to_contain_text("Les colis sont emballés.")


@pytest.mark.parametrize(
    "path",
    [
        f"{REF}/v/2022/capacites/c1/",
        f"{REF}/v/2022/",
        f"{REF}/capacites/c2/",
        f"{REF}/capacites/c3/",
        f"{REF}/v/2022/comparaison/",
        f"{REF}/versions/",
    ],
    ids=["archivee", "presentation-archivee", "retrait", "deplace", "comparaison", "versions"],
)
def test_axe_finds_no_violation_on_version_pages(page: Page, path: str) -> None:
    page.goto(path)
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()
