"""Fingerprints of the criteria and questions of each version, so that a grid or a dossier can
mark an answer given to another wording ("reformulé depuis votre évaluation") or an item new
since the version the answers were given on ("nouveau").

The browser stores, with each answer, the version and fingerprint of the text it answered
(stockage.js, map ``empreintes``); the pages carry each item's fingerprint in every version up to
their own, and the comparison pages to link to. Nothing about an answer ever leaves the browser.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from cqpsite.model import Referentiel
from cqpsite.versions import Element, elements

# The items a candidate answers: grid rows and dossier questions.
_NATURES = ("critère", "question")


def fingerprint(element: Element) -> str:
    """Eight hex digits of the text and essential flag: what a comparison calls a rewording."""
    data = f"{'essentiel' if element.essentiel else ''}\x1f{element.texte}".encode()
    return hashlib.sha256(data).hexdigest()[:8]


@dataclass(frozen=True)
class Suivi:
    """What a grid or dossier page needs to mark answers given to another version."""

    # ID → "version:fingerprint version:fingerprint …", oldest first, this page's version last.
    empreintes: Mapping[str, str] = field(default_factory=dict)
    # (earlier version, src of the page comparing it with this one), oldest first.
    comparaisons: tuple[tuple[str, str], ...] = ()
    versions: tuple[str, ...] = ()  # every version up to this page's, oldest first

    @property
    def actif(self) -> bool:
        """Marks are only possible once there is an earlier version (the page then loads
        changements.js, which also records what each answer was given to)."""
        return len(self.versions) > 1


def suivi(versions: Sequence[Referentiel], comparaisons: Sequence[tuple[str, str]] = ()) -> Suivi:
    """The fingerprints of every criterion and question of ``versions[-1]`` in each of
    ``versions`` (oldest first) that has it."""
    history: dict[str, list[str]] = {}
    for ref in versions:
        for ident, element in elements(ref).items():
            if element.nature in _NATURES:
                history.setdefault(ident, []).append(f"{ref.version}:{fingerprint(element)}")
    last = {i for i, e in elements(versions[-1]).items() if e.nature in _NATURES}
    return Suivi(
        {i: " ".join(h) for i, h in history.items() if i in last},
        tuple(comparaisons),
        tuple(ref.version for ref in versions),
    )
