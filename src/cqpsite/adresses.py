"""The site's own list of the addresses it serves (``adresses.json``), published with it.

Every generated page with the anchors a person may have been given (criteria, questions,
sections, grids), the pinned ``/v/<version>/`` addresses, downloads and exports, and a
fingerprint of each version of each referential. ``promesse`` compares a build's list with the
one the live site publishes: a link handed out never breaks unnoticed.

Computed from the generated pages (no re-reading of built HTML): one regular expression per page.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cqpsite import urls
from cqpsite.model import Referentiel
from cqpsite.versions import Absent, Historique

FICHIER = urls.adresses_file()
FORMAT = 1
# The anchors that are a promise (see urls): other IDs of a page are the theme's. The templates
# write " id=" literally; the literal start keeps the search fast (20 MB of pages per 1,000).
PREFIXES = ("critere", "question", "section", "grille")
_ANCRE = re.compile(r' id="((?:critere|question|section|grille)-[^"]+)"')
_REDIRECTION = "/index.html"


# The JSON Schema of adresses.json (tests validate every published list against it).
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["format", "referentiels", "adresses"],
    "additionalProperties": False,
    "properties": {
        "format": {"const": FORMAT},
        "referentiels": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["version", "versions"],
                "properties": {
                    "version": {"type": "string"},
                    "versions": {
                        "type": "object",
                        "additionalProperties": {
                            "type": "string",
                            "pattern": "^sha256:[0-9a-f]{64}$",
                        },
                    },
                },
            },
        },
        "adresses": {
            "type": "object",
            "propertyNames": {"pattern": "^/"},
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}


@dataclass(frozen=True)
class Liste:
    """Part of the list: addresses (page URL → anchors) and, for a referential, its current
    version and each version's fingerprint."""

    adresses: dict[str, list[str]]
    referentiels: dict[str, dict[str, Any]]


def fingerprint(ref: Referentiel) -> str:
    """SHA-256 of the version's model as canonical JSON; fields left at their default value are
    left out, so a new optional field of the format changes no fingerprint."""
    text = json.dumps(_canonical(ref), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


_FIELDS: dict[type, tuple[tuple[str, Any], ...]] = {}


def _canonical(obj: Any) -> Any:
    if isinstance(obj, tuple):
        return [_canonical(v) for v in obj]
    kind = type(obj)
    if kind in (str, int, bool, float, type(None)):
        return obj
    if kind not in _FIELDS:
        _FIELDS[kind] = tuple((f.name, f.default) for f in dataclasses.fields(obj))
    out = {}
    for name, default in _FIELDS[kind]:
        value = getattr(obj, name)
        if default is dataclasses.MISSING or value != default:
            out[name] = _canonical(value)
    return out


def list_site(pages: Iterable[tuple[str, str]], fichiers: Iterable[str]) -> Liste:
    """The addresses of pages (source path, content) and files that belong to no referential."""
    return Liste(_addresses(pages, fichiers, {}), {})


def list_referentiel(
    historique: Historique,
    pages: Iterable[tuple[str, str]],
    fichiers: Iterable[str],
    notices: Mapping[str, Sequence[Absent]],
) -> Liste:
    """The addresses of one referential's pages and files, ``notices`` being the current
    version's notices for earlier versions' items (``versions.absents``)."""
    ref = historique.courante
    versions = {v.version: fingerprint(v) for v in historique.toutes}
    return Liste(
        _addresses(pages, fichiers, notices),
        {ref.id: {"version": ref.version, "versions": versions}},
    )


def render_adresses(listes: Iterable[Liste]) -> bytes:
    """``adresses.json``, deterministic (keys and anchors sorted), one line per referential and
    per page so that two lists compare line by line."""
    adresses: dict[str, list[str]] = {}
    referentiels: dict[str, dict[str, Any]] = {}
    for liste in listes:
        adresses.update(liste.adresses)
        referentiels.update(liste.referentiels)
    refs = ",\n".join(f"  {_json(k)}: {_json(v)}" for k, v in sorted(referentiels.items()))
    # One call of the C encoder for the pages (line by line, or indented, takes seconds at
    # 10,000 pages); values are lists of strings, in which a quote is always escaped, so
    # '], "' only ever separates two pages.
    pages = _json(dict(sorted(adresses.items())))[1:-1].replace('], "', '],\n  "')
    refs = f"{{\n{refs}\n }}" if refs else "{}"
    pages = f"{{\n  {pages}\n }}" if pages else "{}"
    text = f'{{\n "format": {FORMAT},\n "referentiels": {refs},\n "adresses": {pages}\n}}\n'
    return text.encode("utf-8")


_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode  # one encoder for all lines


def ancres(contenu: str) -> set[str]:
    """The promised anchors (criteria, questions, sections, grids) of a generated page."""
    return set(_ANCRE.findall(contenu))


def retired_anchors(notices: Iterable[Absent]) -> set[str]:
    """The anchors a page answers only with notices for earlier versions' items."""
    return {a.adresse.ancre for a in notices if a.adresse.ancre}


def _addresses(
    pages: Iterable[tuple[str, str]],
    fichiers: Iterable[str],
    notices: Mapping[str, Sequence[Absent]],
) -> dict[str, list[str]]:
    par_page = {urls.public_url(src): ancres(contenu) for src, contenu in pages}
    # Notices answer earlier versions' anchors: the current version answers them, but they
    # are no part of it, so its pinned addresses do not promise them.
    retired = {urls.public_url(page): retired_anchors(items) for page, items in notices.items()}
    out = {f"/{url}": sorted(a) for url, a in par_page.items()}
    for src in fichiers:
        if src.endswith(_REDIRECTION):  # a pinned address of a current version's page
            url = src[: -len("index.html")]
            target = _unpinned(url)
            out[f"/{url}"] = sorted(par_page.get(target, set()) - retired.get(target, set()))
        elif src != FICHIER:
            out[f"/{src}"] = []
    return out


def _unpinned(url: str) -> str:
    """``<ref>/v/<version>/rest`` → ``<ref>/rest``."""
    parts = url.split("/")
    return "/".join([parts[0], *parts[3:]]) if len(parts) > 3 and parts[1] == "v" else url


def flatten(adresses: Mapping[str, Sequence[str]]) -> set[str]:
    """Every address of a list, page addresses and ``page#anchor`` ones."""
    return {f"{url}#{a}" if a else url for url, ancres in adresses.items() for a in ("", *ancres)}
