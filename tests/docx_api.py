"""The DOCX writer as it was before ``docx_body``: every element through python-docx's own API.

Kept as the reference ``tests/test_docx_body.py`` compares ``render_docx`` with, byte for byte:
what python-docx itself writes for a form is the specification of the faster writer.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import docx
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

from cqpsite.documents.archive import docx_members, package
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

TEXT_FONT = "Arial"  # on every Word install; LibreOffice draws it with Liberation Sans
HEADER_FILL = "E8E8E8"
CHECKBOX_FONT = "MS Gothic"  # what Word writes; LibreOffice substitutes a font with ☐ and ☒


def _el(tag: str, **attrs: str) -> Any:
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(key.replace("_", ":", 1)), value)
    return el


def _sdt_pr(ident: str, nom: str) -> Any:
    pr = _el("w:sdtPr")
    pr.append(_el("w:alias", w_val=nom[:255]))
    pr.append(_el("w:tag", w_val=ident))
    return pr


def _add_checkbox(paragraph: Any, check: Check) -> None:
    sdt = _el("w:sdt")
    pr = _sdt_pr(check.id, check.nom)
    box = _el("w14:checkbox")
    box.append(_el("w14:checked", w14_val="0"))
    box.append(_el("w14:checkedState", w14_val="2612", w14_font=CHECKBOX_FONT))
    box.append(_el("w14:uncheckedState", w14_val="2610", w14_font=CHECKBOX_FONT))
    pr.append(box)
    content = _el("w:sdtContent")
    run = _el("w:r")
    rpr = _el("w:rPr")
    rpr.append(
        _el(
            "w:rFonts",
            w_ascii=CHECKBOX_FONT,
            w_hAnsi=CHECKBOX_FONT,
            w_eastAsia=CHECKBOX_FONT,
            w_hint="eastAsia",
        )
    )
    run.append(rpr)
    text = _el("w:t")
    text.text = "\u2610"
    run.append(text)
    content.append(run)
    sdt.append(pr)
    sdt.append(content)
    paragraph._p.append(sdt)


def _field_cell(cell: Any, ident: str, nom: str) -> None:
    """Wrap the cell's paragraph in a rich-text content control tagged with the field id."""
    p = cell.paragraphs[0]._p
    sdt = _el("w:sdt")
    sdt.append(_sdt_pr(ident, nom))
    content = _el("w:sdtContent")
    p.addprevious(sdt)
    content.append(p)
    sdt.append(content)


def _cells(row: Any, table: Any) -> list[Any]:
    """The row's cells: python-docx's ``row.cells`` looks each one up for spans and merges,
    which these tables never have."""
    return [_Cell(tc, table) for tc in row._tr.tc_lst]


def _table(
    doc: Any, style: str, widths: tuple[float, ...], rows: int, header: bool, caption: str
) -> Any:
    """``style``: the id of "Table Grid", looked up once (``table.style = name`` reads every
    style of the document, to find the default one, for each table)."""
    table = doc.add_table(rows=rows, cols=len(widths))
    table._tbl.tblStyle_val = style
    table.autofit = False
    # Word's table "alt text" title: the name assistive technologies announce for the table.
    table._tbl.tblPr.append(_el("w:tblCaption", w_val=caption))
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(round(width * 567)))
    table_rows = table.rows
    for row in table_rows:
        for tc, width in zip(row._tr.tc_lst, widths, strict=True):
            tc.width = Cm(width)
    for k, row in enumerate(table_rows):
        if header:  # grid rows are short: never split one across pages
            row._tr.get_or_add_trPr().append(_el("w:cantSplit"))
        if header and k == 0:
            row._tr.get_or_add_trPr().append(_el("w:tblHeader"))
            for tc in row._tr.tc_lst:
                tc.get_or_add_tcPr().append(
                    _el("w:shd", w_val="clear", w_color="auto", w_fill=HEADER_FILL)
                )
    return table


def _answer(doc: Any, style: str, field: Field, keep: bool) -> None:
    table = _table(doc, style, (TEXT_WIDTH_CM,), 1, False, field.name)
    row = table.rows[0]
    row.height = Cm(ANSWER_HEIGHT_CM[field.kind])
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    cell = _cells(row, table)[0]
    if keep:  # the date box stays on the page of the signature box that follows it
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    _field_cell(cell, field.id, field.name)


