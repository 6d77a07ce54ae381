"""A generated page whose inputs did not change is not rendered again.

Material's templates around each page (menu, header, table of contents) and the search plugin's
indexing took 90 % of a rebuild, for pages an edit of one referential leaves as they were. A
generated page's HTML depends on its source (front matter and body), its address, its previous
and next pages, the navigation (every item's title and address), the configuration file, the
environment (``!ENV``), the themes' and the engine's files and the versions of the packages
that shape the HTML. When all are as in the previous build, that build's search entries are
used again, and its file: ``reconstruction`` keeps it where it is as it was left; in another
site folder (``mkdocs serve``, ``-d``) it is copied from where the last build wrote it, if that
file is still as it was left; otherwise the page is rendered again. Keeping the pages' bytes
instead (compressed) cost a clean build 0.4 to 0.6 ms per page, 12 % of its page loop.

Under ``mkdocs serve`` the entries stay in memory; ``mkdocs build`` reads and saves them in
``.cache/pages`` beside the documents' cache, so that a build after a one-file edit renders
only what changed (``mkdocs serve`` starts from them, without saving). Only while every plugin
is one whose page events are known: Material's search and the engine's hook (another plugin
could change a page's output from anything). In ``mkdocs build``, the pages to render are
spread over the cores (``parallel_pages``, whose processes write their files) and taken back.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from cqpsite import page_keys, parallel_pages, reconstruction

SEARCH = "material/search"
FORMAT = 4  # of the saved entries
# Events through which a plugin can change a page's output or read its rendering.
PAGE_EVENTS = (
    "on_pre_page",
    "on_page_markdown",
    "on_page_content",
    "on_page_context",
    "on_template_context",
    "on_post_template",
    "on_post_page",
    "on_env",
)


@dataclass
class _Entry:
    key: bytes
    path: str  # the page's file, as written (absolute)
    search: list[Any]  # the search index's entries for the page
    stamp: tuple[int, int, int] | None  # of the file written (``reconstruction.stamp``)


@dataclass
class _Build:
    config: MkDocsConfig
    sources: frozenset[str]
    store: Path | None = None
    signature: bytes | None = None  # computed on the first page: titles are read by then
    kept: dict[str, _Entry] = field(default_factory=dict)
    output: str | None = None  # the current page's output, from ``on_post_page``
    hits: int = 0
    fork: bool = False  # may spread the pages to render over processes (not under serve)
    keys: dict[str, bytes] = field(default_factory=dict)  # computed before forking
    split: parallel_pages.Split | None = None


class CachePages:
    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._build: _Build | None = None
        self._original: Callable[..., None] | None = None
        # Each page source's hash, by the source object it was taken from: a referential the
        # memo reused gives the same object, and is not encoded and hashed again.
        self._digests: dict[str, tuple[object, bytes]] = {}
        self.hits = 0  # pages the last build took from the cache (tests, benchmarks)
        self.processes = 1  # that rendered the last build's pages

    def begin(
        self,
        config: MkDocsConfig,
        sources: Iterable[str],
        ours: Any,
        store: Path | None = None,
        save: bool = True,
        fork: bool = False,
    ) -> bool:
        """Start a build (``on_files``); ``ours`` is the engine's hook module's
        ``on_pre_build``, to recognise that hook among the plugins. With ``store`` (a file),
        the entries of the last build are read from there when this process has none, and,
        with ``save``, written there after a successful build; with ``fork``, the pages to
        render may be rendered by several processes. Returns whether pages may be reused
        (every plugin known)."""
        self.abort()
        self.hits, self.processes = 0, 1
        if not _known_plugins(config, ours):
            self._build = None
            self._entries = {}
            return False
        self._install()
        if store is not None and not self._entries:
            self._entries = _read(store)
        self._build = _Build(config, frozenset(sources), store if save else None, fork=fork)
        self._digests = {k: v for k, v in self._digests.items() if k in self._build.sources}
        return True

    def finish(self) -> None:
        """The build succeeded (``on_post_build``): keep only the entries of its pages."""
        build, self._build = self._build, None
        if build is not None:
            if build.split is not None:
                build.split.close()
            self._entries = build.kept
            self.hits = build.hits
            if build.store is not None:
                _write(build.store, build.kept)

    def abort(self) -> None:
        build, self._build = self._build, None
        if build is not None and build.split is not None:
            build.split.close()

    def forget(self) -> None:
        """Drop every entry kept in memory (tests start from an empty cache)."""
        self._entries = {}

    @event_priority(-100)  # the output every other plugin left
    def on_post_page(self, output: str, page: Page, **_: Any) -> str:
        if self._build is not None:
            self._build.output = output
        return output

    def _install(self) -> None:
        if self._original is None:
            self._original = mkdocs_build._build_page
            mkdocs_build._build_page = self._build_page

    def _build_page(
        self,
        page: Page,
        config: MkDocsConfig,
        doc_files: Any,
        nav: Navigation,
        env: Any,
        dirty: bool = False,
        excluded: bool = False,
    ) -> None:
        original = self._original
        assert original is not None
        build = self._build
        uri = page.file.src_uri
        if build is None or build.config is not config:
            original(page, config, doc_files, nav, env, dirty, excluded)
            return
        index = _search_entries(config)
        if build.signature is None:  # the first page of the build: every page is read
            build.signature = page_keys.signature(config, nav)
            if build.fork and not dirty and index is not None:
                self._fork(build, (config, doc_files, nav, env), index)
        if excluded or uri not in build.sources:
            original(page, config, doc_files, nav, env, dirty, excluded)
            return
        result = build.split.take(uri) if build.split is not None else None
        key = build.keys.pop(uri, None) or (result.value if result is not None else None)
        key = key or page_keys.key(build.signature, page, self._digest(page))
        entry = self._entries.get(uri)
        if (
            entry is not None
            and entry.key == key
            and index is not None
            and _take(build, page, entry, index)
        ):
            build.hits += 1
            return
        if result is not None and index is not None:  # rendered by another process
            result.replay()
            if not result.written:  # MkDocs skipped the empty page
                index.extend(result.search)
            else:  # and wrote its file
                path = os.path.abspath(page.file.abs_dest_path)
                reconstruction.adopt(path)
                entry = _Entry(key, path, result.search, result.stamp)
                index.extend(entry.search)
                build.kept[uri] = entry
            return
        before = len(index) if index is not None else 0
        build.output = None
        original(page, config, doc_files, nav, env, dirty, excluded)
        if build.output is not None and index is not None and build.output.strip():
            path = os.path.abspath(page.file.abs_dest_path)
            build.kept[uri] = _Entry(key, path, index[before:], reconstruction.stamp(path))

    def _digest(self, page: Page) -> bytes:
        content = page.file._content
        known = self._digests.get(page.file.src_uri)
        if known is not None and content is not None and known[0] is content:
            return known[1]
        # SHA-1 (a cache key, not a signature): a third faster than SHA-256 on a 25 kB source.
        digest = hashlib.sha1(page.file.content_bytes, usedforsecurity=False).digest()
        if content is not None:
            self._digests[page.file.src_uri] = (content, digest)
        return digest

    def _fork(self, build: _Build, context: tuple[Any, ...], index: list[Any]) -> None:
        """Spread the generated pages the cache lacks over processes (``parallel_pages``)."""
        assert build.signature is not None and self._original is not None
        original, (config, doc_files, nav, env) = self._original, context
        misses: list[Page] = []
        for file in doc_files:
            page = file.page
            if page is None or file.src_uri not in build.sources or file.inclusion.is_excluded():
                continue
            entry = self._entries.get(file.src_uri)
            if entry is None or reconstruction.stamp(entry.path) != entry.stamp:
                misses.append(page)  # its key is computed as it is taken back, not here
                continue
            key = build.keys[file.src_uri] = page_keys.key(
                build.signature, page, self._digest(page)
            )
            if entry.key != key:
                misses.append(page)
        signature = build.signature

        def render(page: Page) -> bytes:  # in a child: the page's key is computed there too
            original(page, config, doc_files, nav, env)
            return page_keys.key(signature, page, self._digest(page))

        build.split = parallel_pages.start(misses, render, index)
        self.processes = 1 + len(build.split.children)


def _take(build: _Build, page: Page, entry: _Entry, index: list[Any]) -> bool:
    """A page rendered before: its file and search entries; False (nothing done) if its file
    is no longer as the build that wrote it left it: the page is to be rendered."""
    path = page.file.abs_dest_path
    if not reconstruction.keep(path, entry.stamp):  # not here as it was left
        data = _read_as_left(entry)
        if data is None:
            return False
        utils.write_file(data, path)
        path = os.path.abspath(path)
        entry = replace(entry, path=path, stamp=reconstruction.stamp(path))
    index.extend(entry.search)
    build.kept[page.file.src_uri] = entry
    return True


def _read_as_left(entry: _Entry) -> bytes | None:
    """The bytes of the file ``entry`` was written to, if it is still the one written."""
    try:
        with open(entry.path, "rb") as file:
            found = os.fstat(file.fileno())
            if (found.st_ino, found.st_mtime_ns, found.st_size) != entry.stamp:
                return None
            data = file.read()
    except OSError:
        return None
    return data if len(data) == found.st_size else None


def _read(store: Path) -> dict[str, _Entry]:
    """The entries a previous process saved (the project's own cache, as trusted as its code);
    none if missing, unreadable or from another version of this format."""
    try:
        data = pickle.loads(store.read_bytes())
    except Exception:  # missing, damaged, or objects this code no longer has
        return {}
    if not isinstance(data, tuple) or len(data) != 2 or data[0] != FORMAT:
        return {}
    entries = data[1]
    return entries if isinstance(entries, dict) else {}


def _write(store: Path, entries: dict[str, _Entry]) -> None:
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        partial = store.with_name(store.name + ".partiel")
        # Not compressed: search entries and paths (zlib cost 0.65 s per 1,000 pages for 12 %).
        partial.write_bytes(pickle.dumps((FORMAT, entries), protocol=5))
        os.replace(partial, store)
    except OSError:
        pass  # a cache: the next build renders everything


def _known_plugins(config: MkDocsConfig, ours: Any) -> bool:
    for name, plugin in config.plugins.items():
        if name == SEARCH or getattr(plugin, "on_pre_build", None) is ours:
            continue
        if any(callable(getattr(plugin, event, None)) for event in PAGE_EVENTS):
            return False
    return SEARCH in config.plugins


def _search_entries(config: MkDocsConfig) -> list[Any] | None:
    plugin = config.plugins.get(SEARCH)
    index = getattr(plugin, "search_index", None)
    entries = getattr(index, "entries", None)
    return entries if isinstance(entries, list) else None


class Bytecode(jinja2.BytecodeCache):
    """Templates compiled once per process: a rebuild under serve makes a new Jinja
    environment, which compiled every theme template again. Jinja checks each template's
    source against the checksum it was compiled from."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._compiled.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()
