"""MkDocs ``File`` objects for the generated pages and downloads, made in bulk.

``File.generated`` normalises each path through ``pathlib`` and reads the configuration three
times: for 20,000 files, a second of MkDocs' one process. A path already in normal form (every
generated one) gives the same object, attribute for attribute (tested), without either; any
other path still goes through ``File.generated``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

Source = tuple[str, str | bytes, InclusionLevel]  # src_uri, content, inclusion


def generated_files(config: MkDocsConfig, sources: Iterable[Source]) -> list[File]:
    """``[File.generated(config, uri, content=c, inclusion=i) for uri, c, i in sources]``."""
    site_dir, urls = config.site_dir, config.use_directory_urls
    by = config.plugins._current_plugin or "<unknown>"
    out = []
    new, normpath = File.__new__, posixpath.normpath
    for src_uri, content, inclusion in sources:
        if src_uri.startswith("/") or normpath(src_uri) != src_uri or src_uri == ".":
            out.append(File.generated(config, src_uri, content=content, inclusion=inclusion))
            continue
        file = new(File)
        vars(file).update(  # in the order File.generated sets them
            src_uri=src_uri,
            src_dir=None,
            dest_dir=site_dir,
            use_directory_urls=urls,
            inclusion=inclusion,
            generated_by=by,
            abs_src_path=None,
            _content=content,
        )
        out.append(file)
    return out


def fast_lookups(files: Files) -> None:
    """``files.get_file_from_path`` (MkDocs asks it for every page of the navigation) without
    ``pathlib`` for a path already in normal form: the same file, found directly."""
    slow = files.get_file_from_path

    def get_file_from_path(path: str) -> File | None:
        if path.startswith("/") or posixpath.normpath(path) != path or path == ".":
            return slow(path)
        return files.src_uris.get(path)

    files.get_file_from_path = get_file_from_path  # type: ignore[method-assign]
