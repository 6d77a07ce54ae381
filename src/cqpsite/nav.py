"""The MkDocs ``nav`` built from the generated pages (used when mkdocs.yml sets none).

Every page carries the rendered navigation, so its size is paid once per page. With
``navigation.sections`` and ``navigation.prune``, top-level sections are always shown in full and
deeper sections only on their own pages (elsewhere: one link). A few referentials are shown in
full at the top level; beyond that they go into one "Référentiels" section, in alphabetical
groups once there are many, so that a page carries a bounded part of the navigation instead of
every referential's (which made large builds quadratic).
"""

from __future__ import annotations

import html
import math
import unicodedata
from collections.abc import Sequence
from typing import Any

from cqpsite import urls
from cqpsite.model import Referentiel
from cqpsite.pages import Page

FULL_MAX = 4  # up to this many referentials, each is a top-level section shown on every page
GROUP_MIN = 15  # referentials per group, at least (groups appear above this many)
BLOC_PAGE = "Présentation du bloc"  # a bloc's own page, first in its section with its capacités


def build_nav(
    refs: Sequence[Referentiel], pages: Sequence[Page], others: Sequence[str]
) -> list[Any]:
    """MkDocs ``nav``: home, the referentials (pages in nav; a bloc with capacités is a
    section of its own page and theirs), then hand-written pages."""
    by_ref: dict[str, list[Any]] = {ref.id: [] for ref in refs}
    nested: dict[str, list[Any]] = {}  # bloc page → its section's items
    parents = {p.parent for p in pages if p.in_nav and p.parent}
    for p in pages:
        ref_id = p.src_uri.split("/", 1)[0]
        if not p.in_nav or ref_id not in by_ref:
            continue
        item = {html.escape(p.titre): p.src_uri}
        if p.parent in nested:
            nested[p.parent].append(item)
        elif p.src_uri in parents:
            nested[p.src_uri] = [{BLOC_PAGE: p.src_uri}]
            by_ref[ref_id].append({html.escape(p.titre): nested[p.src_uri]})
        else:
            by_ref[ref_id].append(item)
    sections = [{html.escape(ref.titre): by_ref[ref.id]} for ref in refs]
    nav: list[Any] = [{"Accueil": urls.home_page()}]
    if len(refs) <= FULL_MAX:
        nav += sections
    else:
        nav.append({"Référentiels": _groups(refs, sections)})
    nav += list(others)
    return nav


def _groups(refs: Sequence[Referentiel], sections: list[Any]) -> list[Any]:
    """Sections sorted by name; in groups of about √N (at least GROUP_MIN) when there are many."""
    order = sorted(range(len(refs)), key=lambda i: (_sort_key(refs[i]), refs[i].id))
    if len(refs) <= GROUP_MIN:
        return [sections[i] for i in order]
    size = max(GROUP_MIN, math.ceil(math.sqrt(len(refs))))
    count = math.ceil(len(refs) / size)
    size = math.ceil(len(refs) / count)  # balanced: no small group at the end
    groups = []
    for start in range(0, len(order), size):
        chunk = order[start : start + size]
        first, last = (_sort_key(refs[chunk[i]])[:1].upper() or "?" for i in (0, -1))
        label = f"Référentiels {first}" if first == last else f"Référentiels {first} à {last}"
        groups.append({label: [sections[i] for i in chunk]})
    return groups


def _sort_key(ref: Referentiel) -> str:
    """The title as shown, without its leading sigle, accents or case, as a reader looks it up."""
    name = ref.titre.removeprefix(f"{ref.sigle} ") if ref.sigle else ref.titre
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return plain.casefold().strip()
