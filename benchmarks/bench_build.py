"""Build benchmark: N synthetic referentials → site, against plain MkDocs on the same Markdown.

Usage: ``python benchmarks/bench_build.py [--sizes 10 100 250] [--growth 10 100] [--keep DIR]``
or, to compare clean builds rendered by 1 and 2 processes (``CQPSITE_PROCESSUS``), alternating
in the same run: ``python benchmarks/bench_build.py --sizes 25 --processus 1 2 --repeats 3``

Each synthetic referential has 6 blocs × 5 capacités × 6 criteria, so 40 pages: N = 250 is the
10,000-page site of the targets (real referentials are smaller: 8 and 13 pages for the two
seeds, so about 800 of them make 10,000 pages).

Every build runs in its own subprocess (``--child``) so that its peak RSS is its own
(``os.wait4`` rusage). Documents (DOCX/ODT/PDF) are included only if ``cqpsite.documents``
provides ``render_documents``. Targets (2 cores): ≤ 60 s for ~10,000 pages, ours/plain ≤ 1.10,
time(2N)/time(N) ≤ 2.2.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parents[1]
BLOCS, CAPACITES, CRITERES, QUESTIONS = 6, 5, 6, 4
TARGET_SECONDS_PER_10K, TARGET_RATIO, TARGET_GROWTH = 60.0, 1.10, 2.2

_WORDS = [
    "atelier",
    "poste",
    "fabrication",
    "contrôle",
    "qualité",
    "sécurité",
    "procédure",
    "commande",
    "client",
    "fournisseur",
    "stock",
    "flux",
    "transport",
    "livraison",
    "expédition",
    "réception",
    "inventaire",
    "planning",
    "équipe",
    "consigne",
    "document",
    "norme",
    "écart",
    "mesure",
    "indicateur",
    "tableau",
    "rapport",
    "anomalie",
    "action",
    "corrective",
    "outil",
    "machine",
    "réglage",
    "maintenance",
    "préventive",
    "risque",
    "environnement",
    "déchet",
    "tri",
    "emballage",
    "étiquette",
    "douane",
    "facture",
    "délai",
    "coût",
    "budget",
    "priorité",
    "réunion",
    "information",
    "transmission",
    "hiérarchie",
    "réglementation",
    "international",
    "incoterm",
    "logiciel",
    "données",
    "saisie",
    "vérification",
    "conformité",
]
_VERBS = [
    "identifie",
    "vérifie",
    "organise",
    "renseigne",
    "applique",
    "contrôle",
    "transmet",
    "planifie",
    "analyse",
    "propose",
    "respecte",
    "prépare",
    "réalise",
    "explique",
    "suit",
    "adapte",
    "mesure",
    "signale",
    "coordonne",
    "optimise",
]


def _phrase(rng: random.Random, n: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(n)]
    return " ".join(words)


def _critere(rng: random.Random, ident: str) -> dict[str, Any]:
    texte = f"Le candidat {rng.choice(_VERBS)} {_phrase(rng, rng.randint(6, 16))}."
    out: dict[str, Any] = {"id": ident, "texte": texte}
    if rng.random() < 0.2:
        out["essentiel"] = True
    return out


def synthetic_referentiel(index: int) -> dict[str, Any]:
    """One referential of realistic shape: 6 blocs × 5 capacités × 6 criteria, a dossier."""
    rng = random.Random(index)
    ref_id = f"cqp-bench-{index:04d}"
    blocs, rubriques = [], []
    for b in range(1, BLOCS + 1):
        capacites = []
        for c in range(1, CAPACITES + 1):
            cid = f"b{b}-c{c}"
            capacites.append(
                {
                    "id": cid,
                    "numero": f"{b}.{c}",
                    "titre": f"{rng.choice(_VERBS).capitalize()} {_phrase(rng, 4)}",
                    "conditions": [f"À partir {_phrase(rng, 10)}.", f"Avec {_phrase(rng, 8)}."],
                    "criteres": [_critere(rng, f"{cid}-{k}") for k in range(1, CRITERES + 1)],
                }
            )
        blocs.append(
            {
                "id": f"b{b}",
                "numero": str(b),
                "titre": f"{_phrase(rng, 5).capitalize()}",
                "optionnel": b == BLOCS,
                "capacites": capacites,
            }
        )
        rubriques.append(
            {
                "id": f"r-b{b}",
                "titre": f"Bloc {b}",
                "bloc": f"b{b}",
                "elements": [
                    {
                        "id": f"q-b{b}-{q}",
                        "question": f"Décrivez comment vous {rng.choice(_VERBS)}"
                        f" {_phrase(rng, 8)} ?",
                        "points": [_phrase(rng, 4), _phrase(rng, 5)],
                    }
                    for q in range(1, QUESTIONS + 1)
                ]
                + [f"Précisez {_phrase(rng, 12)}."],
            }
        )
    rubriques.append(
        {
            "id": "r-emplois",
            "titre": "Emplois occupés",
            "repetitions": 3,
            "libelle_repetition": "Emploi",
            "elements": [
                {"id": "emploi-intitule", "question": "Intitulé de l’emploi :", "format": "court"},
                {"id": "emploi-debut", "question": "Date de début :", "format": "date"},
            ],
        }
    )
    return {
        "id": ref_id,
        "sigle": "CQP",
        "titre": f"CQP {_phrase(rng, 3).title()} {index}",
        "intitule": _phrase(rng, 4).capitalize(),
        "version": "1",
        "sous_titre": f"Référentiel synthétique n° {index}",
        "secteur": "Industrie",
        "source": {
            "document": "Référentiel synthétique",
            "certificateur": "Branche fictive",
            "version": "1.0",
            "date": "2026-01-15",
            "statut": "Fictif (benchmark)",
        },
        "regles": {
            "unite": "bloc",
            "obtention_unite": {
                "type": "seuil",
                "seuil": 80,
                "essentiels": True,
                "texte": "Le bloc est obtenu avec 80 % des critères et tous les essentiels.",
            },
            "obtention_certification": {
                "type": "toutes_unites_obligatoires",
                "texte": "Tous les blocs obligatoires sont requis.",
                "acquis": "CQP obtenu",
                "non_acquis": "CQP non obtenu",
            },
        },
        "textes": [
            {
                "id": "presentation",
                "titre": "Présentation",
                "contenu": [_phrase(rng, 40) + ".", {"liste": [_phrase(rng, 6)] * 3}],
            },
            {"id": "blocs", "titre": "Blocs", "contenu": [{"unites": True}]},
        ],
        "blocs": blocs,
        "dossier": {
            "titre": "Dossier du candidat",
            "intro": [_phrase(rng, 30) + "."],
            "sections": [
                {
                    "id": "experience",
                    "numero": "1",
                    "titre": "Votre expérience",
                    "rubriques": rubriques,
                },
            ],
        },
    }


def write_project(root: Path, n: int) -> None:
    """A copy of the project (config, docs, theme, hook) around n synthetic referentials."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for name in ("docs", "overrides", "hooks"):
        if (PROJECT / name).exists():
            shutil.copytree(PROJECT / name, root / name)
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    folder = root / "referentiels"
    folder.mkdir()
    for i in range(n):
        data = synthetic_referentiel(i)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        (folder / f"{data['id']}.yml").write_text(text, encoding="utf-8")


