"""Open data: the JSON Schema of the YAML format, and a real build of a third referential
(written only from the schema and the guide) with its pages and JSON exports."""

from __future__ import annotations

import copy
import dataclasses
import json
import logging
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import FIXTURES, PROJECT, REELS, build_project, make_project
from cqpsite import urls
from cqpsite.corpus import find_files, load_referentiel
from cqpsite.exports import dumps, identifiants, render_exports
from cqpsite.exports.badges import achievements
from cqpsite.exports.schema import PATH as SCHEMA_PATH
from cqpsite.exports.schema import referentiel_schema
from cqpsite.exports.squelette import squelette
from cqpsite.model import Critere, Referentiel
from cqpsite.rules import walk
from cqpsite.site import build_site
from opendata import achievement_validator, case_errors, published_json_errors
from sitetext import resolves

TROISIEME = FIXTURES / "troisieme" / "referentiels"
SLUG = "cqp-agent-maintenance"
SITE_URL = "https://exemple.org/sous-chemin/"
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/referentiel.schema.json"


class _PlainLoader(yaml.SafeLoader):
    """Reads dates as text, as editors (YAML 1.2) and ``loading`` do."""


_PlainLoader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda loader, node: loader.construct_scalar(node),  # type: ignore[arg-type]
)


def _yaml(text: str) -> Any:
    return yaml.load(text, Loader=_PlainLoader)  # a SafeLoader subclass


def _validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = referentiel_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _errors(validator: Any, data: Any) -> list[str]:
    return sorted(f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data))


def _strip(obj: Any) -> Any:
    """A ``referentiel.json`` member without its ``permalien`` keys."""
    if isinstance(obj, dict):
        return {k: _strip(v) for k, v in obj.items() if k != "permalien"}
    return [_strip(v) for v in obj] if isinstance(obj, list) else obj


def _load(path: Path) -> Referentiel:
    ref, problemes = load_referentiel(path)
    assert ref is not None, [str(p) for p in problemes]
    return ref


# --- schema ---------------------------------------------------------------------------------


def test_committed_schema_is_up_to_date() -> None:
    committed = PROJECT / SCHEMA_PATH
    assert committed.is_file(), "schéma absent : lancez python -m cqpsite schema"
    assert committed.read_bytes() == dumps(referentiel_schema()), (
        "schema/referentiel.schema.json n’est pas à jour : lancez python -m cqpsite schema"
    )


def _yaml_files() -> Iterator[Path]:
    yield from find_files(REELS)
    for folder in sorted(FIXTURES.glob("*/referentiels")):
        yield from find_files(folder)


@pytest.mark.parametrize("path", list(_yaml_files()), ids=lambda p: p.name)
def test_yaml_files_validate_against_schema(path: Path) -> None:
    assert _errors(_validator(), _yaml(path.read_text("utf-8"))) == []


@pytest.mark.parametrize("path", find_files(REELS), ids=lambda p: p.name)
def test_real_yaml_files_declare_the_schema(path: Path) -> None:
    assert path.read_text("utf-8").splitlines()[0] == SCHEMA_LINE


def test_skeleton_validates_against_schema() -> None:
    assert _errors(_validator(), _yaml(squelette("cqp-essai"))) == []


BASE = _yaml((TROISIEME / f"{SLUG}.yml").read_text("utf-8"))


def _with(path: tuple[Any, ...], value: Any) -> Any:
    data = json.loads(json.dumps(BASE))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (_with(("inconnue",), 1), "Additional properties are not allowed ('inconnue' was"),
        (_with(("blocs", 0, "id"), "Bloc 1"), "'Bloc 1' does not match"),
        (_with(("regles", "unite"), "module"), "'module' is not one of ['bloc', 'capacite']"),
        (_with(("blocs", 2, "criteres"), "aucun"), "'aucun' is not valid under any of"),
        (_with(("blocs", 0, "numero"), 1), "1 is not of type 'string'"),
        (_with(("titre",), ""), "'' should be non-empty"),
    ],
)
def test_schema_rejects(data: Any, expected: str) -> None:
    errors = _errors(_validator(), data)
    assert len(errors) == 1 and expected in errors[0], errors


