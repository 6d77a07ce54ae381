"""The MkDocs navigation stays small per page however many referentials there are."""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

import pytest

from conftest import FIXTURES
from cqpsite.corpus import load_referentiels
from cqpsite.model import Referentiel
from cqpsite.nav import build_nav
from cqpsite.pages import Page

BASE = load_referentiels(FIXTURES / "mini" / "referentiels")[0]
NAMES = ["Électricien", "agent", "Bobinier", "chaudronnier", "Dessinateur", "usineur"]


def _refs(n: int) -> list[Referentiel]:
    return [replace(BASE, id=f"cqp-{i:03d}", titre=f"CQP {NAMES[i % 6]} {i:03d}") for i in range(n)]


def _pages(refs: list[Referentiel]) -> list[Page]:
    return [Page(f"{r.id}/index.md", "", "Présentation", True) for r in refs] + [
        Page(f"{r.id}/capacites/c1.md", "", "Capacité 1", False) for r in refs
    ]


def _leaves(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [x for v in nav.values() for x in _leaves(v)]
    return [x for v in nav for x in _leaves(v)]


@pytest.mark.parametrize("n", [3, 10, 20, 100])
def test_every_referential_once_and_capacites_out(n: int) -> None:
    refs = _refs(n)
    nav = build_nav(refs, _pages(refs), ["a-propos.md"])
    leaves = _leaves(nav)
    assert sorted(leaves) == sorted(
        ["index.md", "a-propos.md", *(f"{r.id}/index.md" for r in refs)]
    )
    assert nav[0] == {"Accueil": "index.md"} and nav[-1] == "a-propos.md"


def test_few_referentials_are_top_level_sections() -> None:
    refs = _refs(3)
    nav = build_nav(refs, _pages(refs), [])
    assert [next(iter(e)) for e in nav[1:]] == [r.titre for r in refs]


def test_many_referentials_are_grouped_alphabetically() -> None:
    refs = _refs(100)
    nav = build_nav(refs, _pages(refs), [])
    groups = nav[1]["Référentiels"]
    sizes = [len(next(iter(g.values()))) for g in groups]
    assert len(groups) == 7 and sum(sizes) == 100 and set(sizes[:-1]) == {15}
    titles = [next(iter(s)) for g in groups for s in next(iter(g.values()))]
    plain = {"CQP Électricien": "CQP Electricien"}  # accents do not change the order
    key = [plain.get(t[:-4], t[:-4]).removeprefix("CQP ").casefold() for t in titles]
    assert key == sorted(key)
    labels = [next(iter(g)) for g in groups]
    assert labels[0] == "Référentiels A" and labels[-2] == "Référentiels E à U"  # É sorts as E


def test_capacites_of_a_bloc_are_a_section_after_its_own_page() -> None:
    ref = BASE
    pages = [
        Page(f"{ref.id}/index.md", "", "Présentation", True),
        Page(f"{ref.id}/blocs/b1.md", "", "Bloc 1", True),
        Page(f"{ref.id}/capacites/c1.md", "", "Capacité 1.1", True, f"{ref.id}/blocs/b1.md"),
        Page(f"{ref.id}/capacites/c2.md", "", "Capacité 1.2", True, f"{ref.id}/blocs/b1.md"),
        Page(f"{ref.id}/blocs/b2.md", "", "Bloc 2", True),
        Page(f"{ref.id}/grille.md", "", "Grille", True),
    ]
    nav = build_nav([ref], pages, [])
    assert nav[1] == {
        html.escape(ref.titre): [
            {"Présentation": f"{ref.id}/index.md"},
            {
                "Bloc 1": [
                    {"Présentation du bloc": f"{ref.id}/blocs/b1.md"},
                    {"Capacité 1.1": f"{ref.id}/capacites/c1.md"},
                    {"Capacité 1.2": f"{ref.id}/capacites/c2.md"},
                ]
            },
            {"Bloc 2": f"{ref.id}/blocs/b2.md"},
            {"Grille": f"{ref.id}/grille.md"},
        ]
    }
