"""Hostile and careless answer files on the dossier page (issue 17): generated imports of wrong
types, huge repetition counts, prototype keys and script payloads. The page answers the next
interaction within 2 s (measured with the page's own clock), nothing in the file runs, and the
answers already given survive unless the user confirmed the replacement."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serveur import build_fixture, serve, stored_answers

from conftest import CHROMIUM

if CHROMIUM is not None:
    from playwright.sync_api import Browser, BrowserContext, Dialog, Page, expect

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium absent du PATH")
KEY = "cqpsite:cqp-mini:1.0"
DOSSIER = "cqp-mini/dossier/"
AVANT = "Réponse d’avant l’import"
LIMITE_MS = 2000
# Code that must never run: each payload would set window.pirate or add an element .pirate.
PAYLOADS = [
    '<img src=x class=pirate onerror="window.pirate=1">',
    "<script class=pirate>window.pirate=1</script>",
    '"><svg class=pirate onload="window.pirate=1">',
    "javascript:window.pirate=1",
    "{{ 7*7 }}${window.pirate=1}",
]
# Timings taken by the page's own clock, so that a loaded machine's round trips don't count:
# from the file chosen to the end of the import's "load" handler (registered first, so this one
# runs after it), from the next keystroke's first to its last "input" listener, and from the
# page's DOMContentLoaded (this listener is the first) to the answers restored.
# confirm() is answered in the page (window.accepter) and every question is recorded.
SONDE = """
window.questions = [];
window.accepter = false;
window.confirm = (message) => { window.questions.push(String(message)); return window.accepter; };
document.addEventListener("change", (e) => {
  if (e.target.type === "file") { window.importDebut = performance.now(); }
}, true);
const lire = FileReader.prototype.readAsText;
FileReader.prototype.readAsText = function (...args) {
  this.addEventListener("load", () => { window.importFin = performance.now(); });
  return lire.apply(this, args);
};
window.addEventListener("input", () => { window.saisieDebut = performance.now(); }, true);
document.addEventListener("DOMContentLoaded", () => { window.pageDebut = performance.now(); });
document.addEventListener("cqp:reponses-pret", () => { window.pagePrete = performance.now(); });
window.addEventListener("input", () => { window.saisieFin = performance.now(); });
"""


def fichier(**maps: Any) -> dict[str, Any]:
    return {"format": 1, "referentiel": "cqp-mini", "version": "1.0"} | maps


def refused() -> list[tuple[str, Any, str]]:
    """(name, file content, part of the French message): files the page must refuse."""
    cases: list[tuple[str, Any, str]] = [
        ("liste", [], "format 1 attendu"),
        ("null", None, "format 1 attendu"),
        ("texte", "reponses", "format 1 attendu"),
        ("format-texte", {"format": "1", "referentiel": "cqp-mini"}, "format 1 attendu"),
        ("referentiel-liste", {"format": 1, "referentiel": ["cqp-mini"]}, "pas celles de"),
        ("version-nombre", fichier(version=2), "« version » doit être du texte"),
        ("entrees-trop", fichier(reponses={f"q{i}": "x" for i in range(20001)}), "plus de 20000"),
    ]
    for m, wrong in (("reponses", [["x"], None, "x", 3]), ("coches", [[], None])):
        for w in wrong:
            cases.append((f"{m}-{type(w).__name__}", fichier(**{m: w}), "doit être un objet JSON"))
    for m, key, value, message in [
        ("reponses", "q-b1-1", {"texte": "x"}, "doit être du texte, pas un objet"),
        ("reponses", "q-b1-1", ["x"], "doit être du texte, pas une liste"),
        ("reponses", "q-b1-1", None, "doit être du texte, pas null"),
        ("reponses", "q-b1-1", 42, "doit être du texte, pas un nombre"),
        ("reponses", "__proto__", {"pirate": "oui"}, "« __proto__ »"),
        ("coches", "q-b1-1", "oui", "doit être vrai ou faux"),
        ("grilles", "c1-1", True, "doit être du texte"),
        ("criteres_ajoutes", "b2#1", "texte", "doit être un objet"),
        ("criteres_ajoutes", "b2#1", {"texte": 1}, "doit être un objet"),
        ("reponses", PAYLOADS[0], {"x": PAYLOADS[1]}, "doit être du texte"),
    ]:
        cases.append(
            (f"{m}-{key[:12]}-{type(value).__name__}", fichier(**{m: {key: value}}), message)
        )
    cases.append(("referentiel-charge", {"format": 1, "referentiel": PAYLOADS[0]}, "pas celles de"))
    return cases


def accepted() -> list[tuple[str, dict[str, Any]]]:
    """(name, file content): well-typed files, hostile all the same, the page must take."""
    return [
        ("exemplaire-1000", fichier(reponses={"emploi-intitule#1000": "x"})),
        ("exemplaire-enorme", fichier(reponses={"emploi-intitule#99999999999": "x"})),
        (
            "exemplaires-5000",
            fichier(reponses={f"emploi-intitule#{i}": f"E{i}" for i in range(1, 5001)}),
        ),
        (
            "prototype",
            fichier(reponses={"__proto__": "a", "constructor": "b", "toString": "c"}),
        ),
        (
            "charges",
            fichier(
                reponses={p: p for p in PAYLOADS} | {"q-b1-1": PAYLOADS[0]},
                grilles={"c1-1": PAYLOADS[1], "observations:c1-1": PAYLOADS[2]},
                criteres_ajoutes={"b2#1": {"texte": PAYLOADS[0], "essentiel": True}},
            ),
        ),
        ("texte-long", fichier(reponses={"q-b1-1": "é" * 200_000})),
        ("autre-version", fichier(version="0.9", reponses={"q-b1-1": "Ancienne"})),
    ]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(build_fixture(tmp_path_factory, "mini")) as url:
        yield url


@pytest.fixture
def context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    ctx = browser.new_context(base_url=base_url)
    ctx.add_init_script(SONDE)
    yield ctx
    ctx.close()


class Visit:
    """The dossier page with one answer given, recording dialogs and page errors."""

    def __init__(self, context: BrowserContext, confirm: bool) -> None:
        self.page: Page = context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self.answer)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(DOSSIER)
        self.page.evaluate(f"window.accepter = {json.dumps(confirm)}")
        self.page.get_by_label("Que faites-vous ?").fill(AVANT)

    def answer(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.type)  # alert() or prompt(): something in the file ran
        dialog.dismiss()

    def questions(self) -> list[str]:
        asked: list[str] = self.page.evaluate("window.questions.splice(0)")
        return asked

    def typing(self, date: str) -> float:
        """Types in a field; returns the ms the page took to handle that keystroke."""
        self.page.get_by_label("Date :").fill(date)
        took: float = self.page.evaluate("window.saisieFin - window.saisieDebut")
        return took

    def import_file(self, path: Path, date: str = "2026-05-04") -> None:
        """Imports ``path``, then types: the page answers each within the limit."""
        self.page.evaluate("delete window.importFin")
        self.page.locator(".reponses-fichier").set_input_files(path)
        self.page.wait_for_function("window.importFin !== undefined", timeout=20_000)
        assert self.page.evaluate("window.importFin - window.importDebut") < LIMITE_MS
        assert self.typing(date) < LIMITE_MS

    def stored(self) -> dict[str, Any]:
        return stored_answers(self.page, KEY)

    def assert_nothing_ran(self) -> None:
        assert self.page.evaluate("window.pirate") is None
        assert self.page.locator(".pirate").count() == 0
        assert self.dialogs == []
        assert self.errors == []


def write(tmp_path: Path, name: str, content: Any) -> Path:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(content, ensure_ascii=False), "utf-8")
    return path


def test_refused_files_change_nothing(context: BrowserContext, tmp_path: Path) -> None:
    visit = Visit(context, confirm=True)
    alert = visit.page.get_by_role("alert")
    for n, (name, content, message) in enumerate(refused()):
        visit.import_file(write(tmp_path, name, content), f"2026-05-{n + 1:02}")
        expect(alert).to_contain_text(message)
        expect(alert).to_contain_text("Vos réponses n’ont pas changé.")
        assert visit.questions() == [], name  # refused before any question
        expect(visit.page.get_by_label("Que faites-vous ?")).to_have_value(AVANT)
        assert visit.stored()["reponses"]["q-b1-1"] == AVANT, name
    visit.assert_nothing_ran()


def test_accepted_files_need_a_confirmation(context: BrowserContext, tmp_path: Path) -> None:
    visit = Visit(context, confirm=False)
    for n, (name, content) in enumerate(accepted()):
        visit.import_file(write(tmp_path, name, content), f"2026-05-{n + 1:02}")
        assert len(visit.questions()) == 1, name
        expect(visit.page.get_by_role("alert")).to_contain_text("Import annulé")
        expect(visit.page.get_by_label("Que faites-vous ?")).to_have_value(AVANT)
        assert visit.stored()["reponses"] == {"q-b1-1": AVANT, "q-b1-2": f"2026-05-{n + 1:02}"}
    visit.assert_nothing_ran()


@pytest.mark.parametrize(("name", "content"), accepted(), ids=[c[0] for c in accepted()])
def test_confirmed_files_load_bounded_and_inert(
    context: BrowserContext, tmp_path: Path, name: str, content: dict[str, Any]
) -> None:
    visit = Visit(context, confirm=True)
    visit.import_file(write(tmp_path, name, content))
    page = visit.page
    assert page.locator(".exemplaire").count() <= 50
    # Nothing is lost: every answer of the file is stored (the date typed after it too).
    reponses = visit.stored()["reponses"]
    assert reponses == content["reponses"] | {"q-b1-2": "2026-05-04"}
    # Reloading with those answers stored stays as quick.
    page.reload()
    page.wait_for_function("window.pagePrete !== undefined")
    assert page.evaluate("window.pagePrete - window.pageDebut") < LIMITE_MS
    assert visit.typing("2026-05-05") < LIMITE_MS
    visit.assert_nothing_ran()
    exemplaires = page.locator(".exemplaire").count()
    assert exemplaires <= 50
    if name == "prototype":
        retirees = page.get_by_role("region", name="Réponses à des questions retirées")
        for key, value in content["reponses"].items():
            expect(retirees).to_contain_text(f"{key}{value}")
    if name.startswith("exemplaire"):
        # Copies beyond the last shown are listed, not dropped.
        retirees = page.get_by_role("region", name="Réponses à des questions retirées")
        expect(retirees).to_be_visible()
    if name == "exemplaires-5000":
        assert exemplaires == 50
        expect(page.get_by_role("button", name="Ajouter Emploi n° 51")).to_be_hidden()
        expect(page.get_by_label("Emploi n° 50 : Emploi :")).to_have_value("E50")
        expect(page.locator(".reponses-retirees dt")).to_have_count(200)
        expect(page.locator(".reponses-retirees")).to_contain_text("… et 4750 autres réponses")


def test_other_version_is_imported_with_a_notice(context: BrowserContext, tmp_path: Path) -> None:
    visit = Visit(context, confirm=True)
    content = fichier(version="0.9", reponses={"q-b1-1": "Ancienne"})
    visit.import_file(write(tmp_path, "ancienne", content))
    assert "version « 0.9 »" in visit.questions()[0]
    alert = visit.page.get_by_role("alert")
    expect(alert).to_contain_text("version « 0.9 » du référentiel")
    expect(alert).to_contain_text("cette page présente la version « 1.0 »")
    expect(visit.page.get_by_label("Que faites-vous ?")).to_have_value("Ancienne")


def test_same_version_is_imported_silently(context: BrowserContext, tmp_path: Path) -> None:
    visit = Visit(context, confirm=True)
    visit.import_file(write(tmp_path, "meme", fichier(reponses={"q-b1-1": "Nouvelle"})))
    assert visit.questions() == [
        "Remplacer toutes vos réponses actuelles par celles du fichier « meme.json » ?"
    ]
    expect(visit.page.get_by_role("alert")).to_have_text("")
    expect(visit.page.get_by_label("Que faites-vous ?")).to_have_value("Nouvelle")
