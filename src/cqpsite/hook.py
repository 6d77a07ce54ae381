"""MkDocs glue, imported by a site's one-line hook (``from cqpsite.hook import *``).

It adds the engine's theme layer (partials, scripts, styles shipped in the package) behind the
site's own ``overrides/``, builds the referential pages and downloads with ``cqpsite``, registers
them and hands MkDocs their HTML (``cqpsite.mkdocs_pages``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from cqpsite.corpus import ReferentielsInvalides
from cqpsite.mkdocs_pages import GeneratedPages, NavCache
from cqpsite.nav import build_nav
from cqpsite.site import build_site

__all__ = [
    "on_config",
    "on_env",
    "on_files",
    "on_nav",
    "on_page_context",
    "on_page_markdown",
]

THEME = Path(__file__).parent / "theme"
STYLES = ("assets/referentiels.css",)
# The engine's scripts (theme/assets/*.js) are not global: the form pages name theirs in their
# front matter and the engine's main.html loads them, deferred.

_user_nav: Any = None
_pages = GeneratedPages()
on_page_markdown = _pages.on_page_markdown
on_page_context = _pages.on_page_context
_nav_cache = NavCache()
on_env = _nav_cache.on_env


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _user_nav
    _user_nav = config.nav
    if not config.use_directory_urls:
        raise PluginError("cqpsite : use_directory_urls doit rester activé (URL permanentes).")
    add_theme_layer(config)
    return config


def add_theme_layer(config: MkDocsConfig) -> None:
    """The engine's templates and assets sit between the site's ``overrides/`` (which still
    wins) and Material; its styles come after the site's own."""
    dirs = config.theme.dirs
    if str(THEME) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
    for style in STYLES:
        if style not in config.extra_css:
            config.extra_css.append(style)


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


def on_nav(nav: Navigation, **kwargs: Any) -> Navigation:
    return _nav_cache.on_nav(nav, **kwargs)
