"""Model → form of the evaluation grid: one row per criterion, acquis / non acquis, decisions."""

from __future__ import annotations

from dataclasses import replace

from cqpsite.documents.dossier import capacites, critere_text
from cqpsite.documents.form import (
    NBSP,
    Block,
    Cell,
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
    label,
    numbered,
    source_line,
    upper_first,
    with_context,
)
from cqpsite.model import Bloc, Capacite, Critere, Referentiel

TITRE = "Grille d’évaluation"
HEADERS = ("Réf.", "Critère d’évaluation", "Essentiel", "Acquis", "Non acquis", "Observations")
WIDTHS = (1.6, 6.2, 2.1, 1.6, 1.7, 3.8)
ESSENTIEL = 2  # column left out where the referential has no essential criteria
REMPLIE_PAR = "grille-remplie-par"
BLANK_ROWS = 8  # rows left for the certifier's criteria when the source publishes none
FIELD_LINES = 3  # height, in lines, of a criterion or observations field in a grid row
CHOIX = (
    f"Cochez une seule case par ligne{NBSP}: «{NBSP}Acquis{NBSP}» ou «{NBSP}Non acquis{NBSP}» "
    "(de même pour chaque décision)."
)
_UNITE = {
    "bloc": ("Bloc", "acquis", "non acquis"),
    "capacite": ("Capacité", "acquise", "non acquise"),
}


def choice(groupe: str, nom: str, valeur: str, texte: str) -> Check:
    """One box of an exclusive pair (a radio group in the PDF)."""
    return Check(f"{groupe}-{valeur}", label(nom, texte), groupe, nom)


def criterion_row(c: Critere) -> tuple[Cell, ...]:
    ref = c.numero or c.id  # the source's number when it has one; field names keep the ID
    nom = f"Critère {ref}"
    return (
        ref,
        critere_text(c),
        "Oui" if c.essentiel else "",
        choice(c.id, nom, "acquis", "acquis"),
        choice(c.id, nom, "non-acquis", "non acquis"),
        Input(f"{c.id}-observations", label(nom, "observations"), FIELD_LINES),
    )


def blank_row(unit_id: str, k: int, unit_name: str) -> tuple[Cell, ...]:
    ident = f"{unit_id}-critere-{k}"
    nom = f"{unit_name}, critère n°{NBSP}{k}"
    return (
        str(k),
        Input(ident, label(nom, "intitulé"), FIELD_LINES),
        Check(f"{ident}-essentiel", label(nom, "essentiel")),
        choice(ident, nom, "acquis", "acquis"),
        choice(ident, nom, "non-acquis", "non acquis"),
        Input(f"{ident}-observations", label(nom, "observations"), FIELD_LINES),
    )


def criteria_table(criteres: tuple[Critere, ...], caption: str) -> Table:
    return Table(HEADERS, WIDTHS, tuple(criterion_row(c) for c in criteres), caption)


def decision(ref: Referentiel, unit_id: str, titre: str) -> Table:
    nom, oui, non = _UNITE[ref.regles.unite]
    groupe = f"{unit_id}-decision"
    row: tuple[Cell, ...] = (
        f"Décision{NBSP}: {nom.lower()}",
        choice(groupe, titre, "acquis", oui),
        choice(groupe, titre, "non-acquis", non),
        Input(f"{unit_id}-decision-observations", label(titre, "observations"), FIELD_LINES),
    )
    headers = ("Décision", upper_first(oui), upper_first(non), "Observations")
    return Table(headers, (5.0, 2.0, 2.0, 8.0), (row,), label("Décision", titre))


def without_essentiel(table: Table) -> Table:
    """The table without its "Essentiel" column, whose width goes to the criterion text."""
    if table.headers != HEADERS:
        return table
    widths = list(table.widths)
    widths[1] += widths.pop(ESSENTIEL)
    rows = tuple(row[:ESSENTIEL] + row[ESSENTIEL + 1 :] for row in table.rows)
    headers = HEADERS[:ESSENTIEL] + HEADERS[ESSENTIEL + 1 :]
    return replace(table, headers=headers, widths=tuple(widths), rows=rows)


