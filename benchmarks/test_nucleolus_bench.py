"""The nucleolus of the Benedek-Fliege-Nguyen (2021) test games: coalition
against coopgame-py, side by side in one run (one group per game).

The games are regenerated from the seeds of the published files in
``../shared/benchmarks/nucleolus-bnf/`` (every file up to 25 players) by the
generator of ``tests/_bnf.py``, written from that folder's README. Both
libraries get the table before the timer starts:

* coalition: ``coalition.nucleolus(game)`` on ``coalition.Game(values)``
  (``2**n`` worths in binary order);
* coopgame-py (``import coopgame``, Rust, sequential LPs with row
  generation; the ``bench`` extra): ``coopgame.nucleolus(game)`` on
  ``coopgame.Game(values[1:])`` (binary order without the empty coalition).

Every result is checked against the nucleolus published in the file (the
fourth block), ours also by Kohlberg's criterion (outside the timer). The
benchmarks skip when ``../shared`` or coopgame-py is missing.

Run::

    .venv/bin/python -m pytest benchmarks/test_nucleolus_bench.py --benchmark-only -o addopts=""

Reference: M. Benedek, J. Fliege and T.-D. Nguyen (2021). Finding and
verifying the nucleolus of cooperative games. Mathematical Programming 190,
135-170.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import coalition as co

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests._bnf import BNF_DIR, bnf_worths, read_bnf_file  # noqa: E402

MAX_N = 25
N_VALUES = (10, 15, 20, 25)
ROUNDS = {10: 10, 15: 10, 20: 5, 25: 3}
PEER_ROUNDS = {10: 10, 15: 10, 20: 3, 25: 1}  # coopgame-py takes about 30 s at n = 25


def _files():
    if not BNF_DIR.is_dir():
        return []
    out = []
    for p in sorted(BNF_DIR.glob("v*n*j*.txt")):
        kind, n, _, _ = read_bnf_file(p)
        if n in N_VALUES and n <= MAX_N:
            out.append(p.name)
    return sorted(out, key=lambda name: (read_bnf_file(BNF_DIR / name)[1], name))


FILES = _files()
_CACHE: dict[str, tuple[int, np.ndarray, np.ndarray]] = {}


def _game(name: str) -> tuple[int, np.ndarray, np.ndarray]:
    """(n, worths in binary order, published nucleolus), one at a time."""
    if name not in _CACHE:
        _CACHE.clear()  # a 25-player table is 256 MiB
        kind, n, seed, published = read_bnf_file(BNF_DIR / name)
        _CACHE[name] = (n, bnf_worths(kind, n, seed), published)
    return _CACHE[name]


def _check(x, published, who):
    err = float(np.max(np.abs(np.asarray(x) - published)))
    assert err <= 1e-6 * max(1.0, float(np.abs(published).max())), f"{who}: off by {err:.3g}"


@pytest.fixture(scope="module", autouse=True)
def _needs_shared():
    if not FILES:
        pytest.skip(f"{BNF_DIR} is not available")


@pytest.mark.parametrize("name", FILES)
def test_coalition(benchmark, name):
    n, v, published = _game(name)
    benchmark.group = f"nucleolus {name[:-4]} (n={n})"
    benchmark.extra_info["n"] = n
    game = co.Game(v)
    co.nucleolus(co.Game(v[: 1 << 5]))  # numba kernels loaded before the timer
    result = benchmark.pedantic(co.nucleolus, args=(game,), rounds=ROUNDS[n], iterations=1)
    _check(result.x, published, "coalition")
    check = co.verify_nucleolus(game, result.x)
    assert check, check.message
    benchmark.extra_info.update(n_lps=result.n_lps, n_passes=result.n_passes, n_coalitions=result.n_coalitions)


@pytest.mark.parametrize("name", FILES)
def test_coopgame(benchmark, name):
    cg = pytest.importorskip("coopgame")
    n, v, published = _game(name)
    benchmark.group = f"nucleolus {name[:-4]} (n={n})"
    benchmark.extra_info["n"] = n
    game = cg.Game(v[1:])
    result = benchmark.pedantic(cg.nucleolus, args=(game,), rounds=PEER_ROUNDS[n], iterations=1)
    _check(result["allocation"], published, "coopgame-py")
    benchmark.extra_info.update(lp_solves=result["lp_solves"])
