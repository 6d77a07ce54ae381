"""On-disk cache of rendered documents, and batch rendering of the misses on every core.

An entry is keyed by the whole referential content (every field of the model, so two versions of
one referential never share an entry), the epoch, ``VERSION`` and the renderers' own code, fonts
and library versions (so editing a renderer never serves stale documents).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from multiprocessing.context import BaseContext
from pathlib import Path

from cqpsite.documents import VERSION, Document, Job, plan_documents, render_documents
from cqpsite.model import Referentiel
from cqpsite.parallel import can_fork, pool_context, workers

PACKAGE = Path(__file__).parent
LIBRARIES = (
    "weasyprint",
    "pydyf",
    "fonttools",
    "python-docx",
    "odfdo",
    "cssselect2",  # the PDF renderer calls these two of WeasyPrint's dependencies itself
    "tinyhtml5",
)


@dataclass
class Stats:
    """How much work the cache saved; tests and benchmarks read it."""

    hits: int = 0  # referentials served from the cache
    generated: int = 0  # documents rendered (not read from the cache)


stats = Stats()


def _canonical(value: object) -> object:
    """The model as plain JSON data, walking dataclass fields (a ``repr=False`` cannot hide one)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return [type(value).__name__, fields]
    if isinstance(value, tuple | list):
        return [_canonical(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


@cache
def code_fingerprint() -> str:
    """Hash of the renderers' sources, bundled fonts and the libraries' versions."""
    digest = hashlib.sha256()
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix != ".pyc"):
        digest.update(f"{path.relative_to(PACKAGE).as_posix()}\n".encode())
        digest.update(path.read_bytes())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:  # imported from a source tree: no version known
            version = "unknown"
        digest.update(f"{name}=={version}\n".encode())
    return digest.hexdigest()


def cache_key(ref: Referentiel, epoch: int) -> str:
    content = json.dumps(_canonical(ref), ensure_ascii=False, sort_keys=True)
    text = f"{VERSION}\n{code_fingerprint()}\n{epoch}\n{content}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read(folder: Path) -> tuple[Document, ...] | None:
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        return tuple(
            Document(m["nom"], m["format"], m["type"], m["titre"], (folder / m["nom"]).read_bytes())
            for m in manifest
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write(folder: Path, documents: tuple[Document, ...]) -> None:
    tmp = folder.with_name(f"{folder.name}.tmp{os.getpid()}")
    tmp.mkdir(parents=True, exist_ok=True)
    for doc in documents:
        (tmp / doc.nom).write_bytes(doc.contenu)
    manifest = [
        {"nom": d.nom, "format": d.format, "type": d.type, "titre": d.titre} for d in documents
    ]
    # The manifest is written last and the folder renamed at once: a crash leaves no half entry.
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    try:
        tmp.rename(folder)
    except OSError:  # another process filled the same entry first; both are identical
        for child in tmp.iterdir():
            child.unlink()
        tmp.rmdir()


def render_documents_cached(ref: Referentiel, epoch: int, cache_dir: Path) -> tuple[Document, ...]:
    folder = cache_dir / ref.id / cache_key(ref, epoch)
    cached = _read(folder)
    if cached is not None:
        stats.hits += 1
        return cached
    documents = render_documents(ref, epoch)
    stats.generated += len(documents)
    _write(folder, documents)
    return documents


def cached_documents(
    refs: Sequence[Referentiel], epoch: int, cache_dir: Path | None
) -> list[tuple[Document, ...] | None]:
    """The documents of each referential found in the cache (``None`` where they are not):
    what ``mkdocs serve`` shows while the others are rendered in the background."""
    found, _, keys = _lookup(refs, epoch, cache_dir)
    return [found.get(key) for key in keys]


def _lookup(
    refs: Sequence[Referentiel], epoch: int, cache_dir: Path | None
) -> tuple[dict[str, tuple[Document, ...]], dict[str, Referentiel], list[str]]:
    """Cache hits and misses by key (one per distinct content), and each referential's key."""
    keys = [cache_key(ref, epoch) for ref in refs]
    found: dict[str, tuple[Document, ...]] = {}
    misses: dict[str, Referentiel] = {}
    for ref, key in zip(refs, keys, strict=True):
        if key in found or key in misses:
            continue
        cached = _read(cache_dir / ref.id / key) if cache_dir is not None else None
        if cached is None:
            misses[key] = ref
        else:
            stats.hits += 1
            found[key] = cached
    return found, misses, keys


def render_documents_batch(
    refs: Sequence[Referentiel],
    epoch: int,
    cache_dir: Path | None,
    only: frozenset[str] | None = None,
) -> list[tuple[Document, ...]]:
    """``render_documents`` of each referential, in order: cache hits, then the misses rendered
    together, in worker processes when two referentials or more miss, or when one does and the
    process can fork (a forked pool costs little: one referential's six documents on every core
    is what an edit under ``mkdocs serve`` and a one-referential deploy wait for). The cache
    keeps only the entries of ``refs``: of every referential, or of those named in ``only``."""
    found, misses, keys = _lookup(refs, epoch, cache_dir)
    plans = {key: plan_documents(ref) for key, ref in misses.items()}
    jobs = [job for plan in plans.values() for job in plan]
    parallel = len(misses) >= 2 or (len(jobs) >= 2 and can_fork())
    rendered = iter(render_jobs(jobs, epoch, parallel))
    stats.generated += len(jobs)
    for key, plan in plans.items():
        found[key] = tuple(next(rendered) for _ in plan)
        if cache_dir is not None:
            _write(cache_dir / misses[key].id / key, found[key])
    if cache_dir is not None:
        used = {(ref.id, key) for ref, key in zip(refs, keys, strict=True)}
        prune(cache_dir, used, only)
    return [found[key] for key in keys]


STALE_TMP = 3600  # seconds after which a half-written entry (a crashed build) is removed


def prune(cache_dir: Path, used: set[tuple[str, str]], only: frozenset[str] | None = None) -> None:
    """Keep only the entries of this build (of the referentials ``only``, when given): every
    saved edit made a new one (~400 KB) that nothing ever read again. A folder being written
    by a build running now is left alone."""
    now = time.time()
    for folder in cache_dir.glob("*/*"):
        if (folder.parent.name, folder.name) in used or not folder.is_dir():
            continue
        if only is not None and folder.parent.name not in only:
            continue
        try:
            if ".tmp" in folder.name and now - folder.stat().st_mtime < STALE_TMP:
                continue
        except OSError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
    for parent in cache_dir.glob("*"):
        if parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()


def _context() -> BaseContext:
    return pool_context(["cqpsite.documents"])


def _render(job: Job, epoch: int) -> Document:
    return job.render(epoch)


# Formats from the slowest to render to the fastest (PDF ~1-2 s, DOCX and ODT ~10 ms).
_SLOWEST = ("PDF", "DOCX", "ODT")


def render_jobs(jobs: Sequence[Job], epoch: int, parallel: bool) -> list[Document]:
    """Render ``jobs`` in order; with ``parallel``, on a process pool, the slowest first (the
    workers then end close together)."""
    count = min(workers(), len(jobs))
    if not parallel or count < 2:
        return [job.render(epoch) for job in jobs]
    rank = {fmt: k for k, fmt in enumerate(_SLOWEST)}
    order = sorted(range(len(jobs)), key=lambda k: rank.get(jobs[k].format, len(rank)))
    try:
        with ProcessPoolExecutor(count, mp_context=_context()) as pool:
            done = list(pool.map(_render, [jobs[k] for k in order], [epoch] * len(order)))
    except (BrokenProcessPool, OSError):  # no process pool here (sandbox): render in-process
        return [job.render(epoch) for job in jobs]
    out: list[Document | None] = [None] * len(jobs)
    for k, doc in zip(order, done, strict=True):
        out[k] = doc
    return [doc for doc in out if doc is not None]
