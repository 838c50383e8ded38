"""Centres of gravity by coordinate hit-and-run: the core of a large game
(estimate_core_centroid) and the completions of a partially known game
(expected_shares).

Oracles: the exact triangulated centroid (core_centroid), closed forms by
symmetry, a plain NumPy rejection sampler over the box of the unknown worths,
and the coverage of the confidence intervals over many seeds.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import coalition as co
from coalition.errors import (
    ConvergenceWarning,
    EmptyCoreError,
    GameTooLargeError,
    InfeasibleError,
    InvalidGameError,
    InvalidParameterError,
)

FOUR_CORNERS = co.Game([0, 0, 0, 2, 0, 2, 3, 5])
FOUR_CORNERS_CENTROID = np.array([7 / 6, 23 / 12, 23 / 12])  # the triangulation by hand: two triangles


def _convex(n: int, seed: int) -> co.Game:
    """A convex game: nonnegative random dividends."""
    rng = np.random.default_rng(seed)
    div = rng.random(1 << n)
    div[0] = 0.0
    table = div.copy()
    for i in range(n):  # sum of dividends over subsets, one bit at a time
        view = table.reshape(-1, 2, 1 << i)
        view[:, 1, :] += view[:, 0, :]
    return co.Game(table)


# ---------------------------------------------------------------------------
# estimate_core_centroid
# ---------------------------------------------------------------------------

def test_core_centroid_by_hand_matches_the_triangulation():
    np.testing.assert_allclose(co.core_centroid(FOUR_CORNERS).x, FOUR_CORNERS_CENTROID, atol=1e-12)


def _coverage(estimate, truth: np.ndarray, runs: int) -> np.ndarray:
    """The share of `runs` seeds whose interval covers `truth`, per partner."""
    hits = np.zeros(truth.size)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for seed in range(runs):
            est = estimate(seed)
            hits += (est.ci[0] <= truth) & (truth <= est.ci[1])
    return hits / runs


def test_intervals_cover_the_exact_centroid_at_their_level():
    """300 seeds: each 95% interval covers the exact centre about 95% of the time."""
    rate = _coverage(lambda seed: co.estimate_core_centroid(FOUR_CORNERS, n_samples=500, seed=seed),
                     FOUR_CORNERS_CENTROID, 300)
    # binomial(300, 0.95) has a standard deviation of 1.3 points
    assert np.all(rate >= 0.89) and np.all(rate <= 0.995), rate


@pytest.mark.parametrize("n, seed", [(4, 0), (5, 1), (6, 2)])
def test_estimate_agrees_with_the_exact_centroid(n, seed):
    game = _convex(n, seed)
    exact = co.core_centroid(game).x
    est = co.estimate_core_centroid(game, n_samples=4_000, seed=seed)
    assert est.converged
    assert np.all(np.abs(est.x - exact) <= 5 * est.stderr), (est.x - exact) / est.stderr
    assert est.x.sum() == pytest.approx(game.value(game.players), rel=1e-9)


def test_a_core_flatter_than_the_efficiency_plane():
    """x(AB) = 4 at every core point (v(AB) + v(C) = v(N)): the walk runs in that flat."""
    game = co.Game.from_dict({"A": 0, "B": 1, "C": 0, "A+B": 4, "A+C": 1, "B+C": 2, "A+B+C": 4})
    exact = co.core_centroid(game).x
    est = co.estimate_core_centroid(game, n_samples=4_000, seed=3)
    assert est["C"] == pytest.approx(0.0, abs=1e-9)
    assert np.all(np.abs(est.x - exact) <= 5 * est.stderr + 1e-9)


def test_a_core_that_is_a_point_is_exact():
    game = co.Game([0, 1, 1, 2])  # additive: the core is (1, 1)
    est = co.estimate_core_centroid(game, seed=0)
    np.testing.assert_allclose(est.x, [1.0, 1.0], atol=1e-9)
    np.testing.assert_array_equal(est.stderr, [0.0, 0.0])


def test_cost_games_give_cost_shares():
    cost = co.Game.from_dict({"A": 6, "B": 6, "C": 6, "A+B": 9, "A+C": 9, "B+C": 9, "A+B+C": 12}, kind="cost")
    exact = co.core_centroid(cost).x
    est = co.estimate_core_centroid(cost, n_samples=4_000, seed=4)
    assert np.all(np.abs(est.x - exact) <= 5 * est.stderr)
    assert np.all(est.ci[0] <= est.x) and np.all(est.x <= est.ci[1])
    assert est.x.sum() == pytest.approx(12.0)


def test_same_seed_same_estimate_and_beyond_the_triangulation():
    game = _convex(11, 5)
    with pytest.raises(GameTooLargeError, match="estimate_core_centroid"):
        co.core_centroid(game)
    a = co.estimate_core_centroid(game, n_samples=500, seed=7)
    b = co.estimate_core_centroid(game, n_samples=500, seed=7)
    np.testing.assert_array_equal(a.x, b.x)
    assert co.in_core(game, a.x)  # a mean of core points is a core point


def test_an_empty_core_is_refused():
    with pytest.raises(EmptyCoreError, match="empty core"):
        co.estimate_core_centroid(co.Game([0, 0, 0, 1, 0, 1, 1, 1]))  # majority game


@pytest.mark.parametrize("kwargs, match", [
    ({"n_samples": 10}, "n_samples"),
    ({"n_samples": True}, "n_samples"),
    ({"n_samples": "many"}, "n_samples"),
    ({"confidence": 1.5}, "confidence"),
    ({"confidence": "high"}, "confidence"),
    ({"seed": "x"}, "seed"),
])
def test_bad_arguments_name_themselves(kwargs, match):
    with pytest.raises(InvalidParameterError, match=match):
        co.estimate_core_centroid(FOUR_CORNERS, **kwargs)


def test_a_long_thin_core_is_walked_in_its_own_axes():
    """x(AB) >= 10 - 1e-4 = x(N) - 1e-4: a strip 10 long and 1e-4 wide. Steps
    along fixed axes would crawl; the pilot walks find its axes and the
    estimate mixes (and matches the exact centre)."""
    game = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 10 - 1e-4, "A+C": 0, "B+C": 0, "A+B+C": 10})
    exact = co.core_centroid(game).x
    est = co.estimate_core_centroid(game, n_samples=2_000, seed=0)
    assert est.converged
    assert np.all(np.abs(est.x - exact) <= 5 * est.stderr + 1e-12)


def test_a_walk_that_has_not_mixed_says_so(monkeypatch):
    """98 unknown worths, and batches cut to one sweep each (below the
    500-sweep floor a user may ask for): consecutive batch means are
    correlated, so the standard errors would be too small; the estimate says
    so."""
    from coalition.sampling import _polytope

    monkeypatch.setattr(_polytope, "MIN_SWEEPS", 25)
    known = {f"P{i}": float(i) for i in range(7)}
    known["+".join(known)] = 147.0
    with pytest.warns(ConvergenceWarning, match="correlated"):
        est = co.expected_shares(co.IntervalGame.from_dict(known), n_samples=25, seed=0)
    assert not est.converged


def test_short_walks_are_refused():
    with pytest.raises(InvalidParameterError, match="at least 500"):
        co.estimate_core_centroid(FOUR_CORNERS, n_samples=499)


def test_the_mixing_check_on_batches_by_hand():
    from coalition.sampling._polytope import UniformMean

    rng = np.random.default_rng(0)
    drift = np.cumsum(rng.standard_normal((25, 1)), axis=0)  # a random walk: lag-1 correlation near 1
    independent = rng.standard_normal((25, 1))
    _, _, _, mixed = UniformMean(drift.mean(0), drift, 1, 25).linear(np.eye(1), np.zeros(1), 0.95)
    assert not mixed
    est, se, (lo, hi), mixed = UniformMean(independent.mean(0), independent, 1, 25).linear(np.eye(1), np.zeros(1),
                                                                                            0.95)
    assert mixed
    assert se[0] == pytest.approx(independent[:, 0].std(ddof=1) / 5)
    assert hi[0] - est[0] == pytest.approx(2.0639 * se[0], rel=1e-4)  # Student t, 24 degrees of freedom


# ---------------------------------------------------------------------------
# expected_shares
# ---------------------------------------------------------------------------

STANDALONE = co.IntervalGame.from_dict({"A": 1, "B": 2, "C": 3, "A+B+C": 12})


def test_symmetric_unknowns_give_standalone_plus_an_equal_part():
    """With only standalone worths and v(N) known, the superadditive
    completions minus the additive game are invariant under permuting the
    players, so their centre is symmetric: Shapley gives v(i) + surplus / n."""
    rate = _coverage(lambda seed: co.expected_shares(STANDALONE, n_samples=500, seed=seed),
                     np.array([3.0, 4.0, 5.0]), 200)
    # binomial(200, 0.95) has a standard deviation of 1.5 points
    assert np.all(rate >= 0.88) and np.all(rate <= 0.995), rate


@pytest.mark.parametrize("n", [5, 7])
def test_symmetric_closed_form_at_more_partners(n):
    known = {f"P{i}": float(i) for i in range(n)}
    known["+".join(known)] = 3.0 * n * n
    est = co.expected_shares(co.IntervalGame.from_dict(known), n_samples=2_000, seed=n)
    truth = np.arange(n) + (3.0 * n * n - n * (n - 1) / 2) / n
    assert np.all(np.abs(est.x - truth) <= 5 * est.stderr), (est.x - truth) / est.stderr
    assert est.x.sum() == pytest.approx(3.0 * n * n)


def _rejection(assume: str, draws: int = 1_500_000) -> tuple[np.ndarray, np.ndarray]:
    """Plain NumPy: draw the four unknown worths uniformly in a box that holds
    every completion, keep those that satisfy `assume`, average the Shapley
    value by its three-player formula. Returns (mean, standard error)."""
    rng = np.random.default_rng(2024)
    v1, v2, v3 = 1.0, 2.0, 3.0
    vn = rng.uniform(6, 10, draws)
    v12, v13, v23 = (rng.uniform(0, 10, draws) for _ in range(3))
    if assume == "superadditive":
        ok = ((v12 >= v1 + v2) & (v13 >= v1 + v3) & (v23 >= v2 + v3)
              & (v12 + v3 <= vn) & (v13 + v2 <= vn) & (v23 + v1 <= vn))
    else:
        ok = ((v12 >= np.maximum(v1, v2)) & (v13 >= np.maximum(v1, v3)) & (v23 >= np.maximum(v2, v3))
              & (np.maximum(np.maximum(v12, v13), v23) <= vn))
    vn, v12, v13, v23 = vn[ok], v12[ok], v13[ok], v23[ok]
    sh = np.stack([
        (2 * v1 + (v12 - v2) + (v13 - v3) + 2 * (vn - v23)) / 6,
        (2 * v2 + (v12 - v1) + (v23 - v3) + 2 * (vn - v13)) / 6,
        (2 * v3 + (v13 - v1) + (v23 - v2) + 2 * (vn - v12)) / 6,
    ], axis=1)
    return sh.mean(axis=0), sh.std(axis=0) / np.sqrt(ok.sum())


@pytest.mark.parametrize("assume", ["superadditive", "monotone"])
def test_expected_shapley_against_a_rejection_sampler(assume):
    game = co.IntervalGame.from_dict({"A": 1, "B": 2, "C": 3, "A+B+C": (6, 10)}, missing="keep")
    est = co.expected_shares(game, assume=assume, n_samples=12_000, seed=11)
    mean, se = _rejection(assume)
    assert np.all(np.abs(est.x - mean) <= 5 * np.hypot(est.stderr, se)), (est.x - mean) / est.stderr


def test_exact_cases():
    ranges = co.IntervalGame.from_dict({"A": 0, "B": 0, "A+B": (4, 8)})
    est = co.expected_shares(ranges, assume="none")
    np.testing.assert_allclose(est.x, [3.0, 3.0])
    assert est.method.startswith("exact") and np.all(est.stderr == 0)
    known = co.Game([0, 1, 2, 6])
    np.testing.assert_allclose(co.expected_shares(known).x, co.shapley(known).x)
    # superadditivity pins v(A+B) between 1 + 2 and 12 - 3: a segment, so its midpoint
    game = co.IntervalGame.from_dict({"A": 1, "B": 2, "C": 3, "A+C": 4, "B+C": 5, "A+B+C": 12}, missing="keep")
    est = co.expected_shares(game, n_samples=4_000, seed=0)
    mid = co.Game.from_dict({"A": 1, "B": 2, "C": 3, "A+B": 6, "A+C": 4, "B+C": 5, "A+B+C": 12})
    assert np.all(np.abs(est.x - co.shapley(mid).x) <= 5 * est.stderr + 1e-12)


def test_other_linear_rules():
    """Equal split reads only v(N), which is known: no walk error at all."""
    est = co.expected_shares(STANDALONE, "equal_split", n_samples=500, seed=0)
    np.testing.assert_allclose(est.x, [4.0, 4.0, 4.0])
    np.testing.assert_allclose(est.stderr, 0.0, atol=1e-12)
    w = co.expected_shares(STANDALONE, "weighted_shapley", weights=[1, 1, 1], n_samples=500, seed=5)
    s = co.expected_shares(STANDALONE, "shapley", n_samples=500, seed=5)
    np.testing.assert_allclose(w.x, s.x, atol=1e-9)  # equal weights: the Shapley value, same walk


def test_bounds_narrow_the_completions():
    est = co.expected_shares(STANDALONE, bounds={"A+B": (7, 7)}, n_samples=2_000, seed=1)
    # v(A+B) = 7 is now known; A and B stay symmetric in the rest once their standalone worths are removed
    assert (est["A"] - 1) == pytest.approx(est["B"] - 2, abs=5 * np.hypot(est.stderr[0], est.stderr[1]))


def test_bad_input():
    open_game = co.IntervalGame.from_dict({"A": 1, "B": 2, "C": 3}, missing="keep")  # v(N) unknown
    with pytest.raises(InvalidGameError, match="no limit"):
        co.expected_shares(open_game)
    with pytest.raises(InvalidParameterError, match="rule"):
        co.expected_shares(STANDALONE, "no such rule")
    with pytest.raises(InvalidParameterError, match="assume"):
        co.expected_shares(STANDALONE, assume="convex")
    with pytest.raises(InvalidParameterError, match="n_samples"):
        co.expected_shares(STANDALONE, n_samples=3)
    with pytest.raises(InvalidParameterError, match="confidence"):
        co.expected_shares(STANDALONE, confidence=0)
    with pytest.raises(InvalidGameError, match="IntervalGame"):
        co.expected_shares([1, 2, 3])
    with pytest.raises(InfeasibleError):
        co.expected_shares(co.IntervalGame.from_dict({"A": 5, "B": 5, "A+B": 8}))
    big = {f"P{i}": 1.0 for i in range(11)}
    big["+".join(big)] = 20.0
    with pytest.raises(GameTooLargeError, match="at most 10"):
        co.expected_shares(co.IntervalGame.from_dict(big))


@pytest.mark.parametrize("offset", [1e3, 1e6, 1e9])
def test_a_large_additive_part_leaves_the_centre_where_it_is(offset):
    """Adding offset * (1, 1, 1) to the partners' worths moves the core by
    that much and changes nothing else: a core 3 units wide at 3e9 keeps its
    centre (exact and estimated)."""
    additive = np.array([0, 1, 1, 2, 1, 2, 2, 3.0]) * offset
    game = co.Game(FOUR_CORNERS.values + additive)
    np.testing.assert_allclose(co.core_centroid(game).x - offset, FOUR_CORNERS_CENTROID, atol=1e-6 * max(1, offset / 1e3))
    est = co.estimate_core_centroid(game, n_samples=4_000, seed=0)
    assert np.all(np.abs(est.x - offset - FOUR_CORNERS_CENTROID) <= 5 * est.stderr + 1e-6)
    plain = co.estimate_core_centroid(FOUR_CORNERS, n_samples=4_000, seed=0)
    np.testing.assert_allclose(est.stderr, plain.stderr, rtol=1e-3)



def test_infeasible_completions_name_a_real_coalition():
    with pytest.raises(InfeasibleError, match=r"v\(A\+B\) must be at least 20 and at most 9"):
        co.expected_shares(STANDALONE, bounds={"A+B": (20, 30)})


def test_a_rule_given_as_a_function_is_averaged_over_drawn_completions():
    """Shapley passed as a plain function takes the route of the rules that
    are not linear (solved on each completion) and must agree with the
    exact answer: the midpoints with ranges, the walk's mean otherwise."""
    ranges = co.IntervalGame.from_dict({"A": 1, "B": 2, "C": 3, "A+B": (3, 7), "A+C": (4, 6), "B+C": (5, 9),
                                        "A+B+C": (10, 14)})
    exact = co.expected_shares(ranges, assume="none")
    drawn = co.expected_shares(ranges, lambda g: co.shapley(g), assume="none", n_samples=2_000, seed=3)
    assert drawn.method == "independent completions"
    assert np.all(np.abs(drawn.x - exact.x) <= 5 * drawn.stderr)
    walked = co.expected_shares(STANDALONE, lambda g: co.shapley(g), n_samples=1_000, seed=4)
    assert np.all(np.abs(walked.x - [3.0, 4.0, 5.0]) <= 5 * walked.stderr)


