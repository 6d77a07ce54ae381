"""Where the exports point: a publication build refuses a local or missing ``site_url``
(badge and CASE addresses are permanent once issued); a local build says it once."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

# Set by the deploy workflow only: the project's own CI (``CI``) builds locally too.
FLAG = "CQPSITE_PUBLICATION"
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0", "")


class AdresseLocale(Exception):
    """A publication build whose ``site_url`` is empty or local."""


def is_local(site_url: str) -> bool:
    host = (urlsplit(site_url).hostname or "").lower()
    return host in _LOCAL_HOSTS or host.endswith(".localhost") or host.startswith("127.")


def check_site_url(site_url: str, environ: Mapping[str, str]) -> str:
    """The note to log once for a local build ("" when the address is public); raises
    ``AdresseLocale`` for a publication build (``CQPSITE_PUBLICATION=1``)."""
    if not is_local(site_url):
        return ""
    shown = f"« {site_url} »" if site_url else "vide"
    if environ.get(FLAG, "") not in ("", "0"):
        raise AdresseLocale(
            f"cqpsite : publication ({FLAG}=1) avec une adresse du site {shown} : les "
            "identifiants restent stables, mais les adresses des badges, du paquet CASE et de "
            "referentiel.json seraient locales. Donnez l’adresse publique dans SITE_URL "
            "(site_url de mkdocs.yml), par exemple https://<compte>.github.io/<dépôt>/."
        )
    return (
        f"cqpsite : adresse du site {shown} : les données ouvertes (badges, CASE, "
        "referentiel.json) portent une adresse locale. Pour publier, donnez l’adresse publique "
        f"dans SITE_URL et lancez la construction avec {FLAG}=1."
    )