def documents_available() -> bool:
    try:
        from cqpsite.documents import render_documents  # noqa: F401
    except ImportError:
        return False
    return True


# ---------------------------------------------------------------- child side (one build each)


def child(argv: list[str]) -> None:
    """``--child ours|plain|generate ROOT``: one build, prints a JSON line of measurements."""
    mode, root = argv[0], Path(argv[1])
    os.chdir(root)
    result: dict[str, Any] = {}
    from cqpsite import site as site_module

    original = site_module.build_site
    timing = {"generate": 0.0, "pages": 0}

    def timed_build_site(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        out = original(*args, **kwargs)
        timing["generate"] += time.perf_counter() - start
        timing["pages"] = len(out.pages)
        return out

    if mode == "generate":
        # Our generation alone, then its output written to docs_plain/ with a plain config.
        with_docs = os.environ.get("CQPSITE_DOCUMENTS", "1") != "0"
        # Same epoch as the MkDocs builds, so that they find these documents in the cache.
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
        cache = root / ".cache" / "documents"
        out = timed_build_site(root / "referentiels", epoch, cache, with_docs)
        write_plain(root, out)
        result.update(generate=timing["generate"], pages=timing["pages"])
    else:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        site_module.build_site = timed_build_site  # the hook imports it when the config loads
        config_file = "mkdocs.yml" if mode == "ours" else "mkdocs_plain.yml"
        phase = _time_page_phase() if mode == "ours" else {}
        start = time.perf_counter()
        config = load_config(config_file=config_file, site_dir=str(root / f"site_{mode}"))
        build(config)
        result.update(total=time.perf_counter() - start, **timing, **phase)
    print("BENCH " + json.dumps(result))


def _time_page_phase() -> dict[str, float]:
    """Times of the page loop (first to last ``_build_page``): wall, CPU of this process, CPU
    of the processes it forked and reaped meanwhile (the page renderers)."""
    import resource

    from cqpsite.cache_pages import CachePages

    phase: dict[str, float] = {}
    started: list[tuple[float, float, float]] = []
    original = CachePages._build_page

    def now() -> tuple[float, float, float]:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.perf_counter(), time.process_time(), children.ru_utime + children.ru_stime

    def timed(self: Any, *args: Any, **kwargs: Any) -> None:
        if not started:
            started.append(now())
        original(self, *args, **kwargs)
        end = now()
        phase["pages_wall"], phase["pages_cpu"], phase["pages_cpu_children"] = (
            e - s for e, s in zip(end, started[0], strict=True)
        )

    CachePages._build_page = timed  # type: ignore[method-assign]
    return phase


def write_plain(root: Path, out: Any) -> None:
    """Our Markdown written to disk, with the same config minus the hook, and the same nav."""
    from cqpsite.nav import build_nav

    docs = root / "docs_plain"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(root / "docs", docs)
    for page in out.pages:
        path = docs / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.contenu, encoding="utf-8")
    for fichier in out.fichiers:
        path = docs / fichier.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(fichier.contenu)
    others = sorted(str(p.relative_to(root / "docs")) for p in (root / "docs").rglob("*.md"))
    nav = build_nav(out.referentiels, out.pages, others)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^hooks:\n(  - .*\n)+", "", config)
    config = re.sub(r"(?m)^watch:\n(  - .*\n)+", "", config)
    config = config.replace("docs_dir: docs\n", "docs_dir: docs_plain\n")
    config += "\n" + yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False)
    (root / "mkdocs_plain.yml").write_text(config, encoding="utf-8")


