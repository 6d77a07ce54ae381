"""Shared fixtures: build real sites with MkDocs in temporary directories."""

from __future__ import annotations

import hashlib
import http.server
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from cqpsite.init import site_files

PROJECT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
# The two sample referentials, copied with their sources: engine tests never read the site's own
# referentiels/ folder, which organisations edit or replace.
REELS = FIXTURES / "reels" / "referentiels"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")


def make_project(tmp_path: Path, referentiels: Path) -> Path:
    """A new site as ``python -m cqpsite init`` writes it, around the given referentials."""
    root = tmp_path / "projet"
    for relative, text in site_files("Référentiels CQP et CQPM", "-e .").items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, "utf-8")
    shutil.copytree(referentiels, root / "referentiels")
    return root


def site_hashes(site: Path) -> dict[str, str]:
    """Every file of a built site, by its path in the site: its SHA-256 (sites compared byte
    for byte)."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def build_project(root: Path, site_dir: Path | None = None) -> Path:
    """``mkdocs build --strict`` in-process; returns the site directory."""
    site = site_dir or root / "site"
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site), strict=True)
    build(config)
    return site


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real referentials of the repository, built once per test session."""
    tmp = tmp_path_factory.mktemp("real")
    return build_project(make_project(tmp, REELS))


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture referential (blocs of capacités, hostile text), built once."""
    tmp = tmp_path_factory.mktemp("mini")
    return build_project(make_project(tmp, FIXTURES / "mini" / "referentiels"))


def find_chromium() -> str | None:
    """Playwright's own browser where it was installed (GitHub's runners: ``python -m playwright
    install --with-deps chromium``), else Debian's ``chromium`` package."""
    base = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(Path.home() / ".cache/ms-playwright")
    bundled = sorted(Path(base).glob("chromium-*/chrome-linux*/chrome"))
    if bundled:
        return str(bundled[-1])
    return shutil.which("chromium")


CHROMIUM = find_chromium()
if CHROMIUM is None and os.environ.get("CI"):
    # In CI a missing browser must fail, not silently skip every browser test.
    raise RuntimeError("aucun navigateur Chromium : paquet chromium ou playwright install")

if CHROMIUM is not None:
    from playwright.sync_api import Browser, sync_playwright


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    args = [
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=args)
        yield b
        b.close()
