"""What the engine computes in MkDocs' own process instead of asking MkDocs (to save its time)
is what MkDocs would compute: output paths, generated ``File`` objects, the theme's files."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs import utils
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from conftest import FIXTURES, make_project
from cqpsite import canonique, gabarits_visibles
from cqpsite.fichiers_generes import fast_lookups, generated_files
from cqpsite.hook import add_theme_layer
from cqpsite.sorties import MARKDOWN, output

PATHS = [
    "a.md",
    "README.md",
    "index.md",
    "a/README.md",
    "a/index.md",
    "a/b.markdown",
    "a/b.mkd",
    "x.MD",
    "a/b/c.json",
    ".md",
    "a/.md",
    "a/b.md/c.md",
    "a//b.md",
    "./a.md",
    "a/./b.md",
    "a/../b.md",
    "a/",
    "a.md/",
    "/a.md",
    ".",
    "a/index.mdx",
    "été/à b.md",
    "a/README",
    "READMe.md",
    "a.tar.md",
]


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> MkDocsConfig:
    root = make_project(tmp_path_factory.mktemp("fichiers"), FIXTURES / "mini" / "referentiels")
    config = load_config(config_file=str(root / "mkdocs.yml"))
    config.plugins._current_plugin = "hooks/referentiels.py"
    return config


def test_outputs_are_mkdocs_own() -> None:
    assert utils.markdown_extensions == MARKDOWN
    for path in PATHS:
        expected = File(path, src_dir=None, dest_dir="", use_directory_urls=True).dest_uri
        assert output.__wrapped__(path) == expected, path


def test_generated_files_are_mkdocs_own(config: MkDocsConfig) -> None:
    levels = [InclusionLevel.INCLUDED, InclusionLevel.NOT_IN_NAV, InclusionLevel.UNDEFINED]
    sources = [(p, f"contenu {p}", levels[i % 3]) for i, p in enumerate(PATHS) if p != "/a.md"]
    ours = generated_files(config, sources)
    for file, (path, content, inclusion) in zip(ours, sources, strict=True):
        theirs = File.generated(config, path, content=content, inclusion=inclusion)
        assert list(vars(file).items()) == list(vars(theirs).items()), path
        for name in ("dest_uri", "url", "abs_dest_path", "edit_uri", "name", "content_string"):
            assert getattr(file, name) == getattr(theirs, name), (path, name)


def test_theme_files_are_those_mkdocs_copies(config: MkDocsConfig) -> None:
    add_theme_layer(config)
    listed = Files([])
    listed.add_files_from_theme(config.theme.get_env(), config)
    gabarits_visibles.install(config)
    env = config.theme.get_env()
    assert len(env.list_templates()) < 1000  # Material's 14,000 icons are not walked
    pruned = Files([])
    pruned.add_files_from_theme(env, config)
    assert [f.src_uri for f in listed] == [f.src_uri for f in pruned]
    assert [f.abs_src_path for f in listed] == [f.abs_src_path for f in pruned]
    assert len(listed) > 20
    assert all(not Path(f.src_uri).name.startswith(".") for f in listed)


BASES = [
    "http://127.0.0.1:8000/",
    "https://exemple.org/sous/chemin",
    "https://exemple.org",
    "HTTPS://Exemple.org/a/",
    "https://exemple.org/a//b/",
    "https://exemple.org/a/./b/",
    "https://exemple.org/a/../",
    "https://exemple.org/a/?q=1",
    "https://exemple.org/a/#f",
    "https://exemple.org/a;p/",
    "https://user@exemple.org:8080/x/",
    "/relatif/",
    "",
]
PAGES = ["index.md", "a.md", "a/b/c.md", "a/index.md", "été/à b.md", "x.json", "a/b.c.md", "-.md"]


def test_canonical_urls_are_mkdocs_own(config: MkDocsConfig) -> None:
    from mkdocs.structure.pages import Page

    canonique.install()
    assert canonique._original is not None
    for base in BASES:
        config["site_url"] = base
        for path in PAGES:
            file = File.generated(config, path, content="x")
            page = Page(None, file, config)
            ours = (page.canonical_url, page.abs_url)
            canonique._original(page, base)
            assert ours == (page.canonical_url, page.abs_url), (base, path)
    assert canonique._plain_base("http://127.0.0.1:8000/") == ("http://127.0.0.1:8000/", "/")


def test_file_lookups_are_mkdocs_own(config: MkDocsConfig) -> None:
    files = Files(generated_files(config, [(p, "x", InclusionLevel.UNDEFINED) for p in PAGES]))
    asked = [*PAGES, *PATHS, "a/b/../b/c.md", "./index.md", "absente.md"]
    expected = [files.get_file_from_path(p) for p in asked]
    fast_lookups(files)
    assert [files.get_file_from_path(p) for p in asked] == expected
    assert sum(f is not None for f in expected) >= len(PAGES) + 2
    files.append(File.generated(config, "ajoutee.md", content="x"))
    assert files.get_file_from_path("ajoutee.md") is files.src_uris["ajoutee.md"]
