"""Open Badges 3.0 ``Alignment`` objects, one per criterion, for badges that certify it."""

from __future__ import annotations

from typing import Any

from cqpsite.exports import permaliens
from cqpsite.model import Critere, Referentiel

NOTE = (
    "Objets « Alignment » d’Open Badges 3.0 (1EdTech) : copiez celui d’un critère dans le "
    "champ « alignment » de l’« Achievement » d’un badge. « targetUrl » est l’adresse "
    "permanente du critère."
)


def alignment(ref: Referentiel, critere: Critere, url: str) -> dict[str, Any]:
    code = critere.id.upper()
    return {
        "type": ["Alignment"],
        "targetName": f"Critère {code} — {ref.titre}",
        "targetUrl": url,
        "targetDescription": critere.texte,
        "targetFramework": ref.titre,
        "targetCode": code,
    }


def alignments(ref: Referentiel, site_url: str) -> dict[str, dict[str, Any]]:
    """Criterion ID → its alignment, in document order (points belong to their criterion).

    ``targetUrl`` is the criterion's pinned permalink: a badge certifies one version, and
    that address keeps showing it after the next version.
    """
    return {
        e.objet.id: alignment(ref, e.objet, e.permalien)
        for e in permaliens.entries(ref, site_url, ref.version)
        if isinstance(e.objet, Critere)
    }


def badges_data(ref: Referentiel, site_url: str) -> dict[str, Any]:
    return {
        "referentiel": ref.id,
        "targetFramework": ref.titre,
        "note": NOTE,
        "alignments": list(alignments(ref, site_url).values()),
    }
