"""MkDocs glue, imported by a site's one-line hook (``from cqpsite.hook import *``).

It adds the engine's theme layer (partials, scripts, styles shipped in the package) behind the
site's own ``overrides/``, builds the referential pages and downloads with ``cqpsite``, registers
them and hands MkDocs their HTML (``cqpsite.mkdocs_pages``).
"""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from cqpsite import (
    background,
    canonique,
    ecriture,
    gabarits_visibles,
    indexation,
    livraison,
    memo_store,
    recherche,
    reconstruction,
)
from cqpsite.cache_pages import Bytecode, CachePages
from cqpsite.cadres import Cadres
from cqpsite.corpus import ReferentielsInvalides
from cqpsite.exports.publication import AdresseLocale, check_site_url
from cqpsite.fichiers_generes import fast_lookups
from cqpsite.fragments import Fragments, Translations
from cqpsite.memo import Memo
from cqpsite.menu import Menu
from cqpsite.mkdocs_pages import GeneratedPages, NavCache
from cqpsite.nav import build_nav
from cqpsite.site import Site, build_site

if TYPE_CHECKING:  # only mkdocs serve loads the server
    from mkdocs.livereload import LiveReloadServer

__all__ = [
    "on_build_error",
    "on_config",
    "on_env",
    "on_files",
    "on_nav",
    "on_page_context",
    "on_page_markdown",
    "on_post_build",
    "on_post_page",
    "on_pre_build",
    "on_pre_page",
    "on_serve",
    "on_shutdown",
    "on_startup",
]

THEME = Path(__file__).parent / "theme"
STYLES = ("assets/referentiels.css",)
# The engine's scripts (theme/assets/*.js) are not global: the form pages name theirs in their
# front matter and the engine's main.html loads them, deferred.

_user_nav: Any = None
_serving = False  # under mkdocs serve, documents are rendered after the pages
_site: Site | None = None
_server: LiveReloadServer | None = None
# Under mkdocs serve: what ``build_site`` was given, and the last site served whole (its
# referentials, MkDocs' files, site_dir), into which ready documents are delivered.
_inputs: livraison.Entrees | None = None
_files: Files | None = None
_served: livraison.Servi | None = None
_changes = livraison.Changes()
# Kept from a build to the next in this process (mkdocs serve): an edit reloads, rechecks and
# re-renders the edited referential only. A fresh process (mkdocs build) starts empty.
_memo = Memo()
_saving: memo_store.Saving | None = None  # the memo being written while the build goes on
# The last date a zip entry (DOCX, ODT) can hold: 2107-12-31T23:59:58Z.
EPOCH_MAX = 4354819198
CLASH = "cqpsite : adresses du site écrites deux fois (renommez l’un des deux)"
_pages = GeneratedPages()
on_page_markdown = _pages.on_page_markdown
on_pre_page = _pages.on_pre_page
on_page_context = _pages.on_page_context
_nav_cache = NavCache()
_menu = Menu()  # the navigation in Python where the site's features allow it
_translations, _fragments = Translations(), Fragments()  # theme parts rendered once
_cadres = Cadres()  # base.html around each page: what does not depend on it, once
_bytecode = Bytecode()
# Under mkdocs serve, generated pages whose inputs did not change are not rendered again.
_cache_pages = CachePages()
on_post_page = _cache_pages.on_post_page


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_serve(server: LiveReloadServer, config: MkDocsConfig, **_: Any) -> LiveReloadServer:
    """Documents rendered in the background land in the cache, then the worker touches its
    signal file: a rebuild then serves them."""
    global _server
    _server = server
    signal = background.signal_file(_cache_dir(config))
    signal.parent.mkdir(parents=True, exist_ok=True)
    signal.touch()
    server.watch(str(signal.parent))
    livraison.install(server, _changes, _deliver)
    # What the first build leaves alive (the memo, the kept pages) is frozen out of the cyclic
    # garbage collector: full collections during each rebuild then walk only what is new
    # (0.4 s less per rebuild at 4,000 pages). Once, before anything is served.
    gc.collect()
    gc.freeze()
    return server


