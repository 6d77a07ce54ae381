"""``referentiel.json``: the validated referential as published, in our own documented format.

The ``referentiel`` member mirrors the YAML keys in model order (every default filled in,
shorthands expanded), plus a ``permalien`` on the referential, blocs, capacités, criteria and
points. It validates against ``schema_export``'s schema, which it names; removing the
``permalien`` keys gives a document valid against the YAML schema.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from cqpsite import urls
from cqpsite.exports import permaliens
from cqpsite.model import Bloc, Capacite, Critere, Point, Referentiel

# Bumped on any incompatible change of this file's layout (a key removed or renamed).
FORMAT_VERSION = "1.0"
FORMAT = "cqpsite-referentiel"
_LINKED = (Bloc, Capacite, Critere, Point)


def _data(obj: Any, links: dict[str, str]) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {f.name: _data(getattr(obj, f.name), links) for f in dataclasses.fields(obj)}
        if isinstance(obj, Referentiel):
            out["permalien"] = links[""]
        elif isinstance(obj, _LINKED):
            out["permalien"] = links[obj.id]
        return out
    if isinstance(obj, tuple):
        return [_data(item, links) for item in obj]
    return obj


def referentiel_data(ref: Referentiel, site_url: str, version: str | None = None) -> dict[str, Any]:
    """The JSON document of ``referentiel.json`` (plain dicts and lists, model order);
    permalinks under the pinned root of ``version`` if given, else the current addresses."""
    links = permaliens.permalinks(ref, site_url, version)
    links[""] = permaliens.overview(ref, site_url, version)  # IDs are never empty
    return {
        "format": FORMAT,
        "version_format": FORMAT_VERSION,
        "schema": urls.permalink(urls.export_schema_file(), site_url=site_url),
        "description": (
            "Référentiel publié tel que validé. « referentiel » reprend les clés du fichier "
            "YAML (valeurs par défaut comprises) ; « permalien » donne l’adresse permanente du "
            "référentiel, de chaque bloc, capacité, critère et point."
        ),
        "referentiel": _data(ref, links),
    }
