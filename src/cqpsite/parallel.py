"""How many processes the build may use, and how to start them."""

from __future__ import annotations

import multiprocessing
import os
import threading
from multiprocessing.context import BaseContext

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


def pool_context(preload: list[str]) -> BaseContext:
    """Fork when it is safe; else a fork server that has imported ``preload``; else spawn."""
    if can_fork():
        return multiprocessing.get_context("fork")
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(preload)
        return context
    return multiprocessing.get_context("spawn")
