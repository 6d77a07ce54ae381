"""Generated Markdown: escaping table, golden pages of the small fixture, published URLs.

Golden files change only on purpose: run ``UPDATE_GOLDEN=1 pytest tests/test_pages.py`` and
review the diff. The URL list is a promise made to trainers: a line that disappears from
``golden/urls.txt`` breaks links already pasted in emails, slides and badges.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from conftest import FIXTURES
from cqpsite.corpus import load_referentiels
from cqpsite.model import Dossier, Rubrique, SectionDossier
from cqpsite.pages import heading_levels, render_home, render_referentiel
from sitetext import read_page

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _golden_pages() -> dict[str, str]:
    refs = load_referentiels(FIXTURES / "mini" / "referentiels")
    pages = [render_home(refs), *[p for r in refs for p in render_referentiel(r)]]
    return {p.src_uri: p.contenu for p in pages}


def test_golden_pages_of_the_fixture() -> None:
    folder = GOLDEN / "mini"
    pages = _golden_pages()
    if UPDATE:
        for uri, text in pages.items():
            (folder / uri).parent.mkdir(parents=True, exist_ok=True)
            (folder / uri).write_text(text, "utf-8")
    on_disk = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.md"))
    assert on_disk == sorted(pages)
    for uri, text in pages.items():
        assert (folder / uri).read_text("utf-8") == text, f"{uri} differs from its golden file"


OUR_ANCHORS = re.compile(r"^(critere|question|section|grille)-")


def published_urls(site: Path) -> list[str]:
    lines = []
    for path in sorted(site.rglob("index.html")):
        folder = path.parent.relative_to(site).as_posix()
        url = "/" if folder == "." else f"/{folder}/"
        if url.startswith(("/a-propos", "/guide", "/accessibilite")):
            continue
        lines.append(url)
        lines += [f"{url}#{i}" for i in read_page(path).ids if OUR_ANCHORS.match(i)]
    exports = [f"*/{name}.json" for name in ("referentiel", "case", "badges")]
    files = [*site.glob("*/telechargements/*"), *site.glob("schema/*")]
    files += [p for pattern in exports for p in site.glob(pattern)]
    lines += sorted("/" + str(path.relative_to(site)) for path in files)
    return lines


def test_published_urls_never_disappear(real_site: Path) -> None:
    golden = GOLDEN / "urls.txt"
    current = published_urls(real_site)
    if UPDATE:
        golden.write_text("\n".join(current) + "\n", "utf-8")
    promised = golden.read_text("utf-8").split()
    gone = sorted(set(promised) - set(current))
    assert gone == [], "published URLs or anchors disappeared (links already given out break)"
    added = sorted(set(current) - set(promised))
    assert added == [], "new URLs: add them to tests/golden/urls.txt (UPDATE_GOLDEN=1)"


def test_untitled_rubriques_do_not_skip_heading_levels() -> None:
    """axe « heading-order »: a titled rubrique under an untitled one is an h3, not an h4."""
    inner = Rubrique("titree", titre="Missions", rubriques=(Rubrique("sous", titre="Outils"),))
    dossier = Dossier(
        "Dossier",
        sections=(
            SectionDossier("s1", "Section", rubriques=(Rubrique("anonyme", rubriques=(inner,)),)),
        ),
    )
    assert heading_levels(dossier) == {"anonyme": 3, "titree": 3, "sous": 4}
