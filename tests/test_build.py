"""Real ``mkdocs build --strict`` runs, asserting on the HTML."""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import FIXTURES, PROJECT, REELS, build_project, make_project
from cqpsite.corpus import load_referentiels
from cqpsite.hook import THEME
from cqpsite.model import Referentiel
from cqpsite.recherche import read_index
from sitetext import article_text, read_page

CQP = "cqp-coordinateur-logistique"
CQPM = "cqpm-gestionnaire-flux-commandes-international"


@pytest.fixture(scope="module")
def refs() -> dict[str, Referentiel]:
    return {r.id: r for r in load_referentiels(REELS)}


def page(site: Path, url: str) -> Path:
    path = site / url / "index.html"
    assert path.is_file(), f"page manquante : {url}"
    return path


def test_every_page_of_every_referential_exists(
    real_site: Path, refs: dict[str, Referentiel]
) -> None:
    assert "CQP Coordinateur(trice) logistique" in article_text(page(real_site, ""))
    for ref in refs.values():
        urls = ["", "grille"] + (["dossier"] if ref.dossier else [])
        urls += [f"blocs/{b.id}" for b in ref.blocs]
        urls += [f"capacites/{c.id}" for c in ref.capacites]
        for url in urls:
            text = article_text(page(real_site, f"{ref.id}/{url}".rstrip("/")))
            # Source, version and date are on every page of the referential.
            assert ref.source.document in text and f"version {ref.source.version}" in text
            assert ref.source.date in text


def test_every_cqpm_criterion_has_its_anchor_and_text(
    real_site: Path, refs: dict[str, Referentiel]
) -> None:
    ref = refs[CQPM]
    assert len(ref.capacites) == 10
    for cap in ref.capacites:
        html = page(real_site, f"{CQPM}/capacites/{cap.id}").read_text("utf-8")
        ids = read_page(page(real_site, f"{CQPM}/capacites/{cap.id}")).ids
        assert cap.criteres
        for crit in cap.criteres:
            assert f"critere-{crit.id}" in ids
            for point in crit.points:
                assert f"critere-{point.id}" in ids
            block = re.search(rf'id="critere-{crit.id}".*?</li>', html, re.S)
            assert block and crit.id.upper() in block.group(0)


def test_criterion_5_2_permalink(real_site: Path) -> None:
    path = page(real_site, f"{CQPM}/capacites/c5")
    parsed = read_page(path)
    assert "critere-c5-2" in parsed.ids
    assert "#critere-c5-2" in parsed.links
    html = path.read_text("utf-8")
    assert 'data-ancre="critere-c5-2"' in html and "Copier le lien" in html


def test_cqp_blocs_say_criteria_are_not_published(
    real_site: Path, refs: dict[str, Referentiel]
) -> None:
    for bloc in refs[CQP].blocs:
        text = article_text(page(real_site, f"{CQP}/blocs/{bloc.id}"))
        assert "Critères non publiés dans la source — à fournir par le certificateur" in text
        assert "80% des critères d’évaluation associés" in text  # the rule under the grid
        html = page(real_site, f"{CQP}/blocs/{bloc.id}").read_text("utf-8")
        assert html.count('class="ligne-vide"') >= 5
    text = article_text(page(real_site, f"{CQP}/blocs/b3"))
    assert "Avez-vous réalisé ou coordonné des inventaires ? Donnez des exemples" in text


def _nav_links(html: str) -> list[tuple[str, str]]:
    """(href, class) of the primary navigation's links."""
    found = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', html, re.S)
    assert found is not None
    return re.findall(r'<a href="([^"]+)" class="(md-nav__link[^"]*)"', found.group(0))


