"""Material's ``base.html`` around each page: what does not depend on the page, rendered once.

Most of ``base.html`` (its styles and scripts, the search configuration, the footer, the
language module it imports) depends on the page only through its relative links, the same on
every page as deep (``base_url``). ``Cadres`` renders the engine's ``main.html`` once per depth
with a mark in place of each block that depends on the page (its head, header, navigation,
content), then, on each page, renders only those blocks (their own Jinja functions, with the
variables ``base.html`` had set where each is called) between the parts kept. Where
``cqpsite.contenus`` can, the mark is on the ``content`` block inside the container, which is
then kept too, and that block is rendered once per kind of page.

Used when ``main.html`` is the engine's, ``base.html`` Material's, and every template the kept
parts include is Material's or the engine's; otherwise Jinja renders the whole page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, Template
from jinja2.runtime import Context
from jinja2.utils import LRUCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from cqpsite.contenus import Contenus
from cqpsite.fragments import THEME, is_stock

# Blocks of base.html that depend on the page (the engine's main.html overrides some).
PAGE_BLOCKS = ("site_meta", "htmltitle", "extrahead", "header", "site_nav", "container", "scripts")
# Blocks that depend on the page only with a feature or a setting.
FEATURE_BLOCKS = {"tabs": "navigation.tabs", "footer": "navigation.footer"}
# What the kept parts include: Material's or the engine's render nothing of the page.
INCLUDED = (
    "partials/language.html",
    "partials/icons.html",
    "partials/javascripts/base.html",
    "partials/integrations/analytics.html",
    "partials/javascripts/announce.html",
    "partials/javascripts/outdated.html",
    "partials/tabs.html",
    "partials/javascripts/content.html",
    "partials/top.html",
    "partials/footer.html",
    "partials/copyright.html",
    "partials/social.html",
    "partials/progress.html",
    "partials/consent.html",
    "partials/javascripts/consent.html",
)
_MARK = "\x00cqpsite-cadre:{}\x00"
_MARKS = re.compile("\x00cqpsite-cadre:([a-z_]+)\x00")
_Block = Callable[[Context], Iterator[str]]


@dataclass(frozen=True)
class _Cadre:
    """One depth's page: its kept parts, and between them the page's blocks, each with the
    variables set where it is called."""

    first: str
    parts: tuple[tuple[str, dict[str, Any], str], ...]  # (block, variables, part after it)
    blocks: dict[str, list[_Block]]


class Cadres:
    """Renders ``main.html`` for the pages of a build (``on_env`` starts over)."""

    def __init__(self) -> None:
        self._cadres: dict[tuple[Any, ...], _Cadre] = {}
        self._blocks: tuple[str, ...] = ()
        self._tops: frozenset[str] = frozenset()
        self._contenus = Contenus()

    def on_env(self, env: Environment, config: MkDocsConfig) -> None:
        self._cadres = {}
        if isinstance(env.cache, LRUCache):
            # Jinja's LRU cache searched its queue of templates (tuples holding a weak
            # reference, slow to compare) at each include of each page. A build's environment
            # loads a few dozen templates: a plain dict, which Jinja also takes, keeps them.
            env.cache = dict(env.cache.items())
        if not _usable(env):
            return
        features = config.theme.get("features") or []
        blocks = [*PAGE_BLOCKS, *(b for b, f in FEATURE_BLOCKS.items() if f in features)]
        if self._contenus.usable(env, config):  # the container is then the same on every page
            blocks[blocks.index("container")] = "content"
        if config.extra.get("analytics"):  # a provider's template may read the page
            blocks.append("analytics")
        self._blocks = tuple(blocks)
        # Kept parts link to Material's assets and the site's styles: a page whose address
        # starts like one of them links to it otherwise than the pages as deep.
        targets = ["assets/", *(str(path) for path in config.extra_css)]
        self._tops = frozenset(t.split("/", 1)[0] for t in targets)
        template = env.get_template("main.html")
        stock = template.render

        def render(*args: Any, **kwargs: Any) -> str:
            context = dict(*args, **kwargs)
            key = self._key(context)
            if key is None:
                return stock(context)
            try:
                return self._render(template, context, key)
            except Exception:
                env.handle_exception()

        template.render = render  # type: ignore[method-assign]

    def _key(self, context: dict[str, Any]) -> tuple[Any, ...] | None:
        """Which pages share ``context``'s kept parts; None: render the whole page."""
        page, base = context.get("page"), context.get("base_url")
        if not isinstance(page, Page) or not isinstance(base, str) or not page.url:
            return None
        first = next(iter(page.toc), None)  # base.html's "skip to content" link
        skip = None if first is None else first.url
        if skip is not None and not skip.startswith("#"):
            return None
        top = page.url.split("/", 1)[0]
        return (base, skip, top if top in self._tops else "")

    def _render(self, template: Template, context: dict[str, Any], key: tuple[Any, ...]) -> str:
        cadre = self._cadres.get(key)
        if cadre is None:
            cadre = self._cadres[key] = self._cadre(template, context)
        page = template.new_context(context)
        page.blocks = cadre.blocks
        out = [cadre.first]
        for name, variables, after in cadre.parts:
            page.vars = dict(variables)
            block = cadre.blocks[name][0]
            out.extend(self._contenus.render(block, page) if name == "content" else block(page))
            out.append(after)
        return "".join(out)

    def _cadre(self, template: Template, context: dict[str, Any]) -> _Cadre:
        """Render ``template`` with a mark in place of each of the page's blocks."""
        frame = template.new_context(context)
        seen: dict[str, list[dict[str, Any]]] = {}
        for name in self._blocks:
            frame.blocks.setdefault(name, []).insert(0, _marker(name, seen))
        text = "".join(template.root_render_func(frame))
        blocks = {
            name: chain[1:] if name in self._blocks else chain
            for name, chain in frame.blocks.items()
        }
        pieces = _MARKS.split(text)
        parts = []
        for at in range(1, len(pieces), 2):
            name = pieces[at]
            parts.append((name, seen[name].pop(0), pieces[at + 1]))
        return _Cadre(pieces[0], tuple(parts), blocks)


def _marker(name: str, seen: dict[str, list[dict[str, Any]]]) -> _Block:
    def mark(context: Context) -> Iterator[str]:
        seen.setdefault(name, []).append(dict(context.vars))
        yield _MARK.format(name)

    return mark


def _usable(env: Environment) -> bool:
    import material  # type: ignore[import-untyped]

    loader = env.loader
    try:
        main = loader.get_source(env, "main.html")[1] if loader else None
        base = loader.get_source(env, "base.html")[1] if loader else None
    except Exception:
        return False
    stock = Path(material.__file__).parent / "templates" / "base.html"
    return (
        main is not None
        and Path(main) == THEME / "main.html"
        and base is not None
        and Path(base) == stock
        and all(is_stock(env, name) for name in INCLUDED)
    )
