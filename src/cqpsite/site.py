"""Everything the site generates, as data: pages (Markdown) and downloads (bytes)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cqpsite import exports, pages, urls
from cqpsite.corpus import load_referentiels
from cqpsite.exports.badges import alignments
from cqpsite.exports.schema import referentiel_schema
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


def build_site(
    folder: Path, epoch: int, cache_dir: Path | None, documents: bool = True, site_url: str = ""
) -> Site:
    """Load, validate and render every referential of ``folder`` (raises ReferentielsInvalides).

    ``site_url`` makes the permalinks of the open-data exports absolute.
    """
    refs = load_referentiels(folder)
    all_pages: list[pages.Page] = [pages.render_home(refs)]
    schema = Fichier(urls.schema_file(), exports.dumps(referentiel_schema()))
    fichiers: list[Fichier] = [schema]
    for ref in refs:
        downloads: list[pages.Telechargement] = []
        if documents:
            docs, files = _documents(ref, epoch, cache_dir)
            downloads += docs
            fichiers += files
        data = _exports(ref, site_url, epoch, schema)
        downloads += data
        fichiers += [Fichier(d.src, c) for d, c in data.items() if d.src != schema.src_uri]
        badges = {k: exports.dumps(v).decode() for k, v in alignments(ref, site_url).items()}
        all_pages += pages.render_referentiel(ref, downloads, badges)
    return Site(refs, tuple(all_pages), tuple(fichiers))


# The template lists downloads of this type under "Données ouvertes", apart from the documents.
DONNEES = "donnees"
_EXPORTS = {
    "referentiel.json": ("Référentiel complet (JSON, format cqpsite)", "JSON"),
    "case.json": ("Paquet CASE (JSON, forme CASE 1.0)", "JSON"),
    "badges.json": ("Alignements Open Badges 3.0 des critères (JSON)", "JSON"),
}


def _exports(
    ref: Referentiel, site_url: str, epoch: int, schema: Fichier
) -> dict[pages.Telechargement, bytes]:
    out = {}
    for src, contenu in exports.render_exports(ref, site_url, epoch).items():
        titre, fmt = _EXPORTS[src.rsplit("/", 1)[-1]]
        size = pages.format_size(len(contenu))
        out[pages.Telechargement(src, titre, fmt, DONNEES, size)] = contenu
    titre = "Schéma du format YAML (JSON Schema)"
    size = pages.format_size(len(schema.contenu))
    out[pages.Telechargement(schema.src_uri, titre, "JSON", DONNEES, size)] = schema.contenu
    return out


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


def clashes(site: Site, existing: Callable[[str], bool]) -> list[str]:
    """Paths generated twice or already in docs/: MkDocs would silently keep only one."""
    uris = [p.src_uri for p in site.pages] + [f.src_uri for f in site.fichiers]
    twice = [uri for uri, n in Counter(uris).items() if n > 1]
    return sorted(set(twice) | {uri for uri in uris if existing(uri)})
