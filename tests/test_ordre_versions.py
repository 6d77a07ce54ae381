"""An archived version must come before the current one (issue 17): "2030" archived beside a
current "1", "1.0" beside "1", "01" beside "1" are refused by ``check`` with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES
from cqpsite.__main__ import main

REF = "cqp-versions"
VERSIONS = FIXTURES / "versions" / "referentiels"
CURRENT_TEXT = (VERSIONS / f"{REF}.yml").read_text("utf-8")
ARCHIVE_TEXT = (VERSIONS / "versions" / REF / "2022.yml").read_text("utf-8")
LINE = next(i for i, t in enumerate(ARCHIVE_TEXT.splitlines(), 1) if t.startswith("version:"))


def _check(
    tmp_path: Path,
    current: str,
    archived: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[int, list[str]]:
    folder = tmp_path / "referentiels"
    (folder / "versions" / REF).mkdir(parents=True)
    (folder / f"{REF}.yml").write_text(
        CURRENT_TEXT.replace('version: "2024"', f'version: "{current}"'), "utf-8"
    )
    for version in archived:
        text = ARCHIVE_TEXT.replace('version: "2022"', f'version: "{version}"')
        (folder / "versions" / REF / f"{version}.yml").write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["check"])
    return code, capsys.readouterr().err.splitlines()


@pytest.mark.parametrize(("current", "archived"), [("1", "2030"), ("1", "1.0"), ("2024", "2024.1")])
def test_an_archived_version_newer_than_the_current_one_is_refused(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    current: str,
    archived: str,
) -> None:
    code, err = _check(tmp_path, current, [archived], capsys, monkeypatch)
    assert code == 1
    assert err[0] == (
        f"referentiels/versions/{REF}/{archived}.yml:{LINE}: version: version archivée "
        f"'{archived}' postérieure à la version courante '{current}' (referentiels/{REF}.yml) : "
        "une version archivée est antérieure (ordre naturel : 2 < 10 < 2024 < 2024.1)"
    )


def test_two_versions_of_one_rank_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, err = _check(tmp_path, "1", ["01"], capsys, monkeypatch)
    assert code == 1
    assert err[0] == (
        f"referentiels/versions/{REF}/01.yml:{LINE}: version: version '01' : même rang que la "
        f"version de referentiels/{REF}.yml (« 01 » se lit « 1 ») ; donnez-lui un numéro distinct"
    )


def test_older_archives_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _check(tmp_path, "2024", ["2022"], capsys, monkeypatch)[0] == 0