def test_schema_accepts_shorthands_and_non_publies() -> None:
    data = _with(("blocs", 2, "criteres"), "non_publies")
    data["textes"][0]["contenu"].append({"texte": "Forme longue d’un paragraphe."})
    assert _errors(_validator(), data) == []


# --- a real build of the third referential --------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with pytest.MonkeyPatch.context() as mp:
        try:
            from cqpsite.documents import render_documents  # noqa: F401
        except ImportError:
            mp.setenv("CQPSITE_DOCUMENTS", "0")  # documents package not importable yet
        # Exports become absolute once the hook passes site_url: accept both forms.
        mp.setenv("SITE_URL", SITE_URL)
        tmp = tmp_path_factory.mktemp("troisieme")
        yield build_project(make_project(tmp, TROISIEME))


@pytest.fixture(scope="module")
def ref() -> Referentiel:
    return _load(TROISIEME / f"{SLUG}.yml")


def _html(site: Path, src_uri: str) -> str:
    public = urls.public_url(src_uri)
    path = site / public / "index.html" if public.endswith("/") or not public else site / public
    return path.read_text("utf-8")


def _criteres(ref: Referentiel) -> list[Critere]:
    out = [c for b in ref.blocs if not isinstance(b.criteres, str) for c in b.criteres]
    return out + [c for b in ref.blocs for cap in b.capacites for c in cap.criteres]


def test_every_page_is_built(site: Path, ref: Referentiel) -> None:
    srcs = [urls.overview_page(ref), urls.dossier_page(ref), urls.grille_page(ref)]
    srcs += [urls.bloc_page(ref, b) for b in ref.blocs]
    srcs += [urls.capacite_page(ref, c) for b in ref.blocs for c in b.capacites]
    assert len(srcs) == 3 + 3 + 4
    for src in srcs:
        assert "<h1" in _html(site, src), src
    grille = _html(site, urls.grille_page(ref))
    for bloc in ref.blocs:
        assert f'id="{urls.grille_anchor(bloc.id)}"' in grille
    for c in _criteres(ref):
        assert f'data-critere="{c.id}"' in grille
    bloc_1 = _html(site, urls.bloc_page(ref, ref.blocs[0]))
    assert 'class="checklist"' in bloc_1 and 'data-question="q-bloc-1-1"' in bloc_1
    dossier = _html(site, urls.dossier_page(ref))
    assert f'id="{urls.question_anchor("q-signature")}"' in dossier


def test_overview_links_the_open_data(site: Path, ref: Referentiel) -> None:
    overview = _html(site, urls.overview_page(ref))
    assert 'id="donnees-ouvertes"' in overview
    for target in ("referentiel.json", "case.json", "badges.json"):
        assert f'href="{target}"' in overview
    assert 'href="../schema/referentiel.schema.json"' in overview
    assert (site / urls.schema_file()).read_bytes() == dumps(referentiel_schema())


def _exports(site: Path, ref: Referentiel) -> dict[str, Any]:
    return {
        "json": json.loads((site / urls.export_json(ref)).read_text("utf-8")),
        "case": json.loads((site / urls.export_case(ref)).read_text("utf-8")),
        "badges": json.loads((site / urls.export_badges(ref)).read_text("utf-8")),
    }


def _local(permalien: str) -> str:
    return permalien.removeprefix(SITE_URL)


def _resolves(site: Path, permalien: str) -> bool:
    return resolves(site, _local(permalien))


