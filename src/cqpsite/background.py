"""Documents rendered after the pages under ``mkdocs serve``: a worker process fills the cache,
and ``mkdocs serve``, which watches the cache folder, rebuilds once they are there.

``python -m cqpsite.background FOLDER EPOCH CACHE`` is that worker.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

_worker: subprocess.Popen[bytes] | None = None


def start(folder: Path, epoch: int, cache_dir: Path) -> None:
    """(Re)start the worker for the referentials of ``folder``; a worker still rendering an
    older state is stopped (the cache only ever holds whole entries)."""
    global _worker
    stop()
    command = [sys.executable, "-m", __name__, str(folder), str(epoch), str(cache_dir)]
    _worker = subprocess.Popen(command, stdin=subprocess.DEVNULL)


def stop() -> None:
    global _worker
    if _worker is not None and _worker.poll() is None:
        _worker.terminate()
        _worker.wait()
    _worker = None


def main(argv: list[str]) -> int:
    from cqpsite.corpus import ReferentielsInvalides, load_historiques
    from cqpsite.documents.cache import render_documents_batch, stats

    folder, epoch, cache_dir = Path(argv[0]), int(argv[1]), Path(argv[2])
    start_time = time.monotonic()
    try:
        versions = [v for h in load_historiques(folder) for v in h.toutes]
    except ReferentielsInvalides:  # the build reports it; nothing to render
        return 1
    render_documents_batch(versions, epoch, cache_dir)
    elapsed = time.monotonic() - start_time
    print(
        f"cqpsite : {stats.generated} document(s) à jour en {elapsed:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
