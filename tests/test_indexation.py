"""The search entries parsed by cqpsite.indexation are those of Material's own parsing."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, ClassVar

import pytest
from material.plugins.search.plugin import Parser, SearchIndex

from cqpsite import indexation


def _sections(parser: Any) -> list[tuple[Any, ...]]:
    return [
        (s.el.tag, s.el.attrs, s.depth, s.id, s.title, s.text, s.is_excluded()) for s in parser.data
    ]


def _material(html: str) -> list[tuple[Any, ...]]:
    parser = Parser()
    parser.feed(html)
    parser.close()
    return _sections(parser)


SIMPLE = [
    "",
    "texte seul &amp; entités &eacute; &#233; &lt;b&gt;",
    '<p>Préface</p><h1 id="t">Titre</h1><p>Un  <strong>mot</strong>\n suivi</p>',
    '<h2 id="a">A <a class="headerlink" href="#a" title="Lien">&para;</a></h2><p>x</p>',
    '<h2 id="b" data-search-exclude>B</h2><p>caché</p><h3 id="c">C</h3><p>vu</p>',
    '<div data-search-exclude=""><p>caché</p></div><p>vu<br>après<br/>fin<img src="x"/></p>',
    "<ul>\n<li>un</li>\n<li> </li>\n<li><code>c &lt; d</code></li></ul><pre>  a\n  b </pre>",
    '<section><h2 id="s">Dans une section</h2><p>t</p></section><p>après</p>',
    '<p title="a &quot;b&quot; &gt; c" CLASS="X">Attributs</p><P>Majuscules</P>',
    '<table><tr><td class="linenodiv">1</td><td>code</td></tr></table>',
    '<input type="checkbox" checked disabled><label for="x">Case</label>',
    "<p>fin &amp",
    # Material compares elements by tag: an excluded <div> skips every <div> around the text.
    "<div><div data-search-exclude><p>a</p></div><p>b</p></div><div><p>c</p></div><p>d</p>",
    '<h2 id="x">Titre <code>c</code> <em>e</em></h2><p><code> </code>vide</p><ul><li> </li></ul>',
    '<div><h2 id="n">Imbriqué</h2><p>dans</p></div><p>hors</p><h3 id="m">M</h3><p>m</p>',
    '<h3 id="sans-h1">Sans h1</h3><p>texte</p><h1 id="t">Puis h1</h1>',
    "<pre>  deux\n\n  lignes  </pre><p>  \n  </p><p>a\nb</p>",
    "<object><p>objet</p></object><p>après</p></p></div>",
    "<p><span>non fermé<p>suite</p>",
    # What remains of a page's scripts once their attributes are removed: read when empty.
    '<script></script><h1 id="t">T</h1><p>x</p><style></style><p>y</p>',
    "<SCRIPT></script ><p>x</p>",
]
# HTMLParser reads these in its own ways: left to it.
OTHER = [
    "<p>a<!-- commentaire -->b</p>",
    "<script>if (a < b) {}</script><p>x</p>",
    "<p class='simple'>guillemets simples</p>",
    "<p>a < b</p>",
    "<!doctype html><p>x</p>",
    "<style>p{}</style>",
    "<script></style><p>x</p></script>",
    "<script/><p>x</p>",
    "<p>x</p><script>",
]


@pytest.mark.parametrize("html", SIMPLE + OTHER)
def test_sections_are_materials(html: str) -> None:
    assert _sections(indexation.parse(html)) == _material(html)


@pytest.mark.parametrize(
    ("html", "replayed"), [(h, True) for h in SIMPLE] + [(h, False) for h in OTHER]
)
def test_only_simple_html_is_tokenized_by_the_engine(html: str, replayed: bool) -> None:
    assert indexation._replay(Parser(), html) is replayed


def test_install_replaces_the_search_plugins_parsing_only(monkeypatch: pytest.MonkeyPatch) -> None:
    class Index(SearchIndex):  # type: ignore[misc]
        created: ClassVar[list[tuple[Any, ...]]] = []

        def create_entry_for_section(self, *args: Any) -> None:
            self.created.append(args)

    class Plugin:
        search_index = Index()

    plugins: dict[str, Any] = {"material/search": Plugin(), "autre": object()}
    assert indexation.install(plugins)
    index = Plugin.search_index
    page = SimpleNamespace(meta={}, content='<p>x</p><h2 id="b">B</h2>', toc=[], url="u/")
    index.add_entry_from_context(page)
    assert [(s.id, s.text, url) for s, _, url, _ in index.created] == [
        (None, ["<p>", "x", "</p>"], "u/"),
        ("b", [], "u/"),
    ]
    index.add_entry_from_context(SimpleNamespace(meta={"search": {"exclude": True}}))
    assert len(index.created) == 2
    assert indexation.install({"autre": object()}) is False
    assert indexation.install({"search": object()}) is False
    # Indexing replaced by another plugin (here, a test's wrapper) is left alone.
    monkeypatch.setattr(SearchIndex, "add_entry_from_context", lambda self, page: None)
    assert indexation.install({"material/search": Plugin()}) is False
