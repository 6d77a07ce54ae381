"""Model → form of the candidate's dossier (CQP Livret 2) or activity report (CQPM, modalité a)."""

from __future__ import annotations

from dataclasses import replace

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
from cqpsite.model import (
    Capacite,
    Critere,
    Dossier,
    Paragraphe,
    Referentiel,
    Rubrique,
    Section,
    SectionDossier,
)


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


def _texte(ref: Referentiel, section: Section, level: int, new_page: bool) -> list[Block]:
    """A passage of the source's general text (``textes``): its title, content, sub-passages."""
    out: list[Block] = [Heading(level, section.titre, new_page=new_page)]
    out += contenu(ref, section.contenu)
    for sub in section.sections:
        out += _texte(ref, sub, min(level + 1, 4), False)
    return out + notes(section.notes)


def build_livret(ref: Referentiel, dossier: Dossier) -> Form:
    """The livret in the source's order: title, cover (the unnumbered sections before the first
    numbered one), the CQP's presentation (``textes``), then the dossier's own introduction and
    its numbered sections."""
    sections = list(dossier.sections)
    cover = 0
    while cover < len(sections) and not sections[cover].numero:
        cover += 1
    blocks: list[Block] = [Heading(1, dossier.titre), Para(_sous_titre(ref), "subtitle")]
    blocks.append(source_line(ref))
    for k, s in enumerate(sections[:cover]):
        blocks += _section(ref, s, new_page=k > 0)
    for k, texte in enumerate(ref.textes):
        blocks += _texte(ref, texte, 2, new_page=cover > 0 or k > 0)
    started = cover > 0 or bool(ref.textes)  # a page break before what follows
    if dossier.intro and started:  # the source heads its introduction with the title again
        blocks.append(Heading(2, dossier.titre, new_page=True))
    blocks += contenu(ref, dossier.intro)
    for i, s in enumerate(sections[cover:]):
        blocks += _section(ref, s, new_page=i > 0 or (started and not dossier.intro))
    return Form(
        dossier.titre,
        _sous_titre(ref),
        distinct_names(with_context(blocks)),
        ref.source.certificateur,
    )


def _section(ref: Referentiel, s: SectionDossier, new_page: bool) -> list[Block]:
    out: list[Block] = [Heading(2, section_title(s.numero, s.titre), new_page=new_page)]
    out += contenu(ref, s.intro)
    for r in s.rubriques:
        out += _rubrique(ref, r, 3, "", "")
    return out


def _sous_titre(ref: Referentiel) -> str:
    return full_title(ref)


def capacites(ref: Referentiel) -> tuple[Capacite, ...]:
    return ref.capacites or tuple(c for b in ref.blocs for c in b.capacites)


def critere_text(c: Critere) -> str:
    return "\n".join([c.texte, *(f"– {p.texte}" for p in c.points)])


RAPPORT_TITRE = "Rapport d’activités et avis de l’entreprise"
# The source prints no form for the report: say so, in the words the checklists use.
RAPPORT_AIDE = (
    "Aide à la préparation, non officiel : le référentiel ne publie aucun modèle de rapport ; "
    "ce formulaire est une proposition du site, à adapter aux consignes de l’UIMM territoriale "
    "centre d’examen."
)
# Quoted from the source, IV.2 B a) and c), word for word.
RAPPORT_SOURCE = (
    "Référentiel, IV.2 B a) Présentation des projets ou activités réalisés en milieu "
    f"professionnel{NBSP}: «{NBSP}Le candidat transmet un rapport à l’UIMM territoriale centre "
    "d’examen, dans les délais et conditions préalablement fixés, afin de montrer que les "
    "capacités professionnelles à évaluer selon cette modalité ont bien été mises en œuvre en "
    f"entreprise à l’occasion d’un ou plusieurs projets ou activités.{NBSP}»"
)
RAPPORT_INTRO = (
    "Pour chaque capacité professionnelle, décrivez le projet ou l’activité qui montre que vous "
    "l’avez mise en œuvre en entreprise, puis ce que vous avez personnellement réalisé, au regard "
    "des conditions de réalisation et des critères d’évaluation rappelés."
)
AVIS_INTRO = (
    f"Référentiel, IV.2 B c) Avis de l’entreprise{NBSP}: «{NBSP}L’entreprise (tuteur, "
    "responsable hiérarchique ou fonctionnel…) donne un avis en regard du référentiel de "
    "certification (capacités professionnelles et/ou critères) sur les éléments mis en œuvre "
    f"par le candidat lors de la réalisation de projets ou activités professionnels.{NBSP}»"
)
AVIS_HEADERS = ("Réf.", "Capacité ou critère", "Favorable", "Défavorable", "Observations")
AVIS_WIDTHS = (1.6, 6.4, 2.3, 2.6, 4.1)
AVIS_CHOIX = (
    f"Cochez une seule case par ligne{NBSP}: «{NBSP}Favorable{NBSP}» ou «{NBSP}Défavorable{NBSP}»."
)
AVIS = "Avis de l’entreprise"


def _avis_row(ident: str, texte: str, nom: str, shown: str = "") -> tuple[str | Input | Check, ...]:
    groupe = f"{ident}-avis"
    return (
        shown or ident,
        texte,
        Check(f"{groupe}-favorable", label(nom, "avis favorable"), groupe, nom),
        Check(f"{groupe}-defavorable", label(nom, "avis défavorable"), groupe, nom),
        Input(f"{ident}-avis-observations", label(nom, "observations"), 3),
    )


def build_rapport(ref: Referentiel) -> Form:
    sous_titre = _sous_titre(ref)
    blocks: list[Block] = [Heading(1, RAPPORT_TITRE), Para(sous_titre, "subtitle")]
    blocks += [source_line(ref), Para(RAPPORT_AIDE), Para(RAPPORT_SOURCE), Para(RAPPORT_INTRO)]
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
    blocks += [Heading(2, AVIS, new_page=True), Para(AVIS_INTRO), Para(AVIS_CHOIX, "note")]
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
        # Named after the part, not after the last capacité's heading above them.
        Field("avis-date", "Date", "date", label(AVIS, "date"), context=AVIS),
        Field(
            "avis-signature",
            "Signature et cachet de l’entreprise",
            "signature",
            label(AVIS, "signature et cachet de l’entreprise"),
            context=AVIS,
        ),
    ]
    return Form(
        RAPPORT_TITRE, sous_titre, distinct_names(with_context(blocks)), ref.source.certificateur
    )


SUITES = 4  # pages of "Suite des réponses" at the end of the PDF dossier


def build_dossier(ref: Referentiel) -> Form | None:
    form = None
    if ref.dossier is not None:
        form = build_livret(ref, ref.dossier)
    elif ref.regles.unite == "capacite" and capacites(ref):
        form = build_rapport(ref)
    if form is not None and any(isinstance(f, Field) and f.kind == "long" for f in form.fields()):
        form = replace(form, suites=SUITES)
    return form
