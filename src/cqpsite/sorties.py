"""Where each file lands in the built site, as MkDocs writes it (``use_directory_urls``): two
sources that land on one output replace each other silently, so collisions are checked there."""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterable
from pathlib import Path

# MkDocs' Markdown extensions (``mkdocs.utils.markdown_extensions``), checked by the tests.
MARKDOWN = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")


@functools.lru_cache(maxsize=65536)  # every build asks again for the same paths (serve)
def output(src_uri: str) -> str:
    """The path MkDocs writes for ``src_uri``: ``a-propos.md`` → ``a-propos/index.html``.

    A path already in normal form (every generated one) is mapped as ``File.dest_uri`` maps it
    (``File._get_dest_path``), without building a ``File`` (a tenth of the clash check's
    time); any other path is given to MkDocs."""
    if src_uri.startswith("/") or posixpath.normpath(src_uri) != src_uri or src_uri == ".":
        from mkdocs.structure.files import File  # not for ``check``: reserved_pages only

        return File(src_uri, src_dir=None, dest_dir="", use_directory_urls=True).dest_uri
    if not src_uri.endswith(MARKDOWN):
        return src_uri
    parent, filename = posixpath.split(src_uri)
    stem = posixpath.splitext(filename)[0]
    if stem in ("index", "README"):
        return posixpath.join(parent, "index.html")
    return posixpath.join(parent, stem, "index.html")


def collisions(sources: Iterable[tuple[str, str]]) -> list[str]:
    """``(src_uri, origin)`` pairs, every origin a label such as ``docs/a-propos.md``: one line
    per output written by two of them, naming both."""
    seen: dict[str, list[str]] = {}
    for src_uri, origin in sources:
        seen.setdefault(output(src_uri), []).append(origin)
    twice = sorted((dest, origins) for dest, origins in seen.items() if len(origins) > 1)
    return [f"{dest} ({' ; '.join(origins)})" for dest, origins in twice]


def reserved_pages(docs: Path) -> dict[str, str]:
    """First path segment of every page of ``docs/`` (but its home page) → that page: a
    referential with this identifier would publish its overview at the same address."""
    if not docs.is_dir():
        return {}
    reserved: dict[str, str] = {}
    for path in sorted(docs.rglob("*.md")):
        relative = path.relative_to(docs)
        if any(part.startswith(".") for part in relative.parts):
            continue
        name = relative.parts[0] if len(relative.parts) > 1 else relative.stem
        if relative.parts == ("index.md",) or relative.parts == ("README.md",):
            continue
        reserved.setdefault(name, (Path(docs.name) / relative).as_posix())
    return reserved
