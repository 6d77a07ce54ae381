"""One process building again (``mkdocs serve``) reloads, rechecks and re-renders only the
referentials whose files changed; checks across referentials still run, and the output is the
same as a clean build's."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import FIXTURES, REELS, build_project, make_project, site_hashes
from cqpsite import hook, reconstruction
from cqpsite.memo import Memo
from cqpsite.site import build_site

CQP = "cqp-coordinateur-logistique"
CQPM = "cqpm-gestionnaire-flux-commandes-international"


def _edit_first_criterion(path: Path, marker: str) -> None:
    """Append ``marker`` to the text of the first criterion listed under a ``criteres:`` key."""
    text = path.read_text("utf-8")
    listed = re.search(r"\n\s+criteres:\n", text)
    assert listed is not None
    found = re.compile(r'texte: "([^"]*)"').search(text, listed.end())
    assert found is not None
    path.write_text(text[: found.end(1)] + f" {marker}" + text[found.end(1) :], "utf-8")


def test_an_edit_reloads_and_renders_that_referential_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CQPSITE_DOCUMENTS", "0")
    root = make_project(tmp_path, REELS)
    folder = root / "referentiels"
    build_project(root, tmp_path / "premier")
    assert sorted(Path(p).name for p in hook._memo.loaded) == [f"{CQP}.yml", f"{CQPM}.yml"]
    assert sorted(hook._memo.published) == [CQP, CQPM]

    build_project(root, tmp_path / "inchange")
    assert (hook._memo.loaded, hook._memo.published) == ([], [])
    assert site_hashes(tmp_path / "inchange") == site_hashes(tmp_path / "premier")

    _edit_first_criterion(folder / f"{CQPM}.yml", "marqueur-incremental")
    build_project(root, tmp_path / "second")
    assert [Path(p).name for p in hook._memo.loaded] == [f"{CQPM}.yml"]
    assert hook._memo.published == [CQPM]
    page = (tmp_path / "second" / CQPM / "index.html").read_text("utf-8")
    criteria = list((tmp_path / "second" / CQPM / "capacites").rglob("index.html"))
    assert any("marqueur-incremental" in p.read_text("utf-8") for p in criteria), page[:200]

    # The same sources built by a fresh process (no memo): byte for byte the same site.
    clean = tmp_path / "propre"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(clean)]
    env = dict(os.environ, CQPSITE_DOCUMENTS="0")
    subprocess.run(command, cwd=root, env=env, check=True, timeout=300)
    second, fresh = site_hashes(tmp_path / "second"), site_hashes(clean)
    assert len(fresh) > 50
    assert sorted(k for k in second.keys() | fresh.keys() if second.get(k) != fresh.get(k)) == []


def test_checks_across_referentials_and_errors_still_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CQPSITE_DOCUMENTS", "0")
    root = make_project(tmp_path, FIXTURES / "mini" / "referentiels")
    folder = root / "referentiels"
    build_project(root, tmp_path / "premier")
    (folder / "autre.yaml").write_text("id: autre\n", "utf-8")
    with pytest.raises(Abort):
        build_project(root, tmp_path / "yaml")
    assert hook._memo.loaded == []  # nothing reloaded, yet the folder-wide check ran
    (folder / "autre.yaml").unlink()

    path = next(folder.glob("*.yml"))
    good = path.read_text("utf-8")
    path.write_text(good.replace("criteres:", "criteres: [", 1), "utf-8")
    with pytest.raises(Abort):
        build_project(root, tmp_path / "casse")
    assert [Path(p).name for p in hook._memo.loaded] == [path.name]
    path.write_text(good, "utf-8")
    build_project(root, tmp_path / "repare")
    assert [Path(p).name for p in hook._memo.loaded] == [path.name]
    assert site_hashes(tmp_path / "repare") == site_hashes(tmp_path / "premier")


def test_documents_kept_under_serve_until_their_referential_changes(tmp_path: Path) -> None:
    folder = tmp_path / "referentiels"
    memo = Memo()
    cache = tmp_path / "cache"
    mini = FIXTURES / "mini" / "referentiels"
    subprocess.run(["cp", "-r", str(mini), str(folder)], check=True)
    command = [sys.executable, "-m", "cqpsite.background", str(folder), "0", str(cache)]
    subprocess.run(command, capture_output=True, check=True, timeout=300)
    first = build_site(folder, 0, cache, True, "", background=True, memo=memo)
    assert not first.en_attente
    assert len(memo.documents) == 1
    again = build_site(folder, 0, cache, True, "", background=True, memo=memo)
    assert (memo.loaded, memo.documents, memo.published) == ([], [], [])
    assert again == first
    path = next(folder.glob("*.yml"))
    path.write_text(path.read_text("utf-8") + "\n# commentaire\n", "utf-8")
    build_site(folder, 0, cache, True, "", background=True, memo=memo)
    # Reloaded, but the same model (a comment changed): documents and pages are kept.
    assert ([Path(p).name for p in memo.loaded], memo.documents, memo.published) == (
        [path.name],
        [],
        [],
    )
    _edit_first_criterion(path, "marqueur-documents")
    edited = build_site(folder, 0, cache, True, "", background=True, memo=memo)
    assert (memo.documents, memo.published) == ([], ["cqp-mini"])
    assert edited.en_attente == ("cqp-mini",)  # its documents are left to the background worker
    other = cache / "autre" / ("0" * 64)  # another referential's entry: not this worker's to prune
    other.mkdir(parents=True)
    old_entries = set((cache / "cqp-mini").iterdir())
    subprocess.run([*command, "cqp-mini"], capture_output=True, check=True, timeout=300)
    assert other.is_dir()
    new_entries = set((cache / "cqp-mini").iterdir())
    assert len(new_entries) == 1 and not new_entries & old_entries
    ready = build_site(folder, 0, cache, True, "", background=True, memo=memo)
    assert (ready.en_attente, memo.loaded, memo.published) == ((), [], ["cqp-mini"])


def test_a_rebuild_keeps_unchanged_files_and_removes_stale_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CQPSITE_DOCUMENTS", "0")
    root = make_project(tmp_path, FIXTURES / "mini" / "referentiels")
    site = build_project(root, tmp_path / "site")
    first = site_hashes(site)
    stamps = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}
    (site / "ancienne" / "page").mkdir(parents=True)
    (site / "ancienne" / "page" / "index.html").write_text("périmée", "utf-8")
    (site / ".garde").write_text("caché", "utf-8")  # MkDocs never empties hidden entries

    build_project(root, site)
    assert not (site / "ancienne").exists()
    assert (site / ".garde").read_text("utf-8") == "caché"
    assert site_hashes(site) == {**first, ".garde": site_hashes(site)[".garde"]}
    kept = [p for p, stamp in stamps.items() if (p.stat().st_ino, p.stat().st_mtime_ns) == stamp]
    assert site / "index.html" in kept
    assert len(kept) > 0.9 * len(stamps)

    # An old file where a folder is needed, an old folder where a file is: no crash.
    shutil.rmtree(site / "cqp-mini")
    (site / "cqp-mini").write_text("un fichier", "utf-8")
    (site / "index.html").unlink()
    (site / "index.html" / "vieux").mkdir(parents=True)
    _edit_first_criterion(next((root / "referentiels").glob("*.yml")), "marqueur-reecrit")
    build_project(root, site)
    clean = build_project(root, tmp_path / "propre")
    (site / ".garde").unlink()
    assert site_hashes(site) == site_hashes(clean)
    assert any("marqueur-reecrit" in p.read_text("utf-8") for p in site.rglob("*.html"))


def test_a_rebuild_keeps_files_from_the_same_origin_without_reading_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In one process, a generated file given the same content (a referential the memo reused)
    or a copy of an unchanged file is kept on its stamp: no read, no write."""
    monkeypatch.setenv("CQPSITE_DOCUMENTS", "0")
    monkeypatch.setenv("CQPSITE_WORKERS", "1")  # every file written here, where it is counted
    root = make_project(tmp_path, REELS)
    site = build_project(root, tmp_path / "site")
    read: list[str] = []
    unchanged = reconstruction._unchanged

    def counting(path: str, content: bytes) -> bool:
        read.append(os.path.relpath(path, site))
        return unchanged(path, content)

    monkeypatch.setattr(reconstruction, "_unchanged", counting)
    export = site / CQP / "referentiel.json"
    style = next(site.glob("assets/stylesheets/main.*.css"))
    stamps = {p: reconstruction.stamp(str(p)) for p in (export, style)}
    build_project(root, site)
    assert f"{CQP}/referentiel.json" not in read and style.name not in " ".join(read)
    assert {p: reconstruction.stamp(str(p)) for p in stamps} == stamps

    export.write_text("abîmé", "utf-8")  # changed behind the build's back: written again
    _edit_first_criterion(root / "referentiels" / f"{CQPM}.yml", "marqueur-origine")
    read.clear()
    build_project(root, site)
    assert f"{CQP}/referentiel.json" in read and export.read_text("utf-8") != "abîmé"
    assert "marqueur-origine" in (site / CQPM / "referentiel.json").read_text("utf-8")
    clean = build_project(root, tmp_path / "propre")
    assert site_hashes(site) == site_hashes(clean)


