"""YAML file → ``Referentiel``, reporting every problem as ``file:line: path: rule broken``.

The YAML is composed into nodes (to keep line numbers and catch duplicate keys, which PyYAML
would silently overwrite), then converted field by field following the model's type hints.
"""

from __future__ import annotations

import dataclasses
import difflib
import errno
import functools
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Union

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cqpsite import limites, model, yaml_fr
from cqpsite.model import Referentiel

MAX_BYTES = 2_000_000  # a referential is a few dozen KB; refuse what cannot be one


@dataclass(frozen=True, order=True)
class Probleme:
    fichier: str
    ligne: int
    chemin: str
    message: str

    def __str__(self) -> str:
        return f"{self.fichier}:{self.ligne}: {self.chemin}: {self.message}"


class _NoAliasLoader(yaml.SafeLoader):
    """Refuses anchors and aliases: they enable exponential 'billion laughs' documents."""

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                problem="les ancres et alias YAML (&, *) ne sont pas acceptés",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


class _Converter:
    def __init__(self, fichier: str) -> None:
        self.fichier = fichier
        self.problemes: list[Probleme] = []
        self.lignes: dict[str, int] = {}

    def fail(self, node: Node, chemin: str, message: str) -> None:
        line = node.start_mark.line + 1
        self.problemes.append(Probleme(self.fichier, line, chemin or "(racine)", message))

    def convert(self, node: Node, hint: Any, chemin: str) -> Any:
        self.lignes.setdefault(chemin, node.start_mark.line + 1)
        origin = typing.get_origin(hint)
        if origin in (Union, types.UnionType):
            return self._union(node, typing.get_args(hint), chemin)
        if origin is Literal:
            allowed = typing.get_args(hint)
            value = self._scalar(node, chemin, type(allowed[0]))
            if value is not None and value not in allowed:
                choices = ", ".join(repr(a) for a in allowed)
                self.fail(node, chemin, f"valeur {value!r} inconnue (attendu : {choices})")
                return None
            return value
        if origin is tuple:
            if not isinstance(node, SequenceNode):
                self.fail(node, chemin, "une liste est attendue")
                return ()
            item = typing.get_args(hint)[0]
            return tuple(self.convert(n, item, f"{chemin}[{i}]") for i, n in enumerate(node.value))
        if dataclasses.is_dataclass(hint):
            return self._dataclass(node, typing.cast(type, hint), chemin)
        return self._scalar(node, chemin, hint)

    def _scalar(self, node: Node, chemin: str, hint: type) -> Any:
        if not isinstance(node, ScalarNode):
            self.fail(node, chemin, f"une valeur simple ({_TYPE_NAMES[hint]}) est attendue")
            return None
        if hint is str:
            if node.tag == "tag:yaml.org,2002:null" and node.style is None:
                return ""  # an empty required text is reported by _dataclass
            text = limites.normalise(str(node.value)).strip()
            refused = limites.probleme_texte(text)
            if refused:
                self.fail(node, chemin, refused)
                return None
            return text
        if hint is bool and node.tag == "tag:yaml.org,2002:bool":
            return node.value.lower() in ("true", "yes", "on")
        if hint is int and node.tag == "tag:yaml.org,2002:int":
            try:
                return int(_INTS.construct_yaml_int(node))
            except ValueError:
                self.fail(node, chemin, f"nombre entier invalide : {node.value[:40]!r}")
                return None
        self.fail(node, chemin, f"{_TYPE_NAMES[hint]} attendu, trouvé {node.value!r}")
        return None

    def _union(self, node: Node, options: tuple[Any, ...], chemin: str) -> Any:
        if type(None) in options and node.tag == "tag:yaml.org,2002:null":
            return None
        rest = [o for o in options if o is not type(None)]
        if len(rest) == 1:
            return self.convert(node, rest[0], chemin)
        for option in options:
            if typing.get_origin(option) is Literal and isinstance(node, ScalarNode):
                return self.convert(node, option, chemin)
            if typing.get_origin(option) is tuple and isinstance(node, SequenceNode):
                return self.convert(node, option, chemin)
        classes = [o for o in options if dataclasses.is_dataclass(o)]
        if isinstance(node, ScalarNode):
            for cls in classes:
                if _is_shorthand(cls):
                    return self.convert(node, cls, chemin)
        if isinstance(node, MappingNode) and classes:
            keys = {k.value for k, _ in node.value if isinstance(k, ScalarNode)}
            best = max(classes, key=lambda c: (_required(c) <= keys, len(_required(c) & keys)))
            return self.convert(node, best, chemin)
        self.fail(node, chemin, f"forme inattendue (attendu : {_describe(options)})")
        return None

    def _dataclass(self, node: Node, cls: type, chemin: str) -> Any:
        if isinstance(node, ScalarNode) and _is_shorthand(cls):
            first = dataclasses.fields(cls)[0].name
            return cls(**{first: self._scalar(node, chemin, str)})
        if not isinstance(node, MappingNode):
            self.fail(node, chemin, "un ensemble de clés (mapping) est attendu")
            return None
        before = len(self.problemes)
        hints, fields = _shape(cls)
        seen: dict[str, Node] = {}
        values: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.fail(key_node, chemin, "une clé doit être un texte simple")
                continue
            key = str(key_node.value)
            shown = key if key.isprintable() else repr(key)
            where = f"{chemin}.{shown}" if chemin else shown
            if key in seen:
                line = seen[key].start_mark.line + 1
                self.fail(key_node, where, f"clé en double (déjà définie ligne {line})")
                continue
            seen[key] = key_node
            if key not in fields:
                close = difflib.get_close_matches(key, fields, n=1, cutoff=0.75)
                hint = f"vouliez-vous dire « {close[0]} » ?" if close else ""
                hint = hint or "clés possibles : " + ", ".join(fields)
                self.fail(key_node, where, f"clé inconnue ({hint})")
                continue
            values[key] = self.convert(value_node, hints[key], where)
        missing = [n for n, f in fields.items() if _is_required(f) and n not in values]
        for name in missing:
            self.fail(node, f"{chemin}.{name}" if chemin else name, "clé obligatoire manquante")
        for name in list(values):
            required_text = hints[name] is str and _is_required(fields[name])
            if required_text and values[name] == "" and name not in missing:
                self.fail(
                    seen[name],
                    f"{chemin}.{name}" if chemin else name,
                    "texte vide : ce champ doit être renseigné",
                )
        if len(self.problemes) > before:
            # A partial object, so the rules still run on what could be read: a field that
            # failed takes its default or a neutral stand-in (its path is reported already).
            for name, field in fields.items():
                if values.get(name) is None and not _allows_none(hints[name]):
                    values[name] = _stand_in(field, hints[name])
        return cls(**values)


