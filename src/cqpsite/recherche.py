"""What the site search needs from the engine: the index settings, the keys a criterion is found
by, and the split of Material's index into a small head and the documents fetched on first use.

Material's search (lunr, ``lang: fr``) splits words on spaces and hyphens only, and its French
trimmer strips digits from the ends of words ("5.2" and "C5" vanish from the index): the engine's
settings split on punctuation too, keep a dot between digits, and leave the trimmer out.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mkdocs import utils

# Material's documented `separator` and `pipeline` settings of its search plugin.
SEPARATOR = r"[\s\-,;:!?()\[\]{}«»\"“”'’/…|+=*<>]+|\.(?!\d)|&[lg]t;|&amp;"
PIPELINE = ["stemmer", "stopWordFilter"]

_CODE = re.compile(r"[A-Za-z]*(\d+(?:[.\-]\d+)+)")


def code_alias(code: str) -> str:
    """The dotted number a reader types for a criterion code ("C5-2" → "5.2"), if it differs."""
    found = _CODE.fullmatch(code)
    if not found:
        return ""
    alias = found.group(1).replace("-", ".")
    return "" if alias == code else alias


def configure(plugins: Any) -> bool:
    """Give Material's search plugin the engine's settings where the site sets none; whether
    search is on (the site may remove or disable the plugin)."""
    for name, plugin in plugins.items():
        if name.rpartition("/")[2] != "search" or not hasattr(plugin, "config"):
            continue
        settings = plugin.config
        if not settings.get("enabled", True):
            return False
        if not settings.get("separator"):
            settings["separator"] = SEPARATOR
        if settings.get("pipeline") is None:
            settings["pipeline"] = list(PIPELINE)
        return True
    return False


INDEX = "search/search_index.json"
DOCUMENTS = "search/documents.json"  # beside the index; named in its config for the worker
_WORKER = "workers/recherche.js?"


def split_index(site_dir: Path) -> bool:
    """Move the documents of Material's index to ``DOCUMENTS``, which the engine's worker
    fetches when search is first used; the index the page loads keeps the settings only.
    Done only where the built site runs that worker (a site may override the block)."""
    index, home = site_dir / INDEX, site_dir / "index.html"
    if not index.is_file() or not home.is_file() or _WORKER not in home.read_text("utf-8"):
        return False
    data = json.loads(index.read_text("utf-8"))
    if "documents" in data["config"]:
        return True
    head = {"config": {**data["config"], "documents": Path(DOCUMENTS).name}, "docs": []}
    (site_dir / DOCUMENTS).write_text(_dump({"docs": data["docs"]}), "utf-8")
    index.write_text(_dump(head), "utf-8")
    return True


def split_on_write(plugins: Any, site_dir: Path) -> bool:
    """Have Material's search plugin write the split index itself (``on_post_build``, before
    it): the documents go straight from its entries to ``DOCUMENTS``, without the whole index
    being written, read back and written again by ``split_index`` (0.6 s at 4,000 pages).
    Under a dirty reload Material merges the previous index: ``split_index`` does it after."""
    found = [p for name, p in plugins.items() if name.rpartition("/")[2] == "search"]
    index: Any = getattr(found[0], "search_index", None) if found else None
    original = getattr(index, "generate_search_index", None)
    home = site_dir / "index.html"
    if original is None or not home.is_file() or _WORKER not in home.read_text("utf-8"):
        return False

    def generate(prev: Any) -> str:
        entries = index.entries
        if prev is not None or not isinstance(entries, list):
            return str(original(prev))
        index.entries = []
        try:  # Material's settings, as it writes them
            head = json.loads(original(None))
        finally:
            index.entries = entries
        head["config"]["documents"] = Path(DOCUMENTS).name
        utils.write_file(_dump({"docs": entries}).encode("utf-8"), str(site_dir / DOCUMENTS))
        return _dump(head)

    index.generate_search_index = generate
    return True


def read_index(site_dir: Path) -> dict[str, Any]:
    """The whole index of a built site, as Material wrote it (``config`` and ``docs``)."""
    data: dict[str, Any] = json.loads((site_dir / INDEX).read_text("utf-8"))
    name = data["config"].pop("documents", None)
    if name:
        data["docs"] = json.loads((site_dir / INDEX).with_name(name).read_text("utf-8"))["docs"]
    return data


def _dump(data: Any) -> str:
    # ``default=str`` as Material's own writing: what it made a string stays one.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