def test_json_export_carries_every_id_and_permalink(site: Path, ref: Referentiel) -> None:
    data = _exports(site, ref)["json"]
    assert (data["format"], data["version_format"]) == ("cqpsite-referentiel", "1.0")
    links = {}

    def collect(obj: Any) -> None:
        if isinstance(obj, dict):
            if "permalien" in obj:
                links[obj["id"]] = obj["permalien"]
            for value in obj.values():
                collect(value)
        elif isinstance(obj, list):
            for value in obj:
                collect(value)

    collect(data["referentiel"])
    ids = {c.id for c in _criteres(ref)} | {p.id for c in _criteres(ref) for p in c.points}
    ids |= {b.id for b in ref.blocs} | {c.id for b in ref.blocs for c in b.capacites}
    assert set(links) == ids | {SLUG}
    assert (
        _local(links["cap-1-2-a-1"])
        == "cqp-agent-maintenance/capacites/cap-1-2/#critere-cap-1-2-a-1"
    )
    assert _local(links["bloc-3-b"]) == "cqp-agent-maintenance/blocs/bloc-3/#critere-bloc-3-b"
    for permalien in links.values():
        assert _resolves(site, permalien), permalien


def test_case_check_catches_what_case_1_0_refuses(site: Path, ref: Referentiel) -> None:
    case = copy.deepcopy(_exports(site, ref)["case"])
    del case["CFDocument"]["creator"]  # required by the CASE 1.0 schema
    case["CFItems"][0]["identifier"] = "C1"  # not a UUID
    case["CFItems"][1]["extensions"] = {}  # CASE 1.1 only, and only kept on CFDocument
    case["CFAssociations"][0]["associationType"] = "contient"  # not in the vocabulary
    case["version"] = "1"  # a CFPackage holds only its records
    found = "\n".join(case_errors(case, "case.json"))
    for expected in ("'creator' is a required property", "'C1' does not match",
                     "champs hors CASE 1.0 : ['extensions']", "'contient' is not one of",
                     "('version' was unexpected)"):  # fmt: skip
        assert expected in found


def test_json_export_is_the_yaml_format_plus_permalinks(site: Path, ref: Referentiel) -> None:
    data = _strip(_exports(site, ref)["json"]["referentiel"])
    assert _errors(_validator(), data) == []


def test_case_package_is_consistent(site: Path, ref: Referentiel) -> None:
    case = _exports(site, ref)["case"]
    doc, items, assocs = case["CFDocument"], case["CFItems"], case["CFAssociations"]
    assert "aucune conformité n’est revendiquée" in doc["notes"]
    assert case_errors(case, "case.json") == []
    nodes = {doc["identifier"]: doc["uri"]} | {i["identifier"]: i["uri"] for i in items}
    assert len(nodes) == len(items) + 1  # identifiers are unique
    assert doc["identifier"] == identifiants.identifier(f"{SLUG}/1")
    for i in items:  # from the content: referential, version, item ID
        assert i["identifier"] == identifiants.identifier(
            f"{SLUG}/1/{i['humanCodingScheme']}".lower()
        )
    assert (doc["version"], doc["adoptionStatus"]) == ("1", "Draft")
    assert doc["extensions"]["versionSource"] == ref.source.version
    assert {i["lastChangeDateTime"] for i in items} == {"2026-02-01T00:00:00+00:00"}
    codes = [i["humanCodingScheme"] for i in items]
    ids = [c.id for c in _criteres(ref)] + [p.id for c in _criteres(ref) for p in c.points]
    assert {i.upper() for i in ids} <= set(codes)
    assert len(assocs) == len(items)
    children = {a["originNodeURI"]["identifier"] for a in assocs}
    assert children == {i["identifier"] for i in items}  # each item has exactly one parent
    for a in assocs:
        assert a["associationType"] == "isChildOf"
        for end in (a["originNodeURI"], a["destinationNodeURI"]):
            assert nodes[end["identifier"]] == end["uri"]
        assert a["CFDocumentURI"]["identifier"] == doc["identifier"]
    by_uri = {i["uri"]: i for i in items}
    parent_of = {a["originNodeURI"]["uri"]: a["destinationNodeURI"]["uri"] for a in assocs}
    point = "cqp-agent-maintenance/v/1/capacites/cap-1-2/#critere-cap-1-2-a-1"
    chain = [next(u for u in by_uri if _local(u) == point)]
    while chain[-1] in parent_of:
        chain.append(parent_of[chain[-1]])
    assert [by_uri[u]["CFItemType"] for u in chain[:-1]] == [
        "Point de critère",
        "Critère essentiel",
        "Capacité",
        "Bloc de compétences",
    ]
    assert chain[-1] == doc["uri"]
    for item in items:
        assert _resolves(site, item["uri"]), item["uri"]


