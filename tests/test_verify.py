"""``python -m cqpsite verify`` on fixture sites: the address promise against a previous build
(a folder, a copy, or served over HTTP), forgotten and edited archives, links, source fidelity."""

from __future__ import annotations

import functools
import http.server
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, Quiet, build_project, make_project
from cqpsite.__main__ import main
from cqpsite.adresses import Liste, flatten, render_adresses
from cqpsite.promesse import Publie, compare, find_published
from sitetext import resolves

MINI = "referentiels/cqp-mini.yml"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CQPSITE_DOCUMENTS", "0")  # same on both sides of each comparison
    monkeypatch.delenv("CQPSITE_PUBLIE", raising=False)
    monkeypatch.delenv("SITE_URL", raising=False)


def _site(tmp_path: Path, fixture: str = "mini") -> Path:
    return make_project(tmp_path, FIXTURES / fixture / "referentiels")


def _published(root: Path, tmp_path: Path) -> Path:
    """The site as it is now, built as the previously published site."""
    return build_project(root, tmp_path / "publie")


def _verify(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str, list[str]]:
    monkeypatch.chdir(root)
    code = main(["verify", *args])
    out, err = capsys.readouterr()
    return code, out, err.splitlines()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_first_deploy_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = _verify(_site(tmp_path, "versions"), capsys, monkeypatch)
    assert (code, err) == (0, [])
    assert out.splitlines() == [
        "[1/5] Validation des référentiels et de leurs versions…",
        "[2/5] Construction stricte du site (MkDocs) dans un dossier temporaire…",
        "      documents désactivés (CQPSITE_DOCUMENTS=0) : leurs adresses manqueront",
        "[3/5] Liens et ancres internes du site construit…",
        "[4/5] Fidélité aux textes sources…",
        "      cqp-versions : pas de texte source (source.fichier)",
        "[5/5] Adresses déjà publiées…",
        "      site_url vide ou locale : pas de liste publiée à comparer",
        "Tout est en ordre : le site peut être publié.",
    ]


REMOVED = (
    "/cqp-mini/capacites/c1/#critere-c1-1 (référentiel cqp-mini) : adresse publiée disparue du "
    "site. Pour retirer cet élément, publiez une nouvelle version : archivez la version 1.0 sous "
    "referentiels/versions/cqp-mini/1.0.yml, changez « version », puis déclarez l’identifiant "
    "'c1-1' dans « retraits » de referentiels/cqp-mini.yml (ou rétablissez l’élément)."
)
C1_1 = '          - {id: c1-1, numero: "B1.C1.1", texte: "Le poste est prêt.", essentiel: true}\n'


def test_removed_address_fails_until_a_new_version_declares_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    previous = _published(root, tmp_path)
    current = root / MINI
    original = current.read_text("utf-8")
    _edit(current, C1_1, "")
    code, _, err = _verify(root, capsys, monkeypatch, "--publie", str(previous))
    assert code == 1
    assert REMOVED in err
    assert REMOVED.replace("/capacites/", "/v/1.0/capacites/", 1) in err
    assert err[-1] == "2 problème(s) : ne publiez pas ce site."
    # The fix the message gives: archive 1.0, change the version, declare the retrait.
    archive = root / "referentiels" / "versions" / "cqp-mini" / "1.0.yml"
    archive.parent.mkdir(parents=True)
    archive.write_text(original, "utf-8")
    _edit(current, '\nversion: "1.0"\n', '\nversion: "2.0"\n')
    current.write_text(
        current.read_text("utf-8") + "retraits:\n  - {id: c1-1, motif: Supprimé.}\n", "utf-8"
    )
    code, out, err = _verify(root, capsys, monkeypatch, "--publie", str(previous / "adresses.json"))
    assert err == []
    assert code == 0
    assert "      liste publiée lue : " in out


def test_forgotten_archive_names_the_pinned_addresses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    previous = _published(root, tmp_path)
    _edit(root / MINI, '\nversion: "1.0"\n', '\nversion: "2.0"\n')
    code, _, err = _verify(root, capsys, monkeypatch, "--publie", str(previous))
    assert code == 1
    pinned = ", ".join(
        f"/cqp-mini/v/1.0/{p}"
        for p in ("", "blocs/b1/", "blocs/b2/", "capacites/c1/", "capacites/c2/", "dossier/")
    )
    assert err == [
        "cqp-mini : la version 1.0 a été publiée mais n’est plus sur le site : 30 adresses "
        f"({pinned}, /cqp-mini/v/1.0/grille/, /cqp-mini/v/1.0/badges.json, "
        "/cqp-mini/v/1.0/case.json, /cqp-mini/v/1.0/referentiel.json et 20 autres) "
        "disparaîtraient. Archivez-la telle que publiée sous "
        "referentiels/versions/cqp-mini/1.0.yml (copie du fichier de cette version).",
        "1 problème(s) : ne publiez pas ce site.",
    ]


