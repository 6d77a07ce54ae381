"""YAML nodes → model objects, field by field following the model's type hints, reporting every
problem as ``file:line: path: rule broken``.

Each type hint is compiled once into a plan (a function of the converter, the node and its
path): the per-node work is then the conversion itself, not the reading of type hints.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, Union

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cqpsite import limites, model
from cqpsite.probleme import Probleme

Plan = Callable[["Converter", Node, str], Any]

_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"


def clean_text(text: str) -> bool:
    """Whether no text of this YAML can hold a character ``limites`` refuses or rewrites: none
    is in the file, and no escape (``\\``) can make one. The texts are then only stripped."""
    if "\\" in text or "\f" in text or "\v" in text:
        return False
    forbidden = limites.FORBIDDEN
    return not any(forbidden.match(c) for c in set(text))


class Converter:
    def __init__(self, fichier: str, clean: bool = False) -> None:
        self.fichier = fichier
        self.problemes: list[Probleme] = []
        self.lignes: dict[str, int] = {}
        self.clean = clean  # see ``clean_text``

    def fail(self, node: Node, chemin: str, message: str) -> None:
        line = node.start_mark.line + 1
        self.problemes.append(Probleme(self.fichier, line, chemin or "(racine)", message))

    def convert(self, node: Node, hint: Any, chemin: str) -> Any:
        return plan(hint)(self, node, chemin)

    def scalar(self, node: Node, chemin: str, hint: type) -> Any:
        if not isinstance(node, ScalarNode):
            self.fail(node, chemin, f"une valeur simple ({_TYPE_NAMES[hint]}) est attendue")
            return None
        if hint is str:
            if node.tag == _NULL and not node.style:  # libyaml's plain style is ""
                return ""  # an empty required text is reported by the dataclass plan
            if self.clean:
                text = node.value.strip()
                if len(text) <= limites.MAX_TEXTE:
                    return text
            else:
                text = limites.normalise(str(node.value)).strip()
            refused = limites.probleme_texte(text)
            if refused:
                self.fail(node, chemin, refused)
                return None
            return text
        if hint is bool and node.tag == _BOOL:
            return node.value.lower() in ("true", "yes", "on")
        if hint is int and node.tag == _INT:
            try:
                return int(_INTS.construct_yaml_int(node))
            except ValueError:
                self.fail(node, chemin, f"nombre entier invalide : {node.value[:40]!r}")
                return None
        self.fail(node, chemin, f"{_TYPE_NAMES[hint]} attendu, trouvé {node.value!r}")
        return None


_INTS = yaml.constructor.SafeConstructor()
_TYPE_NAMES: dict[Any, str] = {str: "texte", int: "nombre entier", bool: "booléen (true/false)"}


@functools.cache
def plan(hint: Any) -> Plan:
    """How to convert a node to ``hint``; every plan first records the line of its path."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        return _union_plan(typing.get_args(hint))
    if origin is Literal:
        return _literal_plan(typing.get_args(hint))
    if origin is tuple:
        return _tuple_plan(typing.get_args(hint)[0])
    if dataclasses.is_dataclass(hint):
        return _dataclass_plan(typing.cast(type, hint))
    return _scalar_plan(hint)


def _scalar_plan(hint: type) -> Plan:
    def convert(c: Converter, node: Node, chemin: str) -> Any:
        c.lignes.setdefault(chemin, node.start_mark.line + 1)
        return c.scalar(node, chemin, hint)

    return convert


def _literal_plan(allowed: tuple[Any, ...]) -> Plan:
    kind = type(allowed[0])
    choices = ", ".join(repr(a) for a in allowed)

    def convert(c: Converter, node: Node, chemin: str) -> Any:
        c.lignes.setdefault(chemin, node.start_mark.line + 1)
        value = c.scalar(node, chemin, kind)
        if value is not None and value not in allowed:
            c.fail(node, chemin, f"valeur {value!r} inconnue (attendu : {choices})")
            return None
        return value

    return convert


def _tuple_plan(item_hint: Any) -> Plan:
    item: list[Plan] = []  # resolved on first use: the model's types are recursive

    def convert(c: Converter, node: Node, chemin: str) -> Any:
        c.lignes.setdefault(chemin, node.start_mark.line + 1)
        if not isinstance(node, SequenceNode):
            c.fail(node, chemin, "une liste est attendue")
            return ()
        if not item:
            item.append(plan(item_hint))
        each = item[0]
        return tuple([each(c, n, f"{chemin}[{i}]") for i, n in enumerate(node.value)])

    return convert