# ---------------------------------------------------------------- parent side


def run_child_rss(mode: str, root: Path, env: dict[str, str]) -> dict[str, Any]:
    """One build in a subprocess; reaped with wait4 so the rusage (peak RSS) is its own."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(
            [sys.executable, __file__, "--child", mode, str(root)],
            stdout=out,
            stderr=err,
            env=env,
            text=True,
        )
        tree = TreeMemory(proc.pid)
        _, status, usage = os.wait4(proc.pid, 0)
        tree.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout_data, stderr_data = out.read(), err.read()
    if proc.returncode != 0:
        sys.exit(f"{mode} build failed for {root}:\n{stderr_data[-3000:]}")
    line = next(x for x in stdout_data.splitlines() if x.startswith("BENCH "))
    data: dict[str, Any] = json.loads(line[len("BENCH ") :])
    data["wall"] = wall
    data["rss_mb"] = usage.ru_maxrss / 1024
    data["tree_pss_mb"] = tree.peak / 1024
    return data


class TreeMemory:
    """Peak of the summed PSS (shared pages counted once overall) of a process and its
    descendants, sampled twice a second: forked page renderers share most of their memory."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._done = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._done.wait(0.5):
            self.peak = max(self.peak, sum(_pss_kb(p) for p in _tree(self.pid)))


