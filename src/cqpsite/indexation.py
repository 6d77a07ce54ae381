"""Material's search entries for a page, with its own parser fed by a faster tokenizer.

Material's search plugin reads each page's HTML with Python's ``HTMLParser``, whose tokenizing
(regular expressions run from Python, attribute by attribute) cost more than the plugin's own
handling. For HTML made only of text, comment-free tags with double-quoted attributes and end
tags (the engine's pages, most Markdown), the same calls to Material's parser are made from one
regular expression; anything else is left to ``HTMLParser``. The entries are the same.
"""

from __future__ import annotations

import functools
import re
from html import unescape
from typing import Any

# One token: text, a start tag (attributes double-quoted or bare) or an end tag; what
# HTMLParser reads the same way (names lowercased, attribute values unescaped).
_TOKEN = re.compile(
    r"([^<]+)"
    r"|<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:=\"[^\"]*\")?)*)\s*(/?)>"
    r"|</([a-zA-Z][a-zA-Z0-9-]*)\s*>"
)
_ATTRIBUTE = re.compile(r"([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:(=)\"([^\"]*)\")?")
# Elements whose content HTMLParser reads as raw text.
_RAW = frozenset(("script", "style"))


def install(plugins: Any) -> bool:
    """Have Material's search plugin index pages with ``add_entry`` (whether it was found)."""
    for name, plugin in plugins.items():
        if name.rpartition("/")[2] != "search":
            continue
        index = getattr(plugin, "search_index", None)
        if index is None or not hasattr(index, "create_entry_for_section"):
            return False
        index.add_entry_from_context = functools.partial(add_entry, index)
        return True
    return False


def add_entry(index: Any, page: Any) -> None:
    """Material's ``SearchIndex.add_entry_from_context``, parsing with ``parse``."""
    search = page.meta.get("search") or {}
    if search.get("exclude"):
        return
    for section in parse(page.content).data:
        if not section.is_excluded():
            index.create_entry_for_section(section, page.toc, page.url, page)


def parse(html: str) -> Any:
    """Material's search ``Parser`` after reading ``html`` (and closing)."""
    from material.plugins.search.plugin import Parser  # type: ignore[import-untyped]

    parser = Parser()
    if not _replay(parser, html):
        parser = Parser()
        parser.feed(html)
    parser.close()
    return parser


def _replay(parser: Any, html: str) -> bool:
    """Make ``HTMLParser``'s calls on ``parser`` from the tokens of ``html``; False (and
    ``parser`` unusable) where ``html`` holds anything else."""
    tokens = []
    end = 0
    for match in _TOKEN.finditer(html):
        if match.start() != end:
            return False
        end = match.end()
        tokens.append(match)
    if end != len(html):
        return False
    for token in tokens:
        text, tag, attributes, closed, end_tag = token.groups()
        if text is not None:
            parser.handle_data(unescape(text))
        elif tag is not None:
            tag = tag.lower()
            if tag in _RAW:
                return False
            pairs = [
                (name.lower(), (unescape(value) if value else value) if equals else None)
                for name, equals, value in _ATTRIBUTE.findall(attributes)
            ]
            if closed:
                parser.handle_startendtag(tag, pairs)
            else:
                parser.handle_starttag(tag, pairs)
        else:
            parser.handle_endtag(end_tag.lower())
    return True
