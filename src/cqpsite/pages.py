"""Model → pages (front matter and an HTML body, as strings) through the package's Jinja
templates; no file I/O. Autoescape escapes every model string."""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from cqpsite import lignes_html, sommaire, urls
from cqpsite.empreintes import Suivi
from cqpsite.evaluation import certification_start_text, unit_start_text
from cqpsite.model import (
    Bloc,
    Capacite,
    Critere,
    Dossier,
    Point,
    Question,
    Referentiel,
    Rubrique,
)
from cqpsite.recherche import code_alias
from cqpsite.versions import Absent, Comparaison, Historique, adresses


def front_matter_title(text: str) -> Markup:
    """A YAML-safe title. MkDocs and the theme print page and nav titles unescaped, so the
    title handed to them is already HTML-escaped text."""
    return Markup(json.dumps(html.escape(" ".join(str(text).split())), ensure_ascii=False))


def front_matter_description(text: str, limit: int = 160) -> Markup:
    """A page description for link previews: one line, at most ``limit`` characters, cut at a
    word boundary with an ellipsis; YAML-safe and HTML-escaped like the title."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        cut = text[: limit - 1]
        if text[limit - 1] != " " and " " in cut:
            cut = cut.rsplit(" ", 1)[0]
        text = cut.rstrip(" ,;:—–-") + "…"
    return front_matter_title(text)


@dataclass(frozen=True)
class Page:
    src_uri: str
    contenu: str
    titre: str
    in_nav: bool
    parent: str = ""  # a capacité's bloc page: the navigation nests it there


@dataclass(frozen=True)
class Telechargement:
    src: str
    titre: str
    format: str
    type: str
    taille: str
    pret: bool = True  # False while mkdocs serve renders it in the background


@dataclass(frozen=True)
class Unite:
    """A bloc or capacité as the pages show it."""

    id: str
    label: str
    titre: str
    src: str
    optionnel: bool
    publies: bool
    criteres: tuple[Critere, ...]
    rows: tuple[tuple[Critere, str], ...]  # every criterion of the unit with the page carrying it
    conditions: tuple[Any, ...] = ()
    capacites: tuple[Unite, ...] = ()
    evaluee: bool = True  # False: a capacité counted in its bloc's grid, not on its own

    @property
    def label_long(self) -> str:
        return f"{self.label} — {self.titre}"

    @property
    def essentiels(self) -> tuple[bool, ...]:
        """Whether each row's criterion is essential, in order."""
        return tuple(bool(c.essentiel) for c, _ in self.rows)


@dataclass(frozen=True)
class Groupe:
    id: str
    titre: str
    questions: tuple[Question, ...]


def documents(downloads: Sequence[Telechargement]) -> list[Telechargement]:
    """The downloads that are documents, not open data (listed apart)."""
    return [d for d in downloads if d.type != "donnees"]


def format_size(octets: int) -> str:
    if octets < 1000:
        return f"{octets} o"
    return f"{round(octets / 1000)} ko"


# The same few pairs of pages link to each other from every row of a page.
_href = functools.lru_cache(maxsize=65536)(urls.href)


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("cqpsite", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        fm=front_matter_title,
        description=front_matter_description,
        href=lambda to, page: _href(page, to),
        anchor=lambda c: urls.critere_anchor(c),
        question_anchor=urls.question_anchor,
        section_anchor=urls.section_anchor,
        grille_anchor=urls.grille_anchor,
        alias=code_alias,
        debut_unite=unit_start_text,
        debut_certification=certification_start_text,
        grille_rows=functools.partial(lignes_html.grille_rows, href=_href),
        criteres_items=lignes_html.criteres_items,
        figee_items=lignes_html.figee_items,
        aide_items=lignes_html.aide_items,
        documents=documents,
        checklist_items=lignes_html.checklist_items,
    )
    return env


_ENV = _env()


def compile_templates() -> None:
    """Compile every template now: forked workers then share them instead of each compiling
    its own copies."""
    for name in _ENV.list_templates():
        _ENV.get_template(name)


def template(name: str) -> jinja2.Template:
    """A template of the package, in the one environment every renderer shares."""
    return _ENV.get_template(name)


def _capacite_unit(
    ref: Referentiel, cap: Capacite, evaluee: bool = True, version: str | None = None
) -> Unite:
    src = urls.capacite_page(ref, cap, version)
    return Unite(
        id=cap.id,
        label=f"Capacité {cap.numero}",
        titre=cap.titre,
        src=src,
        optionnel=False,
        publies=True,
        criteres=cap.criteres,
        rows=tuple((c, src) for c in cap.criteres),
        conditions=cap.conditions,
        evaluee=evaluee,
    )


