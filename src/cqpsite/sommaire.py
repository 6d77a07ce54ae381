"""What the overview adds to the source text (the list of units, the rules), shown only where the
source text does not print it already: each list and each rule appears once per overview."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from cqpsite.model import ListeUnites, Paragraphe, Referentiel, Section


def _contenus(sections: Sequence[Section]) -> Iterator[object]:
    for section in sections:
        yield from section.contenu
        yield from _contenus(section.sections)


def _normal(text: str) -> str:
    return " ".join(text.split())


def units_in_text(ref: Referentiel) -> bool:
    """Whether the source text places the list of units itself (``- unites: true``)."""
    return any(isinstance(bloc, ListeUnites) for bloc in _contenus(ref.textes))


def rules_not_in_text(ref: Referentiel) -> tuple[tuple[str, str], ...]:
    """(label, text) of each rule that no paragraph of the source text prints word for word."""
    printed = {_normal(b.texte) for b in _contenus(ref.textes) if isinstance(b, Paragraphe)}
    unite = "Obtention d’un bloc" if ref.regles.unite == "bloc" else "Validation d’une capacité"
    rules = (
        (unite, ref.regles.obtention_unite.texte),
        ("Obtention de la certification", ref.regles.obtention_certification.texte),
    )
    return tuple((label, text) for label, text in rules if _normal(text) not in printed)


def introduction(ref: Referentiel) -> str:
    """The first paragraph of the source text (the overview's link preview), or ""."""
    return next((b.texte for b in _contenus(ref.textes) if isinstance(b, Paragraphe)), "")
