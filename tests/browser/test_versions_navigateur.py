"""Versions in Chromium: a pinned link of the current version lands on the criterion (even
without JavaScript), archived pages, notices and comparisons pass axe (tests/fixtures/versions)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from serveur import build_fixture, serve

from conftest import CHROMIUM

if CHROMIUM is not None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium absent du PATH")
REF = "cqp-versions"


@pytest.fixture(scope="module")
def versions_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture(tmp_path_factory, "versions")


@pytest.fixture(scope="module")
def versions_url(versions_site: Path) -> Iterator[str]:
    with serve(versions_site) as url:
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


def test_pinned_criterion_address_shows_the_criterion_without_javascript(
    browser: Browser, versions_site: Path, versions_url: str
) -> None:
    """As a badge issuer would: take a criterion's pinned targetUrl from an Achievement and
    open it with JavaScript disabled: the criterion's text is there, under its anchor, with a
    plain link to it at its current address."""
    badges = json.loads((versions_site / REF / "badges.json").read_text("utf-8"))
    target = next(
        a["targetUrl"]
        for item in badges["achievements"]
        for a in item["alignment"]
        if a["targetCode"] == "C1-2"
    )
    path = target.removeprefix("http://127.0.0.1:8000/")
    assert path == f"{REF}/v/2024/capacites/c1/#critere-c1-2"
    context = browser.new_context(base_url=versions_url, java_script_enabled=False)
    page = context.new_page()
    page.goto(path)
    assert page.url == versions_url + path  # no JavaScript: nothing moved
    criterion = page.locator(":target")
    expect(criterion).to_have_id("critere-c1-2")
    expect(criterion).to_contain_text("Les écarts sont signalés au responsable.")
    expect(criterion).to_be_in_viewport()
    criterion.get_by_role("link", name="Voir C1-2 dans la version en vigueur").click()
    page.wait_for_url(f"{versions_url}{REF}/capacites/c1/#critere-c1-2")
    expect(page.locator("#critere-c1-2")).to_contain_text("Les écarts sont signalés")
    context.close()


def test_archived_page_link_to_the_current_version_keeps_the_anchor(
    page: Page, versions_url: str
) -> None:
    page.goto(f"{REF}/v/2022/capacites/c1/#critere-c1-2")
    page.get_by_role("link", name="Voir cet élément dans la version en vigueur (2024)").click()
    page.wait_for_url(f"{versions_url}{REF}/capacites/c1/#critere-c1-2")
