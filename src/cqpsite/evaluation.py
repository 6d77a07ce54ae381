"""The certification rules as pure functions (mirrored in JavaScript; same table of cases).

No verdict before every criterion (or unit) is evaluated: an incomplete grid is neutral.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cqpsite.model import RegleCertification, RegleUnite


@dataclass(frozen=True)
class ResultatUnite:
    acquis: bool | None  # None: not every criterion evaluated yet, or the commission decides
    explication: str


@dataclass(frozen=True)
class ResultatCertification:
    acquis: bool | None  # None: not every mandatory unit has a result yet
    explication: str


_NOMS = {
    "bloc": ("bloc", "acquis", "non acquis"),
    "capacite": ("capacité", "acquise", "non acquise"),
}


def _coches(etats: Sequence[bool | None]) -> str:
    acquis = sum(1 for e in etats if e is True)
    non_acquis = sum(1 for e in etats if e is False)
    return f"{acquis} acquis, {non_acquis} non acquis"


def criteres_saisis(
    lignes: Sequence[tuple[str, bool, bool | None]],
) -> list[tuple[bool, bool | None]]:
    """The criteria typed on the blank rows of an unpublished bloc, from (texte, essentiel,
    acquis) rows: a row counts once anything is entered on it (a tick without text is an
    evaluated criterion still to be named, never ignored); an untouched row does not count."""
    return [(ess, ok) for texte, ess, ok in lignes if texte.strip() or ess or ok is not None]


def evaluate_unite(
    regle: RegleUnite, criteres: Sequence[tuple[bool, bool | None]], unite: str = "bloc"
) -> ResultatUnite:
    """Apply a unit rule to (essentiel, acquis) pairs, one per criterion; acquis is None for a
    criterion not evaluated yet."""
    total = len(criteres)
    evalues = sum(1 for _, ok in criteres if ok is not None)
    compte = f"{evalues} / {total} critères évalués ({_coches([ok for _, ok in criteres])})"
    if regle.type == "decision" or regle.seuil is None:
        return ResultatUnite(None, f"{compte} ; la commission d’évaluation décide")
    if total == 0:
        return ResultatUnite(None, "aucun critère saisi : pas encore de résultat")
    if evalues < total:
        return ResultatUnite(None, f"{compte} : résultat quand tous le seront")
    acquis = sum(1 for _, ok in criteres if ok)
    essentiels = sum(1 for ess, _ in criteres if ess)
    essentiels_acquis = sum(1 for ess, ok in criteres if ess and ok)
    # Integer arithmetic: 79.99 % must never pass an 80 % threshold through rounding.
    seuil_ok = acquis * 100 >= regle.seuil * total
    essentiels_ok = not regle.essentiels or essentiels_acquis == essentiels
    pourcent = acquis * 100 // total
    texte = f"{acquis} / {total} critères acquis ({pourcent} %, seuil {regle.seuil} %)"
    if regle.essentiels:
        texte += f" ; critères essentiels : {essentiels_acquis} / {essentiels}"
    ok = seuil_ok and essentiels_ok
    nom, oui, non = _NOMS[unite]
    return ResultatUnite(ok, f"{texte} → {nom} {oui if ok else non}")


_WORDS = {
    "bloc": ("blocs obligatoires", "acquis", "tous requis", "évalués", "tous"),
    "capacite": ("capacités", "acquises", "toutes requises", "évaluées", "toutes"),
}


def evaluate_certification(
    regle: RegleCertification, unites: Sequence[tuple[bool, bool | None]], unite: str = "bloc"
) -> ResultatCertification:
    """Apply the certification rule to (optionnel, acquis) pairs, one per unit; acquis is None
    for a unit without a result yet."""
    obligatoires = [ok for optionnel, ok in unites if not optionnel]
    nom, participe, requis, evaluees, tous = _WORDS[unite]
    connues = sum(1 for ok in obligatoires if ok is not None)
    if connues < len(obligatoires):
        return ResultatCertification(
            None,
            f"{connues} / {len(obligatoires)} {nom} {evaluees} : résultat quand {tous} le seront",
        )
    acquises = sum(1 for ok in obligatoires if ok)
    ok = acquises == len(obligatoires)
    verdict = regle.acquis if ok else regle.non_acquis
    return ResultatCertification(
        ok, f"{acquises} / {len(obligatoires)} {nom} {participe} → {verdict} ({requis})"
    )


# What the grids say before anything is evaluated, as grilles.js writes it at load: written in
# the page, so that nothing under a grid moves when the script starts.


def unit_start_text(regle: RegleUnite, essentiels: Sequence[bool], unite: str = "bloc") -> str:
    """A unit's result text with no criterion evaluated (``essentiels``: one per criterion)."""
    texte = evaluate_unite(regle, [(e, None) for e in essentiels], unite).explication
    if regle.type == "decision":
        texte += " ; mon estimation : à choisir"  # the candidate's estimate (grilles.js)
    return texte


def certification_start_text(
    regle: RegleCertification, optionnels: Sequence[bool], unite: str = "bloc"
) -> str:
    """The synthesis' text with no unit evaluated (``optionnels``: one per unit)."""
    return evaluate_certification(regle, [(o, None) for o in optionnels], unite).explication