_INTS = yaml.constructor.SafeConstructor()
_TYPE_NAMES: dict[Any, str] = {str: "texte", int: "nombre entier", bool: "booléen (true/false)"}


@functools.cache
def _shape(cls: type) -> tuple[dict[str, Any], dict[str, dataclasses.Field[Any]]]:
    """Type hints and fields of a model class (``get_type_hints`` is slow; the model is fixed)."""
    hints = typing.get_type_hints(cls, vars(model))
    return hints, {f.name: f for f in dataclasses.fields(cls)}


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


def parse_referentiel(
    text: str, fichier: str
) -> tuple[Referentiel | None, list[Probleme], dict[str, int]]:
    """Parse YAML text; returns the model (None on any problem), the problems and path → line."""
    ref, problemes, lignes = parse_partial(text, fichier)
    return (None if problemes else ref), problemes, lignes


def parse_partial(
    text: str, fichier: str
) -> tuple[Referentiel | None, list[Probleme], dict[str, int]]:
    """Like ``parse_referentiel``, but with problems the model is kept, partial: every field
    that could not be read holds its default or a stand-in ("", (), None), and a list item that
    is not even a mapping is None. Only for the rules, which skip what was reported
    (``rules.check_referentiel``); None when the YAML itself or its root is unreadable."""
    root = _compose_fast(text)
    if root is None:
        root, problemes = _compose_checked(text, fichier)
        if problemes:
            return None, problemes, {}
    if root is None:
        return (
            None,
            [Probleme(fichier, 1, "(fichier)", "fichier vide : un référentiel est attendu")],
            {},
        )
    converter = _Converter(fichier)
    try:
        ref = converter.convert(root, Referentiel, "")
    except RecursionError:
        return None, [Probleme(fichier, 1, "(yaml)", "imbrication trop profonde")], {}
    return ref, sorted(set(converter.problemes)), converter.lignes


