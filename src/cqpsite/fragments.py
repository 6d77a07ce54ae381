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
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from cqpsite.menu import folder, leads_below

THEME = Path(__file__).parent / "theme"
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

    def on_env(self, env: Environment, config: MkDocsConfig) -> None:
        self._html = {}
        env.globals["fragments"] = self
        features = config.theme.get("features") or []
        # Where the part before the title links: the home page (MkDocs' or the site's own)
        # and the logo. A page they lie below (the home page) gets its own.
        links = ("", "index.html", config.extra.get("homepage"), config.theme.get("logo"))
        self._urls = sorted({u for u in links if isinstance(u, str)})
        self._usable = (
            not config.extra.get("alternate")
            and "navigation.tabs.sticky" not in features
            and all(_stock(env, name) for name in INCLUDED)
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

    def _cached(self, key: tuple[str, ...], render: Callable[[], Any]) -> str:
        html = self._html.get(key)
        if html is None:
            html = self._html[key] = str(render())
        return html


def _stock(env: Environment, name: str) -> bool:
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
