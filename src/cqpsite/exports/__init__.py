"""Open data of each referential: its JSON, a CASE-shaped package, Open Badges achievements and
alignments, and the JSON Schemas of the YAML format and of ``referentiel.json``. Pure
functions returning bytes; ``site`` registers them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from cqpsite import urls
from cqpsite.exports import badges, case, json_export
from cqpsite.model import Referentiel

FORMAT_VERSION = json_export.FORMAT_VERSION


def dumps(data: Any, indent: int | None = 2) -> bytes:
    """Deterministic JSON bytes: model order kept, UTF-8 text, trailing newline.

    ``indent=None`` writes one line with Python's C encoder (several times faster): for the
    large open-data files, which tools read; people read the schema and the badge snippets.
    """
    return (json.dumps(data, ensure_ascii=False, indent=indent) + "\n").encode("utf-8")


def render_exports(
    ref: Referentiel,
    site_url: str,
    version: str | None = None,
    precedente: Referentiel | None = None,
    referentiel_json: bytes | None = None,
) -> dict[str, bytes]:
    """Site path → bytes for the three open-data files of ``ref``; ``version`` publishes them
    (and the permalinks inside) under that version's pinned root; ``precedente`` is the
    version before ``ref``, linked to it in the CASE package. ``referentiel_json``: that
    file's bytes if already rendered (``render_jsons``)."""
    package = case.case_package(ref, site_url, precedente)
    if referentiel_json is None:
        referentiel_json = render_json(ref, site_url, version)
    return {
        urls.export_json(ref, version): referentiel_json,
        urls.export_case(ref, version): dumps(package, None),
        urls.export_badges(ref, version): dumps(badges.badges_data(ref, site_url), None),
    }


def render_json(ref: Referentiel, site_url: str, version: str | None = None) -> bytes:
    """``referentiel.json``: the only export whose permalinks depend on where it is published
    (CASE and badges always use the version's pinned permalinks)."""
    return render_jsons(ref, site_url, (version,))[0]


def render_jsons(ref: Referentiel, site_url: str, versions: Sequence[str | None]) -> list[bytes]:
    """``render_json`` for each of ``versions`` (the current version's file and its pinned
    copy), the model read once."""
    documents = json_export.referentiel_documents(ref, site_url, versions)
    return [dumps(document, None) for document in documents]  # each before the next


__all__ = ["FORMAT_VERSION", "dumps", "render_exports", "render_json", "render_jsons"]
