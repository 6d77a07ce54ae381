"""One problem of an input file, as every message shows it: ``file:line: path: rule broken``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Probleme:
    fichier: str
    ligne: int
    chemin: str
    message: str

    def __str__(self) -> str:
        return f"{self.fichier}:{self.ligne}: {self.chemin}: {self.message}"
