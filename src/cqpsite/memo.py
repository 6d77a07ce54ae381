"""What one process keeps from a build to the next (``mkdocs serve``): each referential's loaded
model, its documents and its rendered pages and exports, reused while its files are unchanged.

Entries are keyed by the bytes of the referential's files (its YAML and its archived versions),
never by dates, and by everything else their result depends on; a build keeps only the entries
of the referentials it saw. Checks across referentials are not memoised: they run every time.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ARCHIVES = "versions"  # same folder as ``cqpsite.corpus.ARCHIVES``


def fingerprint(current: Path) -> str | None:
    """Hash of a referential's files: ``current`` and its archive folder, names and bytes.
    ``None`` when one of them is no regular file (the loader then reports it, every time)."""
    digest = hashlib.sha256()
    try:
        if not stat.S_ISREG(os.stat(current).st_mode):
            return None
        digest.update(current.read_bytes())
        folder = current.parent / ARCHIVES / current.stem
        if folder.is_dir():
            for name in sorted(os.listdir(folder)):
                path = folder / name
                mode = os.stat(path).st_mode
                if stat.S_ISDIR(mode):
                    digest.update(f"\0dir {name}\0".encode())
                    continue
                if not stat.S_ISREG(mode):
                    return None
                digest.update(f"\0file {name}\0".encode())
                digest.update(path.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


@dataclass
class _Table:
    """One kind of result, by referential, with the key it was computed for."""

    entries: dict[Hashable, tuple[Any, Any]] = field(default_factory=dict)
    seen: set[Hashable] = field(default_factory=set)
    computed: list[str] = field(default_factory=list)  # names of what the last build computed

    def get(self, name: Hashable, key: Any) -> Any | None:
        self.seen.add(name)
        entry = self.entries.get(name)
        if entry is not None and entry[0] == key:
            return entry[1]
        return None

    def put(self, name: Hashable, key: Any, value: Any) -> None:
        self.seen.add(name)
        self.entries[name] = (key, value)
        self.computed.append(str(name))

    def start(self) -> None:
        self.seen = set()
        self.computed = []

    def finish(self) -> None:
        self.entries = {k: v for k, v in self.entries.items() if k in self.seen}


@dataclass
class Memo:
    """Results kept between builds; ``loaded``, ``documents`` and ``published`` name what the
    last build had to compute (tests and benchmarks read them)."""

    histories: _Table = field(default_factory=_Table)
    docs: _Table = field(default_factory=_Table)
    pages: _Table = field(default_factory=_Table)

    @property
    def loaded(self) -> list[str]:
        return self.histories.computed

    @property
    def documents(self) -> list[str]:
        return self.docs.computed

    @property
    def published(self) -> list[str]:
        return self.pages.computed

    def start(self) -> None:
        for table in (self.histories, self.docs, self.pages):
            table.start()

    def finish(self) -> None:
        """Forget the referentials this build did not see (removed, renamed)."""
        for table in (self.histories, self.docs, self.pages):
            table.finish()

    def clear(self) -> None:
        self.__init__()  # type: ignore[misc]


def cached(table: _Table, name: Hashable, key: Any, compute: Callable[[], Any]) -> Any:
    value = table.get(name, key)
    if value is None:
        value = compute()
        table.put(name, key, value)
    return value
