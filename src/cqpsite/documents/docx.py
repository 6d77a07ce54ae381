"""Form → DOCX bytes: python-docx writes the package once per process; the body is text.

CPU per document of the two sample referentials, alternated in one run: 0.19–0.31 s through
python-docx's API, 7–10 ms now. About 0.2 s went to building the body with python-docx's generic
element machinery (see ``docx_body``); the rest, the same for every document, to opening
python-docx's template, adding our styles, header and footer, and compressing 0.8 MB of styles.
So python-docx builds, once per process, a document with an empty body (``_Template``, ~70 ms),
whose constant members are compressed once; each form fills in the body, the header's text and
the core properties. ``tests/test_docx_body.py`` compares the files, byte for byte, with what
python-docx's API writes (``tests/docx_api.py``, the writer this one replaced).
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from functools import cache
from typing import Any, cast

import docx
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from cqpsite.documents.archive import deflate, docx_members, package
from cqpsite.documents.docx_body import body_xml, run_content
from cqpsite.documents.form import Form

TEXT_FONT = "Arial"  # on every Word install; LibreOffice draws it with Liberation Sans
_HEADER_RUN = '<w:r><w:rPr><w:sz w:val="16"/></w:rPr>'  # the header's run, 8 pt


class _Template:
    """A python-docx document with our page, styles, header and footer and an empty body, cut
    into the constant members and the three that change per form (body, header, core)."""

    def __init__(self) -> None:
        doc = docx.Document()
        section = doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2))
        _styles(doc)
        _header_footer(section)
        self.doc = doc
        core_part = cast(Any, doc.part.package)._core_properties_part
        self.core = copy.deepcopy(core_part.element)
        self.members = docx_members(doc)
        self.names = (
            doc.part.partname.membername,
            section.header.part.partname.membername,
            core_part.partname.membername,
        )
        self.document = _cut(self.members[self.names[0]], "<w:body>", "<w:sectPr")
        self.header = _cut(self.members[self.names[1]], _HEADER_RUN, "</w:r>")
        changing = set(self.names)
        self.deflated = {
            data: deflate(data) for name, data in self.members.items() if name not in changing
        }
        self.style_ids: dict[str, str] = {}

    def style_id(self, name: str) -> str:
        """python-docx scans every style on each lookup by name: look each one up once."""
        if name not in self.style_ids:
            self.style_ids[name] = self.doc.styles[name].style_id
        return self.style_ids[name]

    def core_xml(self, form: Form, epoch: int) -> bytes:
        element = copy.deepcopy(self.core)
        core = CoreProperties(element)
        date = datetime.fromtimestamp(epoch, UTC).replace(tzinfo=None)
        # OOXML core properties are limited to 255 characters; the full text is in the body.
        core.title, core.subject = _core(form.titre), _core(form.sous_titre)
        core.author = core.last_modified_by = _core(form.auteur)
        core.language, core.revision = form.lang, 1
        core.created = core.modified = core.last_printed = date
        core.comments, core.keywords = "", ""
        return serialize_part_xml(element)


def _cut(xml: bytes, start: str, end: str) -> tuple[str, str]:
    """``xml`` as the text up to ``start`` included, and from ``end``, which must follow it."""
    text = xml.decode("utf-8")
    head, _, tail = text.partition(start)
    if text.count(start) != 1 or not tail.startswith(end):
        raise RuntimeError(f"python-docx's template changed: no single {start} then {end}")
    return head + start, tail


@cache
def _template() -> _Template:
    return _Template()


def prepare() -> None:
    """Build the template now: processes forked afterwards share it instead of each building
    its own (~70 ms)."""
    _template()


def render_docx(form: Form, epoch: int) -> bytes:
    t = _template()
    document, header, core = t.names
    head, tail = t.document
    header_text = run_content(f"{form.titre} — {form.sous_titre}")
    members = t.members | {
        document: (head + body_xml(form, t.style_id) + tail).encode("utf-8"),
        header: (t.header[0] + header_text + t.header[1]).encode("utf-8"),
        core: t.core_xml(form, epoch),
    }
    return package(members, epoch, deflated=t.deflated)


def _el(tag: str, **attrs: str) -> Any:
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(key.replace("_", ":", 1)), value)
    return el


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


def _field_run(paragraph: Any, instruction: str) -> None:
    """A simple field (PAGE, NUMPAGES) that Word and LibreOffice update when they lay out."""
    field = _el("w:fldSimple", w_instr=instruction)
    run = _el("w:r")
    text = _el("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _header_footer(section: Any) -> None:
    """The document's name at the top of every page (its text is the form's, see
    ``render_docx``), "Page n / N" at the bottom."""
    header = section.header.paragraphs[0]
    header.text = ""
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = 2  # right
    footer.add_run("Page ").font.size = Pt(8)
    _field_run(footer, "PAGE")
    footer.add_run(" / ").font.size = Pt(8)
    _field_run(footer, "NUMPAGES")


def _core(text: str) -> str:
    return text if len(text) <= 255 else text[:254] + "…"
