"""Form → tagged, fillable PDF/UA-1 (WeasyPrint from generated HTML, fixed by ``pdf_fix``)."""

from __future__ import annotations

import time
from functools import cache
from html import escape
from pathlib import Path

from cqpsite.documents.form import (
    ANSWER_HEIGHT_CM,
    FIELD_ROW_HEIGHT_CM,
    Block,
    Bullets,
    Check,
    Field,
    Form,
    Heading,
    Input,
    Para,
    Table,
    introduces,
)
from cqpsite.documents.pdf_fix import fixer
from cqpsite.documents.suites import SUITE_HEIGHT_CM, SUITE_NOTE, suite_number, with_suites
from cqpsite.documents.weasy import write_pdf

FONTS = Path(__file__).parent / "fonts"
# WeasyPrint embeds the font of form fields whole (a reader draws typed text with it), where the
# text's font is subset to the glyphs used: fields get DejaVu Sans cut to what French forms are
# typed with (Latin, punctuation, €, a few symbols), 50 KB instead of 760 KB. Made with fontTools:
#   pyftsubset DejaVuSans.ttf --output-file=DejaVuSans-Forms.ttf --no-hinting --layout-features=''
#     --unicodes=U+0020-007E,U+00A0-024F,U+0300-036F,U+2000-206F,U+20AC,U+2100-2122,U+2190-2193,
#                U+2212,U+2260,U+2264-2265
FIELDS_FONT = "DejaVuSans-Forms.ttf"
# PDF fields are boxes of a fixed size: say what happens to a long answer, and where it grows.
LONG_NOTE = (
    "Dans ce PDF, les cadres de réponse ont une taille fixe\u00a0: une réponse longue y est écrite "
    "plus petit pour rester entière à l’impression. Pour rédiger plusieurs pages, préférez la "
    "version DOCX ou ODT de ce document, dont les cadres s’agrandissent."
)
LINE_CM = 0.45  # one line of a multi-line field in a grid cell

CSS = """
@font-face { font-family: "Doc Sans"; src: url("%(regular)s"); }
@font-face { font-family: "Doc Sans"; font-weight: bold; src: url("%(bold)s"); }
@font-face { font-family: "Doc Fields"; src: url("%(fields)s"); }
@page { size: A4; margin: 2cm 2cm 2.2cm;
  @bottom-right { content: "Page " counter(page) " / " counter(pages);
    font: 8pt "Doc Sans"; } }
html { font-family: "Doc Sans"; font-size: 10pt; line-height: 1.35; }
h1 { font-size: 17pt; margin: 0 0 .2cm; }
h2 { font-size: 13.5pt; margin: .6cm 0 .2cm; break-after: avoid; }
h3 { font-size: 11.5pt; margin: .45cm 0 .15cm; break-after: avoid; }
h4 { font-size: 10.5pt; margin: .35cm 0 .1cm; break-after: avoid; }
h2.new-page { break-before: page; }
p { margin: 0 0 .15cm; }
p.subtitle { font-size: 12pt; }
p.note, caption { font-size: 8pt; }
caption { text-align: left; font-style: italic; padding-bottom: .1cm; }
ul, ol { margin: 0 0 .2cm; padding-left: .6cm; }
form.question { break-inside: avoid; margin-top: .25cm; }
form.suite + form.suite { break-before: page; }
form.signature { break-before: avoid; }
label.question { display: block; font-weight: bold; margin-bottom: .1cm; }
textarea, input[type=text] { display: block; width: 100%%; box-sizing: border-box;
  border: .5pt solid #000; font: 10pt "Doc Fields"; padding: 0; }
table { width: 100%%; table-layout: fixed; border-collapse: collapse; margin: 0 0 .3cm; }
tr { break-inside: avoid; }
p.lead { break-after: avoid; }
section.keep { break-inside: avoid; }
th, td { border: .5pt solid #000; padding: .08cm .12cm; vertical-align: top; text-align: left; }
thead th { background: #e8e8e8; font-size: 8.5pt; }
td.check { text-align: center; }
td input[type=text] { border: none; height: %(row)scm; }
td textarea { border: none; }
input[type=checkbox] { width: .4cm; height: .4cm; }
"""


