"""The form pages do not move when their scripts start (what Lighthouse counts as layout shift):
the answers toolbar, the counters and the cover's fields are written in the page, and the scripts
only fill them. Positions are compared with the same page whose scripts were blocked, on a phone
screen, so the test does not depend on when the browser paints."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from serveur import build_fixture, serve

from conftest import CHROMIUM

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium absent du PATH (paquet chromium)"
)

if CHROMIUM is not None:
    from playwright.sync_api import Browser, Page

CQP = "cqp-coordinateur-logistique"
CQPM = "cqpm-gestionnaire-flux-commandes-international"
# Each page, and what tells that its scripts have run.
COUNTED = "document.querySelector('.progression-page').textContent.includes('/')"
PAGES = {
    "dossier": (f"{CQP}/dossier/", COUNTED),
    "grille": (f"{CQPM}/grille/", "document.querySelector('.grille[data-acquis]') !== null"),
    "bloc": (f"{CQP}/blocs/b3/", COUNTED),
}
# The engine's own scripts (Material's live under assets/javascripts/).
OURS = re.compile(r"/assets/[a-z-]+\.js$")
WATCHED = (
    "article :is(h1, h2, h3, .question, .grille, tr, .synthese, .reponses-outils, "
    ".reponses-boutons, .couverture-saisie, .progression, .checklist, textarea, .resultat, "
    ".synthese td)"
)
# Results are written in the page as they read with nothing evaluated (cqpsite.evaluation):
# their text, too, must be what grilles.js computes.
TOPS = """sel => Array.from(document.querySelectorAll(sel), e => {
  const r = e.getBoundingClientRect();
  return [e.id || e.getAttribute("data-cle") || e.className, Math.round(r.top + scrollY),
          Math.round(r.height), e.matches(".resultat, td") ? e.textContent : ""];
})"""


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(build_fixture(tmp_path_factory, "reels")) as url:
        yield url


def positions(browser: Browser, url: str, ready: str, scripts: bool) -> list[list[object]]:
    context = browser.new_context(viewport={"width": 412, "height": 823})
    page: Page = context.new_page()
    if not scripts:
        page.route(OURS, lambda route: route.abort())
    page.goto(url)
    if scripts:
        page.wait_for_function(ready)
    else:
        assert not page.evaluate(ready)
    found: list[list[object]] = page.evaluate(TOPS, WATCHED)
    context.close()
    return found


@pytest.mark.parametrize("name", list(PAGES))
def test_scripts_move_nothing_on_load(browser: Browser, base_url: str, name: str) -> None:
    path, ready = PAGES[name]
    url = base_url + path
    before, after = positions(browser, url, ready, False), positions(browser, url, ready, True)
    assert len(before) > 20
    moved = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert moved == []
