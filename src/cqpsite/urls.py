"""The one place that builds paths and anchors. Every published URL is a promise: change nothing
here without a redirect plan (the site lists its addresses in ``adresses.json``, and
``python -m cqpsite verify`` compares them with the published list).

Paths come from explicit YAML IDs only, never from titles. ``version`` leaves room for pinned
paths (``<ref>/v/<version>/…``) beside the current, unversioned ones.
"""

from __future__ import annotations

from cqpsite.model import Bloc, Capacite, Critere, Point, Referentiel


def _root(ref: Referentiel, version: str | None = None) -> str:
    return f"{ref.id}/v/{version}" if version else ref.id


def home_page() -> str:
    return "index.md"


def overview_page(ref: Referentiel, version: str | None = None) -> str:
    return f"{_root(ref, version)}/index.md"


def bloc_page(ref: Referentiel, bloc: Bloc, version: str | None = None) -> str:
    return f"{_root(ref, version)}/blocs/{bloc.id}.md"


def capacite_page(ref: Referentiel, capacite: Capacite, version: str | None = None) -> str:
    return f"{_root(ref, version)}/capacites/{capacite.id}.md"


def dossier_page(ref: Referentiel, version: str | None = None) -> str:
    return f"{_root(ref, version)}/dossier.md"


def grille_page(ref: Referentiel, version: str | None = None) -> str:
    return f"{_root(ref, version)}/grille.md"


def download(ref: Referentiel, nom: str, version: str | None = None) -> str:
    return f"{_root(ref, version)}/telechargements/{nom}"


def versions_page(ref: Referentiel) -> str:
    return f"{ref.id}/versions.md"


def comparaison_page(ref: Referentiel, version: str) -> str:
    """What changed from archived ``version`` to the current one (under the pinned root)."""
    return f"{_root(ref, version)}/comparaison.md"


def pinned(src: str, ref: Referentiel, version: str) -> str:
    """The same generated path under the version-pinned root ``<ref>/v/<version>/``."""
    return f"{_root(ref, version)}/{src.removeprefix(f'{ref.id}/')}"


def unpinned(src: str, ref: Referentiel, version: str) -> str:
    """The unversioned path of a path under ``<ref>/v/<version>/``."""
    return f"{ref.id}/{src.removeprefix(f'{_root(ref, version)}/')}"


def redirect_file(src: str) -> str:
    """The static HTML file that answers a page's public URL without MkDocs rendering it."""
    return f"{public_url(src)}index.html"


def critere_anchor(critere: Critere | Point) -> str:
    return f"critere-{critere.id}"


def question_anchor(question_id: str) -> str:
    return f"question-{question_id}"


def section_anchor(section_id: str) -> str:
    return f"section-{section_id}"


def grille_anchor(unite_id: str) -> str:
    return f"grille-{unite_id}"


def critere_page(ref: Referentiel, critere_id: str) -> str:
    """The page that carries a criterion's anchor (its capacité's, else its bloc's)."""
    for bloc in ref.blocs:
        if not isinstance(bloc.criteres, str) and any(_ids(c, critere_id) for c in bloc.criteres):
            return bloc_page(ref, bloc)
        for capacite in bloc.capacites:
            if any(_ids(c, critere_id) for c in capacite.criteres):
                return capacite_page(ref, capacite)
    for capacite in ref.capacites:
        if any(_ids(c, critere_id) for c in capacite.criteres):
            return capacite_page(ref, capacite)
    raise KeyError(critere_id)


def _ids(critere: Critere, wanted: str) -> bool:
    return critere.id == wanted or any(p.id == wanted for p in critere.points)


def public_url(src_uri: str) -> str:
    """Site-relative URL of a generated Markdown page, with MkDocs' directory URLs."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


def href(from_src: str, to_src: str) -> str:
    """Relative URL between two generated pages (pages are HTML: MkDocs leaves it untouched)."""
    base = public_url(from_src).rstrip("/") or "."
    target = public_url(to_src)
    rel = _relpath(target.rstrip("/") or ".", base)
    if rel == ".":
        return "./"
    return f"{rel}/" if target.endswith("/") or not target else rel


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for site-relative paths, without its calls to ``os.getcwd``
    (a third of the time spent rendering pages went there)."""
    to = [p for p in path.split("/") if p not in ("", ".")]
    base = [p for p in start.split("/") if p not in ("", ".")]
    common = 0
    for a, b in zip(to, base, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


# Open data: one file per referential beside its pages, one schema for the whole site.
def export_json(ref: Referentiel, version: str | None = None) -> str:
    return f"{_root(ref, version)}/referentiel.json"


def export_case(ref: Referentiel, version: str | None = None) -> str:
    return f"{_root(ref, version)}/case.json"


def export_badges(ref: Referentiel, version: str | None = None) -> str:
    return f"{_root(ref, version)}/badges.json"


def schema_file() -> str:
    return "schema/referentiel.schema.json"


def adresses_file() -> str:
    """The site's list of every address it serves (``cqpsite.adresses``)."""
    return "adresses.json"


def export_schema_file() -> str:
    """The schema of ``referentiel.json`` (the YAML schema plus permalinks)."""
    return "schema/referentiel-export.schema.json"


def permalink(src_uri: str, anchor: str = "", site_url: str = "") -> str:
    """Published URL of a generated file: absolute when ``site_url`` is known, else relative."""
    path = public_url(src_uri) + (f"#{anchor}" if anchor else "")
    return f"{site_url.rstrip('/')}/{path}" if site_url else path
