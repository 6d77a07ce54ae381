"""Documents are rendered with fewer garbage collections, and the collector is left as found."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

import cqpsite.documents as documents
from cqpsite.documents import Job, plan_documents
from cqpsite.documents.collection import YOUNG, fewer_collections
from cqpsite.documents.form import Form
from documents_fixture import CQP

EPOCH = 1_700_000_000


@pytest.fixture
def threshold() -> Iterator[tuple[int, int, int]]:
    old = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield gc.get_threshold()
    gc.set_threshold(*old)


def test_young_threshold_raised_while_rendering_then_restored(
    threshold: tuple[int, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, int, int]] = []
    job = next(j for j in plan_documents(CQP) if j.format == "ODT")
    render = documents._RENDER["ODT"]

    def spy(form: Form, epoch: int) -> bytes:
        seen.append(gc.get_threshold())
        return render(form, epoch)

    monkeypatch.setitem(documents._RENDER, "ODT", spy)
    document = Job.render(job, EPOCH)
    assert document.contenu.startswith(b"PK")
    assert seen == [(YOUNG, 10, 10)]
    assert gc.get_threshold() == threshold


def test_restored_when_the_render_fails(threshold: tuple[int, int, int]) -> None:
    with pytest.raises(ValueError), fewer_collections():
        assert gc.get_threshold()[0] == YOUNG
        raise ValueError
    assert gc.get_threshold() == threshold


@pytest.mark.parametrize("setting", [(0, 10, 10), (50_000, 10, 10)])
def test_disabled_or_higher_thresholds_left_alone(
    threshold: tuple[int, int, int], setting: tuple[int, int, int]
) -> None:
    gc.set_threshold(*setting)
    with fewer_collections():
        assert gc.get_threshold() == setting
    assert gc.get_threshold() == setting
