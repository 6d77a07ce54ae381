"""Several versions of a referential: checks across versions, pinned paths, notices for what
was retired, the comparison page, and links given out under one version still resolving after
the next one (tests/fixtures/versions: 2022 archived, 2024 current)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, build_project, make_project
from cqpsite.__main__ import main
from cqpsite.recherche import read_index
from opendata import published_json_errors
from sitetext import resolves

VERSIONS = FIXTURES / "versions" / "referentiels"
REF = "cqp-versions"
CURRENT = VERSIONS / f"{REF}.yml"
ARCHIVE = VERSIONS / "versions" / REF / "2022.yml"


@pytest.fixture(scope="module")
def no_documents() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CQPSITE_DOCUMENTS", "0")
        yield


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, no_documents: None) -> Path:
    return build_project(make_project(tmp_path_factory.mktemp("versions"), VERSIONS))


def _html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def _text(html: str) -> str:
    """The page's own text (the article, without the theme's tables of contents)."""
    article = re.search(r"<article.*?</article>", html, re.S)
    body = article.group(0) if article else html
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    body = re.sub(r'<a class="headerlink".*?</a>', " ", body, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).replace("&nbsp;", " ").split())


# --- checks across versions ------------------------------------------------------------------


def _project(tmp_path: Path, current: str, archives: dict[str, str]) -> Path:
    folder = tmp_path / "referentiels"
    (folder / "versions" / REF).mkdir(parents=True)
    (folder / f"{REF}.yml").write_text(current, "utf-8")
    for name, text in archives.items():
        (folder / "versions" / REF / name).write_text(text, "utf-8")
    return tmp_path


def _check(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, list[str]]:
    monkeypatch.chdir(root)
    code = main(["check", *args])
    return code, capsys.readouterr().err.splitlines()


def _line(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


CURRENT_TEXT = CURRENT.read_text("utf-8")
ARCHIVE_TEXT = ARCHIVE.read_text("utf-8")


def test_the_fixture_is_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, CURRENT_TEXT, {"2022.yml": ARCHIVE_TEXT})
    monkeypatch.chdir(root)
    assert main(["check"]) == 0
    assert capsys.readouterr().out == "1 fichier(s) valide(s).\n"


def test_an_item_removed_without_a_retrait_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = CURRENT_TEXT.replace('  - {id: c1-3, motif: "critère fusionné avec C1-2"}\n', "")
    root = _project(tmp_path, text, {"2022.yml": ARCHIVE_TEXT})
    code, err = _check(root, capsys, monkeypatch)
    assert code == 1
    line = _line(text, "retraits:") + 1  # the list's first line
    assert err[0] == (
        f"referentiels/{REF}.yml:{line}: retraits: critère 'c1-3' de la version précédente a "
        "disparu : ajoutez-le à « retraits » avec un motif, ou l’un des éléments qui le "
        "contenaient (ou rétablissez-le avec le même identifiant)"
    )
    # Retiring capacité c2 covers its criterion c2-1: nothing said about it.
    assert not any("c2-1" in e for e in err)


def test_an_id_never_changes_nature_nor_comes_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # 2025 reuses c1-3 (retired in 2024) and turns capacité c2's ID into a criterion's.
    text = (
        CURRENT_TEXT.replace('version: "2024"', 'version: "2025"')
        .replace(
            '      - {id: c1-4, texte: "Les délais sont tenus."}\n',
            '      - {id: c1-4, texte: "Les délais sont tenus."}\n'
            '      - {id: c1-3, texte: "Le poste est rangé."}\n'
            '      - {id: c2, texte: "Les colis sont emballés."}\n',
        )
        .split("retraits:")[0]
    )
    archives = {"2022.yml": ARCHIVE_TEXT, "2024.yml": CURRENT_TEXT}
    root = _project(tmp_path, text, archives)
    code, err = _check(root, capsys, monkeypatch)
    assert code == 1
    name = f"referentiels/{REF}.yml"
    assert err[:-1] == [
        f"{name}:{_line(text, 'id: c1-3')}: id: identifiant 'c1-3' retiré en version 2024 : "
        "un identifiant retiré ne sert plus jamais, choisissez-en un nouveau",
        f"{name}:{_line(text, 'id: c2,')}: id: identifiant 'c2' retiré en version 2024 : "
        "un identifiant retiré ne sert plus jamais, choisissez-en un nouveau",
    ]
    assert err[-1] == "2 problème(s) dans 1 fichier(s)."


def test_a_change_of_nature_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # c3-2 was a criterion in 2022: here it names a capacité.
    text = CURRENT_TEXT.replace("{id: c3-2,", "{id: c3-3,").replace("- id: c3\n", "- id: c3-2\n")
    text += '  - {id: c3, motif: "capacité renumérotée"}\n'
    root = _project(tmp_path, text, {"2022.yml": ARCHIVE_TEXT})
    code, err = _check(root, capsys, monkeypatch)
    assert code == 1
    assert (
        f"referentiels/{REF}.yml:{_line(text, '- id: c3-2')}: id: identifiant 'c3-2' : c’était "
        "un(e) critère en version 2022, c’est ici un(e) capacité ; un identifiant ne change "
        "jamais de nature"
    ) in err


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda t: t + '  - {id: zz, motif: "inconnu"}\n',
            "{file}:{n}: retraits[2].id: 'zz' n’existait pas dans la version précédente",
        ),
        (
            lambda t: t + '  - {id: c1-1, motif: "toujours là"}\n',
            "{file}:{n}: retraits[2].id: 'c1-1' est déclaré retiré mais existe encore dans "
            "cette version",
        ),
        (
            lambda t: t.replace('version: "2024"', 'version: "2022"'),
            "{file}:{v}: version: la version '2022' est déjà archivée "
            "(referentiels/versions/cqp-versions/2022.yml) : changez la version du fichier courant",
        ),
        (
            lambda t: t.replace('version: "2024"', 'version: "2024 révisée"'),
            "{file}:{v}: version: version '2024 révisée' invalide : elle sert dans les chemins "
            "(minuscules sans accents, chiffres, points et tirets, ex. « 2024 » ou « 2024.1 »)",
        ),
    ],
    ids=["retrait-inconnu", "retrait-present", "version-archivee", "version-invalide"],
)
def test_version_problems_name_file_and_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    change: object,
    expected: str,
) -> None:
    text = change(CURRENT_TEXT)  # type: ignore[operator]
    root = _project(tmp_path, text, {"2022.yml": ARCHIVE_TEXT})
    code, err = _check(root, capsys, monkeypatch)
    assert code == 1
    lines = text.splitlines()
    wanted = expected.format(
        file=f"referentiels/{REF}.yml", n=len(lines), v=_line(text, "version: ")
    )
    assert wanted in err


def test_archived_files_are_named_after_their_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, CURRENT_TEXT, {"2021.yml": ARCHIVE_TEXT})
    (root / "referentiels" / "versions" / "cqp-perdu").mkdir()
    code, err = _check(root, capsys, monkeypatch)
    assert code == 1
    archived = f"referentiels/versions/{REF}/2021.yml"
    assert err == [
        f"{archived}:{_line(ARCHIVE_TEXT, 'version: ')}: version: version '2022' : une version "
        "archivée se nomme versions/cqp-versions/<version>.yml (ici '2021.yml')",
        # Without a loadable archive, the current version's retraits have no previous version.
        f"referentiels/{REF}.yml:{_line(CURRENT_TEXT, 'retraits:') + 1}: retraits: retraits ('c1-3', "
        "'c2') sans version précédente archivée : archivez la version publiée telle quelle sous "
        f"versions/{REF}/<version>.yml (ses adresses /v/<version>/… restent ainsi en ligne)",
        "referentiels/versions/cqp-perdu:1: (dossier): versions archivées sans fichier "
        "courant cqp-perdu.yml",
        "3 problème(s) dans 1 fichier(s).",
    ]


def test_checking_an_archived_file_checks_its_whole_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the pre-commit hook does when only an archived file changed."""
    text = CURRENT_TEXT.replace('  - {id: c1-3, motif: "critère fusionné avec C1-2"}\n', "")
    root = _project(tmp_path, text, {"2022.yml": ARCHIVE_TEXT})
    code, err = _check(root, capsys, monkeypatch, f"referentiels/versions/{REF}/2022.yml")
    assert code == 1
    assert any("critère 'c1-3' de la version précédente a disparu" in e for e in err)


