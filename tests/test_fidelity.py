"""Every line of both sample source documents is on the built site (``cqpsite.fidelite``, the
check ``python -m cqpsite verify`` runs), once the page furniture each YAML declares in
``source.hors_texte`` is removed; and the comparison's own rules on small texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqpsite.corpus import load_referentiels
from cqpsite.fidelite import check_fidelity, missing_lines, skeleton


def test_every_source_line_of_the_samples_is_published(real_site: Path) -> None:
    root = real_site.parent  # the project that was built (conftest.make_project)
    folder = root / "referentiels"
    refs = load_referentiels(folder, root)
    assert len(refs) >= 2
    for ref in refs:
        assert ref.source.hors_texte, ref.id  # the samples' furniture is declared, not guessed
        assert check_fidelity(ref, folder, real_site, root) == [], ref.id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Équipements de l’atelier¹", "equipementsdelatelier"),
        ("• A renseigner : 80 %", "arenseigner80"),
        ("CAPACITÉS  professionnelles", "capacitesprofessionnelles"),
    ],
)
def test_skeleton(text: str, expected: str) -> None:
    assert skeleton(text) == expected


def test_missing_lines_name_file_and_line_once_furniture_is_removed() -> None:
    source = "Page 1 sur 2\nLe poste est prêt1 .\n\nUne phrase absente.\n• o Le POSTE est rangé\n"
    published = ["Le poste est prêt¹.", "Le poste est rangé."]
    furniture = [r"^Page \d+ sur \d+$", r"(?<=prêt)1"]
    assert missing_lines(source, "s.txt", furniture, published) == [
        "s.txt:4: ligne de la source absente du site : « Une phrase absente. »",
        "s.txt:5: ligne de la source absente du site : « • o Le POSTE est rangé »",
    ]
    assert missing_lines(source, "s.txt", [*furniture, "^• o "], published) == [
        "s.txt:4: ligne de la source absente du site : « Une phrase absente. »"
    ]
    assert missing_lines(source, "s.txt", [], published)[0].startswith("s.txt:1: ")
