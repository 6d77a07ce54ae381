"""Read built HTML back as text, ids and links (for tests)."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path


class _Article(HTMLParser):
    """Collects the text of the page's <article> (the content, not the theme chrome)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []
        self.ids: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "article":
            self.depth += 1
        if values.get("id"):
            self.ids.append(values["id"] or "")
        if self.depth and tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if self.depth:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        if self.depth:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def read_page(path: Path) -> _Article:
    parser = _Article()
    parser.feed(path.read_text("utf-8"))
    return parser


def article_text(path: Path) -> str:
    return " ".join("".join(read_page(path).parts).split())


def resolves(site: Path, address: str) -> bool:
    """``address`` (site path, optional #anchor) is a page carrying the anchor; a pinned
    address of the current version must carry it too where its script leads (the current
    page)."""
    path, _, anchor = address.partition("#")
    path = path.strip("/")
    if path.endswith(".json"):
        return (site / path).is_file()
    file = site / path / "index.html"
    if not file.is_file():
        return False
    html = file.read_text("utf-8")
    moves = re.search(r'<script>location\.replace\("([^"]+)" \+ location\.hash\);</script>', html)
    if moves:
        if anchor and f'id="{anchor}"' not in html:
            return False
        path = posixpath.normpath(posixpath.join(path, moves.group(1)))
        html = (site / path / "index.html").read_text("utf-8")
    return not anchor or f'id="{anchor}"' in html
