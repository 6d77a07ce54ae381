"""``mkdocs serve`` benchmark: save a YAML edit, measure until the browser can see it.

Usage: ``python benchmarks/bench_serve.py [--sizes 2 100] [--edits 5]``

N = 2 is the two sample referentials (tests/fixtures/reels); other sizes are synthetic
referentials (benchmarks/bench_build.py). For each size, with documents off then on: a strict
build warms the document cache (as scripts/serve.sh does), ``mkdocs serve`` starts, and each
edit appends a marker to one criterion's text; the script polls the capacité page until the
marker is served (save → visible), then, with documents on, the grid's DOCX until it carries the
marker (save → documents ready). Medians are printed. Goals (2 cores): save → visible ≤ 2 s on
the samples with documents on, ≤ 5 s at N = 100; documents ready ≤ 10 s after the save.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[1]
REELS = PROJECT / "tests" / "fixtures" / "reels" / "referentiels"
sys.path.insert(0, str(PROJECT / "src"))
sys.path.insert(0, str(PROJECT / "benchmarks"))

from bench_build import synthetic_referentiel  # noqa: E402

from cqpsite.init import site_files  # noqa: E402

TIMEOUT = 60.0


def write_site(root: Path, n: int) -> tuple[Path, str, str, str]:
    """A site around N referentials; returns (edited file, criterion text, page, docx path)."""
    for relative, text in site_files("Banc d’essai", "-e .").items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, "utf-8")
    folder = root / "referentiels"
    if n == 2:
        shutil.copytree(REELS, folder)
    else:
        folder.mkdir()
        for i in range(n):
            data = synthetic_referentiel(i)
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
            (folder / f"{data['id']}.yml").write_text(text, "utf-8")
    path = sorted(folder.glob("*.yml"))[-1]
    data = yaml.safe_load(path.read_text("utf-8"))
    for bloc in data.get("blocs") or [{"capacites": data.get("capacites", [])}]:
        for capacite in bloc.get("capacites") or []:
            if isinstance(capacite.get("criteres"), list) and capacite["criteres"]:
                texte = capacite["criteres"][0]["texte"]
                if path.read_text("utf-8").count(texte) == 1:
                    page = f"{data['id']}/capacites/{capacite['id']}/"
                    return path, texte, page, f"{data['id']}/telechargements/"
    raise SystemExit(f"{path}: no criterion text to edit")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return bytes(answer.read())
    except (urllib.error.URLError, OSError):
        return None


def wait_for(check: object, start: float, timeout: float = TIMEOUT) -> float:
    assert callable(check)
    while time.monotonic() - start < timeout:
        if check():
            return time.monotonic() - start
        time.sleep(0.05)
    return float("nan")


def docx_has(url: str, marker: str) -> bool:
    body = fetch(url)
    if not body:
        return False
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        return marker in z.read("word/document.xml").decode("utf-8")


def run(
    n: int, documents: bool, edits: int, log: Path | None, kept: Path | None = None
) -> tuple[list[float], list[float]]:
    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    edited, texte, page, downloads = write_site(work, n)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", CQPSITE_DOCUMENTS="1" if documents else "0")
    mkdocs = [sys.executable, "-m", "mkdocs"]
    cache = work / ".cache" / "documents"
    kept = kept / f"n{n}" if kept and documents else None
    if kept and kept.is_dir():  # documents of an earlier run (same referentials, same engine)
        shutil.copytree(kept, cache)
    subprocess.run([*mkdocs, "build", "--strict", "-q"], cwd=work, env=env, check=True)
    if kept and not kept.is_dir():
        shutil.copytree(cache, kept)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    command = [*mkdocs, "serve", "--dev-addr", f"127.0.0.1:{port}"]
    output = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
    server = subprocess.Popen(command, cwd=work, env=env, stdout=output, stderr=output)
    visible, ready = [], []
    try:
        # serve's first build renders every page (its address is not the one of the build
        # above): wait for it, and for the watcher's first look at the files, before editing.
        served = wait_for(lambda: fetch(base + page) is not None, time.monotonic(), 900.0)
        if served != served:  # nan
            raise SystemExit(f"N={n}: mkdocs serve did not serve {page} within 900 s")
        time.sleep(2.0)
        docx = base + downloads + f"{edited.stem}-grille.docx"
        for k in range(1, edits + 1):
            marker = f"marqueur{k}x{n}x{os.getpid()}"
            text = edited.read_text("utf-8").replace(texte, f"{texte} {marker}", 1)
            start = time.monotonic()
            edited.write_text(text, "utf-8")
            visible.append(
                wait_for(lambda m=marker: m in (fetch(base + page) or b"").decode(), start)
            )
            if documents:
                ready.append(wait_for(lambda m=marker: docx_has(docx, m), start))
            texte = f"{texte} {marker}"
            time.sleep(1.0)
    finally:
        server.terminate()
        server.wait()
        if log:
            output.close()
        shutil.rmtree(work, ignore_errors=True)
    return visible, ready


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2, 100])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument(
        "--documents", choices=("non", "oui", "les-deux"), default="les-deux", help="default: both"
    )
    parser.add_argument("--log", type=Path, help="append mkdocs serve's output to this file")
    parser.add_argument(
        "--documents-gardes",
        type=Path,
        help="keep the warmed document cache in this folder and start from it next time "
        "(the warming build renders every document cold: minutes at N = 100)",
    )
    args = parser.parse_args()
    print(f"nproc={os.cpu_count()} load={os.getloadavg()[0]:.2f} {time.strftime('%Y-%m-%d %H:%M')}")
    for n in args.sizes:
        for documents in {"non": (False,), "oui": (True,)}.get(args.documents, (False, True)):
            visible, ready = run(n, documents, args.edits, args.log, args.documents_gardes)
            line = f"N={n:<4} documents={'oui' if documents else 'non'}  save→visible "
            each = ", ".join(f"{v:.2f}" for v in visible)
            line += f"median {statistics.median(visible):.2f} s ({each})"
            if ready:
                line += f"  save→documents median {statistics.median(ready):.2f} s"
            print(line, flush=True)


if __name__ == "__main__":
    main()
