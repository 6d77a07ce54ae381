"""The hottest loops of the page templates, rendered in Python: the criterion rows of a grid
and the criteria list of a unit page (a 10,000-page site renders each row three times and
escaped every value once per use). The templates keep everything around them.

The HTML is exactly what the Jinja macros it replaces wrote: each value escaped with
``markupsafe.escape``, as autoescape does, but once per row rather than once per use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from markupsafe import Markup, escape

from cqpsite import urls
from cqpsite.model import Critere, Question
from cqpsite.recherche import code_alias
from cqpsite.versions import Adresse

_ESSENTIEL = ' <strong class="essentiel">Critère essentiel</strong>'


# (id of the criterion, "Essentiel" column, fingerprints) → the criterion and its row around
# the link: a criterion's row is written on its own page, its bloc's and the grid page.
_ROWS: dict[tuple[int, bool, str | None], tuple[Critere, str, str]] = {}


def grille_rows(
    rows: Iterable[tuple[Critere, str]],
    page: str,
    empreintes: Mapping[str, str],
    col_essentiel: bool,
    href: Callable[[str, str], str] = urls.href,
) -> Markup:
    """The ``<tr>`` of each published criterion of a grid, one per line (``rows``: criterion
    and the page carrying it, as ``Unite.rows``)."""
    out: list[str] = []
    liens: dict[str, str] = {}
    for c, src in rows:
        lien = liens.get(src)
        if lien is None:
            lien = liens[src] = escape(href(page, src))
        key = (id(c), bool(col_essentiel), empreintes.get(c.id))
        found = _ROWS.get(key)
        if found is None or found[0] is not c:  # the criterion kept alive: its id is its own
            if len(_ROWS) >= 4096:
                _ROWS.clear()
            found = _ROWS[key] = (c, *_row(c, key[2], key[1]))
        out += (found[1], lien, found[2])
    return Markup("".join(out))


def _row(c: Critere, empreinte: str | None, col_essentiel: bool) -> tuple[str, str]:
    """A criterion's grid row, before and after the link to the page carrying it."""
    ident = escape(c.id)
    code = escape(c.code)
    ctl = escape(f"critere-{c.id}")
    anchor = escape(urls.critere_anchor(c))
    marque = "" if empreinte is None else f' data-empreintes="{escape(empreinte)}"'
    essentiel = (
        f'<td class="col-essentiel"><span class="carte-libelle">Essentiel : </span>'
        f"{'Oui' if c.essentiel else 'Non'}</td>"
        if col_essentiel
        else ""
    )
    head = (
        f'<tr data-critere="{ident}" data-essentiel="{"oui" if c.essentiel else "non"}"'
        f'{marque}><th scope="row"><a href="'
    )
    tail = (
        f'#{anchor}">{code}</a> {escape(c.texte)}</th>{essentiel}'
        f'<td class="col-etat"><input type="radio" class="etat" name="etat-{ctl}" '
        f'id="etat-acquis-{ctl}" value="acquis" aria-label="{code} : acquis"> '
        f'<label class="carte-libelle" for="etat-acquis-{ctl}">Acquis</label></td>'
        f'<td class="col-etat"><input type="radio" class="etat" name="etat-{ctl}" '
        f'id="etat-non-acquis-{ctl}" value="non-acquis" aria-label="{code} : non acquis"> '
        f'<label class="carte-libelle" for="etat-non-acquis-{ctl}">Non acquis</label></td>'
        f'<td class="col-observations"><label class="carte-libelle" '
        f'for="observations-{ctl}">Observations</label><textarea class="observations" '
        f'id="observations-{ctl}" rows="1" aria-label="Observations sur le critère {code}">'
        f"</textarea></td></tr>\n"
    )
    return head, tail


