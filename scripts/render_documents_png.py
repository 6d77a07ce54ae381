"""Render every generated document to PNG pages, for a human to look at (not run in CI).

Usage: python scripts/render_documents_png.py OUTPUT_DIR [referentiels/x.yml ...]

PDF pages go through ``pdftoppm`` (poppler-utils); DOCX and ODT are first converted to PDF by
``libreoffice --headless`` (libreoffice-writer-nogui) when it is installed, skipped otherwise.
Pages are named ``<document>-<format>-pdf-<n>.png`` (``<document>-pdf-<n>.png`` for the PDF).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from cqpsite.corpus import load_referentiel
from cqpsite.documents.cache import render_documents_batch
from cqpsite.model import Referentiel

ROOT = Path(__file__).resolve().parents[1]


def load(path: Path) -> Referentiel:
    ref, problemes = load_referentiel(path)
    if ref is None:
        sys.exit("\n".join(str(p) for p in problemes))
    return ref


def to_png(pdf: Path, out: Path, resolution: int) -> None:
    prefix = out / pdf.name.replace(".", "-")
    subprocess.run(["pdftoppm", "-r", str(resolution), "-png", str(pdf), str(prefix)], check=True)


def convert(office: str, files: list[Path], folder: Path) -> list[Path]:
    """One LibreOffice run for all files of a format (it starts in about a second)."""
    if not files:
        return []
    command = [office, "--headless", "--convert-to", "pdf", "--outdir", str(folder)]
    subprocess.run([*command, *map(str, files)], check=True, capture_output=True)
    return [folder / f"{f.stem}.pdf" for f in files]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("files", type=Path, nargs="*")
    parser.add_argument("--resolution", type=int, default=60)
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm not found: apt-get install poppler-utils")
    files = args.files or sorted((ROOT / "referentiels").glob("*.yml"))
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    office = shutil.which("libreoffice") or shutil.which("soffice")
    args.output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        by_format: dict[str, list[Path]] = {}
        for documents in render_documents_batch([load(p) for p in files], epoch, None):
            for doc in documents:
                target = work / doc.nom
                target.write_bytes(doc.contenu)
                by_format.setdefault(doc.format, []).append(target)
        for pdf in by_format.pop("PDF", []):
            to_png(pdf, args.output, args.resolution)
            print(pdf.name)
        for fmt, targets in sorted(by_format.items()):
            if office is None:
                print(f"{fmt}: LibreOffice not found, skipped", file=sys.stderr)
                continue
            folder = work / fmt.lower()
            for target, converted in zip(targets, convert(office, targets, folder), strict=True):
                renamed = converted.with_name(f"{target.stem}-{fmt.lower()}.pdf")
                converted.rename(renamed)
                to_png(renamed, args.output, args.resolution)
                print(target.name)


if __name__ == "__main__":
    main()
