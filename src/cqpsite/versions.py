"""Versions of one referential: checks across versions, comparison, and what the current
version must still answer for (pages and anchors of earlier versions that it no longer has).

Pure functions on the model; ``corpus`` loads the files, ``site`` renders the results.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from cqpsite.exports import permaliens
from cqpsite.loading import Probleme
from cqpsite.model import (
    Bloc,
    Capacite,
    Critere,
    Point,
    Question,
    Referentiel,
    Retrait,
    Rubrique,
    Section,
    SectionDossier,
)
from cqpsite.rules import per_object, walked

NATURES: dict[type, str] = {
    Bloc: "bloc",
    Capacite: "capacité",
    Critere: "critère",
    Point: "sous-point",
    Question: "question",
    Rubrique: "rubrique",
    Section: "section",
    SectionDossier: "section du dossier",
}


@dataclass(frozen=True)
class Historique:
    """A referential's current version and its archived ones, oldest first."""

    courante: Referentiel
    anciennes: tuple[Referentiel, ...] = ()

    @property
    def toutes(self) -> tuple[Referentiel, ...]:
        return (*self.anciennes, self.courante)


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """Natural order of version identifiers: "2" < "10", "2024" < "2024.1"."""
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in re.split(r"[.-]", version))


def check_order(
    current: tuple[Referentiel, str, dict[str, int]],
    archives: Sequence[tuple[Referentiel, str, dict[str, int]]],
) -> list[Probleme]:
    """Every archived version comes strictly before the current one in the order the site and
    the browser use (``version_key``), and no two versions share a rank ("01" and "1")."""
    problemes = []
    ranks: dict[tuple[tuple[int, str], ...], str] = {version_key(current[0].version): current[1]}
    for ref, fichier, lignes in archives:
        line = lignes.get("version", 1)
        key = version_key(ref.version)
        if key in ranks:
            message = (
                f"version {ref.version!r} : même rang que la version de {ranks[key]} "
                "(« 01 » se lit « 1 ») ; donnez-lui un numéro distinct"
            )
            problemes.append(Probleme(fichier, line, "version", message))
        elif key > version_key(current[0].version):
            message = (
                f"version archivée {ref.version!r} postérieure à la version courante "
                f"{current[0].version!r} ({current[1]}) : une version archivée est antérieure "
                "(ordre naturel : 2 < 10 < 2024 < 2024.1)"
            )
            problemes.append(Probleme(fichier, line, "version", message))
        ranks.setdefault(key, fichier)
    return problemes


@dataclass(frozen=True)
class Element:
    """An identified item of one version, as a comparison shows it."""

    id: str
    nature: str
    texte: str
    essentiel: bool = False


def _texte(obj: Any) -> str:
    """How a comparison or a notice names an item: a bloc or capacité by number and title, the
    others by their own text."""
    if isinstance(obj, Bloc):
        return f"{obj.libelle} {obj.numero} : {obj.titre}"
    if isinstance(obj, Capacite):
        return f"Capacité {obj.numero} : {obj.titre}"
    return str(getattr(obj, "texte", "") or getattr(obj, "question", "") or obj.titre)


@per_object
def elements(ref: Referentiel) -> dict[str, Element]:
    """ID → item for every identified part of ``ref`` (retraits excluded), in document order;
    computed once per version (shared: never modify it)."""
    return {
        obj.id: Element(obj.id, NATURES[type(obj)], _texte(obj), getattr(obj, "essentiel", False))
        for _, obj in walked(ref)
        if type(obj) in NATURES
    }


@per_object
def ancestors(ref: Referentiel) -> dict[str, tuple[str, ...]]:
    """ID → IDs of the identified items containing it, outermost first (shared: never modify
    it)."""
    out: dict[str, tuple[str, ...]] = {}
    stack: list[tuple[str, str]] = []  # (path, id) of the open containers
    for chemin, obj in walked(ref):
        if type(obj) not in NATURES:
            continue
        while stack and not chemin.startswith(stack[-1][0] + "."):
            stack.pop()
        out[obj.id] = tuple(i for _, i in stack)
        stack.append((chemin, obj.id))
    return out