def has_essentiels(ref: Referentiel) -> bool:
    """Whether the grid needs an "Essentiel" column: a rule or a criterion names some."""
    if ref.regles.obtention_unite.essentiels:
        return True
    criteres = [c for cap in capacites(ref) for c in cap.criteres]
    criteres += [c for b in ref.blocs if isinstance(b.criteres, tuple) for c in b.criteres]
    return any(c.essentiel for c in criteres)


def _bloc(ref: Referentiel, bloc: Bloc) -> list[Block]:
    titre = numbered(bloc.libelle, bloc.numero, bloc.titre)
    if bloc.optionnel and "optionnel" not in bloc.libelle:
        titre += " (optionnel)"
    out: list[Block] = [Heading(2, titre, new_page=True)]
    if bloc.criteres == "non_publies":
        unit_name = f"{bloc.libelle} {bloc.numero}"
        rows = tuple(blank_row(bloc.id, k, unit_name) for k in range(1, BLANK_ROWS + 1))
        out += [Para(ref.mention_criteres_non_publies), Table(HEADERS, WIDTHS, rows, titre)]
    elif bloc.criteres:
        out.append(criteria_table(bloc.criteres, titre))
    for cap in bloc.capacites:
        out += _capacite(ref, cap, 3)
    if ref.regles.unite == "bloc":
        out.append(decision(ref, bloc.id, titre))
    return out


def _capacite(ref: Referentiel, cap: Capacite, level: int) -> list[Block]:
    titre = numbered("Capacité", cap.numero, cap.titre)
    out: list[Block] = [Heading(level, titre)]
    if cap.conditions:
        out += [Heading(min(level + 1, 4), ref.libelles.conditions), *contenu(ref, cap.conditions)]
        out.append(Heading(min(level + 1, 4), ref.libelles.criteres))
    caption = titre
    if cap.conditions:  # the criteria's own heading names the table
        caption = ref.libelles.criteres
    out.append(criteria_table(cap.criteres, caption))
    if ref.regles.unite == "capacite":
        out.append(decision(ref, cap.id, titre))
    return out


def build_grille(ref: Referentiel) -> Form:
    sous_titre = full_title(ref)
    regles = ref.regles
    blocks: list[Block] = [Heading(1, TITRE), Para(sous_titre, "subtitle"), source_line(ref)]
    blocks += [
        Heading(2, "Identification"),
        # Who filled it: the commission, or the candidate whose own estimates the site's
        # « Télécharger ma grille remplie » writes in (dossier-rempli.js fills this field).
        Field(REMPLIE_PAR, "Grille remplie par", "court"),
        Field("candidat-nom", "Nom et prénom du candidat", "court"),
        Field("candidat-entreprise", "Entreprise", "court"),
        Field("evaluation-evaluateurs", "Évaluateur(s)", "court"),
        Field("evaluation-date", "Date de l’évaluation", "date"),
    ]
    blocks += [
        Heading(2, "Règles d’obtention"),
        Para(regles.obtention_unite.texte),
        Para(regles.obtention_certification.texte),
        Para(CHOIX, "note"),
    ]
    if ref.blocs:
        for bloc in ref.blocs:
            blocks += _bloc(ref, bloc)
    else:
        for cap in capacites(ref):
            blocks += _capacite(ref, cap, 2)
    # The decision, its observations, date and signatures print on one page (PDF).
    blocks += [Heading(2, "Décision finale", keep=True), Para(regles.obtention_certification.texte)]
    certification = f"Certification {ref.sigle}"
    row: tuple[Cell, ...] = (
        f"Certification {ref.sigle}",
        choice("certification", certification, "acquis", regles.obtention_certification.acquis),
        choice(
            "certification", certification, "non-acquis", regles.obtention_certification.non_acquis
        ),
    )
    headers = (
        "Décision",
        upper_first(regles.obtention_certification.acquis),
        upper_first(regles.obtention_certification.non_acquis),
    )
    blocks += [
        Table(headers, (7.0, 5.0, 5.0), (row,), "Décision finale"),
        Field("decision-observations", "Observations de la commission", "long"),
        Field("decision-date", "Date de la décision", "date"),
        Field("decision-signatures", "Noms et signatures des évaluateurs", "signature"),
    ]
    if not has_essentiels(ref):
        blocks = [without_essentiel(b) if isinstance(b, Table) else b for b in blocks]
    return Form(TITRE, sous_titre, distinct_names(with_context(blocks)), ref.source.certificateur)