def test_badges_align_every_criterion(site: Path, ref: Referentiel) -> None:
    badges = _exports(site, ref)["badges"]
    by_code = {a["targetCode"]: a for a in badges["alignments"]}
    assert len(by_code) == len(badges["alignments"]) == len(_criteres(ref))
    assert set(by_code) == {c.id.upper() for c in _criteres(ref)}
    for c in _criteres(ref):
        a = by_code[c.id.upper()]
        assert a["type"] == ["Alignment"]
        assert (a["targetDescription"], a["targetFramework"]) == (c.texte, ref.titre)
        assert _resolves(site, a["targetUrl"])
        # The pages link to badges.json (open data) instead of showing each alignment.
        assert "targetCode" not in _html(site, urls.critere_page(ref, c.id))


# --- exports as pure functions --------------------------------------------------------------


def test_exports_are_deterministic_and_absolute_with_site_url(ref: Referentiel) -> None:
    first = render_exports(ref, "https://exemple.org/cqp/")
    assert first == render_exports(ref, "https://exemple.org/cqp/")
    assert list(first) == [urls.export_json(ref), urls.export_case(ref), urls.export_badges(ref)]
    for content in first.values():
        assert content.endswith(b"}\n") and "é".encode() in content
    badges = json.loads(first[urls.export_badges(ref)])
    assert badges["alignments"][0]["targetUrl"] == (  # pinned: a badge certifies one version
        "https://exemple.org/cqp/cqp-agent-maintenance/v/1/capacites/cap-1-1/#critere-cap-1-1-a"
    )
    case = json.loads(first[urls.export_case(ref)])
    assert case["CFDocument"]["lastChangeDateTime"] == "2026-02-01T00:00:00+00:00"  # source.date
    assert case["CFDocument"]["uri"] == "https://exemple.org/cqp/cqp-agent-maintenance/v/1/"


def test_build_site_registers_exports_once(tmp_path: Path) -> None:
    folder = tmp_path / "referentiels"
    folder.mkdir()
    for source in (TROISIEME / f"{SLUG}.yml", FIXTURES / "mini" / "referentiels" / "cqp-mini.yml"):
        (folder / source.name).write_bytes(source.read_bytes())
    built = build_site(folder, 0, None, documents=False, site_url="https://exemple.org/")
    uris = [f.src_uri for f in built.fichiers]
    schemas = [urls.schema_file(), urls.export_schema_file()]
    assert [uris.count(s) for s in schemas] == [1, 1]
    kinds = (urls.export_json, urls.export_case, urls.export_badges)
    exported = [f(r, v) for r in built.referentiels for f in kinds for v in (None, r.version)]
    assert sorted(u for u in uris if u.endswith(".json")) == sorted(
        [*schemas, urls.adresses_file(), *exported]
    )
    ref = next(r for r in built.referentiels if r.id == SLUG)
    badges = next(f.contenu for f in built.fichiers if f.src_uri == urls.export_badges(ref))
    assert re.search(rb'"targetUrl": ?"https://exemple\.org/cqp-agent', badges)


