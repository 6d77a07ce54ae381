"""Permalinks of blocs, capacités, criteria and points, in document order (from ``urls`` only)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from cqpsite import urls
from cqpsite.model import Bloc, Capacite, Critere, Point, Referentiel

Noeud = Bloc | Capacite | Critere | Point


@dataclass(frozen=True)
class Entree:
    """One addressable item: the page and anchor carrying it, its permalink, and its parent's
    ID ("" under the referential)."""

    objet: Noeud
    permalien: str
    parent: str
    rang: int  # 1-based position among its siblings
    page: str  # source path of the page (see ``urls``)
    ancre: str = ""


def overview(ref: Referentiel, site_url: str, version: str | None = None) -> str:
    return urls.permalink(urls.overview_page(ref, version), site_url=site_url)


# (id of the referential, site_url, version) → the referential and its entries: the exports, the
# addresses and the pinned pages of one referential ask for the same few lists.
_CACHE: dict[tuple[int, str, str | None], tuple[Referentiel, tuple[Entree, ...]]] = {}


def entries(ref: Referentiel, site_url: str, version: str | None = None) -> tuple[Entree, ...]:
    """Every bloc, capacité, criterion and point of ``ref`` with its permalink (under the pinned
    root of ``version`` if given)."""
    key = (id(ref), site_url, version)
    found = _CACHE.get(key)
    if found is not None and found[0] is ref:  # the referential kept alive: its id is its own
        return found[1]
    if len(_CACHE) >= 8:
        _CACHE.clear()
    out = tuple(_entries(ref, site_url, version))
    _CACHE[key] = (ref, out)
    return out


def _entries(ref: Referentiel, site_url: str, version: str | None) -> Iterator[Entree]:

    def entree(objet: Noeud, page: str, parent: str, rang: int, ancre: str = "") -> Entree:
        return Entree(objet, urls.permalink(page, ancre, site_url), parent, rang, page, ancre)

    def criteres(items: tuple[Critere, ...], page: str, parent: str) -> Iterator[Entree]:
        for i, c in enumerate(items, 1):
            yield entree(c, page, parent, i, urls.critere_anchor(c))
            for j, p in enumerate(c.points, 1):
                yield entree(p, page, c.id, j, urls.critere_anchor(p))

    def capacites(items: tuple[Capacite, ...], parent: str) -> Iterator[Entree]:
        for i, cap in enumerate(items, 1):
            page = urls.capacite_page(ref, cap, version)
            yield entree(cap, page, parent, i)
            yield from criteres(cap.criteres, page, cap.id)

    for i, bloc in enumerate(ref.blocs, 1):
        page = urls.bloc_page(ref, bloc, version)
        yield entree(bloc, page, "", i)
        if not isinstance(bloc.criteres, str):
            yield from criteres(bloc.criteres, page, bloc.id)
        yield from capacites(bloc.capacites, bloc.id)
    yield from capacites(ref.capacites, "")


def permalinks(ref: Referentiel, site_url: str, version: str | None = None) -> dict[str, str]:
    """ID → permalink for every bloc, capacité, criterion and point."""
    return {e.objet.id: e.permalien for e in entries(ref, site_url, version)}
