"""The certification rules as pure functions (mirrored in JavaScript; same table of cases)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cqpsite.model import RegleCertification, RegleUnite


@dataclass(frozen=True)
class ResultatUnite:
    acquis: bool | None  # None: the commission decides, nothing to compute
    explication: str


@dataclass(frozen=True)
class ResultatCertification:
    acquis: bool
    explication: str


_NOMS = {
    "bloc": ("bloc", "acquis", "non acquis"),
    "capacite": ("capacité", "acquise", "non acquise"),
}


def evaluate_unite(
    regle: RegleUnite, criteres: Sequence[tuple[bool, bool]], unite: str = "bloc"
) -> ResultatUnite:
    """Apply a unit rule to (essentiel, acquis) pairs, one per criterion."""
    if regle.type == "decision" or regle.seuil is None:
        return ResultatUnite(None, "décision de la commission d’évaluation")
    total = len(criteres)
    acquis = sum(1 for _, ok in criteres if ok)
    essentiels = sum(1 for ess, _ in criteres if ess)
    essentiels_acquis = sum(1 for ess, ok in criteres if ess and ok)
    # Integer arithmetic: 79.99 % must never pass an 80 % threshold through rounding.
    seuil_ok = total > 0 and acquis * 100 >= regle.seuil * total
    essentiels_ok = not regle.essentiels or essentiels_acquis == essentiels
    pourcent = acquis * 100 // total if total else 0
    texte = f"{acquis} / {total} critères acquis ({pourcent} %, seuil {regle.seuil} %)"
    if regle.essentiels:
        texte += f" ; critères essentiels : {essentiels_acquis} / {essentiels}"
    ok = seuil_ok and essentiels_ok
    nom, oui, non = _NOMS[unite]
    return ResultatUnite(ok, f"{texte} → {nom} {oui if ok else non}")


_WORDS = {
    "bloc": ("blocs obligatoires", "acquis", "tous requis"),
    "capacite": ("capacités", "acquises", "toutes requises"),
}


def evaluate_certification(
    regle: RegleCertification, unites: Sequence[tuple[bool, bool]], unite: str = "bloc"
) -> ResultatCertification:
    """Apply the certification rule to (optionnel, acquis) pairs, one per unit."""
    obligatoires = [ok for optionnel, ok in unites if not optionnel]
    acquises = sum(1 for ok in obligatoires if ok)
    ok = acquises == len(obligatoires)
    nom, participe, requis = _WORDS[unite]
    verdict = regle.acquis if ok else regle.non_acquis
    return ResultatCertification(
        ok, f"{acquises} / {len(obligatoires)} {nom} {participe} → {verdict} ({requis})"
    )
