"""A static file server that compresses text responses with gzip, as GitHub Pages does.

Used by the browser tests (tests/browser/serveur.py) and the Lighthouse benchmark
(benchmarks/bench_lighthouse.py): page weights and load times measured against an
uncompressed server would overstate what a candidate downloads.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Types GitHub Pages compresses (text); images, PDF and office documents are sent as they are.
COMPRESSED = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory``; text files gzip-compressed when the client accepts it. Quiet."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def do_GET(self) -> None:
        body = self._compressed()
        if body is None:
            super().do_GET()
            return
        data, ctype = body
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _compressed(self) -> tuple[bytes, str] | None:
        """The gzip body and type of the requested text file, or None to serve it as is."""
        if "gzip" not in self.headers.get("Accept-Encoding", ""):
            return None
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return None  # the base class redirects to the slash form
            path = path / "index.html"
        if not path.is_file():
            return None
        ctype = self.guess_type(str(path))
        if not ctype.startswith(COMPRESSED):
            return None
        if ctype.startswith("text/") and "charset" not in ctype:
            ctype += "; charset=utf-8"
        return _gzip(path, path.stat().st_mtime_ns), ctype


@functools.lru_cache(maxsize=512)
def _gzip(path: Path, mtime: int) -> bytes:
    # mtime is part of the cache key: a file rebuilt in place is compressed again.
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


@contextlib.contextmanager
def serve_compressed(site: Path, port: int = 0) -> Iterator[str]:
    """The static site at ``site`` on 127.0.0.1 (``port`` 0: a free one); yields its base URL."""
    handler = functools.partial(GzipHandler, directory=os.fspath(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
