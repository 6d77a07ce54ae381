"""Document-wide part of the ODT: styles (LibreOffice reads cell and row styles only when
automatic), unnumbered headings, French language and metadata dated from SOURCE_DATE_EPOCH."""

from __future__ import annotations

import time
from html import escape
from typing import Any, cast

from odfdo import Element
from odfdo.meta import Meta

from cqpsite.documents.form import FIELD_ROW_HEIGHT_CM, Form

_STYLES = (
    '<style:style style:name="Running" style:family="paragraph" style:parent-style-name="Standard">'
    '<style:text-properties fo:font-size="8pt"/></style:style>',
    '<style:style style:name="RunningRight" style:family="paragraph" '
    'style:parent-style-name="Running"><style:paragraph-properties fo:text-align="end"/>'
    "</style:style>",
    '<style:style style:name="Question" style:family="paragraph" '
    'style:parent-style-name="Standard"><style:paragraph-properties fo:margin-top="0.25cm" '
    'fo:margin-bottom="0.1cm" fo:keep-with-next="always"/>'
    '<style:text-properties fo:font-weight="bold"/></style:style>',
    '<style:style style:name="Note" style:family="paragraph" style:parent-style-name="Standard">'
    '<style:text-properties fo:font-size="8pt" fo:font-style="italic"/></style:style>',
    '<style:style style:name="Caption_20_keep" style:display-name="Caption keep" '
    'style:family="paragraph" style:parent-style-name="Caption">'
    '<style:paragraph-properties fo:keep-with-next="always"/>'
    '<style:text-properties fo:font-size="9pt"/></style:style>',
    '<style:style style:name="Heading_20_break" style:display-name="Heading break" '
    'style:family="paragraph" style:parent-style-name="Heading_20_2">'
    '<style:paragraph-properties fo:break-before="page"/></style:style>',
    '<style:style style:name="Header_20_cell" style:family="paragraph" '
    'style:parent-style-name="Standard"><style:text-properties fo:font-weight="bold" '
    'fo:font-size="9pt"/></style:style>',
    '<style:style style:name="Subtitle" style:family="paragraph" style:parent-style-name="Standard"'
    ' style:next-style-name="Text_20_body"><style:paragraph-properties fo:margin-bottom="0.2cm"/>'
    '<style:text-properties fo:font-size="12pt"/></style:style>',
    '<style:style style:name="Lead" style:family="paragraph" '
    'style:parent-style-name="Text_20_body">'
    '<style:paragraph-properties fo:keep-with-next="always"/></style:style>',
)
# LibreOffice reads table cell and row styles from the automatic styles only.
AUTOMATIC = (
    '<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties '
    'fo:padding="0.1cm" fo:border="0.5pt solid #000000"/></style:style>',
    '<style:style style:name="HeadCell" style:family="table-cell"><style:table-cell-properties '
    'fo:padding="0.1cm" fo:border="0.5pt solid #000000" fo:background-color="#e8e8e8"/>'
    "</style:style>",
    '<style:style style:name="Row" style:family="table-row"><style:table-row-properties '
    'fo:keep-together="always"/></style:style>',
    # Rows with a field to write in leave room for handwriting.
    '<style:style style:name="FieldRow" style:family="table-row"><style:table-row-properties '
    f'fo:keep-together="always" style:min-row-height="{FIELD_ROW_HEIGHT_CM}cm"/></style:style>',
)
TEXT_FONT = "Liberation Sans"  # bundled with LibreOffice on every system
HEADING_SIZES = {1: "17pt", 2: "13.5pt", 3: "11.5pt", 4: "10.5pt"}  # as in the PDF


def one(part: Any, xpath: str) -> Element:
    found = part.get_element(xpath)
    if found is None:
        raise ValueError(f"odfdo template without {xpath}")
    return cast(Element, found)


def prepare_styles(part: Any, form: Form) -> None:
    """Styles of a blank odfdo text document (the ODT's content.xml, with the ``AUTOMATIC``
    styles, is written apart)."""
    styles = one(part, "//office:styles")
    for xml in _STYLES:
        styles.append(Element.from_tag(xml))
    for rank, size in HEADING_SIZES.items():
        heading = one(part, f'//style:style[@style:name="Heading_20_{rank}"]')
        text = one(heading, "style:text-properties")
        for suffix in ("", "-asian", "-complex"):
            ns = "fo" if not suffix else "style"
            text.set_attribute(f"{ns}:font-size{suffix}", size)
            text.set_attribute(f"{ns}:font-style{suffix}", "normal")
    for level in part.get_elements("//text:outline-level-style"):
        level.set_attribute("style:num-format", "")
        level.set_attribute("style:num-suffix", None)
        level.set_attribute("loext:num-list-format", None)
    props = one(part, '//style:default-style[@style:family="paragraph"]/style:text-properties')
    props.set_attribute("style:font-name", TEXT_FONT)
    props.set_attribute("fo:font-size", "10pt")
    props.set_attribute("fo:language", "fr")
    props.set_attribute("fo:country", "FR")
    _header_footer(part, form)


def prepare_meta(meta: Meta, form: Form, epoch: int) -> None:
    """French language and metadata dated from SOURCE_DATE_EPOCH."""
    date = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch))
    for tag in ("meta:creation-date", "dc:date"):
        found = meta.get_element(f"//{tag}")
        if found is None:
            found = Element.from_tag(f"<{tag}/>")
            one(meta, "//office:meta").append(found)
        found.text = date
    meta.set_title(form.titre)
    meta.set_subject(form.sous_titre)
    meta.set_language(form.lang)
    meta.set_generator("cqpsite")
    if form.auteur:
        meta.set_initial_creator(form.auteur)


def running_title(form: Form) -> str:
    """The running header's text: the document's name."""
    return f"{form.titre} — {form.sous_titre}"


def _header_footer(part: Any, form: Form) -> None:
    """The document's name at the top of every page, "Page n / N" at the bottom."""
    master = one(part, "//style:master-page")
    for old in master.get_elements("style:header") + master.get_elements("style:footer"):
        master.delete(old)
    titre = escape(running_title(form))
    master.append(
        Element.from_tag(
            f'<style:header><text:p text:style-name="Running">{titre}</text:p></style:header>'
        )
    )
    master.append(
        Element.from_tag(
            '<style:footer><text:p text:style-name="RunningRight">Page '
            '<text:page-number text:select-page="current">1</text:page-number> / '
            "<text:page-count>1</text:page-count></text:p></style:footer>"
        )
    )
