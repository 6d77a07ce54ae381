"""Serve a built site on 127.0.0.1 for the browser tests, and watch what pages request."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, quote_plus

import pytest
from serveur_gzip import serve_compressed

from conftest import FIXTURES, build_project, make_project

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

LOCAL = ("http://127.0.0.1:", "blob:", "data:")


def build_fixture(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """The site of ``tests/fixtures/<name>/referentiels``, built without documents."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CQPSITE_DOCUMENTS", "0")
        root = make_project(tmp_path_factory.mktemp(name), FIXTURES / name / "referentiels")
        return build_project(root)


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """The static site at ``site`` on a free local port, gzip-compressed like GitHub Pages."""
    with serve_compressed(site) as url:
        yield url


def record_requests(context: BrowserContext) -> list[tuple[str, str, bytes | None]]:
    """Every request ``context`` makes from now on, as (method, URL, body), for ``leaks``."""
    requests: list[tuple[str, str, bytes | None]] = []
    context.on("request", lambda r: requests.append((r.method, r.url, r.post_data_buffer)))
    return requests


def record_errors(page: Page) -> list[str]:
    """Every uncaught script error of ``page`` from now on."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def leaks(requests: list[tuple[str, str, bytes | None]], secrets: list[str]) -> list[str]:
    """Requests that leave localhost, are not plain GETs, or carry one of ``secrets``."""
    bad = []
    for method, url, body in requests:
        text = url + (body or b"").decode("utf-8", "replace")
        variants = {v for s in secrets for v in (s, quote(s), quote_plus(s))}
        if not url.startswith(LOCAL) or method != "GET" or any(v in text for v in variants):
            bad.append(f"{method} {url}")
    return bad


def stored_answers(page: Page, key: str) -> dict[str, Any]:
    """What ``page``'s scripts keep in ``localStorage`` under ``key``, saved first ({} if none)."""
    data: dict[str, Any] = json.loads(
        page.evaluate(f"cqpStockage.flush(), localStorage.getItem({key!r})") or "{}"
    )
    return data
