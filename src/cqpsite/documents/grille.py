"""Model → form of the evaluation grid: one row per criterion, acquis / non acquis, decisions."""

from __future__ import annotations

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
    distinct_names,
    full_title,
    label,
    numbered,
    source_line,
    with_context,
)
from cqpsite.model import Bloc, Capacite, Critere, Referentiel

TITRE = "Grille d’évaluation"
HEADERS = ("Réf.", "Critère d’évaluation", "Essentiel", "Acquis", "Non acquis", "Observations")
WIDTHS = (1.6, 6.2, 2.1, 1.6, 1.7, 3.8)
BLANK_ROWS = 8  # rows left for the certifier's criteria when the source publishes none
_UNITE = {
    "bloc": ("Bloc", "acquis", "non acquis"),
    "capacite": ("Capacité", "acquise", "non acquise"),
}


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def criterion_row(c: Critere) -> tuple[Cell, ...]:
    ref = c.numero or c.id  # the source's number when it has one; field names keep the ID
    nom = f"Critère {ref}"
    return (
        ref,
        critere_text(c),
        "Oui" if c.essentiel else "",
        Check(f"{c.id}-acquis", label(nom, "acquis")),
        Check(f"{c.id}-non-acquis", label(nom, "non acquis")),
        Input(f"{c.id}-observations", label(nom, "observations")),
    )


def blank_row(unit_id: str, k: int, unit_name: str) -> tuple[Cell, ...]:
    ident = f"{unit_id}-critere-{k}"
    nom = f"{unit_name}, critère n°{NBSP}{k}"
    return (
        str(k),
        Input(ident, label(nom, "intitulé")),
        Check(f"{ident}-essentiel", label(nom, "essentiel")),
        Check(f"{ident}-acquis", label(nom, "acquis")),
        Check(f"{ident}-non-acquis", label(nom, "non acquis")),
        Input(f"{ident}-observations", label(nom, "observations")),
    )


def criteria_table(criteres: tuple[Critere, ...], caption: str) -> Table:
    return Table(HEADERS, WIDTHS, tuple(criterion_row(c) for c in criteres), caption)


def decision(ref: Referentiel, unit_id: str, titre: str) -> Table:
    nom, oui, non = _UNITE[ref.regles.unite]
    row: tuple[Cell, ...] = (
        f"Décision{NBSP}: {nom.lower()}",
        Check(f"{unit_id}-decision-acquis", label(titre, oui)),
        Check(f"{unit_id}-decision-non-acquis", label(titre, non)),
        Input(f"{unit_id}-decision-observations", label(titre, "observations")),
    )
    headers = ("Décision", upper_first(oui), upper_first(non), "Observations")
    return Table(headers, (5.0, 2.0, 2.0, 8.0), (row,), label("Décision", titre))


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
    out: list[Block] = [Heading(level, titre), criteria_table(cap.criteres, titre)]
    if ref.regles.unite == "capacite":
        out.append(decision(ref, cap.id, titre))
    return out


def build_grille(ref: Referentiel) -> Form:
    sous_titre = full_title(ref)
    regles = ref.regles
    blocks: list[Block] = [Heading(1, TITRE), Para(sous_titre, "subtitle"), source_line(ref)]
    blocks += [
        Heading(2, "Identification"),
        Field("candidat-nom", "Nom et prénom du candidat", "court"),
        Field("candidat-entreprise", "Entreprise", "court"),
        Field("evaluation-evaluateurs", "Évaluateur(s)", "court"),
        Field("evaluation-date", "Date de l’évaluation", "date"),
    ]
    blocks += [
        Heading(2, "Règles d’obtention"),
        Para(regles.obtention_unite.texte),
        Para(regles.obtention_certification.texte),
    ]
    if ref.blocs:
        for bloc in ref.blocs:
            blocks += _bloc(ref, bloc)
    else:
        for cap in capacites(ref):
            blocks += _capacite(ref, cap, 2)
    blocks += [Heading(2, "Décision finale"), Para(regles.obtention_certification.texte)]
    row: tuple[Cell, ...] = (
        f"Certification {ref.sigle}",
        Check(
            "certification-acquis", label("Certification", regles.obtention_certification.acquis)
        ),
        Check(
            "certification-non-acquis",
            label("Certification", regles.obtention_certification.non_acquis),
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
    return Form(TITRE, sous_titre, distinct_names(with_context(blocks)), ref.source.certificateur)
