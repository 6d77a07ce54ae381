"""Material's primary navigation (``partials/nav.html``) rendered in Python, byte for byte.

Material renders it with recursive Jinja macros on every page, and on a large site they were the
costliest part of each page. ``Menu`` writes the same bytes for the navigation features the
engine's sites use (``navigation.sections``, ``navigation.prune``) and renders an item outside
the page's active path once per folder. With any other navigation feature, items Material
decorates (icons, subtitles, status, typeset titles) or a site's own ``nav-item.html``, it
returns nothing and the theme renders the navigation with its templates.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateNotFound
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

ITEM = Path(__file__).parent / "theme" / "partials" / "nav-item.html"
# Features that change the navigation in ways this renderer does not reproduce.
UNSUPPORTED = ("navigation.tabs", "navigation.indexes", "navigation.expand", "toc.integrate")
# Page metadata and item attributes that Material's nav-item.html turns into more markup.
DECORATIONS = ("icon", "subtitle", "status")

# The text between the tags of Material 9.8's nav-item.html, as Jinja outputs it.
_SPAN = '<span class="md-nav__icon md-icon"></span>'
_ICON = "\n        " + _SPAN + "\n      "
_LINK_END = "\n      </a>\n    </li>\n  "
_SET_TWICE = "\n        \n        \n      "


class Menu:
    """``nav_menu`` in the engine theme's ``nav.html``: the navigation of a page, or ``""``."""

    def __init__(self) -> None:
        self._nav: Navigation | None = None
        self._config: MkDocsConfig | None = None
        self._usable: bool | None = None
        self._sections = self._prune = False
        self._html: dict[tuple[Any, ...], str] = {}
        self._urls: dict[int, list[str]] = {}
        self._head_urls: list[str] = []
        self._item_is_ours = False

    def on_nav(self, nav: Navigation, **_: Any) -> Navigation:
        self._nav, self._usable, self._html, self._urls = nav, None, {}, {}
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, **_: Any) -> Environment:
        self._config, self._usable, self._html = config, None, {}
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
        render = _Render(self, page, toc)
        url = page.url
        key = ("head", folder(url))
        below = leads_below(self._head_urls, url)  # its links differ from its folder's
        html = None if below else self._html.get(key)
        if html is None:
            html = str(head())
            if not below:
                self._html[key] = html
        parts = [html]
        for index, item in enumerate(nav.items, 1):
            parts += ("\n      \n      ", render.item(item, f"__nav_{index}", 1), "\n    ")
        parts.append("\n  </ul>\n</nav>\n")
        return "".join(parts)

    def _ready(self, nav: Navigation) -> bool:
        if self._usable is None:
            config = self._config
            features = (config.theme.get("features") or []) if config else []
            self._sections = "navigation.sections" in features
            self._prune = "navigation.prune" in features
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

    def cached(self, item: Any, path: str, page_url: str, render: Callable[[], str]) -> str:
        """An item outside the active path: the same on every page of a folder, except for
        links to addresses below the page itself (relative links differ there)."""
        urls = self._urls.get(id(item))
        if urls is None:
            urls = self._urls[id(item)] = sorted(item_urls(item))
        if leads_below(urls, page_url):
            return render()
        key = (id(item), path, folder(page_url))
        html = self._html.get(key)
        if html is None:
            html = self._html[key] = render()
        return html


