"""Under ``mkdocs serve`` pages come first: documents missing from the cache are announced as
being generated, a worker process renders them into the cache, and the next build serves them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import FIXTURES
from cqpsite import background
from cqpsite.site import Site, build_site

MINI = FIXTURES / "mini" / "referentiels"
GRILLE = "cqp-mini/telechargements/cqp-mini-grille.docx"


def _index(site: Site) -> str:
    return next(p.contenu for p in site.pages if p.src_uri == "cqp-mini/index.md")


def test_documents_follow_the_pages_under_serve(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = build_site(MINI, 0, cache, True, "", background=True)
    assert first.en_attente
    assert GRILLE not in {f.src_uri for f in first.fichiers}
    assert "Grille d’évaluation (DOCX, en cours de génération" in _index(first)
    assert not cache.exists() or not any(cache.rglob("manifest.json"))

    signal = background.signal_file(cache)  # as `mkdocs serve` leaves it: the one file watched
    signal.parent.mkdir(parents=True)
    signal.touch()
    os.utime(signal, ns=(0, 0))
    command = [sys.executable, "-m", "cqpsite.background", str(MINI), "0", str(cache)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=300)
    assert "document(s) à jour" in done.stderr
    assert signal.stat().st_mtime_ns > 0  # touched once the documents were in the cache
    assert [p.name for p in signal.parent.iterdir()] == ["signal"]

    second = build_site(MINI, 0, cache, True, "", background=True)
    assert not second.en_attente
    assert "en cours de génération" not in _index(second)
    built = build_site(MINI, 0, cache, True, "")
    assert {f.src_uri: f.contenu for f in second.fichiers} == {
        f.src_uri: f.contenu for f in built.fichiers
    }


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid``, still alive (zombies aside)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_stopping_the_worker_stops_the_processes_it_forked(tmp_path: Path) -> None:
    import time

    background.start(MINI, 0, tmp_path / "cache", ("cqp-mini",))
    worker = background._worker
    assert worker is not None
    deadline = time.monotonic() + 120
    while len(_children(worker.pid)) < 2 and time.monotonic() < deadline:
        assert worker.poll() is None, "the worker finished before forking its pool"
        time.sleep(0.05)
    forked = _children(worker.pid)
    assert len(forked) >= 2
    background.stop()
    time.sleep(1.0)
    assert [pid for pid in forked if _alive(pid)] == []


def test_a_waiting_worker_takes_the_next_job(tmp_path: Path) -> None:
    """Under ``mkdocs serve`` a worker is started ahead (its modules and fonts loaded, at a
    lower priority than the server), and the next edit's documents are its job."""
    cache = tmp_path / "cache"
    background.park()
    parked = background._parked
    assert parked is not None and parked.poll() is None
    try:
        own = os.getpriority(os.PRIO_PROCESS, 0)
        deadline = time.monotonic() + 60
        while os.getpriority(os.PRIO_PROCESS, parked.pid) == own and time.monotonic() < deadline:
            time.sleep(0.05)
        assert os.getpriority(os.PRIO_PROCESS, parked.pid) == min(own + background.NICE, 19)
        background.start(MINI, 0, cache)
        assert background._worker is parked and background._parked is None
        assert parked.wait(timeout=300) == 0
        assert len(list(cache.rglob("manifest.json"))) == 1
        background.park()  # that one ended: another waits
        waiting = background._parked
        assert waiting is not None and waiting is not parked
        background.start(MINI, 0, cache, ("cqp-mini",))
        background.park()  # not while a worker renders
        assert background._parked is None
    finally:
        background.shutdown()
    assert waiting.poll() is not None and background._worker is None