def test_under_serve_a_referential_error_keeps_the_last_site_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(lambda: None, "127.0.0.1", 0, str(tmp_path))
    try:
        server._wanted_epoch = server._visible_epoch + 1  # a rebuild started, then failed
        monkeypatch.setattr(hook, "_server", server)
        monkeypatch.setattr(hook, "_site", None)  # it failed loading the referentials
        hook.on_build_error(RuntimeError("YAML invalide"))
        # MkDocs holds every request while the two differ: the last site is served again.
        assert server._visible_epoch == server._wanted_epoch
    finally:
        server.server_close()


def test_under_serve_unchanged_pages_are_not_rendered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CQPSITE_DOCUMENTS", "0")
    monkeypatch.setattr(hook, "_serving", True)
    hook._cache_pages.forget()  # pages an earlier test built in this process
    root = make_project(tmp_path, REELS)
    site = tmp_path / "site"  # mkdocs serve rebuilds into the same folder
    build_project(root, site)
    assert hook._cache_pages.hits == 0
    pages = len(hook._pages.sources)

    _edit_first_criterion(root / "referentiels" / f"{CQPM}.yml", "marqueur-cache")
    build_project(root, site)
    others = len([p for p in hook._pages.sources if p.startswith(f"{CQP}/")])
    assert others <= hook._cache_pages.hits < pages  # the edited ones were rendered
    criteria = list((site / CQPM / "capacites").rglob("index.html"))
    assert any("marqueur-cache" in p.read_text("utf-8") for p in criteria)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "p")]
    env = dict(os.environ, CQPSITE_DOCUMENTS="0")
    subprocess.run(command, cwd=root, env=env, check=True, timeout=300)
    assert site_hashes(site) == site_hashes(tmp_path / "p")

    # A title in the menu, the configuration, a theme file: every page is rendered again.
    path = root / "referentiels" / f"{CQP}.yml"
    text = path.read_text("utf-8")
    titre = re.search(r"\ntitre: (.*)\n", text)
    assert titre is not None
    path.write_text(text.replace(titre.group(0), "\ntitre: Titre changé\n", 1), "utf-8")
    build_project(root, site)
    assert hook._cache_pages.hits == 0
    assert "Titre changé" in (site / CQPM / "index.html").read_text("utf-8")
    # Rendered again from the front matter and bodies kept in memory: as a clean build.
    shutil.rmtree(tmp_path / "p")
    subprocess.run(command, cwd=root, env=env, check=True, timeout=300)
    assert site_hashes(site) == site_hashes(tmp_path / "p")
    config = root / "mkdocs.yml"
    text = re.sub(r"\ncopyright: .*\n", "\ncopyright: Mention changée\n", config.read_text("utf-8"))
    config.write_text(text.replace("theme:\n", "theme:\n  custom_dir: overrides\n", 1), "utf-8")
    (root / "overrides" / "partials").mkdir(parents=True)
    build_project(root, site)
    assert hook._cache_pages.hits == 0
    assert "Mention changée" in (site / CQPM / "index.html").read_text("utf-8")
    build_project(root, site)
    assert hook._cache_pages.hits == len(hook._pages.sources) > 20  # every generated page
    overview = site / CQP / "index.html"
    whole = overview.read_text("utf-8")
    overview.write_text("abîmé", "utf-8")  # changed behind the build's back: rendered again
    build_project(root, site)
    assert hook._cache_pages.hits == len(hook._pages.sources) - 1
    assert overview.read_text("utf-8") == whole
    # Another folder (mkdocs serve after mkdocs build, -d): the files are copied from where the
    # last build wrote them, while they are as it left them; otherwise rendered again.
    other = build_project(root, tmp_path / "autre")
    assert hook._cache_pages.hits == len(hook._pages.sources)
    assert site_hashes(other) == site_hashes(site)
    shutil.rmtree(other)
    third = build_project(root, tmp_path / "troisieme")
    assert hook._cache_pages.hits == 0
    assert site_hashes(third) == site_hashes(site)
    (root / "overrides" / "partials" / "copyright.html").write_text("<p>Pied propre</p>", "utf-8")
    build_project(root, site)
    assert hook._cache_pages.hits == 0
    assert "Pied propre" in (site / CQPM / "index.html").read_text("utf-8")


