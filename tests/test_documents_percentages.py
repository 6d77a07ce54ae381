"""The PDF renderer's copy of WeasyPrint's ``resolve_percentages`` (documents/percentages.py):
in use for this WeasyPrint, the same used values, WeasyPrint's own again after a render."""

from __future__ import annotations

from typing import Any

import pytest
from weasyprint import HTML
from weasyprint.layout import block, inline, percent, table

from cqpsite.documents import percentages
from cqpsite.documents.pdf import FONTS, stylesheet
from cqpsite.documents.weasy import write_pdf

# Lengths of every kind the function meets: px, %, auto, calc(), box-sizing, in a table, on
# a page, in a box whose containing block has an auto height.
HTML_ALL = """<html lang="fr"><head><title>T</title><style>
@page { size: A5; margin: 5% 1cm calc(1cm + 2%) }
div.a { width: 50%; margin: 2% auto 1em; padding: 1% 3px calc(2px + 1%); min-width: 10%;
  max-width: calc(90% - 4px); height: 3cm; min-height: 1cm; max-height: 50% }
div.b { box-sizing: border-box; width: 80%; padding: 5%; border: 2px solid; height: auto }
table { width: 100%; table-layout: fixed; border-collapse: collapse }
td { width: 30%; padding: 1%; border: 1pt solid; height: 2em }
</style></head><body><div class="a"><p>un</p></div><div class="b"><span>deux</span></div>
<table><tr><td>trois</td><td style="width: auto">quatre</td></tr></table></body></html>"""


def _used(root: Any) -> list[tuple[str, tuple[object, ...]]]:
    names: tuple[str, ...] = ("margin_top", "margin_left", "padding_top", "padding_right")
    names += ("width", "height", "min_width", "max_width", "min_height", "max_height")
    names += ("border_top_width",)
    return [
        (type(box).__name__, tuple(getattr(box, name, None) for name in names))
        for box in root.descendants()
    ]


def test_applies_to_this_weasyprint() -> None:
    assert percentages.applicable()


def test_same_used_values_as_weasyprint() -> None:
    document = HTML(string=HTML_ALL).render()
    with percentages.fast_percentages():
        fast = HTML(string=HTML_ALL).render()
    assert len(document.pages) == len(fast.pages) == 1
    expected = _used(document.pages[0]._page_box)
    assert _used(fast.pages[0]._page_box) == expected
    assert len(expected) > 20


@pytest.mark.parametrize("module", [percent, block, inline, table])
def test_weasyprint_s_own_again_after_a_render(module: Any) -> None:
    own = module.resolve_percentages
    seen: list[object] = []

    def finisher(document: object, pdf: object) -> None:
        seen.append(module.resolve_percentages)

    html = '<html lang="fr"><head><title>T</title></head><body><p>x</p></body></html>'
    write_pdf(html, stylesheet(), str(FONTS), finisher)
    assert seen == [percentages.resolve_percentages]
    assert module.resolve_percentages is own


def test_not_used_when_weasyprint_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    percentages.applicable.cache_clear()
    monkeypatch.setattr(percentages, "COPIED_FROM", "0" * 16)
    try:
        with percentages.fast_percentages():
            assert block.resolve_percentages is percent.resolve_percentages
    finally:
        percentages.applicable.cache_clear()
