"""Every line of both source documents is on the built site.

Compared on a skeleton (letters and digits, no accents, no case) so that repaired extraction
artifacts (hyphenation, lost bullets, missing capital accents, glued footnote numbers) still
match, while any dropped or reworded passage fails with the source line quoted.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from sitetext import article_text

SOURCES = Path(__file__).parents[1] / "referentiels" / "sources"

# Page furniture, not content: headers/footers of the PDF pages.
FURNITURE = re.compile(r"^(Page \d+ sur \d+|Dossier VAE CQP Coordinateur logistique 2022 Page .*)$")
# Footnote numbers glued to words in the extraction ("BPD1", "candidat1"); on the site the call
# is a superscript, and the note itself starts with its number on its own.
FOOTNOTE_CALLS = re.compile(r"(?<=BPD)\d|(?<=ATEX)\d|(?<=candidat)1(?= soit)|^\d(?= [A-Z])")


# The CQPM table header, repeated on each PDF page, spans three columns: checked per column.
TABLE_HEADER = (
    "Capacités professionnelles",
    "Conditions de réalisation",
    "Critères observables et ou mesurables avec niveau d’exigence",
)


def skeleton(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]", "", text)
    return re.sub(r"[^a-z0-9]", "", text.lower())


def source_lines(name: str) -> list[str]:
    lines = []
    for raw in (SOURCES / name).read_text("utf-8").splitlines():
        line = raw.strip()
        line = re.sub(r"^([•✓]|o(?= )|)\s*", "", line)
        if not line or FURNITURE.match(line):
            continue
        if line == " ".join(TABLE_HEADER):
            lines += TABLE_HEADER
            continue
        lines.append(FOOTNOTE_CALLS.sub("", line))
    return lines


@pytest.fixture(scope="module")
def site_skeleton(real_site: Path) -> str:
    texts = [article_text(p) for p in sorted(real_site.rglob("*.html"))]
    return skeleton(re.sub(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]", "", " ".join(texts)))


@pytest.mark.parametrize(
    "name",
    [
        "cqp-coordinateur-logistique-livret2-vae.txt",
        "cqpm-gestionnaire-flux-commandes-international-referentiel.txt",
    ],
)
def test_every_source_line_is_published(name: str, site_skeleton: str) -> None:
    missing = [line for line in source_lines(name) if skeleton(line) not in site_skeleton]
    assert missing == []
