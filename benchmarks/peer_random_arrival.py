"""The random-arrival rule (the Shapley value of the bankruptcy game) by the
peer package shapley-bankruptcy 0.1.4 and by coalition, on the same seeded
problems: the peer's answers go to ``tests/data/peer_random_arrival.json``
for ``tests/test_random_arrival.py``, and both are timed in the same run.

shapley-bankruptcy is not a dependency of coalition; run this with an
environment that has both:

    python -m venv /tmp/peervenv
    /tmp/peervenv/bin/pip install shapley-bankruptcy==0.1.4 -e .
    /tmp/peervenv/bin/python benchmarks/peer_random_arrival.py

The peer's answers are those of its exact dynamic programme
(``DynamicProgrammingAlgorithm``: counts of the sets of each size and total
claim, in Python integers, one claimant at a time; whole claims and estate);
its ``FastRecursiveAlgorithm`` is timed beside it. Its package's
``shapley_bankruptcy/algorithms/__init__.py`` imports ``FastDPAlgorithm``
from the wrong module and fails, so the modules are loaded without it (and
``FastDPAlgorithm`` itself fails on every input: the input schema makes the
estate a float, which it uses as a range bound).
"""

from __future__ import annotations

import json
import sys
import time
import types
from importlib.metadata import version
from pathlib import Path

import numpy as np

import shapley_bankruptcy

_pkg = types.ModuleType("shapley_bankruptcy.algorithms")
_pkg.__path__ = [str(Path(shapley_bankruptcy.__file__).parent / "algorithms")]
sys.modules["shapley_bankruptcy.algorithms"] = _pkg
from shapley_bankruptcy.algorithms.dynamic_programming import DynamicProgrammingAlgorithm  # noqa: E402
from shapley_bankruptcy.algorithms.fast_recursive import FastRecursiveAlgorithm  # noqa: E402

import coalition as co  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "peer_random_arrival.json"
SEED = 20261207


def problems(rng):
    for n in (3, 5, 8, 12, 20, 30, 40):
        for top in (5, 30):
            c = rng.integers(1, top + 1, n)
            for frac in (0.2, 0.5, 0.8):
                yield int(round(frac * c.sum())), c.tolist()


def best_of(f, k=3):
    out = np.inf
    for _ in range(k):
        t = time.perf_counter()
        f()
        out = min(out, time.perf_counter() - t)
    return out


def main():
    rng = np.random.default_rng(SEED)
    peer = DynamicProgrammingAlgorithm(round_digits=12)
    fast = FastRecursiveAlgorithm(round_digits=12)
    cases = []
    for estate, claims in problems(rng):
        cases.append({"estate": estate, "claims": claims,
                      "random_arrival": [float(x) for x in peer.compute(estate, claims).value]})
    OUT.write_text(json.dumps({"peer": f"shapley-bankruptcy {version('shapley-bankruptcy')} DynamicProgrammingAlgorithm",
                               "script": "benchmarks/peer_random_arrival.py", "seed": SEED,
                               "cases": cases}, indent=1) + "\n")
    print(f"{len(cases)} problems written to {OUT}")
    co.random_arrival(3, [1, 2, 3])  # load the compiled programme
    print("| claimants | claims | peer DP | peer fast recursive | coalition | ratio to the faster | largest difference |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for n, top in ((20, 30), (40, 30), (60, 30), (100, 10)):
        c = rng.integers(1, top + 1, n)
        estate = int(0.37 * c.sum())
        tp = best_of(lambda: peer.compute(estate, c.tolist()), 1)
        # the recursive method tabulates all 2**n sets: timed at 20 claimants only
        tf = best_of(lambda: fast.compute(estate, c.tolist()), 1) if n <= 20 else np.inf
        tc = best_of(lambda: co.random_arrival(estate, c.astype(float)))
        gap = np.abs(np.array(peer.compute(estate, c.tolist()).value) - co.random_arrival(estate, c.astype(float)).x).max()
        fast_ms = f"{tf * 1e3:.0f} ms" if np.isfinite(tf) else "- (2**n table)"
        print(f"| {n} | 1..{top} | {tp * 1e3:.0f} ms | {fast_ms} | {tc * 1e3:.2f} ms | "
              f"{min(tp, tf) / tc:.0f} | {gap:.1e} |", flush=True)


if __name__ == "__main__":
    main()
