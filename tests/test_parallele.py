"""Generated pages rendered by several processes (``cqpsite.parallel_pages``): the same site,
search index and messages as one process, and every failure still reported or recovered."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import threading
from pathlib import Path
from typing import Any

import pytest
from material.plugins.search.plugin import SearchIndex
from mkdocs.exceptions import Abort, PluginError

from conftest import REELS, build_project, make_project, site_hashes
from cqpsite import cache_pages, corps, ecriture, hook, memo_store, parallel_pages
from cqpsite.memo import Memo
from cqpsite.recherche import read_index

CQPM = "cqpm-gestionnaire-flux-commandes-international"
_index_page = SearchIndex.add_entry_from_context


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CQPSITE_DOCUMENTS", "0")
    monkeypatch.delenv("CQPSITE_WORKERS", raising=False)
    monkeypatch.setattr(hook, "_serving", False)
    monkeypatch.setattr(hook, "_memo", Memo())  # other tests' builds see theirs unchanged
    return make_project(tmp_path, REELS)


def _clean_build(root: Path, site: Path, processes: int, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean ``mkdocs build --strict`` as a new process runs it (no pages cached)."""
    monkeypatch.setenv(parallel_pages.VARIABLE, str(processes))
    monkeypatch.setattr(hook._cache_pages, "_entries", {})
    shutil.rmtree(root / ".cache" / "pages", ignore_errors=True)
    return build_project(root, site)


def _store(root: Path) -> dict[str, Any]:
    entries = cache_pages._read(root / ".cache" / "pages" / "pages.bin")
    return {uri: (e.key, e.search) for uri, e in entries.items()}


def _patch_indexing(monkeypatch: pytest.MonkeyPatch, before: Any) -> None:
    """Run ``before(page)`` as the search plugin indexes a page, in whichever process."""

    def indexing(self: SearchIndex, page: Any) -> None:
        before(page)
        _index_page(self, page)

    monkeypatch.setattr(SearchIndex, "add_entry_from_context", indexing)


