"""Pinned addresses of the current version (``<ref>/v/<version>/…``): small static HTML pages,
not MkDocs pages, that carry every anchor of the page they stand for with the element's text
and a plain link to it at its current address. With JavaScript they move on to that address
(anchor kept); without, a pinned criterion address still shows the criterion."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence

from cqpsite import urls
from cqpsite.model import Question, Referentiel, Rubrique, Section, SectionDossier
from cqpsite.pages import checklist, template, units
from cqpsite.rules import walk
from cqpsite.versions import Adresse, adresses

_TEMPLATE = template("figee.html.j2")


def by_page(ref: Referentiel) -> dict[str, list[Adresse]]:
    """Unversioned page → the anchored elements it carries: blocs, capacités, criteria and
    points, sections of the texts and of the dossier, questions, grids."""
    out: dict[str, list[Adresse]] = {}
    for a in (*adresses(ref), *_others(ref)):
        out.setdefault(a.page, []).append(a)
    return out


def _others(ref: Referentiel) -> Iterator[Adresse]:
    overview = urls.overview_page(ref)
    for _, obj in walk(ref.textes):
        if isinstance(obj, Section):
            yield Adresse(obj.id, "section", obj.titre, overview, urls.section_anchor(obj.id))
    if ref.dossier is not None:
        dossier = urls.dossier_page(ref)
        for _, obj in walk(ref.dossier):
            if isinstance(obj, SectionDossier):
                titre = f"{obj.numero}. {obj.titre}" if obj.numero else obj.titre
                yield Adresse(obj.id, "section", titre, dossier, urls.section_anchor(obj.id))
            elif isinstance(obj, Rubrique) and obj.titre:
                yield Adresse(obj.id, "rubrique", obj.titre, dossier, urls.section_anchor(obj.id))
            elif isinstance(obj, Question):
                anchor = urls.question_anchor(obj.id)
                yield Adresse(obj.id, "question", obj.question, dossier, anchor)
    grille = urls.grille_page(ref)
    for unit in units(ref):
        for u in (unit, *unit.capacites):  # a unit's page carries its grid and checklist too
            anchor = urls.grille_anchor(u.id)
            for page in (grille, u.src) if u is unit else (u.src,):
                yield Adresse(u.id, "grille", u.label, page, anchor)
            for groupe in checklist(ref, u.id):
                if groupe.titre:
                    anchor = urls.section_anchor(groupe.id)
                    yield Adresse(groupe.id, "rubrique", groupe.titre, u.src, anchor)


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
