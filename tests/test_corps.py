"""Generated pages reach MkDocs as HTML: what is shown, indexed, listed in the TOC, anchored."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conftest import REELS
from cqpsite.corps import (
    EN_RECHERCHE,
    HORS_RECHERCHE,
    SEULE_RECHERCHE,
    Ancres,
    Differe,
    prepare,
    split_search,
)

OFF, ON = HORS_RECHERCHE, EN_RECHERCHE


def test_marked_regions_are_shown_but_not_searched_and_may_nest() -> None:
    body = f"<p>a</p>{OFF}<p>b</p>{OFF}<p>c</p>{ON}<p>d</p>{ON}<p>e</p>"
    shown, searched = split_search(body)
    assert shown == "<p>a</p><p>b</p><p>c</p><p>d</p><p>e</p>"
    assert searched == "<p>a</p><p>e</p>"


@pytest.mark.parametrize("body", [f"{OFF}<p>x</p>", f"<p>x</p>{ON}", f"{ON}{OFF}"])
def test_unbalanced_markers_are_refused(body: str) -> None:
    with pytest.raises(ValueError, match="marqueur de recherche"):
        split_search(body)


def _h(level: int, ident: str, text: str) -> str:
    return (
        f'<h{level} id="{ident}">{text}<a class="headerlink" href="#{ident}">&para;</a></h{level}>'
    )


def test_toc_nests_headings_and_keeps_names_escaped() -> None:
    body = "\n".join(
        [
            "<h1>Titre</h1>",
            _h(2, "a", "A &lt;b&gt;"),
            _h(3, "a1", "<em>A1</em>"),
            _h(4, "a11", "A11"),
            _h(2, "b", "B"),
            _h(4, "b1", "B1 saute un niveau"),
            '<li id="critere-x">x</li>',
            '<p data-id="pas-une-ancre">y</p><div class="z"\nid="sur-une-ligne">z</div>',
        ]
    )
    corps = prepare(body)
    assert [(t["id"], t["name"]) for t in corps.toc] == [("a", "A &lt;b&gt;"), ("b", "B")]
    a, b = corps.toc
    assert [t["id"] for t in a["children"]] == ["a1"]
    assert [t["id"] for t in a["children"][0]["children"]] == ["a11"]
    assert a["children"][0]["name"] == "A1"
    assert [t["id"] for t in b["children"]] == ["b1"]
    assert corps.ancres == {"a", "a1", "a11", "b", "b1", "critere-x", "sur-une-ligne"}


def _sections(html: str) -> list[tuple[str | None, str, str]]:
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(html)
    parser.close()
    return [
        (s.id, "".join(s.title), " ".join("".join(s.text).split()))
        for s in parser.data
        if not s.is_excluded()
    ]


def test_what_search_reads_is_trimmed_without_changing_the_index() -> None:
    """The searchable part loses attributes, inline tags and permalink signs before Material's
    parser reads it: every section keeps its ID, title and text."""
    from mkdocs.utils.meta import get_data

    from cqpsite.site import build_site

    site = build_site(REELS, 0, None, False, "https://exemple.org/")
    assert len(site.pages) > 20
    for page in site.pages:
        body, _ = get_data(page.contenu)
        trimmed = prepare(body).recherche
        assert len(trimmed) < len(split_search(body)[1]), page.src_uri
        assert _sections(trimmed) == _sections(split_search(body)[1]), page.src_uri


def test_referentials_loaded_and_published_on_several_processes_are_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cqpsite import parallel, site

    pools: list[int] = []
    real_pool = parallel.ProcessPoolExecutor

    def counting_pool(count: int, **kwargs: object) -> object:
        pools.append(count)
        return real_pool(count, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", counting_pool)
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    alone = site.build_site(REELS, 0, None, False, "https://exemple.org/")
    assert pools == []
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    shared = site.build_site(REELS, 0, None, False, "https://exemple.org/")
    assert pools == [2, 2]  # loading, then publishing
    assert shared == alone


def test_search_only_regions_are_searched_but_not_shown() -> None:
    only = SEULE_RECHERCHE
    body = f'<li id="x">{only}<h4 id="x">Critère X</h4>{ON}<p>a</p>{OFF}<p>b</p>{ON}</li>'
    shown, searched = split_search(body)
    assert shown == '<li id="x"><p>a</p><p>b</p></li>'
    assert searched == '<li id="x"><h4 id="x">Critère X</h4><p>a</p></li>'
    with pytest.raises(ValueError, match="ouvert sans fermeture"):
        split_search(f"{only}<p>x</p>")


def test_a_deferred_body_is_prepared_once_and_keeps_its_anchors() -> None:
    body = _h(2, "a", "A") + '<p id="b">b</p>'
    differe = Differe(body)
    ancres = Ancres(differe)
    assert "b" in ancres and "c" not in ancres and sorted(ancres) == ["a", "b"]  # prepared
    assert differe.corps() == prepare(body)
    assert "a" in ancres and len(ancres) == 2  # the body is gone, its anchors stay
    with pytest.raises(RuntimeError, match="déjà préparé"):
        differe.corps()


def test_a_body_no_link_leads_to_is_prepared_without_its_anchors() -> None:
    body = _h(2, "a", "A") + '<p id="b">b</p>'
    assert prepare(body, anchors=False) == replace(prepare(body), ancres=frozenset())
    differe = Differe(body)
    assert differe.corps(anchors=False).ancres == frozenset()
    with pytest.raises(RuntimeError, match="aucun lien n’y menait"):
        "a" in Ancres(differe)  # noqa: B015
    known = Differe(body)
    assert "b" in Ancres(known)  # asked before the page is rendered: kept
    assert known.corps(anchors=False) == prepare(body)
