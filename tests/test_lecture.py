"""Pages that read without clutter and preview well: built HTML of the fixture sites (issue 14)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from conftest import FIXTURES
from cqpsite.corpus import load_referentiels
from cqpsite.hook import THEME
from cqpsite.pages import front_matter_description, render_referentiel, units
from sitetext import article_text, read_page

CQP = "cqp-coordinateur-logistique"
CQPM = "cqpm-gestionnaire-flux-commandes-international"


def theme_pages(site: Path) -> list[Path]:
    """Pages rendered by the theme (static redirects of pinned addresses excluded)."""
    return [p for p in sorted(site.rglob("*.html")) if 'class="md-content"' in p.read_text("utf-8")]


def meta(page: str, attribute: str, name: str) -> list[str]:
    return re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', page)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Court.", '"Court."'),
        ("  deux\n espaces  ", '"deux espaces"'),
        ("<b>gras</b> & « cité »", '"&lt;b&gt;gras&lt;/b&gt; &amp; « cité »"'),
        ("mot " * 50, '"' + "mot " * 39 + 'mot…"'),
        ("a" * 200, '"' + "a" * 159 + '…"'),
        ("Des listes : " + "x" * 150 + " fin", '"Des listes…"'),
    ],
)
def test_description_is_one_escaped_line_cut_at_a_word(text: str, expected: str) -> None:
    assert front_matter_description(text) == expected
    assert len(html.unescape(expected)) <= 162  # 160 characters and the YAML quotes


def test_every_page_has_a_description_and_open_graph_tags(mini_site: Path) -> None:
    pages = [p for p in theme_pages(mini_site) if p.name != "404.html"]
    assert len(pages) > 8
    for path in pages:
        page = path.read_text("utf-8")
        (description,) = meta(page, "name", "description")
        (preview,) = meta(page, "property", "og:description")
        assert html.unescape(preview) == html.unescape(description), path
        (title,) = meta(page, "property", "og:title")
        assert title and len(html.unescape(description)) <= 160, path
    capacite = (mini_site / "cqp-mini/capacites/c2/index.html").read_text("utf-8")
    (description,) = meta(capacite, "name", "description")
    assert html.unescape(description) == (
        "Capacité 1.2 : Ranger le poste (CQP Mini <script>alert(1)</script>)."
        " C2-1 Le poste est rangé <b>vite</b>."
    )
    assert meta(capacite, "property", "og:title") == ["Capacité 1.2 — Ranger le poste"]
    head = capacite.split("</head>")[0]
    assert "<script>alert" not in head and "<b>vite" not in head


def test_criteria_carry_no_badge_json_and_each_page_one_data_link(real_site: Path) -> None:
    for ref in (CQP, CQPM):
        for path in theme_pages(real_site / ref):
            page = path.read_text("utf-8")
            assert "Alignement Open Badges" not in page and "@context" not in page, path
            if "/v/" in str(path.relative_to(real_site)) or "source-referentiel" not in page:
                continue
            links = [h for h in read_page(path).links if h.endswith("#donnees-ouvertes")]
            assert len(links) == 1, path
    c5 = real_site / CQPM / "capacites/c5/index.html"
    assert read_page(c5).links.count("../../#donnees-ouvertes") == 1


def test_source_block_is_one_line_with_details_on_demand(real_site: Path) -> None:
    page = (real_site / CQPM / "capacites/c5/index.html").read_text("utf-8")
    block = re.search(
        r'<details class="source-referentiel"><summary>(.*?)</summary>(.*?)</details>', page, re.S
    )
    assert block is not None
    summary = " ".join(re.sub("<[^>]+>", "", block.group(1)).split())
    assert (
        summary
        == "Source : UIMM — Transcription du référentiel source, à vérifier avec le certificateur"
    )
    assert "référence 1990 12 38 0079" in block.group(2)


@pytest.mark.parametrize(
    ("ref", "units", "rules"),
    [
        (CQPM, [f"capacites/c{i}/" for i in range(1, 11)], 2),
        (CQP, ["blocs/b1/", "blocs/b2/", "blocs/b3/", "blocs/b4/", "blocs/b5/"], 0),
    ],
)
def test_overview_lists_each_unit_once(
    real_site: Path, ref: str, units: list[str], rules: int
) -> None:
    path = real_site / ref / "index.html"
    links = read_page(path).links
    assert [links.count(u) for u in units] == [1] * len(units)
    text = article_text(path)
    assert text.count("80% des critères") == (1 if ref == CQP else 0)
    assert text.count("Obtention de la certification :") == (1 if rules else 0)
    if ref == CQPM:  # the second place of the list in the text points to the first
        assert "voir la liste des capacités professionnelles ci-dessus" in text
        assert "#unites" in links and 'id="unites"' in path.read_text("utf-8")


def test_overview_without_the_list_in_its_text_gets_it_generated() -> None:
    (ref,) = load_referentiels(FIXTURES / "imbrique" / "referentiels")
    overview = render_referentiel(ref)[0].contenu
    assert '<h2 id="unites">' in overview and 'id="regles"' in overview
    for unit in units(ref):
        assert overview.count(f'href="{unit.src.removeprefix(ref.id + "/")[:-3]}/"') == 1


def test_footer_is_french_with_the_publisher(mini_site: Path) -> None:
    page = (mini_site / "cqp-mini/capacites/c1/index.html").read_text("utf-8")
    footer = page.split('<footer class="md-footer">')[1]
    assert "Made with" not in footer and "Site réalisé avec" in footer
    assert "Référentiels CQP et CQPM" in footer.split('class="md-copyright__highlight"')[1]


def test_copyright_override_is_the_installed_material_partial_in_french() -> None:
    """The engine's partial copies Material's with one phrase translated: a Material upgrade
    that changes the partial must update the copy."""
    import material

    stock = (Path(material.__file__).parent / "templates/partials/copyright.html").read_text()
    ours = (THEME / "partials" / "copyright.html").read_text()
    body = stock.split("-#}\n", 1)[1]
    assert ours.split("-#}\n", 1)[1] == body.replace("Made with", "Site réalisé avec")


@pytest.mark.parametrize(
    ("path", "scripts"),
    [
        ("index.html", []),
        ("cqp-mini/index.html", []),
        ("cqp-mini/versions/index.html", []),
        ("cqp-mini/dossier/index.html", ["stockage", "reponses"]),
        ("cqp-mini/grille/index.html", ["regles", "stockage", "reponses", "grilles"]),
        ("cqp-mini/blocs/b2/index.html", ["regles", "stockage", "reponses", "grilles"]),
        (
            "cqp-mini/capacites/c1/index.html",
            ["criteres", "regles", "stockage", "reponses", "grilles"],
        ),
    ],
)
def test_form_scripts_only_on_form_pages_and_deferred(
    mini_site: Path, path: str, scripts: list[str]
) -> None:
    page = (mini_site / path).read_text("utf-8")
    engine = re.findall(r'<script src="(?:\.\./)*assets/(\w+)\.js"( defer)?></script>', page)
    assert engine == [(name, " defer") for name in scripts]