class _Render:
    """Material's nav-item.html macros for one page, for the features ``Menu`` supports."""

    def __init__(self, menu: Menu, page: Page, toc: Callable[[], str]) -> None:
        self.menu, self.page, self.toc = menu, page, toc

    def url(self, target: Any) -> str:
        return normalize_url(str(target), page=self.page)

    def item(self, item: Any, path: str, level: int) -> str:
        if item.active or not self.page.url:
            return self.render(item, path, level)
        return self.menu.cached(item, path, self.page.url, lambda: self.render(item, path, level))

    def render(self, item: Any, path: str, level: int) -> str:
        """Material's macro ``render`` (the engine's ``stock_render``)."""
        active = bool(item.active)
        css = "md-nav__item md-nav__item--active" if active else "md-nav__item"
        out = ["\n  \n  ", "\n    \n  " if active else "", "\n  \n  "]
        if item.children:
            out.append("\n    \n    \n    \n    ")
            is_section = is_pruned = False
            if self.menu._sections:
                is_section = level == 1
                if is_section:
                    css += " md-nav__item--section"
                out += ("\n      ", _SET_TWICE if is_section else "", "\n    ")
            out.append("\n    ")
            if self.menu._prune:
                is_pruned = not is_section and not active
                if is_pruned:
                    css += " md-nav__item--pruned"
                out += ("\n      ", _SET_TWICE if is_pruned else "", "\n    ")
            out += ('\n    <li class="', css, ' md-nav__item--nested">\n      ')
            if is_pruned:
                out += ("\n        ", self.pruned(item, item), "\n      ")
            else:
                out += self.section(item, path, level, active, is_section)
            out.append("\n    </li>\n  ")
        elif item == self.page:
            out += self.current(item, css)
        else:
            out += ('\n    <li class="', css, '">\n      <a href="', self.url(item.url))
            out += ('" class="md-nav__link">\n        ', content(item), _LINK_END)
        out.append("\n")
        return "".join(out)

    def section(
        self, item: Any, path: str, level: int, active: bool, is_section: bool
    ) -> list[str]:
        checked, tabindex = ("checked" if active else ""), ("" if is_section else "0")
        out = [
            "\n        \n        \n        "
            '<input class="md-nav__toggle md-toggle " type="checkbox" id="',
            path,
            '" ',
            checked,
            '>\n        \n          \n          <label class="md-nav__link" for="',
            path,
            '" id="',
            path,
            '_label" tabindex="',
            tabindex,
            '">\n            ',
            content(item),
            "\n            " + _SPAN + "\n          </label>\n        ",
            '\n        <nav class="md-nav" data-md-level="',
            str(level),
            '" aria-labelledby="',
            path,
            '_label" aria-expanded="',
            "true" if active else "false",
            '">\n          <label class="md-nav__title" for="',
            path,
            '">\n            <span class="md-nav__icon md-icon"></span>\n            ',
            title(item),
            '\n          </label>\n          <ul class="md-nav__list" data-md-scrollfix>',
            "\n            ",
        ]
        for index, child in enumerate(item.children, 1):
            rendered = self.item(child, f"{path}_{index}", level + 1)
            out += ("\n              \n" + " " * 16, rendered, "\n              \n            ")
        out.append("\n          </ul>\n        </nav>\n      ")
        return out

    def pruned(self, item: Any, ref: Any) -> str:
        first = item.children[0]
        if first.children:
            inner = "\n    " + self.pruned(first, ref) + "\n  "
        else:
            inner = (
                f'\n    <a href="{self.url(first.url)}" class="md-nav__link">\n      '
                f"{content(ref)}\n      {_ICON}\n    </a>\n  "
            )
        return "\n  \n  \n  " + inner + "\n"

    def current(self, item: Any, css: str) -> list[str]:
        toc = self.page.toc
        first = next(iter(toc), None)
        children = first is not None and first.level == 1
        if first is not None and children:
            toc = first.children  # type: ignore[assignment]
        shown = content(item)
        out = [
            '\n    <li class="',
            css,
            '">\n      \n      <input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'
            "\n      \n      ",
            "\n        \n      " if children else "",
            "\n      ",
        ]
        if toc:
            out += (
                '\n        <label class="md-nav__link md-nav__link--active" for="__toc">',
                "\n          ",
                shown,
                "\n          " + _SPAN + "\n        </label>\n      ",
            )
        out += ('\n      <a href="', self.url(item.url))
        out.append('" class="md-nav__link md-nav__link--active">')
        out += ("\n        ", shown, "\n      </a>\n      ")
        if toc:
            out += ("\n        ", str(self.toc()), "\n      ")
        out.append("\n    </li>\n  ")
        return out


def title(item: Any) -> str:
    """Material's macro ``render_title`` for an item without a typeset title."""
    return f"\n  \n    {item.title}\n  \n"


def content(item: Any) -> str:
    """Material's macro ``render_content`` for an item without icon, subtitle or status."""
    return f'\n  \n  \n  <span class="md-ellipsis">\n    {title(item)}\n    \n  </span>\n  \n  \n'


def _plain(item: Any) -> bool:
    """Whether nav-item.html renders ``item`` and its children as ``_Render`` does."""
    if getattr(item, "typeset", None) or hasattr(item, "pages") or getattr(item, "encrypted", 0):
        return False
    if isinstance(item, Section):
        return bool(item.children) and all(_plain(child) for child in item.children)
    if isinstance(item, Page):
        meta = item.meta or {}
        return not item.children and not any(meta.get(key) for key in DECORATIONS)
    return isinstance(item, Link) and not item.children


def folder(url: str) -> str:
    return url.rstrip("/").rpartition("/")[0]


def item_urls(item: Any) -> list[str]:
    """Addresses an item's HTML may link to: its own and its descendants'."""
    own = [item.url] if getattr(item, "url", None) is not None else []
    return own + [u for child in getattr(item, "children", None) or () for u in item_urls(child)]


def leads_below(urls: list[str], url: str) -> bool:
    """Whether one of the sorted ``urls`` is ``url`` or an address below it."""
    below = bisect.bisect_left(urls, url)
    return below < len(urls) and urls[below].startswith(url)