def test_expected_nucleolus_against_a_rejection_sampler():
    game = co.IntervalGame.from_dict({"A": 1, "B": 2, "C": 3, "A+B+C": (6, 10)}, missing="keep")
    est = co.expected_shares(game, "nucleolus", n_samples=1_000, seed=8)
    rng = np.random.default_rng(5)
    kept = []
    while len(kept) < 1_500:
        vn = rng.uniform(6, 10)
        v12, v13, v23 = rng.uniform(0, 10, 3)
        if (v12 >= 3 and v13 >= 4 and v23 >= 5 and v12 + 3 <= vn and v13 + 2 <= vn and v23 + 1 <= vn):
            table = [0, 1, 2, v12, 3, v13, v23, vn]
            kept.append(co.nucleolus(co.Game(table)).x)
    kept = np.array(kept)
    mean, se = kept.mean(axis=0), kept.std(axis=0) / np.sqrt(len(kept))
    assert np.all(np.abs(est.x - mean) <= 5 * np.hypot(est.stderr, se)), (est.x - mean) / np.hypot(est.stderr, se)


def test_a_rule_that_fails_on_a_completion_has_no_expectation():
    def picky(g):
        if g.grand_value > 11:
            raise co.InvalidGameError("too large")
        return co.shapley(g)

    with pytest.raises(InvalidGameError, match="does not apply to every completion"):
        co.expected_shares(co.IntervalGame.from_dict({"A": 1, "B": 2, "C": 3, "A+B+C": (10, 14)}), picky,
                           n_samples=500, seed=0)
