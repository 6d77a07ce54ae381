"""Lighthouse benchmark: the four scores and the transferred weight per page type, beside stock
Material.

Usage: ``python benchmarks/bench_lighthouse.py [--runs 1] [--desktop] [--lighthouse PATH]
[--pages grille,dossier] [--rapports DIR]``

Builds the two sample referentials (tests/fixtures/reels, documents off) and a stock site: plain
MkDocs-Material with the same theme settings, no hook, no extra script or style, one hand-written
Markdown page per page of ours carrying the same text (so the same search index size). Both are
served gzip-compressed, as GitHub Pages serves them (tests/browser/serveur_gzip.py), and each
page type (home, bloc, capacité, grille, dossier) goes through Lighthouse (mobile by default,
Debian's ``chromium`` through CHROME_PATH). Medians over ``--runs`` are printed with the machine's
load: the machine is shared, so compare the two sites as ratios, not the absolute figures. The
performance score weighs blocking time (TBT) 30 %, LCP 25 %, layout shift (CLS) 25 %, FCP and
speed index 10 % each: all five are printed. ``--rapports`` keeps every report (diagnostics: long
tasks, LCP element, layout-shift culprits).

Goals: mobile performance ≥ 0.90 on the dossier and grid pages; every page of ours weighs at most
its stock-Material counterpart + 60 KiB.

Lighthouse comes from npm (``lighthouse@12``, Node ≥ 18.16): it is installed on first use in
``.cache/lighthouse/`` unless ``--lighthouse`` names an executable.
"""

from __future__ import annotations

import argparse
import html.parser
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
REELS = PROJECT / "tests" / "fixtures" / "reels" / "referentiels"
LIGHTHOUSE = PROJECT / ".cache" / "lighthouse"
sys.path.insert(0, str(PROJECT / "src"))
sys.path.insert(0, str(PROJECT / "tests" / "browser"))

from serveur_gzip import serve_compressed  # noqa: E402

from cqpsite.init import site_files  # noqa: E402

