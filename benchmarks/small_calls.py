"""Small calls: the time of one call of estimate_shapley (permutation
sampling, 10^3 and 10^4 evaluations) and of the exact Owen value (4 blocs
of 5), on the dense 20-player game, against coopgame-py in the same run.

Calls of the two libraries alternate in rounds, and each figure is the
fastest round's mean time per call (so a burst of load on the shared machine
hits both alike). ``seed``: the same seed in every call (as the
pytest-benchmark file does), or a new seed per call. Ratio: coopgame-py's
time over coalition's (above 1: coalition is faster).

    PYTHONPATH=src .venv/bin/python benchmarks/small_calls.py [--rounds 15]

A peer that is not installed is left out.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import coalition as co  # noqa: E402
from _games import dense20  # noqa: E402

N = 20


def _per_call(fn, calls: int) -> float:
    t = time.perf_counter()
    for k in range(calls):
        fn(k)
    return (time.perf_counter() - t) / calls


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args()
    try:
        import coopgame
    except ImportError:
        coopgame = None
    game, table = dense20()
    peer = coopgame.Game(table[1:]) if coopgame else None
    blocs = [list(range(k, k + 5)) for k in range(0, N, 5)]
    named = [[game.players[i] for i in b] for b in blocs]

    cases = {}
    for budget in (10**3, 10**4):
        calls = 2000 if budget == 10**3 else 300
        for same in (True, False):
            label = f"estimate_shapley permutation 10^{len(str(budget)) - 1}, {'one seed' if same else 'a seed per call'}"

            def ours(k, budget=budget, same=same):
                co.estimate_shapley(game, budget=budget, method="permutation", seed=1 if same else k, threads=1)

            def theirs(k, budget=budget, same=same):
                coopgame.shapley_sampling(peer, budget // N, seed=1 if same else k)

            cases[label] = (ours, theirs if coopgame else None, calls)
    cases["owen, 4 blocs of 5 (exact)"] = (
        lambda k: co.owen(game, named),
        (lambda k: coopgame.owen(peer, blocs)) if coopgame else None,
        2000,
    )
    # compile and warm up
    for ours, theirs, calls in cases.values():
        ours(0)
        if theirs:
            theirs(0)
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, coalition {co.__version__}, "
          f"coopgame-py {getattr(coopgame, '__version__', '0.3.0') if coopgame else 'not installed'}")
    print(f"{'case':60s} {'coalition':>12s} {'coopgame-py':>12s} {'ratio':>6s}")
    for label, (ours, theirs, calls) in cases.items():
        best_o = best_t = np.inf
        for _ in range(args.rounds):
            best_o = min(best_o, _per_call(ours, calls))
            if theirs:
                best_t = min(best_t, _per_call(theirs, calls))
        peer_s = f"{best_t * 1e6:9.1f} us" if theirs else "           -"
        ratio = f"{best_t / best_o:6.2f}" if theirs else "     -"
        print(f"{label:60s} {best_o * 1e6:9.1f} us {peer_s} {ratio}")


if __name__ == "__main__":
    main()
