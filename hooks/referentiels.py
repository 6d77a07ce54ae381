"""MkDocs glue only: build the referential pages and downloads with ``cqpsite``, register them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from cqpsite.corpus import ReferentielsInvalides
from cqpsite.nav import build_nav
from cqpsite.site import build_site, clashes

_user_nav: Any = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _user_nav
    _user_nav = config.nav
    if not config.use_directory_urls:
        raise PluginError("cqpsite : use_directory_urls doit rester activé (URL permanentes).")
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    with_documents = os.environ.get("CQPSITE_DOCUMENTS", "1") != "0"
    try:
        cache = root / ".cache" / "documents"
        site_url = config.site_url or ""
        site = build_site(root / "referentiels", epoch, cache, with_documents, site_url)
    except ReferentielsInvalides as exc:
        raise PluginError(
            f"Référentiels invalides ({len(exc.problemes)} problèmes) :\n{exc}"
        ) from None
    found = clashes(site, lambda uri: files.get_file_from_path(uri) is not None)
    if found:
        raise PluginError(
            "cqpsite : chemins générés en double ou déjà présents dans docs/ : " + ", ".join(found)
        )
    for page in site.pages:
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(
            File.generated(config, page.src_uri, content=page.contenu, inclusion=inclusion)
        )
    for fichier in site.fichiers:
        files.append(File.generated(config, fichier.src_uri, content=fichier.contenu))
    if _user_nav is None:
        names = {p.src_uri for p in site.pages}
        pages = files.documentation_pages(inclusion=InclusionLevel.is_in_nav)
        others = [f.src_uri for f in pages if f.src_uri not in names]
        config.nav = build_nav(site.referentiels, site.pages, sorted(others))
    return files
