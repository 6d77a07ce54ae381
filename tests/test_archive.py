"""``archive.package`` writes its zip itself (to reuse compressed members across documents):
byte for byte what ``zipfile`` writes, which DOCX and ODT were written with before."""

from __future__ import annotations

import io
import zipfile

import pytest

from cqpsite.documents.archive import deflate, package, zip_date

MEMBERS = {
    "word/styles.xml": b"<w:styles>" + b"<w:style/>" * 5000 + b"</w:styles>",
    "mimetype": b"application/vnd.oasis.opendocument.text",
    "vide.xml": b"",
    "Pièces/données é.xml": "données « é »".encode(),  # a UTF-8 name
    "[Content_Types].xml": bytes(range(256)) * 3,
}


def _zipfile_package(members: dict[str, bytes], epoch: int, first: str = "") -> bytes:
    """``package`` as it was written with ``zipfile``."""
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


@pytest.mark.parametrize("epoch", [0, 1_700_000_001, 4_102_444_799])
@pytest.mark.parametrize("first", ["", "mimetype", "absent"])
def test_package_is_what_zipfile_writes(epoch: int, first: str) -> None:
    expected = _zipfile_package(MEMBERS, epoch, first)
    assert package(MEMBERS, epoch, first) == expected
    once = {data: deflate(data) for data in MEMBERS.values()} | {b"other": deflate(b"x")}
    assert package(MEMBERS, epoch, first, deflated=once) == expected
    with zipfile.ZipFile(io.BytesIO(expected)) as z:
        assert z.testzip() is None
        assert {i.filename: z.read(i) for i in z.infolist()} == MEMBERS


def test_package_of_nothing() -> None:
    assert package({}, 0) == _zipfile_package({}, 0)