def _union_plan(options: tuple[Any, ...]) -> Plan:
    nullable = type(None) in options
    rest = [o for o in options if o is not type(None)]
    classes: list[Any] = [o for o in options if dataclasses.is_dataclass(o)]
    shorthands = [c for c in classes if _is_shorthand(c)]
    # A Literal option takes a plain value, a tuple option a list: the first that fits.
    shaped = [
        (o, ScalarNode if typing.get_origin(o) is Literal else SequenceNode)
        for o in options
        if typing.get_origin(o) in (Literal, tuple)
    ]

    def convert(c: Converter, node: Node, chemin: str) -> Any:
        c.lignes.setdefault(chemin, node.start_mark.line + 1)
        if nullable and node.tag == _NULL:
            return None
        if len(rest) == 1:
            return plan(rest[0])(c, node, chemin)
        for option, kind in shaped:
            if isinstance(node, kind):
                return plan(option)(c, node, chemin)
        if isinstance(node, ScalarNode) and shorthands:
            return plan(shorthands[0])(c, node, chemin)
        if isinstance(node, MappingNode) and classes:
            keys = {k.value for k, _ in node.value if isinstance(k, ScalarNode)}
            best = max(classes, key=lambda k: (_required(k) <= keys, len(_required(k) & keys)))
            return plan(best)(c, node, chemin)
        c.fail(node, chemin, f"forme inattendue (attendu : {_describe(options)})")
        return None

    return convert


def _dataclass_plan(cls: type) -> Plan:
    hints = typing.get_type_hints(cls, vars(model))
    fields = {f.name: f for f in dataclasses.fields(cls)}
    possible = "clés possibles : " + ", ".join(fields)
    required = [n for n, f in fields.items() if _is_required(f)]
    required_text = frozenset(n for n in required if hints[n] is str)
    stand_ins = {n: _stand_in(f, hints[n]) for n, f in fields.items() if not _allows_none(hints[n])}
    shorthand = _is_shorthand(cls)
    first = dataclasses.fields(cls)[0].name
    plans: dict[str, Plan] = {}  # resolved on first use: the model's types are recursive

    def convert(c: Converter, node: Node, chemin: str) -> Any:
        c.lignes.setdefault(chemin, node.start_mark.line + 1)
        if isinstance(node, ScalarNode) and shorthand:
            return cls(**{first: c.scalar(node, chemin, str)})
        if not isinstance(node, MappingNode):
            c.fail(node, chemin, "un ensemble de clés (mapping) est attendu")
            return None
        if not plans:
            plans.update({n: plan(h) for n, h in hints.items() if n in fields})
        before = len(c.problemes)
        seen: dict[str, Node] = {}
        values: dict[str, Any] = {}
        prefix = f"{chemin}." if chemin else ""
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                c.fail(key_node, chemin, "une clé doit être un texte simple")
                continue
            key = str(key_node.value)
            convert_value = plans.get(key)
            if convert_value is not None and key not in seen:
                seen[key] = key_node
                values[key] = convert_value(c, value_node, prefix + key)
                continue
            shown = key if key.isprintable() else repr(key)
            where = prefix + shown
            if key in seen:
                line = seen[key].start_mark.line + 1
                c.fail(key_node, where, f"clé en double (déjà définie ligne {line})")
                continue
            seen[key] = key_node
            close = difflib.get_close_matches(key, fields, n=1, cutoff=0.75)
            hint = f"vouliez-vous dire « {close[0]} » ?" if close else possible
            c.fail(key_node, where, f"clé inconnue ({hint})")
        missing = [n for n in required if n not in values]
        for name in missing:
            c.fail(node, prefix + name, "clé obligatoire manquante")
        for name in required_text:
            if values.get(name) == "" and name in values:
                c.fail(seen[name], prefix + name, "texte vide : ce champ doit être renseigné")
        if len(c.problemes) > before:
            # A partial object, so the rules still run on what could be read: a field that
            # failed takes its default or a neutral stand-in (its path is reported already).
            for name, stand_in in stand_ins.items():
                if values.get(name) is None:
                    values[name] = stand_in
        return cls(**values)

    return convert


def _allows_none(hint: Any) -> bool:
    return typing.get_origin(hint) in (Union, types.UnionType) and type(None) in typing.get_args(
        hint
    )


def _stand_in(field: dataclasses.Field[Any], hint: Any) -> Any:
    """What a field that could not be read holds in a partial model."""
    if field.default is not dataclasses.MISSING:
        return field.default
    if hint is str:
        return ""
    return () if typing.get_origin(hint) is tuple else None


def _is_required(field: dataclasses.Field[Any]) -> bool:
    return field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING


def _required(cls: Any) -> frozenset[str]:
    return _required_fields(cls)


@functools.cache
def _required_fields(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls) if _is_required(f))


def _is_shorthand(cls: Any) -> bool:
    """A class whose only required field is ``texte`` may be written as a plain string."""
    return _required(cls) == {"texte"}


def _describe(options: tuple[Any, ...]) -> str:
    names = []
    for o in options:
        if typing.get_origin(o) is Literal:
            names += [repr(a) for a in typing.get_args(o)]
        elif typing.get_origin(o) is tuple:
            names.append("une liste")
        elif dataclasses.is_dataclass(o):
            names.append("{" + ", ".join(sorted(_required(o))) + "}")
    return " ou ".join(names)
