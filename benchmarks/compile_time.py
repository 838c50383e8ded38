"""First-call time: numba compile (cold cache) and cache load.

Cold start, each case in a fresh process after deleting the numba cache
files (``*.nbi``, ``*.nbc``) of the package being run (or of
``NUMBA_CACHE_DIR`` when it is set); a second run of the same case then
loads from the cache:

    PYTHONPATH=src .venv/bin/python benchmarks/compile_time.py --cold [--repeat 3]

Cases: ``import coalition``; the whole ``coalition demo`` command (the
interpreter's start included); the first ``estimate_shapley`` call on a
dense game of 14 and of 20 players, with the default method and with
``method="permutation"`` (the call alone, after the import). With
``--compiles`` each case also lists the functions numba compiled and their
times (nested: a function's time includes the functions it calls).

Every method on a dense and a structured game, first and second call, in one
process (the cache is used if present):

    rm -rf /tmp/nbc && NUMBA_CACHE_DIR=/tmp/nbc .venv/bin/python benchmarks/compile_time.py  # cold
    NUMBA_CACHE_DIR=/tmp/nbc .venv/bin/python benchmarks/compile_time.py                     # cached
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

CASES = {
    "import coalition": "import coalition",
    "coalition demo (whole process)": None,
    "estimate_shapley, dense n=14, default method": "co.estimate_shapley(g14, budget=5000, seed=1)",
    "estimate_shapley, dense n=14, permutation": "co.estimate_shapley(g14, budget=5000, method='permutation', seed=1)",
    "estimate_shapley, dense n=20, default method": "co.estimate_shapley(g20, budget=10**4, seed=1)",
    "estimate_shapley, dense n=20, permutation": "co.estimate_shapley(g20, budget=10**4, method='permutation', seed=1)",
}

_CALL = """
import time, sys
import numpy as np
t0 = time.perf_counter()
import coalition as co
t_import = time.perf_counter() - t0
rng = np.random.default_rng(0)
g14 = co.Game(np.concatenate([[0.0], rng.random(2**14 - 1)]))
g20 = co.Game(np.concatenate([[0.0], rng.random(2**20 - 1)]))
if {compiles}:
    from numba.core import event
    class _L(event.Listener):
        def __init__(self):
            self.start = {{}}
        def on_start(self, ev):
            self.start[id(ev.data["dispatcher"]), str(ev.data["args"])] = time.perf_counter()
        def on_end(self, ev):
            f = ev.data["dispatcher"].py_func
            took = time.perf_counter() - self.start[id(ev.data["dispatcher"]), str(ev.data["args"])]
            if f.__module__.startswith("coalition"):
                print(f"    compiled {{f.__module__}}.{{f.__name__}}: {{took:.2f}} s", file=sys.stderr)
    event.register("numba:compile", _L())
t = time.perf_counter()
{stmt}
print(f"{{t_import:.3f}} {{time.perf_counter() - t:.3f}}")
"""

_DEMO = "from coalition.cli import main; raise SystemExit(main(['demo']))"


def _clear_caches() -> None:
    import coalition

    roots = [Path(coalition.__file__).parent]
    if os.environ.get("NUMBA_CACHE_DIR"):
        roots.append(Path(os.environ["NUMBA_CACHE_DIR"]))
    for root in roots:
        for pattern in ("*.nbi", "*.nbc"):
            for f in root.rglob(pattern):
                f.unlink()


def _run(label: str, compiles: bool) -> tuple[float, float | None]:
    """(time of the case, import time) in a fresh interpreter."""
    stmt = CASES[label]
    if stmt is None:
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", _DEMO], check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - t, None
    if stmt == "import coalition":
        code = "import time; t = time.perf_counter(); import coalition; print(0, time.perf_counter() - t)"
    else:
        code = _CALL.format(stmt=stmt, compiles=compiles)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    if compiles:
        for line in out.stderr.splitlines():
            if line.startswith("    compiled"):
                print(line)
    t_import, t_case = map(float, out.stdout.split()[-2:])
    return t_case, t_import


def cold(repeat: int, compiles: bool) -> None:
    print(f"python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.2f} at start")
    print(f"{'case':48s} {'cold (median, runs)':>34s} {'cached':>8s}")
    for label in CASES:
        colds = []
        for _ in range(repeat):
            _clear_caches()
            colds.append(_run(label, compiles and not colds)[0])
        warm = _run(label, False)[0]
        runs = ", ".join(f"{c:.2f}" for c in colds)
        print(f"{label:48s} {statistics.median(colds):6.2f} s ({runs:>20s}) {warm:6.2f} s")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


def methods() -> None:
    import numpy as np

    t0 = time.perf_counter()
    import coalition as co

    print(f"import coalition: {time.perf_counter() - t0:.2f} s")
    dense = co.Game(np.concatenate([[0.0], np.random.default_rng(0).random(2**14 - 1)]))
    total = time.perf_counter()
    voting = co.families.weighted_voting([5, 4, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1], 14)
    for name, game in (("dense", dense), ("voting", voting)):
        for method in ("permutation", "antithetic", "stratified", "svarm", "kernel"):
            t = time.perf_counter()
            co.estimate_shapley(game, budget=5000, method=method, seed=1, threads=1)
            first = time.perf_counter() - t
            t = time.perf_counter()
            co.estimate_shapley(game, budget=5000, method=method, seed=1, threads=1)
            print(f"{name:7s} {method:12s} first call {first:6.2f} s, second {time.perf_counter() - t:.4f} s")
    print(f"all first calls: {time.perf_counter() - total:.1f} s")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--cold", action="store_true", help="each case in a fresh process, caches deleted first")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--compiles", action="store_true", help="list what numba compiles in each case's first run")
    a = ap.parse_args()
    if a.cold:
        cold(a.repeat, a.compiles)
    else:
        methods()