# --- the published site ----------------------------------------------------------------------


def test_archived_version_is_published_under_its_pinned_path(site: Path) -> None:
    old = _html(site, f"{REF}/v/2022/capacites/c2")
    text = _text(old)
    assert "Version remplacée par la version 2024." in text
    assert "Vous consultez la version 2022 de ce référentiel" in text
    assert "Cet élément n’existe plus dans la version en vigueur : voir la version 2024" in text
    assert 'href="../../../../capacites/c2/"' in old  # the notice at the current address
    assert 'href="../../comparaison/"' in old
    assert 'id="critere-c2-1"' in old
    kept = _html(site, f"{REF}/v/2022/capacites/c1")
    assert "Voir cet élément dans la version en vigueur (2024)" in _text(kept)
    assert 'href="../../../../capacites/c1/"' in kept
    assert "Le poste est rangé." in _text(kept)  # the 2022 text, as published
    assert "Les écarts sont signalés au responsable." not in _text(kept)
    # Archived pages stay out of search and of the navigation.
    index = read_index(site)
    locations = {d["location"] for d in index["docs"]}
    assert not any("/v/" in loc for loc in locations)
    assert any(loc.startswith(f"{REF}/capacites/c1/") for loc in locations)
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', old, re.S)
    assert nav is not None and "v/2022" not in nav.group(0)