@pytest.mark.parametrize("path", list(_yaml_files()), ids=lambda p: p.name)
def test_exports_of_every_referential(path: Path) -> None:
    """Real and fixture referentials: the JSON round-trips to the schema, CASE is a tree."""
    ref = _load(path)
    out = {k: json.loads(v) for k, v in render_exports(ref, "").items()}
    data = out[urls.export_json(ref)]["referentiel"]

    assert _errors(_validator(), _strip(data)) == []
    case = out[urls.export_case(ref)]
    items = {i["identifier"] for i in case["CFItems"]}
    assert len(items) == len(case["CFItems"]) == len(case["CFAssociations"])
    parents = items | {case["CFDocument"]["identifier"]}
    for a in case["CFAssociations"]:
        assert a["destinationNodeURI"]["identifier"] in parents
    codes = {a["targetCode"] for a in out[urls.export_badges(ref)]["alignments"]}
    assert codes == {
        i["humanCodingScheme"] for i in case["CFItems"] if "Critère" in i["CFItemType"]
    }
    assert case_errors(case, path.name) == []
    validator = achievement_validator()
    for item in out[urls.export_badges(ref)]["achievements"]:
        assert list(validator.iter_errors(item)) == []


# --- identifiers, dates, achievements, schemas ------------------------------------------------


def _values(obj: Any, keys: tuple[str, ...]) -> list[str]:
    """Every value of ``keys`` in ``obj``, in document order."""
    if isinstance(obj, dict):
        own = [str(v) for k, v in obj.items() if k in keys]
        return own + [x for v in obj.values() for x in _values(v, keys)]
    return [x for v in obj for x in _values(v, keys)] if isinstance(obj, list) else []


def test_identifiers_come_from_content_and_uris_from_site_url(tmp_path: Path) -> None:
    """Two builds under two addresses: every CASE identifier and badge id is equal, every
    address differs (archived versions included)."""
    folder = tmp_path / "referentiels"
    shutil.copytree(FIXTURES / "versions" / "referentiels", folder)
    shutil.copy(TROISIEME / f"{SLUG}.yml", folder / f"{SLUG}.yml")
    builds = []
    for site_url in ("https://exemple.org/sous-chemin/", "https://autre.example/"):
        built = build_site(folder, 0, None, documents=False, site_url=site_url)
        files = {
            f.src_uri: json.loads(f.contenu) for f in built.fichiers if f.src_uri.endswith(".json")
        }
        data = [d for uri, d in files.items() if "schema" not in uri]
        badges = [d for uri, d in files.items() if uri.endswith("badges.json")]
        ids = _values(data, ("identifier",)) + [a["id"] for b in badges for a in b["achievements"]]
        criteria = [a["criteria"]["id"] for b in badges for a in b["achievements"]]
        uris = _values(data, ("uri", "targetUrl", "permalien", "schema")) + criteria
        builds.append((ids, [u for u in uris if not u.startswith("urn:")]))
    (ids_a, uris_a), (ids_b, uris_b) = builds
    assert len(ids_a) > 200 and ids_a == ids_b
    assert len(uris_a) == len(uris_b) > 200
    assert all(a != b for a, b in zip(uris_a, uris_b, strict=True))
    assert all(u.startswith("https://exemple.org/sous-chemin/") for u in uris_a)


@pytest.mark.parametrize(
    ("date_version", "source_date", "expected"),
    [
        ("", "2022", "2022-01-01T00:00:00+00:00"),
        ("", "2024-03", "2024-03-01T00:00:00+00:00"),
        ("", "2026-02-01", "2026-02-01T00:00:00+00:00"),
        ("", "non indiquée dans la source", identifiants.DATE_INCONNUE),
        ("2022-06-15", "2022", "2022-06-15T00:00:00+00:00"),
        ("2022-06-15", "non indiquée", "2022-06-15T00:00:00+00:00"),
    ],
)
def test_version_date(ref: Referentiel, date_version: str, source_date: str, expected: str) -> None:
    source = dataclasses.replace(ref.source, date=source_date)
    dated = dataclasses.replace(ref, source=source, date_version=date_version)
    assert identifiants.version_date(dated) == expected


@pytest.mark.parametrize(
    ("statut", "expected"),
    [
        ("en vigueur", "Adopted"),
        ("En vigueur depuis 2024", "Adopted"),
        ("Abrogé le 1er mars 2025", "Deprecated"),
        ("Transcription du livret source, à vérifier avec le certificateur", "Draft"),
        ("Fictif — ne pas utiliser", "Draft"),
    ],
)
def test_adoption_status_comes_from_a_documented_list(statut: str, expected: str) -> None:
    from cqpsite.exports.case import adoption_status

    assert adoption_status(statut) == expected


