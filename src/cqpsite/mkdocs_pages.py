"""The MkDocs side of generated pages: register them, and serve MkDocs their HTML.

Generated pages are HTML already (``cqpsite.corps``): MkDocs renders no Markdown for them and gets
the HTML, its table of contents and its anchors (so that links from hand-written pages to a
criterion are still validated). Material's search plugin indexes ``page.content`` in
``on_page_context``: the searchable part is put there just before it runs, the whole page after.

``NavCache`` renders navigation that does not depend on the page once per folder.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

from cqpsite.corps import Ancres, Corps, Differe, Entete, prepare
from cqpsite.fichiers_generes import Source, generated_files
from cqpsite.relative_links import folder, item_urls, leads_below
from cqpsite.site import Site, clashes


def origin(file: File, config: MkDocsConfig) -> str:
    """How messages name a file MkDocs found: ``docs/a-propos.md``, or a theme's file."""
    docs = Path(config.docs_dir)
    if file.abs_src_path and Path(file.abs_src_path).is_relative_to(docs):
        return f"{docs.name}/{file.src_uri}"
    return f"thème {file.src_uri}"


class GeneratedPages:
    """Event handlers for one build at a time (``register`` starts over)."""

    def __init__(self) -> None:
        self.sources: set[str] = set()
        self._corps: dict[str, Corps | _Compressed | Differe] = {}
        # Bodies prepared only when their page is rendered, in the process that renders it;
        # front matters read where the pages were generated.
        self._lazy = False
        # Pages that pages link to anchors of (from the pages' links, known before the first
        # page is rendered), or ``_ALL``; None until then.
        self._targets: frozenset[str] | None = None
        self._entetes: Mapping[str, Entete | None] = {}
        # Kept from one build to the next (mkdocs serve): what each page's source gives (its
        # front matter, its prepared body, compressed), reused while the source's hash is equal.
        self._keep = False
        # By page: its source's hash, where its body starts, its front matter, and the source
        # object itself (the same object, which the memo reuses, is not hashed again).
        self._read: dict[str, tuple[bytes, int, dict[str, Any], str]] = {}
        self._prepared: dict[str, tuple[bytes, _Compressed]] = {}

    def register(
        self,
        site: Site,
        files: Files,
        config: MkDocsConfig,
        keep: bool = False,
        lazy: bool = False,
    ) -> list[str]:
        """Add the pages and downloads to ``files``; returns the clashing paths instead, if any
        (``Files.append`` would silently replace a file). With ``keep`` (mkdocs serve), what
        each page's source gives is reused from the previous build while the source is equal.
        With ``lazy`` (no plugin but the known ones reads a page before it is rendered), a
        page's body is prepared as its page is rendered: by the process that renders it
        (``parallel_pages``), never for a page taken from the cache."""
        found = clashes(site, [(f.src_uri, origin(f, config)) for f in files])
        if found:
            return found
        self.sources = {p.src_uri for p in site.pages}
        self._corps = {}
        self._targets = None
        self._keep = keep
        self._lazy = lazy and not keep
        self._entetes = (site.entetes or {}) if self._lazy else {}
        self._read = {k: v for k, v in self._read.items() if keep and k in self.sources}
        self._prepared = {k: v for k, v in self._prepared.items() if keep and k in self.sources}
        included, not_in_nav = InclusionLevel.INCLUDED, InclusionLevel.NOT_IN_NAV
        sources: list[Source] = [
            (p.src_uri, p.contenu, included if p.in_nav else not_in_nav) for p in site.pages
        ]
        sources += [(f.src_uri, f.contenu, InclusionLevel.UNDEFINED) for f in site.fichiers]
        for file in generated_files(config, sources):
            files.append(file)
        return []

    def on_pre_page(self, page: Page, **_: Any) -> Page:
        if self._keep and page.file.src_uri in self.sources:
            page.read_source = functools.partial(self._read_source, page)  # type: ignore[method-assign]
        elif (entete := self._entetes.get(page.file.src_uri)) is not None:
            page.read_source = functools.partial(_read_entete, page, entete)  # type: ignore[method-assign]
        return page

    def _read_source(self, page: Page, config: MkDocsConfig) -> None:
        """``Page.read_source`` for a generated page under serve (no plugin reads sources)."""
        source = page.file.content_string
        uri = page.file.src_uri
        kept = self._read.get(uri)
        if kept is None or kept[3] is not source:
            digest = hashlib.sha1(source.encode()).digest()
            if kept is None or kept[0] != digest:
                markdown, meta = get_data(source)
                kept = (digest, len(source) - len(markdown), meta, source)
            self._read[uri] = (*kept[:3], source)
        page.markdown, page.meta = source[kept[1] :], copy.deepcopy(kept[2])

    def on_page_markdown(self, markdown: str, page: Page, **_: Any) -> str:
        """A generated page's body is HTML already: MkDocs' Markdown rendering (a Markdown
        instance built per page, then a pass over the HTML) is replaced for that page only."""
        uri = page.file.src_uri
        if uri not in self.sources:
            return markdown
        corps: Corps | _Compressed | Differe
        read = self._read.get(uri) if self._keep else None
        kept = self._prepared.get(uri)
        if self._lazy:
            corps = Differe(markdown)
        elif read is not None and kept is not None and kept[0] == read[0]:
            corps = kept[1]  # opened only if the page is rendered (cache_pages)
        else:
            corps = prepare(markdown)
            if read is not None:  # keyed by its source's hash, taken by _read_source
                self._prepared[uri] = (read[0], _Compressed.of(corps))
        self._corps[uri] = corps
        page.render = functools.partial(_render, page, corps)  # type: ignore[method-assign]
        return ""

    @event_priority(50)  # before Material's search plugin (priority 0)
    def _show_searchable_part(self, /, context: Any, page: Page, **_: Any) -> Any:
        corps = self._corps.get(page.file.src_uri)
        if isinstance(corps, _Compressed):
            corps = self._corps[page.file.src_uri] = corps.corps()
        elif isinstance(corps, Differe):
            differe = corps
            anchors = self._linked(context, page.file.src_uri)
            corps = self._corps[page.file.src_uri] = differe.corps(anchors)
            _render(page, corps)
            if not anchors:  # none asked for (an error if one is)
                page.present_anchor_ids = Ancres(differe)  # type: ignore[assignment]
        if corps is not None:
            page.content = corps.recherche
        return context

    def _linked(self, context: Any, uri: str) -> bool:
        """Whether a page links to an anchor of the page ``uri`` (MkDocs checks those links
        after every page is rendered: only then are its anchors needed)."""
        if self._targets is None:
            self._targets = _anchor_targets(context.get("pages"))
        return self._targets is _ALL or uri in self._targets

    @event_priority(-50)  # after it
    def _show_whole_page(self, /, context: Any, page: Page, **_: Any) -> Any:
        corps = self._corps.pop(page.file.src_uri, None)
        if isinstance(corps, Corps):
            page.content = corps.html
        return context

    on_page_context: Callable[..., Any] = CombinedEvent(_show_searchable_part, _show_whole_page)