def _deliver(paths: set[str]) -> bool:
    """The worker's signal alone changed: its documents are delivered into the served site
    without a rebuild (``livraison``); False (a rebuild) otherwise."""
    global _site, _served
    if _served is None or _inputs is None:
        return False
    site = livraison.deliver(paths, _served, _inputs, _memo)
    if site is None:
        return False
    _site, _served = site, livraison.Servi(site, _served.files, _served.site_dir)
    _follow(site, _inputs)
    return True


def _follow(site: Site, inputs: livraison.Entrees) -> None:
    """Documents still missing are rendered in the background; else a worker waits, loaded,
    for the next edit's."""
    if site.en_attente:
        background.start(inputs[0], inputs[1], inputs[2], site.en_attente)
    elif inputs[3]:  # documents on
        background.park()


def _keep_served(config: MkDocsConfig) -> None:
    global _served
    if _serving and _site is not None and _files is not None:
        _served = livraison.Servi(_site, _files, Path(config.site_dir))
        if _inputs is not None and _inputs[3]:  # documents on; not while a worker renders
            background.park()


@event_priority(10)  # before Material's search plugin writes its index
def _split_search_on_write(config: MkDocsConfig) -> None:
    recherche.split_on_write(config.plugins, Path(config.site_dir))


@event_priority(-100)  # after Material's search plugin wrote its index
def _split_search_index(config: MkDocsConfig) -> None:
    """Split the search index: its documents are fetched on the first search."""
    recherche.split_index(Path(config.site_dir))


@event_priority(-110)  # after every plugin has written its files (the search index, split)
def _remove_stale_files(config: MkDocsConfig) -> None:
    global _saving
    _thaw()
    _cache_pages.finish()
    ecriture.abort()
    reconstruction.finish()
    saving, _saving = _saving, None
    if saving is not None:
        saving.finish()
    elif not _serving and _memo_changed(config):
        memo_store.save(_memo, _memo_file(config), memo_store.signature(os.environ))


def _memo_changed(config: MkDocsConfig) -> bool:
    return bool(_memo.loaded or _memo.published or not _memo_file(config).exists())


def _memo_file(config: MkDocsConfig) -> Path:
    return _cache_dir(config).parent / "memo" / "memo.bin"


on_post_build = CombinedEvent(
    _keep_served, _split_search_on_write, _split_search_index, _remove_stale_files
)


def _thaw() -> None:
    """What ``on_pre_build`` froze out of the cyclic collector goes back to it: a process that
    builds again (tests, scripts) collects the previous builds' garbage."""
    if not _serving:
        gc.unfreeze()


def on_build_error(error: Exception, **_: Any) -> None:
    _thaw()
    _cache_pages.abort()
    ecriture.abort()
    reconstruction.abort()
    _abort_saving()
    if _server is not None and _site is None:
        _serve_last_site(_server)


def _abort_saving() -> None:
    """The memo being written is given up: the saved one stays as it was."""
    global _saving
    saving, _saving = _saving, None
    if saving is not None:
        saving.abort()


def _serve_last_site(server: LiveReloadServer) -> None:
    """The referentials failed to load (``on_pre_build``): nothing was written, the last good
    site is whole. MkDocs would hold every request until a build succeeds; it is served
    instead, the error staying in the terminal."""
    condition = getattr(server, "_epoch_cond", None)
    if condition is None or not hasattr(server, "_wanted_epoch"):
        return
    with condition:
        server._visible_epoch = server._wanted_epoch
        condition.notify_all()


def on_shutdown() -> None:
    background.shutdown()


def _cache_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent / ".cache" / "documents"


@event_priority(100)  # before Material's search plugin fills in its defaults
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _user_nav
    recherche.configure(config.plugins)
    _user_nav = config.nav
    if not config.use_directory_urls:
        raise PluginError("cqpsite : use_directory_urls doit rester activé (URL permanentes).")
    try:
        note = check_site_url(config.site_url or "", os.environ)
    except AdresseLocale as exc:
        raise PluginError(str(exc)) from None
    if note:
        logging.getLogger("mkdocs.plugins.cqpsite").info(note)
    add_theme_layer(config)
    gabarits_visibles.install(config)
    canonique.install()
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


