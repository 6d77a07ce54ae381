"""An ``argparse`` parser that speaks French: usage, section titles, ``-h`` and error messages.

argparse's own words go through ``gettext`` with no French catalogue installed; rather than
install one (or patch ``argparse._``, shared by the whole process), the parser renames its
groups and translates its error messages, whatever the Python version's exact wording.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

AIDE = "afficher cette aide et quitter"

# argparse's error messages (Python 3.10 to 3.13 wordings) → French.
_ERREURS: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (?P<x>.+)", "arguments obligatoires manquants : {x}"),
    (r"unrecognized arguments: (?P<x>.+)", "arguments non reconnus : {x}"),
    (
        r"argument (?P<a>.+?): invalid choice: (?P<x>.+?) \(choose from (?P<c>.+)\)",
        "argument {a} : choix invalide : {x} (choix possibles : {c})",
    ),
    (r"argument (?P<a>.+?): expected one argument", "argument {a} : une valeur est attendue"),
    (
        r"argument (?P<a>.+?): expected at least one argument",
        "argument {a} : au moins une valeur est attendue",
    ),
    (
        r"argument (?P<a>.+?): expected (?P<x>.+) arguments?",
        "argument {a} : {x} valeur(s) attendue(s)",
    ),
    (
        r"argument (?P<a>.+?): ignored explicit argument (?P<x>.+)",
        "argument {a} : valeur {x} ignorée (cette option n’en prend pas)",
    ),
    (
        r"argument (?P<a>.+?): not allowed with argument (?P<x>.+)",
        "argument {a} : incompatible avec l’argument {x}",
    ),
    (
        r"ambiguous option: (?P<a>\S+) could match (?P<x>.+)",
        "option ambiguë : {a} peut désigner {x}",
    ),
    (r"one of the arguments (?P<x>.+) is required", "l’un des arguments {x} est obligatoire"),
    (r"argument (?P<a>.+?): (?P<x>.+)", "argument {a} : {x}"),
)
_COMPILED = tuple((re.compile(p + r"\Z", re.S), f) for p, f in _ERREURS)


def translate(message: str) -> str:
    """An argparse error message in French (unknown ones are kept as they are)."""
    for pattern, french in _COMPILED:
        match = pattern.match(message)
        if match:
            for name, value in match.groupdict().items():
                french = french.replace(f"{{{name}}}", value)
            return french
    return message


class FormateurAide(argparse.HelpFormatter):
    """« utilisation : » instead of « usage: »."""

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any) -> str:
        french = "utilisation : " if prefix is None else prefix
        return super()._format_usage(usage, actions, groups, french)


class ParseurArguments(argparse.ArgumentParser):
    """``argparse.ArgumentParser`` whose every word is French; subcommands inherit it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FormateurAide)
        add_help = kwargs.get("add_help", True)
        kwargs["add_help"] = False  # added below, with a French help text
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        if add_help:
            self.add_argument("-h", "--help", action="help", help=AIDE)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {translate(message)}\n")
