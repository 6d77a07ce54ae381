"""Everything the site generates, as data: pages (front matter and HTML) and downloads (bytes)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cqpsite import exports, pages, parallel, urls
from cqpsite.corpus import load_historiques
from cqpsite.exports.schema import referentiel_schema
from cqpsite.model import Referentiel
from cqpsite.versions import Historique, absents, compare, elements

if TYPE_CHECKING:  # the renderers import heavy libraries: only when documents are built
    from cqpsite.documents import Document


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
    """Load, validate and render every referential of ``folder`` with its archived versions
    (raises ReferentielsInvalides).

    ``site_url`` makes the permalinks of the open-data exports absolute.
    """
    historiques = load_historiques(folder)
    refs = tuple(h.courante for h in historiques)
    all_pages: list[pages.Page] = [pages.render_home(refs)]
    schema = Fichier(urls.schema_file(), exports.dumps(referentiel_schema()))
    fichiers: list[Fichier] = [schema]
    versions = [v for h in historiques for v in h.toutes]
    rendered = _render_documents(versions, epoch, cache_dir) if documents else {}
    for out in _publish_all(historiques, epoch, rendered, site_url, schema):
        all_pages += out[0]
        fichiers += out[1]
    return Site(refs, tuple(all_pages), tuple(fichiers))


_Published = tuple[list[pages.Page], list[Fichier]]
_Job = tuple[
    Sequence[Historique], int, Mapping[tuple[str, str], tuple["Document", ...]], str, Fichier
]


def _publish_one(job: _Job, index: int) -> _Published:
    historiques, epoch, documents, site_url, schema = job
    return _publish(historiques[index], epoch, documents, site_url, schema)


def _publish_all(
    historiques: Sequence[Historique],
    epoch: int,
    documents: Mapping[tuple[str, str], tuple[Document, ...]],
    site_url: str,
    schema: Fichier,
) -> list[_Published]:
    """Each referential's pages and files, in order, on every core (rendering the pages took
    a third of a large build)."""
    job = (historiques, epoch, documents, site_url, schema)
    return parallel.map_forked(_publish_one, job, len(historiques))


def _publish(
    historique: Historique,
    epoch: int,
    documents: Mapping[tuple[str, str], tuple[Document, ...]],
    site_url: str,
    schema: Fichier,
) -> tuple[list[pages.Page], list[Fichier]]:
    """Pages and files of every version of one referential.

    The current version is published at the unversioned paths, and its pinned paths answer
    with static redirects (pages) or copies (downloads); archived versions are rendered in
    full under their pinned paths, out of the navigation and of search.
    """
    ref = historique.courante
    out_pages: list[pages.Page] = []
    out_files: list[Fichier] = []
    comparaisons = [compare(historique, old) for old in historique.anciennes]
    for version in historique.toutes:
        current = version is ref
        pinned = None if current else version.version
        downloads: list[pages.Telechargement] = []
        contents: list[Fichier] = []
        key = (version.id, version.version)
        if key in documents:
            docs, files = _documents(version, documents[key], pinned)
            downloads += docs
            contents += files
        data = _exports(version, site_url, epoch, schema, pinned)
        downloads += data
        contents += [Fichier(d.src, c) for d, c in data.items() if d.src != schema.src_uri]
        if current:
            notices = absents(historique)
            rendered = pages.render_referentiel(ref, downloads, absents=notices)
            out_files += _pinned_copies(ref, rendered, contents, site_url)
        else:
            comparaison = urls.comparaison_page(ref, version.version)
            ids = frozenset(elements(ref))
            bandeau = pages.Bandeau(version.version, ref, ids, comparaison)
            rendered = pages.render_referentiel(version, downloads, bandeau=bandeau)
        out_pages += rendered
        out_files += contents
    out_pages.append(pages.render_versions(historique, comparaisons))
    out_pages += [pages.render_comparaison(historique, c) for c in comparaisons]
    return out_pages, out_files


def _pinned_copies(
    ref: Referentiel,
    rendered: tuple[pages.Page, ...],
    contents: list[Fichier],
    site_url: str,
) -> list[Fichier]:
    """The current version's pinned paths: redirects to its pages, copies of its downloads
    (exports rendered with pinned permalinks, as they will be once the version is archived)."""
    out = []
    for page in rendered:
        if page.titre == pages.TITRE_RETRAIT:  # not part of this version
            continue
        pinned = urls.pinned(page.src_uri, ref, ref.version)
        titre = f"{page.titre} — {ref.titre} (version {ref.version})"
        out.append(
            Fichier(urls.redirect_file(pinned), pages.render_redirect(pinned, page.src_uri, titre))
        )
    pinned_json = urls.export_json(ref, ref.version)
    for fichier in contents:
        pinned = urls.pinned(fichier.src_uri, ref, ref.version)
        if pinned == pinned_json:  # the one export whose links depend on where it stands
            out.append(Fichier(pinned, exports.render_json(ref, site_url, ref.version)))
        else:
            out.append(Fichier(pinned, fichier.contenu))
    return out


# The template lists downloads of this type under "Données ouvertes", apart from the documents.
DONNEES = "donnees"
_EXPORTS = {
    "referentiel.json": ("Référentiel complet (JSON, format cqpsite)", "JSON"),
    "case.json": ("Paquet CASE (JSON, forme CASE 1.0)", "JSON"),
    "badges.json": ("Alignements Open Badges 3.0 des critères (JSON)", "JSON"),
}


def _exports(
    ref: Referentiel, site_url: str, epoch: int, schema: Fichier, version: str | None
) -> dict[pages.Telechargement, bytes]:
    out = {}
    for src, contenu in exports.render_exports(ref, site_url, epoch, version).items():
        titre, fmt = _EXPORTS[src.rsplit("/", 1)[-1]]
        size = pages.format_size(len(contenu))
        out[pages.Telechargement(src, titre, fmt, DONNEES, size)] = contenu
    titre = "Schéma du format YAML (JSON Schema)"
    size = pages.format_size(len(schema.contenu))
    out[pages.Telechargement(schema.src_uri, titre, "JSON", DONNEES, size)] = schema.contenu
    return out


def _render_documents(
    versions: Sequence[Referentiel], epoch: int, cache_dir: Path | None
) -> dict[tuple[str, str], tuple[Document, ...]]:
    """Documents of every version, keyed by (referential, version), from the cache or rendered
    together on every core."""
    from cqpsite.documents.cache import render_documents_batch

    batch = render_documents_batch(versions, epoch, cache_dir)
    return {(v.id, v.version): docs for v, docs in zip(versions, batch, strict=True)}


def _documents(
    ref: Referentiel, docs: Sequence[Document], version: str | None
) -> tuple[list[pages.Telechargement], list[Fichier]]:
    liens, fichiers = [], []
    for doc in docs:
        src = urls.download(ref, doc.nom, version)
        size = pages.format_size(len(doc.contenu))
        liens.append(pages.Telechargement(src, doc.titre, doc.format, doc.type, size))
        fichiers.append(Fichier(src, doc.contenu))
    return liens, fichiers


def clashes(site: Site, existing: Callable[[str], bool]) -> list[str]:
    """Paths generated twice or already in docs/: MkDocs would silently keep only one."""
    uris = [p.src_uri for p in site.pages] + [f.src_uri for f in site.fichiers]
    twice = [uri for uri, n in Counter(uris).items() if n > 1]
    return sorted(set(twice) | {uri for uri in uris if existing(uri)})
