"""Under ``mkdocs serve`` pages come first: documents missing from the cache are announced as
being generated, a worker process renders them into the cache, and the next build serves them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES
from cqpsite.site import Site, build_site

MINI = FIXTURES / "mini" / "referentiels"
GRILLE = "cqp-mini/telechargements/cqp-mini-grille.docx"


def _index(site: Site) -> str:
    return next(p.contenu for p in site.pages if p.src_uri == "cqp-mini/index.md")


def test_documents_follow_the_pages_under_serve(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = build_site(MINI, 0, cache, True, "", background=True)
    assert first.en_attente
    assert GRILLE not in {f.src_uri for f in first.fichiers}
    assert "Grille d’évaluation (DOCX, en cours de génération" in _index(first)
    assert not cache.exists() or not any(cache.rglob("manifest.json"))

    command = [sys.executable, "-m", "cqpsite.background", str(MINI), "0", str(cache)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=300)
    assert "document(s) à jour" in done.stderr

    second = build_site(MINI, 0, cache, True, "", background=True)
    assert not second.en_attente
    assert "en cours de génération" not in _index(second)
    built = build_site(MINI, 0, cache, True, "")
    assert {f.src_uri: f.contenu for f in second.fichiers} == {
        f.src_uri: f.contenu for f in built.fichiers
    }
