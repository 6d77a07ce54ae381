"""The test server compresses text like GitHub Pages, so that what the browser tests and the
Lighthouse benchmark download is what a visitor downloads."""

from __future__ import annotations

import gzip
import urllib.request
from pathlib import Path

from serveur_gzip import serve_compressed


def get(url: str, encoding: str | None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding or "identity"})
    with urllib.request.urlopen(request) as response:
        return response.status, dict(response.headers), response.read()


def test_text_is_sent_gzip_compressed_only_to_clients_that_accept_it(tmp_path: Path) -> None:
    page = "<!doctype html><title>é</title>" + "<p>critère</p>" * 500
    (tmp_path / "dossier").mkdir()
    (tmp_path / "dossier" / "index.html").write_text(page, "utf-8")
    (tmp_path / "app.js").write_text("var x = 1;\n" * 300, "utf-8")
    (tmp_path / "grille.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    with serve_compressed(tmp_path) as url:
        status, headers, body = get(url + "dossier/", "gzip, deflate, br")
        assert status == 200
        assert headers["Content-Encoding"] == "gzip"
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert int(headers["Content-Length"]) == len(body) < len(page) / 10
        assert gzip.decompress(body).decode("utf-8") == page

        _, headers, body = get(url + "app.js", "gzip")
        assert headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(body) == (tmp_path / "app.js").read_bytes()

        _, headers, body = get(url + "dossier/", None)
        assert "Content-Encoding" not in headers
        assert body.decode("utf-8") == page

        _, headers, body = get(url + "grille.pdf", "gzip")
        assert "Content-Encoding" not in headers
        assert body == (tmp_path / "grille.pdf").read_bytes()
