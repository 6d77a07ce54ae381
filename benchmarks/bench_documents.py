"""Cold-document benchmark: CPU time of each of a referential's six documents (not a timed test).

Usage: ``python benchmarks/bench_documents.py [--runs 5] [--baseline SRC] [REF.yml ...]``

Each document is rendered ``--runs`` times in a fresh child process and timed with
``time.process_time`` (CPU time, so the figures hold on a machine other sessions load; compare
them as ratios). ``--baseline SRC`` times another copy of the package too (``SRC`` is a ``src``
folder, e.g. ``git archive HEAD~3 src | tar -x -C /tmp/base``), child processes alternating
run by run, and says whether each document's bytes changed. The "2 cores" column is the time
the six documents take when spread over two workers, longest first (``render_jobs``' order),
from the median CPU times: the goal of issue 16 is ≤ 2 s per referential. The medians leave out
each child's first render of a document, shown apart ("first"), when there are several runs.
Default referentials: the two samples of ``tests/fixtures/reels/referentiels``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
SAMPLES = PROJECT / "tests" / "fixtures" / "reels" / "referentiels"
EPOCH = 1700000000


def child(files: list[str], runs: int) -> None:
    """Print, as JSON, every document's CPU times (first render first) and bytes' digest."""
    import cqpsite
    from cqpsite.corpus import load_referentiel
    from cqpsite.documents import plan_documents

    out: dict[str, Any] = {"package": str(Path(cqpsite.__file__).parent), "documents": {}}
    for file in files:
        ref, problemes = load_referentiel(Path(file))
        if ref is None:
            sys.exit("\n".join(str(p) for p in problemes))
        for job in plan_documents(ref):
            times, digest = [], ""
            for _ in range(runs):
                start = time.process_time()
                document = job.render(EPOCH)
                times.append(time.process_time() - start)
                digest = hashlib.sha256(document.contenu).hexdigest()
            out["documents"][job.nom] = {
                "ref": ref.id,
                "times": times,
                "sha": digest,
                "size": len(document.contenu),
            }
    print(json.dumps(out))


def run_child(src: Path | None, files: list[str], runs: int) -> dict[str, Any]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
    command = [sys.executable, __file__, "--child", "--runs", str(runs), *files]
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout)
    if src is not None and not result["package"].startswith(str(src.resolve())):
        sys.exit(f"--baseline: cqpsite imported from {result['package']}, not from {src}")
    return result


def two_cores(times: list[float]) -> float:
    """Makespan of the documents on two workers, each taking the next longest."""
    cores = [0.0, 0.0]
    for t in sorted(times, reverse=True):
        cores[cores.index(min(cores))] += t
    return max(cores)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=5, help="renders of each document")
    parser.add_argument("--rounds", type=int, default=1, help="child processes per version")
    parser.add_argument("--baseline", type=Path, help="src folder of the code to compare with")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    files = [str(f.resolve()) for f in (args.files or sorted(SAMPLES.glob("*.yml")))]
    if args.child:
        child(files, args.runs)
        return
    versions: dict[str, Path | None] = {"after": None}
    if args.baseline is not None:
        versions = {"before": args.baseline.resolve(), **versions}
    times: dict[str, dict[str, list[float]]] = {v: {} for v in versions}
    firsts: dict[str, dict[str, list[float]]] = {v: {} for v in versions}
    info: dict[str, dict[str, Any]] = {}
    for _ in range(args.rounds):
        for version, src in versions.items():
            for nom, doc in run_child(src, files, args.runs)["documents"].items():
                times[version].setdefault(nom, []).extend(doc["times"][1:] or doc["times"])
                firsts[version].setdefault(nom, []).append(doc["times"][0])
                info.setdefault(nom, {})[version] = doc
    load = os.getloadavg()[0]
    print(f"CPU seconds, median of {args.runs} renders × {args.rounds} round(s) (load {load:.1f})")
    names = list(versions)
    header = "document".ljust(58) + "".join(f"{v:>9}" for v in names)
    print(header + ("    ratio  bytes" if len(names) == 2 else "") + "   first")
    refs: dict[str, dict[str, list[float]]] = {}
    for nom, by_version in info.items():
        medians = {v: statistics.median(times[v][nom]) for v in names}
        line = nom.ljust(58) + "".join(f"{medians[v]:9.3f}" for v in names)
        if len(names) == 2:
            same = by_version["before"]["sha"] == by_version["after"]["sha"]
            line += f"{medians['after'] / medians['before']:9.2f}  {'same' if same else 'CHANGED'}"
        line += f"{statistics.median(firsts['after'][nom]):8.3f}"
        print(line)
        ref = by_version["after"]["ref"]
        for v in names:
            refs.setdefault(ref, {}).setdefault(v, []).append(medians[v])
    print()
    print("referential".ljust(40) + "".join(f"{v + ' CPU':>12}{v + ' 2 cores':>16}" for v in names))
    for ref, by_version in refs.items():
        cells = "".join(f"{sum(t):12.3f}{two_cores(t):16.3f}" for t in by_version.values())
        print(ref.ljust(40) + cells)


if __name__ == "__main__":
    main()
