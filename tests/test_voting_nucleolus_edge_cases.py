"""The nucleolus of weighted voting games without a table, special cases:
the first level (the least-core epsilon) against the table engine."""

from __future__ import annotations

import numpy as np
import pytest

import coalition as co
from coalition.stability import _voting_nucleolus as vn


@pytest.mark.parametrize("weights, quota", [
    ([8, 1, 2, 4], 5),     # a dictator, and 1 + 4 wins without it: largest excess 1
    ([8, 1, 2, 4], 8),     # a dictator alone: largest excess 0
    ([1, 2, 3, 4, 5], 15), # every player veto: largest excess -1/5 (a player alone)
    ([5, 5, 1, 2], 12),    # two veto players and others: largest excess 0
])
def test_special_cases_report_the_least_core_epsilon(weights, quota):
    out = vn.nucleolus_of_threshold(np.array(weights, dtype=np.int64), quota)
    ref = co.nucleolus(co.Game(co.families.weighted_voting(weights, quota).worths))
    np.testing.assert_allclose(out.x, ref.x, atol=1e-9)
    # the largest excess at the answer, over every proper coalition
    v = np.asarray(co.families.weighted_voting(weights, quota).worths)
    n = len(weights)
    masks = np.arange(1, (1 << n) - 1)
    members = (masks[:, None] >> np.arange(n)) & 1
    eps = float(np.max(v[masks] - members @ out.x))
    assert out.levels[0] == pytest.approx(eps, abs=1e-12)
    assert ref.levels[0] == pytest.approx(eps, abs=1e-9)


@pytest.mark.parametrize("weights, quota", [
    ([1] * 20, 11),          # a symmetric majority game: largest excess 1 - 11/20
    ([1] * 20, 3),           # improper: 1 - 3/20
    ([3] * 18 + [0, 0], 30), # one class and two null players: 1 - 10/18
])
def test_one_class_of_equal_players_reports_the_least_core_epsilon(weights, quota):
    out = co.nucleolus(co.families.weighted_voting(weights, quota))
    live = [w for w in weights if w > 0]
    k = -(-quota // live[0])  # members needed to win
    assert out.levels.size >= 1
    assert out.levels[0] == pytest.approx(1.0 - k / len(live), abs=1e-12)


def test_weights_with_a_common_factor_are_solved_without_a_table():
    rng = np.random.default_rng(0)
    w = [int(a) for a in rng.integers(1, 20, 50)]
    q = sum(w) // 2 + 1
    small = co.nucleolus(co.families.weighted_voting(w, q))
    big = co.nucleolus(co.families.weighted_voting([a * 10**6 for a in w], q * 10**6 - 999_999))
    assert "without a table" in big.message
    np.testing.assert_allclose(big.x, small.x, atol=1e-12)


def test_a_dictator_or_veto_players_need_no_programme():
    out = co.nucleolus(co.families.weighted_voting([10**14] + [1] * 40, 10**14))
    assert out.x.tolist() == [1.0] + [0.0] * 40
    w = [10**13, 10**13 + 1] + [10**12] * 38
    out = co.nucleolus(co.families.weighted_voting(w, sum(w) - 10**13 + 1))  # the first two are veto
    np.testing.assert_allclose(out.x, [0.5, 0.5] + [0.0] * 38, atol=0)