def _bloc_unit(ref: Referentiel, bloc: Bloc, version: str | None = None) -> Unite:
    src = urls.bloc_page(ref, bloc, version)
    caps = tuple(_capacite_unit(ref, c, False, version) for c in bloc.capacites)
    own = () if isinstance(bloc.criteres, str) else bloc.criteres
    return Unite(
        id=bloc.id,
        label=f"{bloc.libelle} {bloc.numero}",
        titre=bloc.titre,
        src=src,
        optionnel=bloc.optionnel,
        publies=not isinstance(bloc.criteres, str),
        criteres=own,
        rows=tuple((c, src) for c in own) + tuple(r for cap in caps for r in cap.rows),
        capacites=caps,
    )


def units(ref: Referentiel, version: str | None = None) -> tuple[Unite, ...]:
    """The units of evaluation in order: blocs (with their capacités) or top-level capacités.

    ``version`` places the pages under the pinned root of that version.
    """
    if ref.blocs:
        return tuple(_bloc_unit(ref, b, version) for b in ref.blocs)
    return tuple(_capacite_unit(ref, c, True, version) for c in ref.capacites)


def _rubriques(rubriques: Sequence[Rubrique], bloc: str = "") -> Iterator[tuple[Rubrique, str]]:
    for r in rubriques:
        owner = r.bloc or bloc
        yield r, owner
        yield from _rubriques(r.rubriques, owner)


def checklist(ref: Referentiel, bloc_id: str) -> tuple[Groupe, ...]:
    """The dossier questions tied to a bloc, grouped by rubrique (official text of the Livret)."""
    if ref.dossier is None:
        return ()
    groupes = []
    for section in ref.dossier.sections:
        for r, owner in _rubriques(section.rubriques):
            questions = tuple(e for e in r.elements if isinstance(e, Question))
            if owner == bloc_id and questions:
                groupes.append(Groupe(r.id, r.titre, questions))
    return tuple(groupes)


def heading_levels(dossier: Dossier) -> dict[str, int]:
    """Rubrique ID → its heading level: one below the nearest titled ancestor (sections are
    level 2), so an untitled rubrique never makes the outline skip a level."""
    levels: dict[str, int] = {}

    def visit(rubriques: Sequence[Rubrique], level: int) -> None:
        for r in rubriques:
            levels[r.id] = level
            visit(r.rubriques, level + 1 if r.titre else level)

    for section in dossier.sections:
        visit(section.rubriques, 3)
    return levels


def counted_sections(dossier: Dossier) -> frozenset[str]:
    """Sections with a counter of their own (written in the page, filled by reponses.js): those
    with questions, when there are several; with one, the page's counter says the same."""
    ids = {
        s.id
        for s in dossier.sections
        if any(isinstance(e, Question) for r, _ in _rubriques(s.rubriques) for e in r.elements)
    }
    return frozenset(ids) if len(ids) > 1 else frozenset()


def _render(template: str, page: str, **context: Any) -> str:
    return _ENV.get_template(template).render(page=page, **context)


def render_home(refs: Sequence[Referentiel]) -> Page:
    page = urls.home_page()
    text = _render("home.html.j2", page, refs=refs, overview=urls.overview_page)
    return Page(page, text, "Accueil", True)


# Title of the notice pages standing at addresses that the current version no longer has.
TITRE_RETRAIT = "Élément retiré"


@dataclass(frozen=True)
class Bandeau:
    """Shown on every page of an archived version: what replaces it and where."""

    version: str
    courante: Referentiel
    ids: frozenset[str]  # IDs still present in the current version
    comparaison: str  # src of the comparison page

    def cible(self, ref: Referentiel, src: str, ident: str = "") -> tuple[str, bool]:
        """The unversioned page of the same item, and whether the item still exists there."""
        target = urls.unpinned(src, ref, self.version)
        if target == urls.dossier_page(ref) and self.courante.dossier is None:
            return urls.overview_page(ref), False
        return target, not ident or ident in self.ids