def _compose_fast(text: str) -> Node | None:
    """The mapping composed by libyaml (several times faster than pure-Python PyYAML), or None
    when libyaml is missing or the text is anything but a plain mapping that it composes.

    Every refusal and its message stay with ``_compose_checked``: a text that libyaml does not
    compose cleanly, or that uses an alias, goes through that path, so the messages and lines of
    broken files are the same with or without libyaml. (libyaml is more lenient on a few rare
    constructs, such as ``?`` inside a flow value, which it reads as text.)
    """
    if not yaml.__with_libyaml__ or "\t" in text or "\ufeff" in text:
        return None  # libyaml accepts tabs and inner BOMs in places where PyYAML refuses them
    try:
        root: Node | None = yaml.compose(text, Loader=yaml.CSafeLoader)
    except Exception:  # whatever it is, the checked path reports it
        return None
    if not isinstance(root, MappingNode) or not _as_pyyaml(root):
        return None  # a referential is a mapping; PyYAML places an empty root on another line
    return root


def _as_pyyaml(root: Node) -> bool:
    """Give libyaml's tree PyYAML's conventions (a plain scalar has style None, not "");
    False if a node is reached twice, which is how libyaml composes an alias."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return False
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            if node.style == "":
                node.style = None
        elif isinstance(node, SequenceNode):
            stack += node.value
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack += (key, value)
    return True


def _compose_checked(text: str, fichier: str) -> tuple[Node | None, list[Probleme]]:
    """Pure-Python composition that refuses aliases and explains every YAML error."""
    too_deep = _too_deep(text)
    if too_deep:
        return None, [Probleme(fichier, too_deep, "(yaml)", "imbrication trop profonde")]
    try:
        root = yaml.compose(text, Loader=_NoAliasLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = yaml_fr.message(exc)
        hint = " ; vérifiez guillemets et indentation" if "ancres" not in what else ""
        hint = "" if "tabulations" in what else hint
        return None, [Probleme(fichier, line, "(yaml)", f"YAML invalide : {what}{hint}")]
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        message = f"caractère interdit en YAML (U+{exc.character:04X}) : retirez-le"
        return None, [Probleme(fichier, line, "(yaml)", message)]
    except RecursionError:
        return None, [Probleme(fichier, 1, "(yaml)", "imbrication trop profonde")]
    return root, []


def _too_deep(text: str) -> int:
    """Line of a nesting too deep for libyaml (1,000 levels), else 0.

    PyYAML's own scanner takes quadratic time on deep ``[[[…`` (a 20 KB file: seconds, 2 MB:
    hours); libyaml refuses it in linear time. Other errors are left to PyYAML's messages.
    """
    if not yaml.__with_libyaml__:
        return 0
    try:
        for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
            pass
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in str(exc.problem) and exc.problem_mark is not None:
            return exc.problem_mark.line + 1
    except yaml.YAMLError:
        pass
    return 0


# The system's messages are English on most machines: the common ones, in French.
_OS_ERRORS = {
    errno.ENOENT: "fichier introuvable",
    errno.EACCES: "accès refusé",
    errno.EPERM: "opération non permise",
    errno.EISDIR: "c’est un dossier",
    errno.ELOOP: "trop de liens symboliques",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.EIO: "erreur d’entrée-sortie",
}


def read_text(path: Path, fichier: str) -> tuple[str | None, list[Probleme]]:
    """Read a YAML file as UTF-8 text, or explain why it cannot be read."""

    def fail(message: str) -> tuple[None, list[Probleme]]:
        return None, [Probleme(fichier, 1, "(fichier)", message)]

    if path.is_dir():
        return fail("c’est un dossier, pas un fichier YAML")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return fail(f"fichier trop volumineux ({size} octets, maximum {MAX_BYTES})")
        data = path.read_bytes()
    except OSError as exc:
        return fail(f"lecture impossible ({_OS_ERRORS.get(exc.errno or 0, exc.strerror)})")
    if len(data) > MAX_BYTES:
        return fail(f"fichier trop volumineux ({len(data)} octets, maximum {MAX_BYTES})")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Probleme(fichier, line, "(fichier)", "encodage invalide : UTF-8 attendu")]
    return text, []
