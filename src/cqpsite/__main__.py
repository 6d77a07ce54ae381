"""Command line for authors: ``python -m cqpsite check [fichiers…]``, ``new <slug>``,
``init <dossier>``, ``schema [--check]``."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

from cqpsite.argparse_fr import ParseurArguments
from cqpsite.corpus import (
    ARCHIVES,
    ReferentielsInvalides,
    find_files,
    load_historiques,
    load_history,
)
from cqpsite.loading import Probleme
from cqpsite.model import ID_PATTERN
from cqpsite.sorties import reserved_pages

DESCRIPTION = "Outils des auteurs de référentiels : vérifier, créer, publier le schéma."


def _current(path: Path) -> Path:
    """The current file of a referential, from its own path or one of its archived versions."""
    if path.parent.parent.name == ARCHIVES:
        return path.parent.parent.parent / f"{path.parent.name}{path.suffix}"
    return path


def check(paths: Sequence[str]) -> int:
    """Check files (with every version of their referential), or the whole folder."""
    files = [Path(p) for p in paths] or find_files(Path("referentiels"))
    if not files:
        print("referentiels: aucun fichier YAML à vérifier", file=sys.stderr)
        return 1
    problemes: list[Probleme] = []
    reserved = reserved_pages(Path("docs"))  # run at a site's root: its hand-written pages
    if paths:
        for current in dict.fromkeys(_current(p) for p in files):
            problemes += load_history(current, Path(), reserved)[1]
    else:  # the whole folder, orphan archive folders included
        try:
            load_historiques(Path("referentiels"), Path(), reserved)
        except ReferentielsInvalides as exc:
            problemes = exc.problemes
    for probleme in problemes:
        print(probleme, file=sys.stderr)
    if problemes:
        print(f"{len(problemes)} problème(s) dans {len(files)} fichier(s).", file=sys.stderr)
        return 1
    print(f"{len(files)} fichier(s) valide(s).")
    return 0


def new(slug: str, dossier: str) -> int:
    """Write a commented skeleton ``<dossier>/<slug>.yml`` that passes ``check`` as it is."""
    from cqpsite.exports.squelette import squelette

    if not re.match(ID_PATTERN, slug):
        print(
            f"identifiant {slug!r} invalide : minuscules sans accents, chiffres et tirets "
            "(ex. « cqp-agent-logistique »)",
            file=sys.stderr,
        )
        return 1
    path = Path(dossier) / f"{slug}.yml"
    if path.exists():
        print(f"{path} existe déjà : rien n’a été écrit", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
        out.write(squelette(slug))
    print(f"{path} créé. Complétez-le, puis : python -m cqpsite check {path}")
    return 0


def schema(sortie: str, verifier: bool) -> int:
    """Write the JSON Schema of the YAML format (or, with ``verifier``, compare it)."""
    from cqpsite.exports import dumps
    from cqpsite.exports.schema import referentiel_schema

    contenu = dumps(referentiel_schema())
    path = Path(sortie)
    if verifier:
        if path.is_file() and path.read_bytes() == contenu:
            return 0
        print(f"{path} n’est pas à jour : lancez python -m cqpsite schema", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(contenu)
    print(f"{path} écrit.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = ParseurArguments(prog="python -m cqpsite", description=DESCRIPTION)
    sub = parser.add_subparsers(dest="commande", required=True, title="commandes")
    p_check = sub.add_parser("check", help="valider des fichiers de référentiel")
    p_check.add_argument("fichiers", nargs="*", help="fichiers YAML (défaut : referentiels/*.yml)")
    p_new = sub.add_parser("new", help="créer un référentiel à compléter (squelette commenté)")
    p_new.add_argument("slug", help="identifiant du référentiel, ex. cqp-agent-logistique")
    p_new.add_argument("--dossier", default="referentiels", help="défaut : referentiels")
    p_init = sub.add_parser("init", help="créer un nouveau site (contenu seul, moteur installé)")
    p_init.add_argument("dossier", help="dossier du nouveau site (absent ou vide)")
    p_init.add_argument("--nom", default="Référentiels de certification", help="nom du site")
    p_init.add_argument(
        "--referentiel", default="cqp-mon-referentiel", help="identifiant du premier référentiel"
    )
    p_init.add_argument(
        "--moteur",
        help="exigence pip du moteur (défaut : ce dépôt, par son chemin local), ex. "
        "« cqpsite @ git+https://github.com/<compte>/<moteur>@<version> »",
    )
    p_schema = sub.add_parser("schema", help="écrire le schéma JSON du format YAML")
    p_schema.add_argument("--sortie", default="schema/referentiel.schema.json")
    p_schema.add_argument("--check", action="store_true", help="vérifier qu’il est à jour")
    p_verify = sub.add_parser("verify", help="vérifier le site avant de le publier")
    p_verify.add_argument("--publie", default="", help="liste publiée : URL, dossier ou fichier")
    args = parser.parse_args(argv)
    if args.commande == "verify":
        from cqpsite.verify import verify

        return verify(Path.cwd(), args.publie)
    if args.commande == "new":
        return new(args.slug, args.dossier)
    if args.commande == "init":
        from cqpsite.init import init

        return init(args.dossier, args.nom, args.referentiel, args.moteur)
    if args.commande == "schema":
        return schema(args.sortie, args.check)
    return check(args.fichiers)


if __name__ == "__main__":
    sys.exit(main())
