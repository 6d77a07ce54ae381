"""Open data of each referential: its JSON, a CASE-shaped package, Open Badges alignments, and
the JSON Schema of the YAML format. Pure functions returning bytes; ``site`` registers them."""

from __future__ import annotations

import json
from typing import Any

from cqpsite import urls
from cqpsite.exports import badges, case, json_export
from cqpsite.model import Referentiel

FORMAT_VERSION = json_export.FORMAT_VERSION


def dumps(data: Any) -> bytes:
    """Deterministic JSON bytes: model order kept, UTF-8 text, trailing newline."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render_exports(
    ref: Referentiel, site_url: str, epoch: int, version: str | None = None
) -> dict[str, bytes]:
    """Site path → bytes for the three open-data files of ``ref``; ``version`` publishes them
    (and the permalinks inside) under that version's pinned root."""
    return {
        urls.export_json(ref, version): dumps(json_export.referentiel_data(ref, site_url, version)),
        urls.export_case(ref, version): dumps(case.case_package(ref, site_url, epoch)),
        urls.export_badges(ref, version): dumps(badges.badges_data(ref, site_url)),
    }


__all__ = ["FORMAT_VERSION", "dumps", "render_exports"]
