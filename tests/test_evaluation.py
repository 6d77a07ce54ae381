"""The certification rules, on the table of cases shared with the JavaScript grids."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cqpsite.evaluation import criteres_saisis, evaluate_certification, evaluate_unite
from cqpsite.model import RegleCertification, RegleUnite

CASES = json.loads((Path(__file__).parent / "cases" / "regles.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES["unite"], ids=lambda c: c["explication"][:40])
def test_unit_rule(case: dict[str, Any]) -> None:
    regle = RegleUnite(texte="…", **case["regle"])
    pairs = [tuple(p) for p in case["criteres"]]
    result = evaluate_unite(regle, pairs, case["unite"])  # type: ignore[arg-type]
    assert (result.acquis, result.explication) == (case["acquis"], case["explication"])


@pytest.mark.parametrize("case", CASES["certification"], ids=lambda c: c["explication"][:40])
def test_certification_rule(case: dict[str, Any]) -> None:
    regle = RegleCertification(type="toutes_unites_obligatoires", texte="…", **case["regle"])
    pairs = [tuple(p) for p in case["unites"]]
    result = evaluate_certification(regle, pairs, case["unite"])  # type: ignore[arg-type]
    assert (result.acquis, result.explication) == (case["acquis"], case["explication"])


@pytest.mark.parametrize("case", CASES["lignes"])
def test_blank_rows_that_count(case: dict[str, Any]) -> None:
    lignes = [(t, e, a) for t, e, a in case["lignes"]]
    assert criteres_saisis(lignes) == [tuple(c) for c in case["criteres"]]