def test_several_processes_build_the_same_site_as_one(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = _clean_build(root, tmp_path / "un", 1, monkeypatch)
    assert hook._cache_pages.processes == 1
    stored = _store(root)
    three = _clean_build(root, tmp_path / "trois", 3, monkeypatch)
    assert hook._cache_pages.processes == 3
    assert hook._cache_pages.hits == 0
    sequential, parallel = site_hashes(one), site_hashes(three)
    assert len(sequential) > 50 and "search/search_index.json" in sequential
    differ = [
        k for k in sequential.keys() | parallel.keys() if sequential.get(k) != parallel.get(k)
    ]
    assert sorted(differ) == []
    assert _store(root) == stored  # the saved pages too: keys, search entries
    saved = cache_pages._read(root / ".cache" / "pages" / "pages.bin").values()
    assert {Path(e.path).is_relative_to(three) and e.stamp is not None for e in saved} == {True}

    # The next build (a new process) takes every page from what the parallel one saved.
    monkeypatch.setattr(hook._cache_pages, "_entries", {})
    build_project(root, three)
    assert hook._cache_pages.hits == len(hook._pages.sources) > 20
    assert hook._cache_pages.processes == 1  # nothing left to render
    assert site_hashes(three) == sequential


def test_a_warning_logged_in_another_process_fails_a_strict_build(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    builder = os.getpid()

    def warn(page: Any) -> None:
        if os.getpid() != builder:
            logging.getLogger("mkdocs.plugins.essai").warning(f"avertissement {page.url}")

    _patch_indexing(monkeypatch, warn)
    with pytest.raises(Abort, match="warnings in strict mode"):
        _clean_build(root, tmp_path / "site", 2, monkeypatch)
    assert hook._cache_pages.processes == 2
    warned = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.essai"]
    assert len(warned) == len(set(warned)) > 5  # each once, though two loggers have handlers


def test_a_page_that_fails_fails_the_build_as_in_one_process(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    site = _clean_build(root, tmp_path / "site", 1, monkeypatch)
    last = read_index(site)["docs"][-1]["location"].partition("#")[0]  # a child renders it

    def fail(page: Any) -> None:
        if page.url == last:
            raise PluginError("échec d’essai")

    _patch_indexing(monkeypatch, fail)
    messages = []
    for processes in (1, 3):
        caplog.clear()
        with pytest.raises(Abort, match="BuildError"):
            _clean_build(root, tmp_path / f"site{processes}", processes, monkeypatch)
        messages.append([r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR])
    assert hook._cache_pages.processes == 3
    assert messages[0] == messages[1]
    assert len(messages[0]) == 2 and messages[0][1] == "échec d’essai"
    assert messages[0][0].startswith(f"Error building page '{last.rstrip('/')}")


@pytest.mark.parametrize("how", ["exception", "killed"])
def test_pages_another_process_could_not_render_are_rendered_by_the_builder(
    how: str,
    root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    one = _clean_build(root, tmp_path / "un", 1, monkeypatch)
    builder = os.getpid()
    rendered: list[str] = []

    def fail(page: Any) -> None:
        rendered.append(page.url)  # a child's own copy: counts its pages
        if os.getpid() != builder and len(rendered) == 3:
            if how == "killed":
                os.kill(os.getpid(), signal.SIGKILL)
            raise RuntimeError("échec d’un processus")

    _patch_indexing(monkeypatch, fail)
    three = _clean_build(root, tmp_path / "trois", 3, monkeypatch)
    assert hook._cache_pages.processes == 3
    assert site_hashes(three) == site_hashes(one)
    stopped = [r.getMessage() for r in caplog.records if "s’est arrêté" in r.getMessage()]
    assert stopped == (
        [
            "cqpsite : un processus de rendu des pages s’est arrêté (code -9) : "
            "le processus principal rend ses pages"
        ]
        * 2
        if how == "killed"
        else []
    )


def test_serve_and_small_sites_never_fork(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hook, "_serving", True)
    _clean_build(root, tmp_path / "site", 3, monkeypatch)
    assert hook._cache_pages.processes == 1
    monkeypatch.setattr(hook, "_serving", False)
    monkeypatch.delenv(parallel_pages.VARIABLE)
    monkeypatch.setattr(hook._cache_pages, "_entries", {})
    shutil.rmtree(root / ".cache" / "pages", ignore_errors=True)
    build_project(root, tmp_path / "site")
    assert hook._cache_pages.processes == 1  # fewer pages than the threshold


def test_how_many_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(parallel_pages.VARIABLE, raising=False)
    monkeypatch.delenv("CQPSITE_WORKERS", raising=False)
    monkeypatch.setattr(parallel_pages.parallel, "workers", lambda: 2)
    assert parallel_pages.processes(parallel_pages.THRESHOLD - 1) == 1
    assert parallel_pages.processes(parallel_pages.THRESHOLD) == 2
    monkeypatch.setattr(parallel_pages.parallel, "workers", lambda: 1)  # CQPSITE_WORKERS=1
    assert parallel_pages.processes(10_000) == 1
    monkeypatch.setenv(parallel_pages.VARIABLE, "3")
    assert parallel_pages.processes(10) == 3
    assert parallel_pages.processes(2) == 2
    monkeypatch.setenv(parallel_pages.VARIABLE, "1")
    assert parallel_pages.processes(10_000) == 1
    monkeypatch.setenv(parallel_pages.VARIABLE, "3")
    running = threading.Event()
    thread = threading.Thread(target=running.wait)
    thread.start()
    try:
        assert parallel_pages.processes(10_000) == 1  # forking with threads running is unsafe
    finally:
        running.set()
        thread.join()


def test_the_memo_is_written_by_another_process_as_the_builder_writes_it(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saved while the build goes on (``memo_store.start``): the same bytes as ``save``."""
    store = root / ".cache" / "memo" / "memo.bin"
    saved: list[Path] = []
    save = memo_store.save
    monkeypatch.setattr(memo_store, "save", lambda memo, path, signature: saved.append(path))
    _clean_build(root, tmp_path / "site", 1, monkeypatch)
    assert saved == []  # not written by the building process
    assert not store.with_name("memo.bin.partiel").exists()
    save(hook._memo, tmp_path / "memo.bin", memo_store.signature(os.environ))
    assert store.read_bytes() == (tmp_path / "memo.bin").read_bytes()
    assert len(store.read_bytes()) > 10_000


def test_a_build_that_fails_leaves_the_saved_memo_as_it_was(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = root / ".cache" / "memo" / "memo.bin"
    store.parent.mkdir(parents=True)
    store.write_bytes(b"ancien")

    def fail(page: Any) -> None:
        raise PluginError("échec d’essai")

    _patch_indexing(monkeypatch, fail)
    with pytest.raises(Abort, match="BuildError"):
        _clean_build(root, tmp_path / "site", 1, monkeypatch)
    assert store.read_bytes() == b"ancien"
    assert sorted(p.name for p in store.parent.iterdir()) == ["memo.bin"]


@pytest.mark.parametrize("processes", [1, 3])
def test_links_to_anchors_of_generated_pages_are_checked_in_every_process(
    processes: int,
    root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A generated page's body is prepared where the page is rendered; its anchors are still
    known to the building process, which checks the links of hand-written pages."""
    target = f"{CQPM}/capacites/c5.md"
    page = root / "docs" / "liens.md"
    page.write_text(f"# Liens\n\n[Critère C5-2]({target}#critere-c5-2)\n", "utf-8")
    prepared: dict[bool, int] = {True: 0, False: 0}  # in this process: with anchors or not
    prepare = corps.prepare

    def counting(body: str, anchors: bool = True) -> Any:
        prepared[anchors] += 1
        return prepare(body, anchors)

    monkeypatch.setattr(corps, "prepare", counting)
    site = _clean_build(root, tmp_path / "bon", processes, monkeypatch)
    if processes == 1:  # only the page a link leads to has its anchors computed
        assert prepared[True] == 1 and prepared[False] == len(hook._pages.sources) - 1
    assert 'href="../' + CQPM + '/capacites/c5/#critere-c5-2"' in (
        site / "liens" / "index.html"
    ).read_text("utf-8")
    page.write_text(f"# Liens\n\n[Critère C9-9]({target}#critere-c9-9)\n", "utf-8")
    with pytest.raises(Abort, match="warnings in strict mode"):
        _clean_build(root, tmp_path / "mauvais", processes, monkeypatch)
    assert hook._cache_pages.processes == processes
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warned == [
        f"Doc file 'liens.md' contains a link '{target}#critere-c9-9', but the doc "
        f"'{CQPM}/capacites/c5.md' does not contain an anchor '#critere-c9-9'."
    ]


def test_generated_files_written_by_another_process_are_those_the_builder_writes(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[bool] = []
    start = ecriture.start
    monkeypatch.setattr(ecriture, "start", lambda files: started.append(start(files)))
    monkeypatch.setenv("CQPSITE_WORKERS", "1")  # nothing beside the building process
    one = _clean_build(root, tmp_path / "un", 1, monkeypatch)
    monkeypatch.delenv("CQPSITE_WORKERS")
    two = _clean_build(root, tmp_path / "deux", 2, monkeypatch)
    assert started == [False, True]
    assert site_hashes(two) == site_hashes(one)

    # Into the same folder, the files that are equal are kept as they were.
    export = next(two.rglob("referentiel.json"))
    inode = export.stat().st_ino, export.stat().st_mtime_ns
    _clean_build(root, two, 2, monkeypatch)
    assert (export.stat().st_ino, export.stat().st_mtime_ns) == inode
    assert site_hashes(two) == site_hashes(one)

    # A process that fails leaves its files to the building process.
    builder = os.getpid()
    ecriture._install()
    original = ecriture._original
    assert original is not None

    def failing(file: Any, dirty: bool = False) -> None:
        if os.getpid() != builder:
            raise OSError("échec d’essai")
        original(file, dirty)

    monkeypatch.setattr(ecriture, "_original", failing)
    three = _clean_build(root, tmp_path / "trois", 2, monkeypatch)
    assert started == [False, True, True, True]
    assert site_hashes(three) == site_hashes(one)


def test_pages_read_and_prepared_where_they_are_rendered_are_those_mkdocs_reads(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Front matters read as the pages are generated and bodies prepared as they are rendered
    (``lazy``) give the site that MkDocs' own reading loop gives."""
    register = hook._pages.register
    lazy: list[bool] = []

    def eager(*args: Any, **kwargs: Any) -> list[str]:
        lazy.append(kwargs.pop("lazy"))
        return register(*args, **kwargs)

    monkeypatch.setattr(hook._pages, "register", eager)
    monkeypatch.setenv("CQPSITE_WORKERS", "1")
    one = _clean_build(root, tmp_path / "un", 1, monkeypatch)
    monkeypatch.setattr(hook._pages, "register", register)
    monkeypatch.delenv("CQPSITE_WORKERS")
    monkeypatch.setattr(hook, "_memo", Memo())  # pages generated again, front matters read
    three = _clean_build(root, tmp_path / "trois", 3, monkeypatch)
    assert lazy == [True]  # it was asked for the first build, which did not read lazily
    assert hook._pages._lazy and hook._pages._entetes
    assert site_hashes(three) == site_hashes(one)
