"""Loading and validation: every error family, with the complete list of messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqpsite.corpus import ReferentielsInvalides, load_referentiel, load_referentiels
from cqpsite.model import NON_PUBLIES, Item, Liste, ListeUnites, Paragraphe, Question

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parents[1]

# One broken file per error family; each must report exactly these messages, in this order.
BROKEN = [
    (
        "alias",
        [
            "tests/fixtures/broken/alias.yml:3: (yaml): YAML invalide : les ancres et alias YAML (&, *) ne sont pas acceptés",
        ],
    ),
    (
        "cle-en-double",
        [
            "tests/fixtures/broken/cle-en-double.yml:4: titre: clé en double (déjà définie ligne 3)",
            "tests/fixtures/broken/cle-en-double.yml:12: capacites[0].criteres[0].texte: clé en double (déjà définie ligne 12)",
        ],
    ),
    (
        "cle-inconnue",
        [
            "tests/fixtures/broken/cle-inconnue.yml:5: soustitre: clé inconnue (vouliez-vous dire « sous_titre » ?)",
            "tests/fixtures/broken/cle-inconnue.yml:6: source.editeur: clé inconnue (clés possibles : document, certificateur, version, date, statut, fichier, reference, remarques, hors_texte)",
        ],
    ),
    (
        "cle-manquante",
        [
            "tests/fixtures/broken/cle-manquante.yml:1: intitule: clé obligatoire manquante",
            "tests/fixtures/broken/cle-manquante.yml:1: version: clé obligatoire manquante",
            "tests/fixtures/broken/cle-manquante.yml:4: source.statut: clé obligatoire manquante",
            "tests/fixtures/broken/cle-manquante.yml:10: capacites[0].criteres[0].id: clé obligatoire manquante",
            "tests/fixtures/broken/cle-manquante.yml:10: capacites[0].titre: clé obligatoire manquante",
        ],
    ),
    (
        "identifiants",
        [
            "tests/fixtures/broken/identifiants.yml:16: capacites[0].criteres[1].id: identifiant 'C1_2' invalide (minuscules sans accents, chiffres et tirets, ex. « c5-2 »)",
            "tests/fixtures/broken/identifiants.yml:21: capacites[1].criteres[0].id: identifiant 'c1-1' en double (déjà utilisé ligne 15)",
            "tests/fixtures/broken/identifiants.yml:28: dossier.sections[0].rubriques[0].bloc: bloc 'b9' inconnu (blocs : aucun bloc défini)",
        ],
    ),
    (
        "mauvais-type",
        [
            "tests/fixtures/broken/mauvais-type.yml:3: titre: une valeur simple (texte) est attendue",
            "tests/fixtures/broken/mauvais-type.yml:7: regles.unite: valeur 'module' inconnue (attendu : 'bloc', 'capacite')",
            "tests/fixtures/broken/mauvais-type.yml:8: regles.obtention_unite.essentiels: booléen (true/false) attendu, trouvé 'peut-être'",
            "tests/fixtures/broken/mauvais-type.yml:8: regles.obtention_unite.seuil: nombre entier attendu, trouvé 'quatre-vingts'",
            "tests/fixtures/broken/mauvais-type.yml:10: blocs: une liste est attendue",
        ],
    ),
    (
        "regles-incoherentes",
        [
            "tests/fixtures/broken/regles-incoherentes.yml:1: id: l’identifiant 'autre-nom' doit être le nom du fichier ('regles-incoherentes') : renommez le fichier ou corrigez l’id",
            "tests/fixtures/broken/regles-incoherentes.yml:7: regles.unite: unité « bloc » mais aucun bloc n’est défini",
            "tests/fixtures/broken/regles-incoherentes.yml:8: regles.obtention_unite.seuil: une règle « seuil » demande un seuil entre 1 et 100 (%)",
        ],
    ),
    (
        "syntaxe",
        [
            "tests/fixtures/broken/syntaxe.yml:4: (yaml): YAML invalide : while parsing a block mapping expected <block end>, but found '<scalar>' (élément commencé ligne 1) ; vérifiez guillemets et indentation",
        ],
    ),
    (
        "textes-vides",
        [
            "tests/fixtures/broken/textes-vides.yml:3: titre: texte vide : ce champ doit être renseigné",
            "tests/fixtures/broken/textes-vides.yml:4: intitule: texte vide : ce champ doit être renseigné",
            "tests/fixtures/broken/textes-vides.yml:11: capacites[0].titre: texte vide : ce champ doit être renseigné",
        ],
    ),
]


@pytest.mark.parametrize(("name", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_file_reports_every_problem(name: str, expected: list[str]) -> None:
    path = FIXTURES / "broken" / f"{name}.yml"
    ref, problemes = load_referentiel(path, f"tests/fixtures/broken/{name}.yml")
    assert ref is None
    assert [str(p) for p in problemes] == expected


def test_every_broken_fixture_is_in_the_table() -> None:
    on_disk = sorted(p.stem for p in (FIXTURES / "broken").glob("*.yml"))
    assert on_disk == sorted(b[0] for b in BROKEN)


def test_folder_errors_are_collected_across_files() -> None:
    with pytest.raises(ReferentielsInvalides) as caught:
        load_referentiels(FIXTURES / "broken", root=ROOT)
    lines = str(caught.value).splitlines()
    assert lines == [line for _, expected in BROKEN for line in expected]


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ReferentielsInvalides, match="dossier des référentiels introuvable"):
        load_referentiels(tmp_path / "absent")


def test_valid_fixture_loads_with_shorthands() -> None:
    path = FIXTURES / "mini" / "referentiels" / "cqp-mini.yml"
    ref, problemes = load_referentiel(path)
    assert problemes == []
    assert ref is not None
    contenu = ref.textes[0].contenu
    assert isinstance(contenu[0], Paragraphe)
    assert contenu[1] == Liste(
        liste=(Item("Premier point"), Item("Second point", (Item("Sous-point # 1"),)))
    )
    assert contenu[2] == ListeUnites(unites=True)
    assert ref.blocs[1].criteres == NON_PUBLIES
    elements = ref.dossier.sections[0].rubriques[0].elements if ref.dossier else ()
    assert [type(e) for e in elements] == [Question, Paragraphe, Question]
    assert ref.blocs[0].capacites[0].criteres[1].points[1].id == "c1-2-b"


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "referentiels").glob("*.yml")))
def test_real_referentials_are_valid(name: str) -> None:
    ref, problemes = load_referentiel(ROOT / "referentiels" / name)
    assert [str(p) for p in problemes] == []
    assert ref is not None and ref.id == Path(name).stem