def test_invalid_date_version_is_reported(tmp_path: Path) -> None:
    text = (TROISIEME / f"{SLUG}.yml").read_text("utf-8")
    path = tmp_path / f"{SLUG}.yml"
    path.write_text(text + 'date_version: "juin 2022"\n', "utf-8")
    loaded, problemes = load_referentiel(path)
    assert loaded is None
    assert [p.message for p in problemes] == ["date 'juin 2022' invalide : écrivez-la AAAA-MM-JJ"]


def test_achievements_of_the_built_site(site: Path, ref: Referentiel) -> None:
    """One Achievement per certifiable unit and one for the certification, valid against the
    published OB3 schema; narratives quote the rule and the unit's criteria; alignments point
    at pinned addresses that the site serves."""
    badges = _exports(site, ref)["badges"]
    items = badges["achievements"]
    validator = achievement_validator()
    for item in items:
        assert list(validator.iter_errors(item)) == [], item["name"]
    assert list(validator.iter_errors({**items[0], "achievementType": "Bloc"}))  # it can fail
    assert ref.regles.unite == "bloc"
    assert [a["humanCode"] for a in items] == [b.id.upper() for b in ref.blocs] + ["CQP"]
    assert [a["achievementType"] for a in items] == ["Competency"] * 3 + ["Certification"]
    assert len({a["id"] for a in items}) == len(items)
    assert items[0]["id"] == identifiants.achievement(ref, ref.blocs[0].id)
    for bloc, item in zip(ref.blocs, items, strict=False):
        narrative = item["criteria"]["narrative"]
        assert narrative.startswith(ref.regles.obtention_unite.texte)
        criteres = [c for c in _criteres(ref) if f"- {c.id.upper()}" in narrative]
        codes = [a["targetCode"] for a in item["alignment"]]
        assert codes == [bloc.id.upper()] + [c.id.upper() for c in criteres]
        for c in criteres:
            assert c.texte in narrative
    certification = items[-1]
    assert certification["criteria"]["narrative"].startswith(
        ref.regles.obtention_certification.texte
    )
    for item in items:
        for target in [item["criteria"]["id"]] + [a["targetUrl"] for a in item["alignment"]]:
            assert "/v/1/" in target and _resolves(site, target), target


def test_achievement_of_a_bloc_without_published_criteria_invents_none(ref: Referentiel) -> None:
    bloc = dataclasses.replace(ref.blocs[2], criteres="non_publies", capacites=())
    cqp = dataclasses.replace(ref, blocs=(*ref.blocs[:2], bloc))
    item = next(a for a in achievements(cqp, "") if a["humanCode"] == bloc.id.upper())
    assert item["criteria"]["narrative"] == "\n".join(
        [ref.regles.obtention_unite.texte, "", ref.mention_criteres_non_publies]
    )
    assert [a["targetCode"] for a in item["alignment"]] == [bloc.id.upper()]


def test_every_published_json_file_validates(site: Path) -> None:
    checked, errors = published_json_errors(site)
    assert errors == []
    # search index (settings, documents), address list, two schemas, three exports × two paths
    assert checked == 2 + 1 + 2 + 3 * 2
    data = _exports(site, ref=_load(TROISIEME / f"{SLUG}.yml"))["json"]
    assert data["schema"] == SITE_URL + urls.export_schema_file()