def criteres_items(items: Iterable[Critere]) -> Markup:
    """The ``<li>`` of each criterion of a unit page's list, with its points and copy button."""
    out: list[str] = []
    for c in items:
        ident = escape(c.id)
        code = escape(c.code)
        anchor = escape(urls.critere_anchor(c))
        texte = escape(c.texte)
        alias = code_alias(c.code)
        classe = "critere critere-essentiel" if c.essentiel else "critere"
        out.append(
            f'<li class="{classe}" id="{anchor}" data-critere="{ident}">\n'
            f'<!--recherche:seule--><h4 id="{anchor}">Critère {code}'
            f"{f' ({escape(alias)})' if alias else ''}</h4><!--recherche:oui-->\n"
            f'<p><a class="critere-code" href="#{anchor}" '
            f'title="Lien permanent vers le critère {code}">{code}</a>'
            f"{_ESSENTIEL if c.essentiel else ''}"
            f' <span class="critere-texte">{texte}</span></p>\n'
        )
        if c.points:
            out.append('<ul class="points">\n')
            for p in c.points:
                pa = escape(urls.critere_anchor(p))
                pid = escape(str(p.id).upper())
                out.append(
                    f'<li id="{pa}"><a class="critere-code" href="#{pa}" '
                    f'title="Lien permanent vers le point {pid}">{pid}</a> {escape(p.texte)}</li>\n'
                )
            out.append("</ul>\n")
        out.append(
            f'<!--recherche:non--><button type="button" class="critere-copier md-button" hidden '
            f'data-code="{code}" data-texte="{texte}" data-ancre="{anchor}">Copier le lien'
            f'<span class="md-visually-hidden"> du critère {code}</span></button>\n'
            f"<!--recherche:oui--></li>\n"
        )
    return Markup("".join(out))


def figee_items(elements: Iterable[Adresse], target: str) -> Markup:
    """The ``<li>`` of each element of a pinned page: its nature, ID and text, and a link to it
    at the current address ``target``."""
    cible = escape(target)
    out: list[str] = []
    for a in elements:
        ancre = escape(a.ancre)
        ident = escape(str(a.id).upper())
        attribut, fragment = (f' id="{ancre}"', f"#{ancre}") if a.ancre else ("", "")
        out.append(
            f"<li{attribut}><strong>{escape(str(a.nature).capitalize())} {ident}</strong> — "
            f"{escape(a.texte)}<br>\n"
            f'<a href="{cible}{fragment}">Voir {ident} dans la version en vigueur</a></li>\n'
        )
    return Markup("".join(out))


def _coche(cle: str, ident: str) -> str:
    """A checklist item's start, up to its label's text: its box keeps ``cle`` (escaped)."""
    return (
        f'<li data-question="{cle}"><input type="checkbox" class="coche" id="{ident}" '
        f'data-cle="{cle}"> <label for="{ident}">'
    )


def aide_items(criteres: Iterable[Critere]) -> Markup:
    """The checklist of a unit page without dossier questions: one ``<li>`` per criterion,
    asking for a real situation that shows it."""
    out: list[str] = []
    for c in criteres:
        ident = escape(c.id)
        out.append(
            _coche(f"aide-{ident}", f"coche-critere-{ident}")
            + f"Quelle situation réelle de votre activité montre ce critère ({escape(c.code)}) : "
            f"« {escape(c.texte)} » ?</label></li>\n"
        )
    return Markup("".join(out))


def checklist_items(questions: Iterable[Question], dossier: str) -> Markup:
    """The checklist of a unit page: one ``<li>`` per dossier question, with its points and a
    link to it in the dossier (``dossier``: that page's relative URL)."""
    lien = escape(dossier)
    out: list[str] = []
    for q in questions:
        ident = escape(q.id)
        question = escape(q.question)
        points = "".join(f"<li>{escape(p)}</li>" for p in q.points)
        out.append(
            _coche(ident, f"coche-question-{ident}")
            + f'{question}</label> <a href="{lien}#{escape(urls.question_anchor(q.id))}">'
            "Voir dans le dossier"
            f'<span class="md-visually-hidden"> : {question}</span></a>'
            f"{f'<ul>{points}</ul>' if q.points else ''}</li>\n"
        )
    return Markup("".join(out))
