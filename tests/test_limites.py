"""What ``check`` refuses so that whatever it accepts builds: invisible characters, headings
deeper than HTML, sizes (``cqpsite.limites``)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from cqpsite import limites
from cqpsite.corpus import load_referentiel

MINI = Path(__file__).parent / "fixtures" / "mini" / "referentiels" / "cqp-mini.yml"
MINI_TEXT = MINI.read_text("utf-8")
ESCAPES = [r"\0", r"\x01", r"\x07", r"\x1b", r"\x7f", r"\x85", r"\uFFFE", r"\uD800", r"\U0010FFFF"]


def _messages(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "cqp-mini.yml"
    path.write_text(text, "utf-8")
    ref, problemes = load_referentiel(path, "x.yml")
    assert (ref is None) == bool(problemes)
    return [str(p) for p in problemes]


@pytest.mark.parametrize("escape", ESCAPES)
def test_invisible_characters_are_refused_with_their_line(tmp_path: Path, escape: str) -> None:
    """The YAML escapes of the audit (issue 17) crashed the build after ``check`` passed."""
    text = MINI_TEXT.replace('"Le poste est prêt."', f'"Le poste{escape} est prêt."')
    code = int(escape[2:], 16) if len(escape) > 2 else 0
    kind = "caractère de contrôle invisible"
    if 0xD800 <= code <= 0xDFFF:
        kind = "demi-caractère (code de substitution)"
        fix = "écrivez le caractère lui-même"
    else:
        kind = "non-caractère Unicode" if code >= 0xA0 else kind
        fix = "retirez-le"
    assert _messages(tmp_path, text) == [
        f"x.yml:50: blocs[0].capacites[0].criteres[0].texte: {kind} U+{code:04X} interdit : "
        f"{fix} (il empêche de produire les documents)"
    ]


@pytest.mark.parametrize("escape", [r"\f", r"\v"])
def test_page_breaks_become_spaces(tmp_path: Path, escape: str) -> None:
    """pdftotext's page break ("\\f" once dumped by yaml.safe_dump) is harmless: a space."""
    path = tmp_path / "cqp-mini.yml"
    path.write_text(MINI_TEXT.replace('"Le poste est prêt."', f'"Le poste{escape}est prêt."'))
    ref, problemes = load_referentiel(path)
    assert problemes == [] and ref is not None
    assert ref.blocs[0].capacites[0].criteres[0].texte == "Le poste est prêt."


def _criteres(n: int, prefix: str = "x") -> str:
    return "".join(f"\n          - {{id: {prefix}-{k}, texte: T}}" for k in range(n))


def _sections(depth: int) -> str:
    out, indent = "", "  "
    for level in range(depth):
        out += f"\n{indent}- id: s{level}\n{indent}  titre: S\n{indent}  sections:"
        indent += "    "
    return out + " []\n"


def _rubriques(depth: int, titre: bool) -> str:
    out, indent = "", "        "
    for level in range(depth):
        title = f"\n{indent}  titre: R" if titre else ""
        out += f"\n{indent}- id: r{level}{title}\n{indent}  rubriques:"
        indent += "    "
    return out + " []"


def _liste(depth: int) -> str:
    out, indent = "", "          "
    for level in range(depth):
        out += f"\n{indent}- texte: L{level}\n{indent}  liste:"
        indent += "    "
    return out + " [fin]"


