"""Form blocks → the XML text of a DOCX body, exactly as python-docx's API serialised it.

python-docx builds each element through generic machinery (a search for the body's ``sectPr``
on every paragraph, one call per character of ``run.text``, a schema lookup per child): about
0.2 s of CPU per dossier for what is a few thousand string joins here. ``render_docx`` compares
nothing at run time; ``tests/test_docx_body.py`` keeps this writer equal to the API, element for
element, on a form that holds every kind of block and hostile text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

from docx.shared import Cm

from cqpsite.documents.form import (
    ANSWER_HEIGHT_CM,
    FIELD_ROW_HEIGHT_CM,
    TEXT_WIDTH_CM,
    Bullets,
    Check,
    Field,
    Form,
    Heading,
    Input,
    Para,
    Table,
    before_signature,
    introduces,
)

HEADER_FILL = "E8E8E8"
CHECKBOX_FONT = "MS Gothic"  # what Word writes; LibreOffice substitutes a font with ☐ and ☒
KEEP = "<w:keepNext/>"
# What lxml refuses in text (python-docx raised ValueError through it): refuse it the same way.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("([\t\r\n])")
_CHECKBOX = (
    '<w14:checkbox><w14:checked w14:val="0"/>'
    f'<w14:checkedState w14:val="2612" w14:font="{CHECKBOX_FONT}"/>'
    f'<w14:uncheckedState w14:val="2610" w14:font="{CHECKBOX_FONT}"/></w14:checkbox>'
)
_BOX_RUN = (
    f'<w:r><w:rPr><w:rFonts w:ascii="{CHECKBOX_FONT}" w:hAnsi="{CHECKBOX_FONT}" '
    f'w:eastAsia="{CHECKBOX_FONT}" w:hint="eastAsia"/></w:rPr><w:t>\u2610</w:t></w:r>'
)
_TABLE_PR = (
    '<w:tblW w:type="auto" w:w="0"/><w:tblLayout w:type="fixed"/><w:tblLook w:firstColumn="1" '
    'w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
)
_BOLD_9PT = '<w:rPr><w:b/><w:sz w:val="18"/></w:rPr>'
_SHADE = f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/>'


def _escape(text: str) -> str:
    """Text as lxml serialises it (``str.translate`` was 50 times slower on accented text)."""
    if _NOT_XML.search(text):
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(text: str) -> str:
    """An attribute value as lxml serialises it."""
    out = _escape(text).replace('"', "&quot;")
    if "\t" in out or "\n" in out or "\r" in out:
        out = out.replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")
    return out


def _t(text: str) -> str:
    """A ``w:t``; python-docx marks it ``xml:space="preserve"`` when ``strip`` would change it."""
    space = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
    return f"<w:t{space}>{_escape(text)}</w:t>"


def run_content(text: str) -> str:
    """``run.text = text``: "\\t" a ``w:tab``, "\\r" and "\\n" a ``w:br``, the rest ``w:t``."""
    if "\t" not in text and "\r" not in text and "\n" not in text:
        return _t(text) if text else ""
    parts = []
    for part in _BREAKS.split(text):
        if part == "\t":
            parts.append("<w:tab/>")
        elif part in ("\r", "\n"):
            parts.append("<w:br/>")
        elif part:
            parts.append(_t(part))
    return "".join(parts)


def run(text: str, rpr: str = "") -> str:
    """A run; python-docx's ``paragraph.text = ""`` left an empty one (``<w:r/>``)."""
    inner = rpr + run_content(text)
    return f"<w:r>{inner}</w:r>" if inner else "<w:r/>"


def _p(ppr: str, content: str) -> str:
    ppr = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    return f"<w:p>{ppr}{content}</w:p>" if ppr or content else "<w:p/>"


@cache
def _twips(cm: float) -> str:
    return str(Cm(cm).twips)


def _sdt_pr(ident: str, nom: str, extra: str = "") -> str:
    return f'<w:sdtPr><w:alias w:val="{attr(nom[:255])}"/><w:tag w:val="{attr(ident)}"/>{extra}'


def _field(ident: str, nom: str, keep: bool) -> str:
    """A cell's paragraph in a rich-text content control tagged with the field id."""
    content = _p(KEEP if keep else "", "")
    return f"<w:sdt>{_sdt_pr(ident, nom)}</w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>"


def _checkbox(check: Check, keep: bool) -> str:
    sdt = f"<w:sdt>{_sdt_pr(check.id, check.nom, _CHECKBOX)}</w:sdtPr>"
    return _p(KEEP if keep else "", f"{sdt}<w:sdtContent>{_BOX_RUN}</w:sdtContent></w:sdt>")


