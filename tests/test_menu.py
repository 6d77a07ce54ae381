"""The navigation rendered in Python (cqpsite.menu) and the search entries parsed faster
(cqpsite.indexation) give the bytes of Material's templates and search plugin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment

from conftest import FIXTURES, REELS, build_project, make_project
from cqpsite import indexation
from cqpsite.cadres import Cadres
from cqpsite.fragments import Fragments, Translations
from cqpsite.menu import Menu
from cqpsite.mkdocs_pages import NavCache
from test_build import _many_referentiels


def _site_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _build_both(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[dict[str, bytes], dict[str, bytes], int]:
    """The site built with the Python navigation and search parsing, then with Material's
    templates and parser alone (no engine cache of the navigation either); and how many pages
    got their navigation from Python."""
    shown = [0]
    original = Menu.__call__

    def counting(self: Menu, *args: Any) -> str:
        html = original(self, *args)
        shown[0] += bool(html)
        return html

    monkeypatch.setattr(Menu, "__call__", counting)
    replayed, replay = [0, 0], indexation._replay

    def replay_counting(parser: Any, html: str) -> bool:
        done = replay(parser, html)
        replayed[done] += 1
        return done

    monkeypatch.setattr(indexation, "_replay", replay_counting)
    fast = _site_files(build_project(root, tmp_path / "fast"))
    # Most pages are read by the faster tokenizer (not those with scripts or comments).
    assert replayed[1] > 2 * replayed[0], replayed
    monkeypatch.setattr(Menu, "on_env", lambda self, env, **_: env)
    monkeypatch.setattr(NavCache, "on_env", lambda self, env, **_: env)
    monkeypatch.setattr(indexation, "install", lambda plugins: False)
    monkeypatch.setattr(Translations, "on_env", lambda self, env: None)
    monkeypatch.setattr(Fragments, "on_env", lambda self, env, config: None)
    monkeypatch.setattr(Cadres, "on_env", lambda self, env, config: None)
    stock = _site_files(build_project(root, tmp_path / "stock"))
    return fast, stock, shown[0]


def _assert_same(fast: dict[str, bytes], stock: dict[str, bytes]) -> None:
    assert sorted(fast) == sorted(stock)
    pages = [name for name in fast if name.endswith(".html")]
    assert len(pages) > 5
    for name in sorted(fast):
        assert fast[name] == stock[name], name


@pytest.mark.parametrize("fixture", ["reels", "mini", "versions", "seize"])
def test_every_page_has_the_navigation_of_materials_templates(
    fixture: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CQPSITE_DOCUMENTS", "0")
    if fixture == "seize":  # grouped referentials, pages outside the navigation
        referentiels = _many_referentiels(tmp_path / "referentiels", 16)
    else:
        referentiels = REELS if fixture == "reels" else FIXTURES / fixture / "referentiels"
    root = make_project(tmp_path, referentiels)
    fast, stock, shown = _build_both(root, tmp_path, monkeypatch)
    _assert_same(fast, stock)
    navigated = [name for name in fast if b'data-md-type="navigation"' in fast[name]]
    assert shown == len(navigated) - 1  # 404.html, rendered without a page: the templates
    assert shown >= 10


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.mark.parametrize(
    ("change", "python"),
    [
        ("    - navigation.prune\n", True),  # without pruning: every item in full
        ("    - navigation.sections\n", True),
        ("    - navigation.prune\n    - navigation.sections\n", True),
        ("    - navigation.tabs\n    - navigation.prune\n", False),
        ("    - navigation.indexes\n    - navigation.prune\n", False),
        ("    - navigation.expand\n    - navigation.prune\n", False),
        ("icon", False),  # a page's icon in the navigation
        ("logo", True),  # the site's own logo in the navigation's head
        ("toc-title", True),  # the site's own title of the tables of contents
    ],
)
def test_other_features_give_the_same_bytes(
    change: str, python: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside what it reproduces, the Python navigation gives way to the templates."""
    monkeypatch.setenv("CQPSITE_DOCUMENTS", "0")
    root = make_project(tmp_path, FIXTURES / "mini" / "referentiels")
    config = root / "mkdocs.yml"
    if change == "icon":
        page = root / "docs" / "a-propos.md"
        page.write_text("---\nicon: material/information\n---\n" + page.read_text("utf-8"))
    elif change == "logo":
        (root / "docs" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
        _edit(config, "  font: false\n", "  font: false\n  logo: logo.svg\n")
    elif change == "toc-title":
        _edit(
            config, "      permalink: true\n", "      permalink: true\n      title: Sur la page\n"
        )
    elif python:  # features removed
        _edit(config, change, "")
    else:
        _edit(config, "    - navigation.prune\n", change)
    fast, stock, shown = _build_both(root, tmp_path, monkeypatch)
    _assert_same(fast, stock)
    assert bool(shown) is python


def test_a_sites_own_nav_item_template_is_used(tmp_path: Path) -> None:
    """A site that overrides nav-item.html gets its own template, not the Python navigation."""
    root = make_project(tmp_path, FIXTURES / "mini" / "referentiels")
    (root / "overrides" / "partials").mkdir(parents=True)
    (root / "overrides" / "partials" / "nav-item.html").write_text(
        "{% macro render(nav_item, path, level, parent) %}<li>{{ nav_item.title }}</li>"
        "{% endmacro %}",
        "utf-8",
    )
    _edit(root / "mkdocs.yml", "  font: false\n", "  font: false\n  custom_dir: overrides\n")
    site = build_project(root)
    home = (site / "index.html").read_text("utf-8")
    assert "<li>Accueil</li>" in home


def test_without_its_environment_the_menu_renders_nothing() -> None:
    menu = Menu()
    menu.on_env(Environment(), config=None)  # type: ignore[arg-type]
    assert menu(None, lambda: "", lambda: "") == ""


def test_header_parts_and_translations_are_rendered_once(tmp_path: Path) -> None:
    from cqpsite import hook

    root = make_project(tmp_path, FIXTURES / "mini" / "referentiels")
    site = build_project(root)
    kept = hook._fragments._html
    assert ("header-end",) in kept
    assert ("header", "cqp-mini/capacites") in kept
    assert kept[("header-end",)] in (site / "cqp-mini" / "index.html").read_text("utf-8")
    assert hook._translations._done["nav"] == "Navigation"
    toc = hook._fragments._toc  # the last page's table of contents, from Python
    assert toc is not None
    assert '<nav class="md-nav md-nav--secondary" aria-label="Table des matières">' in toc[1]


def test_a_sites_own_header_partial_is_rendered_on_every_page(tmp_path: Path) -> None:
    """A site's own search.html may show the page: the header is no longer shared."""
    from cqpsite import hook

    root = make_project(tmp_path, FIXTURES / "mini" / "referentiels")
    (root / "overrides" / "partials").mkdir(parents=True)
    (root / "overrides" / "partials" / "search.html").write_text(
        "<p>Recherche dans {{ page.title }}</p>", "utf-8"
    )
    _edit(root / "mkdocs.yml", "  font: false\n", "  font: false\n  custom_dir: overrides\n")
    site = build_project(root)
    assert not hook._fragments._html
    assert "<p>Recherche dans À propos</p>" in (site / "a-propos" / "index.html").read_text()


def test_header_language_toc_partials_still_copy_the_installed_materials() -> None:
    """The engine's header.html, language.html and toc.html copy Material's partials, cut in macros: a
    Material upgrade that changes them must update the copies."""
    import material

    from cqpsite.fragments import THEME

    def read(folder: Path, name: str) -> str:
        return (folder / "partials" / name).read_text("utf-8").split("-#}\n", 1)[1]

    stock = Path(material.__file__).parent / "templates"
    ours = read(THEME, "header.html")
    before = ours.split("{% macro before() %}", 1)[1].split("{% endmacro %}", 1)[0]
    after = ours.split("{%- macro after() %}", 1)[1].split("{% endmacro %}", 1)[0]
    title = ours.split("{% endif -%}\n", 1)[1].split("\n{%- if", 1)[0]
    assert before + title + after + "\n" == read(stock, "header.html")
    language = read(THEME, "language.html").replace("stock_t(key)", "t(key)")
    assert language.startswith(read(stock, "language.html"))
    toc = read(THEME, "toc.html").split("{% macro stock() %}", 1)[1].split("{% endmacro -%}")[0]
    assert toc + "\n" == read(stock, "toc.html")


def test_items_linking_below_the_page_are_rendered_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site's own navigation where a section the page is not in links below the page: the
    run of items around the active one is not shared with the folder there."""
    monkeypatch.setenv("CQPSITE_DOCUMENTS", "0")
    root = make_project(tmp_path, FIXTURES / "mini" / "referentiels")
    docs = root / "docs"
    (docs / "guide").mkdir()
    (docs / "guide.md").write_text("# Guide\n\nTexte.\n", "utf-8")
    (docs / "guide" / "detail.md").write_text("# Détail\n\nTexte.\n", "utf-8")
    (docs / "autre.md").write_text("# Autre\n\nTexte.\n", "utf-8")
    nav = (
        "nav:\n  - Accueil: index.md\n  - Guide: guide.md\n  - Autre: autre.md\n"
        "  - Plus:\n    - Détail: guide/detail.md\n    - À propos: a-propos.md\n"
        "  - Référentiel: cqp-mini/index.md\n"
    )
    _edit(root / "mkdocs.yml", "theme:\n", nav + "theme:\n")
    fast, stock, shown = _build_both(root, tmp_path, monkeypatch)
    _assert_same(fast, stock)
    assert shown >= 4
    guide = fast["guide/index.html"].decode()
    assert '<a href="detail/" class="md-nav__link">' in guide