def test_pinned_addresses_of_the_current_version_are_pages(site: Path) -> None:
    """Each pinned page of the current version carries its anchors, the element's text and a
    plain link to the element's current address; with JavaScript it moves on, anchor kept."""
    pinned = (site / REF / "v" / "2024" / "capacites" / "c1" / "index.html").read_text("utf-8")
    assert 'location.replace("../../../../capacites/c1/" + location.hash)' in pinned
    assert "http-equiv" not in pinned  # a refresh would drop the anchor without JavaScript
    items = re.findall(r'<li id="([^"]+)">(.*?)</li>', pinned, re.S)
    assert [i for i, _ in items if i.startswith("critere-")] == [
        f"critere-c1-{n}" for n in (1, 2)
    ] + [
        "critere-c3-1",
        "critere-c1-4",
    ]
    # The page's other promised anchors (its grid here) get a plain link each too.
    assert 'href="../../../../capacites/c1/#grille-c1"' in dict(items)["grille-c1"]
    c1_2 = dict(items)["critere-c1-2"]
    assert "<strong>Critère C1-2</strong> — Les écarts sont signalés au responsable." in c1_2
    assert 'href="../../../../capacites/c1/#critere-c1-2"' in c1_2
    overview = _html(site, f"{REF}/v/2024")
    assert 'href="../../"' in overview and 'id="critere-' not in overview
    for page in ("", "capacites/c1", "capacites/c3", "grille"):
        assert resolves(site, f"{REF}/v/2024/{page}")
    # Downloads and exports are copied: the pinned JSON carries pinned permalinks.
    pinned = json.loads((site / REF / "v" / "2024" / "referentiel.json").read_text("utf-8"))
    assert pinned["referentiel"]["permalien"].endswith(f"/{REF}/v/2024/")
    current = json.loads((site / REF / "referentiel.json").read_text("utf-8"))
    assert current["referentiel"]["permalien"].endswith(f"/{REF}/")
    assert not (site / REF / "v" / "2024" / "capacites" / "c2").exists()


def test_retired_and_moved_items_keep_their_addresses(site: Path) -> None:
    notice = _html(site, f"{REF}/capacites/c2")
    text = _text(notice)
    assert "Élément retiré" in text
    assert "Capacité C2 — Capacité 2 : Emballer les colis" in text
    assert "Retiré en version 2024 : capacité supprimée par le certificateur." in text
    assert 'id="critere-c2-1"' in notice
    assert 'href="../../v/2022/capacites/c2/#critere-c2-1"' in notice
    c1 = _html(site, f"{REF}/capacites/c1")
    assert 'id="critere-c1-3"' in c1
    assert "Retiré en version 2024 : critère fusionné avec C1-2." in _text(c1)
    c3 = _html(site, f"{REF}/capacites/c3")
    assert 'id="critere-c3-1"' in c3
    assert 'href="../c1/#critere-c3-1"' in c3  # moved, same ID
    assert "Déplacé : voir C3-1 dans la version en vigueur" in _text(c3)