LIMITS = [
    (
        "criteres-unite",
        ("          - {id: c2-1,", _criteres(200) + "\n          - {id: c2-1,"),
        [
            "x.yml:61: blocs[0].capacites[1].criteres: trop de critères dans une unité (201, au "
            "plus 200)"
        ],
    ),
    (
        "criteres-unite-ok",
        ("          - {id: c2-1,", _criteres(199) + "\n          - {id: c2-1,"),
        [],
    ),
    (
        "repetitions",
        ("repetitions: 3", "repetitions: 51"),
        ["x.yml:82: dossier.sections[0].rubriques[1].repetitions: au plus 50 exemplaires"],
    ),
    ("repetitions-ok", ("repetitions: 3", "repetitions: 50"), []),
    (
        "texte",
        ('intitule: "Mini"', f'intitule: "{"x" * 10_001}"'),
        [
            "x.yml:6: intitule: texte trop long (10001 caractères, au plus 10000) : découpez-le en "
            "paragraphes ou en points"
        ],
    ),
    ("texte-ok", ('intitule: "Mini"', f'intitule: "{"x" * 10_000}"'), []),
    (
        "sections",
        ("\ntextes:", "\ntextes:" + _sections(6)),
        [
            "x.yml:42: textes[0].sections[0].sections[0].sections[0].sections[0].sections[0]: "
            "imbrication trop profonde : 5 niveaux de sections au plus"
        ],
    ),
    ("sections-ok", ("\ntextes:", "\ntextes:" + _sections(5)), []),
    (
        "rubriques",
        ("      rubriques:", "      rubriques:" + _rubriques(5, True)),
        [
            "x.yml:85: dossier.sections[0].rubriques[0].rubriques[0].rubriques[0].rubriques[0].rubriques[0]: "
            "imbrication trop profonde : 4 niveaux de rubriques titrées au plus"
        ],
    ),
    ("rubriques-ok", ("      rubriques:", "      rubriques:" + _rubriques(4, True)), []),
    ("rubriques-sans-titre", ("      rubriques:", "      rubriques:" + _rubriques(12, False)), []),
    (
        "listes",
        ("      - unites: true", "      - liste:" + _liste(10)),
        [
            "x.yml:55: textes[0].contenu[2].liste[0].liste[0].liste[0].liste[0].liste[0].liste[0].liste[0].liste[0].liste[0].liste[0].liste: "
            "imbrication trop profonde : 10 niveaux de listes au plus"
        ],
    ),
    ("listes-ok", ("      - unites: true", "      - liste:" + _liste(9)), []),
]


@pytest.mark.parametrize(
    ("old_new", "expected"), [c[1:] for c in LIMITS], ids=[c[0] for c in LIMITS]
)
def test_size_and_depth_limits(
    tmp_path: Path, old_new: tuple[str, str], expected: list[str]
) -> None:
    old, new = old_new
    assert old in MINI_TEXT
    text = MINI_TEXT.replace(old, new, 1)
    assert _messages(tmp_path, text) == expected


def test_criteria_of_a_whole_referential_are_bounded() -> None:
    ref, _ = load_referentiel(MINI)
    assert ref is not None
    bloc = ref.blocs[0]
    cap = bloc.capacites[0]
    crits = tuple(replace(cap.criteres[0], id=f"x-{k}") for k in range(200))
    caps = tuple(replace(cap, id=f"c{k}", criteres=crits) for k in range(5))
    messages: list[tuple[str, str]] = []
    big = replace(ref, blocs=(replace(bloc, capacites=caps), *ref.blocs[1:]))
    limites.check_sizes(big, lambda chemin, message, *_: messages.append((chemin, message)))
    assert messages == []
    caps += (replace(cap, id="c9", criteres=crits[:1]),)
    bigger = replace(ref, blocs=(replace(bloc, capacites=caps), *ref.blocs[1:]))
    limites.check_sizes(bigger, lambda chemin, message, *_: messages.append((chemin, message)))
    assert messages == [("(racine)", "trop de critères (1001, au plus 1000)")]


# Every text that check accepts must go into the documents' XML and out as UTF-8.
@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(codec=None, exclude_categories=()), max_size=40))
def test_every_accepted_text_is_xml_compatible(text: str) -> None:
    text = limites.normalise(text)
    if limites.probleme_texte(text):
        return
    element = etree.Element("p")
    element.text = text  # lxml raises ValueError on what XML cannot hold
    assert etree.fromstring(etree.tostring(element, encoding="utf-8")).text in (text, None)
    text.encode("utf-8")


ACCEPTED = r"\f\v\t\r\u2028\uE000\U0001F600\u00A0\u200B"


def test_accepted_oddities_build_every_document(tmp_path: Path) -> None:
    """The strangest characters check lets through render in DOCX, ODT and PDF."""
    from cqpsite.documents import render_documents

    path = tmp_path / "cqp-mini.yml"
    path.write_text(MINI_TEXT.replace('"Le poste est prêt."', f'"Le poste {ACCEPTED} est prêt."'))
    ref, problemes = load_referentiel(path)
    assert problemes == [] and ref is not None
    documents = render_documents(ref, 1_700_000_000)
    assert {d.format for d in documents} == {"DOCX", "ODT", "PDF"}
