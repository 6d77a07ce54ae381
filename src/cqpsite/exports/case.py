"""``case.json``: the referential shaped as a 1EdTech CASE 1.0 package (CFPackage).

Only the JSON shape of CFDocument, CFItems and CFAssociations is followed: no CASE API is
served and no conformance is claimed. Identifiers are UUIDv5 of the permalinks, so they stay
the same from build to build as long as the published address does.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from cqpsite import urls
from cqpsite.exports import permaliens
from cqpsite.model import Bloc, Capacite, Critere, Point, Referentiel

NOTE = (
    "Paquet au format JSON de CASE 1.0 (1EdTech), produit à partir du référentiel publié : "
    "ce n’est pas une implémentation de l’API CASE et aucune conformité n’est revendiquée. "
    "Règle des identifiants : UUID version 5 (espace de noms URL, RFC 9562) de l’adresse "
    "permanente de l’élément (« uri ») ; pour une association, de « <uri de l’enfant> "
    "isChildOf <uri du parent> ». Ils ne changent que si l’adresse de publication change."
)


def identifier(uri: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, uri))


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


def _link(title: str, uri: str) -> dict[str, str]:
    return {"title": title, "identifier": identifier(uri), "uri": uri}


def case_package(ref: Referentiel, site_url: str, epoch: int) -> dict[str, Any]:
    """CFPackage of one version of ``ref``; ``epoch`` (SOURCE_DATE_EPOCH) dates every record.

    URIs are the version's pinned permalinks, so a package and its identifiers never change
    once published, whether it is fetched from the current or the pinned path.
    """
    changed = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    version = ref.version
    doc_uri = permaliens.overview(ref, site_url, version)
    package = urls.export_case(ref, version)
    doc_link = _link(ref.titre, doc_uri)
    document: dict[str, Any] = {
        "identifier": doc_link["identifier"],
        "uri": doc_uri,
        "CFPackageURI": _link(ref.titre, urls.permalink(package, site_url=site_url)),
        "creator": ref.source.certificateur,
        "title": ref.titre,
        "lastChangeDateTime": changed,
        "description": ref.intitule,
        "humanCodingScheme": ref.id.upper(),
        "version": ref.source.version,
        "adoptionStatus": ref.source.statut,
        "language": "fr",
        "notes": NOTE,
    }
    if ref.secteur:
        document["subject"] = [ref.secteur]
    items: list[dict[str, Any]] = []
    associations: list[dict[str, Any]] = []
    links: dict[str, dict[str, str]] = {"": doc_link}
    for entree in permaliens.entries(ref, site_url, version):
        kind, statement = _type(entree.objet)
        code = entree.objet.id.upper()
        link = _link(f"{code} {statement}", entree.permalien)
        links[entree.objet.id] = link
        items.append(
            {
                "identifier": link["identifier"],
                "uri": entree.permalien,
                "CFDocumentURI": doc_link,
                "fullStatement": statement,
                "humanCodingScheme": code,
                "listEnumeration": str(entree.rang),
                "CFItemType": kind,
                "language": "fr",
                "lastChangeDateTime": changed,
            }
        )
        parent = links[entree.parent]
        assoc_id = identifier(f"{entree.permalien} isChildOf {parent['uri']}")
        associations.append(
            {
                "identifier": assoc_id,
                "uri": f"urn:uuid:{assoc_id}",
                "CFDocumentURI": doc_link,
                "associationType": "isChildOf",
                "sequenceNumber": entree.rang,
                "originNodeURI": link,
                "destinationNodeURI": parent,
                "lastChangeDateTime": changed,
            }
        )
    return {"CFDocument": document, "CFItems": items, "CFAssociations": associations}
