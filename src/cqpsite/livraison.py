"""Documents rendered in the background, delivered into the served site without a rebuild.

Under ``mkdocs serve``, once the worker has put an edited referential's documents in the cache,
a whole rebuild only to serve them cost 3.5–4 s at 100 referentials. When the worker's signal
is the only change since the last build, the site is built again in memory (``build_site``
with the memo: only the referentials whose documents arrived are rendered again) and compared
with the one served. If the pages differ only by lines of their download lists (``<li>`` lines
of a raw HTML block, which the served HTML holds verbatim) and by files, ``plan`` returns what
to write: each such line replaced in its HTML page, each new or changed file. Anything else
(another page line, a title, a removed file, a line not found exactly once): ``None``, and a
full rebuild runs. Nothing is written before everything is known.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.structure.files import Files
from watchdog.events import FileSystemEvent, FileSystemEventHandler

from cqpsite import background
from cqpsite.corpus import ReferentielsInvalides
from cqpsite.memo import Memo
from cqpsite.site import Site, build_site

# What ``build_site`` was given by the last build: folder, epoch, cache, documents, site_url.
Entrees = tuple[Path, int, Path, bool, str]

# A download item of a raw HTML list: the only kind of line a delivery may change.
_ITEM = "<li>"


@dataclass(frozen=True)
class Servi:
    """The last site built whole under ``mkdocs serve``: the site, MkDocs' files, site_dir."""

    site: Site
    files: Files
    site_dir: Path


def deliver(paths: set[str], served: Servi, inputs: Entrees, memo: Memo) -> Site | None:
    """If only the worker's signal is among ``paths``, deliver its documents into the served
    site and return the site now served; None if a rebuild is needed."""
    signal = background.signal_file(inputs[2]).parent
    if any(Path(p).parent != signal for p in paths):
        return None
    try:
        site = build_site(*inputs, True, memo)
    except ReferentielsInvalides:
        return None

    def html(src_uri: str) -> Path | None:
        found = served.files.get_file_from_path(src_uri)
        return None if found is None else Path(found.abs_dest_path)

    delivery = plan(served.site, site, served.site_dir, html)
    if delivery is None:
        return None
    delivery.write()
    note = f"cqpsite : documents servis sans reconstruction ({len(delivery.fichiers)} fichier(s))"
    logging.getLogger("mkdocs.plugins.cqpsite").info(note)
    return site


@dataclass(frozen=True)
class Livraison:
    fichiers: dict[Path, bytes]  # each file to write (HTML pages included), by its path

    def write(self) -> None:
        for path, content in self.fichiers.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(path.name + ".livraison")
            temporary.write_bytes(content)
            os.replace(temporary, path)  # a page being served is never seen half-written


def plan(
    old: Site, new: Site, site_dir: Path, html: Callable[[str], Path | None]
) -> Livraison | None:
    """What to write into ``site_dir`` to serve ``new`` where ``old`` is served, if only
    download lists and files changed; ``html`` gives a page's HTML file from its ``src_uri``."""
    if not _same(old.referentiels, new.referentiels):
        return None
    before = {p.src_uri: p for p in old.pages}
    if len(before) != len(new.pages):
        return None
    out: dict[Path, bytes] = {}
    for page in new.pages:
        last = before.get(page.src_uri)
        if last is None:
            return None
        if last is page or last.contenu == page.contenu:
            continue
        if (last.titre, last.in_nav, last.parent) != (page.titre, page.in_nav, page.parent):
            return None
        path = html(page.src_uri)
        lines = _changed_lines(last.contenu, page.contenu)
        if path is None or lines is None:
            return None
        patched = _patch(path, lines)
        if patched is None:
            return None
        out[path] = patched
    files = {f.src_uri: f.contenu for f in old.fichiers}
    for fichier in new.fichiers:
        last_content = files.pop(fichier.src_uri, None)
        if last_content is None or last_content != fichier.contenu:
            out[site_dir / fichier.src_uri] = fichier.contenu
    if files:  # a file went away: the rebuild removes it
        return None
    return Livraison(out)


def _same(old: Sequence[object], new: Sequence[object]) -> bool:
    """The memo hands back the very same models when their files did not change."""
    return len(old) == len(new) and all(a is b for a, b in zip(old, new, strict=True))


def _changed_lines(old: str, new: str) -> list[tuple[str, str]] | None:
    before, after = old.split("\n"), new.split("\n")
    if len(before) != len(after):
        return None
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    if not all(a.startswith(_ITEM) and b.startswith(_ITEM) for a, b in changed):
        return None
    return changed


def _patch(path: Path, lines: list[tuple[str, str]]) -> bytes | None:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    for old, new in lines:
        if text.count(old) != 1:
            return None
        text = text.replace(old, new)
    return text.encode("utf-8")


class Changes(FileSystemEventHandler):
    """The paths changed since the last ``take``, as ``mkdocs serve``'s watcher sees them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paths: set[str] = set()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            return
        with self._lock:
            self._paths.add(os.fsdecode(event.src_path))
            if event.dest_path:
                self._paths.add(os.fsdecode(event.dest_path))

    def pending(self) -> bool:
        with self._lock:
            return bool(self._paths)

    def take(self) -> set[str]:
        with self._lock:
            paths, self._paths = self._paths, set()
        return paths


def install(server: Any, changes: Changes, deliver: Callable[[set[str]], bool]) -> None:
    """Under ``mkdocs serve``: ``changes`` sees every path the server watches, and each rebuild
    first offers what changed to ``deliver``, which returns True when it served the change
    itself (the full rebuild is then skipped). Left as it is if the server's shape is not the
    one known (MkDocs 1.6)."""
    watched = getattr(server, "_watched_paths", None)
    observer = getattr(server, "observer", None)
    if not isinstance(watched, dict) or observer is None or not hasattr(server, "builder"):
        return
    for path in watched:
        observer.schedule(changes, path, recursive=True)
    watch, build = server.watch, server.builder

    def watch_too(path: str, func: None = None, *, recursive: bool = True) -> None:
        watch(path, func, recursive=recursive)
        observer.schedule(changes, os.path.abspath(path), recursive=recursive)

    def builder(*args: Any, **kwargs: Any) -> None:
        paths = changes.take()
        if not args and not kwargs and paths and deliver(paths):
            if changes.pending():  # seen by MkDocs' handler first, by ours too late
                _rebuild_later(server)
            return
        build(*args, **kwargs)

    server.watch, server.builder = watch_too, builder


def _rebuild_later(server: Any) -> None:
    condition = getattr(server, "_rebuild_cond", None)
    if condition is not None:
        with condition:
            server._want_rebuild = True
            condition.notify_all()