def _tree(pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [pid] + [p for c in children for p in _tree(int(c))]


def _pss_kb(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    found = re.search(r"^Pss:\s+(\d+) kB", text, re.M)
    return int(found.group(1)) if found else 0


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def cache_files(root: Path) -> dict[str, float]:
    cache = root / ".cache" / "documents"
    if not cache.exists():
        return {}
    return {str(p): p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}


def search_index_report(site: Path, sample: Any = None) -> dict[str, Any]:
    """Size of the search index, how much of it is grid and repeated text, and how many times
    the criteria and questions of ``sample`` (one referential) are indexed."""
    from cqpsite.recherche import DOCUMENTS, INDEX, read_index

    raw = b"".join(
        (site / name).read_bytes() for name in (INDEX, DOCUMENTS) if (site / name).is_file()
    )
    docs = read_index(site)["docs"]
    total_text = sum(len(d["text"]) + len(d["title"]) for d in docs)
    grid = sum(len(d["text"]) for d in docs if d["location"].endswith("#grille"))
    grille_pages = sum(len(d["text"]) for d in docs if "/grille/" in d["location"])
    questions = sum(len(d["text"]) for d in docs if d["location"].endswith("#questions"))
    sources = sum(d["text"].count("Source :") for d in docs)
    badges = sum(d["text"].count("targetDescription") for d in docs)
    found: dict[str, Any] = {}
    if sample is not None:
        text = "\n".join(
            d["title"] + "\n" + d["text"] for d in docs if d["location"].startswith(f"{sample.id}/")
        )
        for kind, items in (("criteres", _criteres(sample)), ("questions", _questions(sample))):
            written = Counter(items)  # a text the source repeats is indexed as often
            extra = [text.count(item) - n for item, n in written.items()]
            found[kind] = {
                "total": len(extra),
                "once": extra.count(0),
                "missing": sum(1 for item in written if item not in text),
                "max": max(extra, default=0) + 1,
            }
    return {
        "bytes": len(raw),
        "entries": len(docs),
        "text_chars": total_text,
        "grid_chars": grid,
        "grille_page_chars": grille_pages,
        "questions_chars": questions,
        "source_lines": sources,
        "badge_json": badges,
        "found": found,
    }


def _criteres(ref: Any) -> list[str]:
    units = list(ref.blocs) + [c for b in ref.blocs for c in b.capacites] + list(ref.capacites)
    return [c.texte for u in units if not isinstance(u.criteres, str) for c in u.criteres]


def _questions(ref: Any) -> list[str]:
    """Dossier questions (not those of repeated rubriques, printed once per copy)."""
    out: list[str] = []

    def walk(rubriques: Any) -> None:
        for rubrique in rubriques:
            if rubrique.repetitions == 1:
                out.extend(e.question for e in rubrique.elements if hasattr(e, "question"))
            walk(rubrique.rubriques)

    for section in ref.dossier.sections if ref.dossier else ():
        walk(section.rubriques)
    return out


def bench(n: int, work: Path, with_docs: bool, growth: bool) -> dict[str, Any]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1767225600")
    env["CQPSITE_DOCUMENTS"] = "1" if with_docs else "0"
    env["PYTHONPATH"] = str(PROJECT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    root = work / f"n{n}"
    write_project(root, n)
    sys.path.insert(0, str(PROJECT / "src"))
    from cqpsite.corpus import load_referentiels

    start = time.perf_counter()
    refs = load_referentiels(root / "referentiels")  # raises if the synthetic data is invalid
    load_time = time.perf_counter() - start
    assert len(refs) == n

    res: dict[str, Any] = {"n": n, "load": load_time, "loadavg_before": os.getloadavg()}
    res["gen"] = run_child_rss("generate", root, env)
    res["ours"] = run_child_rss("ours", root, env)
    site = root / "site_ours"
    res["html_files"] = sum(1 for _ in site.rglob("*.html"))
    res["site_bytes"] = tree_size(site)
    res["search"] = search_index_report(site, refs[0])
    res["plain"] = run_child_rss("plain", root, env)
    res["plain_site_bytes"] = tree_size(root / "site_plain")

    before = cache_files(root)
    res["nochange"] = run_child_rss("ours", root, env)
    after = cache_files(root)
    res["nochange_regen"] = sum(1 for k, v in after.items() if before.get(k) != v)

    changed = root / "referentiels" / "cqp-bench-0000.yml"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("Le candidat", "La candidate", 1), encoding="utf-8")
    before = after
    res["onechange"] = run_child_rss("ours", root, env)
    after = cache_files(root)
    res["onechange_regen"] = sum(1 for k, v in after.items() if before.get(k) != v)

    if growth:
        root2 = work / f"n{2 * n}"
        write_project(root2, 2 * n)
        if with_docs:
            run_child_rss("generate", root2, env)  # warm its document cache, as for N
        res["double"] = run_child_rss("ours", root2, env)
        shutil.rmtree(root2)
    res["loadavg_after"] = os.getloadavg()
    return res


def compare_processes(n: int, work: Path, counts: list[int], repeats: int) -> None:
    """Clean builds (no site, no ``.cache/pages``) with each ``CQPSITE_PROCESSUS`` value,
    alternating, ``repeats`` rounds; prints each run with the load, then the medians."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1767225600")
    env["CQPSITE_DOCUMENTS"] = "0"
    env["PYTHONPATH"] = str(PROJECT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    root = work / f"n{n}"
    write_project(root, n)
    walls: dict[int, list[float]] = {c: [] for c in counts}
    cpus: dict[int, list[float]] = {c: [] for c in counts}
    digests: dict[int, str] = {}
    print(f"\n=== N = {n}: clean builds, CQPSITE_PROCESSUS = {counts}, {repeats} rounds")
    for round_ in range(repeats):
        for count in counts if round_ % 2 == 0 else counts[::-1]:
            shutil.rmtree(root / "site_ours", ignore_errors=True)
            shutil.rmtree(root / ".cache" / "pages", ignore_errors=True)
            load = _loadavg(os.getloadavg())
            r = run_child_rss("ours", root, dict(env, CQPSITE_PROCESSUS=str(count)))
            walls[count].append(r["wall"])
            digests.setdefault(count, _digest(root / "site_ours"))
            print(
                f"  processes {count}: {r['wall']:7.2f} s wall ({r['total']:.2f} s in build(),"
                f" generation {r['generate']:.2f} s), peak RSS {r['rss_mb']:.0f} MB,"
                f" tree PSS {r['tree_pss_mb']:.0f} MB; load before {load}\n"
                f"    page loop {r['pages_wall']:.2f} s wall, CPU {r['pages_cpu']:.2f} s here"
                f" + {r['pages_cpu_children']:.2f} s in forked renderers"
            )
            cpus[count].append(r["pages_cpu"])
            sys.stdout.flush()
    base = statistics.median(walls[counts[0]])
    cpu_base = statistics.median(cpus[counts[0]])
    for count in counts:
        median, cpu = statistics.median(walls[count]), statistics.median(cpus[count])
        print(
            f"  median, {count} process(es): {median:7.2f} s wall, ratio {median / base:.3f};"
            f" page loop CPU of the building process {cpu:.2f} s, ratio {cpu / cpu_base:.3f}"
        )
    same = len(set(digests.values())) == 1
    print(f"  sites byte-identical across process counts: {same}")
    shutil.rmtree(root, ignore_errors=True)


def _digest(site: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(site.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _loadavg(values: Any) -> str:
    return " ".join(f"{x:.2f}" for x in values)


def report(r: dict[str, Any], with_docs: bool) -> None:
    n, ours, plain, gen = r["n"], r["ours"], r["plain"], r["gen"]
    pages = ours["pages"]
    mb = 1024 * 1024
    print(f"\n=== N = {n} referentials ({pages} generated pages, {r['html_files']} HTML files)")
    before, after = (_loadavg(r[k]) for k in ("loadavg_before", "loadavg_after"))
    print(f"  load average before / after      {before} / {after}")
    print(f"  load + validate (in-process)     {r['load']:8.2f} s")
    print(
        f"  build_site() alone (subprocess)  {gen['generate']:8.2f} s"
        f"  peak RSS {gen['rss_mb']:.0f} MB"
    )
    print(
        f"  full build (ours)                {ours['wall']:8.2f} s wall, {ours['total']:.2f} s in"
        f" build(); {pages / ours['wall']:.0f} pages/s; peak RSS {ours['rss_mb']:.0f} MB"
    )
    mk = ours["total"] - ours["generate"]
    print(
        f"    of which our generation        {ours['generate']:8.2f} s"
        f" ({100 * ours['generate'] / ours['total']:.0f} %), MkDocs rendering {mk:.2f} s"
    )
    print(
        f"  plain MkDocs, same Markdown      {plain['wall']:8.2f} s wall, {plain['total']:.2f} s in"
        f" build(); peak RSS {plain['rss_mb']:.0f} MB"
    )
    ratio = ours["wall"] / plain["wall"]
    print(
        f"  ratio ours/plain (wall)          {ratio:8.3f}  (target ≤ {TARGET_RATIO})"
        f"  {'MET' if ratio <= TARGET_RATIO else 'MISSED'}"
    )
    print(
        f"  output size                      {r['site_bytes'] / mb:8.1f} MB"
        f" (plain {r['plain_site_bytes'] / mb:.1f} MB)"
    )
    s = r["search"]
    print(
        f"  search index                     {s['bytes'] / mb:8.2f} MB, {s['entries']} entries,"
        f" {s['text_chars'] / 1e6:.2f} M chars of text"
    )
    print(
        f"    grid sections {100 * s['grid_chars'] / s['text_chars']:.0f} %,"
        f" grille pages {100 * s['grille_page_chars'] / s['text_chars']:.0f} %,"
        f" question/aide sections {100 * s['questions_chars'] / s['text_chars']:.0f} %;"
        f" 'Source :' lines indexed {s['source_lines']}, Open Badges JSON blocks {s['badge_json']}"
    )
    for kind, f in s["found"].items():
        print(
            f"    {kind} of the first referential indexed once (per copy in the source):"
            f" {f['once']}/{f['total']} (missing {f['missing']}, at most {f['max']} times)"
        )
    nc, oc = r["nochange"], r["onechange"]
    docs_note = "" if with_docs else " (documents off: CQPSITE_DOCUMENTS=0 or not importable)"
    print(
        f"  no-change rebuild                {nc['wall']:8.2f} s; documents regenerated:"
        f" {r['nochange_regen']}{docs_note}"
    )
    print(
        f"  rebuild after one YAML changed   {oc['wall']:8.2f} s; documents regenerated:"
        f" {r['onechange_regen']}"
    )
    per10k = ours["wall"] / pages * 10_000
    how = "measured (scaled)" if pages >= 9_000 else "extrapolated"
    print(
        f"  {how + ', 10,000 pages':32} {per10k:8.1f} s"
        f" (target ≤ {TARGET_SECONDS_PER_10K:.0f})"
        f"  {'MET' if per10k <= TARGET_SECONDS_PER_10K else 'MISSED'}"
    )
    if "double" in r:
        d = r["double"]
        g = d["wall"] / ours["wall"]
        print(
            f"  growth time(2N)/time(N)          {g:8.2f}  ({2 * n}: {d['wall']:.2f} s,"
            f" RSS {d['rss_mb']:.0f} MB; target ≤ {TARGET_GROWTH})"
            f"  {'MET' if g <= TARGET_GROWTH else 'MISSED'}"
        )
    sys.stdout.flush()


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        sys.path.insert(0, str(PROJECT / "src"))
        child(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 250])
    parser.add_argument(
        "--growth",
        type=int,
        nargs="*",
        default=None,
        help="sizes N for which 2N is also built (default: sizes ≤ 200)",
    )
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: temporary)")
    parser.add_argument("--json", type=Path, help="also write raw figures to this file")
    parser.add_argument(
        "--processus",
        type=int,
        nargs="+",
        help="compare clean builds with these CQPSITE_PROCESSUS values instead (no plain MkDocs)",
    )
    parser.add_argument("--repeats", type=int, default=3, help="rounds of --processus")
    args = parser.parse_args()
    sys.path.insert(0, str(PROJECT / "src"))
    with_docs = documents_available() and os.environ.get("CQPSITE_DOCUMENTS", "1") != "0"
    growth = set(args.growth) if args.growth is not None else {n for n in args.sizes if n <= 200}
    load = _loadavg(os.getloadavg())
    print(
        f"Python {sys.version.split()[0]}, nproc {len(os.sched_getaffinity(0))}"
        f" ({os.cpu_count()} CPUs), load average {load}, {time.strftime('%Y-%m-%d %H:%M %Z')},"
        f" documents: {with_docs}"
    )
    work = args.keep or Path(tempfile.mkdtemp(prefix="cqpsite-bench-"))
    results = []
    try:
        for n in args.sizes if args.processus else ():
            compare_processes(n, work, args.processus, args.repeats)
        for n in () if args.processus else args.sizes:
            r = bench(n, work, with_docs, n in growth)
            report(r, with_docs)
            results.append(r)
            if not args.keep:
                shutil.rmtree(work / f"n{n}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