CQP = "cqp-coordinateur-logistique"
CQPM = "cqpm-gestionnaire-flux-commandes-international"
PAGES = {
    "accueil": "",
    "bloc": f"{CQP}/blocs/b3/",
    "capacité": f"{CQPM}/capacites/c5/",
    "grille": f"{CQPM}/grille/",
    "dossier": f"{CQP}/dossier/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOAL_PERFORMANCE = 0.90
GOAL_EXTRA_KIB = 60

STOCK_CONFIG = """site_name: "Banc d’essai"
site_url: http://127.0.0.1:8000/
use_directory_urls: true
theme:
  name: material
  language: fr
  font: false
  features: [navigation.prune, navigation.sections, navigation.top, search.highlight,
             content.tooltips]
  palette: {scheme: default, primary: indigo, accent: indigo}
markdown_extensions: [attr_list, admonition, {toc: {permalink: true}}]
plugins:
  - search: {lang: fr}
"""

BLOCKS = {"p", "li", "td", "th", "dt", "dd", "label", "summary", "caption", "figcaption"}
HEADINGS = {"h1": "#", "h2": "##", "h3": "###", "h4": "####", "h5": "#####", "h6": "######"}


class ArticleText(html.parser.HTMLParser):
    """The text of a page's ``<article>``, as Markdown headings and paragraphs."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.lines: list[str] = []
        self.current: list[str] = []
        self.prefix = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        if not self.depth:
            return
        if tag in ("script", "style") or ("class", "headerlink") in attrs:
            self.skip += 1
        elif tag in HEADINGS or tag in BLOCKS:
            self.flush()
            self.prefix = HEADINGS.get(tag, "")

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        if self.skip and tag in ("script", "style", "a"):
            self.skip -= 1
        elif tag in HEADINGS or tag in BLOCKS:
            self.flush()
        if tag == "article":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.current.append(data)

    def flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            escaped = "".join("\\" + c if c in "\\`*_[]<>#|" else c for c in text)
            self.lines.append(f"{self.prefix} {escaped}".strip())
        self.current = []
        self.prefix = ""


def markdown_of(page: Path) -> str:
    parser = ArticleText()
    parser.feed(page.read_text("utf-8"))
    parser.flush()
    return "\n\n".join(parser.lines) + "\n"


def build(root: Path) -> Path:
    env = {**os.environ, "CQPSITE_DOCUMENTS": "0", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"]
    subprocess.run(command, cwd=root, env=env, check=True)
    return root / "site"


def build_ours(root: Path) -> Path:
    for relative, text in site_files("Banc d’essai", "-e .").items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, "utf-8")
    shutil.copytree(REELS, root / "referentiels")
    return build(root)


def build_stock(root: Path, ours: Path) -> Path:
    """Stock Material, one Markdown page per HTML page of ours, at the same path."""
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(STOCK_CONFIG, "utf-8")
    for page in sorted(ours.rglob("index.html")):
        folder = page.parent.relative_to(ours)
        target = root / "docs" / ("index.md" if folder == Path() else f"{folder}.md")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown_of(page), "utf-8")
    return build(root)


def lighthouse_command(given: str | None) -> list[str]:
    if given:
        return [given]
    binary = LIGHTHOUSE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        npm = shutil.which("npm")
        if not npm:
            raise SystemExit("npm introuvable : installez Node.js (apt-get install nodejs npm)")
        LIGHTHOUSE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                npm,
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(LIGHTHOUSE),
                "lighthouse@12",
            ],
            check=True,
        )
    return [str(binary)]


def audit(command: list[str], url: str, desktop: bool, out: Path) -> dict[str, float]:
    chrome = "--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage"
    args = [
        *command,
        url,
        chrome,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--only-categories=" + ",".join(CATEGORIES),
    ]
    if desktop:
        args.append("--preset=desktop")
    subprocess.run(args, check=True, env={**os.environ, "CHROME_PATH": chromium()})
    report = json.loads(out.read_text("utf-8"))
    figures = {c: float(report["categories"][c]["score"]) for c in CATEGORIES}
    audits = report["audits"]
    figures["poids"] = audits["total-byte-weight"]["numericValue"] / 1024
    figures["tbt"] = audits["total-blocking-time"]["numericValue"]
    figures["lcp"] = audits["largest-contentful-paint"]["numericValue"]
    figures["cls"] = audits["cumulative-layout-shift"]["numericValue"]
    figures["fcp"] = audits["first-contentful-paint"]["numericValue"]
    figures["si"] = audits["speed-index"]["numericValue"]
    return figures


def chromium() -> str:
    found = os.environ.get("CHROME_PATH") or shutil.which("chromium") or shutil.which("chrome")
    if not found:
        raise SystemExit("Chromium introuvable : apt-get install chromium, ou CHROME_PATH")
    return found


def median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page (median)")
    parser.add_argument("--desktop", action="store_true", help="desktop preset (default: mobile)")
    parser.add_argument("--lighthouse", help="lighthouse executable (default: .cache/lighthouse)")
    parser.add_argument(
        "--pages", default=",".join(PAGES), help="page types, comma-separated (default: all)"
    )
    parser.add_argument("--rapports", help="keep each Lighthouse JSON report in this folder")
    parser.add_argument("--site", help="a site of ours already built (default: build it)")
    args = parser.parse_args()
    command = lighthouse_command(args.lighthouse)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ours = Path(args.site) if args.site else build_ours(work / "ours")
        stock = build_stock(work / "stock", ours)
        mode = "ordinateur" if args.desktop else "mobile"
        print(
            f"Lighthouse {mode}, gzip, médiane de {args.runs} passage(s), "
            f"charge {os.getloadavg()[0]:.1f} sur {os.cpu_count()} cœurs"
        )
        head = (
            "page       site     perf  a11y  prat.  seo   TBT ms  LCP s  FCP s  SI s   CLS    "
            "poids KiB"
        )
        print(head)
        failures = []
        with serve_compressed(ours) as url_ours, serve_compressed(stock) as url_stock:
            for kind in args.pages.split(","):
                path = PAGES[kind]
                results = {}
                for name, base in (("cqpsite", url_ours), ("Material", url_stock)):
                    runs = []
                    for i in range(args.runs):
                        out = work / "r.json"
                        if args.rapports:
                            Path(args.rapports).mkdir(parents=True, exist_ok=True)
                            out = Path(args.rapports) / f"{kind}-{name}-{i + 1}.json"
                        runs.append(audit(command, base + path, args.desktop, out))
                    results[name] = r = median(runs)
                    print(
                        f"{kind:<10} {name:<8} {r['performance']:.2f}  "
                        f"{r['accessibility']:.2f}  {r['best-practices']:.2f}   "
                        f"{r['seo']:.2f}  {r['tbt']:6.0f}  {r['lcp'] / 1000:5.1f}  "
                        f"{r['fcp'] / 1000:5.1f}  {r['si'] / 1000:4.1f}  {r['cls']:.3f}  "
                        f"{r['poids']:8.1f}",
                        flush=True,
                    )
                ecart = results["cqpsite"]["poids"] - results["Material"]["poids"]
                if ecart > GOAL_EXTRA_KIB:
                    failures.append(
                        f"{kind} : {ecart:.0f} KiB de plus que Material "
                        f"(objectif ≤ {GOAL_EXTRA_KIB})"
                    )
                perf = results["cqpsite"]["performance"]
                if kind in ("grille", "dossier") and not args.desktop and perf < GOAL_PERFORMANCE:
                    failures.append(f"{kind} : performance {perf:.2f} < {GOAL_PERFORMANCE}")
        print(f"charge en fin de mesure {os.getloadavg()[0]:.1f}")
        for failure in failures:
            print("objectif manqué —", failure)


if __name__ == "__main__":
    main()
