"""On-disk cache of rendered documents, keyed by the referential, the epoch and ``VERSION``."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cqpsite.documents import VERSION, Document, render_documents
from cqpsite.model import Referentiel


@dataclass
class Stats:
    """How much work the cache saved; tests and benchmarks read it."""

    hits: int = 0
    generated: int = 0  # documents rendered (not read from the cache)


stats = Stats()


def cache_key(ref: Referentiel, epoch: int) -> str:
    # repr() of frozen dataclasses lists every field: any change in the YAML changes the key.
    text = f"{VERSION}\n{epoch}\n{ref!r}"
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


def render_documents_cached(ref: Referentiel, epoch: int, cache_dir: Path) -> tuple[Document, ...]:
    folder = cache_dir / ref.id / cache_key(ref, epoch)
    cached = _read(folder)
    if cached is not None:
        stats.hits += 1
        return cached
    documents = render_documents(ref, epoch)
    stats.generated += len(documents)
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
    return documents
