"""Document fidelity: every line of a source that the site shows on the dossier or grid page is
in the DOCX, ODT and PDF of that document too, in the source's order.

Lines are compared on the site's own skeleton (``cqpsite.fidelite``); for a livret (a referential
with a ``dossier``, whose source is the candidate's dossier itself), the dossier documents also
carry what the site shows on the overview page: the livret's presentation of the CQP.
"""

from __future__ import annotations

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


def shown_lines(ref: Referentiel, pages: list[Path]) -> list[tuple[int, str, str]]:
    """(number, skeleton, text) of each source line, in order, that the ``pages`` show."""
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
        if wanted and wanted in site:
            out.append((number, wanted, line))
    return out


def missing_in_order(lines: list[tuple[int, str, str]], text: str) -> list[str]:
    """``line: text`` of each line absent from ``text``, or found only before the previous one."""
    body, position, out = skeleton(text), 0, []
    for number, wanted, line in lines:
        found = body.find(wanted, position)
        if found < 0:
            where = "avant la ligne précédente" if wanted in body else "absente"
            out.append(f"{number}: {where}: {line}")
        else:
            position = found + len(wanted)
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
        lines = shown_lines(ref, pages[document.type])
        assert len(lines) > 20  # the pages do show the source
        problems += [
            f"{document.nom}: {m}" for m in missing_in_order(lines, document_text(document))
        ]
    assert problems == []


def test_a_dropped_or_moved_line_is_reported() -> None:
    lines = [(1, "alpha", "Alpha"), (2, "beta", "Beta"), (3, "gamma", "Gamma")]
    assert missing_in_order(lines, "Alpha, Beta et Gamma") == []
    assert missing_in_order(lines, "Alpha et Gamma") == ["2: absente: Beta"]
    assert missing_in_order(lines, "Beta, Alpha et Gamma") == ["2: avant la ligne précédente: Beta"]
