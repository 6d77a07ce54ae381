"""Downloadable documents of a referential: the candidate's dossier and the evaluation grid.

``render_documents`` is pure and deterministic: the same referential and ``epoch``
(SOURCE_DATE_EPOCH) give byte-identical DOCX, ODT and PDF files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cqpsite.documents.collection import fewer_collections
from cqpsite.documents.docx import render_docx
from cqpsite.documents.dossier import RAPPORT_TITRE, build_dossier
from cqpsite.documents.form import Form
from cqpsite.documents.grille import build_grille
from cqpsite.documents.odt import render_odt
from cqpsite.documents.pdf import render_pdf
from cqpsite.model import Referentiel

# Bump when the output of any renderer changes: it is part of the cache key.
VERSION = "5"

RENDERERS: tuple[tuple[str, str, Callable[[Form, int], bytes]], ...] = (
    ("DOCX", "docx", render_docx),
    ("ODT", "odt", render_odt),
    ("PDF", "pdf", render_pdf),
)


@dataclass(frozen=True)
class Document:
    nom: str  # file name, from stable ids only
    format: str  # "DOCX" | "ODT" | "PDF"
    type: str  # "dossier" | "grille"
    titre: str  # French label shown on the download link
    contenu: bytes


def dossier_titre(ref: Referentiel) -> str:
    """The referential's own title for its dossier (the document's heading too)."""
    if ref.dossier is not None:
        return ref.dossier.titre
    return RAPPORT_TITRE


def build_forms(ref: Referentiel) -> tuple[tuple[str, str, Form], ...]:
    """(type, French label, form) of every document the referential gets."""
    forms: list[tuple[str, str, Form]] = []
    dossier = build_dossier(ref)
    if dossier is not None:
        forms.append(("dossier", dossier_titre(ref), dossier))
    forms.append(("grille", "Grille d’évaluation", build_grille(ref)))
    return tuple(forms)


@dataclass(frozen=True)
class Job:
    """One document to render: everything but its bytes (picklable, for worker processes)."""

    nom: str
    format: str
    type: str
    titre: str
    form: Form

    def render(self, epoch: int) -> Document:
        with fewer_collections():
            contenu = _RENDER[self.format](self.form, epoch)
        return Document(self.nom, self.format, self.type, self.titre, contenu)


_RENDER = {fmt: render for fmt, _, render in RENDERERS}


def plan_documents(ref: Referentiel) -> tuple[Job, ...]:
    """The documents of a referential, in the order ``render_documents`` returns them."""
    return tuple(
        Job(f"{ref.id}-{type_}.{ext}", fmt, type_, titre, form)
        for type_, titre, form in build_forms(ref)
        for fmt, ext, _ in RENDERERS
    )


def render_documents(ref: Referentiel, epoch: int) -> tuple[Document, ...]:
    return tuple(job.render(epoch) for job in plan_documents(ref))


__all__ = ["VERSION", "Document", "Job", "build_forms", "plan_documents", "render_documents"]
