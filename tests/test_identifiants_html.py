"""Generated HTML ids and radio groups are distinct by construction (issue 17): a capacité or bloc
named like another unit's grid (``grille-b2``) or a criterion named like a bloc's blank row
(``b2-1`` beside the unpublished bloc ``b2``) takes nothing from its neighbour."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURES, build_project, make_project

MINI_TEXT = (FIXTURES / "mini" / "referentiels" / "cqp-mini.yml").read_text("utf-8")
# IDs check accepts, chosen to collide with the controls and anchors of the old templates.
HOSTILE = (
    MINI_TEXT.replace("  - id: b1\n", "  - id: grille-b2\n")
    .replace("bloc: b1\n", "bloc: grille-b2\n")
    .replace("{id: c1-1,", "{id: b2-1,")
    .replace(
        '            - {id: q-b1-2, question: "Date :", format: date}\n',
        '            - {id: q-b1-2, question: "Date :", format: date}\n'
        '            - {id: constructor, question: "Constructeur ?"}\n'
        '            - {id: emploi-intitule-1, question: "Premier emploi ?"}\n',
    )
)


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.radios: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(values["id"] or "")
        if tag == "input" and values.get("type") == "radio":
            self.radios.append(values.get("name") or "")


def parse(path: Path) -> _Ids:
    parser = _Ids()
    parser.feed(path.read_text("utf-8"))
    return parser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("ids")
    refs = tmp / "refs"
    refs.mkdir()
    (refs / "cqp-mini.yml").write_text(HOSTILE, "utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CQPSITE_DOCUMENTS", "0")
        return build_project(make_project(tmp, refs))


def test_no_page_repeats_an_id_or_shares_a_radio_group(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        found = parse(path)
        twice = [i for i, n in Counter(found.ids).items() if n > 1]
        assert twice == [], path
        groups = Counter(found.radios)
        # Acquis / non acquis per row, acquise / non acquise per decision: two radios a group.
        assert {name: n for name, n in groups.items() if n != 2} == {}, path


def test_published_anchors_keep_their_names(hostile_site: Path) -> None:
    grille = parse(hostile_site / "cqp-mini" / "grille" / "index.html").ids
    assert {"grille-devaluation", "grille-grille-b2", "grille-b2"} <= set(grille)
    assert {"unite-grille-b2", "unite-b2", "synthese"} <= set(grille)
    bloc = parse(hostile_site / "cqp-mini" / "blocs" / "grille-b2" / "index.html").ids
    assert (
        "critere-b2-1" in parse(hostile_site / "cqp-mini" / "capacites" / "c1" / "index.html").ids
    )
    assert {"etat-acquis-critere-b2-1", "observations-critere-b2-1"} <= set(bloc)
    dossier = parse(hostile_site / "cqp-mini" / "dossier" / "index.html").ids
    assert {"question-constructor", "question-q-b1-1", "section-r-b1"} <= set(dossier)
    assert {"reponse-emploi-intitule-1", "reponse-emploi-intitule--1"} <= set(dossier)
