"""Rebuilds into an existing site folder keep the files whose bytes did not change.

MkDocs empties ``site_dir`` before each build (``mkdocs serve`` before each rebuild too), then
writes every file again. On a 20,000-file site, deleting the old files cost more than writing
the new ones (ext4 frees and discards every block): a no-change rebuild was slower than a clean
build. While a build runs, MkDocs' emptying only lists the old files; writing bytes equal to
an old file's keeps that file as it is; ``finish`` then removes the old files the build did not
write, and emptied folders. The folder ends as a clean build leaves it, byte for byte.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mkdocs import utils
from mkdocs.structure.files import File


@dataclass
class _Build:
    root: str
    old: dict[str, tuple[int, int]] = field(default_factory=dict)  # path → (inode, mtime)
    kept: set[str] = field(default_factory=set)
    # What this build wrote or kept from a known origin: its content object, or the stat of
    # the file it was copied from, and the file's ``stamp`` once written.
    origins: dict[str, tuple[object, tuple[int, int, int] | None]] = field(default_factory=dict)


_build: _Build | None = None
_originals: dict[str, Callable[..., Any]] = {}
# The same, from the last successful build of this process (mkdocs serve): a file given the
# same content object (a referential the memo reused), or copied from an unchanged file, is
# kept without reading it while it is still the one written.
_origins: dict[str, tuple[object, tuple[int, int, int] | None]] = {}


def begin(site_dir: str) -> None:
    """Called before MkDocs empties ``site_dir`` (``on_pre_build``)."""
    global _build
    _install()
    _build = _Build(os.path.abspath(site_dir))


def abort() -> None:
    """A failed build: what it wrote stays, the rest is left as it was."""
    global _build
    _build = None
    _origins.clear()


def finish() -> None:
    """Remove what the previous build wrote and this one did not (``on_post_build``, last)."""
    global _build, _origins
    build, _build = _build, None
    if build is None:
        return
    _origins = build.origins
    if not build.old:
        return
    emptied = set()
    for path, (inode, mtime) in build.old.items():
        if path in build.kept:
            continue
        try:
            now = os.lstat(path)
        except FileNotFoundError:
            continue
        if (now.st_ino, now.st_mtime_ns) == (inode, mtime):  # not written again: stale
            os.unlink(path)
            emptied.add(os.path.dirname(path))
    for folder in sorted(emptied, key=len, reverse=True):
        while folder != build.root and folder.startswith(build.root + os.sep):
            try:
                os.rmdir(folder)  # fails once a folder still holds something
            except OSError:
                break
            folder = os.path.dirname(folder)


def stamp(path: str) -> tuple[int, int, int] | None:
    """What says a file is still the one written: inode, modification time, size."""
    try:
        found = os.lstat(path)
    except OSError:
        return None
    return (found.st_ino, found.st_mtime_ns, found.st_size)


def keep(path: str, written: tuple[int, int, int] | None) -> bool:
    """Keep the old file at ``path`` without reading it, if it is still the one a previous
    build wrote (``written``, its ``stamp`` then); False if the caller must write it."""
    build = _build
    path = os.path.abspath(path)
    if build is None or written is None or path not in build.old or stamp(path) != written:
        return False
    build.kept.add(path)
    return True


def adopt(path: str, origin: object = None) -> None:
    """A file of this build that another process wrote, or kept as it was (``ecriture``,
    ``parallel_pages``); written from ``origin``, if given (see ``_origins``)."""
    if _build is not None:
        path = os.path.abspath(path)
        _build.kept.add(path)
        _remember(path, origin)


def _clean(directory: str) -> None:
    build = _build
    if build is None or os.path.abspath(directory) != build.root:
        _originals["clean"](directory)
        return
    for folder, dirs, files in os.walk(build.root):
        if folder == build.root:  # MkDocs never empties a hidden entry (.git, .nojekyll)
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            files = [f for f in files if not f.startswith(".")]
        for name in files:
            path = os.path.join(folder, name)
            stat = os.lstat(path)
            build.old[path] = (stat.st_ino, stat.st_mtime_ns)


def _unchanged(path: str, content: bytes) -> bool:
    build = _build
    if build is None or path not in build.old:
        return False
    try:
        with open(path, "rb") as old:
            if os.fstat(old.fileno()).st_size != len(content) or old.read() != content:
                return False
    except OSError:
        return False
    build.kept.add(path)
    return True


def _clear_way(path: str) -> None:
    """An old file where this build needs a folder (or the reverse): a clean build had removed
    it; remove it now."""
    build = _build
    if build is None:
        return
    folder = os.path.dirname(path)
    while folder.startswith(build.root + os.sep):
        if os.path.lexists(folder) and not os.path.isdir(folder):
            with contextlib.suppress(FileNotFoundError):  # or another process did (ecriture)
                os.unlink(folder)
        folder = os.path.dirname(folder)
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)


def _retrying(write: Callable[[], None], path: str) -> None:
    try:
        write()
    except OSError:
        if _build is None:
            raise
        _clear_way(os.path.abspath(path))
        write()


def _write(content: bytes, output_path: str) -> None:
    if not _unchanged(os.path.abspath(output_path), content):
        _retrying(lambda: _originals["write"](content, output_path), output_path)


def _copy(source_path: str, output_path: str) -> None:
    path = os.path.abspath(output_path)
    try:
        found = os.stat(source_path)
        origin: object = (found.st_ino, found.st_mtime_ns, found.st_size)
    except OSError:
        origin = None
    if origin is not None and _known(path, origin):
        return
    if _build is not None and path in _build.old and not os.path.isdir(path):
        try:
            with open(source_path, "rb") as source:
                if _unchanged(path, source.read()):
                    _remember(path, origin)
                    return
        except OSError:
            pass
    _retrying(lambda: _originals["copy"](source_path, output_path), output_path)
    _remember(path, origin)


def _copy_file(self: File, dirty: bool = False) -> None:
    content = self._content
    if content is None or (dirty and not self.is_modified()):
        _originals["copy_file"](self, dirty)
        return
    path = os.path.abspath(self.abs_dest_path)
    if _known(path, content):
        return
    data = content.encode("utf-8") if isinstance(content, str) else content
    if not _unchanged(path, data):
        _retrying(lambda: _originals["copy_file"](self, dirty), self.abs_dest_path)
    _remember(path, content)


def _known(path: str, origin: object) -> bool:
    """Whether the last build wrote ``path`` from this very ``origin`` and the file is still
    the one written; it is then kept."""
    last = _origins.get(path)
    if last is None or _build is None:
        return False
    same = last[0] is origin or (isinstance(origin, tuple) and last[0] == origin)
    if not same or not keep(path, last[1]):
        return False
    _build.origins[path] = last
    return True


def _remember(path: str, origin: object) -> None:
    if _build is not None and origin is not None:
        _build.origins[path] = (origin, stamp(path))


def _install() -> None:
    if _originals:
        return
    _originals.update(
        clean=utils.clean_directory,
        write=utils.write_file,
        copy=utils.copy_file,
        copy_file=File.copy_file,
    )
    utils.clean_directory = _clean
    utils.write_file = _write
    utils.copy_file = _copy
    File.copy_file = _copy_file  # type: ignore[method-assign]
