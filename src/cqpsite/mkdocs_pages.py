"""The MkDocs side of generated pages: register them, and serve MkDocs their HTML.

Generated pages are HTML already (``cqpsite.corps``): MkDocs renders no Markdown for them and gets
the HTML, its table of contents and its anchors (so that links from hand-written pages to a
criterion are still validated). Material's search plugin indexes ``page.content`` in
``on_page_context``: the searchable part is put there just before it runs, the whole page after.

``NavCache`` renders the navigation of pages outside it (capacités, archives) once per folder.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from cqpsite.corps import Corps, prepare
from cqpsite.site import Site, clashes


class GeneratedPages:
    """Event handlers for one build at a time (``register`` starts over)."""

    def __init__(self) -> None:
        self.sources: set[str] = set()
        self._corps: dict[str, Corps] = {}

    def register(self, site: Site, files: Files, config: MkDocsConfig) -> list[str]:
        """Add the pages and downloads to ``files``; returns the clashing paths instead, if any
        (``Files.append`` would silently replace a file)."""
        found = clashes(site, lambda uri: files.get_file_from_path(uri) is not None)
        if found:
            return found
        self.sources = {p.src_uri for p in site.pages}
        self._corps = {}
        for page in site.pages:
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(
                File.generated(config, page.src_uri, content=page.contenu, inclusion=inclusion)
            )
        for fichier in site.fichiers:
            files.append(File.generated(config, fichier.src_uri, content=fichier.contenu))
        return []

    def on_page_markdown(self, markdown: str, page: Page, **_: Any) -> str:
        """A generated page's body is HTML already: MkDocs' Markdown rendering (a Markdown
        instance built per page, then a pass over the HTML) is replaced for that page only."""
        if page.file.src_uri not in self.sources:
            return markdown
        corps = prepare(markdown)
        self._corps[page.file.src_uri] = corps
        page.render = functools.partial(_render, page, corps)  # type: ignore[method-assign]
        return ""

    @event_priority(50)  # before Material's search plugin (priority 0)
    def _show_searchable_part(self, /, context: Any, page: Page, **_: Any) -> Any:
        corps = self._corps.get(page.file.src_uri)
        if corps is not None:
            page.content = corps.recherche
        return context

    @event_priority(-50)  # after it
    def _show_whole_page(self, /, context: Any, page: Page, **_: Any) -> Any:
        corps = self._corps.pop(page.file.src_uri, None)
        if corps is not None:
            page.content = corps.html
        return context

    on_page_context: Callable[..., Any] = CombinedEvent(_show_searchable_part, _show_whole_page)


def _render(page: Page, corps: Corps, config: MkDocsConfig, files: Files) -> None:
    """What ``Page.render`` leaves on the page, from HTML instead of Markdown."""
    page.content = corps.html
    page.toc = get_toc(corps.toc)  # type: ignore[arg-type]
    page.present_anchor_ids = set(corps.ancres)  # validates links from hand-written pages


class NavCache:
    """The theme's navigation for pages outside it, rendered once per folder
    (``overrides/partials/nav.html`` calls it).

    Such a page has no active item, so its navigation differs from a sibling's only through
    relative links, which are the same from every page of one folder, unless a navigation page
    lies below the page itself: those pages are rendered normally.
    """

    def __init__(self) -> None:
        self._html: dict[str, Markup] = {}
        self._under_nav_pages: set[str] = set()

    def on_nav(self, nav: Navigation, **_: Any) -> Navigation:
        self._html = {}
        self._under_nav_pages = {
            url[: i + 1] for p in nav.pages for url in [p.url] for i in _slashes(url)
        }
        return nav

    def on_env(self, env: Environment, **_: Any) -> Environment:
        env.globals["nav_cache"] = self
        return env

    def __call__(self, url: str, render: Callable[[], str]) -> Markup | str:
        if url in self._under_nav_pages:
            return render()
        folder = url.rstrip("/").rpartition("/")[0]
        if folder not in self._html:
            self._html[folder] = Markup(render())
        return self._html[folder]


def _slashes(url: str) -> list[int]:
    return [i for i, char in enumerate(url) if char == "/"]
