"""Load and validate every referential of a folder, with its archived versions; the single
entry point for hooks and CLI.

Layout: ``<folder>/<id>.yml`` is the current version; ``<folder>/versions/<id>/<version>.yml``
are the earlier ones, kept as they were published.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

from cqpsite.loading import Probleme, parse_partial, read_text
from cqpsite.memo import Memo, fingerprint
from cqpsite.model import Referentiel
from cqpsite.parallel import map_forked
from cqpsite.rules import check_referentiel
from cqpsite.versions import Historique, check_order, check_versions, version_key

ARCHIVES = "versions"

Charge = tuple[Referentiel, str, dict[str, int]]  # the model, its file name, path → line


class ReferentielsInvalides(Exception):
    """Raised with every problem found, one ``file:line: path: message`` per line."""

    def __init__(self, problemes: list[Probleme]) -> None:
        self.problemes = problemes
        super().__init__("\n".join(str(p) for p in problemes))


def _special(path: Path, name: str) -> list[Probleme]:
    """A problem when ``path`` is no regular file (a device, a pipe, a broken link): such a file
    is never opened, it could be read without end or block."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if not os.path.islink(path):  # simply absent: the loader says so in its own words
            return []
        mode = 0
    except OSError:
        mode = 0
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return []
    message = "ce n’est pas un fichier ordinaire (lien cassé, périphérique ou tube) : non lu"
    return [Probleme(name, 1, "(fichier)", message)]


def _load(path: Path, name: str, expected_id: str) -> tuple[Charge | None, list[Probleme]]:
    special = _special(path, name)
    if special:
        return None, special
    text, problemes = read_text(path, name)
    if text is None:
        return None, problemes
    ref, problemes, lignes = parse_partial(text, name)
    if ref is None:
        return None, problemes
    # The rules run on a partial model too: every problem of the file in one run.
    reported = {p.chemin for p in problemes}
    problemes = sorted([*problemes, *check_referentiel(ref, name, expected_id, lignes, reported)])
    return (None if problemes else (ref, name, lignes)), problemes


def load_referentiel(
    path: Path, fichier: str | None = None
) -> tuple[Referentiel | None, list[Probleme]]:
    """Load one YAML file; ``fichier`` is how the file is named in messages."""
    charge, problemes = _load(path, fichier or str(path), path.stem)
    return (charge[0] if charge else None), problemes


def find_files(folder: Path) -> list[Path]:
    """The referentials of ``folder``: files named ``*.yml``; hidden ones (editor locks such as
    ``.#x.yml``, macOS ``._x.yml``) are not referentials."""
    return sorted(p for p in folder.glob("*.yml") if not p.name.startswith("."))


def misnamed(folder: Path, base: Path) -> list[Probleme]:
    """``*.yaml`` files beside the referentials: never read, but never silently ignored."""
    problemes = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name.startswith("."):
            continue
        twin = path.with_suffix(".yml")
        if twin.exists() or twin.is_symlink():
            message = (
                f"deux fichiers pour le même référentiel « {path.stem} » : {_name(twin, base)} "
                f"et {path.name} ; gardez-en un seul, nommé {twin.name}"
            )
        else:
            message = f"extension .yaml non lue : renommez ce fichier en {twin.name}"
        problemes.append(Probleme(_name(path, base), 1, "(fichier)", message))
    return problemes


