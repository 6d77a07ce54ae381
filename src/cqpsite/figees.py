"""Pinned addresses of the current version (``<ref>/v/<version>/…``): small static HTML pages,
not MkDocs pages, that carry every anchor of the page they stand for with the element's text
and a plain link to it at its current address. With JavaScript they move on to that address
(anchor kept); without, a pinned criterion address still shows the criterion."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

import jinja2

from cqpsite import urls
from cqpsite.model import Referentiel
from cqpsite.versions import Adresse, adresses

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("cqpsite", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_TEMPLATE = _ENV.get_template("figee.html.j2")


def by_page(ref: Referentiel) -> dict[str, list[Adresse]]:
    """Unversioned page → the blocs, capacités, criteria and points it carries."""
    out: dict[str, list[Adresse]] = {}
    for a in adresses(ref):
        out.setdefault(a.page, []).append(a)
    return out


def render_pinned(
    ref: Referentiel,
    src: str,
    titre: str,
    elements: Sequence[Adresse],
    ancres: Collection[str] = (),
) -> tuple[str, bytes]:
    """(file path, HTML) of the pinned address of the current page ``src``; ``ancres``, the
    page's other promised anchors (questions, sections, grids), each get a plain link too."""
    pinned = urls.pinned(src, ref, ref.version)
    shown = [a for a in elements if a.ancre]
    text = _TEMPLATE.render(
        titre=titre,
        version=ref.version,
        target=urls.href(pinned, src),
        elements=shown,
        autres=sorted(set(ancres) - {a.ancre for a in shown}),
    )
    return urls.redirect_file(pinned), text.encode("utf-8")


def render_all(
    ref: Referentiel,
    pages: Iterable[tuple[str, str, Collection[str]]],
    elements: Mapping[str, Sequence[Adresse]],
) -> list[tuple[str, bytes]]:
    """Pinned pages for (src, title, anchors) of the current version's pages."""
    return [
        render_pinned(ref, src, titre, elements.get(src, ()), ancres)
        for src, titre, ancres in pages
    ]
