"""Command line for authors: ``python -m cqpsite check [fichiers…]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from cqpsite.corpus import find_files, load_referentiel


def check(paths: Sequence[str]) -> int:
    files = [Path(p) for p in paths] or find_files(Path("referentiels"))
    if not files:
        print("referentiels: aucun fichier YAML à vérifier", file=sys.stderr)
        return 1
    count = 0
    for path in files:
        _, problemes = load_referentiel(path, str(path))
        for probleme in problemes:
            print(probleme, file=sys.stderr)
        count += len(problemes)
    if count:
        print(f"{count} problème(s) dans {len(files)} fichier(s).", file=sys.stderr)
        return 1
    print(f"{len(files)} fichier(s) valide(s).")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cqpsite", description=__doc__)
    sub = parser.add_subparsers(dest="commande", required=True)
    p_check = sub.add_parser("check", help="valider des fichiers de référentiel")
    p_check.add_argument("fichiers", nargs="*", help="fichiers YAML (défaut : referentiels/*.yml)")
    args = parser.parse_args(argv)
    return check(args.fichiers)


if __name__ == "__main__":
    sys.exit(main())
