"""JSON Schema (draft 2020-12) of the YAML format, generated from ``model``'s type hints.

Walks the dataclasses as ``loading`` does: a field without default is required, unknown keys
are refused, ``Literal`` is an enum, ``tuple`` an array, and a class whose only required field
is ``texte`` may also be written as a plain string. Editors use it through the first line of
each YAML file; ``python -m cqpsite schema`` rewrites ``schema/referentiel.schema.json``.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, Literal, Union

from cqpsite import limites, model
from cqpsite.model import DATE_PATTERN, ID_PATTERN, VERSION_PATTERN, Referentiel

DRAFT = "https://json-schema.org/draft/2020-12/schema"
PATH = "schema/referentiel.schema.json"

_CLASSES = {
    "Referentiel": "Un référentiel de certification (un fichier YAML par référentiel).",
    "Source": "Le document officiel d’où vient le texte ; affiché sur chaque page.",
    "Regles": "Les règles d’obtention des unités et de la certification.",
    "RegleUnite": "Comment une unité (bloc ou capacité) est obtenue.",
    "RegleCertification": "Comment la certification est obtenue.",
    "Section": "Un passage titré du texte officiel, dans l’ordre de la source.",
    "Paragraphe": "Un paragraphe ; s’écrit aussi comme un simple texte.",
    "Liste": "Une liste à puces (ou numérotée avec « ordonnee: true »).",
    "Item": "Une puce ; s’écrit aussi comme un simple texte.",
    "ListeUnites": "Place, dans le texte, la liste générée des blocs ou capacités (avec liens).",
    "Note": "Une note de bas de page de la source.",
    "Bloc": "Un bloc de compétences.",
    "Capacite": "Une capacité professionnelle.",
    "Critere": "Un critère d’évaluation.",
    "Point": "Un sous-point d’un critère.",
    "Dossier": "Le dossier du candidat (questions à remplir).",
    "SectionDossier": "Une partie du dossier du candidat.",
    "Rubrique": "Un groupe de questions, éventuellement imbriqué.",
    "Question": "Une question ou un champ du dossier.",
    "Libelles": "Les noms de colonnes de la source, repris sur les pages.",
}


def _nombre(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")  # French thousands separator


_FIELDS = {
    "id": "Identifiant stable : minuscules sans accents, chiffres et tirets (ex. « c5-2 »). "
    "Il forme les adresses et les ancres : ne le changez plus après publication.",
    "Referentiel.id": "Identifiant du référentiel : le nom du fichier sans « .yml ».",
    "sigle": "Sigle de la certification (CQP, CQPM…).",
    "titre": "Titre tel qu’il est écrit dans la source.",
    "intitule": "Intitulé court de la qualification.",
    "sous_titre": "Sous-titre affiché sous le titre.",
    "secteur": "Secteur ou branche professionnelle.",
    "numero": "Numéro affiché (texte : « 1 », « 1.2 »…).",
    "Critere.numero": "Facultatif : numéro officiel du critère (« B1.C1.1 »), affiché à la "
    "place de l’identifiant ; l’ancre du critère reste formée de son « id ».",
    "texte": "Texte de la source, reproduit sans modification de sens. Comme tout texte : au plus "
    f"{_nombre(limites.MAX_TEXTE)} caractères, sans caractère de contrôle invisible (\\f et \\v, "
    "sauts de page, deviennent des espaces).",
    "libelle": "Libellé affiché devant le numéro du bloc.",
    "optionnel": "Bloc optionnel : il ne compte pas dans l’obtention de la certification.",
    "essentiel": "Critère essentiel (exigé quand la règle demande tous les critères essentiels).",
    "Bloc.criteres": "Critères du bloc, ou « non_publies » si la source ne les publie pas.",
    "criteres": "Critères d’évaluation, dans l’ordre de la source (au plus "
    f"{limites.MAX_CRITERES_UNITE} par unité, {_nombre(limites.MAX_CRITERES)} en tout).",
    "conditions": "Conditions de réalisation.",
    "capacites": "Capacités, dans l’ordre de la source.",
    "blocs": "Blocs de compétences, dans l’ordre de la source.",
    "points": f"Sous-points, dans l’ordre de la source (au plus {limites.MAX_POINTS}).",
    "Regles.unite": "Unité d’évaluation : « bloc » ou « capacite ».",
    "RegleUnite.type": "« seuil » : pourcentage de critères à acquérir ; « decision » : la "
    "commission décide, rien n’est calculé.",
    "seuil": "Pourcentage des critères de l’unité à acquérir (1 à 100).",
    "essentiels": "Tous les critères essentiels sont exigés en plus du seuil.",
    "acquis": "Texte affiché quand la certification est obtenue.",
    "non_acquis": "Texte affiché quand elle ne l’est pas.",
    "bloc": "Identifiant du bloc auquel ces questions se rattachent (liste de préparation).",
    "repetitions": "Nombre d’exemplaires vierges prévus par la source (emplois, formations ; "
    f"au plus {limites.MAX_REPETITIONS}).",
    "sections": f"Sous-sections ({limites.MAX_NIVEAU_TITRE - 1} niveaux au plus, titres h2 à h6).",
    "rubriques": f"Rubriques imbriquées ({limites.MAX_NIVEAU_TITRE - 2} niveaux titrés au plus).",
    "liste": f"Puces, éventuellement imbriquées ({limites.MAX_NIVEAU_LISTE} niveaux au plus).",
    "libelle_repetition": "Nom d’un exemplaire (« Emploi »).",
    "Question.format": "Zone de réponse : long, court, date ou signature.",
    "textes": "Textes de présentation, dans l’ordre de la source.",
    "mention_criteres_non_publies": "Mention affichée pour un bloc aux critères non publiés.",
    "Referentiel.version": "Version de cette publication (ex. « 2024 ») : elle nomme le chemin "
    "figé <id>/v/<version>/ ; archivez l’ancienne version avant de la changer.",
    "Referentiel.retraits": "Identifiants de la version précédente absents de celle-ci, avec le "
    "motif : le site garde leurs liens vers l’ancienne version.",
    "date_version": "Date d’entrée en vigueur de cette version (AAAA-MM-JJ), pour les données "
    "ouvertes (CASE) quand « source.date » n’est pas une date ; facultative.",
    "motif": "Pourquoi l’élément a été retiré (fusionné, supprimé par le certificateur…).",
    "version": "Version du document source.",
    "date": "Date du document source.",
    "statut": "Statut du document (en vigueur, projet…).",
    "Source.fichier": "Texte de la source (extraction du PDF), relatif au dossier referentiels/ "
    "(ex. « sources/mon-referentiel.txt ») : « verify » vérifie que chacune de ses lignes est "
    "publiée sur le site.",
    "Source.hors_texte": "Expressions régulières (Python) de ce qui, dans le texte source, "
    "n’est pas du contenu : en-têtes et pieds de page du PDF (« ^Page \\d+ sur \\d+$ »), "
    "en-têtes de tableau répétés à chaque page, appels de note collés aux mots (« (?<=BPD)\\d »). "
    "Chaque correspondance est retirée de la ligne avant la vérification de fidélité ; une "
    "ligne qui ne contient plus ni lettre ni chiffre est ignorée.",
}


def _describe(owner: str, name: str) -> dict[str, str]:
    text = _FIELDS.get(f"{owner}.{name}") or _FIELDS.get(name)
    return {"description": text} if text else {}


def _ref(cls: type) -> dict[str, str]:
    return {"$ref": f"#/$defs/{cls.__name__}"}


def _is_required(field: dataclasses.Field[Any]) -> bool:
    return field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def type_schema(self, hint: Any) -> dict[str, Any]:
        origin = typing.get_origin(hint)
        if origin in (Union, types.UnionType):
            return {"oneOf": [self.type_schema(option) for option in typing.get_args(hint)]}
        if origin is Literal:
            return {"enum": list(typing.get_args(hint))}
        if origin is tuple:
            return {"type": "array", "items": self.type_schema(typing.get_args(hint)[0])}
        if dataclasses.is_dataclass(hint):
            cls = typing.cast(type, hint)
            if cls.__name__ not in self.defs:
                self.defs[cls.__name__] = {}  # placeholder: recursive classes refer to themselves
                self.defs[cls.__name__] = self._dataclass(cls)
            return _ref(cls)
        simple = {str: "string", bool: "boolean", int: "integer", type(None): "null"}
        return {"type": simple[hint]}

    def _dataclass(self, cls: type) -> dict[str, Any]:
        hints = typing.get_type_hints(cls, vars(model))
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in dataclasses.fields(cls):
            prop = {**_describe(cls.__name__, field.name), **self.type_schema(hints[field.name])}
            if field.name == "id":
                prop["pattern"] = ID_PATTERN
            elif cls is Referentiel and field.name == "version":
                prop["pattern"] = VERSION_PATTERN
            elif field.name == "date_version":
                prop["oneOf"] = [{"const": ""}, {"pattern": DATE_PATTERN}]
            elif hints[field.name] is str and _is_required(field):
                prop["minLength"] = 1
            if field.name == "seuil":
                prop["oneOf"] = [
                    {"type": "integer", "minimum": 1, "maximum": 100},
                    {"type": "null"},
                ]
            if field.name == "repetitions":
                prop["minimum"] = 1
                prop["maximum"] = limites.MAX_REPETITIONS
            if _is_required(field):
                required.append(field.name)
            elif isinstance(field.default, str | bool | int | tuple | type(None)):
                default = field.default
                prop["default"] = list(default) if isinstance(default, tuple) else default
            properties[field.name] = prop
        obj: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
        description = _CLASSES.get(cls.__name__, "")
        if required == ["texte"]:  # loading's shorthand: a plain string stands for {texte: …}
            short = {"type": "string", "minLength": 1}
            return {"description": description, "oneOf": [short, obj]}
        return {"description": description, **obj}


def referentiel_schema() -> dict[str, Any]:
    """The schema document (plain dicts and lists, classes in model order)."""
    builder = _Builder()
    root = builder.type_schema(Referentiel)
    assert root == _ref(Referentiel)
    top = builder.defs.pop("Referentiel")
    return {
        "$schema": DRAFT,
        "title": "Référentiel CQP / CQPM (format cqpsite)",
        **top,
        "$defs": builder.defs,
    }
