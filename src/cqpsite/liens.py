"""Internal links of a built site: every ``href``/``src`` to a local page or file exists, and
every ``#fragment`` exists in the page it points to (following the pinned addresses' static
redirects).

Regular expressions on MkDocs' output, which always quotes its attributes, over a list of the
site's files made once; a link is resolved once per folder (pages of a folder share their
navigation links): a 10,000-page site has about two million links.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import SplitResult, unquote, urlsplit

# Attributes of the elements that link (naming them is 4 times faster than any tag); a code
# sample is escaped text, without "<".
_LIEN = re.compile(
    r"<(?:a|area|audio|embed|iframe|img|input|link|script|source|track|video)\s[^<>]*?"
    r"""(?<=\s)(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')"""
)
_ID = re.compile(r"""<[a-zA-Z][^<>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REDIRECTION = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')
_IGNORES = ("mailto", "data", "javascript", "tel")


class _Site:
    """The built site's files (site-relative POSIX paths) and, read on demand, page IDs."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: set[str] = set()
        self.dirs: set[str] = {""}
        for folder, dirs, files in os.walk(root):
            rel = Path(folder).relative_to(root).as_posix()
            prefix = "" if rel == "." else f"{rel}/"
            self.dirs.update(prefix + d for d in dirs)
            self.files.update(prefix + f for f in files)
        self._ids: dict[str, set[str]] = {}

    def text(self, rel: str) -> str:
        return _markup((self.root / rel).read_text("utf-8", errors="replace"))

    def ids(self, rel: str) -> set[str]:
        if rel not in self._ids:
            text = self.text(rel)
            redirect = _REDIRECTION.search(text)
            target = ""
            if redirect:
                folder = posixpath.dirname(rel)
                path = posixpath.normpath(posixpath.join(folder, html.unescape(redirect[1])))
                target = f"{path}/index.html".lstrip("/")
            if target in self.files:
                self._ids[rel] = self.ids(target)
            else:
                self._ids[rel] = {html.unescape(a or b) for a, b in _ID.findall(text)}
        return self._ids[rel]


def _markup(text: str) -> str:
    """``text`` without comments and script bodies (not markup), by ``str.find``: a regular
    expression for this took 8 times longer."""
    out: list[str] = []
    i = 0
    while True:
        script, comment = text.find("<script", i), text.find("<!--", i)
        if script < 0 and comment < 0:
            out.append(text[i:])
            return "".join(out)
        if comment >= 0 and (script < 0 or comment < script):
            out.append(text[i:comment])
            end = text.find("-->", comment + 4)
            i = len(text) if end < 0 else end + 3
        else:
            tag_end = text.find(">", script)
            tag_end = len(text) - 1 if tag_end < 0 else tag_end
            out.append(text[i : tag_end + 1])
            end = text.find("</script>", tag_end)
            i = len(text) if end < 0 else end + len("</script>")


def check_links(site: Path, site_url: str) -> list[str]:
    """Broken internal links of the built ``site``, one French message each."""
    own = urlsplit(site_url or "http://127.0.0.1/")
    built = _Site(site)
    resolved: dict[tuple[str, str], tuple[str, str]] = {}  # (base, link) → (file, problem)
    broken: list[str] = []
    for rel in sorted(f for f in built.files if f.endswith(".html")):
        folder = posixpath.dirname(rel)
        where = f"/{folder}/" if folder else "/"
        page = where if rel.endswith("index.html") else f"{where}{posixpath.basename(rel)}"
        # 404.html is served at any depth: MkDocs makes its links absolute.
        base = (own.path or "/") if rel == "404.html" else where
        for a, b in _LIEN.findall(built.text(rel)):
            link = html.unescape(a or b)
            url = urlsplit(link)
            if not url.path and not url.netloc:  # "#anchor" or "?query": this page
                target, problem = rel, ""
            else:
                key = (base, link)
                if key not in resolved:
                    resolved[key] = _resolve(built, base, url, own)
                target, problem = resolved[key]
            fragment = unquote(url.fragment)
            html_target = target.endswith(".html")
            if not problem and fragment and html_target and fragment not in built.ids(target):
                problem = f"ancre « #{fragment} » absente de la page"
            if problem:
                broken.append(f"{page} : lien « {link} » : {problem}")
    return broken


def _resolve(built: _Site, base: str, url: SplitResult, own: SplitResult) -> tuple[str, str]:
    """(site-relative file, problem) of a link; no file for links that leave the site."""
    if url.scheme in _IGNORES or (url.scheme and url.scheme not in ("http", "https")):
        return "", ""
    if url.netloc and url.netloc != own.netloc:
        return "", ""
    target = unquote(url.path)
    if target.startswith("/"):  # absolute: under the site's own path
        root = own.path or "/"
        if not target.startswith(root):
            return "", "" if url.netloc else "hors du site"
        target = "/" + target[len(root) :]
    path = posixpath.normpath(posixpath.join(base, target))
    if path.startswith(".."):
        return "", "hors du site"
    rel = path.strip("/")
    if rel in built.dirs or target.endswith("/"):
        rel = f"{rel}/index.html".lstrip("/")
    if rel not in built.files:
        return "", "page ou fichier introuvable"
    return rel, ""
