"""The PDF's « Suite des réponses »: pages of continuation boxes at the end of a form, where an
answer too long for its fixed-size box goes on (the browser fill, rempli-suite.js, moves it
there with the marks described in ``SUITE_INTRO``). DOCX and ODT boxes grow: they have none."""

from __future__ import annotations

import re
from dataclasses import replace

from cqpsite.documents.form import NBSP, Field, Form, Heading, Para

SUITE_NOTE = (
    "Dans ce PDF, les cadres de réponse ont une taille fixe\u00a0: une réponse qui ne tient "
    "pas dans son cadre continue dans les cadres «\u00a0Suite des réponses\u00a0» à la fin du "
    "document. Pour rédiger plusieurs pages, la version DOCX ou ODT de ce document, dont les "
    "cadres s’agrandissent, est plus commode."
)
# The continuation boxes: their IDs, and how the site's browser fill marks what it moves there
# (dossier-rempli.js writes and reads back exactly these marks).
SUITE_ID = "suite-reponses-{}"
_SUITE = re.compile(SUITE_ID.format(r"(\d+)"))
SUITE_TITRE = "Suite des réponses"
SUITE_INTRO = (
    "Une réponse qui ne tient pas dans son cadre continue ici. Son cadre se termine par "
    "«\u00a0(suite page\u00a0…, renvoi\u00a0…)\u00a0» et la suite commence ici par "
    "«\u00a0Renvoi\u00a0… — suite de\u00a0…\u00a0». Le téléchargement du dossier rempli depuis le "
    "site les place ainsi, et sait les rassembler quand vous reprenez vos réponses depuis ce PDF."
)
SUITE_HEIGHT_CM = (20.0, 23.5)  # the first box shares its page with the title and this intro


def with_suites(form: Form) -> Form:
    """The form as the PDF prints it: with its ``suites`` pages of continuation boxes (one a
    page, where a long answer goes on) at the end."""
    if not form.suites or any(isinstance(b, Field) and suite_number(b) for b in form.blocks):
        return form
    boxes = tuple(
        Field(
            SUITE_ID.format(n),
            f"Cadre de suite n°{NBSP}{n}",
            "long",
            f"{SUITE_TITRE}, cadre n°{NBSP}{n}",
        )
        for n in range(1, form.suites + 1)
    )
    head = (Heading(2, SUITE_TITRE, new_page=True), Para(SUITE_INTRO, "note"))
    return replace(form, blocks=(*form.blocks, *head, *boxes))


def suite_number(field: Field) -> int:
    """The number of a continuation box, 0 for any other field."""
    match = _SUITE.fullmatch(field.id)
    return int(match.group(1)) if match else 0
