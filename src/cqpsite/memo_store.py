"""The memo saved from one process to the next: ``mkdocs build`` after a one-file edit loads,
checks and renders only the referential that changed.

Under ``mkdocs serve`` the memo (``cqpsite.memo``) lives in the process. A new ``mkdocs build``
started empty and redid every referential: loading and rendering them was more than half of a
build after a one-file edit (N = 50). Its loaded models and rendered pages are now saved in
``.cache/memo`` after a successful build and read by the next process while the engine, the
packages that shape its output and the environment it reads are the same; within the memo,
every entry is still keyed by its referential's file bytes, as in one process. A damaged or
foreign file is ignored: the build does everything again.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import os
import pickle
import signal
import sys
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from cqpsite import parallel
from cqpsite.memo import Memo
from cqpsite.parallel_pages import UNSHAPING

FORMAT = 1
ENGINE = Path(__file__).parent
# What the loading, the checks and the rendering depend on besides the referentials' files.
PACKAGES = ("jinja2", "markupsafe", "pyyaml", "mkdocs", "mkdocs-material")
ENVIRONMENT = ("SOURCE_DATE_EPOCH", "SITE_URL")


def signature(environ: Mapping[str, str]) -> bytes:
    """The engine's files (bytes), the packages' versions, Python's and the environment."""
    digest = hashlib.sha256(_engine())
    shaping = (k for k in environ if k in ENVIRONMENT or k.startswith("CQPSITE_"))
    names = sorted(k for k in shaping if k not in UNSHAPING)
    digest.update(repr([(k, environ[k]) for k in names]).encode())
    return digest.digest()


@functools.cache
def _engine() -> bytes:
    """Once per process: the engine does not change while it runs."""
    digest = hashlib.sha256(repr((FORMAT, sys.version)).encode())
    for package in PACKAGES:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = ""
        digest.update(f"\0{package} {version}".encode())
    for root, dirs, files in os.walk(ENGINE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = Path(root, name)
            digest.update(f"\0{path.relative_to(ENGINE).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.digest()


def load(memo: Memo, store: Path, expected: bytes) -> bool:
    """Fill an empty ``memo`` from ``store`` if it was saved under the ``expected`` signature."""
    try:
        with gzip.open(store, "rb") as source:
            found = pickle.load(source)
    except (OSError, EOFError, zlib.error, pickle.UnpicklingError, AttributeError, TypeError):
        return False
    except (ImportError, IndexError, ValueError):  # pickled by another version of the engine
        return False
    if not isinstance(found, tuple) or len(found) != 2 or found[0] != expected:
        return False
    saved = found[1]
    if not isinstance(saved, Memo):
        return False
    memo.histories, memo.pages = saved.histories, saved.pages
    return True


def save(memo: Memo, store: Path, signature: bytes) -> None:
    """Write the memo's models and pages (its documents come from the documents' cache)."""
    partial = _partial(store)
    if _write(memo, partial, signature):
        _publish(partial, store)


@dataclass
class Saving:
    """A memo being written by a forked process while the build goes on (``start``)."""

    store: Path
    pid: int

    def finish(self) -> None:
        """The build succeeded: the memo, once written, replaces the saved one."""
        partial = _partial(self.store)
        if parallel.exit_code(self.pid) == 0:
            _publish(partial, self.store)
        else:  # a cache: the next build does everything
            partial.unlink(missing_ok=True)

    def abort(self) -> None:
        """The build failed: the saved memo stays as it was."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        parallel.exit_code(self.pid)
        _partial(self.store).unlink(missing_ok=True)


def start(memo: Memo, store: Path, signature: bytes) -> Saving | None:
    """Write the memo in a forked process, which pickles it while the building process reads
    and renders the pages (saving it last took 0.6 s per 1,000 pages, on one core); None when
    this process cannot fork: ``save`` it after the build."""
    partial = _partial(store)
    pid = parallel.fork_beside(lambda: _write(memo, partial, signature))
    if pid is None:
        return None
    return Saving(store, pid)


def _partial(store: Path) -> Path:
    return store.with_name(store.name + ".partiel")


def _write(memo: Memo, partial: Path, signature: bytes) -> bool:
    kept = Memo(histories=memo.histories, pages=memo.pages)
    try:
        partial.parent.mkdir(parents=True, exist_ok=True)
        # Streamed: the pages are not held a second time in memory as one pickle.
        with gzip.GzipFile(partial, "wb", compresslevel=1, mtime=0) as target:
            pickle.dump((signature, kept), target, protocol=5)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        partial.unlink(missing_ok=True)  # a cache: the next build does everything
        return False
    return True


def _publish(partial: Path, store: Path) -> None:
    try:
        os.replace(partial, store)
    except OSError:
        partial.unlink(missing_ok=True)
