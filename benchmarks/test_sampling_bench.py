"""Monte Carlo Shapley speed, coalition against its peers in one run.

Rates are marginal contributions per second (one per value-function
evaluation); pytest-benchmark reports the times, ``extra_info`` the rates.

    .venv/bin/python -m pytest benchmarks/test_sampling_bench.py --benchmark-only -p no:doctest

A peer that is not installed is skipped.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))
import coalition as co  # noqa: E402
from _games import dense20, voting10k  # noqa: E402

N = 20


@pytest.fixture(scope="module")
def dense():
    game, table = dense20()
    co.estimate_shapley(game, budget=10**4, method="permutation", seed=0, threads=1)  # compile
    return game, table


def _rate(benchmark, evaluations):
    benchmark.extra_info["evaluations"] = evaluations
    benchmark.extra_info["million_per_s"] = round(evaluations / benchmark.stats.stats.min / 1e6, 2)


@pytest.mark.parametrize("budget", [10**3, 10**4, 10**6, 10**7])
def test_coalition_dense20_permutation_1_thread(benchmark, dense, budget):
    game, _ = dense
    est = benchmark.pedantic(co.estimate_shapley, args=(game,),
                             kwargs=dict(budget=budget, method="permutation", seed=1, threads=1),
                             rounds=3, warmup_rounds=1)
    _rate(benchmark, est.n_evaluations)


@pytest.mark.parametrize("budget", [10**7])
def test_coalition_dense20_permutation_2_threads(benchmark, dense, budget):
    game, _ = dense
    est = benchmark.pedantic(co.estimate_shapley, args=(game,),
                             kwargs=dict(budget=budget, method="permutation", seed=1, threads=2),
                             rounds=3, warmup_rounds=1)
    _rate(benchmark, est.n_evaluations)


@pytest.mark.parametrize("budget", [10**3, 10**4, 10**6, 10**7])
def test_coopgame_dense20_permutation(benchmark, dense, budget):
    coopgame = pytest.importorskip("coopgame")
    _, table = dense
    g = coopgame.Game(table[1:])
    perms = budget // N
    benchmark.pedantic(coopgame.shapley_sampling, args=(g, perms), kwargs=dict(seed=1), rounds=3, warmup_rounds=1)
    _rate(benchmark, perms * N)


@pytest.mark.parametrize("threads", [1, 2])
def test_coalition_voting10k_permutation(benchmark, threads):
    game = voting10k()
    co.estimate_shapley(game, budget=10**5, method="permutation", seed=0, threads=1)
    est = benchmark.pedantic(co.estimate_shapley, args=(game,),
                             kwargs=dict(budget=5 * 10**7, method="permutation", seed=1, threads=threads),
                             rounds=3, warmup_rounds=0)
    _rate(benchmark, est.n_evaluations)


def test_coalition_dense20_kernel(benchmark, dense):
    game, _ = dense
    est = benchmark.pedantic(co.estimate_shapley, args=(game,),
                             kwargs=dict(budget=10**6, method="kernel", seed=1, threads=1),
                             rounds=3, warmup_rounds=1)
    _rate(benchmark, est.n_evaluations)