@dataclass(frozen=True)
class _Compressed:
    html: bytes
    recherche: bytes
    toc: list[dict[str, Any]]
    ancres: frozenset[str]

    @staticmethod
    def of(corps: Corps) -> _Compressed:
        html, recherche = (zlib.compress(t.encode(), 1) for t in (corps.html, corps.recherche))
        return _Compressed(html, recherche, corps.toc, corps.ancres)

    def corps(self) -> Corps:
        html, recherche = (zlib.decompress(b).decode() for b in (self.html, self.recherche))
        return Corps(html, recherche, self.toc, self.ancres)


def _render(
    page: Page, corps: Corps | _Compressed | Differe, config: Any = None, files: Any = None
) -> None:
    """What ``Page.render`` leaves on the page, from HTML instead of Markdown. A body kept
    compressed from the previous build (serve), or not prepared yet, is set on the page only
    when its context is built (``on_page_context``): no other event reads it then, and a page
    reused from ``cache_pages`` never needs it."""
    if isinstance(corps, Differe):
        page.content = ""
        page.toc = get_toc([])
        page.present_anchor_ids = Ancres(corps)  # type: ignore[assignment]
        return
    page.content = corps.html if isinstance(corps, Corps) else ""
    page.toc = get_toc(corps.toc)  # type: ignore[arg-type]
    page.present_anchor_ids = set(corps.ancres)  # validates links from hand-written pages


_ALL: frozenset[str] = frozenset({"*"})


def _anchor_targets(files: Any) -> frozenset[str]:
    """The pages that ``files`` (MkDocs' pages) link to anchors of; ``_ALL`` if unknown."""
    if not isinstance(files, Sequence):
        return _ALL
    targets: set[str] = set()
    for file in files:
        page = getattr(file, "page", None)
        links = getattr(page, "links_to_anchors", None) or {}
        if not isinstance(links, Mapping):
            return _ALL
        targets.update(getattr(target, "src_uri", "*") for target in links)
    return _ALL if "*" in targets else frozenset(targets)


def _read_entete(page: Page, entete: Entete, config: MkDocsConfig) -> None:
    """``Page.read_source`` for a generated page whose front matter was read beforehand (no
    plugin but the known ones: none reads sources)."""
    page.markdown, page.meta = page.file.content_string[entete[0] :], copy.deepcopy(entete[1])


class NavCache:
    """The theme's navigation, rendered once per folder where it does not depend on the page
    (the engine theme's ``partials/nav.html`` and ``nav-item.html`` call it).

    A page outside the navigation has no active item: its whole navigation is the same as a
    sibling's. On any page, an item outside the active path is the same on every page of the
    folder. Both hold because relative links from pages of one folder are the same, except to
    addresses below the page itself: items leading there are rendered for the page.
    """

    def __init__(self) -> None:
        self._html: dict[tuple[Any, ...], Markup] = {}
        self._nav_urls: list[str] = []  # every address of the navigation, sorted
        self._urls: dict[int, list[str]] = {}  # the same, per item

    def on_nav(self, nav: Navigation, **_: Any) -> Navigation:
        self._html = {}
        self._urls = {}
        self._nav_urls = sorted(u for item in nav.items for u in item_urls(item))
        return nav

    def on_env(self, env: Environment, **_: Any) -> Environment:
        env.globals["nav_cache"] = self
        return env

    def __call__(self, url: str, render: Callable[[], str]) -> Markup | str:
        """The whole navigation of a page outside it."""
        if leads_below(self._nav_urls, url):
            return render()
        return self._cached(("page", folder(url)), render)

    def item(
        self, render: Callable[..., str], item: Any, path: str, level: int, parent: Any, url: str
    ) -> Markup | str:
        """One item outside the active path, for the page at ``url``."""
        urls = self._urls.get(id(item))
        if urls is None:
            urls = self._urls[id(item)] = sorted(item_urls(item))
        if leads_below(urls, url):
            return render(item, path, level, parent)
        key = ("item", id(item), path, level, folder(url))
        return self._cached(key, lambda: render(item, path, level, parent))

    def _cached(self, key: tuple[Any, ...], render: Callable[[], str]) -> Markup:
        if key not in self._html:
            self._html[key] = Markup(render())
        return self._html[key]
