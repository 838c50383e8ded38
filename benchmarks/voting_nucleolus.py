"""The nucleolus of weighted voting games without a table, and what the peer
does with the same games.

    PYTHONPATH=src /work/venv/bin/python benchmarks/voting_nucleolus.py [--distinct-max N]

1. Random integer weights 1..20 and a majority quota (half the total weight
   plus one), n = 50 and 100, three seeds each: seconds, classes, stages, LPs.
2. All weights distinct (drawn without replacement from 1..10n), majority
   quota: n = 20, 50, 100 (and up to ``--distinct-max``).
3. Side by side at n = 12, 16, 20 (weights 1..20): this route
   (``coalition.stability._voting_nucleolus``), the table engine on the same
   worths (``coalition.nucleolus`` of a plain ``Game``) and coopgame-py's
   ``nucleolus`` of its ``Game.weighted_voting``; largest difference of the
   answers.
4. The peer at n = 50, each call in a child process limited to 6 GiB of
   address space and 120 s: ``Game.weighted_voting`` (a table of 2**50 - 1
   worths), ``auto_nucleolus`` of a ``FunctionGame``, and
   ``sampled_nucleolus`` (the nucleolus of 20,000 sampled coalitions and
   their complements only), whose
   answer is compared with the certified one.

Timings depend on the load of the machine; the load average is printed.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import resource
import time
from importlib.metadata import version

import numpy as np

import coalition as co
from coalition.stability import _voting_nucleolus as vn

LIMIT_BYTES = 6 * 2**30
LIMIT_S = 120
SAMPLED_PAIRS = 20_000


def _majority(weights: np.ndarray) -> int:
    return int(weights.sum()) // 2 + 1


def _ours(weights: np.ndarray, q: int):
    t = time.perf_counter()
    out = vn.nucleolus_of_threshold(weights.astype(np.int64), q)
    return out, time.perf_counter() - t


def part_classes() -> None:
    print("\n| n | seed | classes | stages | LPs | seconds |\n| --- | --- | --- | --- | --- | --- |")
    for n in (50, 100):
        for seed in range(3):
            w = np.random.default_rng([n, seed]).integers(1, 21, size=n)
            out, dt = _ours(w, _majority(w))
            print(f"| {n} | {seed} | {out.message.split()[0]} | {len(out.stages)} | {out.n_lps} | {dt:.3f} |",
                  flush=True)


def part_distinct(top: int) -> None:
    print("\n| n (distinct weights) | stages | LPs | rows in the largest LP | seconds |\n| --- | --- | --- | --- | --- |")
    for n in [k for k in (20, 50, 100, 150, 200) if k <= top]:
        w = np.random.default_rng([n, 99]).choice(np.arange(1, 10 * n), size=n, replace=False)
        out, dt = _ours(w, _majority(w))
        print(f"| {n} | {len(out.stages)} | {out.n_lps} | {out.n_rows} | {dt:.2f} |", flush=True)


def part_side_by_side() -> None:
    try:
        import coopgame as cg
    except ImportError:
        cg = None
    print("\n| n | this route (s) | table engine (s) | coopgame-py (s) | largest difference |\n"
          "| --- | --- | --- | --- | --- |")
    for n in (12, 16, 20):
        w = np.random.default_rng([n, 7]).integers(1, 21, size=n)
        q = _majority(w)
        out, dt = _ours(w, q)
        g = co.Game(co.families.weighted_voting(w, q).worths)
        t = time.perf_counter()
        ref = co.nucleolus(g).x
        dt_table = time.perf_counter() - t
        diff = float(np.abs(out.x - ref).max())
        peer = "-"
        if cg is not None:
            t = time.perf_counter()
            px = np.asarray(cg.nucleolus(cg.Game.weighted_voting(w.tolist(), q))["allocation"], dtype=float)
            peer = f"{time.perf_counter() - t:.3f}"
            diff = max(diff, float(np.abs(px - out.x).max()))
        print(f"| {n} | {dt:.4f} | {dt_table:.3f} | {peer} | {diff:.1e} |", flush=True)


def _limited(task, args, queue) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))
    t = time.perf_counter()
    try:
        result = task(*args)
        queue.put(("ok", result, time.perf_counter() - t))
    except BaseException as e:  # noqa: BLE001 - the peer's failure is the finding
        queue.put((type(e).__name__, str(e)[:160], time.perf_counter() - t))


def _peer_table(w, q):
    import coopgame as cg
    cg.Game.weighted_voting(w, q)
    return "built"


def _peer_function(w, q):
    import coopgame as cg
    g = cg.FunctionGame(len(w), lambda s: 1.0 if sum(w[i] for i in s) >= q else 0.0)
    return np.asarray(cg.auto_nucleolus(g)["allocation"], dtype=float).tolist()


def _peer_sampled(w, q):
    import coopgame as cg
    g = cg.FunctionGame(len(w), lambda s: 1.0 if sum(w[i] for i in s) >= q else 0.0)
    return np.asarray(cg.sampled_nucleolus(g, SAMPLED_PAIRS, seed=0)["allocation"], dtype=float).tolist()


def _run_limited(task, args):
    queue = mp.get_context("fork").Queue()
    p = mp.get_context("fork").Process(target=_limited, args=(task, args, queue))
    p.start()
    p.join(LIMIT_S)
    if p.is_alive():
        p.kill()
        p.join()
        return ("timeout", f"no answer in {LIMIT_S} s", LIMIT_S)
    return queue.get() if not queue.empty() else ("killed", f"exit code {p.exitcode}", float("nan"))


def part_peer() -> None:
    try:
        import coopgame  # noqa: F401
    except ImportError:
        print("\ncoopgame-py is not installed: part 4 skipped")
        return
    n = 50
    w = np.random.default_rng([n, 0]).integers(1, 21, size=n)
    q = _majority(w)
    ours, dt = _ours(w, q)
    print(f"\nn = 50, seed 0: this route {dt:.3f} s. A table of 2**50 - 1 float64 worths needs "
          f"{(2**50 - 1) * 8 / 2**50:.1f} PiB.")
    print("\n| peer call (6 GiB, 120 s limits) | outcome | seconds | detail |\n| --- | --- | --- | --- |")
    for name, task in (("coopgame Game.weighted_voting", _peer_table),
                       ("coopgame auto_nucleolus(FunctionGame)", _peer_function),
                       ("coopgame sampled_nucleolus(FunctionGame)", _peer_sampled)):
        status, detail, secs = _run_limited(task, (w.tolist(), q))
        if status == "ok" and isinstance(detail, list):
            detail = f"largest difference from the nucleolus {float(np.abs(np.array(detail) - ours.x).max()):.3g}"
        print(f"| {name} | {status} | {secs:.2f} | {detail} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--distinct-max", type=int, default=100)
    args = parser.parse_args()
    print(f"coalition {co.__version__}, coopgame-py {_peer_version()}, numpy {np.__version__}, "
          f"Python {platform.python_version()}, {os.cpu_count()} CPUs")
    t = time.perf_counter()
    vn.nucleolus_of_threshold(np.array([3, 2, 2, 1, 1], dtype=np.int64), 5)
    print(f"first call (numba kernels loaded or compiled): {time.perf_counter() - t:.2f} s")
    part_classes()
    part_distinct(args.distinct_max)
    part_side_by_side()
    part_peer()
    print(f"\nload average: {os.getloadavg()}")


def _peer_version() -> str:
    try:
        return version("coopgame-py")
    except Exception:  # noqa: BLE001
        return "not installed"


if __name__ == "__main__":
    main()
