"""Fixes on WeasyPrint's tagged, fillable PDF, made on its objects before they are written
(WeasyPrint's ``finisher``): what WeasyPrint leaves out.

- ``<th scope>`` becomes the TH's /Scope (WeasyPrint ignores it);
- checkboxes get /DA and an /Off appearance (poppler draws nothing without them while
  ``NeedAppearances`` is set), and exclusive pairs become radio groups;
- answer fields that must never cut a long answer get an automatic font size (``0 Tf``);
- the page margin boxes (the "Page n / N" footer), marked content that no structure element
  owns, become artifacts.

Made on pydyf's objects rather than by reading the written PDF back (pikepdf), which parsed and
wrote the whole file a second time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import pydyf  # type: ignore[import-untyped]  # WeasyPrint writes with it

# ZapfDingbats "4" is the check mark readers draw for a regenerated checkbox (poppler looks the
# font up by this name and needs no embedding: the /AP streams below draw with paths only).
CHECK_DA = "/ZaDb 9 Tf 0 g"  # a tick about as large as the 0.4 cm box
RADIO = 1 << 15  # field flag 16: radio buttons (NoToggleToOff left clear: a choice can be undone)
_SIZE = re.compile(r"(/\S+)\s+([\d.]+)\s+Tf")
_ARTIFACT = pydyf.Dictionary({"Type": "/Pagination", "Subtype": "/Footer"})


class Objects:
    """The PDF's objects, reached by the references (``b"12 0 R"``) that pydyf writes."""

    def __init__(self, pdf: pydyf.PDF) -> None:
        self.pdf = pdf

    def __call__(self, reference: Any) -> Any:
        if isinstance(reference, bytes) and reference.endswith(b" R"):
            return self.pdf.objects[int(reference.split()[0])]
        return reference

    def add(self, obj: pydyf.Object) -> bytes:
        self.pdf.add_object(obj)
        reference: bytes = obj.reference
        return reference


def _structure(get: Objects) -> Iterator[tuple[pydyf.Dictionary, bool]]:
    """Every structure element of the tree, with whether it sits in a THead."""
    root = get(get.pdf.catalog.get("StructTreeRoot"))
    stack = [(root, False)] if root is not None else []
    while stack:
        node, in_head = stack.pop()
        kids = node.get("K")
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = get(kid)
            if isinstance(kid, pydyf.Dictionary) and "S" in kid:
                yield kid, in_head
                stack.append((kid, in_head or kid["S"] == "/THead"))


def add_scope(get: Objects) -> set[tuple[bytes, int]]:
    """Give each TH its /Scope (Column in THead, else Row); returns the (page reference, MCID)
    pairs that the structure tree owns."""
    owned: set[tuple[bytes, int]] = set()
    for element, in_head in _structure(get):
        if element["S"] == "/TH":
            scope = "/Column" if in_head else "/Row"
            element["A"] = pydyf.Dictionary({"O": "/Table", "Scope": scope})
        page = element.get("Pg")
        kids = element.get("K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, int) and page is not None:
                owned.add((page, kid))
    return owned


def artifacts(get: Objects, owned: set[tuple[bytes, int]]) -> None:
    """Marked content that no structure element owns (WeasyPrint's margin boxes) → Artifact:
    in each page's content, ``/Tag <</MCID n>> BDC`` becomes ``/Artifact <<…>> BDC``."""
    kids = get.pdf.pages["Kids"]
    for number in kids[::3]:
        page = get.pdf.objects[number]
        reference = f"{number} 0 R".encode()
        stream = get(page.get("Contents"))
        if not isinstance(stream, pydyf.Stream):
            continue
        items = stream.stream
        at = 0
        while True:
            try:
                at = items.index(b"BDC", at) + 1
            except ValueError:
                break
            properties = items[at - 2]
            mcid = properties.get("MCID") if isinstance(properties, pydyf.Dictionary) else None
            if mcid is not None and (reference, mcid) not in owned:
                items[at - 3] = "/Artifact"
                items[at - 2] = _ARTIFACT


def fix_fields(
    get: Objects, groups: Mapping[str, tuple[str, str, str]], auto_size: set[str]
) -> None:
    """``groups``: checkbox name → (group name, its on-state, group accessible name);
    ``auto_size``: names of the text fields whose font shrinks to show the whole answer."""
    acroform = get.pdf.catalog.get("AcroForm")
    if acroform is None:
        return
    # The font the /DA of checkboxes names, for readers that regenerate their appearance.
    # The form's own resources (WeasyPrint shares the page's): page content never uses it.
    zadb = pydyf.Dictionary({"Type": "/Font", "Subtype": "/Type1", "BaseFont": "/ZapfDingbats"})
    fonts = pydyf.Dictionary(dict(get(get(acroform["DR"])["Font"])))
    fonts["ZaDb"] = get.add(zadb)
    box = pydyf.Array([0, 0, 1, 1])
    off = get.add(pydyf.Stream([], {"Type": "/XObject", "Subtype": "/Form", "BBox": box}))
    parents: dict[str, pydyf.Dictionary] = {}
    fields = pydyf.Array()
    for reference in acroform["Fields"]:
        field = get(reference)
        name = field["T"].string if "T" in field else ""
        if field.get("FT") != "/Btn":
            da = field["DA"].string
            match = _SIZE.search(da.decode() if isinstance(da, bytes) else da)
            if match:
                size = "0" if name in auto_size else match.group(2)
                # Font and colour only: WeasyPrint's "/a1.0 gs" names a page resource that the
                # form's own /DR does not hold.
                field["DA"] = pydyf.String(f"{match.group(1)} {size} Tf 0 g")
            fields.append(reference)
            continue
        field["DA"] = pydyf.String(CHECK_DA)
        field["MK"]["CA"] = pydyf.String("4")
        on = field["AP"]["N"]["on"]
        if name not in groups:
            field["AP"]["N"] = pydyf.Dictionary({"on": on, "Off": off})
            fields.append(reference)
            continue
        group, state, group_name = groups[name]
        parent = parents.get(group)
        if parent is None:
            parent = pydyf.Dictionary(
                {
                    "FT": "/Btn",
                    "Ff": RADIO,
                    "T": pydyf.String(group),
                    "TU": pydyf.String(group_name),
                    "V": "/Off",
                    "DA": pydyf.String(CHECK_DA),
                    "Kids": pydyf.Array(),
                }
            )
            fields.append(get.add(parent))
            parents[group] = parent
        field["AP"]["N"] = pydyf.Dictionary({state: on, "Off": off})
        field["AS"] = "/Off"
        for key in ("T", "FT", "V"):
            field.pop(key, None)
        field["Parent"] = parent.reference
        parent["Kids"].append(reference)
    acroform["Fields"] = fields
    acroform["DR"] = pydyf.Dictionary({"Font": fonts})


def fixer(groups: Mapping[str, tuple[str, str, str]], auto_size: set[str]) -> Any:
    """WeasyPrint's ``finisher``: the fixes, on the document's objects before they are written."""

    def finish(document: object, pdf: pydyf.PDF) -> None:
        get = Objects(pdf)
        artifacts(get, add_scope(get))
        fix_fields(get, groups, auto_size)

    return finish
