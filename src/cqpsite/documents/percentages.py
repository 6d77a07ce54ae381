"""WeasyPrint's ``resolve_percentages`` without its two calls per property, the same values.

Layout calls it for every box it places, each time it places it (~3,000 times a PDF), and it
resolved each of 14 properties through ``resolve_one_percentage`` then ``percentage``: 4 to 8 %
of a PDF's Python function calls, and 10 % of a PDF's time in a sampling profile (py-spy),
half of it in ``resolve_one_percentage``. With this copy a PDF costs 2 to 4 % less CPU time
(the four sample PDFs, renders alternated in one process, same bytes). This copy reads each
computed length once and resolves the plain ones (a number with ``px`` or ``%``) inline,
leaving WeasyPrint's ``percentage`` the rest (``auto``, ``calc()``…). It replaces
WeasyPrint's only while a PDF is rendered, and only when WeasyPrint's three functions are
still the ones it was copied from (else WeasyPrint's stay).
"""

from __future__ import annotations

import hashlib
import inspect
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from math import inf
from typing import Any

from weasyprint.css.functions import check_math
from weasyprint.css.properties import Dimension
from weasyprint.formatting_structure import boxes
from weasyprint.layout import percent

# sha256 of the source of WeasyPrint 70's resolve_percentages, percentage, resolve_one_percentage.
COPIED_FROM = "c14cb13b5f18fd63"
_ORIGINAL = percent.resolve_percentages
_BORDERS = ("border_top_width", "border_right_width", "border_bottom_width", "border_left_width")


def _resolve(box: Any, style: Any, names: tuple[tuple[str, Any], ...]) -> None:
    """``resolve_one_percentage`` of each (property, length for 100 %)."""
    for name, refer_to in names:
        value = style[name]
        if value.__class__ is Dimension:
            value = refer_to * value.value / 100 if value.unit == "%" else value.value
        else:
            value = percent.percentage(value, style, refer_to)
            if value == "auto" and name in ("min_width", "min_height"):
                value = 0
        setattr(box, name, value)


def resolve_percentages(box: Any, containing_block: Any) -> None:
    """Set used values as attributes of the box object (WeasyPrint's, same results)."""
    if isinstance(containing_block, boxes.Box):
        cb_width, cb_height = containing_block.width, containing_block.height
    else:
        cb_width, cb_height = containing_block
    maybe_height = cb_height if isinstance(box, boxes.PageBox) else cb_width
    style = box.style
    w, h = cb_width, maybe_height
    _resolve(
        box,
        style,
        (
            ("margin_left", w),
            ("margin_right", w),
            ("margin_top", h),
            ("margin_bottom", h),
            ("padding_left", w),
            ("padding_right", w),
            ("padding_top", h),
            ("padding_bottom", h),
            ("width", w),
            ("min_width", w),
            ("max_width", w),
        ),
    )
    if cb_height == "auto":
        # The containing block's height depends on its content.
        height = style["height"]
        if height == "auto" or check_math(height) or height.unit == "%":
            box.height = "auto"
        else:
            assert height.unit.lower() == "px"
            box.height = height.value
        _resolve(box, style, (("min_height", 0), ("max_height", inf)))
    else:
        _resolve(
            box,
            style,
            (("height", cb_height), ("min_height", cb_height), ("max_height", cb_height)),
        )
    collapse = style["border_collapse"] == "collapse"
    for prop in _BORDERS:
        # Collapsed borders' widths were set when their conflicts were resolved.
        if not (collapse and hasattr(box, prop)):
            setattr(box, prop, style[prop])
    percent.adjust_box_sizing(box, "width")
    percent.adjust_box_sizing(box, "height")


@cache
def applicable() -> bool:
    """Whether WeasyPrint's functions are still those this module copies."""
    functions = (_ORIGINAL, percent.percentage, percent.resolve_one_percentage)
    try:
        source = "".join(inspect.getsource(function) for function in functions)
    except (OSError, TypeError):
        return False
    return hashlib.sha256(source.encode()).hexdigest()[:16] == COPIED_FROM


def _modules(function: Callable[..., None]) -> Iterator[Any]:
    """WeasyPrint's modules that call ``function`` by that name."""
    for name, module in list(sys.modules.items()):
        if name.startswith("weasyprint.") and vars(module).get("resolve_percentages") is function:
            yield module


@contextmanager
def fast_percentages() -> Iterator[None]:
    """This module's ``resolve_percentages`` in WeasyPrint's modules, for a render."""
    if not applicable():
        yield
        return
    modules = list(_modules(_ORIGINAL))
    for module in modules:
        module.resolve_percentages = resolve_percentages
    try:
        yield
    finally:
        for module in modules:
            module.resolve_percentages = _ORIGINAL
