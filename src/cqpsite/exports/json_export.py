"""``referentiel.json``: the validated referential as published, in our own documented format.

The ``referentiel`` member mirrors the YAML keys in model order (every default filled in,
shorthands expanded), plus a ``permalien`` on the referential, blocs, capacités, criteria and
points. It validates against ``schema_export``'s schema, which it names; removing the
``permalien`` keys gives a document valid against the YAML schema.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator, Sequence
from typing import Any

from cqpsite import urls
from cqpsite.exports import permaliens
from cqpsite.model import Bloc, Capacite, Critere, Point, Referentiel

# Bumped on any incompatible change of this file's layout (a key removed or renamed).
FORMAT_VERSION = "1.0"
FORMAT = "cqpsite-referentiel"
_LINKED = (Bloc, Capacite, Critere, Point)


@functools.cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """A model class's fields, in order; None for any other type."""
    if dataclasses.is_dataclass(cls):
        return tuple(f.name for f in dataclasses.fields(cls))
    return None


def _data(obj: Any, linked: list[tuple[dict[str, Any], str]]) -> Any:
    """Plain data of ``obj``; each linked item's dict gets an empty ``permalien`` (last key),
    recorded in ``linked`` with its ID ("" for the referential) to be filled in."""
    kind: type = type(obj)
    names = _field_names(kind)
    if names is not None:
        out = {name: _data(getattr(obj, name), linked) for name in names}
        if isinstance(obj, Referentiel):
            out["permalien"] = ""
            linked.append((out, ""))  # IDs are never empty
        elif isinstance(obj, _LINKED):
            out["permalien"] = ""
            linked.append((out, obj.id))
        return out
    if isinstance(obj, tuple):
        return [_data(item, linked) for item in obj]
    return obj


def referentiel_data(ref: Referentiel, site_url: str, version: str | None = None) -> dict[str, Any]:
    """The JSON document of ``referentiel.json`` (plain dicts and lists, model order);
    permalinks under the pinned root of ``version`` if given, else the current addresses."""
    return next(referentiel_documents(ref, site_url, (version,)))


def referentiel_documents(
    ref: Referentiel, site_url: str, versions: Sequence[str | None]
) -> Iterator[dict[str, Any]]:
    """``referentiel_data`` for each of ``versions`` in turn, the model read once: the same
    dicts each time, only their permalinks changed, so serialize each before the next."""
    linked: list[tuple[dict[str, Any], str]] = []
    document = {
        "format": FORMAT,
        "version_format": FORMAT_VERSION,
        "schema": urls.permalink(urls.export_schema_file(), site_url=site_url),
        "description": (
            "Référentiel publié tel que validé. « referentiel » reprend les clés du fichier "
            "YAML (valeurs par défaut comprises) ; « permalien » donne l’adresse permanente du "
            "référentiel, de chaque bloc, capacité, critère et point."
        ),
        "referentiel": _data(ref, linked),
    }
    for version in versions:
        links = permaliens.permalinks(ref, site_url, version)
        links[""] = permaliens.overview(ref, site_url, version)
        for out, ident in linked:
            out["permalien"] = links[ident]
        yield document
