"""Material's ``content`` block (``partials/content.html``) around a page's HTML, rendered once
per kind of page.

The block includes five templates (tags, actions, source file, feedback, comments) that read
only a few things of the page: its edit address, some front matter keys, its title when its
HTML has no ``<h1``. Where none of the context's variables that plugins add (``tags``,
``git_info``, ``committers``) is set and no analytics (feedback) is configured, the block
is rendered with a mark in place of the page's HTML, once for each value of what it reads,
and each page gets the text around the mark with its own HTML in between.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import Environment
from jinja2.runtime import Context
from jinja2.utils import missing
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from cqpsite.fragments import is_stock

INCLUDED = (
    "partials/content.html",
    "partials/tags.html",
    "partials/actions.html",
    "partials/source-file.html",
    "partials/feedback.html",
    "partials/comments.html",
)
# The front matter keys those templates read.
META = ("hide", "git_revision_date_localized", "revision_date", "git_creation_date_localized")
# Context variables that plugins add and those templates render.
ADDED = ("tags", "git_info", "committers")
# content.html tests whether the page's HTML holds "<h1": each mark answers as the page does.
_MARK = "\x00cqpsite-contenu\x00"
_MARK_H1 = "\x00cqpsite-contenu<h1\x00"
_Block = Callable[[Context], Iterator[str]]


class Contenus:
    """The ``content`` block of the pages of one build (``usable`` starts over)."""

    def __init__(self) -> None:
        self._around: dict[tuple[Any, ...], tuple[str, str] | None] = {}

    def usable(self, env: Environment, config: MkDocsConfig) -> bool:
        self._around = {}
        features = config.theme.get("features") or []
        return (
            "navigation.path" not in features  # the container block around it reads the page
            and not config.extra.get("analytics")
            and all(is_stock(env, name) for name in INCLUDED)
        )

    def render(self, block: _Block, context: Context) -> Iterable[str]:
        """The block's text for the page of ``context``, in parts."""
        page = context.resolve_or_missing("page")
        content = getattr(page, "content", None)
        if not isinstance(page, Page) or type(content) is not str:
            return block(context)
        for name in ADDED:  # (Context.get raises and catches a KeyError for each)
            found = context.resolve_or_missing(name)
            if found is not missing and found:
                return block(context)
        h1 = "<h1" in content
        meta = page.meta or {}
        # The templates test the front matter itself too ("{% if page.meta %}").
        values = repr([bool(page.meta), *(meta.get(k) for k in META)])
        key = (h1, None if h1 else page.title, page.edit_url, values)
        if key not in self._around:
            self._around[key] = _around(block, context, page, _MARK_H1 if h1 else _MARK)
        around = self._around[key]
        if around is None:
            return block(context)
        return (around[0], content, around[1])


def _around(block: _Block, context: Context, page: Page, mark: str) -> tuple[str, str] | None:
    """The block's text before and after the page's HTML; None if the mark is not there once."""
    content = page.content
    page.content = mark
    try:
        text = "".join(block(context))
    finally:
        page.content = content
    if text.count(mark) != 1:
        return None
    before, _, after = text.partition(mark)
    return before, after
