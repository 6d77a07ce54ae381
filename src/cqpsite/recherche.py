"""What the site search needs from the engine: the index settings, the keys a criterion is found
by, and the split of Material's index into a small head and the documents fetched on first use.

Material's search (lunr, ``lang: fr``) splits words on spaces and hyphens only, and its French
trimmer strips digits from the ends of words ("5.2" and "C5" vanish from the index): the engine's
settings split on punctuation too, keep a dot between digits, and leave the trimmer out.
"""

from __future__ import annotations

import re
from typing import Any

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
