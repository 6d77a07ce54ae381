"""Documents rendered beside the pages under ``mkdocs serve``: a worker process fills the cache,
then touches one signal file, which ``mkdocs serve`` watches; the documents are then delivered
into the served site (``livraison``), or a rebuild serves them.

Not the cache folder itself: a worker's entry is a burst of file events (the new files, the
rename, the pruned old entry), and under load ``serve``'s watcher thread delivers the end of the
burst after the rebuild has started, which then ran twice (6–10 s each at 100 referentials).
Touching a file that already exists is one event.

The worker runs at a lower priority than ``serve`` (it starts with the pages' rebuild), and one
is started ahead (``park``): it loads its modules and WeasyPrint's fonts, then waits for its job.

``python -m cqpsite.background FOLDER EPOCH CACHE [ID…]`` is that worker: it loads and renders
the referentials named (all of them when none is), and prunes only their cache entries;
``python -m cqpsite.background --attente`` reads these arguments from its standard input.
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
# The worker's priority below ``mkdocs serve``'s (whose rebuild it runs beside): about a third
# of a core's share when both want one, all of it when the rebuild is over.
NICE = 5
_parked: subprocess.Popen[bytes] | None = None  # started ahead, waiting for its job (``park``)
_WAIT = "--attente"


def signal_file(cache_dir: Path) -> Path:
    """The file a worker touches when its documents are in ``cache_dir`` (its folder alone is
    watched: nothing else is ever written there)."""
    return cache_dir.parent / "documents-prets" / "signal"


def start(folder: Path, epoch: int, cache_dir: Path, ids: tuple[str, ...] = ()) -> None:
    """(Re)start the worker for the referentials ``ids`` of ``folder`` (all when empty); a worker
    still rendering an older state is stopped (the cache only ever holds whole entries). The
    waiting worker (``park``) takes the job if there is one: it has loaded what rendering
    needs (1–3 s of a fresh process's start)."""
    global _worker, _parked
    stop()
    args = [str(folder), str(epoch), str(cache_dir), *ids]
    parked, _parked = _parked, None
    if parked is not None and parked.poll() is None and parked.stdin is not None:
        try:
            parked.stdin.write("\0".join(args).encode())
            parked.stdin.close()
        except OSError:  # it ended meanwhile
            _end(parked)
        else:
            _worker = parked
            return
    _worker = _spawn(args)


def park() -> None:
    """Start a worker that loads what rendering needs, then waits for its job on its standard
    input; not while a worker renders (it would slow it down)."""
    global _parked
    if (_worker is None or _worker.poll() is not None) and (
        _parked is None or _parked.poll() is not None
    ):
        _parked = _spawn([])


def _spawn(args: list[str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", __name__, *(args or [_WAIT])]
    stdin = subprocess.PIPE if not args else subprocess.DEVNULL
    # Its own process group: stopping it stops the processes it forked to use every core.
    return subprocess.Popen(command, stdin=stdin, start_new_session=True)


def _end(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait()
    if process.stdin is not None:
        process.stdin.close()


def shutdown() -> None:
    """The worker and the waiting one are stopped (``mkdocs serve`` ends)."""
    global _parked
    stop()
    if _parked is not None:
        _end(_parked)
    _parked = None


def stop() -> None:
    global _worker
    if _worker is not None:
        _end(_worker)
    _worker = None


def _prepare() -> None:
    """What every render needs, loaded before the referentials are known: the modules, the
    engine's fingerprint, WeasyPrint's stylesheet and fonts, the DOCX template (the render pool
    forks from here)."""
    from cqpsite.corpus import load_historiques  # noqa: F401
    from cqpsite.documents import docx, pdf, weasy
    from cqpsite.documents.cache import code_fingerprint

    code_fingerprint()
    weasy.stylesheet(pdf.stylesheet(), str(pdf.FONTS))
    docx.prepare()


def main(argv: list[str]) -> int:
    from cqpsite.corpus import ReferentielsInvalides, load_historiques, load_history
    from cqpsite.documents.cache import render_documents_batch, stats

    with contextlib.suppress(OSError):  # started with the pages' rebuild: it comes first
        os.nice(NICE)
    if argv == [_WAIT]:
        _prepare()
        job = sys.stdin.buffer.read()  # empty: mkdocs serve ended without a job for it
        if not job:
            return 0
        argv = job.decode().split("\0")
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
