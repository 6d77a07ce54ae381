"""Generated files written by a forked process while MkDocs reads the pages.

MkDocs copies the static files after reading every page, in its one process: the referentials'
downloads and the small pages of pinned paths (about 1,100 files per 1,000 pages) took 0.2 to
1 s per 1,000 pages there, one core idle. Once they are registered and checked for clashes
(``on_files``), a forked process writes them with ``File.copy_file`` itself (``reconstruction``
keeps the files that are equal). When MkDocs copies them, the building process skips them if
that process ended well, and writes them itself otherwise: the same files, the same errors.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from mkdocs.structure.files import File

from cqpsite import parallel, reconstruction


@dataclass
class _Writing:
    pid: int
    paths: set[str]
    done: bool | None = None  # whether the process wrote every file, once it has ended
    skipped: set[str] = field(default_factory=set)

    def wait(self) -> bool:
        if self.done is None:
            self.done = parallel.exit_code(self.pid) == 0
        return self.done


log = logging.getLogger("mkdocs.structure.files")
_writing: _Writing | None = None
_original: Callable[..., None] | None = None


def start(files: Sequence[File]) -> bool:
    """Fork a process that writes ``files`` (generated, not pages); False if it cannot."""
    abort()
    global _writing
    _install()
    if not files:
        return False
    pid = parallel.fork_beside(lambda: _write(files))
    if pid is None:
        return False
    _writing = _Writing(pid, {os.path.abspath(f.abs_dest_path) for f in files})
    return True


def abort() -> None:
    """The build ended (or failed): the process is waited for, killed if still running."""
    global _writing
    writing, _writing = _writing, None
    if writing is not None and writing.done is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(writing.pid, signal.SIGKILL)
        writing.wait()


def _write(files: Sequence[File]) -> bool:
    logging.disable(logging.CRITICAL)  # the building process logs, if it writes them
    for file in files:
        file.copy_file()
    return True


def _copy_file(self: File, dirty: bool = False, **kwargs: Any) -> None:
    assert _original is not None
    writing = _writing
    if writing is not None and self._content is not None:
        path = os.path.abspath(self.abs_dest_path)
        if path in writing.paths and path not in writing.skipped and writing.wait():
            writing.skipped.add(path)  # a second copy (a plugin's) is written as before
            reconstruction.adopt(path, self._content)
            log.debug(f"Copying media file: '{self.src_uri}'")
            return
    _original(self, dirty, **kwargs)


def _install() -> None:
    global _original
    if _original is None:
        _original = File.copy_file
        File.copy_file = _copy_file  # type: ignore[method-assign]
