"""``case.json``: the referential shaped as a 1EdTech CASE 1.0 package (CFPackage).

Only the JSON shape of CFDocument, CFItems and CFAssociations is followed: no CASE API is
served and no conformance is claimed. Only CASE 1.0 fields are written; what CASE has no field
for goes under ``extensions``. Identifiers come from the content (``identifiants``), URIs are
the version's pinned permalinks under ``site_url``.
"""

from __future__ import annotations

from typing import Any

from cqpsite import urls
from cqpsite.exports import identifiants, permaliens
from cqpsite.model import Bloc, Capacite, Critere, Point, Referentiel

NOTE = (
    "Paquet au format JSON de CASE 1.0 (1EdTech), produit à partir du référentiel publié : "
    "ce n’est pas une implémentation de l’API CASE et aucune conformité n’est revendiquée. "
    "Identifiants : UUID version 5 dans l’espace de noms "
    f"{identifiants.NAMESPACE} de « <référentiel>/<version>/<identifiant de l’élément> » ; "
    "ils ne dépendent pas de l’adresse de publication. Chaque version a ses identifiants ; "
    "les associations « replacedBy » relient un élément de la version précédente à celui "
    "qui lui succède (même identifiant d’élément, texte éventuellement reformulé)."
)

# adoptionStatus: CASE's vocabulary, chosen from the start of ``source.statut`` (lowercase);
# anything else (a transcription still to be checked…) is a "Draft".
ADOPTION = (
    ("en vigueur", "Adopted"),
    ("adopté", "Adopted"),
    ("abrogé", "Deprecated"),
    ("remplacé", "Deprecated"),
    ("obsolète", "Deprecated"),
)


def adoption_status(statut: str) -> str:
    text = statut.strip().lower()
    return next((value for prefix, value in ADOPTION if text.startswith(prefix)), "Draft")


def _type(objet: permaliens.Noeud) -> tuple[str, str]:
    """(CFItemType, fullStatement) of one item."""
    if isinstance(objet, Bloc):
        return objet.libelle, objet.titre
    if isinstance(objet, Capacite):
        return "Capacité", objet.titre
    if isinstance(objet, Critere):
        return ("Critère essentiel" if objet.essentiel else "Critère d’évaluation"), objet.texte
    assert isinstance(objet, Point)
    return "Point de critère", objet.texte


def _link(title: str, identifier: str, uri: str) -> dict[str, str]:
    return {"title": title, "identifier": identifier, "uri": uri}


def _association(
    kind: str, origin: tuple[str, dict[str, str]], destination: tuple[str, dict[str, str]]
) -> dict[str, Any]:
    """One CFAssociation between two (name, link) nodes (without its document and date)."""
    identifier = identifiants.association(origin[0], kind, destination[0])
    return {
        "identifier": identifier,
        "uri": f"urn:uuid:{identifier}",
        "associationType": kind,
        "originNodeURI": origin[1],
        "destinationNodeURI": destination[1],
    }


def _nodes(ref: Referentiel, site_url: str) -> dict[str, tuple[str, dict[str, str]]]:
    """Item ID ("" for the document) → (identifier name, CASE link), pinned URIs."""
    doc_uri = permaliens.overview(ref, site_url, ref.version)
    out = {"": (identifiants.nom(ref.id, ref.version), _link(ref.titre, "", doc_uri))}
    for entree in permaliens.entries(ref, site_url, ref.version):
        _, statement = _type(entree.objet)
        name = identifiants.nom(ref.id, ref.version, entree.objet.id)
        title = f"{entree.objet.id.upper()} {statement}"
        out[entree.objet.id] = (name, _link(title, "", entree.permalien))
    for name, link in out.values():
        link["identifier"] = identifiants.identifier(name)
    return out


def case_package(
    ref: Referentiel, site_url: str, precedente: Referentiel | None = None
) -> dict[str, Any]:
    """CFPackage of one version of ``ref``; ``precedente``, the version before it, gets
    ``replacedBy`` associations from its items to their successors here.

    Every record is dated by the version's date: a package never changes once published.
    """
    changed = identifiants.version_date(ref)
    nodes = _nodes(ref, site_url)
    doc_link = nodes[""][1]
    package = urls.permalink(urls.export_case(ref, ref.version), site_url=site_url)
    source = ref.source
    extensions = {"sigle": ref.sigle, "versionSource": source.version, "statut": source.statut}
    extensions |= {"dateSource": source.date, "document": source.document}
    if ref.source.reference:
        extensions["reference"] = ref.source.reference
    document: dict[str, Any] = {
        "identifier": doc_link["identifier"],
        "uri": doc_link["uri"],
        "CFPackageURI": _link(ref.titre, doc_link["identifier"], package),
        "creator": ref.source.certificateur,
        "title": ref.titre,
        "lastChangeDateTime": changed,
        "description": ref.intitule,
        "version": ref.version,
        "adoptionStatus": adoption_status(ref.source.statut),
        "language": "fr",
        "notes": NOTE,
        "extensions": extensions,
    }
    if ref.secteur:
        document["subject"] = [ref.secteur]
    items: list[dict[str, Any]] = []
    associations: list[dict[str, Any]] = []
    for entree in permaliens.entries(ref, site_url, ref.version):
        kind, statement = _type(entree.objet)
        link = nodes[entree.objet.id][1]
        items.append(
            {
                "identifier": link["identifier"],
                "uri": link["uri"],
                "CFDocumentURI": doc_link,
                "fullStatement": statement,
                "humanCodingScheme": entree.objet.id.upper(),
                "listEnumeration": str(entree.rang),
                "CFItemType": kind,
                "language": "fr",
                "lastChangeDateTime": changed,
            }
        )
        assoc = _association("isChildOf", nodes[entree.objet.id], nodes[entree.parent])
        associations.append(assoc | {"sequenceNumber": entree.rang})
    if precedente is not None:
        before = _nodes(precedente, site_url)
        for item_id, node in before.items():
            if item_id in nodes:
                associations.append(_association("replacedBy", node, nodes[item_id]))
    for assoc in associations:
        assoc |= {"CFDocumentURI": doc_link, "lastChangeDateTime": changed}
    return {"CFDocument": document, "CFItems": items, "CFAssociations": associations}
