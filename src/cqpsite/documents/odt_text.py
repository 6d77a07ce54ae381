"""Text as the ODT's content.xml holds it, written as the XML that odfdo and lxml produced.

The ODT body is written as a string (odt_body.py) instead of odfdo elements: odfdo parsed an
XML fragment declaring every ODF namespace for each element, kept table caches, copied cells and
rewrote each text through several lists of elements; that was 80 % of an ODT's CPU time. These
functions give, character for character, what lxml serialized for those elements:

- ``paragraph``: odfdo's ``append_plain_text`` (``Paragraph(text)``, ``Header(level, text)``):
  runs of spaces as ``<text:s text:c="n"/>``, tabs as ``<text:tab/>``, newlines as
  ``<text:line-break/>``;
- ``cell``: a grid cell's line as the former renderer wrote it (plain text when it had no
  spaces, tabs or newlines to encode, then parsed: a carriage return becomes a newline);
- ``escape``/``attribute``: lxml's escaping of a text node and of an attribute value.

tests/test_documents_odt.py compares them with odfdo's own output over awkward strings.
"""

from __future__ import annotations

import re

# Characters lxml refuses in a text or attribute (it raised ValueError for them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SPACES = re.compile(r"( +)")  # as odfdo's _re_spaces_split
_TAB_OR_NEWLINE = re.compile(r"(\n|\t)")  # as odfdo's _re_splitter
_TEXT_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\t": "&#9;",
        "\n": "&#10;",
        "\r": "&#13;",
    }
)
LINE_BREAK = "<text:line-break/>"
TAB = "<text:tab/>"


def checked(text: str) -> str:
    if _NOT_XML.search(text):
        raise ValueError(f"caractère interdit dans un document XML : {text!r}")
    return text


def escape(text: str) -> str:
    """A text node as lxml serializes it (most texts have nothing to escape)."""
    if _TEXT_SPECIAL.search(text) is None:
        return text
    return checked(text).translate(_TEXT_ESCAPES)


def attribute(value: str) -> str:
    """An attribute value (without its quotes) as lxml serializes it."""
    return checked(value).translate(_ATTRIBUTE_ESCAPES)


def parsed_attribute(value: str) -> str:
    """An attribute value written into XML then parsed, as the former renderer did: the parser
    turns every tab, newline and carriage return (``\\r\\n`` once) into a space."""
    normalized = value.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    return attribute(normalized.replace("\t", " "))


def _spacer(count: int) -> str:
    return f'<text:s text:c="{count}"/>' if count >= 2 else "<text:s/>"


def _tabs_and_breaks(text: str) -> str:
    if "\n" not in text and "\t" not in text:
        return escape(text)
    out = []
    for piece in _TAB_OR_NEWLINE.split(text):
        out.append(LINE_BREAK if piece == "\n" else TAB if piece == "\t" else escape(piece))
    return "".join(out)


def paragraph(text: str) -> str:
    """The inside of ``Paragraph(text)`` (odfdo's ``append_plain_text``): leading and trailing
    spaces all as a spacer, inner runs as one space and a spacer of the rest."""
    if "  " not in text and not text.startswith(" ") and not text.endswith(" "):
        return _tabs_and_breaks(text)
    pieces = [p for p in _SPACES.split(text) if p]
    out = []
    last = len(pieces) - 1
    for index, piece in enumerate(pieces):
        if piece[0] != " ":
            out.append(_tabs_and_breaks(piece))
        elif index == 0 or index == last:
            out.append(_spacer(len(piece)))
        elif len(piece) > 1:
            out.append(" " + _spacer(len(piece) - 1))
        else:
            out.append(" ")
    return "".join(out)


def cell(text: str) -> str:
    """One line of a table cell or a header: ``paragraph`` when it has spaces, tabs or
    newlines to encode, else plain text that went through the XML parser."""
    if "  " in text or "\t" in text or "\n" in text or text != text.strip(" "):
        return paragraph(text)
    return escape(text.replace("\r\n", "\n").replace("\r", "\n"))


def element(tag: str, attributes: str, inside: str) -> str:
    """``<tag attributes>inside</tag>``: odfdo's elements have an empty text, not None, so lxml
    writes an empty one with its closing tag too."""
    return f"<{tag}{attributes}>{inside}</{tag}>"