def test_navigation_lists_capacites_under_their_referential(real_site: Path) -> None:
    home = dict(_nav_links(page(real_site, "").read_text("utf-8")))
    assert f"{CQP}/blocs/b1/" in home
    caps = [h for h in home if "/capacites/" in h]
    assert caps == [f"{CQPM}/capacites/c{i}/" for i in range(1, 11)]
    here = _nav_links(page(real_site, f"{CQPM}/capacites/c5").read_text("utf-8"))
    assert [h for h, cls in here if "md-nav__link--active" in cls] == ["./"]
    assert ("../c4/", "md-nav__link") in here and ("../c6/", "md-nav__link") in here


def test_navigation_nests_the_capacites_of_a_bloc_under_it(mini_site: Path) -> None:
    """Pruned: elsewhere a bloc with capacités is one link; on its pages, all of them."""
    ref = "cqp-mini"
    home = [h for h, _ in _nav_links(page(mini_site, "").read_text("utf-8"))]
    assert f"{ref}/blocs/b1/" in home and not any("/capacites/" in h for h in home)
    on_cap = _nav_links(page(mini_site, f"{ref}/capacites/c1").read_text("utf-8"))
    assert ("../../blocs/b1/", "md-nav__link") in on_cap
    assert ("../c2/", "md-nav__link") in on_cap
    assert [h for h, cls in on_cap if "md-nav__link--active" in cls] == ["./"]


def test_search_indexes_each_criterion_and_question_once(real_site: Path) -> None:
    """Grids, checklists, badge snippets and the source line repeat texts: search skips them."""
    index = read_index(real_site)
    text = " ".join(re.sub(r"<[^>]+>", " ", d["title"] + " " + d["text"]) for d in index["docs"])
    text = " ".join(text.split())
    # A CQPM criterion (capacité page, grid, badge) and a CQP question (dossier, bloc 3).
    criterion = "Les informations recueillies en veille sont partagées avec les collègues"
    question = "Quels outils utilisez-vous pour consulter, vérifier, enregistrer les mouvements"
    assert text.count(criterion) == 1
    assert text.count(question) == 1
    assert "Source : Référentiel du CQPM" not in text  # the source line of every page


