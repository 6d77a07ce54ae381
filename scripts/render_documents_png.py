"""Render every generated document to PNG pages, for a human to look at (not run in CI).

Usage: python scripts/render_documents_png.py OUTPUT_DIR [referentiels/x.yml ...]

PDF pages go through ``pdftoppm``; DOCX and ODT are first converted to PDF by
``libreoffice --headless`` when it is installed (skipped otherwise).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from cqpsite import loading
from cqpsite.documents import render_documents
from cqpsite.model import Referentiel

ROOT = Path(__file__).resolve().parents[1]


def load(path: Path) -> Referentiel:
    if hasattr(loading, "load_referentiel"):
        return loading.load_referentiel(path)  # type: ignore[no-any-return]
    ref, problemes, _ = loading.parse_referentiel(path.read_text(encoding="utf-8"), str(path))
    if ref is None:
        sys.exit("\n".join(str(p) for p in problemes))
    return ref


def to_png(pdf: Path, out: Path, resolution: int) -> None:
    prefix = out / pdf.name.replace(".", "-")
    subprocess.run(["pdftoppm", "-r", str(resolution), "-png", str(pdf), str(prefix)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("files", type=Path, nargs="*")
    parser.add_argument("--resolution", type=int, default=60)
    args = parser.parse_args()
    files = args.files or sorted((ROOT / "referentiels").glob("*.yml"))
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    office = shutil.which("libreoffice") or shutil.which("soffice")
    args.output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for path in files:
            for doc in render_documents(load(path), epoch):
                target = work / doc.nom
                target.write_bytes(doc.contenu)
                if doc.format == "PDF":
                    to_png(target, args.output, args.resolution)
                elif office:
                    folder = work / doc.format.lower()
                    subprocess.run(
                        [
                            office,
                            "--headless",
                            "--convert-to",
                            "pdf",
                            "--outdir",
                            str(folder),
                            str(target),
                        ],
                        check=True,
                        capture_output=True,
                    )
                    converted = folder / f"{target.stem}.pdf"
                    renamed = converted.with_name(f"{target.stem}-{doc.format.lower()}.pdf")
                    converted.rename(renamed)
                    to_png(renamed, args.output, args.resolution)
                else:
                    print(f"{doc.nom}: LibreOffice not found, skipped", file=sys.stderr)
                print(doc.nom)


if __name__ == "__main__":
    main()
