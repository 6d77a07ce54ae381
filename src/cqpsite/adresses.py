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
from typing import Any

from cqpsite import urls
from cqpsite.model import Referentiel
from cqpsite.versions import Historique, absents

FICHIER = urls.adresses_file()
FORMAT = 1
# The anchors that are a promise (see urls): other IDs of a page are the theme's.
PREFIXES = ("critere", "question", "section", "grille")
_ANCRE = re.compile(r'\sid="((?:critere|question|section|grille)-[^"]+)"')
_REDIRECTION = "/index.html"


def fingerprint(ref: Referentiel) -> str:
    """SHA-256 of the version's model as canonical JSON; fields left at their default value are
    left out, so a new optional field of the format changes no fingerprint."""
    text = json.dumps(_canonical(ref), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {}
        for field in dataclasses.fields(obj):
            value = getattr(obj, field.name)
            if field.default is dataclasses.MISSING or value != field.default:
                out[field.name] = _canonical(value)
        return out
    if isinstance(obj, tuple):
        return [_canonical(v) for v in obj]
    return obj


def render_adresses(
    historiques: Sequence[Historique],
    pages: Iterable[tuple[str, str]],
    fichiers: Iterable[str],
) -> bytes:
    """``adresses.json`` from the generated pages (source path, content) and files (paths)."""
    ancres = {urls.public_url(src): _ANCRE.findall(contenu) for src, contenu in pages}
    notices = _notices(historiques)
    out: dict[str, list[str]] = {f"/{url}": _sorted(a) for url, a in ancres.items()}
    for src in fichiers:
        if src == FICHIER:
            continue
        if src.endswith(_REDIRECTION):  # a pinned address of a current version's page
            url = src[: -len("index.html")]
            target = _unpinned(url)
            kept = set(ancres.get(target, ())) - notices.get(target, set())
            out[f"/{url}"] = sorted(kept)
        else:
            out[f"/{src}"] = []
    data = {
        "format": FORMAT,
        "referentiels": {
            h.courante.id: {
                "version": h.courante.version,
                "versions": {v.version: fingerprint(v) for v in h.toutes},
            }
            for h in sorted(historiques, key=lambda h: h.courante.id)
        },
        "adresses": dict(sorted(out.items())),
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _sorted(items: Iterable[str]) -> list[str]:
    return sorted(set(items))


def _unpinned(url: str) -> str:
    """``<ref>/v/<version>/rest`` → ``<ref>/rest``."""
    parts = url.split("/")
    return "/".join([parts[0], *parts[3:]]) if len(parts) > 3 and parts[1] == "v" else url


def _notices(historiques: Sequence[Historique]) -> dict[str, set[str]]:
    """Page URL → anchors that are notices for earlier versions' items: the current version
    answers them, but they are no part of it, so its pinned addresses do not carry them."""
    out: dict[str, set[str]] = {}
    for historique in historiques:
        for page, items in absents(historique).items():
            out[urls.public_url(page)] = {a.adresse.ancre for a in items if a.adresse.ancre}
    return out


def flatten(adresses: Mapping[str, Sequence[str]]) -> set[str]:
    """Every address of a list, page addresses and ``page#anchor`` ones."""
    return {f"{url}#{a}" if a else url for url, ancres in adresses.items() for a in ("", *ancres)}
