"""Documents rendered after the pages under ``mkdocs serve``: a worker process fills the cache,
then touches one signal file, which ``mkdocs serve`` watches: it rebuilds once they are there.

Not the cache folder itself: a worker's entry is a burst of file events (the new files, the
rename, the pruned old entry), and under load ``serve``'s watcher thread delivers the end of the
burst after the rebuild has started, which then ran twice (6–10 s each at 100 referentials).
Touching a file that already exists is one event.

``python -m cqpsite.background FOLDER EPOCH CACHE [ID…]`` is that worker: it loads and renders
the referentials named (all of them when none is), and prunes only their cache entries.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

_worker: subprocess.Popen[bytes] | None = None


def signal_file(cache_dir: Path) -> Path:
    """The file a worker touches when its documents are in ``cache_dir`` (its folder alone is
    watched: nothing else is ever written there)."""
    return cache_dir.parent / "documents-prets" / "signal"


def start(folder: Path, epoch: int, cache_dir: Path, ids: tuple[str, ...] = ()) -> None:
    """(Re)start the worker for the referentials ``ids`` of ``folder`` (all when empty); a worker
    still rendering an older state is stopped (the cache only ever holds whole entries)."""
    global _worker
    stop()
    command = [sys.executable, "-m", __name__, str(folder), str(epoch), str(cache_dir), *ids]
    # Its own process group: stopping it stops the processes it forked to use every core.
    _worker = subprocess.Popen(command, stdin=subprocess.DEVNULL, start_new_session=True)


def stop() -> None:
    global _worker
    if _worker is not None and _worker.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(_worker.pid, signal.SIGTERM)
        _worker.wait()
    _worker = None


def main(argv: list[str]) -> int:
    from cqpsite.corpus import ReferentielsInvalides, load_historiques, load_history
    from cqpsite.documents.cache import render_documents_batch, stats

    folder, epoch, cache_dir, ids = Path(argv[0]), int(argv[1]), Path(argv[2]), argv[3:]
    start_time = time.monotonic()
    if ids:  # the build checked the whole folder: only these referentials' files are read again
        loaded = [load_history(folder / f"{i}.yml", folder.parent)[0] for i in ids]
        historiques = tuple(h for h in loaded if h is not None)
    else:
        try:
            historiques = load_historiques(folder)
        except ReferentielsInvalides:  # the build reports it; nothing to render
            return 1
    versions = [v for h in historiques for v in h.toutes]
    render_documents_batch(versions, epoch, cache_dir, frozenset(ids) or None)
    with contextlib.suppress(FileNotFoundError):  # absent when no `mkdocs serve` is watching
        os.utime(signal_file(cache_dir))
    elapsed = time.monotonic() - start_time
    print(
        f"cqpsite : {stats.generated} document(s) à jour en {elapsed:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
