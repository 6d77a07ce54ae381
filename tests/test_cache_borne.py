"""The document cache keeps only what the last build used (issue 17: it grew ~400 KB per saved
edit, never pruned)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from conftest import FIXTURES
from cqpsite.corpus import load_referentiel

MINI = FIXTURES / "mini" / "referentiels" / "cqp-mini.yml"


def test_cache_keeps_only_the_entries_of_the_last_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cqpsite.documents import Document, Job, cache

    def fake(jobs: Sequence[Job], epoch: int, parallel: bool) -> list[Document]:
        return [
            Document(f"d{i}.pdf", "PDF", "dossier", "Dossier", b"%PDF") for i, _ in enumerate(jobs)
        ]

    monkeypatch.setattr(cache, "render_jobs", fake)
    ref, _ = load_referentiel(MINI)
    assert ref is not None
    cache.render_documents_batch([ref], 1, tmp_path)
    first = {p.relative_to(tmp_path) for p in tmp_path.glob("*/*")}
    assert len(first) == 1
    # Left by earlier builds: another referential, a crashed write long ago, one being written.
    (tmp_path / "cqp-ancien" / "abc").mkdir(parents=True)
    (tmp_path / "cqp-ancien" / "abc" / "manifest.json").write_text("[]")
    old_tmp = tmp_path / "cqp-mini" / "x.tmp123"
    old_tmp.mkdir()
    os.utime(old_tmp, (1, 1))
    (tmp_path / "cqp-mini" / "y.tmp456").mkdir()

    again = cache.render_documents_batch([ref], 2, tmp_path)  # another epoch: another entry
    left = {p.relative_to(tmp_path).as_posix() for p in tmp_path.glob("*/*")}
    key = cache.cache_key(ref, 2)
    assert left == {f"cqp-mini/{key}", "cqp-mini/y.tmp456"}
    assert not (tmp_path / "cqp-ancien").exists()
    assert cache.render_documents_batch([ref], 2, tmp_path) == again  # read back from the cache
