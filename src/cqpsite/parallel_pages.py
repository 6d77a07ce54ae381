"""A clean build's generated pages rendered on every core.

MkDocs renders pages one after another in one process, and Material's templates and the search
indexing around each page are most of a clean build. On its first page, a build with many
generated pages to render forks: each child renders a contiguous share of them with MkDocs' own
``_build_page`` and writes their files (it keeps the page's bytes, the search entries it added
and the log records), while the building process renders the first share itself. It then takes
each child's pages, in page order, as ``cache_pages`` takes a page from its cache: the same
search index, the same messages (a child's warning still fails ``--strict``). A page that fails
in a child, or the pages of a child that died, are rendered again by the building process: an
error is then the one a sequential build gives.
"""

from __future__ import annotations

import gc
import itertools
import logging
import os
import pickle
import signal
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, NoReturn

from mkdocs import utils
from mkdocs.structure.pages import Page

from cqpsite import parallel, reconstruction

VARIABLE = "CQPSITE_PROCESSUS"  # N renders with N processes even a small site; 1 never forks
# Variables that change how many processes work, never what they produce (kept out of caches' keys).
UNSHAPING = (parallel.WORKERS_VARIABLE, VARIABLE)
THRESHOLD = 200  # pages to render below which forking costs more than it saves
MAX_PROCESSES = 8
# The building process's share, relative to a child's: taking a page back (0.2 ms) costs it
# about what writing and sending the page costs a child (0.9 with the parent writing them all).
PARENT_SHARE = 1.0
log = logging.getLogger("mkdocs.plugins.cqpsite")


def processes(pages: int) -> int:
    """How many processes render ``pages`` generated pages (1: the building process alone)."""
    wanted = os.environ.get(VARIABLE, "").strip()
    if wanted.isdigit() and int(wanted) >= 1:
        count = min(int(wanted), MAX_PROCESSES)
    elif pages < THRESHOLD:
        return 1
    else:
        count = min(parallel.workers(), MAX_PROCESSES)
    if count < 2 or not hasattr(os, "fork") or not parallel.can_fork():
        return 1
    return max(1, min(count, pages))


@dataclass
class Result:
    """What rendering one page left: whether its file was written (not when MkDocs skipped an
    empty page), the search entries it added, the log records it emitted, the
    ``reconstruction.stamp`` of the file the child wrote and what ``render`` returned."""

    written: bool
    search: list[Any]
    records: list[logging.LogRecord]
    stamp: tuple[int, int, int] | None = None
    value: Any = None  # what ``render`` returned

    def replay(self) -> None:
        for record in self.records:
            name = record.name
            logger = logging.getLogger() if name == "root" else logging.getLogger(name)
            logger.handle(record)


@dataclass
class _Child:
    pid: int
    file: IO[bytes]
    results: dict[str, Result] | None = None

    def collect(self) -> dict[str, Result]:
        """Its results, once it has exited; the pages it did not finish are missing."""
        if self.results is None:
            _, status = os.waitpid(self.pid, 0)
            self.file.seek(0)
            self.results = _frames(self.file.read())
            self.file.close()
            code = os.waitstatus_to_exitcode(status)
            if code != 0:
                log.info(
                    f"cqpsite : un processus de rendu des pages s’est arrêté (code {code}) : "
                    "le processus principal rend ses pages"
                )
        return self.results

    def stop(self) -> None:
        if self.results is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.file.close()
            self.results = {}


@dataclass
class Split:
    """The children of one build, and which child renders which page (by ``src_uri``)."""

    children: list[_Child] = field(default_factory=list)
    assigned: dict[str, int] = field(default_factory=dict)

    def take(self, uri: str) -> Result | None:
        """A child's rendering of the page, or None: the caller renders it."""
        child = self.assigned.pop(uri, None)
        return None if child is None else self.children[child].collect().get(uri)

    def close(self) -> None:
        for child in self.children:
            child.stop()


def start(pages: Sequence[Page], render: Callable[[Page], Any], index: list[Any]) -> Split:
    """Fork the children for ``pages`` (in build order); the first share is the caller's.
    ``render`` is MkDocs' ``_build_page`` for one page (what it returns comes back in the
    page's ``Result``), ``index`` the search index's entries."""
    split = Split()
    count = processes(len(pages))
    if count < 2:
        return split
    first = round(len(pages) / count * PARENT_SHARE)
    rest = len(pages) - first
    bounds = [first + rest * k // (count - 1) for k in range(count)]
    for share in (pages[a:b] for a, b in itertools.pairwise(bounds)):
        if not share:
            continue
        file = tempfile.TemporaryFile()  # noqa: SIM115 (closed once the child is collected)
        sys.stdout.flush()
        sys.stderr.flush()
        gc.freeze()  # a child's collections would copy every object the build holds
        try:
            pid = os.fork()
        except OSError:  # no memory or processes left: the caller renders these pages
            file.close()
            gc.unfreeze()
            break
        if pid == 0:
            _render_share(share, render, index, file)
        gc.unfreeze()
        split.children.append(_Child(pid, file))
        split.assigned.update((p.file.src_uri, len(split.children) - 1) for p in share)
    return split


def _render_share(
    pages: Sequence[Page], render: Callable[[Page], Any], index: list[Any], file: IO[bytes]
) -> NoReturn:
    """In a child: render ``pages``, one frame per page into ``file``; never returns."""
    code = 1
    try:
        capture = _Capture()
        for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]:
            if isinstance(logger, logging.Logger) and (logger.handlers or logger.name == "root"):
                logger.handlers = [capture]
        written: dict[str, bytes] = {}
        write = utils.write_file  # reconstruction's: a file whose bytes are equal is kept
        utils.write_file = lambda content, output_path: written.__setitem__(output_path, content)
        for page in pages:
            capture.records = []
            before = len(index)
            try:
                value = render(page)
                path = page.file.abs_dest_path
                output, stamp = written.pop(path, None), None
                if output is not None:  # written once the page is whole
                    write(output, path)
                    stamp = reconstruction.stamp(path)
                result = Result(output is not None, index[before:], capture.records, stamp, value)
                data = pickle.dumps((page.file.src_uri, result), protocol=5)
            except Exception:  # rendered again by the building process, which reports it
                break
            file.write(len(data).to_bytes(8, "little") + data)
        file.flush()
        code = 0
    finally:
        os._exit(code)


def _frames(data: bytes) -> dict[str, Result]:
    """The whole frames of a child's file (a child killed while writing leaves a partial one)."""
    results: dict[str, Result] = {}
    at = 0
    while at + 8 <= len(data):
        size = int.from_bytes(data[at : at + 8], "little")
        if at + 8 + size > len(data):
            break
        try:
            uri, result = pickle.loads(data[at + 8 : at + 8 + size])
        except Exception:  # not what a child writes: the building process renders the rest
            break
        results[uri] = result
        at += 8 + size
    return results


class _Capture(logging.Handler):
    """Every handler of a child: records kept for the building process to handle again."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if any(r is record for r in self.records):  # reached a second logger with handlers
            return
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = record.exc_text or logging.Formatter().formatException(
                record.exc_info
            )
            record.exc_info = None
        self.records.append(record)
