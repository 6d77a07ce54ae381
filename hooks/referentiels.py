"""MkDocs glue only: build the referential pages and downloads with ``cqpsite``, register them
and hand MkDocs their HTML (``cqpsite.mkdocs_pages``)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel

from cqpsite.corpus import ReferentielsInvalides
from cqpsite.exports.publication import AdresseLocale, check_site_url
from cqpsite.mkdocs_pages import GeneratedPages, NavCache
from cqpsite.nav import build_nav
from cqpsite.site import build_site

_user_nav: Any = None
_pages = GeneratedPages()
on_page_markdown = _pages.on_page_markdown
on_page_context = _pages.on_page_context
_nav_cache = NavCache()
on_nav, on_env = _nav_cache.on_nav, _nav_cache.on_env


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _user_nav
    _user_nav = config.nav
    if not config.use_directory_urls:
        raise PluginError("cqpsite : use_directory_urls doit rester activé (URL permanentes).")
    try:
        note = check_site_url(config.site_url or "", os.environ)
    except AdresseLocale as exc:
        raise PluginError(str(exc)) from None
    if note:
        logging.getLogger("mkdocs.plugins.cqpsite").info(note)
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
    found = _pages.register(site, files, config)
    if found:
        raise PluginError(
            "cqpsite : chemins générés en double ou déjà présents dans docs/ : " + ", ".join(found)
        )
    if _user_nav is None:
        pages = files.documentation_pages(inclusion=InclusionLevel.is_in_nav)
        others = [f.src_uri for f in pages if f.src_uri not in _pages.sources]
        config.nav = build_nav(site.referentiels, site.pages, sorted(others))
    return files
