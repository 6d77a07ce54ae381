"""Document fidelity: every line of a source that the site shows on the dossier or grid page is
in the DOCX, ODT and PDF of that document too, in the source's order.

Lines are compared on the site's own skeleton (``cqpsite.fidelite``); for a livret (a referential
with a ``dossier``, whose source is the candidate's dossier itself), the dossier documents also
carry what the site shows on the overview page: the livret's presentation of the CQP.
"""

from __future__ import annotations

import bisect
import html
import io
import re
import zipfile
from pathlib import Path

import pypdf
import pytest

from conftest import REELS
from cqpsite import urls
from cqpsite.corpus import load_referentiel
from cqpsite.documents import Document, render_documents
from cqpsite.fidelite import page_text, skeleton, source_path
from cqpsite.model import Referentiel

_TAG = re.compile(r"<[^>]+>")
SHORT = 12  # characters of skeleton below which a line is found on any page


def document_text(document: Document) -> str:
    """The text a reader sees in the document's body, in order."""
    if document.format == "PDF":
        reader = pypdf.PdfReader(io.BytesIO(document.contenu))
        return " ".join(page.extract_text() or "" for page in reader.pages)
    part = "word/document.xml" if document.format == "DOCX" else "content.xml"
    with zipfile.ZipFile(io.BytesIO(document.contenu)) as archive:
        xml = archive.read(part).decode("utf-8")
    # Paragraph and line ends become spaces, so that words of two paragraphs never merge.
    xml = re.sub(r"</(w:p|text:p|text:h)>|<(w:br|text:line-break)/>", " ", xml)
    return html.unescape(_TAG.sub("", xml))


def shown_lines(
    ref: Referentiel, pages: list[Path], site_order: bool
) -> list[tuple[int, str, str]]:
    """(number, skeleton, text) of each source line that the ``pages`` show, in source order
    or in the order of the pages (a grid puts the rules before the criteria, as its page does).
    Lines shorter than ``SHORT`` ("Date :", "Entreprise :") are left out: they are found on any
    page, whether or not it shows that line."""
    path = source_path(ref, REELS)
    assert path is not None
    site = skeleton(" ".join(page_text(p) for p in pages))
    patterns = [re.compile(p) for p in ref.source.hors_texte]
    out = []
    for number, raw in enumerate(path.read_text("utf-8-sig").splitlines(), 1):
        line = raw.strip()
        for pattern in patterns:
            line = pattern.sub("", line).strip()
        wanted = skeleton(line)
        if len(wanted) >= SHORT and wanted in site:
            out.append((site.find(wanted) if site_order else 0, number, wanted, line))
    return [(number, wanted, line) for _, number, wanted, line in sorted(out)]


def _occurrences(body: str, wanted: str, limit: int = 50) -> list[int]:
    found, start = [], body.find(wanted)
    while start >= 0 and len(found) < limit:
        found.append(start)
        start = body.find(wanted, start + 1)
    return found


def _chain(candidates: list[list[int]]) -> set[int]:
    """Indices of the lines in a longest chain of non-decreasing positions, each line at
    one of its candidate positions (patience sorting, candidates taken in decreasing order)."""
    tails: list[tuple[int, tuple[int, int]]] = []
    back: dict[tuple[int, int], tuple[int, int] | None] = {}
    for index, positions in enumerate(candidates):
        for position in sorted(positions, reverse=True):
            k = bisect.bisect_right([t[0] for t in tails], position)
            key = (index, position)
            back[key] = tails[k - 1][1] if k else None
            if k == len(tails):
                tails.append((position, key))
            else:
                tails[k] = (position, key)
    chain: set[int] = set()
    node = tails[-1][1] if tails else None
    while node is not None:
        chain.add(node[0])
        node = back[node]
    return chain


def missing_in_order(
    lines: list[tuple[int, str, str]], text: str, free: frozenset[str] = frozenset()
) -> list[str]:
    """``line: where: text`` of each line absent from ``text``, or out of the longest run of
    lines found in source order. A line out of that run whose text the run itself shows (the
    source prints some passages twice: the list of capacités, then the table) is not missing,
    nor one in ``free``: text that the site itself shows in more than one place."""
    body = skeleton(text)
    chain = _chain([_occurrences(body, wanted) for _, wanted, _ in lines])
    shown = "".join(wanted for index, (_, wanted, _) in enumerate(lines) if index in chain)
    out = []
    for index, (number, wanted, line) in enumerate(lines):
        if wanted not in body:
            out.append(f"{number}: absente: {line}")
        elif index not in chain and wanted not in shown and wanted not in free:
            out.append(f"{number}: hors d’ordre: {line}")
    return out


def _references() -> list[Referentiel]:
    refs = [load_referentiel(p)[0] for p in sorted(REELS.glob("*.yml"))]
    return [r for r in refs if r is not None and r.source.fichier]


REFS = _references()


@pytest.mark.parametrize("ref", REFS, ids=[r.id for r in REFS])
def test_documents_show_every_source_line_of_their_page_in_order(
    ref: Referentiel, real_site: Path
) -> None:
    def built(src: str) -> Path:
        return real_site / urls.public_url(src) / "index.html"

    pages = {"grille": [built(urls.grille_page(ref))]}
    if ref.dossier is not None:
        pages["dossier"] = [built(urls.overview_page(ref)), built(urls.dossier_page(ref))]
    problems = []
    for document in render_documents(ref, 0):
        if document.type not in pages:
            continue
        # A livret is the dossier itself: its documents follow the source from cover to end.
        lines = shown_lines(ref, pages[document.type], site_order=document.type == "grille")
        assert len(lines) > 20  # the pages do show the source
        site = skeleton(" ".join(page_text(p) for p in pages[document.type]))
        free = frozenset(w for _, w, _ in lines if site.count(w) > 1)
        problems += [
            f"{document.nom}: {m}" for m in missing_in_order(lines, document_text(document), free)
        ]
    assert problems == []


def test_a_dropped_or_moved_line_is_reported() -> None:
    words = ["alpha", "beta", "gamma", "delta"]
    lines = [(n, w * 3, w.title()) for n, w in enumerate(words, 1)]
    assert missing_in_order(lines, " ".join(w * 3 for w in words)) == []
    dropped = " ".join(w * 3 for w in words if w != "beta")
    assert missing_in_order(lines, dropped) == ["2: absente: Beta"]
    moved = " ".join(w * 3 for w in ["alpha", "gamma", "delta", "beta"])
    assert missing_in_order(lines, moved) == ["2: hors d’ordre: Beta"]
    # A line whose text the site shows twice may stand anywhere.
    assert missing_in_order(lines, moved, frozenset({"betabetabeta"})) == []
