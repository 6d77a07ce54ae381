"""The real CQPM in Chromium: an assessor ticks the grid and sees why it is not admissible."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import CHROMIUM, Quiet

if CHROMIUM is not None:
    from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium absent du PATH")
CQPM = "cqpm-gestionnaire-flux-commandes-international"


@pytest.fixture(scope="module")
def real_url(real_site: Path) -> Iterator[str]:
    handler = functools.partial(Quiet, directory=str(real_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def test_assessor_sees_why_the_cqpm_is_not_admissible(browser: Browser, real_url: str) -> None:
    context = browser.new_context(base_url=real_url)
    page = context.new_page()
    page.goto(f"{CQPM}/grille/")
    for n in range(1, 11):
        choice = "acquise" if n < 10 else "non-acquise"
        page.locator(f"#decision-{choice}-c{n}").check()
    synthese = page.locator(".synthese .resultat .calcul")
    expect(synthese).to_have_text("9 / 10 capacités acquises → non admissible (toutes requises)")
    page.locator("#decision-acquise-c10").check()
    expect(synthese).to_have_text("10 / 10 capacités acquises → admissible (toutes requises)")
    context.close()


def test_trainer_lands_on_criterion_5_2(browser: Browser, real_url: str) -> None:
    context = browser.new_context(base_url=real_url)
    page = context.new_page()
    page.goto(f"{CQPM}/capacites/c5/#critere-c5-2")
    target = page.locator("#critere-c5-2")
    expect(target).to_be_visible()
    expect(target).to_contain_text("Les vérifications (approvisionnements ou production")
    assert page.evaluate("document.querySelector(':target').id") == "critere-c5-2"
    context.close()
