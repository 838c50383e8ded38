"""Time core_centroid on games of n players whose core is not empty.

Two kinds of game, seeded:

* ``balanced``: a random split x (uniform in [0, 10)) and every coalition
  worth x(S) minus a slack uniform in [0, 3): x is in the core, which is a
  small polytope with hundreds to a few thousand vertices;
* ``convex``: v(S) = (sum of w over S)**2 with w uniform in [1, 2): a convex
  game, whose core has all n! marginal vectors as vertices (the worst case).

For each, the time of the vertex enumeration (core_vertices' method) and of
the whole core_centroid, one call each (they take seconds, not
microseconds), after one untimed call on a small game. A game refused with GameTooLargeError is reported with the
reason.

Run::

    .venv/bin/python benchmarks/core_centroid.py            # n = 6, 8, 9, 10
    .venv/bin/python benchmarks/core_centroid.py 7          # other sizes
    timeout 600 .venv/bin/python benchmarks/core_centroid.py --lift-cap 10

``--lift-cap`` raises the limit on the number of players (9) to see how
long the enumeration takes beyond it, on the balanced game only.
"""

from __future__ import annotations

import sys
import time

import numpy as np

import coalition as co
from coalition.stability._common import _check_tol
from coalition.stability.vertices import _enumerate


def _bits(n: int) -> np.ndarray:
    m = np.arange(1 << n)
    return ((m[:, None] >> np.arange(n)) & 1).astype(float)


def balanced(n: int, rng: np.random.Generator) -> co.Game:
    bits = _bits(n)
    v = bits @ rng.uniform(0, 10, n) - rng.uniform(0, 3, 1 << n) * (bits.sum(axis=1) < n)
    v[0] = 0.0
    return co.Game(v)


def convex(n: int, rng: np.random.Generator) -> co.Game:
    return co.Game((_bits(n) @ rng.uniform(1, 2, n)) ** 2)


def main(sizes: list[int], kinds=("balanced", "convex")) -> None:
    co.core_centroid(balanced(4, np.random.default_rng(0)))  # imports and compiled code, untimed
    print("| n | game | vertices | enumeration (s) | core_centroid (s) |")
    print("| --- | --- | --- | --- | --- |")
    for n in sizes:
        for name, make in (("balanced", balanced), ("convex", convex)):
            if name not in kinds:
                continue
            g = make(n, np.random.default_rng(2026 + n))
            t0 = time.perf_counter()
            try:
                x = co.core_centroid(g).x
            except co.GameTooLargeError as exc:
                print(f"| {n} | {name} | - | - | GameTooLargeError: {exc} |", flush=True)
                continue
            total = time.perf_counter() - t0
            assert co.in_core(g, x)
            t0 = time.perf_counter()
            k = _enumerate(g, _check_tol(1e-9)).shape[0]
            enum = time.perf_counter() - t0
            print(f"| {n} | {name} | {k:,} | {enum:.2f} | {total:.2f} |", flush=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--lift-cap" in args:
        args.remove("--lift-cap")
        from coalition.stability import centroid

        centroid._CENTROID_MAX_N = 12
        main([int(a) for a in args] or [10], kinds=("balanced",))  # a convex game is refused by its vertex count
    else:
        main([int(a) for a in args] or [6, 8, 9, 10])
