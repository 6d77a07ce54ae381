"""YAML file → ``Referentiel``, reporting every problem as ``file:line: path: rule broken``.

The YAML is composed into nodes (to keep line numbers and catch duplicate keys, which PyYAML
would silently overwrite), then converted field by field following the model's type hints
(``cqpsite.conversion``).
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cqpsite import yaml_fr
from cqpsite.conversion import Converter, clean_text
from cqpsite.model import Referentiel
from cqpsite.probleme import Probleme

__all__ = ["MAX_BYTES", "Probleme", "parse_partial", "parse_referentiel", "read_text"]

MAX_BYTES = 2_000_000  # a referential is a few dozen KB; refuse what cannot be one


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
    converter = Converter(fichier, clean_text(text))
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
        root: Node | None = yaml.compose(text, Loader=_FastLoader)
    except Exception:  # whatever it is, the checked path reports it
        return None
    if not isinstance(root, MappingNode):
        return None  # a referential is a mapping; PyYAML places an empty root on another line
    if "*" in text and not _as_pyyaml(root):  # no alias without a "*"
        return None
    return root


if yaml.__with_libyaml__:

    class _FastLoader(yaml.CSafeLoader):
        """libyaml's composer, with the resolver's per-node work reduced to what the safe
        loader does: it has no path resolvers, and only plain scalars whose first character
        starts an implicit type (null, bool, int, float…) can be other than text."""

        _starts = frozenset(yaml.CSafeLoader.yaml_implicit_resolvers)
        assert None not in _starts  # no wildcard resolver

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is ScalarNode:
                if implicit[0] and value[:1] in self._starts:
                    return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
                return self.DEFAULT_SCALAR_TAG
            if kind is SequenceNode:
                return self.DEFAULT_SEQUENCE_TAG
            return self.DEFAULT_MAPPING_TAG


def _as_pyyaml(root: Node) -> bool:
    """Give libyaml's tree PyYAML's conventions (a plain scalar has style None, not "", which
    the conversion accepts too); False if a node is reached twice, which is how libyaml
    composes an alias."""
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
