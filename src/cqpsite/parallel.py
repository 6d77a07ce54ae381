"""How many processes the build may use, and how to start them."""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from typing import Any, TypeVar

S = TypeVar("S")
T = TypeVar("T")

WORKERS_VARIABLE = "CQPSITE_WORKERS"  # 1 keeps every step in the building process


def workers() -> int:
    """Cores this process may use, at most ``CQPSITE_WORKERS`` when it is set."""
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else ()
    count = min(len(cores) or os.cpu_count() or 1, os.cpu_count() or 1)
    wanted = os.environ.get(WORKERS_VARIABLE, "")
    return max(1, min(count, int(wanted))) if wanted.isdigit() else count


def can_fork() -> bool:
    """Forking copies the already loaded model and templates for free, but is unsafe once
    threads run (``mkdocs serve`` has its server threads)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def can_fork_beside() -> bool:
    """Whether a step may run in a forked process beside the building one (not with
    ``CQPSITE_WORKERS=1`` or one core)."""
    return workers() > 1 and hasattr(os, "fork") and can_fork()


def fork_beside(work: Callable[[], bool]) -> int | None:
    """Run ``work`` in a process forked beside the building one, which exits 0 when ``work``
    returns True; its pid, or None when this process may not fork (nothing ran)."""
    if not can_fork_beside():
        return None
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # pragma: no cover (a forked process: its result is what ``work`` wrote)
        code = 1
        try:
            gc.disable()  # its collections would copy every object the build holds
            code = 0 if work() else 1
        finally:
            os._exit(code)
    return pid


def exit_code(pid: int) -> int:
    """Wait for the process ``pid`` forked; its exit code (1 if it was already waited for)."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return 1
    return os.waitstatus_to_exitcode(status)


def pool_context(preload: list[str]) -> BaseContext:
    """Fork when it is safe; else a fork server that has imported ``preload``; else spawn."""
    if can_fork():
        return multiprocessing.get_context("fork")
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(preload)
        return context
    return multiprocessing.get_context("spawn")


_task: tuple[Callable[[Any, int], Any], Any] | None = None  # inherited by forked workers


def _start(collecting: bool) -> None:
    """A worker's collections go through what it makes, not every object it inherited (0.05 s
    each, with copies of the memory it shares with the building process)."""
    gc.freeze()
    if collecting:
        gc.enable()


def _run(index: int) -> Any:
    assert _task is not None
    function, shared = _task
    return function(shared, index)


def map_forked(function: Callable[[S, int], T], shared: S, count: int) -> list[T]:
    """``[function(shared, i) for i in range(count)]``, spread over the cores when the process
    can fork. ``shared`` reaches the workers through the fork, never pickled; only results
    travel back. Same results, same order, either way."""
    global _task
    _task = (function, shared)
    try:
        processes = min(workers(), count)
        if processes > 1 and can_fork():
            try:
                context = multiprocessing.get_context("fork")
                collecting = gc.isenabled()
                # The results arriving make many objects and no garbage: the cyclic collector
                # would go through them again and again (0.2 s per 100 referentials). The
                # workers, forked meanwhile, collect what they make (``_start``).
                gc.disable()
                try:
                    with ProcessPoolExecutor(
                        processes, mp_context=context, initializer=_start, initargs=(collecting,)
                    ) as pool:
                        chunk = max(1, count // (processes * 8))
                        return list(pool.map(_run, range(count), chunksize=chunk))
                finally:
                    if collecting:
                        gc.enable()
            except (BrokenProcessPool, OSError):  # no process pool here: run in-process
                pass
        return [function(shared, i) for i in range(count)]
    finally:
        _task = None
