"""Time the kernel, the prekernel and the bargaining set on random dense games.

The game of n players: worths uniform on [0, 1) (``numpy.random.default_rng(seed)``),
the singletons set to 0 so that the imputation set is not empty. Each call is
made once untimed (numba compilation, caches), then timed ``repeat`` times;
the best and the median are reported in seconds, with the steps the
iteration took, and every answer is checked (``in_kernel`` /
``in_prekernel``). The nucleolus is timed beside them for reference. The
bargaining-set test is timed for n <= 8 at the nucleolus (a member: every
objection must be ruled out) and at a random imputation.

Run::

    PYTHONPATH=src /work/venv/bin/python benchmarks/kernel_timing.py            # n = 10, 15, 20
    PYTHONPATH=src /work/venv/bin/python benchmarks/kernel_timing.py 6 8 --repeat 3
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

import coalition as co

SEED = 2026


def game(n: int) -> co.Game:
    rng = np.random.default_rng(SEED + n)
    v = np.concatenate([[0.0], rng.random(2**n - 1)])
    v[1 << np.arange(n)] = 0.0
    return co.Game(v)


def timed(f, repeat):
    f()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return out, min(times), statistics.median(times)


def main(sizes: list[int], repeat: int) -> None:
    print("| n | case | best s | median s | note |")
    print("| --- | --- | --- | --- | --- |")
    for n in sizes:
        g = game(n)
        x = co.nucleolus(g).x
        cases = [
            ("max_surplus (one pass)", lambda: co.max_surplus(g, x)),
            ("in_kernel", lambda: co.in_kernel(g, x)),
            ("prekernel_element", lambda: co.prekernel_element(g)),
            ("kernel_element", lambda: co.kernel_element(g)),
            ("nucleolus (reference)", lambda: co.nucleolus(g)),
        ]
        if n <= 8:
            y = np.random.default_rng(n).dirichlet(np.ones(n)) * g.grand_value  # an imputation
            cases.append(("in_bargaining_set at the nucleolus", lambda: co.in_bargaining_set(g, x)))
            cases.append(("in_bargaining_set at a random imputation", lambda: co.in_bargaining_set(g, y)))
        for label, f in cases:
            out, best, med = timed(f, repeat)
            note = ""
            if label.endswith("element"):
                assert out.converged, out.message
                check = co.in_kernel if label.startswith("kernel") else co.in_prekernel
                assert check(g, out.x)
                note = f"{out.iterations} steps; {out.message.split('(')[-1].rstrip(')')}"
            elif label == "in_kernel":
                assert out
            elif label.startswith("in_bargaining_set"):
                assert out or "random" in label
                note = f"{out.n_lps} LPs; {'member' if out else 'justified objection found'}"
            print(f"| {n} | {label} | {best:.4f} | {med:.4f} | {note} |", flush=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    repeat = 3
    if "--repeat" in args:
        k = args.index("--repeat")
        repeat = int(args[k + 1])
        del args[k:k + 2]
    main([int(a) for a in args] or [10, 15, 20], repeat)