def _attr(text: str) -> str:
    """An attribute value that the HTML and the XML parsers read alike (XML would turn a
    newline or a tab into a space)."""
    text = escape(text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("\n", "&#10;").replace("\t", "&#9;")


def _field(field: Field) -> str:
    ident, label = _attr(field.id), escape(field.label)
    suite = suite_number(field)
    height = SUITE_HEIGHT_CM[min(suite, 2) - 1] if suite else ANSWER_HEIGHT_CM[field.kind]
    points = "".join(f"<li>{escape(p)}</li>" for p in field.points)
    points = f"<ul>{points}</ul>" if points else ""
    # /TU comes from ``title`` (WeasyPrint would take the first label pointing at the field,
    # whose laid-out text loses the spaces where lines wrap): the label is for the eye only.
    attrs = f'id="{ident}" name="{ident}" title="{_attr(field.name.strip())}"'
    control = (
        f'<input type="text" {attrs} style="height: {height}cm"/>'
        if field.kind in ("court", "date")
        else f'<textarea {attrs} style="height: {height}cm"></textarea>'
    )
    label = f'<label class="question">{label}</label>'
    # One <form> per question or table: WeasyPrint scans all labels of a form for each field.
    classes = "question" + " signature" * (field.kind == "signature") + " suite" * bool(suite)
    return f'<form class="{classes}">{label}{points}{control}</form>'


def _cell(value: str | Input | Check, first: bool) -> str:
    if isinstance(value, str):
        text = "<br/>".join(escape(line) for line in value.split("\n"))
        return f'<th scope="row">{text}</th>' if first else f"<td>{text}</td>"
    # A field without a label takes its /TU from ``title``, as a question's field does: without
    # the scan of every label of the table for each field.
    attrs = f'id="{_attr(value.id)}" name="{_attr(value.id)}" title="{_attr(value.nom)}"'
    if isinstance(value, Check):
        return f'<td class="check"><input type="checkbox" {attrs}/></td>'
    if value.lignes > 1:
        height = f"{value.lignes * LINE_CM:.2f}cm"
        return f'<td><textarea {attrs} style="height: {height}"></textarea></td>'
    return f'<td><input type="text" {attrs}/></td>'


def _table(block: Table, caption: str) -> str:
    # Percentages: with fixed layout, padding and borders then stay inside the text width.
    total = sum(block.widths)
    cols = "".join(f'<col style="width: {100 * w / total:.3f}%"/>' for w in block.widths)
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in block.headers)
    rows = "".join(
        "<tr>" + "".join(_cell(c, i == 0) for i, c in enumerate(row)) + "</tr>"
        for row in block.rows
    )
    caption = f"<caption>{escape(caption)}</caption>" if caption else ""
    return (
        f"<form><table>{caption}<colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table></form>"
    )


def _bullets(block: Bullets) -> str:
    tag = "ol" if block.ordered else "ul"
    out, depth = [f"<{tag}>"], 0
    for i, (level, text) in enumerate(block.items):
        while depth < level:
            out.append(f"<{tag}>")
            depth += 1
        while depth > level:
            out.append(f"</li></{tag}>")
            depth -= 1
        if i and out[-1] != f"<{tag}>":
            out.append("</li>")
        out.append(f"<li>{escape(text)}")
    out.append(f"</li></{tag}>" * (depth + 1))
    return "".join(out)


def _block(block: Block, caption: str) -> str:
    if isinstance(block, Heading):
        cls = ' class="new-page"' if block.new_page and block.level == 2 else ""
        return f"<h{block.level}{cls}>{escape(block.text)}</h{block.level}>"
    if isinstance(block, Para):
        lead = " lead" if introduces(block.text) else ""
        return f'<p class="{block.role}{lead}">{escape(block.text)}</p>'
    if isinstance(block, Bullets):
        return _bullets(block)
    if isinstance(block, Field):
        return _field(block)
    return _table(block, caption)


def _body(form: Form) -> list[str]:
    """The blocks as HTML; a ``keep`` heading opens a section that ends at the next heading of
    the same or a higher level."""
    out: list[str] = []
    open_at = 0  # level of the heading whose section is open, 0 when none
    long_answers = any(isinstance(b, Field) and b.kind == "long" for b in form.blocks)
    noted = False  # the note on long answers follows the first note (the source line)
    for block, caption in zip(form.blocks, form.captions(), strict=True):
        if isinstance(block, Heading):
            if open_at and block.level <= open_at:
                out.append("</section>")
                open_at = 0
            if block.keep and not open_at:
                out.append('<section class="keep">')
                open_at = block.level
        out.append(_block(block, caption))
        if isinstance(block, Para) and block.role == "note" and not noted and long_answers:
            out.append(f'<p class="note">{SUITE_NOTE if form.suites else LONG_NOTE}</p>')
            noted = True
    if open_at:
        out.append("</section>")
    return out


@cache
def stylesheet() -> str:
    return CSS % {
        "regular": (FONTS / "DejaVuSans.ttf").as_uri(),
        "bold": (FONTS / "DejaVuSans-Bold.ttf").as_uri(),
        "fields": (FONTS / FIELDS_FONT).as_uri(),
        "row": round(FIELD_ROW_HEIGHT_CM - 0.1, 2),
    }


def render_html(form: Form, epoch: int) -> str:
    """The form as HTML that WeasyPrint's HTML parser and an XML parser read alike (styled by
    ``stylesheet()``)."""
    date = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
    body = "\n".join(_body(form))
    return (
        f'<!DOCTYPE html><html lang="{_attr(form.lang[:2])}"><head><meta charset="utf-8"/>'
        f"<title>{escape(form.titre)} — {escape(form.sous_titre)}</title>"
        f'<meta name="author" content="{_attr(form.auteur)}"/>'
        f'<meta name="description" content="{_attr(form.sous_titre)}"/>'
        f'<meta name="generator" content="cqpsite"/>'
        f'<meta name="dcterms.created" content="{date}"/>'
        f'<meta name="dcterms.modified" content="{date}"/>'
        f"</head><body>{body}</body></html>"
    )


def render_pdf(form: Form, epoch: int) -> bytes:
    form = with_suites(form)
    groups = {
        f.id: (f.groupe, f.valeur, f.groupe_nom)
        for f in form.fields()
        if isinstance(f, Check) and f.groupe
    }
    # Long answers shrink to fit their box rather than being cut when printed; the browser fill
    # sets a fixed size on the boxes where it fitted an answer (dossier-rempli.js).
    auto_size = {f.id for f in form.fields() if isinstance(f, Field) and f.kind == "long"}
    return write_pdf(render_html(form, epoch), stylesheet(), str(FONTS), fixer(groups, auto_size))
