"""Checks across items of one referential: unique IDs, references, coherent rules."""

from __future__ import annotations

import dataclasses
import functools
import re
import sys
import types
import typing
import weakref
from collections.abc import Callable, Collection, Iterator
from typing import Any, Literal, Union

from cqpsite import limites
from cqpsite.loading import Probleme
from cqpsite.model import (
    DATE_PATTERN,
    ID_PATTERN,
    VERSION_PATTERN,
    Bloc,
    Capacite,
    Liste,
    Question,
    Referentiel,
    Retrait,
)

_ID_RE = re.compile(ID_PATTERN)
# The grid page's title anchor is #grille-devaluation and each unit's grid is #grille-<unit id>.
_UNITE_RESERVEE = "devaluation"
# A criterion's checklist box stores its answer under "aide-<criterion id>", beside the questions.
_PREFIXE_AIDE = "aide-"
_VERSION_RE = re.compile(VERSION_PATTERN)


_FIELDS: dict[type, tuple[str, ...] | None] = {}  # None: not a model class
_LEAVES = (str, int, float, bool, type(None))


def walk(obj: Any, chemin: str = "") -> Iterator[tuple[str, Any]]:
    """Yield (path, object) for every model object below ``obj``, in document order."""
    stack: list[tuple[str, Any]] = [(chemin, obj)]
    pop, push = stack.pop, stack.append
    fields = _FIELDS
    while stack:
        path, item = pop()
        if isinstance(item, tuple):
            for i in range(len(item) - 1, -1, -1):
                if not isinstance(item[i], _LEAVES):
                    push((f"{path}[{i}]", item[i]))
            continue
        kind = type(item)
        names = fields[kind] if kind in fields else _branches(item)
        if names is None:
            continue
        yield path, item
        prefix = f"{path}." if path else ""
        for name in names:
            value = getattr(item, name)
            if not isinstance(value, _LEAVES):
                push((prefix + name, value))


def _branches(item: Any) -> tuple[str, ...] | None:
    """The fields of a model object that may hold other model objects, last first (the
    order ``walk`` stacks them in); None if ``item`` is no model object."""
    kind = type(item)
    if not dataclasses.is_dataclass(item) or isinstance(item, type):
        _FIELDS[kind] = None
        return None
    hints = typing.get_type_hints(kind, vars(sys.modules[kind.__module__]))
    names = [f.name for f in dataclasses.fields(item) if not _is_leaf(hints.get(f.name, Any))]
    _FIELDS[kind] = tuple(reversed(names))
    return _FIELDS[kind]


def _is_leaf(hint: Any) -> bool:
    """Whether a field of this type holds plain values only (texts, numbers, flags)."""
    if hint in _LEAVES:
        return True
    origin = typing.get_origin(hint)
    if origin is Literal:
        return True
    if origin in (Union, types.UnionType):
        return all(_is_leaf(a) for a in typing.get_args(hint))
    return False


_T = typing.TypeVar("_T")


def per_object(compute: Callable[[Any], _T]) -> Callable[[Any], _T]:
    """``compute(obj)`` once per object while it lives (the model is frozen): the rules, the
    checks across versions and the pages all ask for the same walks. The result is shared:
    callers never modify it."""
    found: dict[int, tuple[weakref.ref[Any], _T]] = {}

    def forget(key: int, _: Any) -> None:
        found.pop(key, None)

    @functools.wraps(compute)
    def once(obj: Any) -> _T:
        key = id(obj)
        entry = found.get(key)
        if entry is not None and entry[0]() is obj:
            return entry[1]
        result = compute(obj)
        found[key] = (weakref.ref(obj, functools.partial(forget, key)), result)
        return result

    return once


@per_object
def walked(obj: Any) -> list[tuple[str, Any]]:
    """``list(walk(obj))``, once per object."""
    return list(walk(obj))


