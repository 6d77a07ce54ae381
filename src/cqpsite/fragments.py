"""Parts of Material's templates that do not depend on the page, rendered once.

The engine theme's ``partials/language.html`` hands each translation key to ``Translations``
(Material renders a macro per call, some 25 per page), and its ``partials/header.html`` hands
its parts around the page's title to ``Fragments``: the part after the title has no link and
is the same on every page, the part before it links to the home page and is the same on every
page of a folder. Either is rendered by its template on a page where that may not hold.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateNotFound
from jinja2.filters import do_striptags
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from cqpsite.relative_links import folder, leads_below

THEME = Path(__file__).parent / "theme"
_SPAN = '<span class="md-nav__icon md-icon"></span>'
_TOC_LIST = '<ul class="md-nav__list" data-md-component="toc" data-md-scrollfix>'
# What the header includes: from Material or the engine, none renders anything of the page.
INCLUDED = (
    "partials/logo.html",
    "partials/palette.html",
    "partials/javascripts/palette.html",
    "partials/search.html",
    "partials/source.html",
)


class Translations:
    """``lang.t`` in the theme (``translations``): each key's translation, rendered once per
    build by Material's macro (its languages are imported without the page's context)."""

    def __init__(self) -> None:
        self._done: dict[str, Any] = {}

    def on_env(self, env: Environment) -> None:
        self._done = {}
        env.globals["translations"] = self

    def of(self, stock: Callable[[Any], Any]) -> Callable[[Any], Any]:
        """``t`` for one page, Material's macro ``stock`` rendering the keys not seen yet."""
        return lambda key: self._translate(stock, key)

    def _translate(self, stock: Callable[[Any], Any], key: Any) -> Any:
        if type(key) is not str:
            return stock(key)
        done = self._done.get(key)
        if done is None:
            done = self._done[key] = stock(key)
        return done


class Fragments:
    """``fragments`` in the theme: parts of a page rendered once per site or per folder."""

    def __init__(self) -> None:
        self._html: dict[tuple[str, ...], str] = {}
        self._urls: list[str] = []
        self._usable = False
        self._toc_usable, self._toc_title = False, None  # the site's own title, if any
        self._toc: tuple[Any, str] | None = None  # the last page's, asked again by the nav

    def on_env(self, env: Environment, config: MkDocsConfig) -> None:
        self._html = {}
        env.globals["fragments"] = self
        features = config.theme.get("features") or []
        # Where the part before the title links: the home page (MkDocs' or the site's own)
        # and the logo. A page they lie below (the home page) gets its own.
        links = ("", "index.html", config.extra.get("homepage"), config.theme.get("logo"))
        self._urls = sorted({u for u in links if isinstance(u, str)})
        toc = config.mdx_configs.get("toc")
        self._toc_title = (toc.get("title") or None) if toc else None
        self._toc_usable, self._toc = is_stock(env, "partials/toc-item.html"), None
        self._usable = (
            not config.extra.get("alternate")
            and "navigation.tabs.sticky" not in features
            and all(is_stock(env, name) for name in INCLUDED)
        )

    def site(self, page: Any, name: str, render: Callable[[], Any]) -> Any:
        """A part that is the same on every page."""
        if not self._usable or not isinstance(page, Page):
            return render()
        return self._cached((name,), render)

    def folder(self, page: Any, name: str, render: Callable[[], Any]) -> Any:
        """A part that is the same on every page of a folder (it links to the home page)."""
        if not self._usable or not isinstance(page, Page) or leads_below(self._urls, page.url):
            return render()
        return self._cached((name, folder(page.url)), render)

    def toc(self, page: Any, render: Callable[[], Any], translated: Any) -> Any:
        """Material's ``toc.html`` for ``page`` (``translated``: its default title)."""
        if not self._toc_usable or not isinstance(page, Page):
            return render()
        if self._toc is not None and self._toc[0] is page:
            return self._toc[1]
        items = list(page.toc)
        first = items[0] if items else None
        top = first is not None and first.level == 1
        if top:
            items = first.children  # type: ignore[union-attr]
        if any(_typeset(item) for item in items):
            return render()
        title = self._toc_title or translated
        out = ["\n\n  \n" if self._toc_title else "\n"]
        out += ('\n<nav class="md-nav md-nav--secondary" aria-label="', str(escape(title)))
        out += ('">\n  \n  \n  ', "\n    \n  " if top else "", "\n  ")
        if items:
            out += ('\n    <label class="md-nav__title" for="__toc">\n      ', _SPAN, "\n      ")
            out += (str(title), "\n    </label>\n    ", _TOC_LIST, "\n      ")
            for item in items:
                out += ("\n        ", _toc_item(item), "\n      ")
            out.append("\n    </ul>\n  ")
        out.append("\n</nav>")
        html = "".join(out)
        self._toc = (page, html)
        return html

    def _cached(self, key: tuple[str, ...], render: Callable[[], Any]) -> str:
        html = self._html.get(key)
        if html is None:
            html = self._html[key] = str(render())
        return html


def _toc_item(item: Any) -> str:
    """Material's ``toc-item.html``."""
    out = ['<li class="md-nav__item">\n  <a href="', str(item.url), '" class="md-nav__link">']
    out += ('\n    <span class="md-ellipsis">\n      \n        ', str(item.title))
    out.append("\n      \n    </span>\n  </a>\n  ")
    if item.children:
        label = str(escape(do_striptags(item.title)))
        out += ('\n    <nav class="md-nav" aria-label="', label, '">\n      ')
        out.append('<ul class="md-nav__list">\n        ')
        for child in item.children:
            out += ("\n          ", _toc_item(child), "\n        ")
        out.append("\n      </ul>\n    </nav>\n  ")
    out.append("\n</li>")
    return "".join(out)


def _typeset(item: Any) -> bool:
    return bool(getattr(item, "typeset", None)) or any(_typeset(c) for c in item.children)


def is_stock(env: Environment, name: str) -> bool:
    """Whether the template ``name`` is Material's or the engine's (not a site's own)."""
    import material  # type: ignore[import-untyped]

    try:
        found = env.loader.get_source(env, name)[1] if env.loader else None
    except TemplateNotFound:
        return True  # nothing included
    stock = Path(material.__file__).parent / "templates"
    return found is not None and (
        Path(found).is_relative_to(stock) or Path(found).is_relative_to(THEME)
    )
