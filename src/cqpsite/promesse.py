"""The address promise: a build against the list of addresses the site already published.

An address published once keeps answering: it disappears only with its referential's archived
version still online or its identifier declared in ``retraits``. A version published then
neither archived nor current, and an archived copy edited after publication, are errors too.
"""

from __future__ import annotations

import ipaddress
import json
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cqpsite.adresses import FICHIER, PREFIXES, flatten

DELAI = 20  # seconds
MONTRES = 10  # addresses named in one message; the rest are counted


@dataclass(frozen=True)
class Publie:
    """What was found of the published list: the list, or why there is none."""

    liste: dict[str, Any] | None
    message: str
    erreur: bool = False


def find_published(source: str, site_url: str) -> Publie:
    """The published list from ``source`` (URL, previous build folder or file), else from
    ``site_url``. No list at all (nothing configured, or HTTP 404) is a first deployment."""
    if not source:
        host = urlsplit(site_url).hostname or ""
        if not host or _loopback(host):
            return Publie(None, "site_url vide ou locale : pas de liste publiée à comparer")
        source = site_url
    if source.startswith(("http://", "https://")):
        return _fetch(source.rstrip("/") + "/" + FICHIER)
    path = Path(source)
    if path.is_dir():
        path = path / FICHIER
    if not path.is_file():
        return Publie(None, f"{path} introuvable : indiquez la liste publiée", erreur=True)
    return _parse(path.read_bytes(), str(path))


def _loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def _fetch(url: str) -> Publie:
    try:
        with urllib.request.urlopen(url, timeout=DELAI) as response:
            contenu = response.read()
    except urllib.error.HTTPError as exc:
        if exc.code in (404, 410):
            message = f"aucune liste publiée à {url} : premier déploiement, rien à comparer"
            return Publie(None, message)
        return Publie(None, f"{url} : erreur HTTP {exc.code} ; {_AIDE}", erreur=True)
    except (OSError, ValueError) as exc:  # no network, DNS, timeout, refused connection
        raison = getattr(exc, "reason", exc)
        return Publie(None, f"{url} injoignable ({raison}) ; {_AIDE}", erreur=True)
    return _parse(contenu, url)


_AIDE = "donnez une copie de la liste publiée avec --publie FICHIER (ou CQPSITE_PUBLIE)"


def _parse(contenu: bytes, origine: str) -> Publie:
    try:
        liste = json.loads(contenu.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return Publie(None, f"{origine} : ce n’est pas une liste d’adresses (JSON)", erreur=True)
    if not (
        isinstance(liste, dict)
        and isinstance(liste.get("adresses"), dict)
        and isinstance(liste.get("referentiels"), dict)
    ):
        return Publie(None, f"{origine} : liste d’adresses d’un format inconnu", erreur=True)
    n = len(flatten(liste["adresses"]))
    return Publie(liste, f"liste publiée lue : {origine} ({n} adresses)")


def compare(
    publie: Mapping[str, Any], actuel: Mapping[str, Any], retraits: Mapping[str, set[str]]
) -> list[str]:
    """Problems of the build's list ``actuel`` against the published one; ``retraits``: each
    referential's IDs declared withdrawn, in any of its versions."""
    anciens: Mapping[str, Any] = publie["referentiels"]
    courants: Mapping[str, Any] = actuel["referentiels"]
    problemes = _edited_archives(anciens, courants)
    oubliees: dict[tuple[str, str], list[str]] = {}
    supprimes: dict[str, list[str]] = {}
    for adresse in sorted(flatten(publie["adresses"]) - flatten(actuel["adresses"])):
        parts = adresse.split("#")[0].strip("/").split("/")
        ident = parts[0] if parts[0] in anciens or parts[0] in courants else ""
        if not ident:
            problemes.append(f"{adresse} : adresse publiée disparue du site ; rétablissez-la")
        elif ident not in courants:
            supprimes.setdefault(ident, []).append(adresse)
        elif len(parts) > 2 and parts[1] == "v" and parts[2] not in courants[ident]["versions"]:
            oubliees.setdefault((ident, parts[2]), []).append(adresse)
        elif _element(adresse) not in retraits.get(ident, set()):
            ancienne = str(anciens.get(ident, {}).get("version", ""))
            problemes.append(_gone(adresse, ident, ancienne, courants[ident]))
    for (ident, version), gone in sorted(oubliees.items()):
        problemes.append(
            f"{ident} : la version {version} a été publiée mais n’est plus sur le site : "
            f"{_list(gone)} disparaîtraient. Archivez-la telle que publiée sous "
            f"referentiels/versions/{ident}/{version}.yml (copie du fichier de cette version)."
        )
    for ident, gone in sorted(supprimes.items()):
        problemes.append(
            f"{ident} : référentiel publié absent du site : {_list(gone)} disparaîtraient. "
            f"Rétablissez referentiels/{ident}.yml (et ses versions archivées)."
        )
    return problemes


def _edited_archives(anciens: Mapping[str, Any], courants: Mapping[str, Any]) -> list[str]:
    out = []
    for ident, info in sorted(courants.items()):
        publiees = anciens.get(ident, {}).get("versions", {})
        for version, empreinte in sorted(info["versions"].items()):
            avant = publiees.get(version)
            if version != info["version"] and avant and avant != empreinte:
                out.append(
                    f"referentiels/versions/{ident}/{version}.yml : copie archivée modifiée "
                    "après publication (son contenu diffère de la version publiée) : "
                    "rétablissez-la telle que publiée ; une correction se publie dans une "
                    "nouvelle version"
                )
    return out


def _element(adresse: str) -> str:
    """The identifier an address stands for: its anchor's, else a bloc's or capacité's page."""
    page, _, ancre = adresse.partition("#")
    if ancre:
        prefix, _, ident = ancre.partition("-")
        return ident if prefix in PREFIXES else ""
    parts = page.strip("/").split("/")
    return parts[-1] if len(parts) > 1 and parts[-2] in ("blocs", "capacites") else ""


def _gone(adresse: str, ident: str, ancienne: str, courant: Mapping[str, Any]) -> str:
    element = _element(adresse)
    start = f"{adresse} (référentiel {ident}) : adresse publiée disparue du site."
    if not element:
        return f"{start} Rétablissez-la (un lien déjà donné ne doit pas casser)."
    retrait = f"déclarez l’identifiant {element!r} dans « retraits » de referentiels/{ident}.yml"
    if (ancienne and ancienne not in courant["versions"]) or ancienne == courant["version"]:
        return (
            f"{start} Pour retirer cet élément, publiez une nouvelle version : archivez la "
            f"version {ancienne} sous referentiels/versions/{ident}/{ancienne}.yml, changez "
            f"« version », puis {retrait} (ou rétablissez l’élément)."
        )
    return f"{start} Pour retirer cet élément, {retrait} (ou rétablissez-le)."


def _list(adresses: Sequence[str]) -> str:
    pages = sorted((a for a in adresses if "#" not in a), key=lambda a: (not a.endswith("/"), a))
    pages = pages or list(adresses)
    shown = ", ".join(pages[:MONTRES])
    rest = len(adresses) - min(len(pages), MONTRES)
    return f"{len(adresses)} adresses ({shown}{f' et {rest} autres' if rest else ''})"
