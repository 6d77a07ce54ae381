"""Site search and menu in Chromium, keyboard only, on the two sample referentials: a criterion
code finds the criterion first and lands on it; unaccented or misspelt words and acronyms find
their capacités; Material's search loads when first used; capacités are in the menu."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from serveur import build_fixture, serve

from conftest import CHROMIUM

if CHROMIUM is not None:
    from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium absent du PATH")
CQPM = "cqpm-gestionnaire-flux-commandes-international"
RESULT_LINK = ".md-search-result__item > a, .md-search-result__item > details > a"


@pytest.fixture(scope="module")
def real_url(real_site: Path) -> Iterator[str]:
    with serve(real_site) as url:
        yield url


@pytest.fixture
def page(browser: Browser, real_url: str) -> Iterator[Page]:
    ctx = browser.new_context(base_url=real_url, viewport={"width": 1280, "height": 900})
    tab = ctx.new_page()
    tab.on("pageerror", lambda e: pytest.fail(f"erreur JavaScript : {e}"))
    yield tab
    ctx.close()


def search(page: Page, query: str) -> list[str]:
    """Open search with its shortcut, type ``query``; the result links' addresses, in order,
    once they stop changing: each keystroke starts a query, and the results of « C5 » can
    still be on screen when typing « C5-2 » has ended."""
    page.keyboard.press("s")
    expect(page.locator("input.md-search__input")).to_be_focused()
    page.keyboard.type(query)
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_contain_text(re.compile(r"\d+ documents? trouvés?"))
    links: list[str] = []
    steady, deadline = 0, time.monotonic() + 15
    while steady < 3 and time.monotonic() < deadline:  # unchanged over 0.6 s
        page.wait_for_timeout(200)
        now = page.locator(".md-search-result__item a").evaluate_all("l => l.map(a => a.href)")
        steady, links = (steady + 1 if now == links else 0), now
    return links


@pytest.mark.parametrize("query", ["5.2", "c5.2", "C5-2", "critère 5.2", "Critere 5-2"])
def test_a_criterion_code_finds_that_criterion_first(page: Page, query: str) -> None:
    page.goto(f"{CQPM}/")
    links = search(page, query)
    assert re.search(rf"/{CQPM}/capacites/c5/(\?h=[^#]*)?#critere-c5-2$", links[0]), links[:3]


def test_trainer_searches_5_2_and_lands_on_the_criterion(page: Page) -> None:
    page.goto(f"{CQPM}/")
    search(page, "5.2")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/capacites/c5/.*#critere-c5-2$"))
    target = page.locator("#critere-c5-2")
    expect(target).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target').id") == "critere-c5-2"


@pytest.mark.parametrize(
    ("query", "capacite"),
    [
        ("reglementation", "c1"),  # réglementation: accents folded
        ("expedition", "c5"),
        ("l’expédition", "c5"),  # elided article: "l" alone would match anything
        ("douanne", "c4"),  # douane, one letter too many
        ("DAU", "c4"),  # the acronym in capacité 4's conditions
    ],
)
def test_unaccented_misspelt_words_and_acronyms_find_their_capacite(
    page: Page, query: str, capacite: str
) -> None:
    page.goto("")
    links = search(page, query)
    pages = [link.split("?")[0].split("#")[0] for link in links]
    assert any(p.endswith(f"/{CQPM}/capacites/{capacite}/") for p in pages[:8]), pages[:8]


def test_a_misspelt_word_shows_no_missing_term_note(page: Page) -> None:
    page.goto("")
    search(page, "douanne")
    expect(page.locator(".md-search-result__terms")).to_have_count(0)


def test_search_loads_when_first_used(page: Page) -> None:
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url))
    page.goto("")
    page.wait_for_load_state("networkidle")
    assert not [u for u in loaded if "/lunr/" in u or "/workers/search." in u], loaded
    search(page, "douane")
    assert [u for u in loaded if "/workers/search." in u]
    assert [u for u in loaded if "/lunr/min/lunr.fr" in u]


def test_phone_menu_lists_the_capacites_and_marks_the_current_one(
    browser: Browser, real_url: str
) -> None:
    ctx = browser.new_context(base_url=real_url, viewport={"width": 390, "height": 844})
    page = ctx.new_page()
    page.goto(f"{CQPM}/capacites/c5/")
    page.locator("label.md-header__button[for=__drawer]").click()
    drawer = page.locator("nav.md-nav--primary")
    for i in (1, 4, 6, 10):
        expect(drawer.get_by_role("link", name=f"Capacité {i}", exact=True)).to_be_visible()
    # The current page: its link, or on a phone the label opening its table of contents.
    current = drawer.locator(".md-nav__link--active:visible")
    expect(current).to_have_count(1)
    expect(current).to_have_text(re.compile(r"^\s*Capacité 5\s*$"))
    ctx.close()


def test_a_displayed_number_finds_its_criterion_first(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The mini referential shows its source's numbers ("B1.C1.1") instead of the IDs."""
    with serve(build_fixture(tmp_path_factory, "mini")) as url:
        ctx = browser.new_context(base_url=url)
        tab = ctx.new_page()
        tab.goto("")
        links = search(tab, "B1.C1.1")
        assert re.search(r"/cqp-mini/capacites/c1/(\?h=[^#]*)?#critere-c1-1$", links[0]), links[:3]
        ctx.close()
