"""Everything the site generates, as data: pages (Markdown) and downloads (bytes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cqpsite import pages, urls
from cqpsite.corpus import load_referentiels
from cqpsite.model import Referentiel


@dataclass(frozen=True)
class Fichier:
    src_uri: str
    contenu: bytes


@dataclass(frozen=True)
class Site:
    referentiels: tuple[Referentiel, ...]
    pages: tuple[pages.Page, ...]
    fichiers: tuple[Fichier, ...]


def build_site(folder: Path, epoch: int, cache_dir: Path | None, documents: bool = True) -> Site:
    """Load, validate and render every referential of ``folder`` (raises ReferentielsInvalides)."""
    refs = load_referentiels(folder)
    all_pages: list[pages.Page] = [pages.render_home(refs)]
    fichiers: list[Fichier] = []
    for ref in refs:
        downloads: Sequence[pages.Telechargement] = ()
        if documents:
            downloads, files = _documents(ref, epoch, cache_dir)
            fichiers += files
        all_pages += pages.render_referentiel(ref, downloads)
    return Site(refs, tuple(all_pages), tuple(fichiers))


def _documents(
    ref: Referentiel, epoch: int, cache_dir: Path | None
) -> tuple[list[pages.Telechargement], list[Fichier]]:
    from cqpsite.documents import render_documents
    from cqpsite.documents.cache import render_documents_cached

    docs = (
        render_documents_cached(ref, epoch, cache_dir)
        if cache_dir is not None
        else render_documents(ref, epoch)
    )
    liens, fichiers = [], []
    for doc in docs:
        src = urls.download(ref, doc.nom)
        size = pages.format_size(len(doc.contenu))
        liens.append(pages.Telechargement(src, doc.titre, doc.format, doc.type, size))
        fichiers.append(Fichier(src, doc.contenu))
    return liens, fichiers


def duplicates(uris: Sequence[str]) -> list[str]:
    """Paths generated more than once (MkDocs would silently keep only the last)."""
    seen: set[str] = set()
    return sorted({u for u in uris if u in seen or seen.add(u)})  # type: ignore[func-returns-value]
