"""The loops rendered in Python (``cqpsite.lignes_html``) write, byte for byte, what the Jinja
loops they replaced wrote, hostile text included: those loops are kept here as the reference,
rendered in the package's own Jinja environment (autoescape, same filters)."""

from __future__ import annotations

from markupsafe import Markup

from cqpsite import lignes_html, pages, urls
from cqpsite.model import Critere, Point, Question
from cqpsite.versions import Adresse

HOSTILE = "<script>alert('x')</script> & \"guillemets\" « déjà » l’été ’ &amp; <b>"

CRITERES = (
    Critere("c5-2", f"Texte {HOSTILE}", True, (Point("c5-2-a", f"point {HOSTILE}"),), ""),
    Critere("c5-3", "Sans point, non essentiel.", False, (), "B1.C5<3>&\"'"),
    Critere("b1-1", "Deux points", False, (Point("b1-1-a", "a"), Point("b1-1-b", "é<")), "C5-2"),
)
ROWS = (
    (CRITERES[0], "cqp/capacites/c5.md"),
    (CRITERES[1], "cqp/capacites/c5.md"),
    (CRITERES[2], "cqp/blocs/b1.md"),
)

GRILLE_ROWS = """\
{% for c, src in rows %}
{% set code = c.code %}
{% set ctl = "critere-" ~ c.id %}
<tr data-critere="{{ c.id }}" data-essentiel="{{ 'oui' if c.essentiel else 'non' }}"{% if c.id in empreintes %} data-empreintes="{{ empreintes[c.id] }}"{% endif %}><th scope="row"><a href="{{ src|href(page) }}#{{ c|anchor }}">{{ code }}</a> {{ c.texte }}</th>{% if col_essentiel %}<td class="col-essentiel"><span class="carte-libelle">Essentiel : </span>{{ 'Oui' if c.essentiel else 'Non' }}</td>{% endif %}<td class="col-etat"><input type="radio" class="etat" name="etat-{{ ctl }}" id="etat-acquis-{{ ctl }}" value="acquis" aria-label="{{ code }} : acquis"> <label class="carte-libelle" for="etat-acquis-{{ ctl }}">Acquis</label></td><td class="col-etat"><input type="radio" class="etat" name="etat-{{ ctl }}" id="etat-non-acquis-{{ ctl }}" value="non-acquis" aria-label="{{ code }} : non acquis"> <label class="carte-libelle" for="etat-non-acquis-{{ ctl }}">Non acquis</label></td><td class="col-observations"><label class="carte-libelle" for="observations-{{ ctl }}">Observations</label><textarea class="observations" id="observations-{{ ctl }}" rows="1" aria-label="Observations sur le critère {{ code }}"></textarea></td></tr>
{% endfor %}
"""

CRITERES_ITEMS = """\
{% for c in items %}
<li class="critere{% if c.essentiel %} critere-essentiel{% endif %}" id="{{ c|anchor }}" data-critere="{{ c.id }}">
<!--recherche:seule--><h4 id="{{ c|anchor }}">Critère {{ c.code }}{% if c.code|alias %} ({{ c.code|alias }}){% endif %}</h4><!--recherche:oui-->
<p><a class="critere-code" href="#{{ c|anchor }}" title="Lien permanent vers le critère {{ c.code }}">{{ c.code }}</a>{% if c.essentiel %} <strong class="essentiel">Critère essentiel</strong>{% endif %} <span class="critere-texte">{{ c.texte }}</span></p>
{% if c.points %}
<ul class="points">
{% for p in c.points %}
<li id="{{ p|anchor }}"><a class="critere-code" href="#{{ p|anchor }}" title="Lien permanent vers le point {{ p.id|upper }}">{{ p.id|upper }}</a> {{ p.texte }}</li>
{% endfor %}
</ul>
{% endif %}
<!--recherche:non--><button type="button" class="critere-copier md-button" hidden data-code="{{ c.code }}" data-texte="{{ c.texte }}" data-ancre="{{ c|anchor }}">Copier le lien<span class="md-visually-hidden"> du critère {{ c.code }}</span></button>
<!--recherche:oui--></li>
{% endfor %}
"""