def test_comparison_page_lists_changes_by_id(site: Path) -> None:
    text = _text(_html(site, f"{REF}/v/2022/comparaison"))
    assert "Changements de la version 2022 à la version 2024" in text
    assert "Ajouts (1) Critère C1-4 — Les délais sont tenus." in text
    assert (
        "Retraits (3) Critère C1-3 — Le poste est rangé. Retiré en version 2024 : critère "
        "fusionné avec C1-2. Capacité C2 — Capacité 2 : Emballer les colis Retiré en version "
        "2024 : capacité supprimée par le certificateur. Critère C2-1"
    ) in text
    assert (
        "Critère C1-2 Version 2022 : Les écarts sont signalés. "
        "Version 2024 : Les écarts sont signalés au responsable."
    ) in text
    assert "Version 2024 (critère essentiel) : Les commandes sont préparées." in text
    assert "Capacité C3 Version 2022 : Capacité 3 : Expédier Version 2024 : Capacité 2" in text
    versions = _text(_html(site, f"{REF}/versions"))
    assert "2024 2 2024 en vigueur Adresse figée de la version 2024" in versions
    assert "2022 1 2022 remplacée Adresse figée de la version 2022 · Changements" in versions


def _addresses(site: Path, site_url: str = "http://127.0.0.1:8000/") -> set[str]:
    """Every permalink handed out by the open data of the site's referential: the JSON's
    (current addresses), the badges' and the CASE package's (pinned)."""
    found: set[str] = set()

    def collect(obj: object) -> None:
        if isinstance(obj, dict):
            for key, value in obj.items():
                # "urn:…" are CASE identifiers, not addresses.
                if key in ("permalien", "targetUrl", "uri") and not str(value).startswith("urn:"):
                    found.add(str(value).removeprefix(site_url))
                collect(value)
        elif isinstance(obj, list):
            for value in obj:
                collect(value)

    for name in ("referentiel.json", "badges.json", "case.json"):
        collect(json.loads((site / REF / name).read_text("utf-8")))
    return found


def test_links_given_out_under_2022_resolve_after_2024(
    tmp_path_factory: pytest.TempPathFactory, site: Path, no_documents: None
) -> None:
    """Publish 2022 alone, collect every link it hands out; they all work once 2024 is out."""
    folder = tmp_path_factory.mktemp("avant") / "referentiels"
    folder.mkdir()
    shutil.copy(ARCHIVE, folder / f"{REF}.yml")
    before = build_project(make_project(folder.parent, folder))
    given = _addresses(before)
    assert f"{REF}/capacites/c2/#critere-c2-1" in given  # current address, retired since
    assert f"{REF}/v/2022/capacites/c1/#critere-c1-3" in given  # badge, pinned
    assert all(resolves(before, a) for a in given)
    broken = sorted(a for a in given if not resolves(site, a))
    assert broken == []


# --- open data across versions -----------------------------------------------------------------


def test_every_published_json_file_validates_archived_copies_included(site: Path) -> None:
    checked, errors = published_json_errors(site)
    assert errors == []
    assert (site / REF / "v" / "2022" / "case.json").is_file()
    # search index (settings, documents), address list, schemas, current + pin + 2022
    assert checked == 2 + 1 + 2 + 3 * 3


def test_items_of_the_archived_version_are_replaced_by_their_successors(site: Path) -> None:
    """The 2024 package links each 2022 item still present to its 2024 successor; the 2022
    package itself is unchanged by the new version (no association out of it)."""

    def package(*parts: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(site.joinpath(REF, *parts, "case.json").read_bytes())
        return data

    old, new = package("v", "2022"), package()
    assert package("v", "2024") == new
    assert {a["associationType"] for a in old["CFAssociations"]} == {"isChildOf"}
    old_ids = {i["humanCodingScheme"]: i["identifier"] for i in old["CFItems"]}
    new_ids = {i["humanCodingScheme"]: i["identifier"] for i in new["CFItems"]}
    replaced = {
        a["originNodeURI"]["identifier"]: a["destinationNodeURI"]["identifier"]
        for a in new["CFAssociations"]
        if a["associationType"] == "replacedBy"
    }
    kept = sorted(set(old_ids) & set(new_ids))
    assert kept == ["C1", "C1-1", "C1-2", "C3", "C3-1", "C3-2"]  # C1-3 and C2 were retired
    expected = {old_ids[code]: new_ids[code] for code in kept}
    expected[old["CFDocument"]["identifier"]] = new["CFDocument"]["identifier"]
    assert replaced == expected
    assert all(old_ids[c] != new_ids[c] for c in kept)  # each version has its identifiers
    assert old["CFDocument"]["lastChangeDateTime"] == "2022-01-01T00:00:00+00:00"
    assert new["CFDocument"]["lastChangeDateTime"] == "2024-01-01T00:00:00+00:00"
