"""Material's primary navigation (``partials/nav.html``) rendered in Python, byte for byte.

Material renders it with recursive Jinja macros on every page, and on a large site they were the
costliest part of each page. ``Menu`` writes the same bytes for the navigation features the
engine's sites use (``navigation.sections``, ``navigation.prune``) and renders the items
outside the page's active path once per folder. With any other navigation feature, items Material
decorates (icons, subtitles, status, typeset titles) or a site's own ``nav-item.html``, it
returns nothing and the theme renders the navigation with its templates.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateNotFound
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from cqpsite.menu_items import TOP, ItemRenderer
from cqpsite.relative_links import folder, item_urls, leads_below

ITEM = Path(__file__).parent / "theme" / "partials" / "nav-item.html"
# Features that change the navigation in ways this renderer does not reproduce.
UNSUPPORTED = ("navigation.tabs", "navigation.indexes", "navigation.expand", "toc.integrate")
# Page metadata and item attributes that Material's nav-item.html turns into more markup.
DECORATIONS = ("icon", "subtitle", "status")


class Menu:
    """``nav_menu`` in the engine theme's ``nav.html``: the navigation of a page, or ``""``."""

    def __init__(self) -> None:
        self._nav: Navigation | None = None
        self._config: MkDocsConfig | None = None
        self._usable: bool | None = None
        self.sections = self.prune = False
        self.html: dict[tuple[Any, ...], str] = {}
        self._urls: dict[int, list[str]] = {}
        self._runs: dict[int, list[tuple[str, int]]] = {}  # by list owner: (address, item)
        self._head_urls: list[str] = []
        self._item_is_ours = False

    def on_nav(self, nav: Navigation, **_: Any) -> Navigation:
        self._nav, self._usable, self.html, self._urls, self._runs = nav, None, {}, {}, {}
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, **_: Any) -> Environment:
        self._config, self._usable, self.html = config, None, {}
        env.globals["nav_menu"] = self
        loader = env.loader
        try:
            found = loader.get_source(env, "partials/nav-item.html")[1] if loader else None
        except TemplateNotFound:  # the templates' path reports it
            found = None
        self._item_is_ours = found is not None and Path(found) == ITEM
        return env

    def __call__(self, page: Any, head: Callable[[], str], toc: Callable[[], str]) -> str:
        """The navigation ``nav.html`` renders for ``page``, from its macros ``head`` (the part
        before the items) and ``toc`` (Material's ``toc.html``); ``""``: use the templates."""
        nav = self._nav
        if not isinstance(page, Page) or nav is None or not self._ready(nav):
            return ""
        render = ItemRenderer(self, page, toc)
        url = page.url
        key = ("head", folder(url))
        below = leads_below(self._head_urls, url)  # its links differ from its folder's
        html = None if below else self.html.get(key)
        if html is None:
            html = str(head())
            if not below:
                self.html[key] = html
        items = render.items(nav, nav.items, "__nav", 1, TOP)
        return "".join((html, items, "\n  </ul>\n</nav>\n"))

    def _ready(self, nav: Navigation) -> bool:
        if self._usable is None:
            config = self._config
            features = (config.theme.get("features") or []) if config else []
            self.sections = "navigation.sections" in features
            self.prune = "navigation.prune" in features
            self._usable = (
                config is not None
                and self._item_is_ours
                and not any(f in features for f in UNSUPPORTED)
                and all(_plain(item) for item in nav.items)
            )
            if config is not None:
                homepage = config.extra.get("homepage") or (nav.homepage and nav.homepage.url)
                logo = config.theme.get("logo")
                self._head_urls = sorted(u for u in (homepage, logo) if isinstance(u, str))
        return self._usable

    def urls(self, item: Any) -> list[str]:
        """The sorted addresses that ``item`` links to."""
        urls = self._urls.get(id(item))
        if urls is None:
            urls = self._urls[id(item)] = sorted(item_urls(item))
        return urls

    def run_leads_below(
        self, owner: Any, items: Sequence[Any], start: int, end: int, url: str
    ) -> bool:
        """Whether ``items[start:end]`` (``owner``'s list) link to ``url`` or below it. Each
        list's addresses are sorted once, with the position of the item they come from:
        sorting each run's own (one for each position of the active item) cost more."""
        pairs = self._runs.get(id(owner))
        if pairs is None:
            pairs = self._runs[id(owner)] = sorted(
                (u, i) for i, item in enumerate(items) for u in item_urls(item)
            )
        at = bisect.bisect_left(pairs, (url,))
        while at < len(pairs) and pairs[at][0].startswith(url):
            if start <= pairs[at][1] < end:
                return True
            at += 1
        return False

    def cached(self, item: Any, path: str, page_url: str, render: Callable[[], str]) -> str:
        """An item outside the active path: the same on every page of a folder, except for
        links to addresses below the page itself (relative links differ there)."""
        if leads_below(self.urls(item), page_url):
            return render()
        key = (id(item), path, folder(page_url))
        html = self.html.get(key)
        if html is None:
            html = self.html[key] = render()
        return html


def _plain(item: Any) -> bool:
    """Whether nav-item.html renders ``item`` and its children as ``ItemRenderer`` does."""
    if getattr(item, "typeset", None) or hasattr(item, "pages") or getattr(item, "encrypted", 0):
        return False
    if isinstance(item, Section):
        return bool(item.children) and all(_plain(child) for child in item.children)
    if isinstance(item, Page):
        meta = item.meta or {}
        return not item.children and not any(meta.get(key) for key in DECORATIONS)
    return isinstance(item, Link) and not item.children
