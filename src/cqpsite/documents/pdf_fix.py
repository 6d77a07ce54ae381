"""pikepdf fixes on WeasyPrint's tagged, fillable PDF: what WeasyPrint leaves out.

- ``<th scope>`` becomes the TH's /Scope (WeasyPrint ignores it);
- checkboxes get /DA and an /Off appearance (poppler draws nothing without them while
  ``NeedAppearances`` is set), and exclusive pairs become radio groups;
- answer fields that must never cut a long answer get an automatic font size (``0 Tf``);
- the page margin boxes (the "Page n / N" footer), marked content that no structure element
  owns, become artifacts.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from functools import partial

import pikepdf
from pikepdf import Array, Dictionary, Name, String

# ZapfDingbats "4" is the check mark readers draw for a regenerated checkbox (poppler looks the
# font up by this name and needs no embedding: the /AP streams below draw with paths only).
CHECK_DA = "/ZaDb 9 Tf 0 g"  # a tick about as large as the 0.4 cm box
RADIO = 1 << 15  # field flag 16: radio buttons (NoToggleToOff left clear: a choice can be undone)
_SIZE = re.compile(r"(/\S+)\s+([\d.]+)\s+Tf")


def _structure(pdf: pikepdf.Pdf) -> Iterator[tuple[Dictionary, bool]]:
    """Every structure element with whether it sits in a THead."""
    root = pdf.Root.get("/StructTreeRoot")
    stack = [(root, False)] if root is not None else []
    while stack:
        node, in_head = stack.pop()
        kids = node.get("/K")
        if kids is None:
            continue
        for kid in kids if isinstance(kids, Array) else [kids]:
            if isinstance(kid, Dictionary) and "/S" in kid:
                yield kid, in_head
                stack.append((kid, in_head or kid.S == "/THead"))


def add_scope(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    """Give each TH its /Scope (Column in THead, else Row); returns the (page object number,
    MCID) pairs that the structure tree owns."""
    owned: set[tuple[int, int]] = set()
    for element, in_head in _structure(pdf):
        if element.S == "/TH":
            scope = Name.Column if in_head else Name.Row
            element.A = Dictionary(O=Name.Table, Scope=scope)
        page = element.get("/Pg")
        kids = element.get("/K")
        for kid in kids if isinstance(kids, Array) else [kids]:
            if isinstance(kid, int) and page is not None:
                owned.add((page.objgen[0], kid))
            elif isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR":
                owner = kid.get("/Pg", page)
                if owner is not None:
                    owned.add((owner.objgen[0], int(kid.MCID)))
    return owned


# A marked-content sequence as WeasyPrint writes it: ``/Tag <</MCID n>> BDC``. Its text is
# written as hexadecimal glyph strings, so no other bytes of a page's content can match.
_MARKED = re.compile(rb"/(\w+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
_ARTIFACT = b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC"


def _mark(owned: set[tuple[int, int]], page: int, match: re.Match[bytes]) -> bytes:
    return match[0] if (page, int(match[2])) in owned else _ARTIFACT


def artifacts(pdf: pikepdf.Pdf, owned: set[tuple[int, int]]) -> None:
    """Marked content that no structure element owns (WeasyPrint's margin boxes) → Artifact.
    Rewritten in the content's bytes: parsing every operator of every page took most of the
    time of these fixes."""
    for page in pdf.pages:
        number = page.obj.objgen[0]
        contents = page.obj.get("/Contents")
        if contents is None:
            continue
        streams = list(contents) if isinstance(contents, Array) else [contents]
        data = b"\n".join(stream.read_bytes() for stream in streams)
        fixed = _MARKED.sub(partial(_mark, owned, number), data)
        if fixed != data:
            page.Contents = pdf.make_stream(fixed)


def fix_fields(
    pdf: pikepdf.Pdf, groups: Mapping[str, tuple[str, str, str]], auto_size: set[str]
) -> None:
    """``groups``: checkbox name → (group name, its on-state, group accessible name);
    ``auto_size``: names of the text fields whose font shrinks to show the whole answer."""
    acroform = pdf.Root.AcroForm
    # The font the /DA of checkboxes names, for readers that regenerate their appearance.
    # The form's own resources (WeasyPrint shares the page's): page content never uses it.
    zadb = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.ZapfDingbats)
    fonts = Dictionary({key: value for key, value in acroform.DR.Font.items()})
    fonts.ZaDb = pdf.make_indirect(zadb)
    off = pdf.make_stream(b"", Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 1, 1])
    parents: dict[str, Dictionary] = {}
    fields = Array()
    for field in acroform.Fields:
        name = str(field.get("/T", ""))
        if field.get("/FT") != "/Btn":
            match = _SIZE.search(str(field.DA))
            if match:
                size = "0" if name in auto_size else match.group(2)
                # Font and colour only: WeasyPrint's "/a1.0 gs" names a page resource that the
                # form's own /DR does not hold.
                field.DA = String(f"{match.group(1)} {size} Tf 0 g")
            fields.append(field)
            continue
        field.DA = String(CHECK_DA)
        field.MK.CA = String("4")
        on = field.AP.N.get("/on")
        if name not in groups:
            field.AP.N = Dictionary({"/on": on, "/Off": off})
            fields.append(field)
            continue
        group, state, group_name = groups[name]
        parent = parents.get(group)
        if parent is None:
            parent = pdf.make_indirect(
                Dictionary(
                    FT=Name.Btn,
                    Ff=RADIO,
                    T=String(group),
                    TU=String(group_name),
                    V=Name.Off,
                    DA=String(CHECK_DA),
                    Kids=Array(),
                )
            )
            parents[group] = parent
            fields.append(parent)
        field.AP.N = Dictionary({f"/{state}": on, "/Off": off})
        field.AS = Name.Off
        for key in ("/T", "/FT", "/V"):
            del field[key]
        field.Parent = parent
        parent.Kids.append(field)
    acroform.Fields = fields
    acroform.DR = Dictionary(Font=fonts)


def fix(data: bytes, groups: Mapping[str, tuple[str, str, str]], auto_size: set[str]) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        owned = add_scope(pdf)
        artifacts(pdf, owned)
        fix_fields(pdf, groups, auto_size)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()
