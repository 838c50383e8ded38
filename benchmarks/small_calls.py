"""Small calls: the time of one call of estimate_shapley (permutation
sampling, 10^3 and 10^4 evaluations) and of the exact Owen value (4 blocs
of 5), on the dense 20-player game, against coopgame-py in the same run.

Calls of the two libraries alternate in rounds, and each figure is the
fastest round's mean time per call (so a burst of load on the shared machine
hits both alike). ``seed``: the same seed in every call (as the
pytest-benchmark file does), or a new seed per call. Ratio: coopgame-py's
time over coalition's (above 1: coalition is faster).

    PYTHONPATH=src .venv/bin/python benchmarks/small_calls.py [--rounds 15]
    PYTHONPATH=src .venv/bin/python benchmarks/small_calls.py --pieces   # where the time goes

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


def pieces() -> None:
    """The 10^3 and 10^4 calls taken apart (timeit, best of 9)."""
    import timeit

    import coopgame

    from coalition._kernels import sampling as ks
    from coalition.sampling._checks import _check_options
    from coalition.sampling._run import _first_seed, _quantile, _root_seed

    game, table = dense20()
    peer = coopgame.Game(table[1:])
    seed = _first_seed(_root_seed(1))
    co.estimate_shapley(game, budget=1000, method="permutation", seed=1)
    names = dict(co=co, game=game, peer=peer, coopgame=coopgame, ks=ks, T=game._table, seed=seed,
                 _check_options=_check_options, _first_seed=_first_seed, _root_seed=_root_seed, _quantile=_quantile)
    for label, stmt, number in [
        ("estimate_shapley, 10^3, whole call", "co.estimate_shapley(game, budget=1000, method='permutation', seed=1)", 20000),
        ("coopgame-py, 50 permutations, whole call", "coopgame.shapley_sampling(peer, 50, seed=1)", 20000),
        ("the compiled call, 50 permutations", "ks.dense_permutation_estimate(T, 20, 50, seed, False, 2.0, 2)", 20000),
        ("the compiled call, 1 permutation", "ks.dense_permutation_estimate(T, 20, 1, seed, False, 2.0, 2)", 20000),
        ("argument checks", "_check_options(game, 1000, None, 0.95, 'permutation', None, None, None, None, None)", 20000),
        ("integer seed to first chunk seed", "_first_seed(_root_seed(1))", 20000),
        ("t quantile (cached)", "_quantile(0.95, 49)", 20000),
        ("estimate_shapley, 10^4, whole call", "co.estimate_shapley(game, budget=10**4, method='permutation', seed=1)", 3000),
        ("coopgame-py, 500 permutations", "coopgame.shapley_sampling(peer, 500, seed=1)", 3000),
        ("the compiled call, 500 permutations", "ks.dense_permutation_estimate(T, 20, 500, seed, False, 2.0, 2)", 3000),
    ]:
        best = min(timeit.repeat(stmt, number=number, repeat=9, globals=names)) / number
        print(f"{label:58s} {best * 1e6:7.2f} us")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--pieces", action="store_true", help="take the small calls apart instead")
    args = ap.parse_args()
    if args.pieces:
        pieces()
        return
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
