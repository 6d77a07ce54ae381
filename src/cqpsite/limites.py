"""What ``check`` refuses so that every file it accepts also builds in bounded time: invisible
characters that XML (DOCX, ODT) cannot hold, headings deeper than HTML has, and sizes.

The limits are far above any real referential. Measured on the two published samples: longest
text 437 characters, at most 4 criteria per unit and 30 in all, 3 points per criterion, 4 blank
copies of a rubrique. Build time grows with the size of one text (a 100 KB text: 13 s of PDF)
and with the criteria of one grid (500: 22 s), hence a bound on each.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from cqpsite.model import Bloc, Capacite, Critere, Item, Liste, Referentiel, Rubrique, Section

MAX_TEXTE = 10_000  # characters in one text (23 times the longest measured)
MAX_CRITERES_UNITE = 200  # criteria of one bloc or capacité (50 times the measured)
MAX_CRITERES = 1_000  # criteria of one referential (33 times the measured)
MAX_POINTS = 50  # points of one criterion
MAX_REPETITIONS = 50  # blank copies of one rubrique
MAX_NIVEAU_TITRE = 6  # HTML has h1 to h6
MAX_NIVEAU_LISTE = 10  # nested bullets

# Form feed and vertical tab (pdftotext's page break, written "\f" by yaml.safe_dump): a space.
_SPACES = str.maketrans({"\f": " ", "\v": " "})
# C0 controls but tab, line feed and carriage return; DEL and C1; surrogates; non-characters.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(p)}{chr(p + 1)}" for p in range(0x1FFFE, 0x110000, 0x10000))
    + "]"
)


def normalise(texte: str) -> str:
    return texte.translate(_SPACES)


def probleme_texte(texte: str) -> str:
    """Why a text (already normalised) cannot be published, or ""."""
    found = FORBIDDEN.search(texte)
    if found:
        code = ord(found.group())
        what, fix = "non-caractère Unicode", "retirez-le"
        if 0xD800 <= code <= 0xDFFF:
            what, fix = "demi-caractère (code de substitution)", "écrivez le caractère lui-même"
        elif code < 0xA0:
            what = "caractère de contrôle invisible"
        return f"{what} U+{code:04X} interdit : {fix} (il empêche de produire les documents)"
    if len(texte) > MAX_TEXTE:
        return (
            f"texte trop long ({len(texte)} caractères, au plus {MAX_TEXTE}) : "
            "découpez-le en paragraphes ou en points"
        )
    return ""


Fail = Callable[..., None]


def check_sizes(ref: Referentiel, fail: Fail) -> None:
    """Bounds on criteria, copies and nesting; ``fail(path, message, *paths read)``."""
    total = 0
    units: list[tuple[str, int, Bloc | Capacite | None]]
    units = [("blocs", i, b) for i, b in enumerate(ref.blocs)]
    units += [("capacites", i, c) for i, c in enumerate(ref.capacites)]
    for key, i, unit in units:
        if unit is None:
            continue
        own = unit.criteres if isinstance(unit.criteres, tuple) else ()
        _unit(f"{key}[{i}]", own, fail)
        total += len(own)
        for j, cap in enumerate(getattr(unit, "capacites", ())):
            if cap is not None:
                _unit(f"{key}[{i}].capacites[{j}]", cap.criteres, fail)
                total += len(cap.criteres)
    if total > MAX_CRITERES:
        fail("(racine)", f"trop de critères ({total}, au plus {MAX_CRITERES})")
    for chemin, level in _sections(ref.textes, "textes", 2):
        if level > MAX_NIVEAU_TITRE:
            fail(chemin, _trop_profond("sections", MAX_NIVEAU_TITRE - 1))
    for chemin, rubrique, level in _rubriques(ref):
        if rubrique.titre and level > MAX_NIVEAU_TITRE:
            fail(chemin, _trop_profond("rubriques titrées", MAX_NIVEAU_TITRE - 2))
        if rubrique.repetitions > MAX_REPETITIONS:
            fail(f"{chemin}.repetitions", f"au plus {MAX_REPETITIONS} exemplaires")


def check_liste(chemin: str, liste: Liste, fail: Fail) -> None:
    """Nested bullets render recursively: a bound keeps the build's stack safe."""
    for sub_path, depth in _items(liste.liste, f"{chemin}.liste", 2):
        if depth > MAX_NIVEAU_LISTE:
            fail(sub_path, _trop_profond("listes", MAX_NIVEAU_LISTE))
            return


def _trop_profond(what: str, most: int) -> str:
    return f"imbrication trop profonde : {most} niveaux de {what} au plus"


def _unit(chemin: str, criteres: Sequence[Critere | None], fail: Fail) -> None:
    if len(criteres) > MAX_CRITERES_UNITE:
        fail(
            f"{chemin}.criteres",
            f"trop de critères dans une unité ({len(criteres)}, au plus {MAX_CRITERES_UNITE})",
        )
    for k, c in enumerate(criteres):
        if c is not None and len(c.points) > MAX_POINTS:
            fail(f"{chemin}.criteres[{k}].points", f"au plus {MAX_POINTS} points par critère")


def _sections(
    sections: Sequence[Section | None], chemin: str, level: int
) -> Iterator[tuple[str, int]]:
    for i, s in enumerate(sections):
        if s is None:
            continue
        here = f"{chemin}[{i}]"
        yield here, level
        if level <= MAX_NIVEAU_TITRE:  # one message for the first level too deep
            yield from _sections(s.sections, f"{here}.sections", level + 1)


def _rubriques(ref: Referentiel) -> Iterator[tuple[str, Rubrique, int]]:
    """Every rubrique with its heading level (as ``pages.heading_levels`` computes it)."""
    stack: list[tuple[str, Rubrique | None, int]] = []
    for i, section in enumerate(ref.dossier.sections if ref.dossier else ()):
        if section is not None:
            base = f"dossier.sections[{i}].rubriques"
            stack += [(f"{base}[{j}]", r, 3) for j, r in enumerate(section.rubriques)]
    while stack:
        chemin, r, level = stack.pop()
        if r is None:
            continue
        yield chemin, r, level
        if level <= MAX_NIVEAU_TITRE:
            nxt = level + 1 if r.titre else level
            stack += [(f"{chemin}.rubriques[{j}]", s, nxt) for j, s in enumerate(r.rubriques)]


def _items(items: Sequence[Item | None], chemin: str, depth: int) -> Iterator[tuple[str, int]]:
    for i, item in enumerate(items):
        if item is not None and item.liste:
            yield f"{chemin}[{i}].liste", depth
            if depth <= MAX_NIVEAU_LISTE:
                yield from _items(item.liste, f"{chemin}[{i}].liste", depth + 1)
