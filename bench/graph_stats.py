"""Benchmark: ``huiju graph stats --json`` against a bare networkx process, whole processes.

Usage (from the project root)::

    python bench/graph_stats.py [--sizes 2000x10000,10000x50000] [--databases sqlite,postgresql]
                                [--repeats 2]

For each size a seeded power-law cluster network (weights 1–5, one partner in ten
overseas) is written into a fresh database, SQLite and PostgreSQL in turn (the server at
HUIJU_TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/test; a throw-away
database is created and dropped), and into a CSV file of weighted edges. Then, in the same
run, alternating which goes first, it times as whole processes (interpreter start, imports,
reading the data included):

* ``huiju graph stats --json`` as a user runs it: exact weighted betweenness (estimated
  only above ``EXACT_BETWEENNESS_MAX_WORK``), PageRank, communities, bridges, isolates;
* the bare networkx process the issue measured: read the CSV, PageRank, betweenness
  *sampled* from k=256 seeded sources, Louvain (``python bench/graph_stats.py --bare CSV``).

Each line gives the best wall time and the CPU time (user + system of the child) of each,
and both ratios; "start-up" is ``huiju graph --help``, the share of ours that is the CLI
starting (imports, ``create_app``), not the metrics. Goals: ours / bare <= 1.5 at
2,000/10,000, and ours under 10 s at 10,000/50,000. CPU time is printed beside wall time
because the machine is shared: wall time then measures the neighbours as much as the code.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REGIONS = ("shanghai", "jiangsu", "zhejiang", "anhui")
TARGET_RATIO = 1.5
TARGET_SECONDS_10K = 10.0
BARE_SAMPLES = 256
PG_URL = os.environ.get("HUIJU_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def bare(path: str) -> None:
    """The bare networkx process: the issue's baseline (sampled betweenness, k=256)."""
    import networkx as nx

    g = nx.Graph()
    with open(path, newline="") as rows:
        for u, v, weight in csv.reader(rows):
            g.add_edge(int(u), int(v), weight=float(weight), distance=1 / float(weight))
    nx.pagerank(g, weight="weight")
    nx.betweenness_centrality(g, k=min(len(g), BARE_SAMPLES), weight="distance", seed=42)
    nx.community.louvain_communities(g, weight="weight", seed=42)


