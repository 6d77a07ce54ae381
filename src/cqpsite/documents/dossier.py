"""Model → form of the candidate's dossier (CQP Livret 2) or activity report (CQPM, modalité a)."""

from __future__ import annotations

from cqpsite.documents.form import (
    NBSP,
    Block,
    Bullets,
    Check,
    Field,
    Form,
    Heading,
    Input,
    Para,
    Table,
    contenu,
    distinct_names,
    full_title,
    introduces,
    label,
    notes,
    numbered,
    source_line,
    with_context,
)
from cqpsite.model import Capacite, Critere, Dossier, Paragraphe, Referentiel, Rubrique


def section_title(numero: str, titre: str) -> str:
    if not numero:
        return titre
    return f"{numero}. {titre}" if numero.isdigit() else f"{numero} {titre}"


def _rubrique(ref: Referentiel, r: Rubrique, level: int, suffix: str, prefix: str) -> list[Block]:
    out: list[Block] = []
    if r.repetitions > 1 and r.titre:  # the group's title once, then one heading per copy
        out.append(Heading(min(level, 4), r.titre))
        level += 1
    for k in range(1, r.repetitions + 1):
        sfx, pfx, titre = suffix, prefix, r.titre
        if r.repetitions > 1:
            titre = f"{r.libelle_repetition or r.titre} n°{NBSP}{k}"
            sfx, pfx = f"{suffix}-{k}", label(prefix, titre)
        if titre:
            out.append(Heading(min(level, 4), titre, keep=r.repetitions > 1))
        out += contenu(ref, r.intro)
        lead = ""  # "À renseigner par le responsable hiérarchique du candidat :" and the like
        for e in r.elements:
            if isinstance(e, Paragraphe):
                out.append(Para(e.texte))
                lead = label(e.texte) if introduces(e.texte) else lead
            else:
                nom = label(pfx, e.question) if pfx else ""
                # The paragraph that announces the fields tells apart fields of the same label.
                out.append(Field(e.id + sfx, e.question, e.format, nom, e.points, lead))
        for sub in r.rubriques:
            out += _rubrique(ref, sub, level + 1 if titre else level, sfx, pfx)
        out += notes(r.notes)
    return out


def build_livret(ref: Referentiel, dossier: Dossier) -> Form:
    blocks: list[Block] = [Heading(1, dossier.titre), Para(_sous_titre(ref), "subtitle")]
    blocks += [source_line(ref), *contenu(ref, dossier.intro)]
    for i, s in enumerate(dossier.sections):
        blocks.append(Heading(2, section_title(s.numero, s.titre), new_page=i > 0))
        blocks += contenu(ref, s.intro)
        for r in s.rubriques:
            blocks += _rubrique(ref, r, 3, "", "")
    return Form(
        dossier.titre,
        _sous_titre(ref),
        distinct_names(with_context(blocks)),
        ref.source.certificateur,
    )


def _sous_titre(ref: Referentiel) -> str:
    return full_title(ref)


def capacites(ref: Referentiel) -> tuple[Capacite, ...]:
    return ref.capacites or tuple(c for b in ref.blocs for c in b.capacites)


def critere_text(c: Critere) -> str:
    return "\n".join([c.texte, *(f"– {p.texte}" for p in c.points)])


RAPPORT_TITRE = "Rapport d’activités et avis de l’entreprise"
RAPPORT_INTRO = (
    "Modalité a : présentation des projets ou activités réalisés en milieu professionnel. "
    "Pour chaque capacité professionnelle, décrivez le projet ou l’activité qui montre que vous "
    "l’avez mise en œuvre en entreprise, puis ce que vous avez personnellement réalisé, au regard "
    "des conditions de réalisation et des critères d’évaluation rappelés."
)
AVIS_INTRO = (
    "L’entreprise (tuteur, responsable hiérarchique ou fonctionnel) donne un avis au regard du "
    "référentiel de certification sur les éléments mis en œuvre par le candidat lors de la "
    "réalisation de projets ou activités professionnels."
)
AVIS_HEADERS = ("Réf.", "Capacité ou critère", "Favorable", "Défavorable", "Observations")
AVIS_WIDTHS = (1.6, 6.4, 2.3, 2.6, 4.1)


def _avis_row(ident: str, texte: str, nom: str, shown: str = "") -> tuple[str | Input | Check, ...]:
    return (
        shown or ident,
        texte,
        Check(f"{ident}-avis-favorable", label(nom, "avis favorable")),
        Check(f"{ident}-avis-defavorable", label(nom, "avis défavorable")),
        Input(f"{ident}-avis-observations", label(nom, "observations")),
    )


def build_rapport(ref: Referentiel) -> Form:
    sous_titre = _sous_titre(ref)
    blocks: list[Block] = [Heading(1, RAPPORT_TITRE), Para(sous_titre, "subtitle")]
    blocks += [source_line(ref), Para(RAPPORT_INTRO)]
    blocks += [Heading(2, "Identification")]
    blocks += [
        Field("candidat-nom", "Nom et prénom du candidat", "court"),
        Field("candidat-entreprise", "Entreprise", "court"),
        Field("rapport-date", "Date", "date"),
    ]
    for cap in capacites(ref):
        titre = numbered("Capacité", cap.numero, cap.titre)
        blocks += [Heading(2, titre, new_page=True), Heading(3, ref.libelles.conditions)]
        blocks += contenu(ref, cap.conditions)
        blocks.append(Heading(3, ref.libelles.criteres))
        items: list[tuple[int, str]] = []
        for c in cap.criteres:
            mark = " (critère essentiel)" if c.essentiel else ""
            items += [(0, f"{c.texte}{mark}"), *((1, p.texte) for p in c.points)]
        blocks.append(Bullets(tuple(items)))
        blocks += [
            Field(f"{cap.id}-projet", "Projet ou activité", "long", label(titre, "projet")),
            Field(
                f"{cap.id}-realisation",
                "Ce que j’ai réalisé",
                "long",
                label(titre, "ce que j’ai réalisé"),
            ),
        ]
    blocks += [Heading(2, "Avis de l’entreprise", new_page=True), Para(AVIS_INTRO)]
    blocks += [
        Field("avis-nom", "Nom et fonction du représentant de l’entreprise", "court"),
        Field("avis-entreprise", "Entreprise", "court"),
    ]
    for cap in capacites(ref):
        titre = numbered("Capacité", cap.numero, cap.titre)
        rows = [_avis_row(cap.id, titre, f"Capacité {cap.numero}")]
        rows += [
            _avis_row(c.id, critere_text(c), f"Critère {c.numero or c.id}", c.numero)
            for c in cap.criteres
        ]
        blocks += [Heading(3, titre), Table(AVIS_HEADERS, AVIS_WIDTHS, tuple(rows), titre)]
    blocks += [
        Field("avis-date", "Date", "date"),
        Field("avis-signature", "Signature et cachet de l’entreprise", "signature"),
    ]
    return Form(
        RAPPORT_TITRE, sous_titre, distinct_names(with_context(blocks)), ref.source.certificateur
    )


def build_dossier(ref: Referentiel) -> Form | None:
    if ref.dossier is not None:
        return build_livret(ref, ref.dossier)
    if ref.regles.unite == "capacite" and capacites(ref):
        return build_rapport(ref)
    return None
