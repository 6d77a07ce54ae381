"""Source fidelity: every line of a referential's source text (``source.fichier``) is on its
built pages.

Compared on a skeleton (letters and digits, no accents, no case, no superscript note marks), so
that repaired extraction artifacts (cut words, lost bullets, missing capital accents) still
match while a dropped or reworded passage is reported with its line. What is page furniture
rather than content is declared in the YAML (``source.hors_texte``), never guessed here.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from cqpsite import urls
from cqpsite.model import Referentiel

_EXPOSANTS = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]")
_ARTICLE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.S)
_NON_TEXTE = re.compile(r"<(script|style)\b.*?</\1>|<!--.*?-->", re.S)
_BALISE = re.compile(r"<[^>]+>")
APERCU = 100  # characters of a missing line quoted in its message


def skeleton(text: str) -> str:
    text = unicodedata.normalize("NFKD", _EXPOSANTS.sub("", text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", text.lower())


def page_text(path: Path) -> str:
    """The text of a built page's content (its ``<article>``), not of the theme around it."""
    found = _ARTICLE.findall(path.read_text("utf-8", errors="replace"))
    return " ".join(html.unescape(_BALISE.sub(" ", _NON_TEXTE.sub(" ", a))) for a in found)


def source_path(ref: Referentiel, folder: Path) -> Path | None:
    """The source text of ``ref`` (relative to its referentials ``folder``) if it exists."""
    if not ref.source.fichier:
        return None
    path = folder / ref.source.fichier
    return path if path.is_file() else None


def site_pages(site: Path, ref: Referentiel) -> list[Path]:
    """The built pages of the current version of ``ref`` (archived versions left out)."""
    root = site / urls.public_url(urls.overview_page(ref))
    archives = root / "v"
    return sorted(p for p in root.rglob("*.html") if archives not in p.parents)


def missing_lines(
    source: str, nom: str, hors_texte: Iterable[str], published: Iterable[str]
) -> list[str]:
    """``nom:line: …`` for each line of ``source`` whose skeleton is in no ``published`` text,
    once the ``hors_texte`` patterns are removed from it."""
    patterns = [re.compile(p) for p in hors_texte]
    site = skeleton(" ".join(published))
    out = []
    for number, raw in enumerate(source.splitlines(), 1):
        line = raw.strip()
        for pattern in patterns:
            line = pattern.sub("", line).strip()
        wanted = skeleton(line)
        if wanted and wanted not in site:
            apercu = line if len(line) <= APERCU else line[: APERCU - 1] + "…"
            out.append(f"{nom}:{number}: ligne de la source absente du site : « {apercu} »")
    return out


def check_fidelity(ref: Referentiel, folder: Path, site: Path, base: Path) -> list[str] | None:
    """Missing source lines of ``ref`` on the built ``site``; None without a source text.
    File names in messages are relative to ``base`` (the site's root)."""
    path = source_path(ref, folder)
    if path is None:
        return None
    try:
        nom = str(path.relative_to(base))
    except ValueError:
        nom = str(path)
    try:
        source = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return [f"{nom}:1: texte source illisible ({exc.__class__.__name__}) : UTF-8 attendu"]
    texts = (page_text(p) for p in site_pages(site, ref))
    return missing_lines(source, nom, ref.source.hors_texte, texts)
