"""The commented skeleton written by ``python -m cqpsite new <slug>``; valid as it is."""

from __future__ import annotations

SQUELETTE = """\
# yaml-language-server: $schema=../schema/referentiel.schema.json
# Référentiel créé par « python -m cqpsite new ». Remplacez chaque « À compléter » par le texte
# officiel, puis vérifiez avec : python -m cqpsite check referentiels/{slug}.yml
# Les « id » forment les adresses des pages et des critères : minuscules sans accents, chiffres
# et tirets, uniques dans le fichier. Ne les changez plus une fois le site publié.

# Identifiant du référentiel : toujours le nom du fichier sans « .yml ».
id: {slug}
# Sigle de la certification (CQP, CQPM…).
sigle: CQP
# Titre affiché en tête de chaque page.
titre: "CQP À compléter"
# Intitulé court de la qualification.
intitule: "À compléter"
# Version de cette publication : elle nomme le chemin figé /{slug}/v/<version>/ et ne change
# qu’avec une nouvelle version du texte (archivez d’abord l’ancienne, voir le guide).
version: "1"
# Facultatif : sous-titre et secteur professionnel.
sous_titre: ""
secteur: ""

# Le document officiel d’où vient le texte ; affiché sur chaque page.
source:
  document: "Référentiel de certification — à compléter"
  certificateur: "À compléter (branche ou organisme certificateur)"
  version: "1"
  date: "À compléter"
  statut: "Projet"
  # Facultatif : référence officielle (RNCP…) et remarques sur la transcription.
  reference: ""
  remarques: ""

# Comment on obtient une unité, puis la certification.
regles:
  # Unité d’évaluation : « bloc » (blocs de compétences) ou « capacite » (capacités sans bloc).
  unite: bloc
  obtention_unite:
    # « seuil » : pourcentage de critères à acquérir (et, avec essentiels: true, tous les
    # critères essentiels) ; « decision » : la commission décide, rien n’est calculé.
    type: seuil
    seuil: 80
    essentiels: true
    texte: "Le bloc est acquis avec 80 % des critères, dont tous les critères essentiels."
  obtention_certification:
    type: toutes_unites_obligatoires
    texte: "La certification est obtenue quand tous les blocs obligatoires sont acquis."
    acquis: "Certification obtenue"
    non_acquis: "Certification non obtenue"

# Textes de présentation, dans l’ordre de la source. Un paragraphe s’écrit comme un simple
# texte ; une liste avec « liste: » ; « unites: true » place la liste des blocs avec leurs liens.
textes:
  - id: presentation
    titre: "Présentation"
    contenu:
      - "À compléter : le texte de présentation de la qualification."
      - unites: true

# Blocs de compétences, dans l’ordre de la source. Un bloc contient des capacités ou
# directement des critères ; « criteres: non_publies » si la source ne les publie pas.
blocs:
  - id: b1
    numero: "1"
    titre: "À compléter : titre du bloc 1"
    capacites:
      - id: c1
        numero: "1.1"
        titre: "À compléter : titre de la capacité"
        # Conditions de réalisation (facultatif).
        conditions:
          - "À compléter."
        criteres:
          # essentiel: true marque un critère essentiel ; numero (facultatif) : le numéro
          # officiel affiché, s’il n’est pas un id valide (ex. numero: "B1.C1.1").
          - id: c1-1
            texte: "À compléter : premier critère d’évaluation."
            essentiel: true
          - id: c1-2
            texte: "À compléter : deuxième critère d’évaluation."

# Facultatif : le dossier du candidat (sections, rubriques, questions). Exemple :
# dossier:
#   titre: "Dossier du candidat"
#   sections:
#     - id: experience
#       numero: "1"
#       titre: "Votre expérience"
#       rubriques:
#         - id: r-b1
#           titre: "Bloc 1"
#           bloc: b1          # relie ces questions à la page du bloc b1
#           elements:
#             - id: q-b1-1
#               question: "Décrivez une situation de travail."
#               format: long  # long, court, date ou signature
"""


def squelette(slug: str) -> str:
    return SQUELETTE.replace("{slug}", slug)