def _grid(doc: Any, style: str, block: Table, keep: bool) -> None:
    table = _table(doc, style, block.widths, len(block.rows) + 1, True, block.caption)
    rows = table.rows
    for cell, text in zip(_cells(rows[0], table), block.headers, strict=True):
        run = cell.paragraphs[0].add_run(text)
        run.bold, run.font.size = True, Pt(9)
    for row, cells in zip(rows[1:], block.rows, strict=True):
        if any(isinstance(c, Input) for c in cells):  # room for handwriting
            row.height, row.height_rule = Cm(FIELD_ROW_HEIGHT_CM), WD_ROW_HEIGHT_RULE.AT_LEAST
        for cell, value in zip(_cells(row, table), cells, strict=True):
            if isinstance(value, Check):
                _add_checkbox(cell.paragraphs[0], value)
            elif isinstance(value, Input):
                _field_cell(cell, value.id, value.nom)
            else:
                lines = value.split("\n")
                cell.paragraphs[0].text = lines[0]
                for line in lines[1:]:
                    cell.add_paragraph(line)
    if keep:  # the last row stays on the page of the date and signature boxes that follow
        for cell in _cells(rows[-1], table):
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    spacer = doc.add_paragraph()
    spacer.paragraph_format.keep_with_next = keep or None


def _styles(doc: Any) -> None:
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10)
    lang = _el("w:lang", w_val="fr-FR", w_eastAsia="fr-FR", w_bidi="ar-SA")
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(lang)
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    rpr.insert(0, _el("w:rFonts", w_ascii=TEXT_FONT, w_hAnsi=TEXT_FONT, w_cs=TEXT_FONT))
    question = doc.styles.add_style("Question", 1)  # 1: paragraph style
    question.base_style = normal
    question.font.bold = True
    question.paragraph_format.keep_with_next = True
    question.paragraph_format.space_before = Pt(8)
    note = doc.styles.add_style("Note", 1)
    note.base_style = normal
    note.font.size = Pt(8)
    note.font.italic = True


class _Styles:
    """Style ids looked up once: python-docx scans every style on each lookup by name."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.ids: dict[str, str] = {}

    def add(self, text: str, name: str) -> Any:
        if name not in self.ids:
            self.ids[name] = self.doc.styles[name].style_id
        p = self.doc.add_paragraph(text)
        p._p.style = self.ids[name]
        return p


def render_docx_api(form: Form, epoch: int) -> bytes:
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    _styles(doc)
    _header_footer(section, form)
    add = _Styles(doc).add
    grid_style = doc.styles["Table Grid"].style_id
    for index, (block, caption) in enumerate(zip(form.blocks, form.captions(), strict=True)):
        if isinstance(block, Heading):
            p = add(block.text, f"Heading {block.level}")
            p.paragraph_format.page_break_before = block.new_page
        elif isinstance(block, Para):
            style = {"normal": "Normal", "subtitle": "Subtitle", "note": "Note"}[block.role]
            p = add(block.text, style)
            p.paragraph_format.keep_with_next = introduces(block.text) or None
        elif isinstance(block, Bullets):
            base = "List Number" if block.ordered else "List Bullet"
            for depth, text in block.items:
                add(text, base + (f" {min(depth, 2) + 1}" if depth else ""))
        elif isinstance(block, Field):
            add(block.label, "Question")
            for point in block.points:
                add(point, "List Bullet").paragraph_format.keep_with_next = True
            _answer(doc, grid_style, block, before_signature(form.blocks, index))
        else:
            if caption:
                add(caption, "Caption").paragraph_format.keep_with_next = True
            _grid(doc, grid_style, block, before_signature(form.blocks, index))
    date = datetime.fromtimestamp(epoch, UTC).replace(tzinfo=None)
    core = doc.core_properties
    # OOXML core properties are limited to 255 characters; the full text is in the body.
    core.title, core.subject = _core(form.titre), _core(form.sous_titre)
    core.author = core.last_modified_by = _core(form.auteur)
    core.language, core.revision = form.lang, 1
    core.created = core.modified = core.last_printed = date
    core.comments, core.keywords = "", ""
    return package(docx_members(doc), epoch)


def _field_run(paragraph: Any, instruction: str) -> None:
    """A simple field (PAGE, NUMPAGES) that Word and LibreOffice update when they lay out."""
    field = _el("w:fldSimple", w_instr=instruction)
    run = _el("w:r")
    text = _el("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _header_footer(section: Any, form: Form) -> None:
    """The document's name at the top of every page, "Page n / N" at the bottom."""
    header = section.header.paragraphs[0]
    header.text = f"{form.titre} — {form.sous_titre}"
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = 2  # right
    footer.add_run("Page ").font.size = Pt(8)
    _field_run(footer, "PAGE")
    footer.add_run(" / ").font.size = Pt(8)
    _field_run(footer, "NUMPAGES")


def _core(text: str) -> str:
    return text if len(text) <= 255 else text[:254] + "…"