def test_archive_edited_after_publication_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path, "versions")
    previous = _published(root, tmp_path)
    archive = root / "referentiels" / "versions" / "cqp-versions" / "2022.yml"
    _edit(archive, "Les écarts sont signalés.", "Les écarts sont signalés au chef.")
    code, _, err = _verify(root, capsys, monkeypatch, "--publie", str(previous))
    assert code == 1
    assert err == [
        "referentiels/versions/cqp-versions/2022.yml : copie archivée modifiée après "
        "publication (son contenu diffère de la version publiée) : rétablissez-la telle que "
        "publiée ; une correction se publie dans une nouvelle version",
        "1 problème(s) : ne publiez pas ce site.",
    ]


def test_new_referential_needs_no_manual_step(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    previous = _published(root, tmp_path)
    third = FIXTURES / "troisieme" / "referentiels" / "cqp-agent-maintenance.yml"
    (root / "referentiels" / third.name).write_bytes(third.read_bytes())
    code, _, err = _verify(root, capsys, monkeypatch, "--publie", str(previous))
    assert (code, err) == (0, [])


@contextmanager
def _serve(folder: Path) -> Iterator[str]:
    """``folder`` served over HTTP on 127.0.0.1 by a thread, stopped on exit."""
    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_published_list_fetched_from_the_live_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    previous = _published(root, tmp_path)
    _edit(root / MINI, C1_1, "")
    with _serve(previous) as url:
        monkeypatch.setenv("CQPSITE_PUBLIE", url)
        code, out, err = _verify(root, capsys, monkeypatch)
    assert code == 1
    assert f"      liste publiée lue : {url}adresses.json (" in out
    assert REMOVED in err
    empty = tmp_path / "vide"
    empty.mkdir()
    with _serve(empty) as url:  # a site that publishes no list yet: the first deploy
        code, out, err = _verify(root, capsys, monkeypatch, "--publie", url)
    assert (code, err) == (0, [])
    assert f"      aucune liste publiée à {url}adresses.json : premier déploiement" in out


def test_unreachable_published_list_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    code, _, err = _verify(_site(tmp_path), capsys, monkeypatch, "--publie", url)
    assert code == 1
    assert err[0].startswith(f"{url}adresses.json injoignable (")
    assert err[0].endswith(
        "donnez une copie de la liste publiée avec --publie FICHIER (ou CQPSITE_PUBLIE)"
    )


def test_broken_link_in_a_hand_written_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    (root / "docs" / "liens.md").write_text(
        '# Liens\n\n<a href="../nulle-part/">ailleurs</a> et '
        '<a href="../cqp-mini/capacites/c1/#critere-c9">un critère</a>\n',
        "utf-8",
    )
    code, _, err = _verify(root, capsys, monkeypatch)
    assert code == 1
    assert err == [
        "/liens/ : lien « ../nulle-part/ » : page ou fichier introuvable",
        "/liens/ : lien « ../cqp-mini/capacites/c1/#critere-c9 » : ancre « #critere-c9 » "
        "absente de la page",
        "2 problème(s) : ne publiez pas ce site.",
    ]


def test_fidelity_names_the_missing_source_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    _edit(
        root / MINI,
        '  statut: "Fictif"\n',
        '  statut: "Fictif"\n  fichier: "sources/mini.txt"\n  hors_texte: [\'^Page \\d+$\']\n',
    )
    sources = root / "referentiels" / "sources"
    sources.mkdir()
    (sources / "mini.txt").write_text(
        "• Préparer le POSTE\nPage 2\nUne phrase jamais publiée.\nLes contrôles sont faits :\n",
        "utf-8",
    )
    code, _, err = _verify(root, capsys, monkeypatch)
    assert code == 1
    assert err == [
        "referentiels/sources/mini.txt:3: ligne de la source absente du site : "
        "« Une phrase jamais publiée. »",
        "1 problème(s) : ne publiez pas ce site.",
    ]


def test_invalid_referentials_skip_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    _edit(root / MINI, '  statut: "Fictif"\n', "  statut: \"Fictif\"\n  hors_texte: ['a(b']\n")
    code, out, err = _verify(root, capsys, monkeypatch)
    assert code == 1
    assert err == [
        f"{MINI}:14: source.hors_texte[0]: expression régulière invalide (caractère 2) : 'a(b'",
        "1 problème(s) : ne publiez pas ce site.",
    ]
    assert out.splitlines()[1:] == [
        "[2/5] Construction stricte du site (MkDocs) dans un dossier temporaire…",
        "      non lancée : corrigez d’abord les référentiels",
        "[3/5] Liens et ancres internes du site construit…",
        "      non lancée : pas de site construit",
        "[4/5] Fidélité aux textes sources…",
        "      non lancée : pas de site construit",
        "[5/5] Adresses déjà publiées…",
        "      non lancée : pas de site construit",
    ]


def test_listed_addresses_all_resolve(tmp_path: Path) -> None:
    """``adresses.json`` promises only what the build serves: every page, anchor and file
    (archived pages, notices of retired items, pinned redirects of the current version)."""
    site = build_project(_site(tmp_path, "versions"))
    data = json.loads((site / "adresses.json").read_text("utf-8"))
    listed = flatten(data["adresses"])
    for address in sorted(listed):
        path = address.partition("#")[0]
        assert resolves(site, address) if path.endswith("/") else (site / path[1:]).is_file()
    assert "/cqp-versions/v/2022/capacites/c1/#critere-c1-3" in listed  # archived version
    # c1-3 was retired in 2024: the current page answers its old anchor with a notice, which
    # the pinned address of 2024 does not promise (2024 never had it).
    assert "/cqp-versions/capacites/c1/#critere-c1-3" in listed
    assert "/cqp-versions/v/2024/capacites/c1/#critere-c1-3" not in listed
    assert "/cqp-versions/v/2024/capacites/c1/#critere-c1-1" in listed
    assert sorted(data["referentiels"]["cqp-versions"]["versions"]) == ["2022", "2024"]


def test_outside_a_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = _verify(tmp_path, capsys, monkeypatch)
    assert (code, out) == (1, "")
    assert err == [f"{tmp_path}: mkdocs.yml introuvable : lancez verify à la racine du site"]


def _liste(adresses: dict[str, list[str]], **versions: str) -> dict[str, Any]:
    return {
        "format": 1,
        "referentiels": {
            i: {"version": v, "versions": {v: "sha256:a"}} for i, v in versions.items()
        },
        "adresses": adresses,
    }


PUBLISHED = _liste(
    {
        "/": [],
        "/schema/referentiel.schema.json": [],
        "/r/": ["section-intro"],
        "/r/capacites/c1/": ["critere-c1-1", "critere-c1-2"],
        "/r/dossier/": ["question-q1"],
        "/s/": [],
        "/s/blocs/b1/": [],
    },
    r="1",
    s="2",
)


@pytest.mark.parametrize(
    ("adresses", "retraits", "expected"),
    [
        pytest.param(dict(PUBLISHED["adresses"]), {}, [], id="inchange"),
        pytest.param(
            {
                k: v
                for k, v in PUBLISHED["adresses"].items()
                if k != "/schema/referentiel.schema.json"
            },
            {},
            ["/schema/referentiel.schema.json : adresse publiée disparue du site ; rétablissez-la"],
            id="fichier-du-site",
        ),
        pytest.param(
            {**PUBLISHED["adresses"], "/r/dossier/": []},
            {"r": {"q1"}},
            [],
            id="retrait-declare",
        ),
        pytest.param(
            {k: v for k, v in PUBLISHED["adresses"].items() if not k.startswith("/s/")},
            {},
            [
                "s : référentiel publié absent du site : 2 adresses (/s/, /s/blocs/b1/) "
                "disparaîtraient. Rétablissez referentiels/s.yml (et ses versions archivées)."
            ],
            id="referentiel-supprime",
        ),
    ],
)
def test_compare(
    adresses: dict[str, list[str]], retraits: dict[str, set[str]], expected: list[str]
) -> None:
    current = _liste(adresses, r="1", **({"s": "2"} if "/s/" in adresses else {}))
    assert compare(PUBLISHED, current, retraits) == expected


def test_unreadable_published_lists(tmp_path: Path) -> None:
    bad = tmp_path / "adresses.json"
    bad.write_text("{pas du json", "utf-8")
    assert find_published(str(bad), "") == Publie(
        None, f"{bad} : ce n’est pas une liste d’adresses (JSON)", erreur=True
    )
    bad.write_text('{"adresses": []}', "utf-8")
    assert find_published(str(tmp_path), "").message.endswith(
        "liste d’adresses d’un format inconnu"
    )
    missing = tmp_path / "absent.json"
    assert find_published(str(missing), "https://exemple.org/") == Publie(
        None, f"{missing} introuvable : indiquez la liste publiée", erreur=True
    )
    for local in ("http://127.0.0.1:8000/", "http://localhost/", ""):
        assert find_published("", local) == Publie(
            None, "site_url vide ou locale : pas de liste publiée à comparer"
        )


def test_address_list_is_json_with_one_line_per_page() -> None:
    refs = {"r": {"version": "2", "versions": {"1": "sha256:a", "2": "sha256:b"}}}
    odd = ['a"], "/x', "critere-c1"]  # a quote in an anchor stays inside its string
    text = render_adresses([Liste({"/r/": odd, "/": []}, refs), Liste({"/s/": []}, {})])
    assert json.loads(text) == {
        "format": 1,
        "referentiels": refs,
        "adresses": {"/": [], "/r/": odd, "/s/": []},
    }
    assert text.decode().splitlines()[6:9] == [
        '  "/": [],',
        '  "/r/": ["a\\"], \\"/x", "critere-c1"],',
        '  "/s/": []',
    ]


def test_build_warnings_are_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    (root / "docs" / "casse.md").write_text("# Cassé\n\n[absent](absent.md)\n", "utf-8")
    code, out, err = _verify(root, capsys, monkeypatch)
    assert code == 1
    assert err[0].startswith(
        "construction (MkDocs) : Doc file 'casse.md' contains a link 'absent.md', but the target "
    )
    assert err[1:] == [  # the built site is still checked: the link check finds it too
        "/casse/ : lien « absent.md » : page ou fichier introuvable",
        "2 problème(s) : ne publiez pas ce site.",
    ]
    assert "[5/5] Adresses déjà publiées…" in out