def network(nodes: int, edges: int, seed: int = 7) -> tuple[list[dict], list[dict]]:
    """Partner and link rows of a seeded power-law cluster graph of about ``edges`` links."""
    import networkx as nx

    rng = random.Random(seed)
    shape = nx.powerlaw_cluster_graph(nodes, max(1, edges // nodes), 0.1, seed=seed)
    partners = []
    for n in shape:
        region = "overseas" if rng.random() < 0.1 else rng.choice(REGIONS)
        partners.append(
            {
                "id": n + 1,
                "slug": f"p{n + 1}",
                "name_en": f"Partner {n + 1}",
                "name_zh": f"伙伴{n + 1}",
                "kind": "park",
                "region": region,
                "country": "FI" if region == "overseas" else "CN",
            }  # fmt: skip
        )
    links = [
        {"source_id": u + 1, "target_id": v + 1, "kind": "mou", "weight": float(rng.randint(1, 5))}
        for u, v in shape.edges()
    ]
    return partners, links


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """A fresh database URL of ``kind``, removed afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'bench.sqlite3'}"
        return
    import sqlalchemy as sa

    name = f"huiju_bench_{secrets.token_hex(4)}"
    admin_url = PG_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def fill(url: str, partners: list[dict], links: list[dict]) -> None:
    """Create the schema at ``url`` and insert the rows, through the app's models."""
    from sqlalchemy import insert

    from core.app import create_app
    from core.extensions import db
    from partners.models import Link, Partner

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        db.create_all()
        db.session.execute(insert(Partner), partners)
        db.session.execute(insert(Link), links)
        db.session.commit()
        db.engine.dispose()


def run(command: list[str], env: dict[str, str]) -> tuple[float, float, bytes]:
    """Wall and CPU seconds of one child process, and what it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def compare(
    urls: dict[str, str], csv_path: Path, nodes: int, repeats: int, instance: Path
) -> dict[str, tuple[float, float]]:
    """Best (wall, cpu) of each process over ``repeats`` rounds, the order flipped each round.

    The bare process reads the CSV, so it runs once per round whatever the databases.
    """
    huiju = str(Path(sys.executable).with_name("huiju"))
    base = {**os.environ, "HUIJU_INSTANCE_PATH": str(instance), "HUIJU_SCHEDULER": "off"}
    commands = {"bare": ([sys.executable, __file__, "--bare", str(csv_path)], base)}
    for kind, url in urls.items():
        env = {**base, "HUIJU_DATABASE_URL": url}
        commands[kind] = ([huiju, "graph", "stats", "--json"], env)
        commands[f"start-up {kind}"] = ([huiju, "graph", "--help"], env)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for round_ in range(repeats):
        for name in list(commands) if round_ % 2 == 0 else list(reversed(commands)):
            wall, cpu, out = run(*commands[name])
            if name in urls:
                assert json.loads(out)["nodes"] == nodes, out[:200]
            times[name].append((wall, cpu))
    return {name: (min(w for w, _ in t), min(c for _, c in t)) for name, t in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000x10000,10000x50000")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--bare", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        bare(args.bare)
        return
    print(
        f"{'graph':>12} {'db':>10} │ {'ours wall':>9} {'cpu':>6} │ {'bare wall':>9} {'cpu':>6} │"
        f" {'ratio wall':>10} {'cpu':>5} │ {'start-up':>8} {'cpu':>5} │ goal"
    )
    for size in args.sizes.split(","):
        nodes, edges = (int(part) for part in size.split("x"))
        report(args.databases.split(","), nodes, edges, args.repeats)


def report(kinds: list[str], nodes: int, edges: int, repeats: int) -> None:
    """Fill a fresh database of each kind with the network; print one line per database."""
    partners, links = network(nodes, edges)
    with tempfile.TemporaryDirectory(prefix="huiju-bench-") as tmp, ExitStack() as stack:
        folder = Path(tmp)
        csv_path = folder / "edges.csv"
        with csv_path.open("w", newline="") as out:
            csv.writer(out).writerows((r["source_id"], r["target_id"], r["weight"]) for r in links)
        urls = {}
        for kind in kinds:
            (folder / kind).mkdir()
            urls[kind] = stack.enter_context(database(kind, folder / kind))
            fill(urls[kind], partners, links)
        best = compare(urls, csv_path, nodes, repeats, folder)
    bare_wall, bare_cpu = best["bare"]
    for kind in kinds:
        (ours_wall, ours_cpu), (start_wall, start_cpu) = best[kind], best[f"start-up {kind}"]
        if nodes * len(links) <= 2000 * 10000:
            verdict = "ok" if ours_wall / bare_wall <= TARGET_RATIO else "SLOW"
            goal = f"ratio <= {TARGET_RATIO} {verdict}"
        else:
            verdict = "ok" if ours_wall < TARGET_SECONDS_10K else "SLOW"
            goal = f"ours < {TARGET_SECONDS_10K:.0f} s {verdict}"
        print(
            f"{f'{nodes}/{len(links)}':>12} {kind:>10} │ {ours_wall:8.2f}s {ours_cpu:5.2f}s │"
            f" {bare_wall:8.2f}s {bare_cpu:5.2f}s │ {ours_wall / bare_wall:10.2f}"
            f" {ours_cpu / bare_cpu:5.2f} │ {start_wall:7.2f}s {start_cpu:4.2f}s │ {goal}",
            flush=True,
        )


if __name__ == "__main__":
    main()
