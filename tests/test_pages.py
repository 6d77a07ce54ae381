"""Generated pages: golden pages of the small fixture, heading levels, published addresses.

Golden files change only on purpose: run ``UPDATE_GOLDEN=1 pytest tests/test_pages.py`` and
review the diff. Published addresses are a promise made to trainers, kept by each site's own
``adresses.json`` and ``python -m cqpsite verify`` (see tests/test_verify.py).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import FIXTURES
from cqpsite.adresses import flatten
from cqpsite.corpus import load_referentiels
from cqpsite.model import Dossier, Question, Rubrique, SectionDossier
from cqpsite.pages import counted_sections, heading_levels, render_home, render_referentiel
from cqpsite.promesse import compare

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _golden_pages() -> dict[str, str]:
    refs = load_referentiels(FIXTURES / "mini" / "referentiels")
    pages = [render_home(refs), *[p for r in refs for p in render_referentiel(r)]]
    return {p.src_uri: p.contenu for p in pages}


def test_golden_pages_of_the_fixture() -> None:
    folder = GOLDEN / "mini"
    pages = _golden_pages()
    if UPDATE:
        for uri, text in pages.items():
            (folder / uri).parent.mkdir(parents=True, exist_ok=True)
            (folder / uri).write_text(text, "utf-8")
    on_disk = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.md"))
    assert on_disk == sorted(pages)
    for uri, text in pages.items():
        assert (folder / uri).read_text("utf-8") == text, f"{uri} differs from its golden file"


def test_sample_site_still_serves_what_it_published(real_site: Path) -> None:
    """The addresses the sample site served before it published its own list (the former
    golden list, as ``tests/fixtures/publie/adresses.json``) are all in its list, as
    ``python -m cqpsite verify --publie`` checks it."""
    published = json.loads((FIXTURES / "publie" / "adresses.json").read_text("utf-8"))
    current = json.loads((real_site / "adresses.json").read_text("utf-8"))
    assert len(flatten(published["adresses"])) == 271
    assert compare(published, current, {}) == []


def test_untitled_rubriques_do_not_skip_heading_levels() -> None:
    """axe « heading-order »: a titled rubrique under an untitled one is an h3, not an h4."""
    inner = Rubrique("titree", titre="Missions", rubriques=(Rubrique("sous", titre="Outils"),))
    dossier = Dossier(
        "Dossier",
        sections=(
            SectionDossier("s1", "Section", rubriques=(Rubrique("anonyme", rubriques=(inner,)),)),
        ),
    )
    assert heading_levels(dossier) == {"anonyme": 3, "titree": 3, "sous": 4}


def test_sections_with_their_own_counter() -> None:
    """A counter per section with questions (nested ones count), only when there are several."""
    q = Question("q1", "Quoi ?")
    nested = Rubrique("r", rubriques=(Rubrique("sous", elements=(q,)),))
    deux = Dossier(
        "Dossier",
        sections=(
            SectionDossier("s1", "Un", rubriques=(nested,)),
            SectionDossier("s2", "Deux", rubriques=(Rubrique("vide"),)),
            SectionDossier("s3", "Trois", rubriques=(Rubrique("r3", elements=(q,)),)),
        ),
    )
    assert counted_sections(deux) == {"s1", "s3"}
    une = Dossier("Dossier", sections=deux.sections[:2])
    assert counted_sections(une) == frozenset()