def check_referentiel(
    ref: Referentiel,
    fichier: str,
    stem: str,
    lignes: dict[str, int],
    invalides: Collection[str] = (),
) -> list[Probleme]:
    """Problems across items. ``invalides``: paths the loader reported (``ref`` is then partial,
    see ``loading.parse_partial``); a rule reading any of them is skipped, so one mistake is
    reported once, and fixing it reveals nothing that this run could not already say."""
    problemes: list[Probleme] = []
    broken = _Invalides(invalides)

    def fail(chemin: str, message: str, *reads: str) -> None:
        if not broken.touches(chemin, *reads):
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
    date = ref.date_version
    if date and isinstance(date, str) and not re.match(DATE_PATTERN, date):
        fail("date_version", f"date {date!r} invalide : écrivez-la AAAA-MM-JJ")
    first_seen: dict[str, str] = {}
    items = walked(ref)
    for chemin, obj in items:
        ident = getattr(obj, "id", None)
        if not isinstance(ident, str) or not chemin or isinstance(obj, Retrait):
            continue
        where = f"{chemin}.id"
        if broken.touches(where):
            continue
        if not _ID_RE.match(ident):
            fail(
                where,
                f"identifiant {ident!r} invalide "
                "(minuscules sans accents, chiffres et tirets, ex. « c5-2 »)",
            )
        reserve = _reserved_id(obj, ident)
        if reserve:
            fail(where, reserve)
        if ident in first_seen:
            line = lignes.get(first_seen[ident], 1)
            fail(where, f"identifiant {ident!r} en double (déjà utilisé ligne {line})")
        else:
            first_seen[ident] = where
    blocs = {b.id for b in ref.blocs if b is not None}
    bloc_ids = ["blocs", *(f"blocs[{i}].id" for i in range(len(ref.blocs)))]
    for chemin, obj in items:
        bloc = getattr(obj, "bloc", "")
        if isinstance(bloc, str) and bloc and bloc not in blocs:
            known = ", ".join(sorted(blocs)) or "aucun bloc défini"
            fail(f"{chemin}.bloc", f"bloc {bloc!r} inconnu (blocs : {known})", *bloc_ids)
        repetitions = getattr(obj, "repetitions", 1)
        if isinstance(repetitions, int) and repetitions < 1:
            fail(f"{chemin}.repetitions", "doit valoir au moins 1")
        if isinstance(obj, Liste):
            limites.check_liste(chemin, obj, fail)
    limites.check_sizes(ref, fail)
    for i, retrait in enumerate(ref.retraits):
        if retrait is not None and retrait.id in first_seen:
            fail(
                f"retraits[{i}].id",
                f"{retrait.id!r} est déclaré retiré mais existe encore dans cette version",
            )
    # A partial model (type errors already reported) may lack the source or hold other types.
    for i, motif in enumerate(getattr(ref.source, "hors_texte", None) or ()):
        if not isinstance(motif, str):
            continue
        try:
            re.compile(motif)
        except re.error as exc:
            where = f" (caractère {exc.pos + 1})" if exc.pos is not None else ""
            fail(f"source.hors_texte[{i}]", f"expression régulière invalide{where} : {motif!r}")
    _check_rules(ref, fail)
    return problemes


def _reserved_id(obj: object, ident: str) -> str:
    """Why ``ident`` cannot name ``obj`` (an address or storage key the engine already uses)."""
    if isinstance(obj, (Bloc, Capacite)) and ident == _UNITE_RESERVEE:
        return (
            f"identifiant {ident!r} réservé : la grille de cette unité prendrait l’ancre "
            "#grille-devaluation, celle du titre de la page de grille ; choisissez-en un autre"
        )
    if isinstance(obj, Question) and ident.startswith(_PREFIXE_AIDE):
        return (
            f"identifiant {ident!r} réservé : « {_PREFIXE_AIDE}… » nomme les cases à cocher des "
            "critères (« aide-<critère> ») ; choisissez un identifiant de question sans ce préfixe"
        )
    return ""


def _check_rules(ref: Referentiel, fail: Any) -> None:
    if ref.capacites and ref.blocs:
        fail(
            "capacites",
            "capacités hors bloc et blocs à la fois : placez les capacités dans leurs blocs",
            "blocs",
        )
    if ref.regles is None or ref.regles.obtention_unite is None:
        return  # a partial model: reported by the loader
    regle = ref.regles.obtention_unite
    unite = ref.regles.unite
    capacites = ref.capacites or tuple(c for b in ref.blocs if b is not None for c in b.capacites)
    if unite == "bloc" and not ref.blocs:
        fail("regles.unite", "unité « bloc » mais aucun bloc n’est défini", "blocs")
    if unite == "capacite" and not capacites:
        fail(
            "regles.unite",
            "unité « capacite » mais aucune capacité n’est définie",
            "blocs",
            "capacites",
        )
    reads = ("regles.obtention_unite.type", "regles.obtention_unite.seuil")
    if regle.type == "seuil" and (regle.seuil is None or not 0 < regle.seuil <= 100):
        fail(
            "regles.obtention_unite.seuil",
            "une règle « seuil » demande un seuil entre 1 et 100 (%)",
            *reads,
        )
    if regle.type == "decision" and (regle.seuil is not None or regle.essentiels):
        fail(
            "regles.obtention_unite.type",
            "une règle « decision » ne calcule rien : retirez seuil et essentiels",
            *reads,
            "regles.obtention_unite.essentiels",
        )


class _Invalides:
    """Paths the loader reported: their value in a partial model is a stand-in."""

    def __init__(self, chemins: Collection[str]) -> None:
        self.chemins = frozenset(chemins)

    def touches(self, *chemins: str) -> bool:
        """Whether any path was reported, or lies inside (or is) a reported value."""
        if not self.chemins:
            return False
        for chemin in chemins:
            for prefix in _prefixes(chemin):
                if prefix in self.chemins:
                    return True
        return False


def _prefixes(chemin: str) -> Iterator[str]:
    """``a.b[2].c`` → ``a.b[2].c``, ``a.b[2]``, ``a.b``, ``a``."""
    yield chemin
    for i in range(len(chemin) - 1, 0, -1):
        if chemin[i] in ".[":
            yield chemin[:i]