def _id_lines(ref: Referentiel, lignes: dict[str, int]) -> dict[str, int]:
    return {
        getattr(obj, "id", ""): lignes.get(f"{chemin}.id", 1)
        for chemin, obj in walked(ref)
        if type(obj) in NATURES
    }


def check_versions(
    versions: Sequence[tuple[Referentiel, str, dict[str, int]]],
) -> list[Probleme]:
    """Problems across the versions of one referential, given oldest first with their file name
    and line table: an ID never changes nature nor comes back once retired, and every ID that
    disappears from one version to the next is listed in the newer version's ``retraits``."""
    problemes: list[Probleme] = []
    seen: dict[str, tuple[str, str]] = {}  # ID → (nature, first version having it)
    retired: dict[str, str] = {}  # ID → version that retired it
    previous: dict[str, Element] | None = None
    before: Referentiel | None = None
    for ref, fichier, lignes in versions:

        def fail(chemin: str, line: int, message: str) -> None:
            problemes.append(Probleme(fichier, line, chemin, message))  # noqa: B023

        def line(ident: str) -> int:
            return _id_lines(ref, lignes).get(ident, 1)  # noqa: B023

        # A single version has nothing to compare its items with.
        items = elements(ref) if len(versions) > 1 else {}
        for ident, item in items.items():
            if ident in retired:
                fail(
                    "id",
                    line(ident),
                    f"identifiant {ident!r} retiré en version {retired[ident]} : un identifiant "
                    "retiré ne sert plus jamais, choisissez-en un nouveau",
                )
            elif ident in seen and seen[ident][0] != item.nature:
                nature, version = seen[ident]
                fail(
                    "id",
                    line(ident),
                    f"identifiant {ident!r} : c’était un(e) {nature} en version {version}, "
                    f"c’est ici un(e) {item.nature} ; un identifiant ne change jamais de nature",
                )
            seen.setdefault(ident, (item.nature, ref.version))
        if previous is not None and before is not None:
            _check_retraits(ref, lignes, previous, ancestors(before), items, retired, fail)
        if previous is None and ref.retraits:
            ids = ", ".join(repr(r.id) for r in ref.retraits)
            fail(
                "retraits",
                lignes.get("retraits", 1),
                f"retraits ({ids}) sans version précédente archivée : archivez la version "
                f"publiée telle quelle sous versions/{ref.id}/<version>.yml (ses adresses "
                "/v/<version>/… restent ainsi en ligne)",
            )
        previous, before = items, ref
    return problemes


def _check_retraits(
    ref: Referentiel,
    lignes: dict[str, int],
    previous: dict[str, Element],
    parents: dict[str, tuple[str, ...]],
    items: dict[str, Element],
    retired: dict[str, str],
    fail: Callable[[str, int, str], None],
) -> None:
    declared = {r.id for r in ref.retraits}
    for ident, item in previous.items():
        covered = ident in declared or any(a in declared for a in parents.get(ident, ()))
        if ident not in items and not covered:
            fail(
                "retraits",
                lignes.get("retraits", lignes.get("version", 1)),
                f"{item.nature} {ident!r} de la version précédente a disparu : ajoutez-le à "
                "« retraits » avec un motif, ou l’un des éléments qui le contenaient (ou "
                "rétablissez-le avec le même identifiant)",
            )
    for i, retrait in enumerate(ref.retraits):
        chemin = f"retraits[{i}].id"
        if retrait.id not in previous and retrait.id not in retired:
            message = f"{retrait.id!r} n’existait pas dans la version précédente"
            fail(chemin, lignes.get(chemin, 1), message)
        retired.setdefault(retrait.id, ref.version)
    for ident in previous.keys() - items.keys():
        retired.setdefault(ident, ref.version)


