"""Careless and hostile input around the referentials (issue 17): special files in the folder,
identifiers that take a hand-written page's address, a malformed SOURCE_DATE_EPOCH, and a failed
build that must leave the last site in place. Each reproducer ends in a French message."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from conftest import FIXTURES, PROJECT, build_project, make_project
from cqpsite.corpus import ReferentielsInvalides, load_referentiels
from cqpsite.hook import EPOCH_MAX, source_date_epoch
from cqpsite.sorties import collisions, output, reserved_pages

MINI = FIXTURES / "mini" / "referentiels" / "cqp-mini.yml"
MINI_TEXT = MINI.read_text(encoding="utf-8")


def folder_with_mini(tmp_path: Path) -> Path:
    folder = tmp_path / "referentiels"
    folder.mkdir()
    (folder / "cqp-mini.yml").write_text(MINI_TEXT, "utf-8")
    return folder


def problems(folder: Path) -> list[str]:
    with pytest.raises(ReferentielsInvalides) as exc:
        load_referentiels(folder, folder.parent)
    return [str(p) for p in exc.value.problemes]


def test_device_link_and_pipe_are_never_read(tmp_path: Path) -> None:
    folder = folder_with_mini(tmp_path)
    (folder / "cqp-zero.yml").symlink_to("/dev/zero")
    os.mkfifo(folder / "cqp-tube.yml")
    (folder / "cqp-casse.yml").symlink_to(folder / "absent.yml")
    special = "(fichier): ce n’est pas un fichier ordinaire (lien cassé, périphérique ou tube)"
    assert problems(folder) == [
        f"referentiels/cqp-casse.yml:1: {special} : non lu",
        f"referentiels/cqp-tube.yml:1: {special} : non lu",
        f"referentiels/cqp-zero.yml:1: {special} : non lu",
    ]


def test_hidden_files_are_not_referentials(tmp_path: Path) -> None:
    folder = folder_with_mini(tmp_path)
    (folder / ".#cqp-mini.yml").symlink_to("root@machine.1234:1700000000")  # an Emacs lock
    (folder / "._cqp-mini.yml").write_bytes(b"\x00\x05\x16\x07Mac OS X")  # macOS metadata
    (folder / "versions" / "cqp-mini").mkdir(parents=True)
    (folder / "versions" / "cqp-mini" / "._0.9.yml").write_bytes(b"\x00\x05")
    (folder / "versions" / ".DS_Store").write_bytes(b"\x00")
    (folder / "versions" / ".cache").mkdir()
    assert [r.id for r in load_referentiels(folder, folder.parent)] == ["cqp-mini"]


def test_yaml_extension_is_named_not_ignored(tmp_path: Path) -> None:
    folder = folder_with_mini(tmp_path)
    (folder / "cqp-mini.yaml").write_text(MINI_TEXT, "utf-8")
    (folder / "cqp-autre.yaml").write_text(MINI_TEXT, "utf-8")
    assert problems(folder) == [
        "referentiels/cqp-autre.yaml:1: (fichier): extension .yaml non lue : renommez ce fichier "
        "en cqp-autre.yml",
        "referentiels/cqp-mini.yaml:1: (fichier): deux fichiers pour le même référentiel "
        "« cqp-mini » : referentiels/cqp-mini.yml et cqp-mini.yaml ; gardez-en un seul, nommé "
        "cqp-mini.yml",
    ]


def test_outputs_follow_mkdocs() -> None:
    assert output("a-propos.md") == "a-propos/index.html"
    assert output("a-propos/index.md") == "a-propos/index.html"
    assert output("cqp-x/telechargements/d.pdf") == "cqp-x/telechargements/d.pdf"
    assert collisions([("a-propos.md", "docs/a-propos.md"), ("a-propos/index.md", "généré")]) == [
        "a-propos/index.html (docs/a-propos.md ; généré)"
    ]
    assert collisions([("a.md", "1"), ("b.md", "2")]) == []


def test_reserved_pages(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "guide").mkdir(parents=True)
    for name in ("index.md", "a-propos.md", "guide/index.md", "guide/suite.md", ".brouillon.md"):
        (docs / name).write_text("# x\n", "utf-8")
    assert reserved_pages(docs) == {"a-propos": "docs/a-propos.md", "guide": "docs/guide/index.md"}
    assert reserved_pages(tmp_path / "absent") == {}


def _project_with_id(tmp_path: Path, ident: str) -> Path:
    refs = tmp_path / "refs"
    refs.mkdir()
    (refs / f"{ident}.yml").write_text(MINI_TEXT.replace("id: cqp-mini", f"id: {ident}"), "utf-8")
    root = make_project(tmp_path, refs)
    for page in ("accessibilite", "guide-organisations"):  # as in this repository's docs/
        (root / "docs" / f"{page}.md").write_text(f"# {page}\n", "utf-8")
    return root


def _check(root: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(PROJECT / "src"))
    command = [sys.executable, "-m", "cqpsite", "check"]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env, timeout=60)


def test_theme_file_at_a_generated_address_fails_before_the_site_is_emptied(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CQPSITE_DOCUMENTS", "0")
    root = make_project(tmp_path, MINI.parent)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("theme:\n", "theme:\n  custom_dir: overrides\n", 1),
        "utf-8",
    )
    (root / "overrides" / "cqp-mini").mkdir(parents=True)
    site = build_project(root)
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    (root / "overrides" / "cqp-mini" / "referentiel.json").write_text("{}", "utf-8")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_project(root)
    assert (
        "cqp-mini/referentiel.json (thème cqp-mini/referentiel.json ; généré cqp-mini/referentiel.json)"
        in caplog.text
    )
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before


@pytest.mark.parametrize("ident", ["a-propos", "accessibilite", "guide-organisations"])
def test_id_of_a_hand_written_page_fails_check(tmp_path: Path, ident: str) -> None:
    root = _project_with_id(tmp_path, ident)
    run = _check(root)
    assert run.returncode == 1
    assert (
        f"referentiels/{ident}.yml:3: id: l’identifiant '{ident}' donnerait au référentiel "
        f"l’adresse {ident}/, déjà celle de la page docs/{ident}.md" in run.stderr
    )
    assert "Traceback" not in run.stderr


def test_id_of_a_hand_written_page_fails_the_build_and_keeps_the_site(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CQPSITE_DOCUMENTS", "0")
    root = make_project(tmp_path, MINI.parent)
    site = build_project(root)
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    (root / "referentiels" / "cqp-mini.yml").rename(root / "referentiels" / "a-propos.yml")
    text = MINI_TEXT.replace("id: cqp-mini", "id: a-propos")
    (root / "referentiels" / "a-propos.yml").write_text(text, "utf-8")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_project(root)
    assert "adresses du site écrites deux fois" in caplog.text
    assert "a-propos/index.html (docs/a-propos.md ; généré a-propos/index.md)" in caplog.text
    assert "Traceback" not in caplog.text
    # Refused before MkDocs empties the site folder: the last site is still there.
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before

    (root / "referentiels" / "a-propos.yml").write_text(text.replace("titre:", "titre: [", 1))
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_project(root)
    assert "Référentiels invalides (1) :\nreferentiels/a-propos.yml:" in caplog.text
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before


@pytest.mark.parametrize(
    "value", ["", "abc", "-1", "99999999999999", "1.5", "１２", str(EPOCH_MAX + 1)]
)
def test_malformed_source_date_epoch_is_explained(value: str) -> None:
    with pytest.raises(PluginError) as exc:
        source_date_epoch(value)
    assert str(exc.value).startswith(f"SOURCE_DATE_EPOCH invalide (« {value} ») : un nombre entier")


def test_source_date_epoch_range() -> None:
    assert source_date_epoch(None) == 0
    assert source_date_epoch("0") == 0
    assert source_date_epoch(" 1767225600 ") == 1767225600
    assert source_date_epoch(str(EPOCH_MAX)) == EPOCH_MAX


def test_malformed_source_date_epoch_stops_the_build_cleanly(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "abc")
    root = make_project(tmp_path, MINI.parent)
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_project(root)
    assert "SOURCE_DATE_EPOCH invalide (« abc »)" in caplog.text
    assert "Traceback" not in caplog.text
