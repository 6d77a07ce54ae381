"""The keys of ``cache_pages``: what a generated page's HTML depends on.

``signature`` is what every page depends on besides itself: the configuration file, the
environment it reads (``!ENV``), the site's address, the plugins, the versions of the packages
that shape the HTML, the editable themes' and the engine's files (size and date), and the whole
navigation (every item's title and address). ``key`` adds the page's own source, address and
previous and next pages.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import sysconfig
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from cqpsite import parallel_pages

# Packages whose code shapes a page's HTML (the installed themes are not walked).
PACKAGES = ("mkdocs", "mkdocs-material", "jinja2", "markupsafe", "markdown", "pymdown-extensions")
ENGINE = Path(__file__).parent


def key(signature: bytes, page: Page, source: bytes) -> bytes:
    digest = hashlib.sha256(signature)
    digest.update(source)
    for other in (page.previous_page, page.next_page):
        digest.update(repr((getattr(other, "title", None), getattr(other, "url", None))).encode())
    digest.update(page.url.encode())
    return digest.digest()


def signature(config: MkDocsConfig, nav: Navigation) -> bytes:
    """What every page's HTML depends on besides itself."""
    digest = hashlib.sha256()
    text = b""
    if config.config_file_path:
        text = Path(config.config_file_path).read_bytes()
    digest.update(text)
    names = set(_ENV.findall(text.decode("utf-8", "replace"))) | {"SOURCE_DATE_EPOCH", "SITE_URL"}
    env = sorted(
        (k, v)
        for k, v in os.environ.items()
        if (k in names or k.startswith("CQPSITE_")) and k not in parallel_pages.UNSHAPING
    )
    digest.update(repr((env, config.site_url, list(config.plugins), sys.version)).encode())
    digest.update(repr([(p, _version(p)) for p in PACKAGES]).encode())
    installed = sysconfig.get_paths()["purelib"]
    # The engine's code (its theme layer included) is walked once, installed or not.
    walked = (installed, ENGINE)
    folders = [f for f in config.theme.dirs if not any(Path(f).is_relative_to(w) for w in walked)]
    for folder in [*folders, str(ENGINE)]:
        digest.update(folder.encode())
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                stat = os.stat(os.path.join(root, name))
                digest.update(repr((root, name, stat.st_size, stat.st_mtime_ns)).encode())
    digest.update(repr(_outline(nav.items)).encode())
    return digest.digest()


_ENV = re.compile(r"!ENV\s*\[?\s*['\"]?([A-Za-z_][A-Za-z0-9_]*)")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""


def _outline(items: Iterable[Any]) -> list[Any]:
    return [
        (
            type(item).__name__,
            getattr(item, "title", None),
            getattr(item, "url", None),
            _outline(getattr(item, "children", None) or ()),
        )
        for item in items
    ]