# --- Comparison ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Changement:
    avant: Element | None
    apres: Element | None
    motif: str = ""

    @property
    def element(self) -> Element:
        return self.apres or self.avant  # type: ignore[return-value]


@dataclass(frozen=True)
class Comparaison:
    ancienne: Referentiel
    nouvelle: Referentiel
    ajouts: tuple[Changement, ...]
    retraits: tuple[Changement, ...]
    reformulations: tuple[Changement, ...]  # same ID, other text or essential flag


def compare(historique: Historique, ancienne: Referentiel) -> Comparaison:
    """What changed from ``ancienne`` to the current version, by ID."""
    nouvelle = historique.courante
    avant, apres = elements(ancienne), elements(nouvelle)
    motifs = _motifs(historique)
    return Comparaison(
        ancienne,
        nouvelle,
        tuple(Changement(None, e) for i, e in apres.items() if i not in avant),
        tuple(Changement(e, None, motifs.get(i, "")) for i, e in avant.items() if i not in apres),
        tuple(
            Changement(e, apres[i])
            for i, e in avant.items()
            if i in apres and (e.texte, e.essentiel) != (apres[i].texte, apres[i].essentiel)
        ),
    )


def _motifs(historique: Historique) -> dict[str, str]:
    """ID → why it was retired, with the version that retired it (an item retired with its
    container gets the container's reason)."""
    out: dict[str, str] = {}
    versions = historique.toutes
    for previous, ref in itertools.pairwise(versions):
        parents = ancestors(previous)
        for r in ref.retraits:
            text = f"Retiré en version {ref.version} : {r.motif.rstrip('.')}."
            out[r.id] = text
            for ident, containers in parents.items():
                if r.id in containers:
                    out.setdefault(ident, text)
    return out


# --- Addresses the current version must keep answering ---------------------------------------


@dataclass(frozen=True)
class Adresse:
    """Where a bloc, capacité, criterion or point is published (unversioned path)."""

    id: str
    nature: str
    texte: str
    page: str
    ancre: str = ""


def adresses(ref: Referentiel, version: str | None = None) -> Iterator[Adresse]:
    """Every bloc, capacité, criterion and point with the page (and anchor) carrying it."""
    for e in permaliens.entries(ref, "", version):
        yield Adresse(e.objet.id, NATURES[type(e.objet)], _texte(e.objet), e.page, e.ancre)


@dataclass(frozen=True)
class Absent:
    """An address of an earlier version that the current version no longer has.

    ``archive`` is the same item in the last version that had it (pinned path);
    ``nouvelle`` is where the item now is when it only moved (same ID), else None.
    """

    adresse: Adresse
    version: str
    archive: Adresse
    motif: str
    nouvelle: Adresse | None


def absents(historique: Historique) -> dict[str, tuple[Absent, ...]]:
    """Unversioned page → the addresses of earlier versions it must still answer for.

    A page missing from the current version becomes a notice page; a missing anchor on an
    existing page becomes a notice at its foot. Links given out never break.
    """
    courante = {(a.page, a.ancre): a for a in adresses(historique.courante)}
    par_id = {a.id: a for a in courante.values()}
    motifs = _motifs(historique)
    found: dict[tuple[str, str], Absent] = {}
    for ancienne in reversed(historique.anciennes):  # newest first: its archive wins
        pinned = {a.id: a for a in adresses(ancienne, ancienne.version)}
        for a in adresses(ancienne):
            key = (a.page, a.ancre)
            if key in courante or key in found:
                continue
            motif = motifs.get(a.id, "")
            found[key] = Absent(a, ancienne.version, pinned[a.id], motif, par_id.get(a.id))
    out: dict[str, list[Absent]] = {}
    for (page, _), absent in found.items():
        out.setdefault(page, []).append(absent)
    return {page: tuple(items) for page, items in out.items()}


__all__ = [
    "Absent",
    "Adresse",
    "Changement",
    "Comparaison",
    "Historique",
    "Retrait",
    "absents",
    "check_versions",
    "compare",
    "elements",
    "version_key",
]
