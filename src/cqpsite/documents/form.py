"""Neutral form description shared by the DOCX, ODT and PDF renderers.

A ``Form`` is a flat sequence of blocks (headings, paragraphs, lists, questions with an answer
area, tables whose cells may hold fields or checkboxes); builders turn the model into it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal

from cqpsite.model import Contenu, Item, Liste, ListeUnites, Note, Paragraphe, Referentiel

Kind = Literal["long", "court", "date", "signature"]
NBSP = "\u00a0"
COLON = f"{NBSP}: "  # French typography: no-break space before the colon


@dataclass(frozen=True)
class Heading:
    level: int  # 1 = document title, 2 = part, 3 and 4 below
    text: str
    new_page: bool = False
    keep: bool = False  # print the part under this heading on one page (a repeated group's copy)


@dataclass(frozen=True)
class Para:
    text: str
    role: Literal["normal", "subtitle", "note"] = "normal"


@dataclass(frozen=True)
class Bullets:
    items: tuple[tuple[int, str], ...]  # (depth from 0, text)
    ordered: bool = False


@dataclass(frozen=True)
class Field:
    """A question shown as ``label`` with an answer area; ``nom`` is its accessible name."""

    id: str
    label: str
    kind: Kind = "long"
    nom: str = ""
    points: tuple[str, ...] = ()
    context: str = ""  # nearest heading, used to make duplicate accessible names distinct

    @property
    def name(self) -> str:
        return self.nom or self.label


@dataclass(frozen=True)
class Input:
    """A text field inside a table cell; ``lignes`` > 1: a multi-line field that tall."""

    id: str
    nom: str
    lignes: int = 1


@dataclass(frozen=True)
class Check:
    """A checkbox; with a ``groupe``, one choice of an exclusive group (a radio button in the
    PDF) whose ``id`` is ``<groupe>-<value>`` and whose group is named ``groupe_nom``."""

    id: str
    nom: str
    groupe: str = ""
    groupe_nom: str = ""

    @property
    def valeur(self) -> str:
        return self.id[len(self.groupe) + 1 :] if self.groupe else "on"


Cell = str | Input | Check  # a str cell may hold several lines separated by "\n"


@dataclass(frozen=True)
class Table:
    """A table whose first row is a repeated header and whose first column heads each row."""

    headers: tuple[str, ...]
    widths: tuple[float, ...]  # centimetres; they add up to the text width
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""


Block = Heading | Para | Bullets | Field | Table


@dataclass(frozen=True)
class Form:
    titre: str
    sous_titre: str
    blocks: tuple[Block, ...]
    auteur: str = ""
    lang: str = "fr-FR"
    suites: int = 0  # PDF only: pages of continuation boxes for answers that overflow theirs

    def captions(self) -> tuple[str, ...]:
        """Per block, the caption to show above a table: none where it repeats the heading."""
        out: list[str] = []
        heading = ""
        for block in self.blocks:
            if isinstance(block, Heading):
                heading = block.text
            shown = isinstance(block, Table) and block.caption != heading
            out.append(block.caption if isinstance(block, Table) and shown else "")
        return tuple(out)

    def fields(self) -> Iterator[Field | Input | Check]:
        """Every field in document order (questions, then cells row by row)."""
        for block in self.blocks:
            if isinstance(block, Field):
                yield block
            elif isinstance(block, Table):
                for row in block.rows:
                    yield from (c for c in row if not isinstance(c, str))


TEXT_WIDTH_CM = 17.0  # A4 (21 cm) minus 2 cm margins on each side
ANSWER_HEIGHT_CM: dict[str, float] = {"long": 5.0, "court": 0.9, "date": 0.9, "signature": 2.5}
FIELD_ROW_HEIGHT_CM = 0.8  # minimum height of a table row holding a text field


def before_signature(blocks: tuple[Block, ...], index: int, depth: int = 2) -> bool:
    """Whether the block at ``index`` leads to a signature box through at most ``depth``
    answer boxes (a table, its date box, the signature): print them on the same page."""
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if not isinstance(following, Field):
        return False
    return following.kind == "signature" or (depth > 1 and before_signature(blocks, index + 1, 1))


def introduces(text: str) -> bool:
    """A paragraph ending with a colon announces what follows: keep it on the same page."""
    return text.rstrip().endswith(":")


def label(*parts: str) -> str:
    """Join label parts the French way: ``Emploi n° 2 : Durée``."""
    return COLON.join(p.rstrip(f" :{NBSP}") for p in parts if p)


def numbered(libelle: str, numero: str, titre: str) -> str:
    return label(f"{libelle} {numero}".strip(), titre)


def full_title(ref: Referentiel) -> str:
    """``CQP Coordinateur(trice) logistique``, whether or not ``titre`` repeats the sigle."""
    return ref.titre if ref.titre.startswith(ref.sigle) else f"{ref.sigle} {ref.titre}"


def source_line(ref: Referentiel) -> Para:
    """``Source : <document> — <certificateur> — référence … — version … — date : ….
    <statut>.``, as the site's pages print it; a date that only repeats the version is left out."""
    s = ref.source
    parts = [s.document, s.certificateur]
    if s.reference:
        parts.append(f"référence {s.reference}")
    parts.append(f"version {s.version}")
    if s.date and s.date != s.version:
        parts.append(f"date{COLON}{s.date}")
    statut = s.statut.rstrip(". ")
    return Para(f"Source{COLON}{' — '.join(parts)}. {upper_first(statut)}.", "note")


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _items(items: tuple[Item, ...], depth: int) -> Iterator[tuple[int, str]]:
    for item in items:
        yield depth, item.texte
        yield from _items(item.liste, depth + 1)


def unit_titles(ref: Referentiel) -> tuple[str, ...]:
    if ref.blocs:
        return tuple(numbered(b.libelle, b.numero, b.titre) for b in ref.blocs)
    return tuple(numbered("Capacité", c.numero, c.titre) for c in ref.capacites)


def contenu(ref: Referentiel, blocks: Contenu) -> list[Block]:
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Paragraphe):
            out.append(Para(b.texte))
        elif isinstance(b, Liste):
            out.append(Bullets(tuple(_items(b.liste, 0)), b.ordonnee))
        elif isinstance(b, ListeUnites):
            out.append(Bullets(tuple((0, t) for t in unit_titles(ref))))
    return out


def notes(items: tuple[Note, ...]) -> list[Block]:
    return [Para(f"{n.appel} {n.texte}", "note") for n in items]


def distinct_names(blocks: list[Block]) -> tuple[Block, ...]:
    """Make accessible names unique: prefix the heading ("Candidat : Date"), then number."""
    counts = Counter(b.name for b in blocks if isinstance(b, Field))
    named = [
        replace(b, nom=label(b.context, b.name))
        if isinstance(b, Field) and counts[b.name] > 1 and b.context
        else b
        for b in blocks
    ]
    counts = Counter(b.name for b in named if isinstance(b, Field))
    seen: Counter[str] = Counter()
    out: list[Block] = []
    for b in named:
        if isinstance(b, Field) and counts[b.name] > 1:
            seen[b.name] += 1
            b = replace(b, nom=f"{b.name.rstrip(f' :{NBSP}')} ({seen[b.name]})")
        out.append(b)
    return tuple(out)


def with_context(blocks: list[Block]) -> list[Block]:
    """Record on each field the text of the heading it stands under."""
    out: list[Block] = []
    current = ""
    for b in blocks:
        if isinstance(b, Heading):
            current = b.text
        elif isinstance(b, Field) and not b.context:
            b = replace(b, context=current)
        out.append(b)
    return out