# --- publication flag -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("site_url", "local"),
    [
        ("", True),
        ("http://127.0.0.1:8000/", True),
        ("http://localhost:8000/cqp/", True),
        ("http://[::1]:8000/", True),
        ("https://exemple.org/cqp/", False),
        ("https://compte.github.io/depot/", False),
    ],
)
def test_publication_refuses_a_local_address(site_url: str, local: bool) -> None:
    from cqpsite.exports.publication import AdresseLocale, check_site_url

    note = check_site_url(site_url, {})
    assert bool(note) == local
    assert check_site_url(site_url, {"CQPSITE_PUBLICATION": "0", "CI": "true"}) == note
    if not local:
        assert check_site_url(site_url, {"CQPSITE_PUBLICATION": "1"}) == ""
        return
    assert "portent une adresse locale" in note and "CQPSITE_PUBLICATION=1" in note
    with pytest.raises(AdresseLocale, match="Donnez l’adresse publique dans SITE_URL"):
        check_site_url(site_url, {"CQPSITE_PUBLICATION": "1"})


def test_publication_build_with_a_local_address_stops(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.exceptions import Abort

    monkeypatch.delenv("SITE_URL", raising=False)  # mkdocs.yml's default: 127.0.0.1
    monkeypatch.setenv("CQPSITE_PUBLICATION", "1")
    monkeypatch.setenv("CQPSITE_DOCUMENTS", "0")
    root = make_project(tmp_path, FIXTURES / "mini" / "referentiels")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_project(root)
    assert "cqpsite : publication (CQPSITE_PUBLICATION=1) avec une adresse du site" in caplog.text
    assert "« http://127.0.0.1:8000/ »" in caplog.text and "Traceback" not in caplog.text
    assert not (root / "site" / "index.html").exists()


def test_local_build_says_once_that_exports_are_local(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("CQPSITE_PUBLICATION", raising=False)
    monkeypatch.setenv("CQPSITE_DOCUMENTS", "0")
    root = make_project(tmp_path, FIXTURES / "mini" / "referentiels")
    with caplog.at_level(logging.INFO):
        build_project(root)  # --strict: an information, not a warning
    notes = [r for r in caplog.records if "portent une adresse locale" in r.getMessage()]
    assert [r.levelno for r in notes] == [logging.INFO]


# --- pinned addresses of the current version ---------------------------------------------------

_ANCHOR = re.compile(r'\bid="((?:critere|question|section|grille)-[^"]+)"')


def test_pinned_pages_carry_every_anchor_of_their_page(site: Path, ref: Referentiel) -> None:
    """Each pinned page of the current version has every anchor of the page it stands for,
    with the element's text and a plain link to the same anchor at the current address."""
    srcs = [urls.overview_page(ref), urls.dossier_page(ref), urls.grille_page(ref)]
    srcs += [urls.bloc_page(ref, b) for b in ref.blocs]
    srcs += [urls.capacite_page(ref, c) for b in ref.blocs for c in b.capacites]
    ids = {getattr(obj, "id", "") for _, obj in walk(ref)}
    checked = 0
    for src in srcs:
        article = re.search(r"<article.*?</article>", _html(site, src), re.S)
        assert article is not None
        # Ours only: not the slugs MkDocs gives the page's own headings ("grille-devaluation").
        anchors = {a for a in _ANCHOR.findall(article.group(0)) if a.split("-", 1)[1] in ids}
        pinned = _html(site, urls.pinned(src, ref, ref.version))
        items = dict(re.findall(r'<li id="([^"]+)">(.*?)</li>', pinned, re.S))
        assert anchors <= set(items), (src, sorted(anchors - set(items)))
        target = urls.href(urls.pinned(src, ref, ref.version), src)
        for anchor in anchors:
            assert f'<a href="{target}#{anchor}">' in items[anchor]
        checked += len(anchors)
    assert checked >= 40
    dossier = _html(site, urls.pinned(urls.dossier_page(ref), ref, ref.version))
    assert "<strong>Question Q-SIGNATURE</strong> — " in dossier


def test_identifiers_are_uuid5_of_the_name() -> None:
    """The identifiers are computed without ``uuid.uuid5``: the same strings, accents included."""
    for name in ("", "cqp-x/2024", "cqp-x/2024/c1-2", "cqp-x/2024/é’«» isChildOf x/😀"):
        assert identifiants.identifier(name) == str(uuid.uuid5(identifiants.NAMESPACE, name))
