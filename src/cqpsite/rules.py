"""Checks across items of one referential: unique IDs, references, coherent rules."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

from cqpsite.loading import Probleme
from cqpsite.model import DATE_PATTERN, ID_PATTERN, VERSION_PATTERN, Referentiel, Retrait

_ID_RE = re.compile(ID_PATTERN)
_VERSION_RE = re.compile(VERSION_PATTERN)


_FIELDS: dict[type, tuple[str, ...] | None] = {}  # None: not a model class
_LEAVES = (str, int, float, bool, type(None))


def walk(obj: Any, chemin: str = "") -> Iterator[tuple[str, Any]]:
    """Yield (path, object) for every model object below ``obj``, in document order."""
    stack: list[tuple[str, Any]] = [(chemin, obj)]
    pop, push = stack.pop, stack.append
    while stack:
        path, item = pop()
        if isinstance(item, tuple):
            for i in range(len(item) - 1, -1, -1):
                if not isinstance(item[i], _LEAVES):
                    push((f"{path}[{i}]", item[i]))
            continue
        kind = type(item)
        if kind not in _FIELDS:
            is_model = dataclasses.is_dataclass(item) and not isinstance(item, type)
            _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(item)) if is_model else None
        names = _FIELDS[kind]
        if names is None:
            continue
        yield path, item
        prefix = f"{path}." if path else ""
        for name in reversed(names):
            value = getattr(item, name)
            if not isinstance(value, _LEAVES):
                push((prefix + name, value))


def check_referentiel(
    ref: Referentiel, fichier: str, stem: str, lignes: dict[str, int]
) -> list[Probleme]:
    problemes: list[Probleme] = []

    def fail(chemin: str, message: str) -> None:
        problemes.append(Probleme(fichier, lignes.get(chemin, 1), chemin, message))

    if not _ID_RE.match(ref.id):
        fail("id", f"identifiant {ref.id!r} invalide (minuscules sans accents, chiffres et tirets)")
    elif ref.id != stem:
        fail(
            "id",
            f"l’identifiant {ref.id!r} doit être le nom du fichier ({stem!r}) : "
            "renommez le fichier ou corrigez l’id",
        )
    if not _VERSION_RE.match(ref.version):
        fail(
            "version",
            f"version {ref.version!r} invalide : elle sert dans les chemins "
            "(minuscules sans accents, chiffres, points et tirets, ex. « 2024 » ou « 2024.1 »)",
        )
    if ref.date_version and not re.match(DATE_PATTERN, ref.date_version):
        fail("date_version", f"date {ref.date_version!r} invalide : écrivez-la AAAA-MM-JJ")
    first_seen: dict[str, str] = {}
    for chemin, obj in walk(ref):
        ident = getattr(obj, "id", None)
        if not isinstance(ident, str) or not chemin or isinstance(obj, Retrait):
            continue
        where = f"{chemin}.id"
        if not _ID_RE.match(ident):
            fail(
                where,
                f"identifiant {ident!r} invalide "
                "(minuscules sans accents, chiffres et tirets, ex. « c5-2 »)",
            )
        if ident in first_seen:
            line = lignes.get(first_seen[ident], 1)
            fail(where, f"identifiant {ident!r} en double (déjà utilisé ligne {line})")
        else:
            first_seen[ident] = where
    blocs = {b.id for b in ref.blocs}
    for chemin, obj in walk(ref):
        bloc = getattr(obj, "bloc", "")
        if isinstance(bloc, str) and bloc and bloc not in blocs:
            known = ", ".join(sorted(blocs)) or "aucun bloc défini"
            fail(f"{chemin}.bloc", f"bloc {bloc!r} inconnu (blocs : {known})")
        repetitions = getattr(obj, "repetitions", 1)
        if isinstance(repetitions, int) and repetitions < 1:
            fail(f"{chemin}.repetitions", "doit valoir au moins 1")
    for i, retrait in enumerate(ref.retraits):
        if retrait.id in first_seen:
            fail(
                f"retraits[{i}].id",
                f"{retrait.id!r} est déclaré retiré mais existe encore dans cette version",
            )
    _check_rules(ref, fail)
    return problemes


def _check_rules(ref: Referentiel, fail: Any) -> None:
    regle = ref.regles.obtention_unite
    capacites = ref.capacites or tuple(c for b in ref.blocs for c in b.capacites)
    if ref.regles.unite == "bloc" and not ref.blocs:
        fail("regles.unite", "unité « bloc » mais aucun bloc n’est défini")
    if ref.regles.unite == "capacite" and not capacites:
        fail("regles.unite", "unité « capacite » mais aucune capacité n’est définie")
    if regle.type == "seuil" and (regle.seuil is None or not 0 < regle.seuil <= 100):
        fail(
            "regles.obtention_unite.seuil",
            "une règle « seuil » demande un seuil entre 1 et 100 (%)",
        )
    if regle.type == "decision" and (regle.seuil is not None or regle.essentiels):
        fail(
            "regles.obtention_unite.type",
            "une règle « decision » ne calcule rien : retirez seuil et essentiels",
        )
    if ref.capacites and ref.blocs:
        fail(
            "capacites",
            "capacités hors bloc et blocs à la fois : placez les capacités dans leurs blocs",
        )
