"""Model → Markdown pages (strings) through the package's Jinja templates; no file I/O."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from cqpsite import urls
from cqpsite.model import Bloc, Capacite, Critere, Point, Question, Referentiel, Rubrique

# Python-Markdown's own escapable characters (markdown.Markdown.ESCAPED_CHARS).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!])")


def front_matter_title(text: str) -> Markup:
    """A YAML-safe title. MkDocs and the theme print page and nav titles unescaped, so the
    title handed to them is already HTML-escaped text."""
    return Markup(json.dumps(html.escape(" ".join(str(text).split())), ensure_ascii=False))


def escape_markdown(text: str) -> Markup:
    """Inline Markdown that displays ``text`` literally: HTML-escaped, then backslash-escaped."""
    flat = " ".join(str(text).split())
    return Markup(_MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False)))


@dataclass(frozen=True)
class Page:
    src_uri: str
    contenu: str
    titre: str
    in_nav: bool


@dataclass(frozen=True)
class Telechargement:
    src: str
    titre: str
    format: str
    type: str
    taille: str


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


@dataclass(frozen=True)
class Groupe:
    id: str
    titre: str
    questions: tuple[Question, ...]


def format_size(octets: int) -> str:
    if octets < 1000:
        return f"{octets} o"
    return f"{round(octets / 1000)} ko"


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
        md=escape_markdown,
        fm=front_matter_title,
        link=lambda to, page: urls.relative(page, to),
        href=lambda to, page: urls.href(page, to),
        anchor=lambda c: urls.critere_anchor(c),
        question_anchor=urls.question_anchor,
        section_anchor=urls.section_anchor,
        grille_anchor=urls.grille_anchor,
    )
    return env


_ENV = _env()


def _capacite_unit(ref: Referentiel, cap: Capacite, evaluee: bool = True) -> Unite:
    src = urls.capacite_page(ref, cap)
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


def _bloc_unit(ref: Referentiel, bloc: Bloc) -> Unite:
    src = urls.bloc_page(ref, bloc)
    caps = tuple(_capacite_unit(ref, c, evaluee=False) for c in bloc.capacites)
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


def units(ref: Referentiel) -> tuple[Unite, ...]:
    """The units of evaluation in order: blocs (with their capacités) or top-level capacités."""
    if ref.blocs:
        return tuple(_bloc_unit(ref, b) for b in ref.blocs)
    return tuple(_capacite_unit(ref, c) for c in ref.capacites)


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


def _render(template: str, page: str, **context: Any) -> str:
    return _ENV.get_template(template).render(page=page, **context)


def render_home(refs: Sequence[Referentiel]) -> Page:
    page = urls.home_page()
    text = _render("home.md.j2", page, refs=refs, overview=urls.overview_page)
    return Page(page, text, "Accueil", True)


def render_referentiel(
    ref: Referentiel,
    downloads: Sequence[Telechargement] = (),
    badges: Mapping[str, str] | None = None,
) -> tuple[Page, ...]:
    """Every page of one referential: overview, one per bloc and capacité, dossier, grid.

    ``badges``: criterion ID → its Open Badges alignment (JSON text), shown under the criterion.
    """
    all_units = units(ref)
    overview, dossier, grille = (
        urls.overview_page(ref),
        urls.dossier_page(ref),
        urls.grille_page(ref),
    )
    common = {
        "ref": ref,
        "overview": overview,
        "dossier": dossier,
        "grille": grille,
        "downloads": downloads,
        "export": urls.export_json(ref),
    }
    pages = [
        Page(
            overview,
            _render("referentiel.md.j2", overview, units=all_units, **common),
            "Présentation",
            True,
        )
    ]
    flat: list[tuple[Unite, Unite | None]] = []
    for unit in all_units:
        flat.append((unit, None))
        flat += [(cap, unit) for cap in unit.capacites]
    for i, (unit, parent) in enumerate(flat):
        prev = flat[i - 1][0] if i > 0 else None
        nxt = flat[i + 1][0] if i + 1 < len(flat) else None
        text = _render(
            "unite.md.j2",
            unit.src,
            unit=unit,
            parent=parent,
            prev=prev,
            next=nxt,
            questions=checklist(ref, unit.id),
            badges=badges or {},
            **common,
        )
        # Blocs go in the navigation; capacités stay out of it so large sites build fast.
        is_bloc = unit.src.startswith(f"{ref.id}/blocs/")
        pages.append(Page(unit.src, text, unit.label, is_bloc))
    if ref.dossier is not None:
        links = {u.id: u for u in all_units}
        text = _render("dossier.md.j2", dossier, bloc_links=links, **common)
        pages.append(Page(dossier, text, ref.dossier.titre, True))
    text = _render("grille.md.j2", grille, units=all_units, **common)
    pages.append(Page(grille, text, "Grille d’évaluation", True))
    return tuple(pages)


__all__ = ["Page", "Point", "Telechargement", "render_home", "render_referentiel"]
