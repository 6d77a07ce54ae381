"""Material's search entries for a page, from its parser's rules run faster.

Material's search plugin reads each page's HTML with Python's ``HTMLParser``, whose tokenizing
(regular expressions run from Python, attribute by attribute) cost more than the plugin's own
handling. For HTML made only of text, comment-free tags with double-quoted attributes and end
tags (the engine's pages, most Markdown), the same calls are made from one regular expression;
anything else is left to ``HTMLParser``. The calls are handled by Material's rules, where a
set of elements compared by tag (rebuilt on every call) becomes a count of tags. The entries
are the same.
"""

from __future__ import annotations

import functools
import re
from html import escape, unescape
from typing import Any

from material.plugins.search.plugin import (  # type: ignore[import-untyped]
    Element,
    Parser,
    SearchIndex,
    Section,
    void,
)

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
_MATERIALS = SearchIndex.add_entry_from_context


def install(plugins: Any) -> bool:
    """Have Material's search plugin index pages with ``add_entry`` (whether it does). Where
    its indexing is not Material's own (replaced by another plugin), it is left alone."""
    for name, plugin in plugins.items():
        if name.rpartition("/")[2] != "search":
            continue
        index: Any = getattr(plugin, "search_index", None)
        if getattr(type(index), "add_entry_from_context", None) is not _MATERIALS:
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
    """Material's search ``Parser`` (its rules) after reading ``html`` (and closing)."""
    parser = CountingParser()
    if not _replay(parser, html):
        parser = CountingParser()
        parser.feed(html)
    parser.close()
    return parser


def _replay(parser: Any, html: str) -> bool:
    """Make ``HTMLParser``'s calls on ``parser`` from the tokens of ``html``; False (and
    ``parser`` unusable) where ``html`` holds anything else. A script or style element is
    read only when empty (``<script></script>``, what remains of a page's scripts once
    ``corps.prepare`` removed their attributes): ``HTMLParser`` then makes the same calls."""
    tokens = []
    end = 0
    for match in _TOKEN.finditer(html):
        if match.start() != end:
            return False
        end = match.end()
        tokens.append(match.groups())
    if end != len(html):
        return False
    data, start, startend, end_tag = (
        parser.handle_data,
        parser.handle_starttag,
        parser.handle_startendtag,
        parser.handle_endtag,
    )
    raw = None  # a script or style element just opened
    for text, tag, attributes, closed, closing in tokens:
        if raw is not None and (closing is None or closing.lower() != raw):
            return False
        if text is not None:
            data(unescape(text) if "&" in text else text)
        elif tag is not None:
            tag = tag.lower()
            pairs = (
                [
                    (name.lower(), (unescape(value) if value else value) if equals else None)
                    for name, equals, value in _ATTRIBUTE.findall(attributes)
                ]
                if attributes
                else []
            )
            if closed:
                if tag in _RAW:
                    return False
                startend(tag, pairs)
            else:
                start(tag, pairs)
                raw = tag if tag in _RAW else None
        else:
            raw = None
            end_tag(closing.lower())
    return raw is None


_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
_ALWAYS_SKIPPED = ("script", "style", "object")


class CountingParser(Parser):  # type: ignore[misc]
    """Material's search ``Parser``, its handlers copied with two changes. Material compares
    elements by tag: its set of skipped elements is a set of tags here, and its tests of the
    context (``skip.intersection(context)``, ``el in context``) read a count of the context's
    tags instead of hashing every element of it on every call."""

    def __init__(self) -> None:
        super().__init__()
        self.skipped = set(_ALWAYS_SKIPPED)
        self.tags: dict[str, int] = {}  # tag → how many elements of the context have it

    def _skipping(self) -> bool:
        return not self.skipped.isdisjoint(self.tags)

    def _inside_title(self) -> bool:
        return bool(self.tags.get(self.section.el.tag))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        el = Element(tag, attributes)
        if tag in void:
            return
        self.context.append(el)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag in _HEADINGS and "id" in attributes:
            depth = len(self.context)
            if tag != "h1" and not self.data:
                self.section = Section(Element("hx"), depth)
                self.data.append(self.section)
            self.section = Section(el, depth)
            if self.data:
                self.section.id = attributes["id"]
            self.data.append(self.section)
        if not self.section:
            self.section = Section(Element("hx"))
            self.data.append(self.section)
        for key, value in attributes.items():
            if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                self.skipped.add(tag)
                return
        if tag in self.keep and not self._skipping():
            data = self.section.title if self._inside_title() else self.section.text
            data.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if not self.context or self.context[-1].tag != tag:
            return
        if self.section.depth > len(self.context):
            for section in reversed(self.data):
                if section.depth <= len(self.context):
                    self.section.depth = float("inf")
                    self.section = section
                    break
        el = self.context.pop()
        left = self.tags[el.tag] - 1
        if left:
            self.tags[el.tag] = left
        else:
            del self.tags[el.tag]  # the tags of the context only
        if el.tag in self.skipped:
            if el.tag not in _ALWAYS_SKIPPED:
                self.skipped.remove(el.tag)
            return
        if tag in self.keep and not self._skipping():
            data = self.section.title if self._inside_title() else self.section.text
            index = data.index(f"<{tag}>")
            for i in range(index + 1, len(data)):
                if not data[i].isspace():
                    index = len(data)
                    break
            if len(data) > index:
                del data[index:]
            else:
                data.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        tags = self.tags
        if not self.skipped.isdisjoint(tags):
            return
        pre = "pre" in tags
        if not pre:
            data = " " if data.isspace() else data.replace("\n", " ")
        section = self.section
        if not section:
            section = self.section = Section(Element("hx"))
            self.data.append(section)
        if section.el.tag in tags:  # inside the section's title
            if not any(
                el.tag == "a" and el.attrs.get("class") == "headerlink" for el in self.context
            ):
                section.title.append(escape(data, quote=False))
        elif data.isspace():
            text = section.text
            if not text or not text[-1].isspace() or pre:
                text.append(data)
        else:
            section.text.append(escape(data, quote=False))
