"""Reliability: fuzzed and hostile YAML, injected text, reproducible builds, links that resolve."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import FIXTURES, PROJECT, build_project, make_project
from cqpsite.corpus import ReferentielsInvalides, load_referentiel, load_referentiels
from cqpsite.liens import check_links
from cqpsite.loading import parse_partial, parse_referentiel
from cqpsite.rules import check_referentiel

MINI = FIXTURES / "mini" / "referentiels" / "cqp-mini.yml"
MINI_TEXT = MINI.read_text(encoding="utf-8")
HAZARDS = FIXTURES / "hazards"
PROBLEM_RE = re.compile(r"^[^:]+:\d+: .+: .+$")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Each example of these parses the whole fixture with pure-Python PyYAML (~30 ms).
FUZZ_FIXTURE = settings(FUZZ, max_examples=40)


def _documents_available() -> bool:
    try:
        from cqpsite.documents import render_documents  # noqa: F401
    except ImportError:
        return False
    return True


DOCUMENTS = "1" if _documents_available() else "0"


# ---------------------------------------------------------------- fuzzing the loader


def assert_clean(text: str, fichier: str = "fuzz/cqp-mini.yml") -> None:
    """Parsing never raises; problems are one ``file:line: path: message`` line each."""
    ref, problemes, lignes = parse_referentiel(text, fichier)
    assert (ref is None) == bool(problemes)
    partial, found, lignes = parse_partial(text, fichier)
    assert found == problemes
    if partial is not None:  # the rules also run on partial models (every problem in one run)
        reported = {p.chemin for p in problemes}
        problemes += check_referentiel(partial, fichier, "cqp-mini", lignes, reported)
    if ref is not None and not problemes:  # what check accepts goes into the documents' XML
        for text in _strings(ref):
            etree.Element("p").text = text
            text.encode("utf-8")
    # YAML also breaks lines at CR, NEL, LS and PS (most editors do not: see the report).
    nlines = len(re.split("\r\n|[\n\r\x85\u2028\u2029]", text))
    for p in problemes:
        assert PROBLEM_RE.match(str(p)), str(p)
        assert 1 <= p.ligne <= nlines, str(p)


def _strings(obj: Any) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, tuple):
        for item in obj:
            yield from _strings(item)
    elif dataclasses.is_dataclass(obj):
        for field in dataclasses.fields(obj):
            yield from _strings(getattr(obj, field.name))


MINI_DATA = yaml.safe_load(MINI_TEXT)
_ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    # YAML escapes of the audit (issue 17): safe_dump writes them back as "\f", "\x07"…
    st.sampled_from(["a\fb", "\0", "\x01", "\x07", "\ufffe", "\ud800", "\x85", "\t\v"]),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _containers(obj: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    items = (
        obj.items() if isinstance(obj, dict) else enumerate(obj) if isinstance(obj, list) else ()
    )
    for k, v in items:
        if isinstance(v, dict | list):
            yield from _containers(v, (*path, k))


@st.composite
def mutated_data(draw: st.DrawFn) -> Any:
    """The mini fixture with a few keys deleted, renamed or given values of another type."""
    data = copy.deepcopy(MINI_DATA)
    for _ in range(draw(st.integers(1, 4))):
        paths = list(_containers(data))
        path = draw(st.sampled_from(paths))
        target = data
        for k in path:
            target = target[k]
        keys = list(target) if isinstance(target, dict) else list(range(len(target)))
        if not keys:
            continue
        key = draw(st.sampled_from(keys))
        action = draw(st.sampled_from(["delete", "retype", "rename"]))
        if action == "delete":
            del target[key]
        elif action == "retype":
            target[key] = draw(_ODD_VALUES)
        elif isinstance(target, dict):
            target[draw(st.text(min_size=1, max_size=8))] = target.pop(key)
    return data


def _text_paths(obj: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    items = (
        obj.items() if isinstance(obj, dict) else enumerate(obj) if isinstance(obj, list) else ()
    )
    for k, v in items:
        if isinstance(v, str) and k not in ("id", "version", "unite", "type", "bloc"):
            yield (*path, k)
        elif isinstance(v, dict | list):
            yield from _text_paths(v, (*path, k))


_TEXT_PATHS = list(_text_paths(MINI_DATA))
_ESCAPES = st.sampled_from(["\f", "\0", "\x01", "\x07", "\ufffe", "\ud800", "\x85", "\v"])


@FUZZ
@given(
    st.sampled_from(_TEXT_PATHS),
    st.lists(st.one_of(st.text(max_size=3), _ESCAPES), min_size=1, max_size=4).map("".join),
)
def test_fuzz_every_accepted_text_fits_the_documents(path: tuple[Any, ...], text: str) -> None:
    """Any text in any field, through safe_dump's escapes: what check accepts, XML accepts."""
    data = copy.deepcopy(MINI_DATA)
    target = data
    for k in path[:-1]:
        target = target[k]
    target[path[-1]] = f"x{text}x"
    assert_clean(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


@st.composite
def mutated_text(draw: st.DrawFn) -> str:
    """The mini fixture text with lines duplicated, truncated, or random characters inserted."""
    lines = MINI_TEXT.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["duplicate", "truncate", "insert", "delete_line"]))
        i = draw(st.integers(0, len(lines) - 1))
        if action == "duplicate":
            lines.insert(i, lines[i])  # a duplicated "key: value" line is a duplicate key
        elif action == "delete_line" and len(lines) > 1:
            del lines[i]
        elif action == "truncate":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
            del lines[i + 1 :]
        else:
            pos = draw(st.integers(0, len(lines[i])))
            noise = draw(st.text(min_size=1, max_size=4))
            lines[i] = lines[i][:pos] + noise + lines[i][pos:]
    return "".join(lines)


