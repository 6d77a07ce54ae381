"""Material 9.8's ``nav-item.html`` macros in Python, for the features ``cqpsite.menu`` supports.

Each string is the text between the template's tags as Jinja outputs it (``trim_blocks`` off):
the tests compare every page of the fixture sites with the templates' own output.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

from cqpsite.relative_links import folder

if TYPE_CHECKING:
    from cqpsite.menu import Menu

# The text between the tags of Material 9.8's nav-item.html, as Jinja outputs it.
_SPAN = '<span class="md-nav__icon md-icon"></span>'
_ICON = "\n        " + _SPAN + "\n      "
TOP = ("\n      \n      ", "\n    ")  # around each item of nav.html's list
_NESTED = ("\n              \n" + " " * 16, "\n              \n            ")  # of a section's
_LINK_END = "\n      </a>\n    </li>\n  "
_SET_TWICE = "\n        \n        \n      "


class ItemRenderer:
    """Material's nav-item.html macros for one page, for the features ``Menu`` supports."""

    def __init__(self, menu: Menu, page: Page, toc: Callable[[], str]) -> None:
        self.menu, self.page, self.toc = menu, page, toc

    def url(self, target: Any) -> str:
        return normalize_url(str(target), page=self.page)

    def items(
        self, owner: Any, items: Sequence[Any], path: str, level: int, wrap: tuple[str, str]
    ) -> str:
        """A list's items (``owner``'s), each in ``wrap``. Each run of items outside the active
        path that links to no address below the page is kept for the folder (a large site's
        top list: two runs around the active item, instead of an item each)."""
        before, after = wrap
        url = self.page.url
        out: list[str] = []
        start, count = 0, len(items)
        while start < count:
            if not url or items[start].active:
                out += (before, self.item(items[start], f"{path}_{start + 1}", level), after)
                start += 1
                continue
            end = start
            while end < count and not items[end].active:
                end += 1
            if self.menu.run_leads_below(owner, items, start, end, url):
                for i in range(start, end):
                    out += (before, self.item(items[i], f"{path}_{i + 1}", level), after)
                start = end
                continue
            key = ("run", id(owner), path, start, end, folder(url))
            run = self.menu.html.get(key)
            if run is None:
                run = self.menu.html[key] = "".join(
                    before + self.render(items[i], f"{path}_{i + 1}", level) + after
                    for i in range(start, end)
                )
            out.append(run)
            start = end
        return "".join(out)

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
            if self.menu.sections:
                is_section = level == 1
                if is_section:
                    css += " md-nav__item--section"
                out += ("\n      ", _SET_TWICE if is_section else "", "\n    ")
            out.append("\n    ")
            if self.menu.prune:
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
        out.append(self.items(item, item.children, path, level + 1, _NESTED))
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
