"""The engine's search settings and the numbers criteria are found by."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from cqpsite.recherche import (
    DOCUMENTS,
    INDEX,
    PIPELINE,
    SEPARATOR,
    code_alias,
    configure,
    read_index,
    split_index,
    split_on_write,
)


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


def _material_index() -> Any:
    from material.plugins.search.plugin import SearchIndex

    settings = {"lang": ["fr"], "separator": SEPARATOR, "pipeline": PIPELINE, "fields": {}}
    index = SearchIndex(**settings)
    index.entries = [
        {"location": "a/#critere-c1-1", "title": "C1-1 — « Écrit » &amp; <b>", "text": "œuvre"},
        {"location": "b/", "title": "B", "text": "t", "tags": ["x"], "boost": 2.5},
        {"location": "c/", "title": "C", "text": "", "boost": Path("objet")},  # default=str
    ]
    return index


def test_split_on_write_writes_what_split_index_makes(tmp_path: Path) -> None:
    """Written split at once, the index files are the bytes the read-back split gives."""
    sites = {}
    for way in ("after", "direct"):
        site = sites[way] = tmp_path / way
        (site / "search").mkdir(parents=True)
        (site / "index.html").write_text('<script src="workers/recherche.js?v"></script>', "utf-8")
        index = _material_index()
        plugins = {"material/search": SimpleNamespace(search_index=index)}
        if way == "direct":
            assert split_on_write(plugins, site)
        (site / INDEX).write_text(index.generate_search_index(None), "utf-8")
        assert split_index(site)
    for name in (INDEX, DOCUMENTS):
        assert (sites["direct"] / name).read_bytes() == (sites["after"] / name).read_bytes()
    docs = json.loads((sites["direct"] / DOCUMENTS).read_text("utf-8"))["docs"]
    assert docs[0]["title"] == "C1-1 — « Écrit » &amp; <b>" and docs[2]["boost"] == "objet"
    assert read_index(sites["direct"])["config"]["lang"] == ["fr"]


def test_split_on_write_leaves_a_site_without_the_worker_alone(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>thème du site</p>", "utf-8")
    index = _material_index()
    assert not split_on_write({"material/search": SimpleNamespace(search_index=index)}, tmp_path)
    assert "documents" not in index.generate_search_index(None)
    assert not split_on_write({}, tmp_path)
