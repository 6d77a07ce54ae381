"""Material's base.html rendered once per depth around the page's blocks (cqpsite.cadres) gives
the bytes of Jinja's whole rendering, and gives way to it where it cannot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, build_project, make_project
from cqpsite.cadres import Cadres


def _site_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _build_both(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[dict[str, bytes], dict[str, bytes], int]:
    """The site built with and without ``Cadres`` (nothing else changed), and how many pages
    it rendered."""
    count = [0]
    original = Cadres._render

    def counting(self: Cadres, *args: Any) -> str:
        count[0] += 1
        return original(self, *args)

    monkeypatch.setattr(Cadres, "_render", counting)
    fast = _site_files(build_project(root, tmp_path / "fast"))
    monkeypatch.setattr(Cadres, "on_env", lambda self, env, config: None)
    stock = _site_files(build_project(root, tmp_path / "stock"))
    return fast, stock, count[0]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def _assert_same(fast: dict[str, bytes], stock: dict[str, bytes]) -> None:
    assert sorted(fast) == sorted(stock)
    for name in sorted(fast):
        assert fast[name] == stock[name], name


def test_pages_have_the_bytes_of_the_whole_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages of several depths, a page under ``assets/`` (links to Material's assets differ
    there), a page hiding its sidebars, a page without headings, features that make the footer
    depend on the page, the site's own styles and an announcement-free banner setting."""
    monkeypatch.setenv("CQPSITE_DOCUMENTS", "0")
    root = make_project(tmp_path, FIXTURES / "mini" / "referentiels")
    docs = root / "docs"
    (docs / "assets").mkdir(exist_ok=True)
    (docs / "assets" / "guide.md").write_text("Texte.\n", "utf-8")  # no heading: no skip link
    (docs / "autre").mkdir()
    (docs / "autre" / "page.md").write_text("Texte.\n", "utf-8")  # as deep, the same
    (docs / "cache.md").write_text(
        "---\nhide:\n  - navigation\n  - toc\ndescription: Page « cachée »\n---\nSans titre.\n",
        "utf-8",
    )
    (docs / "propre.css").write_text("p { margin: 0 }\n", "utf-8")
    config = root / "mkdocs.yml"
    _edit(config, "    - navigation.prune\n", "    - navigation.prune\n    - navigation.footer\n")
    _edit(
        config,
        "theme:\n",
        "extra_css:\n  - propre.css\nextra:\n  version:\n    provider: mike\ntheme:\n",
    )
    fast, stock, rendered = _build_both(root, tmp_path, monkeypatch)
    _assert_same(fast, stock)
    pages = [n for n in fast if b'data-md-component="skip"' in fast[n]]  # MkDocs' pages
    assert rendered == len(pages) - 2 >= 10  # every page but the home page and 404.html
    guide = fast["assets/guide/index.html"].decode()
    assert '<link rel="stylesheet" href="../stylesheets/main.' in guide
    footer = fast["cqp-mini/index.html"].decode()
    assert 'class="md-footer__link md-footer__link--next"' in footer
    assert '<link rel="stylesheet" href="../propre.css">' in footer


def test_the_search_configuration_and_styles_follow_the_pages_depth(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CQPSITE_DOCUMENTS", "0")
    root = make_project(tmp_path, FIXTURES / "mini" / "referentiels")
    fast, stock, rendered = _build_both(root, tmp_path, monkeypatch)
    _assert_same(fast, stock)
    assert rendered >= 8
    for name, base in (
        ("a-propos/index.html", ".."),
        ("cqp-mini/capacites/c1/index.html", "../../.."),
    ):
        html = fast[name].decode()
        assert f'"base": "{base}"' in html
        assert f'<link rel="stylesheet" href="{base}/assets/stylesheets/main.' in html


def test_a_sites_own_main_template_is_rendered_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site's own main.html may show the page anywhere: Jinja renders it whole."""
    monkeypatch.setenv("CQPSITE_DOCUMENTS", "0")
    root = make_project(tmp_path, FIXTURES / "mini" / "referentiels")
    (root / "overrides").mkdir(exist_ok=True)
    (root / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}{% block styles %}{{ super() }}'
        "<!-- styles de {{ page.title }} -->{% endblock %}",
        "utf-8",
    )
    _edit(root / "mkdocs.yml", "  font: false\n", "  font: false\n  custom_dir: overrides\n")
    fast, stock, rendered = _build_both(root, tmp_path, monkeypatch)
    _assert_same(fast, stock)
    assert rendered == 0
    assert "<!-- styles de À propos -->" in fast["a-propos/index.html"].decode()


