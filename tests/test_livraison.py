"""Under ``mkdocs serve``, documents the worker rendered are delivered into the served site
without a rebuild, exactly as the rebuild would serve them; anything else rebuilds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from watchdog.events import FileModifiedEvent, FileMovedEvent

from conftest import FIXTURES, build_project, make_project, site_hashes
from cqpsite import background, hook, livraison
from cqpsite.pages import Page
from cqpsite.site import Fichier, Site

MINI = FIXTURES / "mini" / "referentiels"
PENDING = "<li>Grille (DOCX, en cours de génération, le lien apparaît dans quelques secondes)</li>"
READY = '<li><a href="../g.docx">Grille (DOCX, 12 ko)</a></li>'


def test_ready_documents_are_delivered_as_the_rebuild_would_serve_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CQPSITE_DOCUMENTS", "1")
    monkeypatch.setattr(hook, "_serving", True)
    hook._cache_pages.forget()
    root = make_project(tmp_path, MINI)
    site = tmp_path / "site"  # mkdocs serve rebuilds into the same folder
    try:
        build_project(root, site)  # no document in the cache: the worker starts with the pages
        overview = site / "cqp-mini" / "index.html"
        assert "en cours de génération" in overview.read_text("utf-8")
        worker = background._worker
        assert worker is not None and worker.wait(timeout=300) == 0
        signal = background.signal_file(root / ".cache" / "documents")
        yaml_file = root / "referentiels" / "cqp-mini.yml"
        assert not hook._deliver({str(signal), str(yaml_file)})  # an edit too: a rebuild
        assert hook._deliver({str(signal)})
        delivered = site_hashes(site)
        assert "en cours de génération" not in overview.read_text("utf-8")
        assert "cqp-mini/telechargements/cqp-mini-grille.docx" in delivered
        assert not list(site.rglob("*.livraison"))
        build_project(root, site)  # what a rebuild would have served: the same, byte for byte
        assert site_hashes(site) == delivered

        text = yaml_file.read_text("utf-8")
        found = re.search(r'texte: "([^"]*)"', text)
        assert found is not None
        yaml_file.write_text(text.replace(found[1], found[1] + " marqueur-livraison", 1), "utf-8")
        assert not hook._deliver({str(signal)})  # the referential changed: its pages too
    finally:
        background.shutdown()


def _site(pages: dict[str, str], files: dict[str, bytes], waiting: tuple[str, ...] = ()) -> Site:
    return Site(
        (),
        tuple(Page(uri, text, "Titre", True) for uri, text in pages.items()),
        tuple(Fichier(uri, content) for uri, content in files.items()),
        waiting,
    )


def test_only_download_lines_and_files_are_delivered(tmp_path: Path) -> None:
    html = tmp_path / "r" / "index.html"
    html.parent.mkdir()
    html.write_text(f"<h1>Titre</h1>\n<ul>\n{PENDING}\n</ul>\n", "utf-8")
    body = f"# Titre\n\n<ul>\n{PENDING}\n</ul>\n"
    old = _site({"r/index.md": body}, {"r/a.json": b"{}"}, ("r",))
    new = _site({"r/index.md": body.replace(PENDING, READY)}, {"r/a.json": b"{}", "g.docx": b"D"})
    pages = {"r/index.md": html}
    delivery = livraison.plan(old, new, tmp_path, pages.get)
    assert delivery is not None
    assert delivery.fichiers == {
        html: f"<h1>Titre</h1>\n<ul>\n{READY}\n</ul>\n".encode(),
        tmp_path / "g.docx": b"D",
    }
    delivery.write()
    assert READY in html.read_text("utf-8") and (tmp_path / "g.docx").read_bytes() == b"D"
    assert livraison.plan(new, new, tmp_path, pages.get) == livraison.Livraison({})

    refused = {
        "another line": _site({"r/index.md": body.replace("# Titre", "# Autre")}, {}),
        "a file removed": _site({"r/index.md": body}, {}),
        "a page added": _site({"r/index.md": body, "s/index.md": body}, {"r/a.json": b"{}"}),
        "a line added": _site({"r/index.md": body + f"{READY}\n"}, {"r/a.json": b"{}"}),
    }
    for why, other in refused.items():
        assert livraison.plan(old, other, tmp_path, pages.get) is None, why
    html.write_text(f"{PENDING}\n{PENDING}\n", "utf-8")  # not found exactly once
    assert livraison.plan(old, new, tmp_path, pages.get) is None
    assert livraison.plan(old, new, tmp_path, {}.get) is None  # no HTML page known


class _Server:
    """The parts of MkDocs' LiveReloadServer that ``install`` uses."""

    def __init__(self) -> None:
        self._watched_paths = {"/docs": 1}
        self.observer = self
        self.scheduled: list[tuple[str, bool]] = []
        self.built: list[str] = []
        self.watched: list[str] = []
        self._want_rebuild = False

    def schedule(self, handler: object, path: str, recursive: bool) -> None:
        self.scheduled.append((path, recursive))

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        self.watched.append(path)

    def builder(self) -> None:
        self.built.append("full")


def test_each_rebuild_first_offers_the_changed_paths(tmp_path: Path) -> None:
    server = _Server()
    changes = livraison.Changes()
    offered: list[set[str]] = []
    answers = [True, False]

    def deliver(paths: set[str]) -> bool:
        offered.append(paths)
        return answers.pop(0)

    livraison.install(server, changes, deliver)
    server.watch(str(tmp_path / "signal"), recursive=False)
    assert server.watched == [str(tmp_path / "signal")]
    assert server.scheduled == [("/docs", True), (str(tmp_path / "signal"), False)]
    server.builder()  # nothing seen: a full rebuild, nothing offered
    changes.on_any_event(FileModifiedEvent("/s/signal"))
    server.builder()  # delivered
    changes.on_any_event(FileMovedEvent("/docs/a.md", "/docs/b.md"))
    server.builder()  # refused: rebuilt
    assert offered == [{"/s/signal"}, {"/docs/a.md", "/docs/b.md"}]
    assert server.built == ["full", "full"]
    assert not changes.pending()
