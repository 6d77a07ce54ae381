"""``python -m cqpsite verify``: the publisher's content check before deploying a site.

Validation with every version, a strict build into a temporary folder, internal links and
anchors, fidelity to the source texts, and the address promise against the published list.
Every problem is collected and reported in French; the exit code is 0 only if there is none.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from cqpsite.adresses import FICHIER
from cqpsite.corpus import ReferentielsInvalides, load_historiques
from cqpsite.fidelite import check_fidelity
from cqpsite.liens import check_links
from cqpsite.promesse import compare, find_published
from cqpsite.versions import Historique

ETAPES = 5


class _Rapport:
    def __init__(self, out: TextIO, err: TextIO) -> None:
        self.out, self.err = out, err
        self.problemes = 0
        self._etape = 0

    def etape(self, titre: str) -> None:
        self._etape += 1
        print(f"[{self._etape}/{ETAPES}] {titre}", file=self.out, flush=True)

    def info(self, texte: str) -> None:
        print(f"      {texte}", file=self.out)

    def probleme(self, texte: str) -> None:
        self.problemes += 1
        print(texte, file=self.err)


def verify(racine: Path, publie: str = "") -> int:
    """Check the site at ``racine``; ``publie``: the published list (URL, folder or file),
    default ``CQPSITE_PUBLIE``, then the site's ``site_url``."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    out, err = sys.stdout, sys.stderr
    if not (racine / "mkdocs.yml").is_file():
        print(f"{racine}: mkdocs.yml introuvable : lancez verify à la racine du site", file=err)
        return 1
    rapport = _Rapport(out, err)
    folder = racine / "referentiels"
    rapport.etape("Validation des référentiels et de leurs versions…")
    historiques: tuple[Historique, ...] = ()
    try:
        historiques = load_historiques(folder, racine)
    except ReferentielsInvalides as exc:
        for probleme in exc.problemes:
            rapport.probleme(str(probleme))
    with tempfile.TemporaryDirectory(prefix="cqpsite-verify-") as tmp:
        site = Path(tmp) / "site"
        rapport.etape("Construction stricte du site (MkDocs) dans un dossier temporaire…")
        site_url = ""
        if not historiques:
            rapport.info("non lancée : corrigez d’abord les référentiels")
        else:
            site_url = _build(racine, site, rapport)
        if not (site / FICHIER).is_file():
            for titre in _SUITE:
                rapport.etape(titre)
                rapport.info("non lancée : pas de site construit")
        else:
            _check_built(site, site_url, historiques, folder, racine, publie, rapport)
    if rapport.problemes:
        print(f"{rapport.problemes} problème(s) : ne publiez pas ce site.", file=err)
        return 1
    print("Tout est en ordre : le site peut être publié.", file=out)
    return 0


_SUITE = (
    "Liens et ancres internes du site construit…",
    "Fidélité aux textes sources…",
    "Adresses déjà publiées…",
)


def _check_built(
    site: Path,
    site_url: str,
    historiques: tuple[Historique, ...],
    folder: Path,
    racine: Path,
    publie: str,
    rapport: _Rapport,
) -> None:
    rapport.etape(_SUITE[0])
    for message in check_links(site, site_url):
        rapport.probleme(message)
    rapport.etape(_SUITE[1])
    for historique in historiques:
        missing = check_fidelity(historique.courante, folder, site, racine)
        if missing is None:
            rapport.info(f"{historique.courante.id} : pas de texte source (source.fichier)")
        for message in missing or ():
            rapport.probleme(message)
    rapport.etape(_SUITE[2])
    source = publie or os.environ.get("CQPSITE_PUBLIE", "")
    _promise(site, historiques, source, site_url, rapport)


def _build(racine: Path, site: Path, rapport: _Rapport) -> str:
    """Strict build into ``site``; returns the configured ``site_url``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    if os.environ.get("CQPSITE_DOCUMENTS") == "0":
        rapport.info("documents désactivés (CQPSITE_DOCUMENTS=0) : leurs adresses manqueront")
    site_url = ""
    with _mkdocs_messages() as messages:
        try:
            config = load_config(
                config_file=str(racine / "mkdocs.yml"), site_dir=str(site), strict=True
            )
            site_url = str(config.site_url or "")
            build(config)
            failed = ""
        except SystemExit as exc:  # MkDocs' Abort: warnings in strict mode, errors logged above
            failed = str(exc) or "construction interrompue"
        except Exception as exc:  # a build error is a problem to report, not a traceback
            failed = f"{exc.__class__.__name__} : {exc}"
    for message in messages:
        rapport.probleme(f"construction (MkDocs) : {message}")
    if failed and not messages:
        rapport.probleme(f"construction (MkDocs) : {failed}")
    return site_url


@contextmanager
def _mkdocs_messages() -> Iterator[list[str]]:
    """MkDocs' warnings and errors, collected instead of printed."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(" ".join(record.getMessage().split()))

    logger = logging.getLogger("mkdocs")
    handler = Collect(logging.WARNING)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _promise(
    site: Path, historiques: tuple[Historique, ...], source: str, site_url: str, rapport: _Rapport
) -> None:
    publie = find_published(source, site_url)
    if publie.erreur:
        rapport.probleme(publie.message)
        return
    rapport.info(publie.message)
    if publie.liste is None:
        return
    actuel = json.loads((site / FICHIER).read_text("utf-8"))
    retraits = {h.courante.id: {r.id for v in h.toutes for r in v.retraits} for h in historiques}
    for message in compare(publie.liste, actuel, retraits):
        rapport.probleme(message)