def render_referentiel(
    ref: Referentiel,
    downloads: Sequence[Telechargement] = (),
    *,
    bandeau: Bandeau | None = None,
    absents: Mapping[str, Sequence[Absent]] | None = None,
    suivi: Suivi | None = None,
) -> tuple[Page, ...]:
    """Every page of one referential: overview, one per bloc and capacité, dossier, grid, and the
    notices for pages of earlier versions that this one no longer has.

    ``bandeau``: set for an archived version, whose pages go under its pinned root, out of the
    navigation and out of search. ``absents``: page → addresses of earlier versions it keeps.
    ``suivi``: fingerprints across versions, for the marks on answers given to another wording.
    """
    version = bandeau.version if bandeau else None
    all_units = units(ref, version)
    overview, dossier, grille = (
        urls.overview_page(ref, version),
        urls.dossier_page(ref, version),
        urls.grille_page(ref, version),
    )
    absents = absents or {}
    common: dict[str, Any] = {
        "ref": ref,
        "overview": overview,
        "dossier": dossier,
        "grille": grille,
        "versions": urls.versions_page(ref),
        "downloads": downloads,
        "export": urls.export_json(ref, version),
        "archive": bandeau is not None,
        "suivi": suivi or Suivi(),
        # Where the source line's open-data link leads (the overview's section), if any.
        "donnees": overview if any(d.type == "donnees" for d in downloads) else None,
    }

    def render(template: str, src: str, ident: str = "", **context: Any) -> str:
        cible = bandeau.cible(ref, src, ident) if bandeau else None
        here = absents.get(src, ())
        return _render(template, src, bandeau=bandeau, cible=cible, absents=here, **context)

    in_nav = bandeau is None
    pages = [
        Page(
            overview,
            render(
                "referentiel.html.j2",
                overview,
                units=all_units,
                unites_dans_texte=sommaire.units_in_text(ref),
                regles=sommaire.rules_not_in_text(ref),
                introduction=sommaire.introduction(ref),
                **common,
            ),
            "Présentation",
            in_nav,
        )
    ]
    flat: list[tuple[Unite, Unite | None]] = []
    for unit in all_units:
        flat.append((unit, None))
        flat += [(cap, unit) for cap in unit.capacites]
    for i, (unit, parent) in enumerate(flat):
        prev = flat[i - 1][0] if i > 0 else None
        nxt = flat[i + 1][0] if i + 1 < len(flat) else None
        text = render(
            "unite.html.j2",
            unit.src,
            unit.id,
            unit=unit,
            parent=parent,
            prev=prev,
            next=nxt,
            questions=checklist(ref, unit.id),
            **common,
        )
        # Capacités of a bloc are nested under it (cqpsite.nav): pruned, a page carries them
        # only when it is in that bloc.
        pages.append(Page(unit.src, text, unit.label, in_nav, parent.src if parent else ""))
    if ref.dossier is not None:
        links = {u.id: u for u in all_units}
        niveaux = heading_levels(ref.dossier)
        text = render(
            "dossier.html.j2",
            dossier,
            bloc_links=links,
            niveaux=niveaux,
            comptees=counted_sections(ref.dossier),
            **common,
        )
        pages.append(Page(dossier, text, ref.dossier.titre, in_nav))
    text = render("grille.html.j2", grille, units=all_units, **common)
    pages.append(Page(grille, text, "Grille d’évaluation", in_nav))
    existing = {p.src_uri for p in pages}
    for src, items in absents.items():
        if src not in existing:
            text = _render("retrait.html.j2", src, absents=items, **common)
            pages.append(Page(src, text, TITRE_RETRAIT, False))
    return tuple(pages)


def render_versions(historique: Historique, comparaisons: Sequence[Comparaison]) -> Page:
    """The list of a referential's versions with their pinned links and comparisons."""
    ref = historique.courante
    src = urls.versions_page(ref)
    text = _render(
        "versions.html.j2",
        src,
        ref=ref,
        historique=historique,
        overview=urls.overview_page(ref),
        comparaisons={
            c.ancienne.version: urls.comparaison_page(ref, c.ancienne.version) for c in comparaisons
        },
        racine=lambda r: urls.overview_page(r, r.version),
    )
    return Page(src, text, "Versions", False)


def render_comparaison(historique: Historique, comparaison: Comparaison) -> Page:
    """Blocs, capacités, criteria and questions added, retired or reworded, by ID."""
    ref = historique.courante
    ancienne = comparaison.ancienne
    src = urls.comparaison_page(ref, ancienne.version)
    avant = {a.id: a for a in adresses(ancienne, ancienne.version)}
    apres = {a.id: a for a in adresses(ref)}
    text = _render(
        "comparaison.html.j2",
        src,
        ref=ref,
        c=comparaison,
        avant=avant,
        apres=apres,
        versions=urls.versions_page(ref),
        overview=urls.overview_page(ref),
    )
    return Page(src, text, f"Changements depuis la version {ancienne.version}", False)


__all__ = [
    "Bandeau",
    "Page",
    "Point",
    "Telechargement",
    "render_comparaison",
    "render_home",
    "render_referentiel",
    "render_versions",
]
