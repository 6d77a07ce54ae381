"""``python -m cqpsite``: check (exit codes, ``file:line`` messages), new, schema."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cqpsite.__main__ import main
from cqpsite.exports import dumps
from cqpsite.exports.schema import referentiel_schema

MINI = Path(__file__).parent / "fixtures" / "mini" / "referentiels" / "cqp-mini.yml"


def _run(
    argv: list[str], capsys: pytest.CaptureFixture[str], cwd: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


BROKEN = """\
id: cqp-casse
sigle: CQP
titre: "Cassé"
couleur: rouge
source:
  document: "D"
  certificateur: "C"
  version: "1"
  date: "2026"
  statut: "S"
regles:
  unite: module
  obtention_unite: {type: seuil, seuil: 80, texte: "T"}
  obtention_certification: {type: toutes_unites_obligatoires, texte: "T", acquis: "A", non_acquis: "N"}
"""


def test_check_good_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _run(["check", str(MINI)], capsys, tmp_path, monkeypatch) == (
        0,
        "1 fichier(s) valide(s).\n",
        "",
    )


def test_check_bad_file_lists_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "referentiels").mkdir()
    (tmp_path / "referentiels" / "cqp-casse.yml").write_text(BROKEN, "utf-8")
    code, out, err = _run(["check"], capsys, tmp_path, monkeypatch)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "referentiels/cqp-casse.yml:1: intitule: clé obligatoire manquante",
        "referentiels/cqp-casse.yml:1: version: clé obligatoire manquante",
        "referentiels/cqp-casse.yml:4: couleur: clé inconnue (clés possibles : id, sigle, titre, "
        "intitule, version, source, regles, sous_titre, secteur, mention_criteres_non_publies, "
        "libelles, textes, blocs, capacites, dossier, retraits, date_version)",
        "referentiels/cqp-casse.yml:12: regles.unite: valeur 'module' inconnue "
        "(attendu : 'bloc', 'capacite')",
        "4 problème(s) dans 1 fichier(s).",
    ]


def test_check_without_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = _run(["check"], capsys, tmp_path, monkeypatch)
    assert (code, err) == (1, "referentiels: aucun fichier YAML à vérifier\n")


def test_new_writes_a_skeleton_that_passes_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = _run(["new", "cqp-essai"], capsys, tmp_path, monkeypatch)
    created = tmp_path / "referentiels" / "cqp-essai.yml"
    assert code == 0 and str(Path("referentiels/cqp-essai.yml")) in out
    text = created.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/referentiel.schema.json\n")
    assert _run(["check"], capsys, tmp_path, monkeypatch) == (
        0,
        "1 fichier(s) valide(s).\n",
        "",
    )


def test_new_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "referentiels").mkdir()
    existing = tmp_path / "referentiels" / "cqp-essai.yml"
    existing.write_text("# à moi\n", "utf-8")
    code, _, err = _run(["new", "cqp-essai"], capsys, tmp_path, monkeypatch)
    assert (code, err) == (1, "referentiels/cqp-essai.yml existe déjà : rien n’a été écrit\n")
    assert existing.read_text("utf-8") == "# à moi\n"


@pytest.mark.parametrize("slug", ["CQP-essai", "cqp_essai", "cqp--essai", "../essai", "é"])
def test_new_refuses_invalid_slugs(
    slug: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = _run(["new", slug], capsys, tmp_path, monkeypatch)
    assert code == 1 and f"identifiant {slug!r} invalide" in err
    assert not (tmp_path / "referentiels").exists()


def test_schema_writes_then_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _run(["schema", "--check"], capsys, tmp_path, monkeypatch)[0] == 1
    assert _run(["schema"], capsys, tmp_path, monkeypatch)[0] == 0
    written = tmp_path / "schema" / "referentiel.schema.json"
    assert written.read_bytes() == dumps(referentiel_schema())
    assert _run(["schema", "--check"], capsys, tmp_path, monkeypatch)[:2] == (0, "")


def test_module_entry_point_exit_codes(tmp_path: Path) -> None:
    """The real command, as authors and pre-commit run it."""
    bad = tmp_path / "cqp-casse.yml"
    bad.write_text(BROKEN, "utf-8")
    cmd = [sys.executable, "-m", "cqpsite", "check"]
    good = subprocess.run([*cmd, str(MINI)], capture_output=True, text=True, check=False)
    assert (good.returncode, good.stderr) == (0, "")
    broken = subprocess.run([*cmd, str(bad)], capture_output=True, text=True, check=False)
    assert broken.returncode == 1
    assert broken.stderr.splitlines()[0] == f"{bad}:1: intitule: clé obligatoire manquante"
    usage = subprocess.run([sys.executable, "-m", "cqpsite"], capture_output=True, check=False)
    assert usage.returncode == 2
