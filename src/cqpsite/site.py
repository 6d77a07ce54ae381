"""Everything the site generates, as data: pages (front matter and HTML) and downloads (bytes)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cqpsite import adresses, exports, figees, pages, parallel, urls
from cqpsite.corps import Entete, read_entete
from cqpsite.corpus import load_historiques
from cqpsite.empreintes import suivi
from cqpsite.exports.schema import referentiel_schema
from cqpsite.exports.schema_export import export_schema
from cqpsite.memo import Memo
from cqpsite.model import Referentiel
from cqpsite.sorties import collisions
from cqpsite.versions import Absent, Historique, absents, compare, elements

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
    en_attente: tuple[str, ...] = ()  # referentials whose documents are left to the background
    # Each page's front matter as MkDocs reads it (``corps.read_entete``), by ``src_uri``.
    entetes: Mapping[str, Entete | None] | None = None


def build_site(
    folder: Path,
    epoch: int,
    cache_dir: Path | None,
    documents: bool = True,
    site_url: str = "",
    background: bool = False,
    memo: Memo | None = None,
) -> Site:
    """Load, validate and render every referential of ``folder`` with its archived versions
    (raises ReferentielsInvalides).

    ``site_url`` makes the permalinks of the open-data exports absolute. With ``background``
    (``mkdocs serve``), documents missing from the cache are not rendered: their links say
    they are being generated, and ``Site.en_attente`` names their referentials. With ``memo``
    (one process building again, as ``mkdocs serve`` does), the referentials whose files did
    not change are neither loaded, checked nor rendered again: the memo's results are the same.
    """
    if memo is not None:
        memo.start()
    historiques = load_historiques(folder, memo=memo)
    refs = tuple(h.courante for h in historiques)
    all_pages: list[pages.Page] = [pages.render_home(refs)]
    schemas = (
        Fichier(urls.schema_file(), exports.dumps(referentiel_schema())),
        Fichier(urls.export_schema_file(), exports.dumps(export_schema())),
    )
    fichiers: list[Fichier] = list(schemas)
    versions = [v for h in historiques for v in h.toutes]
    rendered = _render_documents(versions, epoch, cache_dir, background, memo) if documents else {}
    shared = [f.src_uri for f in schemas]
    listes = [adresses.list_site([(p.src_uri, p.contenu) for p in all_pages], shared)]
    entetes = {p.src_uri: read_entete(p.contenu) for p in all_pages}
    for out in _publish_all(historiques, rendered, site_url, schemas, memo):
        all_pages += out[0]
        fichiers += out[1]
        listes.append(out[2])
        entetes.update(out[3])
    fichiers.append(Fichier(adresses.FICHIER, adresses.render_adresses(listes)))
    waiting = {ref_id for (ref_id, _), docs in rendered.items() if any(not d.contenu for d in docs)}
    if memo is not None:
        memo.finish()
    return Site(refs, tuple(all_pages), tuple(fichiers), tuple(sorted(waiting)), entetes)


_Published = tuple[list[pages.Page], list[Fichier], adresses.Liste, dict[str, Entete | None]]
_Schemas = tuple[Fichier, Fichier]  # the YAML format's, then referentiel.json's
_Job = tuple[Sequence[Historique], Mapping[tuple[str, str], tuple["Document", ...]], str, _Schemas]


def _publish_one(job: _Job, index: int) -> _Published:
    historiques, documents, site_url, schemas = job
    return _publish(historiques[index], documents, site_url, schemas)


def _publish_all(
    historiques: Sequence[Historique],
    documents: Mapping[tuple[str, str], tuple[Document, ...]],
    site_url: str,
    schemas: _Schemas,
    memo: Memo | None,
) -> list[_Published]:
    """Each referential's pages and files, in order, on every core (rendering the pages took
    a third of a large build); with ``memo``, only those whose model or documents changed."""
    pages.compile_templates()
    if memo is None:
        job = (historiques, documents, site_url, schemas)
        return parallel.map_forked(_publish_one, job, len(historiques))
    keys = [
        (h, tuple(documents.get((v.id, v.version)) for v in h.toutes), site_url, schemas)
        for h in historiques
    ]
    found: list[_Published | None] = [
        memo.pages.get(h.courante.id, key) for h, key in zip(historiques, keys, strict=True)
    ]
    missing = [i for i, out in enumerate(found) if out is None]
    job = ([historiques[i] for i in missing], documents, site_url, schemas)
    for i, out in zip(missing, parallel.map_forked(_publish_one, job, len(missing)), strict=True):
        found[i] = out
        memo.pages.put(historiques[i].courante.id, keys[i], out)
    return [out for out in found if out is not None]


def _publish(
    historique: Historique,
    documents: Mapping[tuple[str, str], tuple[Document, ...]],
    site_url: str,
    schemas: _Schemas,
) -> _Published:
    """Pages, files, addresses and front matters of every version of one referential.

    The current version is published at the unversioned paths, and its pinned paths answer
    with small static pages (``figees``) or copies (downloads); archived versions are
    rendered in full under their pinned paths, out of the navigation and of search.
    """
    ref = historique.courante
    out_pages: list[pages.Page] = []
    out_files: list[Fichier] = []
    comparaisons = [compare(historique, old) for old in historique.anciennes]
    notices = absents(historique)
    precedente = None
    compares = [(a.version, urls.comparaison_page(ref, a.version)) for a in historique.anciennes]
    for rang, version in enumerate(historique.toutes):
        current = version is ref
        marques = suivi(historique.toutes[: rang + 1], compares if current else ())
        pinned = None if current else version.version
        downloads: list[pages.Telechargement] = []
        contents: list[Fichier] = []
        key = (version.id, version.version)
        if key in documents:
            docs, files = _documents(version, documents[key], pinned)
            downloads += docs
            contents += files
        # The current version's referentiel.json, and its pinned copy (other permalinks).
        jsons = exports.render_jsons(ref, site_url, (None, ref.version)) if current else None
        data = _exports(version, site_url, schemas, pinned, precedente, jsons[0] if jsons else None)
        downloads += data
        shared = {s.src_uri for s in schemas}
        contents += [Fichier(d.src, c) for d, c in data.items() if d.src not in shared]
        if current:
            rendered = pages.render_referentiel(ref, downloads, absents=notices, suivi=marques)
            assert jsons is not None
            copies = _pinned_copies(ref, rendered, contents, jsons[1], notices)
            out_files += copies
        else:
            comparaison = urls.comparaison_page(ref, version.version)
            ids = frozenset(elements(ref))
            bandeau = pages.Bandeau(version.version, ref, ids, comparaison)
            rendered = pages.render_referentiel(version, downloads, bandeau=bandeau, suivi=marques)
        out_pages += rendered
        out_files += contents
        precedente = version
    out_pages.append(pages.render_versions(historique, comparaisons))
    out_pages += [pages.render_comparaison(historique, c) for c in comparaisons]
    liste = adresses.list_referentiel(
        historique,
        [(p.src_uri, p.contenu) for p in out_pages],
        [f.src_uri for f in out_files],
        notices,
    )
    return out_pages, out_files, liste, {p.src_uri: read_entete(p.contenu) for p in out_pages}


def _pinned_copies(
    ref: Referentiel,
    rendered: tuple[pages.Page, ...],
    contents: list[Fichier],
    json_pinned: bytes,
    notices: Mapping[str, Sequence[Absent]],
) -> list[Fichier]:
    """The current version's pinned paths: small static pages standing for its pages, copies
    of its downloads (``json_pinned``: referentiel.json with pinned permalinks, as it will be
    once the version is archived)."""
    own = [p for p in rendered if p.titre != pages.TITRE_RETRAIT]  # notices: not this version
    titres = [
        (
            p.src_uri,
            f"{p.titre} — {ref.titre} (version {ref.version})",
            adresses.ancres(p.contenu) - adresses.retired_anchors(notices.get(p.src_uri, ())),
        )
        for p in own
    ]
    out = [Fichier(*f) for f in figees.render_all(ref, titres, figees.by_page(ref))]
    pinned_json = urls.export_json(ref, ref.version)
    for fichier in contents:
        pinned = urls.pinned(fichier.src_uri, ref, ref.version)
        if pinned == pinned_json:  # the one export whose links depend on where it stands
            out.append(Fichier(pinned, json_pinned))
        else:
            out.append(Fichier(pinned, fichier.contenu))
    return out


# The template lists downloads of this type under "Données ouvertes", apart from the documents.
DONNEES = "donnees"
_EXPORTS = {
    "referentiel.json": "Référentiel complet (JSON, format cqpsite)",
    "case.json": "Paquet CASE (JSON, forme CASE 1.0)",
    "badges.json": "Open Badges 3.0 : « Achievements » des unités et alignements (JSON)",
    "referentiel.schema.json": "Schéma du format YAML (JSON Schema)",
    "referentiel-export.schema.json": "Schéma de referentiel.json (JSON Schema)",
}


def _exports(
    ref: Referentiel,
    site_url: str,
    schemas: _Schemas,
    version: str | None,
    precedente: Referentiel | None,
    referentiel_json: bytes | None = None,
) -> dict[pages.Telechargement, bytes]:
    files = exports.render_exports(ref, site_url, version, precedente, referentiel_json)
    files |= {s.src_uri: s.contenu for s in schemas}
    out = {}
    for src, contenu in files.items():
        titre = _EXPORTS[src.rsplit("/", 1)[-1]]
        size = pages.format_size(len(contenu))
        out[pages.Telechargement(src, titre, "JSON", DONNEES, size)] = contenu
    return out


def _render_documents(
    versions: Sequence[Referentiel],
    epoch: int,
    cache_dir: Path | None,
    background: bool,
    memo: Memo | None = None,
) -> dict[tuple[str, str], tuple[Document, ...]]:
    """Documents of every version, keyed by (referential, version), from the cache or rendered
    together on every core; with ``background``, a document missing from the cache is given
    without content (its link waits for the background rendering), and ``memo`` keeps those
    found whole, for the versions that did not change."""
    from cqpsite.documents import Document, plan_documents
    from cqpsite.documents.cache import cached_documents, render_documents_batch

    if not background:
        batch = render_documents_batch(versions, epoch, cache_dir)
        return {(v.id, v.version): docs for v, docs in zip(versions, batch, strict=True)}
    out: dict[tuple[str, str], tuple[Document, ...]] = {}
    context = (epoch, cache_dir)
    for version in versions:
        kept = memo.docs.get((version.id, version.version), (version, context)) if memo else None
        if kept is not None:
            out[version.id, version.version] = kept
    missing = [v for v in versions if (v.id, v.version) not in out]
    for version, docs in zip(missing, cached_documents(missing, epoch, cache_dir), strict=True):
        if docs is None:
            docs = tuple(
                Document(j.nom, j.format, j.type, j.titre, b"") for j in plan_documents(version)
            )
        elif memo is not None:
            memo.docs.put((version.id, version.version), (version, context), docs)
        out[version.id, version.version] = docs
    return {(v.id, v.version): out[v.id, v.version] for v in versions}


def _documents(
    ref: Referentiel, docs: Sequence[Document], version: str | None
) -> tuple[list[pages.Telechargement], list[Fichier]]:
    liens, fichiers = [], []
    for doc in docs:
        src = urls.download(ref, doc.nom, version)
        if not doc.contenu:  # being rendered in the background (mkdocs serve)
            liens.append(pages.Telechargement(src, doc.titre, doc.format, doc.type, "", False))
            continue
        size = pages.format_size(len(doc.contenu))
        liens.append(pages.Telechargement(src, doc.titre, doc.format, doc.type, size))
        fichiers.append(Fichier(src, doc.contenu))
    return liens, fichiers


def clashes(site: Site, existing: Iterable[tuple[str, str]]) -> list[str]:
    """Outputs written twice, by two generated files or by one and a file of ``existing``
    (``(src_uri, origin)``, e.g. ``("a-propos.md", "docs/a-propos.md")``): MkDocs would
    silently keep only one. Compared on output paths: ``a-propos.md`` and a referential
    ``a-propos``'s ``a-propos/index.md`` are both ``a-propos/index.html``."""
    uris = [p.src_uri for p in site.pages] + [f.src_uri for f in site.fichiers]
    generated = [(uri, f"généré {uri}") for uri in uris]
    return collisions([*existing, *generated])
