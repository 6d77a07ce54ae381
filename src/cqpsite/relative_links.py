"""Which pages share the relative links of a part of a page: those of one folder.

Relative links from the pages of one folder are the same, except to addresses at or below the
page itself: a part of a page that links to none of those is the same on every page of its
folder (the engine keeps such parts of the navigation and the header once per folder).
"""

from __future__ import annotations

import bisect
from typing import Any


def folder(url: str) -> str:
    return url.rstrip("/").rpartition("/")[0]


def item_urls(item: Any) -> list[str]:
    """Addresses an item's HTML may link to: its own and its descendants'."""
    own = [item.url] if getattr(item, "url", None) is not None else []
    return own + [u for child in getattr(item, "children", None) or () for u in item_urls(child)]


def leads_below(urls: list[str], url: str) -> bool:
    """Whether one of the sorted ``urls`` is ``url`` or an address below it."""
    below = bisect.bisect_left(urls, url)
    return below < len(urls) and urls[below].startswith(url)
