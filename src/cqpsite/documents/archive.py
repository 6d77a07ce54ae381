"""Byte-identical zip packages: sorted members, fixed timestamps taken from SOURCE_DATE_EPOCH."""

from __future__ import annotations

import io
import time
import zipfile
from typing import Any, cast

from docx.opc.pkgwriter import PackageWriter

ZIP_EPOCH_MIN = 315532800  # 1980-01-01T00:00:00Z, the earliest date a zip entry can hold


def zip_date(epoch: int) -> tuple[int, int, int, int, int, int]:
    t = time.gmtime(max(epoch, ZIP_EPOCH_MIN))
    return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec - t.tm_sec % 2)


def rezip(data: bytes, epoch: int, first: str = "") -> bytes:
    """Rewrite a zip package; ``first`` (ODT ``mimetype``) goes first and uncompressed."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        members = {info.filename: src.read(info) for info in src.infolist()}
    return package(members, epoch, first)


def package(members: dict[str, bytes], epoch: int, first: str = "") -> bytes:
    """The zip package of ``members`` (name → bytes), as ``rezip`` writes it."""
    names = sorted(members)
    if first in members:
        names = [first, *(n for n in names if n != first)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in names:
            info = zipfile.ZipInfo(name, zip_date(epoch))
            info.compress_type = zipfile.ZIP_STORED if name == first else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            dst.writestr(info, members[name], compresslevel=9 if name != first else None)
    return out.getvalue()


class _Members:
    """Stands for python-docx's zip writer: keeps each member's bytes, for ``package`` to
    zip them once (``doc.save`` compressed each member, then ``rezip`` read and compressed
    it again)."""

    def __init__(self) -> None:
        self.members: dict[str, bytes] = {}

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.members[pack_uri.membername] = blob


def docx_members(doc: Any) -> dict[str, bytes]:
    """The package's members, as ``doc.save`` writes them (``PackageWriter.write``)."""
    opc = doc.part.package
    for part in opc.parts:
        part.before_marshal()
    writer, package_writer = _Members(), cast(Any, PackageWriter)
    package_writer._write_content_types_stream(writer, opc.parts)
    package_writer._write_pkg_rels(writer, opc.rels)
    package_writer._write_parts(writer, opc.parts)
    return writer.members
