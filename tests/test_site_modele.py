"""A site holds only its content: ``init`` writes one that builds, and this repository's own
site uses the same files (hook, scripts, workflows), checked against GitHub's workflow schema."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, build_project
from cqpsite.__main__ import main
from cqpsite.init import MODELE, site_files
from cqpsite.verify import verify

WORKFLOWS = [
    *sorted((PROJECT / ".github" / "workflows").glob("*.yml")),
    *sorted((MODELE / "github" / "workflows").glob("*.yml")),
]


def _check_workflows(paths: list[Path]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "check_jsonschema"]
    command += ["--builtin-schema", "vendor.github-workflows", *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_workflows_follow_github_schema() -> None:
    assert len(WORKFLOWS) == 5
    result = _check_workflows(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "casse.yml"
    text = (PROJECT / ".github" / "workflows" / "pages.yml").read_text("utf-8")
    broken.write_text(text.replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest"), "utf-8")
    assert _check_workflows([broken]).returncode != 0


@pytest.mark.parametrize(
    "relative",
    [
        "hooks/referentiels.py",
        "scripts/serve.sh",
        "scripts/verify.sh",
        ".github/workflows/pages.yml",
        ".github/workflows/verification.yml",
    ],
)
def test_this_site_uses_the_files_init_writes(relative: str) -> None:
    assert (PROJECT / relative).read_text("utf-8") == site_files("x", "-e .")[relative]


def test_this_site_holds_no_engine_file() -> None:
    engine = [".js", ".css", ".html"]
    found = [p for d in ("docs", "overrides") for p in (PROJECT / d).rglob("*")]
    assert [p for p in found if p.suffix in engine] == []
    assert len((PROJECT / "hooks" / "referentiels.py").read_text("utf-8").splitlines()) == 1


def test_init_writes_a_site_that_builds_and_verifies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "mon-site"
    code = main(["init", str(root), "--nom", "Branche « Essai » & Cie", "--moteur", "-e /moteur"])
    out = capsys.readouterr().out
    assert code == 0 and "bash scripts/serve.sh" in out and "bash scripts/verify.sh" in out
    written = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    assert written == sorted(
        [
            *site_files("x", "y"),
            "referentiels/cqp-mon-referentiel.yml",
            "schema/referentiel.schema.json",
        ]
    )
    assert (root / "requirements.txt").read_text("utf-8").endswith("\n-e /moteur\n")
    assert (root / "scripts" / "serve.sh").stat().st_mode & 0o111
    readme = (root / "README.md").read_text("utf-8")
    assert "bash scripts/serve.sh" in readme and "bash scripts/verify.sh" in readme
    site = build_project(root)
    title = "<title>Référentiels de qualification professionnelle - Branche « Essai » & Cie</title>"
    assert title in (site / "index.html").read_text("utf-8")
    for page in ("", "blocs/b1/", "capacites/c1/", "grille/", "v/1/"):
        assert (site / "cqp-mon-referentiel" / page / "index.html").is_file(), page
    assert (site / "assets" / "reponses.js").is_file()
    capsys.readouterr()
    assert verify(root) == 0  # the publisher's content check passes on the new site as it is
    assert "Tout est en ordre : le site peut être publié." in capsys.readouterr().out


def test_init_never_writes_into_a_folder_in_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("à garder", "utf-8")
    assert main(["init", str(tmp_path), "--moteur", "-e /moteur"]) == 1
    assert "n’est pas vide : rien n’a été écrit" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
