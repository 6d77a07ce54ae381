"""Frozen model of a referential (CQP, CQPM…), filled only by ``loading``; no I/O here.

YAML keys are the field names below; ``loading`` refuses unknown keys. A field with a default
is optional in YAML. ``str`` inside a ``Contenu`` list is a ``Paragraphe`` (shorthand).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Stable IDs drive anchors and URLs: lowercase ASCII words joined by single hyphens.
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# Version identifiers appear in paths too; dots are allowed ("2024.1").
VERSION_PATTERN = r"^[a-z0-9]+([.-][a-z0-9]+)*$"
# The date a version took effect (open data): a calendar date, "2022-06-01".
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


@dataclass(frozen=True)
class Item:
    """One bullet of a list, possibly with nested bullets."""

    texte: str
    liste: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Paragraphe:
    texte: str


@dataclass(frozen=True)
class Liste:
    liste: tuple[Item, ...]
    ordonnee: bool = False


@dataclass(frozen=True)
class ListeUnites:
    """Marks where the generated list of blocs or capacités (with links) stands in the text."""

    unites: Literal[True]


Bloc_texte = Paragraphe | Liste | ListeUnites
Contenu = tuple[Bloc_texte, ...]


@dataclass(frozen=True)
class Note:
    """A footnote of the source; ``appel`` is the mark used in the text (``¹``)."""

    appel: str
    texte: str


@dataclass(frozen=True)
class Section:
    """A titled passage of the source, in source order."""

    id: str
    titre: str
    contenu: Contenu = ()
    sections: tuple[Section, ...] = ()
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class Point:
    """A nested sub-point of a criterion (CQPM capacités 5 and 8)."""

    id: str
    texte: str


@dataclass(frozen=True)
class Critere:
    """``numero`` is the source's own number (``B1.C1.1``), shown instead of the ID; official
    numbers are rarely valid IDs, and anchors keep coming from ``id``."""

    id: str
    texte: str
    essentiel: bool = False
    points: tuple[Point, ...] = ()
    numero: str = ""

    @property
    def code(self) -> str:
        """What pages and documents show for the criterion: its number, else its ID."""
        return self.numero or self.id.upper()


@dataclass(frozen=True)
class Capacite:
    id: str
    numero: str
    titre: str
    conditions: Contenu = ()
    criteres: tuple[Critere, ...] = ()


# A bloc whose source publishes no criteria says so explicitly instead of listing them.
NON_PUBLIES = "non_publies"


@dataclass(frozen=True)
class Bloc:
    id: str
    numero: str
    titre: str
    libelle: str = "Bloc de compétences"
    optionnel: bool = False
    capacites: tuple[Capacite, ...] = ()
    criteres: tuple[Critere, ...] | Literal["non_publies"] = ()


@dataclass(frozen=True)
class RegleUnite:
    """How one unit (bloc or capacité) is obtained.

    ``seuil``: percentage of the unit's criteria to acquire (with ``essentiels``: all essential
    criteria too); ``decision``: the evaluation commission decides, nothing is computed.
    """

    type: Literal["seuil", "decision"]
    texte: str
    seuil: int | None = None
    essentiels: bool = False


@dataclass(frozen=True)
class RegleCertification:
    """How the whole certification is obtained: every mandatory unit acquired."""

    type: Literal["toutes_unites_obligatoires"]
    texte: str
    acquis: str
    non_acquis: str


@dataclass(frozen=True)
class Regles:
    unite: Literal["bloc", "capacite"]
    obtention_unite: RegleUnite
    obtention_certification: RegleCertification


@dataclass(frozen=True)
class Source:
    """Where the text comes from; shown on every page of the referential.

    ``fichier``: the source text, relative to the referentials folder (``verify`` checks that each
    of its lines is on the site); ``hors_texte``: regular expressions of what in that text is page
    furniture, not content (removed from each line before the check).
    """

    document: str
    certificateur: str
    version: str
    date: str
    statut: str
    fichier: str = ""
    reference: str = ""
    remarques: str = ""
    hors_texte: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    """A question or a field of the dossier; ``format`` sets the answer area."""

    id: str
    question: str
    format: Literal["long", "court", "date", "signature"] = "long"
    points: tuple[str, ...] = ()


Element = Question | Paragraphe


@dataclass(frozen=True)
class Rubrique:
    """A group of questions, possibly nested.

    ``bloc`` ties it (and its nested rubriques) to a bloc's checklist; ``repetitions`` is how many
    blank copies the source prints (emplois, formations).
    """

    id: str
    titre: str = ""
    bloc: str = ""
    intro: Contenu = ()
    elements: tuple[Element, ...] = ()
    rubriques: tuple[Rubrique, ...] = ()
    notes: tuple[Note, ...] = ()
    repetitions: int = 1
    libelle_repetition: str = ""


@dataclass(frozen=True)
class SectionDossier:
    id: str
    titre: str
    numero: str = ""
    intro: Contenu = ()
    rubriques: tuple[Rubrique, ...] = ()


@dataclass(frozen=True)
class Dossier:
    titre: str
    intro: Contenu = ()
    sections: tuple[SectionDossier, ...] = ()


@dataclass(frozen=True)
class Libelles:
    """The source's own column names, reused on the pages."""

    conditions: str = "Conditions de réalisation"
    criteres: str = "Critères d’évaluation"


@dataclass(frozen=True)
class Retrait:
    """An ID of an earlier version that this version no longer has, and why."""

    id: str
    motif: str


@dataclass(frozen=True)
class Referentiel:
    """One version of a referential.

    ``version`` is this publication's version identifier: it names the pinned path
    ``<id>/v/<version>/`` and the browser storage of answers. ``source.version`` is the version
    as the source prints it. ``retraits`` lists the IDs removed since the previous version.
    ``date_version`` dates this version in the open data when ``source.date`` is not a date.
    """

    id: str
    sigle: str
    titre: str
    intitule: str
    version: str
    source: Source
    regles: Regles
    sous_titre: str = ""
    secteur: str = ""
    mention_criteres_non_publies: str = (
        "Critères non publiés dans la source — à fournir par le certificateur."
    )
    libelles: Libelles = Libelles()
    textes: tuple[Section, ...] = ()
    blocs: tuple[Bloc, ...] = ()
    capacites: tuple[Capacite, ...] = ()
    dossier: Dossier | None = None
    retraits: tuple[Retrait, ...] = ()
    date_version: str = ""
