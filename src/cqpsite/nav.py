"""The MkDocs ``nav`` built from the generated pages (used when mkdocs.yml sets none)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from cqpsite import urls
from cqpsite.model import Referentiel
from cqpsite.pages import Page


def build_nav(
    refs: Sequence[Referentiel], pages: Sequence[Page], others: Sequence[str]
) -> list[Any]:
    """MkDocs ``nav``: home, one section per referential (pages in nav), then hand-written pages."""
    nav: list[Any] = [{"Accueil": urls.home_page()}]
    for ref in refs:
        prefix = f"{ref.id}/"
        entries = [
            {html.escape(p.titre): p.src_uri}
            for p in pages
            if p.in_nav and p.src_uri.startswith(prefix)
        ]
        nav.append({html.escape(ref.titre): entries})
    nav += list(others)
    return nav
