"""Load and validate every referential of a folder; the single entry point for hooks and CLI."""

from __future__ import annotations

from pathlib import Path

from cqpsite.loading import Probleme, parse_referentiel, read_text
from cqpsite.model import Referentiel
from cqpsite.rules import check_referentiel


class ReferentielsInvalides(Exception):
    """Raised with every problem found, one ``file:line: path: message`` per line."""

    def __init__(self, problemes: list[Probleme]) -> None:
        self.problemes = problemes
        super().__init__("\n".join(str(p) for p in problemes))


def load_referentiel(
    path: Path, fichier: str | None = None
) -> tuple[Referentiel | None, list[Probleme]]:
    """Load one YAML file; ``fichier`` is how the file is named in messages."""
    name = fichier or str(path)
    text, problemes = read_text(path, name)
    if text is None:
        return None, problemes
    ref, problemes, lignes = parse_referentiel(text, name)
    if ref is None:
        return None, problemes
    problemes = check_referentiel(ref, name, path.stem, lignes)
    return (None if problemes else ref), problemes


def find_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yml", ".yaml"))


def load_referentiels(folder: Path, root: Path | None = None) -> tuple[Referentiel, ...]:
    """Load every referential of ``folder``; raise ``ReferentielsInvalides`` with all problems."""
    base = root or folder.parent
    if not folder.is_dir():
        raise ReferentielsInvalides(
            [Probleme(str(folder), 1, "(dossier)", "dossier des référentiels introuvable")]
        )
    refs: list[Referentiel] = []
    problemes: list[Probleme] = []
    for path in find_files(folder):
        try:
            name = str(path.relative_to(base))
        except ValueError:
            name = str(path)
        ref, found = load_referentiel(path, name)
        problemes += found
        if ref is not None:
            refs.append(ref)
    if not refs and not problemes:
        problemes.append(Probleme(str(folder), 1, "(dossier)", "aucun référentiel (*.yml) trouvé"))
    if problemes:
        raise ReferentielsInvalides(problemes)
    return tuple(refs)
