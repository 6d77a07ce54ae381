"""Loading and validation: every error family, with the complete list of messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REELS
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
            "tests/fixtures/broken/identifiants.yml:22: capacites[2].id: identifiant 'devaluation' réservé : la grille de cette unité prendrait l’ancre #grille-devaluation, celle du titre de la page de grille ; choisissez-en un autre",
            "tests/fixtures/broken/identifiants.yml:33: dossier.sections[0].rubriques[0].bloc: bloc 'b9' inconnu (blocs : aucun bloc défini)",
            "tests/fixtures/broken/identifiants.yml:33: dossier.sections[0].rubriques[0].elements[1].id: identifiant 'aide-c1-1' réservé : « aide-… » nomme les cases à cocher des critères (« aide-<critère> ») ; choisissez un identifiant de question sans ce préfixe",
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
            "tests/fixtures/broken/syntaxe.yml:4: (yaml): YAML invalide : fin de bloc attendue, trouvé un texte (dans l’ensemble de clés commencé ligne 1) ; vérifiez guillemets et indentation",
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
    (
        "types-et-regles",
        [
            "tests/fixtures/broken/types-et-regles.yml:2: id: l’identifiant 'autre-nom' doit être le nom du fichier ('types-et-regles') : renommez le fichier ou corrigez l’id",
            "tests/fixtures/broken/types-et-regles.yml:10: regles.obtention_unite.essentiels: booléen (true/false) attendu, trouvé 'oui'",
            "tests/fixtures/broken/types-et-regles.yml:10: regles.obtention_unite.seuil: une règle « seuil » demande un seuil entre 1 et 100 (%)",
            "tests/fixtures/broken/types-et-regles.yml:17: blocs[0].criteres[0].essentiel: booléen (true/false) attendu, trouvé 'oui'",
            "tests/fixtures/broken/types-et-regles.yml:18: blocs[0].criteres[1].id: identifiant 'c1' en double (déjà utilisé ligne 17)",
            "tests/fixtures/broken/types-et-regles.yml:19: blocs[0].criteres[2].id: identifiant 'C_3' invalide (minuscules sans accents, chiffres et tirets, ex. « c5-2 »)",
            "tests/fixtures/broken/types-et-regles.yml:20: blocs[0].criteres[3].id: clé obligatoire manquante",
            "tests/fixtures/broken/types-et-regles.yml:21: blocs[0].criteres[4].id: clé obligatoire manquante",
            "tests/fixtures/broken/types-et-regles.yml:22: blocs[0].criteres[5].texte: une valeur simple (texte) est attendue",
            "tests/fixtures/broken/types-et-regles.yml:29: dossier.sections[0].rubriques[0].bloc: bloc 'b9' inconnu (blocs : b1)",
            "tests/fixtures/broken/types-et-regles.yml:29: dossier.sections[0].rubriques[0].repetitions: doit valoir au moins 1",
            "tests/fixtures/broken/types-et-regles.yml:30: dossier.sections[0].rubriques[1].repetitions: nombre entier attendu, trouvé 'deux'",
            "tests/fixtures/broken/types-et-regles.yml:31: dossier.sections[0].rubriques[2].id: identifiant 'c6' en double (déjà utilisé ligne 22)",
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


@pytest.mark.parametrize("name", sorted(p.name for p in REELS.glob("*.yml")))
def test_real_referentials_are_valid(name: str) -> None:
    ref, problemes = load_referentiel(REELS / name)
    assert [str(p) for p in problemes] == []
    assert ref is not None and ref.id == Path(name).stem


MINI_TEXT = (FIXTURES / "mini" / "referentiels" / "cqp-mini.yml").read_text("utf-8")


# A type error leaves a stand-in in the partial model; no rule reading it may report it again.
@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "\nblocs:\n",
            "\nblocs: aucun\nanciens_blocs:\n",
            [
                "blocs: une liste est attendue",
                "anciens_blocs: clé inconnue (clés possibles : id, sigle, titre, intitule, version, "
                "source, regles, sous_titre, secteur, mention_criteres_non_publies, libelles, "
                "textes, blocs, capacites, dossier, retraits, date_version)",
            ],
        ),
        ("  - id: b1\n", "  - id: [b1]\n", ["blocs[0].id: une valeur simple (texte) est attendue"]),
        (
            "type: seuil",
            "type: seuils",
            [
                "regles.obtention_unite.type: valeur 'seuils' inconnue (attendu : 'seuil', 'decision')"
            ],
        ),
        (
            "seuil: 80",
            "seuil: beaucoup",
            ["regles.obtention_unite.seuil: nombre entier attendu, trouvé 'beaucoup'"],
        ),
        (
            "  unite: bloc\n",
            "  unite: [bloc]\n",
            ["regles.unite: une valeur simple (texte) est attendue"],
        ),
        (
            "{id: c2-1,",
            "{id: c1-1,",
            [
                "blocs[0].capacites[1].criteres[0].id: identifiant 'c1-1' en double (déjà utilisé ligne 50)"
            ],
        ),
        (
            "          - {id: c2-1",
            "          - texte seul\n          - {id: c2-1",
            ["blocs[0].capacites[1].criteres[0]: un ensemble de clés (mapping) est attendu"],
        ),
        ("  - id: b2\n", "  - id:\n", ["blocs[1].id: texte vide : ce champ doit être renseigné"]),
    ],
)
def test_type_errors_cause_no_rule_message(
    tmp_path: Path, old: str, new: str, expected: list[str]
) -> None:
    assert old in MINI_TEXT
    path = tmp_path / "cqp-mini.yml"
    path.write_text(MINI_TEXT.replace(old, new, 1), "utf-8")
    ref, problemes = load_referentiel(path, "x.yml")
    assert ref is None
    assert [f"{p.chemin}: {p.message}" for p in problemes] == expected


# PyYAML's message families, in French, with the line of the error and of what it was reading.
YAML_ERRORS = [
    (
        't: "abc\n',
        "2: (yaml): YAML invalide : fin du fichier atteinte avant le guillemet fermant (dans le texte entre guillemets commencé ligne 1)",
    ),
    (
        "t: [a, b\nc: d\n",
        "2: (yaml): YAML invalide : « , » ou « ] » attendu, trouvé le caractère « : » (dans la liste entre crochets commencée ligne 1)",
    ),
    (
        "t: {a: b\nc: d\n",
        "2: (yaml): YAML invalide : « , » ou « } » attendu, trouvé le caractère « : » (dans l’ensemble entre accolades commencé ligne 1)",
    ),
    (
        "id: x\n\tt: a\n",
        "2: (yaml): YAML invalide : une tabulation ne peut pas commencer un élément : indentez avec des espaces, jamais des tabulations",
    ),
    (
        "t: a: b\n",
        "1: (yaml): YAML invalide : « : » n’est pas permis ici (un texte qui contient « : » s’écrit entre guillemets)",
    ),
    (
        't: "a\\qb"\n',
        "1: (yaml): YAML invalide : échappement inconnu : le caractère « q » après « \\ » (écrivez « \\\\ » pour une barre oblique inverse) (dans le texte entre guillemets commencé ligne 1)",
    ),
    (
        "id: x\n[a\n",
        "3: (yaml): YAML invalide : « : » attendu après la clé (dans la clé commencée ligne 2)",
    ),
    (
        "id: x\n---\nid: y\n",
        "2: (yaml): YAML invalide : un seul document est attendu : trouvé un second document",
    ),
    (
        "t: |x\n  a\n",
        "1: (yaml): YAML invalide : « + », « - » ou un chiffre attendu, trouvé le caractère « x » (dans le bloc de texte (| ou >) commencé ligne 1)",
    ),
    ("t: - a\n", "1: (yaml): YAML invalide : un tiret de liste « - » n’est pas permis ici"),
    (
        "id: x\n? a\n- c\n",
        "3: (yaml): YAML invalide : fin de bloc attendue, trouvé le caractère « - » (dans l’ensemble de clés commencé ligne 1)",
    ),
    (
        "%YAML 1.1\nid: x\n",
        "2: (yaml): YAML invalide : début de document « --- » attendu, trouvé un texte",
    ),
    ("id: &a x\nt: &a y\n", "2: (yaml): YAML invalide : ancre en double (première ligne 1)"),
]


@pytest.mark.parametrize(("text", "expected"), YAML_ERRORS)
def test_yaml_errors_are_french(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "x.yml"
    path.write_text(text, "utf-8")
    _, problemes = load_referentiel(path, "x.yml")
    hint = "" if "tabulations" in expected else " ; vérifiez guillemets et indentation"
    assert [str(p) for p in problemes] == [f"x.yml:{expected}{hint}"]


ENGLISH = re.compile(r"\b(while|expected|found|but|got|could|not allowed|parsing|scanning|token)\b")


def test_every_broken_and_hazard_message_is_french() -> None:
    messages = [line for _, expected in BROKEN for line in expected]
    for path in sorted((FIXTURES / "hazards").glob("*.yml")):
        messages += [str(p) for p in load_referentiel(path)[1]]
    messages += [f"x.yml:{expected}" for _, expected in YAML_ERRORS]
    assert len(messages) > 30
    assert [m for m in messages if ENGLISH.search(m)] == []