def _name(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def _reserved(charge: Charge, reserved: Mapping[str, str]) -> list[Probleme]:
    ref, name, lignes = charge
    if ref.id not in reserved:
        return []
    message = (
        f"l’identifiant {ref.id!r} donnerait au référentiel l’adresse {ref.id}/, déjà celle de "
        f"la page {reserved[ref.id]} : choisissez un autre identifiant (et nom de fichier)"
    )
    return [Probleme(name, lignes.get("id", 1), "id", message)]


def load_history(
    current: Path, base: Path | None = None, reserved: Mapping[str, str] | None = None
) -> tuple[Historique | None, list[Probleme]]:
    """The referential of file ``current`` with its archived versions, checked across versions;
    ``reserved``: identifiers taken by hand-written pages (``cqpsite.sorties.reserved_pages``)."""
    base = base or current.parent.parent
    charge, problemes = _load(current, _name(current, base), current.stem)
    if charge is not None:
        problemes += _reserved(charge, reserved or {})
    archives: list[Charge] = []
    folder = current.parent / ARCHIVES / current.stem
    if folder.is_dir():
        problemes += misnamed(folder, base)
    for path in find_files(folder) if folder.is_dir() else []:
        name = _name(path, base)
        old, found = _load(path, name, current.stem)
        problemes += found
        if old is None:
            continue
        ref, _, lignes = old
        if ref.version != path.stem:
            problemes.append(
                Probleme(
                    name,
                    lignes.get("version", 1),
                    "version",
                    f"version {ref.version!r} : une version archivée se nomme "
                    f"{ARCHIVES}/{ref.id}/<version>.yml (ici {path.name!r})",
                )
            )
        elif charge is not None and ref.version == charge[0].version:
            problemes.append(
                Probleme(
                    charge[1],
                    charge[2].get("version", 1),
                    "version",
                    f"la version {ref.version!r} est déjà archivée ({name}) : "
                    "changez la version du fichier courant",
                )
            )
        else:
            archives.append(old)
    if charge is None:
        return None, problemes
    archives.sort(key=lambda c: version_key(c[0].version))
    order = check_order(charge, archives)
    problemes += order or check_versions([*archives, charge])
    if problemes:
        return None, problemes
    return Historique(charge[0], tuple(c[0] for c in archives)), problemes


def _load_history(
    job: tuple[list[Path], Path, Mapping[str, str]], index: int
) -> tuple[Historique | None, list[Probleme]]:
    return load_history(job[0][index], job[1], job[2])


_Loaded = tuple[Historique | None, list[Probleme]]


def _load_all(
    files: list[Path], base: Path, reserved: Mapping[str, str], memo: Memo | None
) -> list[_Loaded]:
    """``load_history`` of each file, on every core; with ``memo``, only of the files whose
    content changed since the memo's last build."""
    if memo is None:
        return map_forked(_load_history, (files, base, reserved), len(files))
    context = (base, tuple(sorted(reserved.items())))
    keys = [(fingerprint(path), context) for path in files]
    found: list[_Loaded | None] = [
        memo.histories.get(path, key) if key[0] is not None else None
        for path, key in zip(files, keys, strict=True)
    ]
    missing = [i for i, result in enumerate(found) if result is None]
    job = ([files[i] for i in missing], base, reserved)
    for i, result in zip(missing, map_forked(_load_history, job, len(missing)), strict=True):
        found[i] = result
        memo.histories.put(files[i], keys[i] if keys[i][0] is not None else None, result)
    return [result for result in found if result is not None]


def load_historiques(
    folder: Path,
    root: Path | None = None,
    reserved: Mapping[str, str] | None = None,
    memo: Memo | None = None,
) -> tuple[Historique, ...]:
    """Every referential of ``folder`` with its versions; raise ``ReferentielsInvalides``.
    ``memo`` (``mkdocs serve``) keeps the referentials whose files did not change."""
    base = root or folder.parent
    if not folder.is_dir():
        raise ReferentielsInvalides(
            [Probleme(str(folder), 1, "(dossier)", "dossier des référentiels introuvable")]
        )
    historiques: list[Historique] = []
    problemes: list[Probleme] = []
    files = find_files(folder)
    problemes += misnamed(folder, base)
    for historique, found in _load_all(files, base, reserved or {}, memo):
        problemes += found
        if historique is not None:
            historiques.append(historique)
    archives = folder / ARCHIVES
    folders = archives.iterdir() if archives.is_dir() else []
    orphans = sorted(d for d in folders if d.is_dir() and not d.name.startswith("."))
    for orphan in orphans:
        if not any(p.stem == orphan.name for p in files):
            message = f"versions archivées sans fichier courant {orphan.name}.yml"
            problemes.append(Probleme(_name(orphan, base), 1, "(dossier)", message))
    if not files and not problemes:
        problemes.append(Probleme(str(folder), 1, "(dossier)", "aucun référentiel (*.yml) trouvé"))
    if problemes:
        raise ReferentielsInvalides(problemes)
    return tuple(historiques)


def load_referentiels(folder: Path, root: Path | None = None) -> tuple[Referentiel, ...]:
    """The current version of every referential of ``folder`` (all versions are checked)."""
    return tuple(h.courante for h in load_historiques(folder, root))
