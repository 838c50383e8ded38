"""The nucleolus of the Benedek-Fliege-Nguyen (BNF) test games, coalition and
coopgame-py 0.3.0 side by side, minima over many interleaved rounds.

    PYTHONPATH=src .venv/bin/python benchmarks/nucleolus_small_lp.py [--rounds 10:40,15:30,20:5] [--n 10,15,20]

The games are those of ``../shared/benchmarks/nucleolus-bnf`` (or
``/work/shared/...``), rebuilt by the generator of ``tests/_bnf.py``; both
libraries get the finished table before the timer starts (coalition a
``Game``, coopgame-py its ``Game`` without the empty coalition). One untimed
call of each first (numba kernels loaded), then the rounds, each round one
call of each library, so that both see the same load. Every answer is checked
against the nucleolus published in the file to 1e-6 (relative to its largest
share) and coalition's by Kohlberg's criterion, outside the timer.

``--clock cpu`` times CPU time (``time.process_time``, every thread of the
process) instead of wall time: on a shared machine a call that is
descheduled for a time slice loses 5 to 30 ms of wall time, which the
minimum over a few rounds of a 20 ms call does not always remove.

Prints one line per game: n, the minimum and median of each library in ms,
the ratio of the minima (coopgame-py / coalition) and the LP solves of each.
Both run on one thread (``RAYON_NUM_THREADS=1``, numba on one thread).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("RAYON_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import coalition as co
from tests._bnf import bnf_worths, read_bnf_file

CANDIDATES = (ROOT.parent / "shared" / "benchmarks" / "nucleolus-bnf",
              Path("/work/shared/benchmarks/nucleolus-bnf"))


def _check(x, published, who):
    err = float(np.max(np.abs(np.asarray(x) - published)))
    if err > 1e-6 * max(1.0, float(np.abs(published).max())):
        raise AssertionError(f"{who}: off by {err:.3g}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", default="10:40,15:30,20:5,25:1")
    ap.add_argument("--n", default="10,15,20")
    ap.add_argument("--no-peer", action="store_true")
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                    help="wall: time.perf_counter; cpu: time.process_time (CPU time of the "
                         "process, all its threads), which a loaded machine disturbs less")
    args = ap.parse_args()
    clock = time.perf_counter if args.clock == "wall" else time.process_time
    rounds = {int(a): int(b) for a, b in (p.split(":") for p in args.rounds.split(","))}
    wanted = {int(s) for s in args.n.split(",")}
    folder = next((p for p in CANDIDATES if p.is_dir()), None)
    if folder is None:
        print("no BNF folder; nothing to do")
        return
    try:
        import coopgame as cg
    except ImportError:
        cg = None
    if args.no_peer:
        cg = None
    import numba

    numba.set_num_threads(1)
    co.nucleolus(co.Game(bnf_worths(1, 5, 1)))  # numba kernels loaded
    files = sorted(folder.glob("v*n*j*.txt"), key=lambda p: (read_bnf_file(p)[1], p.name))
    print(f"{'game':8} {'n':>3} {'coalition min (med)':>22} {'coopgame-py min (med)':>24} {'ratio':>6} LPs")
    for path in files:
        kind, n, seed, published = read_bnf_file(path)
        if n not in wanted:
            continue
        v = bnf_worths(kind, n, seed)
        game = co.Game(v)
        res = co.nucleolus(game)
        _check(res.x, published, "coalition")
        check = co.verify_nucleolus(game, res.x)
        assert check, check.message
        peer_lps = "-"
        if cg is not None:
            cgame = cg.Game(v[1:])
            pres = cg.nucleolus(cgame)
            _check(pres["allocation"], published, "coopgame-py")
            peer_lps = pres["lp_solves"]
        ours, theirs = [], []
        for _ in range(rounds.get(n, 3)):
            t = clock()
            co.nucleolus(game)
            ours.append(clock() - t)
            if cg is not None:
                t = clock()
                cg.nucleolus(cgame)
                theirs.append(clock() - t)
        ours_ms = 1e3 * np.array(ours)
        line = f"{path.stem:8} {n:3d} {ours_ms.min():10.2f} ({np.median(ours_ms):8.2f})"
        if theirs:
            th = 1e3 * np.array(theirs)
            line += f" {th.min():12.2f} ({np.median(th):8.2f}) {th.min() / ours_ms.min():6.2f}"
        else:
            line += f" {'-':>24} {'-':>6}"
        print(f"{line} {res.n_lps}/{peer_lps}", flush=True)


if __name__ == "__main__":
    main()
