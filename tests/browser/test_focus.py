"""Keyboard focus is visible on every control: Tab through a page in Chromium and read the
computed outline of each element that receives focus (axe cannot see this: WCAG 2.4.7)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from serveur import build_fixture, serve

from conftest import CHROMIUM

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium absent du PATH (paquet chromium)"
)

if CHROMIUM is not None:
    from playwright.sync_api import Browser, Page

# What the focused element is, and how its outline is drawn; null once Tab has gone round.
# Tab also moves between the parts of one control (day, month, year of a date field): the
# same element again is no new stop.
FOCUSED = """() => {
  const e = document.activeElement;
  if (e && e === window.dernierArret) return {repeat: true};
  if (!e || e === document.body || e.dataset.vu) return null;
  e.dataset.vu = "1";
  window.dernierArret = e;
  const s = getComputedStyle(e);
  const kind = e.tagName.toLowerCase() + (e.tagName === "INPUT" ? ":" + e.type : "");
  const name = e.id || e.getAttribute("aria-label") || e.textContent.trim().slice(0, 40);
  return {kind, name, style: s.outlineStyle, width: s.outlineWidth, color: s.outlineColor};
}"""


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(build_fixture(tmp_path_factory, "mini")) as url:
        yield url


def tab_through(page: Page, limit: int = 1000) -> list[dict[str, Any]]:
    """Every element Tab reaches, once, in order."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None:
            break
        if not stop.get("repeat"):
            stops.append(stop)
    return stops


def invisible(stop: dict[str, Any]) -> bool:
    return (
        stop["style"] == "none"
        or stop["width"] in ("0px", "")
        or stop["color"] in ("transparent", "rgba(0, 0, 0, 0)")
    )


@pytest.mark.parametrize(
    ("path", "kinds"),
    [
        (
            "cqp-mini/grille/",
            {"a", "button", "input:radio", "input:checkbox", "input:text", "textarea"},
        ),
        ("cqp-mini/dossier/", {"a", "button", "input:text", "input:date", "textarea"}),
        ("cqp-mini/capacites/c1/", {"a", "button", "input:checkbox", "input:radio", "summary"}),
    ],
)
def test_every_control_shows_its_keyboard_focus(
    browser: Browser, base_url: str, path: str, kinds: set[str]
) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(path)
    page.wait_for_load_state("load")
    stops = tab_through(page)
    context.close()
    assert kinds <= {s["kind"] for s in stops}
    assert [s for s in stops if invisible(s)] == []


# WCAG 2.4.11: the focused element, scrolled into view by the browser, is not entirely hidden
# under what sticks to the top of the screen (Material's header, the answers toolbar). Points
# down its visible height are probed; null when one of them reaches the element.
HIDDEN = """() => {
  const e = document.activeElement;
  if (!e || !e.closest("article") || e.closest(".reponses-outils")) return null;
  const r = e.getBoundingClientRect();
  const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, innerHeight);
  const name = e.id || e.getAttribute("aria-label") || e.textContent.trim().slice(0, 40);
  if (bottom - top < 1) return name + " : hors de l’écran";
  for (let y = top + 0.5; y < bottom; y += 3) {
    const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 8), y);
    if (hit && (hit === e || e.contains(hit))) return null;
  }
  const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 8), top + 0.5);
  return `${name} (${r.top}–${r.bottom} / ${innerHeight}) : caché par ${hit && hit.className}`;
}"""


@pytest.mark.parametrize("viewport", [(390, 640), (1280, 700)])
def test_focus_is_never_hidden_under_the_sticky_toolbar(
    browser: Browser, base_url: str, viewport: tuple[int, int]
) -> None:
    width, height = viewport
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": height})
    page = context.new_page()
    hidden, stops = [], 0
    for key in ("Tab", "Shift+Tab"):
        # From the first field down, then from the last one up, while focus stays in the page
        # (leaving it would open Material's search, which covers the page on a phone).
        page.goto("cqp-mini/dossier/")
        page.wait_for_load_state("load")
        fields = page.locator(".reponse")
        assert fields.count() >= 3
        (fields.first if key == "Tab" else fields.last).focus()
        for _ in range(60):
            page.keyboard.press(key)
            if not page.evaluate("() => !!document.activeElement.closest('article')"):
                break
            stops += 1
            problem = page.evaluate(HIDDEN)
            if problem:
                hidden.append(f"{key} → {problem}")
    stuck = page.locator(".reponses-outils").evaluate("e => getComputedStyle(e).position")
    context.close()
    assert stuck == "sticky"
    assert stops > 10
    assert hidden == [], "\n".join(hidden)
