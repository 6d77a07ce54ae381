"""Identifiers and dates of the open data, from the referential's content only, never from the
address where the site is published (a site moved to another domain keeps its identifiers).

Every identifier is a UUID version 5 (RFC 9562) in the fixed namespace ``NAMESPACE`` of a name
built from the referential's ID, the version and the item's ID: see ``nom``.
"""

from __future__ import annotations

import hashlib
import re
import uuid

from cqpsite.model import Referentiel

# Fixed forever: changing it would change every identifier ever published.
NAMESPACE = uuid.UUID("569adbd5-76e5-47b3-b39d-a830b232e53b")
_NAMESPACE = NAMESPACE.bytes

# When neither ``date_version`` nor a dated ``source.date`` exists: fixed, never the build date.
DATE_INCONNUE = "1970-01-01T00:00:00+00:00"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def nom(ref_id: str, version: str, item_id: str = "") -> str:
    """``<referential>/<version>`` for the referential, ``<referential>/<version>/<item>``."""
    return f"{ref_id}/{version}/{item_id}" if item_id else f"{ref_id}/{version}"


def identifier(name: str) -> str:
    """``str(uuid.uuid5(NAMESPACE, name))``, without building UUID objects (a package has
    one per item and association)."""
    digest = bytearray(hashlib.sha1(_NAMESPACE + name.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC variant
    x = digest.hex()
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


def item(ref: Referentiel, item_id: str = "") -> str:
    """CASE identifier of the referential (``item_id`` empty) or of one of its items."""
    return identifier(nom(ref.id, ref.version, item_id))


def association(origin: str, kind: str, destination: str) -> str:
    """CASE identifier of an association between two names (see ``nom``)."""
    return identifier(f"{origin} {kind} {destination}")


def achievement(ref: Referentiel, unit_id: str = "") -> str:
    """Open Badges ``Achievement.id`` of the certification (``unit_id`` empty) or of a unit."""
    return f"urn:uuid:{identifier('achievement:' + nom(ref.id, ref.version, unit_id))}"


def version_date(ref: Referentiel) -> str:
    """Date of this version (ISO 8601, UTC): ``date_version``, else ``source.date`` when it is
    a date (``2022``, ``2022-06`` or ``2022-06-01``: the first day of that period), else
    ``DATE_INCONNUE``. Fixed per version, so a pinned export never changes."""
    for text in (ref.date_version, ref.source.date):
        found = _DATE.match(text.strip())
        if found:
            year, month, day = found.group(1), found.group(2) or "01", found.group(3) or "01"
            return f"{year}-{month}-{day}T00:00:00+00:00"
    return DATE_INCONNUE