def _text_cell(value: str, keep: bool) -> str:
    """``cell.paragraphs[0].text`` for the first line, ``cell.add_paragraph`` for the others."""
    ppr = KEEP if keep else ""
    lines = value.split("\n")
    first = _p(ppr, run(lines[0]))
    return first + "".join(_p(ppr, run(line) if line else "") for line in lines[1:])


def _tbl(widths: tuple[float, ...], caption: str, rows: str, style: str) -> str:
    grid = "".join(f'<w:gridCol w:w="{round(w * 567)}"/>' for w in widths)
    caption_pr = f'<w:tblCaption w:val="{attr(caption)}"/>'
    pr = f'<w:tblPr><w:tblStyle w:val="{style}"/>{_TABLE_PR}{caption_pr}</w:tblPr>'
    return f"<w:tbl>{pr}<w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>"


def _height(cm: float) -> str:
    return f'<w:trHeight w:val="{_twips(cm)}" w:hRule="atLeast"/>'


def _tc(width: float, content: str, shade: str = "") -> str:
    pr = f'<w:tcPr><w:tcW w:type="dxa" w:w="{_twips(width)}"/>{shade}</w:tcPr>'
    return f"<w:tc>{pr}{content}</w:tc>"


def _answer(field: Field, keep: bool, style: str) -> str:
    cell = _tc(TEXT_WIDTH_CM, _field(field.id, field.name, keep))
    row = f"<w:tr><w:trPr>{_height(ANSWER_HEIGHT_CM[field.kind])}</w:trPr>{cell}</w:tr>"
    return _tbl((TEXT_WIDTH_CM,), field.name, row, style)


def _grid(block: Table, keep: bool, style: str) -> str:
    """A table whose header row repeats on each page; no row splits across pages."""
    last = len(block.rows)
    ppr = KEEP if keep and not last else ""  # a table of headers only: its last row is theirs
    heads = zip(block.widths, block.headers, strict=True)
    cells = "".join(_tc(w, _p(ppr, run(h, _BOLD_9PT)), _SHADE) for w, h in heads)
    rows = [f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{cells}</w:tr>"]
    for k, values in enumerate(block.rows, 1):
        tall = _height(FIELD_ROW_HEIGHT_CM) if any(isinstance(c, Input) for c in values) else ""
        kept = keep and k == last
        row = []
        for width, value in zip(block.widths, values, strict=True):
            if isinstance(value, Check):
                content = _checkbox(value, kept)
            elif isinstance(value, Input):
                content = _field(value.id, value.nom, False)
            else:
                content = _text_cell(value, kept)
            row.append(_tc(width, content))
        rows.append(f"<w:tr><w:trPr><w:cantSplit/>{tall}</w:trPr>{''.join(row)}</w:tr>")
    # ``keep_with_next = None`` on a new paragraph left an empty ``w:pPr``.
    spacer = _p(KEEP, "") if keep else "<w:p><w:pPr/></w:p>"
    return _tbl(block.widths, block.caption, "".join(rows), style) + spacer


def body_xml(form: Form, style_id: Callable[[str], str]) -> str:
    """The body's children before its ``sectPr``; ``style_id``: a style name → its id."""
    return "".join(_blocks(form, style_id))


def _blocks(form: Form, style_id: Callable[[str], str]) -> Iterator[str]:
    def para(text: str, name: str, ppr: str = "") -> str:
        return _p(f'<w:pStyle w:val="{style_id(name)}"/>{ppr}', run(text) if text else "")

    grid_style = style_id("Table Grid")
    for index, (block, caption) in enumerate(zip(form.blocks, form.captions(), strict=True)):
        if isinstance(block, Heading):
            # ``page_break_before = False`` wrote an explicit "off", kept for identical files.
            brk = "<w:pageBreakBefore/>" if block.new_page else '<w:pageBreakBefore w:val="0"/>'
            yield para(block.text, f"Heading {block.level}", brk)
        elif isinstance(block, Para):
            style = {"normal": "Normal", "subtitle": "Subtitle", "note": "Note"}[block.role]
            yield para(block.text, style, KEEP if introduces(block.text) else "")
        elif isinstance(block, Bullets):
            base = "List Number" if block.ordered else "List Bullet"
            for depth, text in block.items:
                yield para(text, base + (f" {min(depth, 2) + 1}" if depth else ""))
        elif isinstance(block, Field):
            yield para(block.label, "Question")
            yield from (para(point, "List Bullet", KEEP) for point in block.points)
            yield _answer(block, before_signature(form.blocks, index), grid_style)
        else:
            if caption:
                yield para(caption, "Caption", KEEP)
            yield _grid(block, before_signature(form.blocks, index), grid_style)
