"""The engine's search settings and the numbers criteria are found by."""

from __future__ import annotations

from typing import Any

import pytest

from cqpsite.recherche import PIPELINE, SEPARATOR, code_alias, configure


@pytest.mark.parametrize(
    ("code", "alias"),
    [
        ("C5-2", "5.2"),
        ("c10-3", "10.3"),
        ("B1-2-3", "1.2.3"),
        ("5.2", ""),  # already what a reader types
        ("B1.C1.1", ""),  # letters inside: typed as shown
        ("C5-1-A", ""),
        ("C5", ""),
    ],
)
def test_code_alias(code: str, alias: str) -> None:
    assert code_alias(code) == alias


class _Plugin:
    def __init__(self, **settings: Any) -> None:
        self.config: dict[str, Any] = {"separator": None, "pipeline": None, **settings}


def test_engine_settings_fill_only_what_the_site_leaves_unset() -> None:
    plugin = _Plugin()
    assert configure({"material/search": plugin}) is True
    assert plugin.config["separator"] == SEPARATOR
    assert plugin.config["pipeline"] == PIPELINE
    own = _Plugin(separator=r"[\s]+", pipeline=[])
    configure({"search": own})
    assert own.config["separator"] == r"[\s]+" and own.config["pipeline"] == []


def test_no_or_disabled_search_is_left_alone() -> None:
    assert configure({}) is False
    assert configure({"material/search": _Plugin(enabled=False)}) is False


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Critère C5-2 (5.2)", ["Critère", "C5", "2", "5.2"]),
        ("l’utilisation, le classement.", ["l", "utilisation", "le", "classement"]),
        ("douaniers (DAU, DEB),", ["douaniers", "DAU", "DEB"]),
        ("1990 12 38 0079", ["1990", "12", "38", "0079"]),
    ],
)
def test_separator_splits_words_and_keeps_numbers(text: str, tokens: list[str]) -> None:
    import re

    assert [t for t in re.split(SEPARATOR, text) if t] == tokens