def test_site_makes_no_third_party_request(real_site: Path) -> None:
    for path in real_site.rglob("*.html"):
        html = path.read_text("utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html):
            if 'rel="canonical"' in tag:
                continue  # the page's own address, not a request
            assert not re.search(r'(?:src|href)="(?:https?:)?//', tag), (path, tag)


def test_text_from_yaml_is_escaped(mini_site: Path) -> None:
    path = page(mini_site, "cqp-mini")
    html = path.read_text("utf-8")
    assert "<script>alert(1)</script>" not in html  # nor in <title>, nav or search
    assert "<img src=x" not in html
    assert "<title>CQP Mini &lt;script&gt;alert(1)&lt;/script&gt;" in html
    text = article_text(path)
    assert "CQP Mini <script>alert(1)</script>" in text
    assert '"><img src=x onerror=alert(1)> et {% raw %} et [lien](http://exemple.invalid).' in text
    assert "Présentation {{ jinja }}" in text
    assert "Référentiel d’essai *non officiel*" in text
    cap = article_text(page(mini_site, "cqp-mini/capacites/c2"))
    assert "Le poste est rangé <b>vite</b>." in cap


def test_broken_referential_stops_the_build_with_file_and_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    refs = tmp_path / "refs"
    refs.mkdir()
    shutil.copy(FIXTURES / "broken" / "cle-inconnue.yml", refs / "cle-inconnue.yml")
    root = make_project(tmp_path, refs)
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_project(root)
    assert "referentiels/cle-inconnue.yml:5: soustitre: clé inconnue" in caplog.text
    assert "Traceback" not in caplog.text
    assert not (root / "site" / "index.html").exists()


def test_generated_path_colliding_with_docs_is_refused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = make_project(tmp_path, FIXTURES / "mini" / "referentiels")
    (root / "docs" / "cqp-mini").mkdir()
    (root / "docs" / "cqp-mini" / "grille.md").write_text("# Doublon\n", "utf-8")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_project(root)
    assert "adresses du site écrites deux fois" in caplog.text
    assert "cqp-mini/grille/index.html (docs/cqp-mini/grille.md ; généré cqp-mini/grille.md)" in (
        caplog.text
    )


def _many_referentiels(folder: Path, count: int) -> Path:
    """``count`` small synthetic referentials (the benchmark's generator, 2 blocs × 2
    capacités): beyond 15, the navigation groups them."""
    import sys

    import yaml

    sys.path.insert(0, str(PROJECT / "benchmarks"))
    import bench_build

    folder.mkdir()
    shape = (bench_build.BLOCS, bench_build.CAPACITES)
    bench_build.BLOCS, bench_build.CAPACITES = 2, 2
    try:
        for i in range(count):
            data = bench_build.synthetic_referentiel(i)
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
            (folder / f"{data['id']}.yml").write_text(text, encoding="utf-8")
    finally:
        bench_build.BLOCS, bench_build.CAPACITES = shape
    return folder


@pytest.mark.parametrize("fixture", ["versions", "seize"])
def test_navigation_rendered_once_per_folder_changes_no_byte(
    fixture: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Navigation that does not depend on the page (pages outside it, items outside the active
    path) is rendered once per folder; the site must be byte-identical to the one where every
    page renders all of its navigation. (The templates' path, which the Python navigation of
    cqpsite.menu replaces where it can: turned off here.)"""
    from markupsafe import Markup

    from cqpsite.menu import Menu
    from cqpsite.mkdocs_pages import NavCache

    monkeypatch.setenv("CQPSITE_DOCUMENTS", "0")
    monkeypatch.setattr(Menu, "on_env", lambda self, env, **_: env)
    if fixture == "seize":
        referentiels = _many_referentiels(tmp_path / "referentiels", 16)
    else:
        referentiels = FIXTURES / fixture / "referentiels"
    root = make_project(tmp_path, referentiels)
    calls, renders = [0], [0]
    original = NavCache._cached

    def counting(self: NavCache, key: tuple[object, ...], render: Callable[[], str]) -> Markup:
        calls[0] += 1
        return original(self, key, lambda: renders.__setitem__(0, renders[0] + 1) or render())

    monkeypatch.setattr(NavCache, "_cached", counting)
    cached = build_project(root, tmp_path / "cached")
    share = 0.5 if fixture == "seize" else 1  # the small fixture shares less
    assert renders[0] < calls[0] * share, "the cache saved too little on this fixture"
    monkeypatch.setattr(NavCache, "_cached", lambda self, key, render: Markup(render()))
    fresh = build_project(root, tmp_path / "fresh")
    files = sorted(p.relative_to(cached) for p in cached.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    for name in files:
        assert (cached / name).read_bytes() == (fresh / name).read_bytes(), name
    if fixture == "seize":
        assert "Référentiels A" in (cached / "index.html").read_text("utf-8")


def test_navigation_override_still_wraps_the_installed_material_partial() -> None:
    """The engine's theme partial nav.html copies Material's partial inside a macro: a Material upgrade
    that changes the partial must update the copy."""
    import material

    stock = (Path(material.__file__).parent / "templates" / "partials" / "nav.html").read_text()
    ours = (THEME / "partials" / "nav.html").read_text()
    body = stock.split("-#}\n", 1)[1]
    head, _, rest = body.partition("\n")
    assert head in ours
    # ``head`` is the stock partial up to its items, ``stock`` calls it and renders them.
    start = ours.split("{% macro head() %}\n", 1)[1].split("{% endmacro %}", 1)[0]
    # The items' macros are imported in ``stock`` only (not on every page).
    loop = ours.split("{%- macro stock() %}" + head + "{{ head() }}\n", 1)[1]
    loop = loop.split("\n{% endmacro %}", 1)[0]
    assert start + loop.replace("    {%- for", "{% for", 1) == rest.rstrip("\n")