def test_a_sites_own_footer_partial_is_rendered_on_every_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CQPSITE_DOCUMENTS", "0")
    root = make_project(tmp_path, FIXTURES / "mini" / "referentiels")
    (root / "overrides" / "partials").mkdir(parents=True)
    (root / "overrides" / "partials" / "copyright.html").write_text(
        "<p>Pied de {{ page.title }}</p>", "utf-8"
    )
    _edit(root / "mkdocs.yml", "  font: false\n", "  font: false\n  custom_dir: overrides\n")
    fast, stock, rendered = _build_both(root, tmp_path, monkeypatch)
    _assert_same(fast, stock)
    assert rendered == 0
    assert "<p>Pied de À propos</p>" in fast["a-propos/index.html"].decode()


@pytest.mark.parametrize(("path_feature", "edit"), [(False, False), (False, True), (True, False)])
def test_the_content_block_is_the_templates_for_every_kind_of_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path_feature: bool, edit: bool
) -> None:
    """What content.html's includes read (cqpsite.contenus): a page without ``<h1`` (its title),
    an edit address (``repo_url`` and the edit and view actions), dates and ``hide`` in the
    front matter, a page without front matter; with ``navigation.path`` the container block
    reads the page and is rendered on each page."""
    monkeypatch.setenv("CQPSITE_DOCUMENTS", "0")
    root = make_project(tmp_path, FIXTURES / "mini" / "referentiels")
    docs = root / "docs"
    (docs / "sans-titre.md").write_text("Pas de titre, seulement du texte.\n", "utf-8")
    (docs / "autre-sans-titre.md").write_text("Autre texte.\n", "utf-8")
    (docs / "date.md").write_text(
        "---\nrevision_date: 2026-01-02\nhide:\n  - tags\n  - feedback\n---\n# Daté\n\nT.\n",
        "utf-8",
    )
    (docs / "avec-entete.md").write_text("---\ndescription: D\n---\n# Titre\n\nT.\n", "utf-8")
    (docs / "sans-entete.md").write_text("# Titre\n\nT.\n", "utf-8")
    (docs / "creee.md").write_text(
        "---\ngit_creation_date_localized: 3 janvier 2026\n---\n# Créée\n\nT.\n", "utf-8"
    )
    config = root / "mkdocs.yml"
    features = "    - navigation.prune\n    - content.action.edit\n    - content.action.view\n"
    if path_feature:
        features += "    - navigation.path\n"
    _edit(config, "    - navigation.prune\n", features)
    if edit:
        _edit(
            config,
            "theme:\n",
            "repo_url: https://example.org/depot\nedit_uri: edit/main/docs/\ntheme:\n",
        )
    fast, stock, rendered = _build_both(root, tmp_path, monkeypatch)
    _assert_same(fast, stock)
    assert rendered >= 12
    untitled = fast["sans-titre/index.html"].decode()
    assert "<h1>Sans titre</h1>" in untitled
    edit_link = 'href="https://example.org/depot/edit/main/docs/sans-titre.md"'
    assert (edit_link in untitled) is edit
    assert "2026-01-02" in fast["date/index.html"].decode()
    assert "3 janvier 2026" in fast["creee/index.html"].decode()