FIGEE_ITEMS = """\
{% for a in elements %}
<li{% if a.ancre %} id="{{ a.ancre }}"{% endif %}><strong>{{ a.nature|capitalize }} {{ a.id|upper }}</strong> — {{ a.texte }}<br>
<a href="{{ target }}{% if a.ancre %}#{{ a.ancre }}{% endif %}">Voir {{ a.id|upper }} dans la version en vigueur</a></li>
{% endfor %}
"""

AIDE_ITEMS = """\
{% for c in unit.criteres %}
<li data-question="aide-{{ c.id }}"><input type="checkbox" class="coche" id="coche-critere-{{ c.id }}" data-cle="aide-{{ c.id }}"> <label for="coche-critere-{{ c.id }}">Quelle situation réelle de votre activité montre ce critère ({{ c.code }}) : « {{ c.texte }} » ?</label></li>
{% endfor %}
"""

CHECKLIST_ITEMS = """\
{% for q in groupe.questions %}
<li data-question="{{ q.id }}"><input type="checkbox" class="coche" id="coche-question-{{ q.id }}" data-cle="{{ q.id }}"> <label for="coche-question-{{ q.id }}">{{ q.question }}</label> <a href="{{ dossier|href(page) }}#{{ q.id|question_anchor }}">Voir dans le dossier<span class="md-visually-hidden"> : {{ q.question }}</span></a>{% if q.points %}<ul>{% for p in q.points %}<li>{{ p }}</li>{% endfor %}</ul>{% endif %}</li>
{% endfor %}
"""


def jinja(source: str, **context: object) -> str:
    return pages._ENV.from_string(source).render(**context)


def test_grid_rows_are_the_jinja_rows() -> None:
    empreintes = {"c5-2": '2023:0a1b2c3d 2024:<&">', "b1-1": "2024:ffffffff"}
    for page in ("cqp/capacites/c5.md", "cqp/grille.md"):
        for col_essentiel in (True, False):
            for marks in (empreintes, {}):
                expected = jinja(
                    GRILLE_ROWS, rows=ROWS, page=page, empreintes=marks, col_essentiel=col_essentiel
                )
                got = lignes_html.grille_rows(ROWS, page, marks, col_essentiel)
                assert isinstance(got, Markup)
                assert str(got) == expected
    assert "&lt;script&gt;alert(&#39;x&#39;)" in expected
    assert 'href="../capacites/c5/#critere-c5-2"' in expected


def test_criteria_items_are_the_jinja_items() -> None:
    expected = jinja(CRITERES_ITEMS, items=CRITERES)
    assert str(lignes_html.criteres_items(CRITERES)) == expected
    assert "Critère C5-2 (5.2)" in expected and "&#34;guillemets&#34;" in expected
    assert str(lignes_html.criteres_items(())) == ""


def test_pinned_items_are_the_jinja_items() -> None:
    elements = (
        Adresse("c5-2", "critère", HOSTILE, "cqp/capacites/c5.md", "critere-c5-2"),
        Adresse("q<1>", "question", "Qu’avez-vous « fait » ?", "cqp/dossier.md", "q-\"'"),
        Adresse("b1", "bloc", "Sans ancre", "cqp/blocs/b1.md", ""),
    )
    for target in ("../../capacites/c5/", "../../<&\"'>/"):
        expected = jinja(FIGEE_ITEMS, elements=elements, target=target)
        assert str(lignes_html.figee_items(elements, target)) == expected
    assert "<li><strong>Bloc B1</strong>" in expected


def test_checklists_are_the_jinja_checklists() -> None:
    expected = jinja(AIDE_ITEMS, unit={"criteres": CRITERES})
    assert str(lignes_html.aide_items(CRITERES)) == expected
    assert "« Texte &lt;script&gt;" in expected
    questions = (
        Question("q1", f"Décrivez {HOSTILE}", "long", (HOSTILE, "l’été")),
        Question("q<2>", "Sans point ?", "court", ()),
    )
    for page, dossier in (("cqp/blocs/b1.md", "cqp/dossier.md"), ("a.md", "<&\"'>.md")):
        link = urls.href(page, dossier)
        expected = jinja(
            CHECKLIST_ITEMS, groupe={"questions": questions}, dossier=dossier, page=page
        )
        assert str(lignes_html.checklist_items(questions, link)) == expected
    assert "<ul><li>&lt;script&gt;" in expected
