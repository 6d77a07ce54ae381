"""MkDocs lists every file of the theme folders to copy their static files, then keeps none
whose path has a hidden part (``.*``, ``*/.*``). Material's ``.icons`` folder holds 14,000 of
its 14,500 files: listing and matching them took a second of every build, in MkDocs' one
process. The same list is made here without entering hidden folders."""

from __future__ import annotations

import os

import jinja2
from mkdocs.config.defaults import MkDocsConfig


def install(config: MkDocsConfig) -> None:
    """From now on, the theme's environments list their templates without hidden folders."""
    theme = config.theme
    if "get_env" in vars(theme):
        return
    original = theme.get_env

    def get_env() -> jinja2.Environment:
        env = original()
        loader = env.loader
        if type(loader) is jinja2.FileSystemLoader:
            loader.list_templates = lambda: visible_templates(loader)  # type: ignore[method-assign]
        return env

    theme.get_env = get_env  # type: ignore[method-assign]


def visible_templates(loader: jinja2.FileSystemLoader) -> list[str]:
    """``FileSystemLoader.list_templates`` but for the files under a hidden folder."""
    found: set[str] = set()
    for searchpath in loader.searchpath:
        for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=loader.followlinks):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for filename in filenames:
                template = (
                    os.path.join(dirpath, filename)[len(searchpath) :]
                    .strip(os.sep)
                    .replace(os.sep, "/")
                )
                if template[:2] == "./":
                    template = template[2:]
                found.add(template)
    return sorted(found)


__all__ = ["install", "visible_templates"]
