"""``badges.json``: Open Badges 3.0 (1EdTech) ``Achievement`` objects, one per certifiable unit
(bloc or capacité, as the rules say) and one for the certification, and the ``Alignment`` of
each criterion. Criteria narratives quote the source only: nothing is invented."""

from __future__ import annotations

from typing import Any

from cqpsite.exports import identifiants, permaliens
from cqpsite.model import Bloc, Capacite, Critere, Referentiel

NOTE = (
    "Objets d’Open Badges 3.0 (1EdTech). « achievements » : un « Achievement » par unité "
    "certifiable et un pour la certification, à reprendre dans un badge ; « alignments » : "
    "l’« Alignment » de chaque critère. « targetUrl » est l’adresse figée de cette version. "
    "Les identifiants (« id ») sont des UUID version 5 tirés du référentiel, de la version et "
    "de l’identifiant de l’unité : ils ne dépendent pas de l’adresse de publication."
)

Unite = Bloc | Capacite


def alignment(ref: Referentiel, critere: Critere, url: str) -> dict[str, Any]:
    code = critere.id.upper()
    return {
        "type": ["Alignment"],
        "targetName": f"Critère {code} — {ref.titre}",
        "targetUrl": url,
        "targetDescription": critere.texte,
        "targetFramework": ref.titre,
        "targetCode": code,
        "targetType": "CFItem",
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


def unites(ref: Referentiel) -> tuple[Unite, ...]:
    """The certifiable units: blocs or capacités, as ``regles.unite`` says."""
    if ref.regles.unite == "bloc":
        return ref.blocs
    return ref.capacites or tuple(c for b in ref.blocs for c in b.capacites)


def nom_unite(unite: Unite) -> str:
    libelle = unite.libelle if isinstance(unite, Bloc) else "Capacité"
    return f"{libelle} {unite.numero} : {unite.titre}"


def _criteres(unite: Unite) -> tuple[Critere, ...] | None:
    """The unit's criteria in source order (a bloc's then its capacités'); None when the
    source publishes none."""
    if isinstance(unite, Capacite):
        return unite.criteres
    if isinstance(unite.criteres, str):
        return None
    return unite.criteres + tuple(c for cap in unite.capacites for c in cap.criteres)


def _narrative(ref: Referentiel, unite: Unite) -> str:
    lines = [ref.regles.obtention_unite.texte, ""]
    criteres = _criteres(unite)
    if not criteres:
        return "\n".join([*lines, ref.mention_criteres_non_publies])
    lines.append(f"{ref.libelles.criteres} :")
    for c in criteres:
        essentiel = " (critère essentiel)" if c.essentiel else ""
        lines.append(f"- {c.id.upper()}{essentiel} : {c.texte}")
        lines += [f"  - {p.id.upper()} : {p.texte}" for p in c.points]
    return "\n".join(lines)


def _achievement(ref: Referentiel, unit_id: str, name: str, description: str) -> dict[str, Any]:
    return {
        "id": identifiants.achievement(ref, unit_id),
        "type": ["Achievement"],
        "name": name,
        "description": description,
        "@language": "fr",
        "version": ref.version,
    }


def achievements(ref: Referentiel, site_url: str) -> list[dict[str, Any]]:
    """One Achievement per certifiable unit, then the certification's."""
    links = permaliens.permalinks(ref, site_url, ref.version)
    criteria_alignments = alignments(ref, site_url)
    out = []
    for unite in unites(ref):
        name = nom_unite(unite)
        achievement = _achievement(ref, unite.id, name, f"{name} — {ref.titre}")
        unit_alignment = {
            "type": ["Alignment"],
            "targetName": name,
            "targetUrl": links[unite.id],
            "targetFramework": ref.titre,
            "targetCode": unite.id.upper(),
            "targetType": "CFItem",
        }
        criteres = _criteres(unite) or ()
        achievement |= {
            "achievementType": "Competency",
            "humanCode": unite.id.upper(),
            "criteria": {"id": links[unite.id], "narrative": _narrative(ref, unite)},
            "alignment": [unit_alignment, *(criteria_alignments[c.id] for c in criteres)],
        }
        out.append(achievement)
    regle = ref.regles.obtention_certification
    overview = permaliens.overview(ref, site_url, ref.version)
    listed = [f"- {nom_unite(u)}{' (facultatif)' if _optional(u) else ''}" for u in unites(ref)]
    certification = _achievement(ref, "", ref.titre, ref.intitule)
    certification |= {
        "achievementType": "Certification",
        "humanCode": ref.sigle,
        "criteria": {"id": overview, "narrative": "\n".join([regle.texte, "", *listed])},
        "alignment": [
            {
                "type": ["Alignment"],
                "targetName": u["name"],
                "targetUrl": u["criteria"]["id"],
                "targetFramework": ref.titre,
                "targetCode": u["humanCode"],
                "targetType": "CFItem",
            }
            for u in out
        ],
    }
    return [*out, certification]


def _optional(unite: Unite) -> bool:
    return isinstance(unite, Bloc) and unite.optionnel


def badges_data(ref: Referentiel, site_url: str) -> dict[str, Any]:
    return {
        "referentiel": ref.id,
        "version": ref.version,
        "targetFramework": ref.titre,
        "note": NOTE,
        "achievements": achievements(ref, site_url),
        "alignments": list(alignments(ref, site_url).values()),
    }