@FUZZ
@given(st.text(max_size=300))
def test_fuzz_random_text(text: str) -> None:
    assert_clean(text)


@FUZZ
@given(
    st.lists(
        st.sampled_from(
            [
                "a: ",
                "- ",
                "  ",
                "\n",
                "id: x",
                "[",
                "]",
                "{",
                "}",
                "&a ",
                "*a",
                "? ",
                ": ",
                "'",
                '"',
                "|",
                ">",
                "#",
                "!!int ",
                "!!str ",
                "---",
                "\t",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_fuzz_yaml_tokens(text: str) -> None:
    assert_clean(text)


@FUZZ_FIXTURE
@given(mutated_data())
def test_fuzz_mutated_data(data: Any) -> None:
    assert_clean(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


@FUZZ_FIXTURE
@given(mutated_text())
def test_fuzz_mutated_text(text: str) -> None:
    assert_clean(text)


@settings(FUZZ_FIXTURE, max_examples=25)
@given(st.binary(max_size=300), st.integers(0, len(MINI_TEXT)))
def test_fuzz_random_bytes(noise: bytes, at: int) -> None:
    import tempfile

    raw = MINI_TEXT.encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cqp-mini.yml"
        path.write_bytes(raw[:at] + noise + raw[at:])
        _, problemes = load_referentiel(path, "referentiels/cqp-mini.yml")
    for p in problemes:
        assert PROBLEM_RE.match(str(p)), str(p)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: \x00\n", "1: (yaml): caractère interdit en YAML (U+0000)"),
        ("id: x\nb: \x07\n", "2: (yaml): caractère interdit en YAML (U+0007)"),
        ("hello\n", "1: (racine): un ensemble de clés (mapping) est attendu"),
        ("? [a]\n: 1\n", "1: (racine): une clé doit être un texte simple"),
        ('"a\\nb": 1\n', "1: 'a\\nb': clé inconnue"),
        (MINI_TEXT.replace("seuil: 80", "seuil: " + "9" * 5000), "seuil: nombre entier invalide"),
    ],
)
def test_loader_edge_cases(text: str, expected: str) -> None:
    _, problemes, _ = parse_referentiel(text, "x.yml")
    assert any(expected in str(p) for p in problemes), [str(p) for p in problemes]
    assert all(PROBLEM_RE.match(str(p)) for p in problemes)


def test_yaml_11_integers_are_accepted() -> None:
    for written in ("0x50", "80", "1_0_0"):
        ref, problemes, _ = parse_referentiel(
            MINI_TEXT.replace("seuil: 80", f"seuil: {written}"), "x.yml"
        )
        assert not problemes
        assert ref is not None and ref.regles.obtention_unite.seuil == int(written, 0)


# ---------------------------------------------------------------- YAML hazards


def _hazard_files(tmp: Path) -> dict[str, Path]:
    """Hostile files: generated (large ones) or read from tests/fixtures/hazards/."""
    files = {p.stem: p for p in HAZARDS.glob("*.yml")}
    big = tmp / "gros-scalaire.yml"
    big.write_text(MINI_TEXT.replace('intitule: "Mini"', f'intitule: "{"x" * 5_000_000}"'))
    files["gros-scalaire"] = big
    deep = tmp / "imbrication.yml"
    deep.write_text("titre: " + "[" * 10_000 + "]" * 10_000 + "\n")
    files["imbrication"] = deep
    deep_map = tmp / "imbrication-mapping.yml"
    deep_map.write_text("titre: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n")
    files["imbrication-mapping"] = deep_map
    bad = tmp / "non-utf8.yml"
    bad.write_bytes(MINI_TEXT.encode("utf-8").replace(b"Organiser", b"Organis\xe9r"))
    files["non-utf8"] = bad
    folder = tmp / "dossier.yml"
    folder.mkdir()
    files["dossier"] = folder
    return files


HAZARD_EXPECTED = {
    "billion-laughs": ":4: (yaml): YAML invalide : les ancres et alias YAML (&, *) ne sont pas",
    "tabulations": ":4: (yaml): YAML invalide : ",
    "vide": ":1: (fichier): fichier vide : un référentiel est attendu",
    "commentaires": ":1: (fichier): fichier vide : un référentiel est attendu",
    "deux-documents": ":3: (yaml): YAML invalide : ",
    "gros-scalaire": ":1: (fichier): fichier trop volumineux (5002",
    "imbrication": ":1: (yaml): imbrication trop profonde",
    "imbrication-mapping": ":1: (yaml): imbrication trop profonde",
    "non-utf8": ":42: (fichier): encodage invalide : UTF-8 attendu",
    "dossier": ":1: (fichier): c’est un dossier, pas un fichier YAML",
}


@pytest.mark.parametrize("name", sorted(HAZARD_EXPECTED))
def test_hazard(tmp_path: Path, name: str) -> None:
    path = _hazard_files(tmp_path)[name]
    start = time.perf_counter()
    ref, problemes = load_referentiel(path, f"referentiels/{name}.yml")
    assert time.perf_counter() - start < 5
    assert ref is None
    messages = [str(p) for p in problemes]
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"referentiels/{name}.yml" + HAZARD_EXPECTED[name]), messages


@pytest.mark.parametrize(
    "transform",
    [
        lambda b: b"\xef\xbb\xbf" + b,  # UTF-8 BOM
        lambda b: b.replace(b"\n", b"\r\n"),  # Windows line ends
        lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n"),
    ],
    ids=["bom", "crlf", "bom-crlf"],
)
def test_bom_and_crlf_load_like_the_original(
    tmp_path: Path, transform: Callable[[bytes], bytes]
) -> None:
    path = tmp_path / "cqp-mini.yml"
    path.write_bytes(transform(MINI.read_bytes()))
    ref, problemes = load_referentiel(path)
    assert problemes == []
    assert ref == load_referentiel(MINI)[0]
    _, _, lignes = parse_referentiel(path.read_bytes().decode("utf-8-sig"), "x")
    assert lignes == parse_referentiel(MINI_TEXT, "x")[2]


def test_folder_hazards(tmp_path: Path) -> None:
    with pytest.raises(ReferentielsInvalides) as missing:
        load_referentiels(tmp_path / "referentiels")
    assert str(missing.value).endswith(
        "referentiels:1: (dossier): dossier des référentiels introuvable"
    )
    (tmp_path / "referentiels").mkdir()
    with pytest.raises(ReferentielsInvalides) as empty:
        load_referentiels(tmp_path / "referentiels")
    assert "aucun référentiel (*.yml) trouvé" in str(empty.value)
    (tmp_path / "referentiels" / "x.yml").mkdir()
    with pytest.raises(ReferentielsInvalides) as folder:
        load_referentiels(tmp_path / "referentiels")
    assert [str(p) for p in folder.value.problemes] == [
        "referentiels/x.yml:1: (fichier): c’est un dossier, pas un fichier YAML"
    ]


def test_check_command_exit_status(tmp_path: Path) -> None:
    folder = tmp_path / "referentiels"
    folder.mkdir()
    (folder / "cqp-mini.yml").write_text(MINI_TEXT.replace("seuil: 80", "seuil: beaucoup"))
    (folder / "vide.yml").write_text("")
    env = dict(os.environ, PYTHONPATH=str(PROJECT / "src"))
    run = subprocess.run(
        [sys.executable, "-m", "cqpsite", "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert run.returncode == 1
    lines = run.stderr.splitlines()
    assert lines == [
        "referentiels/cqp-mini.yml:18: regles.obtention_unite.seuil: "
        "nombre entier attendu, trouvé 'beaucoup'",
        "referentiels/vide.yml:1: (fichier): fichier vide : un référentiel est attendu",
        "2 problème(s) dans 2 fichier(s).",
    ]
    ok = subprocess.run(
        [sys.executable, "-m", "cqpsite", "check", str(MINI)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert (ok.returncode, ok.stdout) == (0, "1 fichier(s) valide(s).\n")


# ---------------------------------------------------------------- built sites


@pytest.fixture(scope="module")
def build_env() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CQPSITE_DOCUMENTS", DOCUMENTS)
        mp.setenv("SOURCE_DATE_EPOCH", "1767225600")
        mp.setenv("NO_MKDOCS_2_WARNING", "1")
        yield


class _Page(HTMLParser):
    """Elements, attributes, ids, links and text of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.elements.append((tag, a))
        for name in ("id", "name") if tag == "a" else ("id",):
            if a.get(name):
                self.ids.add(str(a[name]))
        for name in ("href", "src"):
            if a.get(name):
                self.links.append(str(a[name]))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def parse_html(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


PAYLOAD = (
    '<script>alert("xss")</script> "><img src=x onerror=alert(1)> {{ jinja }} {% raw %} '
    "*em* __fort__ `code` [lien](http://exemple.invalid) <b>gras</b> &amp; # titre"
)
# A literal block scalar with blank lines: they must not end a raw HTML block.
PAYLOAD_LINES = "ligne un\n\n*em2* <i>penche</i>\n\n# Titre injecté\n"
_NOT_TEXT = {"id", "bloc", "unite", "type", "format"}


def _inject(obj: Any, counter: list[int], key: str = "") -> Any:
    if isinstance(obj, dict):
        return {k: _inject(v, counter, k) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_inject(v, counter, key) for v in obj]
    if isinstance(obj, str) and key not in _NOT_TEXT and not re.fullmatch(r"[a-z0-9_-]+", obj):
        counter[0] += 1
        n = counter[0]
        tail = PAYLOAD_LINES if n % 3 == 0 else PAYLOAD
        return f"F{n}x {tail}"
    return obj


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory: pytest.TempPathFactory, build_env: None) -> tuple[Path, int]:
    tmp = tmp_path_factory.mktemp("injection")
    counter = [0]
    # The version is an identifier used in paths, not a text.
    data = _inject({k: v for k, v in MINI_DATA.items() if k != "version"}, counter)
    data["version"] = MINI_DATA["version"]
    folder = tmp / "src"
    folder.mkdir()
    (folder / "cqp-mini.yml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
    )
    # HTML only: the documents' own limits are tested below.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CQPSITE_DOCUMENTS", "0")
        return build_project(make_project(tmp, folder)), counter[0]


@pytest.mark.skipif(DOCUMENTS == "0", reason="cqpsite.documents not importable")
def test_long_titles_do_not_break_documents() -> None:
    from dataclasses import replace

    from cqpsite.documents import render_documents

    ref = load_referentiel(MINI)[0]
    assert ref is not None
    long = replace(ref, titre="T" * 300, sous_titre="S" * 300)
    assert render_documents(long, 0)


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_injected_text_shows_as_text(injected_site: tuple[Path, int]) -> None:
    site, count = injected_site
    shown: dict[int, bool] = {}
    for path in sorted(site.rglob("*.html")):
        page = parse_html(path)
        where = path.relative_to(site)
        for tag, attrs in page.elements:
            assert not any(a.startswith("on") for a in attrs), (where, tag, attrs)
            assert not (tag == "img" and attrs.get("src") == "x"), where
            assert tag not in ("b", "i"), (where, tag)  # the theme uses neither
            assert not (tag == "a" and attrs.get("href") == "http://exemple.invalid"), where
        text = _norm(" ".join(page.text))
        assert 'alert("xss")' not in " ".join(d for t, d in _scripts(path) if "alert" in d), where
        for n in range(1, count + 1):
            marker = f"F{n}x "
            start = text.find(marker)
            while start != -1:
                tail = PAYLOAD_LINES if n % 3 == 0 else PAYLOAD
                expected = _norm(marker + tail)
                # Criterion texts also show inside the Open Badges JSON (escaped as JSON).
                as_json = _norm(json.dumps((marker + tail).strip(), ensure_ascii=False)[1:-1])
                assert text.startswith(expected, start) or text.startswith(as_json, start), (
                    where,
                    n,
                    text[start : start + 200],
                )
                shown[n] = True
                start = text.find(marker, start + 1)
    # Every text field of the fixture shows somewhere except those the pages do not display.
    hidden = sorted(set(range(1, count + 1)) - set(shown))
    assert len(hidden) <= 4, hidden


def _scripts(path: Path) -> list[tuple[str, str]]:
    return re.findall(r"<(script)[^>]*>(.*?)</script>", path.read_text(encoding="utf-8"), re.S)


def _tree(site: Path) -> dict[str, str]:
    return {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_two_clean_builds_are_byte_identical(
    tmp_path_factory: pytest.TempPathFactory, build_env: None
) -> None:
    trees = []
    for name in ("un", "deux"):
        root = make_project(tmp_path_factory.mktemp(name), FIXTURES / "mini" / "referentiels")
        trees.append(_tree(build_project(root)))
    assert trees[0].keys() == trees[1].keys()
    differ = sorted(k for k in trees[0] if trees[0][k] != trees[1][k])
    assert differ == []


@pytest.fixture(scope="module", params=["mini", "versions"])
def mini_built(
    tmp_path_factory: pytest.TempPathFactory, build_env: None, request: pytest.FixtureRequest
) -> Path:
    """The mini fixture, and the versions fixture (archived pages, notices, redirects)."""
    tmp = tmp_path_factory.mktemp("liens")
    return build_project(make_project(tmp, FIXTURES / request.param / "referentiels"))


def test_every_internal_link_resolves(mini_built: Path) -> None:
    """The crawl ``python -m cqpsite verify`` runs (tests/test_verify.py shows it failing)."""
    site_url = os.environ.get("SITE_URL", "http://127.0.0.1:8000/")
    assert len(list(mini_built.rglob("*.html"))) > 10
    assert check_links(mini_built, site_url) == []
