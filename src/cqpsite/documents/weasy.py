"""WeasyPrint set up once per process for the PDF renderer, the same bytes for less work.

- the stylesheet and its fonts are parsed and loaded once, not once per document;
- the HTML is parsed by the C XML parser (the renderer writes markup both parsers read the same
  way), WeasyPrint's pure-Python HTML parser being kept for what XML refuses;
- the user-agent stylesheet leaves out the rules of pseudo-elements these documents never
  have (notes, footnotes; markers of other elements than ``li``): they gave each of the
  ~800 elements six pseudo-element styles to compute;
- it also leaves out the rules of the page margin boxes the stylesheet never fills: each
  page computed the style of all 16 (8 ms a page) to fill one, "Page n / N";
- while a PDF is written, pydyf's ``PDF.page_references`` is built again only when a page is
  added: WeasyPrint's tagging reads it for each of the ~2,000 structure elements of a document;
- layout resolves percentages through a copy of WeasyPrint's function with fewer calls
  (``percentages``).
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from multiprocessing import util

import cssselect2  # type: ignore[import-untyped]  # WeasyPrint's own dependencies
import pydyf  # type: ignore[import-untyped]
import tinyhtml5  # type: ignore[import-untyped]
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from cqpsite.documents.percentages import fast_percentages

Finisher = Callable[[object, pydyf.PDF], None]

# Rules of pseudo-elements that only exist with ``float: footnote`` or ``float: note``.
_NOTES = re.compile(r"^::(footnote|note)-[\w-]+ \{[^}\n]*\}$", re.MULTILINE)
# The rules of the 16 page margin boxes, in WeasyPrint's ``@page``: name and side.
_MARGINS = re.compile(r"^  @((top|bottom|left|right)-[\w-]+) +\{[^}\n]*\}\n", re.MULTILINE)


@cache
def margin_boxes(css: str) -> frozenset[str]:
    """The page margin boxes whose user-agent rules ``css`` needs: those it names, and the
    other boxes of their side (the three boxes of a side share out its width)."""
    named = set(re.findall(r"@((?:top|bottom|left|right)-[\w-]+)", css))
    sides = {name.split("-")[0] for name in named if not name.endswith("-corner")}
    return frozenset(
        name
        for name in _ALL_MARGINS
        if name in named or (not name.endswith("-corner") and name.split("-")[0] in sides)
    )


_ALL_MARGINS = tuple(
    f"{side}-{place}"
    for side, places in (
        ("top", ("left-corner", "left", "center", "right", "right-corner")),
        ("left", ("top", "middle", "bottom")),
        ("right", ("top", "middle", "bottom")),
        ("bottom", ("left-corner", "left", "center", "right", "right-corner")),
    )
    for place in places
)


@cache
def user_agent(margins: frozenset[str] = frozenset()) -> tuple[CSS, ...] | None:
    """WeasyPrint's user-agent stylesheets less the rules that match nothing here (the page
    margin boxes but ``margins``); ``None`` (WeasyPrint's own) if its stylesheet no longer has
    the shape this expects."""
    try:
        from weasyprint.html import UA, UA_COUNTER_STYLE, UA_FORM_STYLESHEET
    except ImportError:
        return None
    text, notes = _NOTES.subn("", UA)
    text, markers = re.subn(r"^::marker \{", "li::marker {", text, flags=re.MULTILINE)
    found = _MARGINS.findall(text)
    text = _MARGINS.sub(lambda m: m[0] if m[1] in margins else "", text)
    if notes != 5 or markers != 1 or sorted(n for n, _ in found) != sorted(_ALL_MARGINS):
        return None
    return CSS(string=text, counter_style=UA_COUNTER_STYLE), UA_FORM_STYLESHEET


@cache
def stylesheet(css: str, base_url: str) -> tuple[CSS, FontConfiguration]:
    """``css`` parsed once per process, with the font configuration that holds its fonts."""
    fonts = FontConfiguration()
    sheet = CSS(string=css, base_url=base_url, font_config=fonts)
    folder = getattr(fonts, "_folder", None)  # WeasyPrint's copy of the fonts, for this process
    if folder is not None:
        # Removed when this process ends (a pool's worker too), as WeasyPrint would remove it
        # after each document; a forked child clears this registry and leaves it to its parent.
        util.Finalize(fonts, shutil.rmtree, args=(folder, True), exitpriority=0)
    return sheet, fonts


class _Page(HTML):  # type: ignore[misc]
    """An already parsed document; WeasyPrint's user-agent stylesheet trimmed."""

    def __init__(self, root: ET.Element, base_url: str, margins: frozenset[str]) -> None:
        super().__init__(string="<html></html>", base_url=base_url)
        self.margins = margins
        self.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
        self.etree_element = self.wrapper_element.etree_element

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        trimmed = user_agent(self.margins)
        if trimmed is None:
            result: list[CSS] = super()._ua_stylesheets(forms)
            return result
        return list(trimmed if forms else trimmed[:1])


def parse(html: str) -> ET.Element:
    """The document's tree: by the XML parser, else (characters XML refuses) as WeasyPrint
    parses it."""
    try:
        return ET.fromstring(html)
    except ET.ParseError:
        root: ET.Element = tinyhtml5.parse(html, namespace_html_elements=False)
        return root


_PAGE_REFERENCES = pydyf.PDF.__dict__.get("page_references")


def _page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    """pydyf's ``page_references`` (a tuple of every page's reference, made on each read),
    remembered until a page is added."""
    count = len(pdf.pages["Kids"])
    known = pdf.__dict__.get("_cqpsite_page_references")
    if known is None or known[0] != count:
        known = pdf.__dict__["_cqpsite_page_references"] = (count, _PAGE_REFERENCES.fget(pdf))
    references: tuple[bytes, ...] = known[1]
    return references


@contextmanager
def _remembered_page_references() -> Iterator[None]:
    """pydyf's ``PDF.page_references`` remembered while this process writes a PDF (left as
    it is if pydyf changed its shape)."""
    if not isinstance(_PAGE_REFERENCES, property):
        yield
        return
    pydyf.PDF.page_references = property(_page_references)
    try:
        yield
    finally:
        pydyf.PDF.page_references = _PAGE_REFERENCES


def write_pdf(html: str, css: str, base_url: str, finisher: Finisher | None = None) -> bytes:
    """The tagged, fillable PDF/UA-1 of ``html`` styled by ``css``; ``finisher`` changes its
    objects before they are written."""
    sheet, fonts = stylesheet(css, base_url)
    page = _Page(parse(html), base_url, margin_boxes(css))
    with _remembered_page_references(), fast_percentages():
        data = page.write_pdf(
            stylesheets=[sheet],
            font_config=fonts,
            pdf_forms=True,
            pdf_tags=True,
            pdf_variant="pdf/ua-1",
            finisher=finisher,
        )
    return bytes(data)
