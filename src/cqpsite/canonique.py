"""Each MkDocs ``Page`` computes its canonical address with ``urljoin`` and ``urlsplit``
(``Page._set_canonical_url``): for 10,000 pages, half a second of MkDocs' one process. When the
site's address and the page's are plain (no dot segment, no doubled slash, no query), the join
is a concatenation; that case is computed so, any other goes to MkDocs (same result, tested)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

from mkdocs.structure.pages import Page

# A page's address as MkDocs quotes it, made of plain segments only ("cqp-x/capacites/c5/").
_PLAIN = re.compile(r"(?:[A-Za-z0-9_~%-]+/)*[A-Za-z0-9_~%-]*")
_original: Callable[[Page, str | None], None] | None = None


@functools.lru_cache(maxsize=16)
def _plain_base(base: str) -> tuple[str, str] | None:
    """``(base ending with "/", its path)`` when joining a plain address to it is appending it,
    else None."""
    if not base.endswith("/"):
        base += "/"
    parts = urlsplit(base)
    if not parts.scheme or not parts.netloc or parts.query or parts.fragment:
        return None
    if urlunsplit(parts) != base or "//" in parts.path:
        return None
    if any(segment in (".", "..") for segment in parts.path.split("/")):
        return None
    return base, parts.path


def _set_canonical_url(page: Page, base: str | None) -> None:
    assert _original is not None
    plain = _plain_base(base) if base else None
    if plain is not None:
        url = page.url
        if _PLAIN.fullmatch(url):
            page.canonical_url = plain[0] + url
            page.abs_url = plain[1] + url
            return
    _original(page, base)


def install() -> None:
    """From now on, pages compute their canonical address so (once per process)."""
    global _original
    if _original is None:
        _original = Page._set_canonical_url
        setattr(Page, "_set_canonical_url", _set_canonical_url)  # noqa: B010
