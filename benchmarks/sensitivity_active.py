"""Time the nucleolus sensitivity from its active set against finite
differences: the library's own (two solves per coalition) and the peer
coopgame-py 0.3.0's ``influence`` (finite differences over the coalitions
it is given, or by default those of the two highest excess levels and the
grand coalition).

Random dense games, worths uniform on [0, 10] and v(N) raised by 10 n so that
the nucleolus exists. Best of ``repeat`` runs after one untimed call, in
seconds; ``agree`` is the largest difference between the active-set
coefficients and the peer's on the coalitions the peer reports (columns
flagged as kinks excluded).

Run::

    .venv/bin/python benchmarks/sensitivity_active.py        # repeat 3
"""

from __future__ import annotations

import sys
import time

import numpy as np

import coalition as co

try:  # the peer is optional: its columns read nan without it
    import coopgame
except ImportError:
    coopgame = None


def best(fn, repeat):
    fn()
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return min(out)


def main(repeat: int = 3) -> None:
    rng = np.random.default_rng(18)
    print(f"{'n':>3s} {'active set':>11s} {'own FD':>9s} {'peer FD all':>12s} {'peer default':>13s} {'agree':>9s}")
    for n in (6, 8, 10, 12, 14):
        v = np.concatenate([[0.0], rng.uniform(0, 10, (1 << n) - 1)])
        v[-1] += 10 * n  # above the sum of the standalone worths
        g = co.Game(v)
        peer = coopgame.Game(list(v[1:])) if coopgame is not None else None
        every = [[i for i in range(n) if m >> i & 1] for m in range(1, 1 << n)]
        ours = co.sensitivity(g, "nucleolus")
        t_active = best(lambda g=g: co.sensitivity(g, "nucleolus"), repeat)
        t_fd = best(lambda g=g: co.sensitivity(g, lambda h: co.nucleolus(h)), 1) if n <= 8 else float("nan")
        t_all = (best(lambda p=peer, e=every: coopgame.influence(p, coalitions=e), 1) if n <= 8 and peer is not None
                 else float("nan"))
        t_def = best(lambda p=peer: coopgame.influence(p), repeat) if peer is not None else float("nan")
        agree = float("nan")  # beyond 12 partners there is no matrix to compare
        if ours.matrix is not None and peer is not None:
            agree = 0.0
            for members, sens in coopgame.influence(peer):
                m = sum(1 << i for i in members)
                if not ours.kinks[:, m - 1].any():
                    agree = max(agree, float(np.max(np.abs(ours.matrix[:, m - 1] - np.asarray(sens)))))
        print(f"{n:3d} {t_active:11.4f} {t_fd:9.3f} {t_all:12.3f} {t_def:13.4f} {agree:9.2e}")


if __name__ == "__main__":
    from importlib.metadata import version

    peer_version = version("coopgame-py") if coopgame is not None else "not installed"
    print(f"coalition {co.__version__}, coopgame-py {peer_version}")
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