def test_a_new_build_process_reuses_the_pages_saved_by_the_last_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CQPSITE_DOCUMENTS", "0")
    monkeypatch.setattr(hook, "_serving", False)
    monkeypatch.setattr(hook._cache_pages, "_entries", {})  # as in a new process
    root = make_project(tmp_path, REELS)
    site = build_project(root)
    store = root / ".cache" / "pages" / "pages.bin"
    assert store.is_file()
    assert hook._cache_pages.hits == 0
    _edit_first_criterion(root / "referentiels" / f"{CQPM}.yml", "marqueur-processus")
    monkeypatch.setattr(hook._cache_pages, "_entries", {})
    build_project(root, site)
    others = len([p for p in hook._pages.sources if p.startswith(f"{CQP}/")])
    assert others <= hook._cache_pages.hits < len(hook._pages.sources)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "p")]
    env = dict(os.environ, CQPSITE_DOCUMENTS="0")
    store.write_bytes(b"illisible")  # a damaged cache: everything is rendered, nothing fails
    subprocess.run(command, cwd=root, env=env, check=True, timeout=300)
    assert site_hashes(site) == site_hashes(tmp_path / "p")
    assert any("marqueur-processus" in p.read_text("utf-8") for p in site.rglob("*.html"))


def test_serve_freezes_what_its_first_build_left_out_of_the_collector(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    root = make_project(tmp_path, FIXTURES / "mini" / "referentiels")
    config = load_config(config_file=str(root / "mkdocs.yml"))
    server = LiveReloadServer(lambda: None, "127.0.0.1", 0, str(tmp_path))
    monkeypatch.setattr(hook, "_server", None)
    gc.unfreeze()
    try:
        assert hook.on_serve(server, config) is server
        assert gc.get_freeze_count() > 1000
        assert list(server._watched_paths) == [str(root / ".cache" / "documents-prets")]
        assert (root / ".cache" / "documents-prets" / "signal").is_file()
    finally:
        gc.unfreeze()
        server.server_close()


def test_a_new_process_starts_from_the_memo_the_last_build_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``mkdocs build`` after a one-file edit loads and renders that referential only; the
    site is the one a build without any saved memo gives, byte for byte."""
    monkeypatch.setenv("CQPSITE_DOCUMENTS", "0")
    root = make_project(tmp_path, REELS)
    site = build_project(root, tmp_path / "site")
    store = root / ".cache" / "memo" / "memo.bin"
    assert store.is_file()
    assert len(list((root / ".cache" / "jinja").glob("*.cache"))) > 10  # compiled templates

    hook._memo.clear()  # as in a new process
    _edit_first_criterion(root / "referentiels" / f"{CQPM}.yml", "marqueur-memo")
    build_project(root, site)
    assert [Path(p).name for p in hook._memo.loaded] == [f"{CQPM}.yml"]
    assert hook._memo.published == [CQPM]
    clean = tmp_path / "propre"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(clean)]
    env = dict(os.environ, CQPSITE_DOCUMENTS="0")
    shutil.rmtree(root / ".cache")
    subprocess.run(command, cwd=root, env=env, check=True, timeout=300)
    assert site_hashes(site) == site_hashes(clean)
    assert any("marqueur-memo" in p.read_text("utf-8") for p in site.rglob("index.html"))

    # Another environment or engine, or a damaged file: everything is done again.
    for change in ("environnement", "abîmé"):
        hook._memo.clear()
        if change == "environnement":
            monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
        else:
            store.write_bytes(b"\x1f\x8b abime")
        build_project(root, site)
        assert sorted(Path(p).name for p in hook._memo.loaded) == [f"{CQP}.yml", f"{CQPM}.yml"]
