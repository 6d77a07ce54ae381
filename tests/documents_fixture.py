"""Two small hand-built referentials (a CQP with a dossier, a CQPM by capacité) for document tests."""

from __future__ import annotations

from cqpsite.model import (
    Bloc,
    Capacite,
    Critere,
    Dossier,
    Item,
    Liste,
    ListeUnites,
    Note,
    Paragraphe,
    Point,
    Question,
    Referentiel,
    RegleCertification,
    Regles,
    RegleUnite,
    Rubrique,
    SectionDossier,
    Source,
)

SOURCE = Source(
    document="Livret 2 — VAE",
    certificateur="Branche professionnelle",
    version="2022",
    date="2022-01-01",
    statut="en vigueur",
)

CQP = Referentiel(
    id="cqp-essai",
    sigle="CQP",
    titre="Coordinateur(trice) d’essai",
    intitule="Certificat de qualification professionnelle",
    version="2022",
    source=SOURCE,
    regles=Regles(
        unite="bloc",
        obtention_unite=RegleUnite(
            "seuil",
            "Pour obtenir un bloc, le candidat doit avoir acquis 80 % des critères "
            "et l’ensemble des critères essentiels.",
            seuil=80,
            essentiels=True,
        ),
        obtention_certification=RegleCertification(
            "toutes_unites_obligatoires",
            "Le CQP est obtenu quand les 2 blocs obligatoires sont acquis.",
            acquis="CQP obtenu",
            non_acquis="CQP non obtenu",
        ),
    ),
    blocs=(
        Bloc(
            id="bloc-1",
            numero="1",
            titre="Contrôle de la conformité des produits",
            criteres=(
                Critere("c1-1", "Les contrôles sont réalisés selon la procédure", essentiel=True),
                Critere("c1-2", "Les écarts sont signalés à la hiérarchie", numero="B1.C1.2"),
            ),
        ),
        Bloc(id="bloc-2", numero="2", titre="Pilotage des activités", criteres="non_publies"),
        Bloc(
            id="bloc-5",
            numero="5",
            titre="Travail en zone à atmosphère contrôlée",
            libelle="Bloc de compétences optionnel",
            optionnel=True,
            criteres=(Critere("c5-1", "Les règles d’habillage sont appliquées"),),
        ),
    ),
    dossier=Dossier(
        titre="Dossier du candidat en VAE",
        intro=(Paragraphe("La rédaction de ce dossier est primordiale."),),
        sections=(
            SectionDossier(
                id="identification",
                titre="Identification",
                rubriques=(
                    Rubrique(
                        id="candidat",
                        titre="Candidat",
                        elements=(
                            Question("candidat-nom", "Candidat", "court"),
                            Paragraphe("Déclare conformes et sincères les renseignements."),
                            Question("candidat-date", "Date", "date"),
                            Question("candidat-signature", "Signature du candidat", "signature"),
                        ),
                    ),
                    Rubrique(
                        id="responsable",
                        titre="Responsable hiérarchique",
                        elements=(
                            Question("responsable-date", "Date", "date"),
                            Question("responsable-signature", "Signature", "signature"),
                        ),
                    ),
                    Rubrique(  # no title: the paragraph that ends with a colon announces it
                        id="evaluateur",
                        elements=(
                            Paragraphe("À renseigner par l’évaluateur :"),
                            Question("evaluateur-date", "Date", "date"),
                        ),
                    ),
                ),
            ),
            SectionDossier(
                id="presentation",
                titre="Présentation du CQP",
                intro=(
                    Paragraphe("Le référentiel est constitué de blocs de compétences :"),
                    ListeUnites(True),
                    Liste((Item("Réception", (Item("Contrôle à réception"),)), Item("Expédition"))),
                ),
            ),
            SectionDossier(
                id="activites",
                numero="2",
                titre="Description de vos principales activités",
                rubriques=(
                    Rubrique(
                        id="activites-bloc-1",
                        titre="Bloc de compétences 1",
                        bloc="bloc-1",
                        rubriques=(
                            Rubrique(
                                id="controle",
                                titre="Contrôle des produits",
                                elements=(
                                    Question("controle-quels", "Quels contrôles réalisez-vous ?"),
                                    Question(
                                        "controle-infos",
                                        "Quelles informations transmettez-vous ?",
                                        points=("Au sein de votre service", "En dehors"),
                                    ),
                                ),
                                notes=(Note("¹", "Bonnes pratiques de fabrication"),),
                            ),
                        ),
                    ),
                ),
            ),
            SectionDossier(
                id="emplois",
                numero="3",
                titre="Vos emplois précédents",
                rubriques=(
                    Rubrique(
                        id="emploi",
                        repetitions=3,
                        libelle_repetition="Emploi",
                        elements=(
                            Question("emploi-intitule", "Emploi", "court"),
                            Question("emploi-duree", "Durée", "court"),
                            Question("emploi-activites", "Principales activités professionnelles"),
                        ),
                    ),
                ),
            ),
        ),
    ),
)

CQPM = Referentiel(
    id="cqpm-essai",
    sigle="CQPM",
    titre="Gestionnaire d’essai",
    intitule="Certificat de qualification paritaire de la métallurgie",
    version="1",
    source=SOURCE,
    regles=Regles(
        unite="capacite",
        obtention_unite=RegleUnite(
            "decision", "La commission d’évaluation valide chaque capacité professionnelle."
        ),
        obtention_certification=RegleCertification(
            "toutes_unites_obligatoires",
            "Toutes les capacités professionnelles doivent être acquises.",
            acquis="admissible",
            non_acquis="non admissible",
        ),
    ),
    capacites=(
        Capacite(
            id="cap-1",
            numero="1",
            titre="Identifier la réglementation",
            conditions=(Paragraphe("Sur des commandes concernant deux pays différents."),),
            criteres=(Critere("cap-1-1", "La veille est utilisée"),),
        ),
        Capacite(
            id="cap-5",
            numero="5",
            titre="Gérer les expéditions",
            conditions=(Liste((Item("dans l’entreprise"), Item("dans le pays d’expédition"))),),
            criteres=(
                Critere(
                    "cap-5-1",
                    "Le plan de transport est défini :",
                    points=(Point("cap-5-1-a", "Les modes sont identifiés"),),
                ),
                Critere("cap-5-2", "Les documents sont conformes", essentiel=True, numero="5.2"),
            ),
        ),
    ),
)

REFERENTIELS = (CQP, CQPM)
