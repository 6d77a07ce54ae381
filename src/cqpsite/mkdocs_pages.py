"""The MkDocs side of generated pages: register them, and serve MkDocs their HTML.

Generated pages are HTML already (``cqpsite.corps``): MkDocs gets an empty Markdown source, then
the HTML, its table of contents and its anchors (so that links from hand-written pages to a
criterion are still validated). Material's search plugin indexes ``page.content`` in
``on_page_context``: the searchable part is put there just before it runs, the whole page after.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
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
        if page.file.src_uri not in self.sources:
            return markdown
        self._corps[page.file.src_uri] = prepare(markdown)
        return ""

    def on_page_content(self, html: str, page: Page, **_: Any) -> str:
        corps = self._corps.get(page.file.src_uri)
        if corps is None:
            return html
        page.toc = get_toc(corps.toc)  # type: ignore[arg-type]
        page.present_anchor_ids = set(corps.ancres)
        return corps.html

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