def source_date_epoch(value: str | None) -> int:
    """``SOURCE_DATE_EPOCH`` (unset: 0), or a PluginError saying what is expected."""
    if value is None:
        return 0
    text = value.strip()
    if text.isascii() and text.isdigit() and int(text) <= EPOCH_MAX:
        return int(text)
    raise PluginError(
        f"SOURCE_DATE_EPOCH invalide (« {value[:40]} ») : un nombre entier de secondes depuis "
        f"le 1er janvier 1970 est attendu, entre 0 et {EPOCH_MAX} (fin 2107, dernière date "
        "qu’un fichier DOCX ou ODT peut porter) ; ou retirez la variable."
    )


def _problems(title: str, lines: list[str]) -> PluginError:
    return PluginError(f"{title} ({len(lines)}) :\n" + "\n".join(lines))


def on_pre_build(config: MkDocsConfig) -> None:
    """Load, check and render the referentials before MkDocs empties ``site_dir``: a build that
    fails on them leaves the last site in place."""
    global _site, _saving, _inputs, _served
    _site = _served = None
    _abort_saving()  # a build that ended without post_build or build_error events
    root = Path(config.config_file_path).parent
    epoch = source_date_epoch(os.environ.get("SOURCE_DATE_EPOCH"))
    with_documents = os.environ.get("CQPSITE_DOCUMENTS", "1") != "0"
    cache = _cache_dir(config)
    folder = root / "referentiels"
    if not _memo.histories.entries:  # a new process: start from what the last build saved
        memo_store.load(_memo, _memo_file(config), memo_store.signature(os.environ))
    try:
        site_url = config.site_url or ""
        site = build_site(folder, epoch, cache, with_documents, site_url, _serving, _memo)
    except ReferentielsInvalides as exc:
        raise _problems("Référentiels invalides", [str(p) for p in exc.problemes]) from None
    _inputs = (folder, epoch, cache, with_documents, site_url)
    if not _serving:  # the site lives until the build ends: full collections skip it
        gc.freeze()  # (until the build ends: ``_thaw``)
    if site.en_attente:  # rendered while MkDocs renders the pages, at a lower priority
        background.start(folder, epoch, cache, site.en_attente)
    _site = site
    if not _serving and _memo_changed(config):  # written while MkDocs reads the pages
        _saving = memo_store.start(_memo, _memo_file(config), memo_store.signature(os.environ))
    # MkDocs empties site_dir next: keep what is equal. Nothing is removed before the build
    # succeeds, so a clash found in ``on_files`` (a theme's file at a generated address) leaves
    # the last site whole.
    reconstruction.begin(config.site_dir)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _files
    site = _site
    if site is None:  # on_pre_build failed: MkDocs stops before this event
        raise PluginError("cqpsite : les référentiels n’ont pas été chargés")
    sources = {p.src_uri for p in site.pages}
    store = _cache_dir(config).parent / "pages" / "pages.bin"
    # mkdocs serve starts from what the last build saved, and keeps its own in memory; it never
    # forks (its server threads run).
    reuse = _cache_pages.begin(
        config, sources, on_pre_build, store, save=not _serving, fork=not _serving
    )
    keep = _serving and reuse
    _files = files if _serving else None
    found = _pages.register(site, files, config, keep=keep, lazy=reuse)
    if found:
        raise _problems(CLASH, found)
    if reuse and not _serving:  # written while MkDocs reads the pages
        ecriture.start([files.src_uris[f.src_uri] for f in site.fichiers])
    fast_lookups(files)
    if _user_nav is None:
        pages = files.documentation_pages(inclusion=InclusionLevel.is_in_nav)
        others = [f.src_uri for f in pages if f.src_uri not in _pages.sources]
        config.nav = build_nav(site.referentiels, site.pages, sorted(others))
    return files


def on_env(env: Environment, config: MkDocsConfig, **kwargs: Any) -> Environment:
    if _serving:  # templates compiled once per process
        env.bytecode_cache = _bytecode
    else:  # and once for every build: Jinja checks each template's source
        folder = _cache_dir(config).parent / "jinja"
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    _menu.on_env(env, config=config, **kwargs)
    _translations.on_env(env)
    _fragments.on_env(env, config)
    _cadres.on_env(env, config)
    indexation.install(config.plugins)  # Material's search entries, parsed faster
    return _nav_cache.on_env(env, config=config, **kwargs)


def on_nav(nav: Navigation, **kwargs: Any) -> Navigation:
    _menu.on_nav(nav, **kwargs)
    return _nav_cache.on_nav(nav, **kwargs)
