"""What MkDocs needs from a generated page whose body is already HTML.

Generated pages are rendered to HTML by our templates, so MkDocs runs no Markdown on them: the
hook hands MkDocs this body, its table of contents and its anchors instead. Python-Markdown
re-parsing every grid and checklist cost about half the build time (see README, performance).

The search index reads :attr:`Corps.recherche`, the body without the regions that the templates
mark ``<!--recherche:non--> … <!--recherche:oui-->`` (grids, checklists, source line):
each criterion and question is indexed once, and the indexer parses a fraction of the page.
``<!--recherche:seule--> … <!--recherche:oui-->`` is the converse, for the index only: the heading
that makes each criterion and question a search result of its own (Material's indexer starts a
section at every heading with an ID, and links the result to that ID).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Set
from dataclasses import dataclass, replace
from typing import Any

from mkdocs.utils.meta import get_data

HORS_RECHERCHE = "<!--recherche:non-->"
EN_RECHERCHE = "<!--recherche:oui-->"
SEULE_RECHERCHE = "<!--recherche:seule-->"

_MARQUE = re.compile(
    f"({re.escape(HORS_RECHERCHE)}|{re.escape(EN_RECHERCHE)}|{re.escape(SEULE_RECHERCHE)})"
)
# Headings as the template macro ``titre`` writes them (h1 has no anchor and no TOC entry).
_TITRE = re.compile(r'<h([2-6]) id="([^"]+)">(.*?)<a class="headerlink"', re.S)
# Searched from its literal text, then kept only after a space (not ``data-id="…"``): 6 times
# faster than a pattern starting with ``\s``, which the regex engine tries at every character.
_ID = re.compile(r'id="([^"]+)"')
_BALISE = re.compile(r"<[^>]+>")
# What the search indexer does not need: permalink signs, inline tags (it keeps their text
# only) and attributes (it keeps only heading IDs). Its pure-Python parser then reads less.
_PERMALIEN = re.compile(r'<a class="headerlink"[^>]*>[^<]*</a>')
_EN_LIGNE = re.compile(r"</?(?:a|span|strong|em|label)\b[^>]*>")
_ATTRIBUTS = re.compile(r"<(?!h[1-6]\b)([a-z][a-z0-9]*)\s[^>]*>")


@dataclass(frozen=True)
class Corps:
    html: str
    recherche: str
    toc: list[dict[str, Any]]  # nested like Python-Markdown's toc tokens (mkdocs get_toc)
    ancres: frozenset[str]


Entete = tuple[int, dict[str, Any]]  # where a page's body starts in its source, front matter


def read_entete(source: str) -> Entete | None:
    """What MkDocs' ``Page.read_source`` takes from a page's source (its own function), read
    where the page is generated (on every core) rather than in MkDocs' serial reading loop;
    None if the body is not the end of the source."""
    markdown, meta = get_data(source)
    return (len(source) - len(markdown), meta) if source.endswith(markdown) else None


def split_search(body: str) -> tuple[str, str]:
    """(shown HTML, searchable HTML): markers removed from both, "non" regions from the second,
    "seule" regions from the first. Regions nest; an unbalanced marker is a template bug and
    raises ValueError."""
    shown: list[str] = []
    searched: list[str] = []
    open_: list[str] = []
    for i, part in enumerate(_MARQUE.split(body)):
        if i % 2:
            if part != EN_RECHERCHE:
                open_.append(part)
            elif not open_:
                raise ValueError("marqueur de recherche fermé sans ouverture")
            else:
                open_.pop()
            continue
        if SEULE_RECHERCHE not in open_:
            shown.append(part)
        if HORS_RECHERCHE not in open_:
            searched.append(part)
    if open_:
        raise ValueError("marqueur de recherche ouvert sans fermeture")
    return "".join(shown), "".join(searched)


def prepare(body: str, anchors: bool = True) -> Corps:
    """The page as MkDocs will show and index it. Heading names stay HTML-escaped, because the
    theme prints table-of-contents titles as they are. Without ``anchors``, its anchors are
    left out (none, a quarter of the time spent)."""
    html, recherche = split_search(body)
    recherche = _ATTRIBUTS.sub(r"<\1>", _EN_LIGNE.sub("", _PERMALIEN.sub("", recherche)))
    tokens = [
        {
            "level": int(level),
            "id": ident,
            "name": " ".join(_BALISE.sub("", inner).split()),
            "children": [],
        }
        for level, ident, inner in _TITRE.findall(html)
    ]
    ids = (
        frozenset(m[1] for m in _ID.finditer(html) if m.start() and html[m.start() - 1].isspace())
        if anchors
        else frozenset()
    )
    return Corps(html, recherche, _nest(tokens), ids)


class Differe:
    """A page's body, prepared when its page is rendered (once), or when a link from a
    hand-written page to one of its anchors is checked (``Ancres``). Once prepared, only the
    anchors are kept: keeping every body cost the building process 10 % more memory."""

    def __init__(self, markdown: str) -> None:
        self._markdown: str | None = markdown
        self._ancres: frozenset[str] | None = None

    def corps(self, anchors: bool = True) -> Corps:
        """The prepared body; without ``anchors`` (no page links to one), its anchors are
        neither computed nor kept, and asking for them afterwards is an error."""
        if self._markdown is None:
            raise RuntimeError("corps déjà préparé : une page n’est rendue qu’une fois")
        corps = prepare(self._markdown, anchors and self._ancres is None)
        if anchors and self._ancres is None:
            self._ancres = corps.ancres
        self._markdown = None
        return corps if self._ancres is None else replace(corps, ancres=self._ancres)

    def ancres(self) -> frozenset[str]:
        if self._ancres is None:  # the body stays, for its page's rendering
            if self._markdown is None:
                raise RuntimeError("ancres d’une page rendue sans elles : aucun lien n’y menait")
            self._ancres = prepare(self._markdown).ancres
        return self._ancres


class Ancres(Set[str]):
    """The anchors of a page whose body is not prepared yet (MkDocs only tests membership)."""

    def __init__(self, body: Differe) -> None:
        self._body = body

    def __contains__(self, anchor: object) -> bool:
        return anchor in self._body.ancres()

    def __iter__(self) -> Iterator[str]:
        return iter(self._body.ancres())

    def __len__(self) -> int:
        return len(self._body.ancres())


def _nest(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each heading becomes a child of the nearest previous heading of a higher level."""
    top: list[dict[str, Any]] = []
    open_: list[dict[str, Any]] = []
    for token in tokens:
        while open_ and open_[-1]["level"] >= token["level"]:
            open_.pop()
        (open_[-1]["children"] if open_ else top).append(token)
        open_.append(token)
    return top
