"""Validate every JSON file a built site publishes (for tests): each against its schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from cqpsite import adresses
from cqpsite.exports.schema import referentiel_schema
from cqpsite.exports.schema_export import export_schema
from cqpsite.recherche import DOCUMENTS, INDEX

OB3 = Path(__file__).parent / "schemas" / "ob3-achievementcredential-defs.json"
CASE = Path(__file__).parent / "schemas" / "case-v1p0-cfpackage-schema.json"

# CASE 1.0 (1EdTech) fields of a CFPackage's records. The 1.0 schema leaves these records open;
# the only extra field allowed is the CFDocument's "extensions" (CASE 1.1's extension point),
# which carries what CASE lacks.
CASE_FIELDS = {
    "CFDocument": {
        "identifier", "uri", "creator", "title", "lastChangeDateTime", "officialSourceURL",
        "publisher", "description", "subject", "subjectURI", "language", "version",
        "adoptionStatus", "statusStartDate", "statusEndDate", "licenseURI", "notes",
        "CFPackageURI", "extensions",
    },
    "CFItems": {
        "identifier", "fullStatement", "alternativeLabel", "CFItemType", "uri",
        "humanCodingScheme", "listEnumeration", "abbreviatedStatement", "conceptKeywords",
        "conceptKeywordsURI", "notes", "language", "educationLevel", "CFItemTypeURI",
        "licenseURI", "statusStartDate", "statusEndDate", "lastChangeDateTime",
        "CFDocumentURI",
    },
    "CFAssociations": {
        "identifier", "associationType", "sequenceNumber", "uri", "originNodeURI",
        "destinationNodeURI", "CFAssociationGroupingURI", "lastChangeDateTime",
        "CFDocumentURI",
    },
}  # fmt: skip
ADOPTION_STATUSES = {"Private Draft", "Draft", "Adopted", "Deprecated"}
ASSOCIATION_TYPES = {
    "isChildOf", "isPeerOf", "isPartOf", "exactMatchOf", "precedes", "isRelatedTo",
    "replacedBy", "exemplar", "hasSkillLevel",
}  # fmt: skip


def achievement_validator() -> Any:
    schema = json.loads(OB3.read_text("utf-8"))
    jsonschema.Draft201909Validator.check_schema(schema)
    return jsonschema.Draft201909Validator({**schema, "$ref": "#/$defs/Achievement"})


def case_validator() -> Any:
    schema = json.loads(CASE.read_text("utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


def _errors(validator: Any, data: Any, where: str) -> list[str]:
    return [f"{where}: {list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def case_errors(package: dict[str, Any], where: str) -> list[str]:
    """The CASE 1.0 CFPackage schema, then what it leaves open: CASE 1.0 fields only (plus
    ``extensions``), known vocabularies, unique identifiers, resolvable ends."""
    errors = _errors(case_validator(), package, where)
    for key, allowed in CASE_FIELDS.items():
        records = [package[key]] if key == "CFDocument" else package[key]
        for record in records:
            extra = set(record) - allowed
            if extra:
                errors.append(f"{where}: {key}: champs hors CASE 1.0 : {sorted(extra)}")
    document = package["CFDocument"]
    if document["adoptionStatus"] not in ADOPTION_STATUSES:
        errors.append(f"{where}: adoptionStatus {document['adoptionStatus']!r}")
    nodes = {document["identifier"]} | {i["identifier"] for i in package["CFItems"]}
    if len(nodes) != len(package["CFItems"]) + 1:
        errors.append(f"{where}: identifiants en double")
    for a in package["CFAssociations"]:
        if a["associationType"] not in ASSOCIATION_TYPES:
            errors.append(f"{where}: associationType {a['associationType']!r}")
        if a["associationType"] == "isChildOf":
            ends = (a["originNodeURI"], a["destinationNodeURI"])
            errors += [f"{where}: {e['uri']} absent" for e in ends if e["identifier"] not in nodes]
        elif a["destinationNodeURI"]["identifier"] not in nodes:
            errors.append(f"{where}: successeur {a['destinationNodeURI']['uri']} absent")
    return errors


def published_json_errors(site: Path) -> tuple[int, list[str]]:
    """(files checked, problems) for every ``*.json`` under ``site``: parsed, then checked
    against its own schema (referentiel.json, case.json, badges.json, the two schemas, the
    address list)."""
    exported = jsonschema.Draft202012Validator(export_schema())
    achievement = achievement_validator()
    files = sorted(site.rglob("*.json"))
    errors: list[str] = []
    for path in files:
        where = str(path.relative_to(site))
        data = json.loads(path.read_text("utf-8"))
        if path.name == "referentiel.json":
            errors += _errors(exported, data, where)
        elif path.name == "case.json":
            errors += case_errors(data, where)
        elif path.name == "badges.json":
            for i, item in enumerate(data["achievements"]):
                errors += _errors(achievement, item, f"{where}: achievements[{i}]")
        elif path.name == "referentiel.schema.json":
            if data != referentiel_schema():
                errors.append(f"{where}: schéma YAML différent")
        elif path.name == "referentiel-export.schema.json":
            jsonschema.Draft202012Validator.check_schema(data)
        elif path.name == "adresses.json":
            errors += _errors(jsonschema.Draft202012Validator(adresses.SCHEMA), data, where)
        elif where.replace("\\", "/") not in (INDEX, DOCUMENTS):  # Material's search index
            errors.append(f"{where}: fichier JSON inattendu")
    return len(files), errors
