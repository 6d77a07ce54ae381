"""The main thread's tasks while a form page loads, in CPU time, for sites compared side by side.

Usage: ``python benchmarks/trace_taches.py [--pages grille,dossier] [--runs 5] [--seuil 5]
[--site NOM=DIR ...] [--material] [--detail] [--trace FICHIER.json]``

Loads each page in Chromium (412 × 823, served gzip-compressed, CPU not slowed down) with a
DevTools performance trace, the sites' runs interleaved so that the machine's load weighs on all
of them alike. Durations are the main thread's **CPU time** (the trace's thread time), far less
sensitive to a shared machine's load than wall time. Lighthouse's mobile score simulates a 4×
slower processor by multiplying the durations of such a trace: « blocage ×4 » is the sum over
tasks of (4 × CPU time − 50 ms), a stand-in for its blocking time (TBT) that ignores where the
first paint falls. Printed per site and page: medians of the total, of style, layout, paint,
HTML parsing, Material's script and ours, the longest task and « blocage ×4 ». ``--detail``
lists, for the last run, every task longer than ``--seuil`` ms (CPU) with what ran in it and the
paint markers. Without ``--site`` the samples are built; ``--material`` adds the stock-Material
copy of each page (bench_lighthouse.py). ``--trace`` analyses a saved trace (Lighthouse's
``--save-assets`` writes one).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "benchmarks"))
sys.path.insert(0, str(PROJECT / "tests" / "browser"))

from bench_lighthouse import PAGES, build_ours, build_stock, chromium  # noqa: E402
from serveur_gzip import serve_compressed  # noqa: E402

CATEGORIES = [
    "-*",
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "v8.execute",
    "loading",
    "blink.user_timing",
]
SLOWDOWN = 4  # Lighthouse's simulated mobile CPU
FLAGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCRIPTS = ("EvaluateScript", "FunctionCall", "v8.callFunction", "TimerFire", "RunMicrotasks")
PAINT = ("Paint", "PrePaint", "Layerize", "Commit")
COLUMNS = ("total", "style", "layout", "paint", "html", "material", "nous", "max", "blocage")


@dataclass
class Tache:
    debut: float  # ms from navigation start (wall)
    cpu: float  # ms of CPU time
    parts: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    passes: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    forcees: int = 0  # style and layout passes inside a script

    def label(self) -> str:
        noms = sorted(self.parts.items(), key=lambda kv: -kv[1])
        texte = ", ".join(
            f"{k} {v:.1f}" + (f" ×{self.passes[k]}" if self.passes.get(k, 0) > 1 else "")
            for k, v in noms
            if v >= 0.3
        )
        return texte + (f" [{self.forcees} forcées]" if self.forcees else "")


def short(url: str) -> str:
    if not url:
        return "?"
    name = url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    return name + ("/" if url.split("?")[0].endswith("/") else "")


def cpu(e: dict[str, Any]) -> float:
    return float(e.get("tdur", e.get("dur", 0))) / 1000


def page_thread(events: list[dict[str, Any]]) -> tuple[int, int, str, float]:
    """(pid, tid, frame, navigation start) of the renderer main thread that loaded the page."""
    for e in events:
        data = e.get("args", {}).get("data", {})
        if e.get("name") == "navigationStart" and data.get("documentLoaderURL", "").startswith(
            "http"
        ):
            return e["pid"], e["tid"], e["args"]["frame"], e["ts"]
    raise SystemExit("navigation introuvable dans la trace")


def markers(mine: list[dict[str, Any]], frame: str, origin: float) -> list[tuple[float, str]]:
    marks: list[tuple[float, str]] = []
    for e in mine:
        args = e.get("args", {})
        if frame not in (args.get("frame"), args.get("data", {}).get("frame")):
            continue
        name, t = e.get("name", ""), (e.get("ts", 0) - origin) / 1000
        if name == "firstContentfulPaint":
            marks.append((t, "FCP"))
        elif name == "largestContentfulPaint::Candidate":
            data = args.get("data", {})
            marks.append((t, f"LCP candidat {data.get('nodeName', '')} {data.get('size', 0)} px²"))
        elif name == "MarkDOMContent":
            marks.append((t, "DOMContentLoaded"))
        elif name == "MarkLoad":
            marks.append((t, "load"))
    return sorted(marks)


def split(task: dict[str, Any], inner: list[dict[str, Any]], origin: float) -> Tache:
    """What ran in ``task`` (``inner``: the events nested in it, in order): each event's own
    CPU time (without the events nested in it), under the script that ran it if any."""
    t = Tache((task["ts"] - origin) / 1000, cpu(task))
    stack: list[tuple[dict[str, Any], str]] = []  # (event, its label)
    own: dict[int, float] = {}
    labels: dict[int, str] = {}
    for e in inner:
        end = e["ts"] + e.get("dur", 0)
        while stack and e["ts"] >= stack[-1][0]["ts"] + stack[-1][0].get("dur", 0):
            stack.pop()
        name, args = e["name"], e.get("args", {})
        data = args.get("data", {}) or args.get("beginData", {}) or {}
        script = next((lab for _, lab in reversed(stack) if lab.startswith("js ")), "")
        if name in SCRIPTS:
            url = data.get("url", "")
            label = "js " + short(url) if url else script or "js ?"
        elif name in ("UpdateLayoutTree", "Layout"):
            label = "style" if name == "UpdateLayoutTree" else "mise en page"
            t.passes[label] += 1
            if script:
                t.forcees += 1
        elif name == "ParseHTML":
            label = "analyse HTML"
        elif name in PAINT:
            label = "peinture"
        else:
            label = stack[-1][1] if stack else ""
        if stack:
            parent = id(stack[-1][0])
            own[parent] = own.get(parent, 0.0) - cpu(e)
        own[id(e)] = own.get(id(e), 0.0) + cpu(e)
        labels[id(e)] = label
        if end > e["ts"]:
            stack.append((e, label))
    for key, value in own.items():
        if labels[key]:
            t.parts[labels[key]] += max(0.0, value)
    return t


def analyse(events: list[dict[str, Any]]) -> dict[str, Any]:
    pid, tid, frame, origin = page_thread(events)
    mine = sorted(
        (e for e in events if e.get("pid") == pid and e.get("tid") == tid and e["ts"] >= origin),
        key=lambda e: (e["ts"], -e.get("dur", 0)),
    )
    tasks: list[Tache] = []
    current: dict[str, Any] | None = None
    inner: list[dict[str, Any]] = []
    for e in mine:
        if e.get("ph") != "X":
            continue
        if e["name"] == "RunTask" and (
            current is None or e["ts"] >= current["ts"] + current.get("dur", 0)
        ):
            if current is not None:
                tasks.append(split(current, inner, origin))
            current, inner = e, []
        elif current is not None and e["ts"] < current["ts"] + current.get("dur", 0):
            inner.append(e)
    if current is not None:
        tasks.append(split(current, inner, origin))
    sums: dict[str, float] = defaultdict(float)
    for t in tasks:
        sums["total"] += t.cpu
        for k, v in t.parts.items():
            if k == "js bundle.min.js" or k.startswith("js bundle.") or k == "js ?":
                sums["material"] += v
            elif k.startswith("js ") and k.endswith(".js"):
                sums["nous"] += v
            else:
                key = {"mise en page": "layout", "peinture": "paint", "analyse HTML": "html"}
                sums[key.get(k, k)] += v
    sums["max"] = max((t.cpu for t in tasks), default=0.0)
    sums["blocage"] = sum(max(0.0, t.cpu * SLOWDOWN - 50) for t in tasks)
    return {"taches": tasks, "marques": markers(mine, frame, origin), "sommes": dict(sums)}


def show(titre: str, a: dict[str, Any], seuil: float) -> None:
    print(f"--- {titre}")
    rows: list[tuple[float, str]] = [
        (t.debut, f"{t.debut:7.1f}  {t.cpu:6.1f} ms  {t.label()}")
        for t in a["taches"]
        if t.cpu >= seuil
    ]
    rows += [(m[0], f"{m[0]:7.1f}  ------ {m[1]}") for m in a["marques"]]
    for _, line in sorted(rows):
        print("  " + line)


def record(browser: Any, url: str) -> dict[str, Any]:
    context = browser.new_context(
        viewport={"width": 412, "height": 823},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=1.75,
    )
    page = context.new_page()
    browser.start_tracing(page=page, categories=CATEGORIES)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(2500)  # idle-time work
    raw = browser.stop_tracing()
    context.close()
    data = json.loads(raw)
    return analyse(data["traceEvents"] if isinstance(data, dict) else data)


def compare(
    sites: dict[str, Path], pages: list[str], runs: int, seuil: float, detail: bool
) -> None:
    from contextlib import ExitStack

    from playwright.sync_api import sync_playwright

    print(f"charge {os.getloadavg()[0]:.1f} sur {os.cpu_count()} cœurs, médianes de {runs}")
    print(f"{'page':<8} {'site':<12} " + " ".join(f"{c:>8}" for c in COLUMNS) + "   (ms de CPU)")
    with ExitStack() as stack, sync_playwright() as p:
        bases = {n: stack.enter_context(serve_compressed(d)) for n, d in sites.items()}
        browser = p.chromium.launch(executable_path=chromium(), args=FLAGS)
        for kind in pages:
            found: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for _ in range(runs):
                for name, base in bases.items():
                    found[name].append(record(browser, base + PAGES[kind]))
            for name, results in found.items():
                med = {
                    c: statistics.median(r["sommes"].get(c, 0.0) for r in results) for c in COLUMNS
                }
                print(
                    f"{kind:<8} {name:<12} " + " ".join(f"{med[c]:8.1f}" for c in COLUMNS),
                    flush=True,
                )
                if detail:
                    show(f"{kind} {name} (dernier passage)", results[-1], seuil)
        browser.close()
    print(f"charge en fin de mesure {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="grille,dossier")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seuil", type=float, default=5.0, help="tasks listed from (ms)")
    parser.add_argument("--site", action="append", default=[], help="NOM=DIR, repeatable")
    parser.add_argument("--material", action="store_true", help="add stock Material's copy")
    parser.add_argument("--detail", action="store_true", help="list the last run's tasks")
    parser.add_argument("--trace", help="analyse this trace file instead")
    args = parser.parse_args()
    if args.trace:
        data = json.loads(Path(args.trace).read_text("utf-8"))
        a = analyse(data["traceEvents"] if isinstance(data, dict) else data)
        show(args.trace, a, args.seuil)
        print({k: round(v, 1) for k, v in a["sommes"].items()})
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sites = {n: Path(d) for n, d in (s.split("=", 1) for s in args.site)}
        if not sites:
            sites["cqpsite"] = build_ours(work / "ours")
        if args.material:
            sites["Material"] = build_stock(work / "stock", next(iter(sites.values())))
        compare(sites, args.pages.split(","), args.runs, args.seuil, args.detail)


if __name__ == "__main__":
    main()
