"""JSON Schema of ``referentiel.json``: the YAML format's schema (every default filled in) plus
a ``permalien`` on the referential, blocs, capacités, criteria and points, inside the
envelope ``json_export`` writes. Published beside the YAML schema; ``referentiel.json`` names it.
"""

from __future__ import annotations

import copy
from typing import Any

from cqpsite.exports.json_export import FORMAT, FORMAT_VERSION
from cqpsite.exports.schema import DRAFT, referentiel_schema

_LINKED = ("Bloc", "Capacite", "Critere", "Point")
_PERMALIEN = {
    "description": "Adresse permanente de l’élément (page et ancre), figée pour une version "
    "archivée.",
    "type": "string",
    "minLength": 1,
}


def _add_permalien(schema: dict[str, Any]) -> None:
    """Adds the required ``permalien`` to an object schema, or to the object form of a
    shorthand class (``oneOf``: plain text or object)."""
    for target in [schema, *schema.get("oneOf", ())]:
        if "properties" in target:
            target["properties"]["permalien"] = dict(_PERMALIEN)
            target["required"] = [*target["required"], "permalien"]


def export_schema() -> dict[str, Any]:
    yaml_schema = copy.deepcopy(referentiel_schema())
    defs = yaml_schema.pop("$defs")
    yaml_schema.pop("$schema")
    yaml_schema.pop("title")
    defs["Referentiel"] = yaml_schema
    for name in ("Referentiel", *_LINKED):
        _add_permalien(defs[name])
    return {
        "$schema": DRAFT,
        "title": f"Export referentiel.json (format {FORMAT} {FORMAT_VERSION})",
        "description": "Le référentiel publié tel que validé : les clés du format YAML, valeurs "
        "par défaut comprises, et l’adresse permanente (« permalien ») de chaque élément.",
        "type": "object",
        "properties": {
            "format": {"const": FORMAT},
            "version_format": {"const": FORMAT_VERSION},
            "schema": {"description": "Adresse de ce schéma.", "type": "string"},
            "description": {"type": "string"},
            "referentiel": {"$ref": "#/$defs/Referentiel"},
        },
        "required": ["format", "version_format", "schema", "description", "referentiel"],
        "additionalProperties": False,
        "$defs": defs,
    }
