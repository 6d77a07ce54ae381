"""Under ``mkdocs serve``, a generated page whose inputs did not change is not rendered again.

Material's templates around each page (menu, header, table of contents) and the search plugin's
indexing took 90 % of a rebuild, for pages an edit of one referential leaves as they were. A
generated page's HTML depends on its source (front matter and body), its address, its previous
and next pages, the navigation (every item's title and address), the configuration file, the
environment (``!ENV``) and the themes' files. When all are as in the previous build of this
process, that build's output and search entries are used again; ``reconstruction`` then keeps
the file on disk.

Only in one process (``mkdocs serve``; ``mkdocs build`` renders everything) and only while every
plugin is one whose page events are known: Material's search and the engine's hook (another
plugin could change a page's output from anything).
"""

from __future__ import annotations

import hashlib
import os
import sysconfig
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
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

SEARCH = "material/search"
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
    output: bytes  # zlib-compressed page bytes
    search: list[Any]  # the search index's entries for the page


@dataclass
class _Build:
    config: MkDocsConfig
    sources: frozenset[str]
    signature: bytes | None = None  # computed on the first page: titles are read by then
    kept: dict[str, _Entry] = field(default_factory=dict)
    output: str | None = None  # the current page's output, from ``on_post_page``
    hits: int = 0


class CachePages:
    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._build: _Build | None = None
        self._original: Callable[..., None] | None = None
        self.hits = 0  # pages the last build took from the cache (tests, benchmarks)

    def begin(self, config: MkDocsConfig, sources: Iterable[str], ours: Any) -> bool:
        """Start a rebuild in this process (``on_files``); ``ours`` is the engine's hook
        module's ``on_pre_build``, to recognise that hook among the plugins. Returns whether
        pages may be reused (every plugin known)."""
        if not _known_plugins(config, ours):
            self._build = None
            self._entries = {}
            return False
        self._install()
        self._build = _Build(config, frozenset(sources))
        return True

    def finish(self) -> None:
        """The build succeeded (``on_post_build``): keep only the entries of its pages."""
        build, self._build = self._build, None
        if build is not None:
            self._entries = build.kept
            self.hits = build.hits

    def abort(self) -> None:
        self._build = None

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
        if build is None or build.config is not config or excluded or uri not in build.sources:
            original(page, config, doc_files, nav, env, dirty, excluded)
            return
        if build.signature is None:
            build.signature = _signature(config, nav)
        key = _key(build.signature, page)
        index = _search_entries(config)
        entry = self._entries.get(uri)
        if entry is not None and entry.key == key and index is not None:
            utils.write_file(zlib.decompress(entry.output), page.file.abs_dest_path)
            index.extend(entry.search)
            build.kept[uri] = entry
            build.hits += 1
            return
        before = len(index) if index is not None else 0
        build.output = None
        original(page, config, doc_files, nav, env, dirty, excluded)
        if build.output is not None and index is not None and build.output.strip():
            data = build.output.encode("utf-8", errors="xmlcharrefreplace")
            build.kept[uri] = _Entry(key, zlib.compress(data, 1), index[before:])


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


def _key(signature: bytes, page: Page) -> bytes:
    digest = hashlib.sha256(signature)
    digest.update(page.file.content_bytes)
    for other in (page.previous_page, page.next_page):
        digest.update(repr((getattr(other, "title", None), getattr(other, "url", None))).encode())
    digest.update(page.url.encode())
    return digest.digest()


def _signature(config: MkDocsConfig, nav: Navigation) -> bytes:
    """What every page's HTML depends on besides itself."""
    digest = hashlib.sha256()
    if config.config_file_path:
        digest.update(Path(config.config_file_path).read_bytes())
    digest.update(repr(sorted(os.environ.items())).encode())
    digest.update(repr((config.site_url, list(config.plugins))).encode())
    installed = sysconfig.get_paths()["purelib"]
    for folder in config.theme.dirs:
        if Path(folder).is_relative_to(installed):  # installed themes do not change meanwhile
            digest.update(folder.encode())
            continue
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                stat = os.stat(os.path.join(root, name))
                digest.update(repr((root, name, stat.st_size, stat.st_mtime_ns)).encode())
    digest.update(repr(_outline(nav.items)).encode())
    return digest.digest()


def _outline(items: Iterable[Any]) -> list[Any]:
    return [
        (
            type(item).__name__,
            getattr(item, "title", None),
            getattr(item, "url", None),
            _outline(getattr(item, "children", None) or ()),
        )
        for item in items
    ]


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
