"""Main-thread cost of the form pages (grid, dossier) in Chromium, as a phone would feel it.

Usage: ``python benchmarks/trace_formulaires.py [--runs 5] [--rempli] [--site DIR]``

Loads each page in Chromium (Playwright, Debian's ``chromium``) with a 412 × 823 viewport and the
CPU slowed down 4× (DevTools ``Emulation.setCPUThrottlingRate``, as Lighthouse's mobile preset),
served gzip-compressed, and prints medians of: long tasks (count, total and longest), cumulative
layout shift and its culprits, the largest contentful paint and its element, and Chromium's
script, layout and style time (``Performance.getMetrics``) — with every script of ours blocked
("sans nos scripts"), so that the difference is what our scripts cost. ``--rempli`` first stores
an answer in every field (as a candidate coming back to a filled dossier). Lighthouse's score
comes from ``bench_lighthouse.py``; this script shows where the time goes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "benchmarks"))
sys.path.insert(0, str(PROJECT / "tests" / "browser"))

from bench_lighthouse import CQP, CQPM, build_ours, chromium  # noqa: E402
from playwright.sync_api import Page, sync_playwright  # noqa: E402
from serveur_gzip import serve_compressed  # noqa: E402

PAGES = {"grille": f"{CQPM}/grille/", "dossier": f"{CQP}/dossier/"}
OURS = ("stockage", "reponses", "grilles", "regles", "changements", "impression", "criteres")

# Observers set before the page's own scripts run (an init script).
OBSERVE = """() => {
  window.__mesures = { longues: [], decalages: [], lcp: null };
  new PerformanceObserver(l => l.getEntries().forEach(e =>
    window.__mesures.longues.push(e.duration))).observe({ type: "longtask", buffered: true });
  new PerformanceObserver(l => l.getEntries().forEach(e => {
    if (e.hadRecentInput) return;
    window.__mesures.decalages.push([e.value, e.sources.map(s => s.node ?
      (s.node.nodeName + "." + (s.node.className || "")).slice(0, 60) : "?")]);
  })).observe({ type: "layout-shift", buffered: true });
  new PerformanceObserver(l => l.getEntries().forEach(e => {
    window.__mesures.lcp = [e.startTime, e.element ?
      (e.element.nodeName + "." + (e.element.className || "")).slice(0, 60) : "?", e.size];
  })).observe({ type: "largest-contentful-paint", buffered: true });
}"""

FILL = """() => {
  const cles = Array.from(document.querySelectorAll("[data-cle]"), e => e.getAttribute("data-cle"));
  const o = document.querySelector(".reponses-outils[data-referentiel]");
  const id = o.getAttribute("data-referentiel"), version = o.getAttribute("data-version");
  const reponses = {}, grilles = {}, dates = {};
  cles.forEach((k, i) => { reponses[k] = "Réponse " + i + " ".repeat(i % 3) + "assez longue"
    .repeat(1 + i % 5); dates["reponses/" + k] = 1000 + i; });
  document.querySelectorAll("tr[data-critere]").forEach((tr, i) => {
    const k = tr.getAttribute("data-critere") || tr.getAttribute("data-ajout");
    grilles[k] = i % 3 ? "acquis" : "non-acquis"; dates["grilles/" + k] = 1000 + i;
    grilles["observations:" + k] = "Observation " + i; dates["grilles/observations:" + k] = 1000;
  });
  localStorage.setItem("cqpsite:" + id + ":" + version, JSON.stringify({ format: 1,
    referentiel: id, version, modifie: "", dates, efface: 0, reponses, grilles,
    criteres_ajoutes: {}, coches: {}, empreintes: {} }));
}"""


def measure(page: Page, url: str, block: bool) -> dict[str, Any]:
    if block:
        names = "|".join(OURS)
        page.route(
            lambda u: any(f"/assets/{n}.js" in u for n in names.split("|")),
            lambda route: route.abort(),
        )
    else:
        page.unroute_all()
    client = page.context.new_cdp_session(page)
    client.send("Performance.enable")
    client.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    before = {m["name"]: m["value"] for m in client.send("Performance.getMetrics")["metrics"]}
    page.goto(url, wait_until="load")
    page.wait_for_timeout(1500)  # chunked work and late tasks
    after = {m["name"]: m["value"] for m in client.send("Performance.getMetrics")["metrics"]}
    found: dict[str, Any] = page.evaluate("window.__mesures")
    client.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    client.detach()
    ms = {
        k: (after[k] - before.get(k, 0)) * 1000
        for k in ("ScriptDuration", "LayoutDuration", "RecalcStyleDuration", "TaskDuration")
    }
    longues = found["longues"]
    return {
        "longues": len(longues),
        "longues_ms": sum(longues),
        "max_ms": max(longues, default=0),
        "tbt": sum(max(0.0, d - 50) for d in longues),
        "cls": sum(d[0] for d in found["decalages"]),
        "lcp": found["lcp"][0] if found["lcp"] else 0,
        "script": ms["ScriptDuration"],
        "layout": ms["LayoutDuration"],
        "style": ms["RecalcStyleDuration"],
        "tache": ms["TaskDuration"],
        "noeuds": page.evaluate("document.getElementsByTagName('*').length"),
        "_decalages": found["decalages"],
        "_lcp": found["lcp"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="loads per page and case (median)")
    parser.add_argument("--rempli", action="store_true", help="every field answered first")
    parser.add_argument("--site", help="an already built site (default: build the samples)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(args.site) if args.site else build_ours(Path(tmp) / "ours")
        print(
            f"Chromium, CPU ×4, 412 × 823, gzip, médiane de {args.runs}, "
            f"{'réponses remplies' if args.rempli else 'sans réponse'}, "
            f"charge {os.getloadavg()[0]:.1f} sur {os.cpu_count()} cœurs"
        )
        print(
            "page     cas               tâches>50  total ms  max ms  TBT ms   CLS    LCP ms  "
            "script  layout  style  nœuds"
        )
        flags = [
            "--no-sandbox",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ]
        with serve_compressed(site) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium(), args=flags)
            for kind, path in PAGES.items():
                for block in (False, True):
                    runs = []
                    for _ in range(args.runs):
                        context = browser.new_context(
                            viewport={"width": 412, "height": 823},
                            is_mobile=True,
                            has_touch=True,
                            device_scale_factor=1.75,
                        )
                        context.add_init_script(f"({OBSERVE})()")
                        page = context.new_page()
                        if args.rempli:
                            page.goto(base + path)
                            page.evaluate(FILL)
                        runs.append(measure(page, base + path, block))
                        context.close()
                    med = {
                        k: statistics.median(r[k] for r in runs)
                        for k in runs[0]
                        if not k.startswith("_")
                    }
                    cas = "sans nos scripts" if block else "complet"
                    print(
                        f"{kind:<8} {cas:<17} {med['longues']:9.0f}  {med['longues_ms']:8.0f}  "
                        f"{med['max_ms']:6.0f}  {med['tbt']:6.0f}  {med['cls']:.3f}  "
                        f"{med['lcp']:7.0f}  {med['script']:6.0f}  {med['layout']:6.0f}  "
                        f"{med['style']:5.0f}  {med['noeuds']:5.0f}",
                        flush=True,
                    )
                    last = runs[-1]
                    for valeur, sources in last["_decalages"]:
                        if valeur > 0.001:
                            print(f"    décalage {valeur:.3f} : {', '.join(sources)}")
                    if last["_lcp"]:
                        print(f"    LCP : {last['_lcp'][1]} ({last['_lcp'][2]:.0f} px²)")
            browser.close()


if __name__ == "__main__":
    main()
