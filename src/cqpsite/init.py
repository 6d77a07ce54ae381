"""``python -m cqpsite init DOSSIER``: a new site that holds only its content (configuration,
hand-written pages, referentials) and takes the engine from the installed ``cqpsite`` package."""

from __future__ import annotations

import json
import sys
from pathlib import Path

MODELE = Path(__file__).parent / "modele_site"
# Names that package data cannot carry with their leading dot.
RENAMED = {
    "github": ".github",
    "gitignore": ".gitignore",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
}
FORMATTED = {"README.md", "mkdocs.yml"}


def engine_requirement() -> str | None:
    """How the new site installs this engine: this source checkout, when there is one."""
    checkout = Path(__file__).resolve().parents[2]
    pyproject = checkout / "pyproject.toml"
    if pyproject.is_file() and 'name = "cqpsite"' in pyproject.read_text("utf-8"):
        return f"cqpsite @ {checkout.as_uri()}"
    return None


def site_files(nom: str, moteur: str) -> dict[str, str]:
    """Every file of a new site (relative path → text), the referential skeleton excepted."""
    files: dict[str, str] = {}
    for path in sorted(MODELE.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        parts = path.relative_to(MODELE).parts
        target = "/".join(RENAMED.get(part, part) for part in parts)
        text = path.read_text("utf-8")
        if target in FORMATTED:
            quoted = json.dumps(nom, ensure_ascii=False) if target == "mkdocs.yml" else nom
            text = text.replace("{nom}", quoted)
        files[target] = text
    files["requirements.txt"] = (
        "# The engine (cqpsite). On GitHub, name a repository instead of a local folder:\n"
        "# cqpsite @ git+https://github.com/<compte>/<moteur>@<version>\n"
        f"{moteur}\n"
    )
    return files


def init(dossier: str, nom: str, referentiel: str, moteur: str | None) -> int:
    from cqpsite.__main__ import new, schema

    root = Path(dossier)
    if root.exists() and any(root.iterdir()):
        print(f"{root} existe et n’est pas vide : rien n’a été écrit", file=sys.stderr)
        return 1
    moteur = moteur or engine_requirement()
    if moteur is None:
        print(
            "moteur introuvable : indiquez-le avec --moteur, par exemple "
            "« cqpsite @ git+https://github.com/<compte>/<moteur>@<version> »",
            file=sys.stderr,
        )
        return 1
    for relative, text in site_files(nom, moteur).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        if path.suffix == ".sh":
            path.chmod(0o755)
    code = new(referentiel, str(root / "referentiels"))
    code = code or schema(str(root / "schema" / "referentiel.schema.json"), False)
    if code == 0:
        print(
            f"Site créé dans {root}. Ensuite :\n  cd {root}\n"
            "  bash scripts/serve.sh    # construire et voir le site\n"
            "  bash scripts/verify.sh   # tout vérifier avant de publier"
        )
    return code
