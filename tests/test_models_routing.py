"""Travelling-salesman cost games: exact rounds and the 2-opt heuristic."""

import itertools
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coalition as co
from coalition._kernels import routing as kr
from coalition.errors import InvalidParameterError


def _brute_round(d, stops):
    """Shortest round from 0 through `stops` by trying every order."""
    if not stops:
        return 0.0
    return min(
        d[0][p[0]] + sum(d[a][b] for a, b in zip(p, p[1:])) + d[p[-1]][0]
        for p in itertools.permutations(stops)
    )


def _held_karp(d):
    """Shortest round from 0 through every other row of `d`: Held and Karp's
    programme in numpy, one layer of subsets (by size) at a time."""
    k = d.shape[0] - 1
    if k == 0:
        return 0.0
    size = 1 << k
    best = np.full((size, k), np.inf)
    best[1 << np.arange(k), np.arange(k)] = d[0, 1:]
    masks = np.arange(size)
    counts = np.array([bin(m).count("1") for m in masks])
    step = d[1:, 1:]  # step[i, j]: from stop i to stop j
    for layer in range(2, k + 1):
        s = masks[counts == layer]
        for j in range(k):
            s_j = s[(s >> j) & 1 == 1]
            prev = best[s_j ^ (1 << j)]  # paths through the rest, ending anywhere
            best[s_j, j] = np.min(prev + step[:, j][None, :], axis=1)
    return float(np.min(best[size - 1] + d[1:, 0]))


@settings(max_examples=25, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda n: st.lists(st.integers(0, 20), min_size=(n + 1) ** 2, max_size=(n + 1) ** 2).map(
            lambda v: np.reshape(v, (n + 1, n + 1)).astype(float)
        )
    )
)
def test_exact_costs_against_every_order(d):
    np.fill_diagonal(d, 0)  # asymmetric distances are allowed
    g = co.models.travelling_salesman(d)
    n = d.shape[0] - 1
    for mask in range(1, 1 << n):
        stops = [i + 1 for i in range(n) if mask >> i & 1]
        assert g.values[mask] == pytest.approx(_brute_round(d, stops))


def test_points_on_a_line_by_hand():
    # a round from 0 through points on a line goes out to the farthest and back
    at = np.array([0, 1, 2, 4, 7])
    d = np.abs(at[:, None] - at[None, :]).astype(float)
    g = co.models.travelling_salesman(d, players=["a", "b", "c", "e"])
    for mask in range(1, 16):
        far = max(at[i + 1] for i in range(4) if mask >> i & 1)
        assert g.values[mask] == 2.0 * far
    # then the game is the airport game of the round-trip lengths
    np.testing.assert_allclose(co.shapley(g).x, co.shapley(co.families.airport(2.0 * at[1:])).x)


def test_heuristic_rounds_are_upper_bounds_close_to_the_optimum(rng):
    for _ in range(20):
        pts = rng.uniform(0, 1, (7, 2))
        d = np.linalg.norm(pts[:, None] - pts[None], axis=2)
        # a real round: never shorter than the shortest one
        assert kr.two_opt(d) >= _held_karp(d) - 1e-12
    pts = rng.uniform(0, 1, (9, 2))
    d = np.linalg.norm(pts[:, None] - pts[None], axis=2)
    exact = co.models.travelling_salesman(d)
    heur = co.models.travelling_salesman(d, method="heuristic")
    assert np.all(heur.values >= exact.values - 1e-12)
    assert np.max(heur.values - exact.values) <= 0.1 * exact.grand_value


def test_monte_carlo_shapley_at_100_partners_with_the_heuristic(rng):
    pts = rng.uniform(0, 1, (101, 2))
    d = np.linalg.norm(pts[:, None] - pts[None], axis=2)
    g = co.models.travelling_salesman(d, method="heuristic")
    est = co.estimate_shapley(g, budget=200, method="permutation", seed=7)
    assert g._table is None and est.kind == "cost"
    assert est.x.sum() == pytest.approx(g.grand_value, rel=1e-9)
    assert pickle.loads(pickle.dumps(g)).method == "heuristic"


def test_depot_on_another_row(rng):
    d = rng.uniform(0, 5, (4, 4))
    np.fill_diagonal(d, 0)
    moved = d[np.ix_([1, 2, 0, 3], [1, 2, 0, 3])]  # the depot on row 2
    np.testing.assert_allclose(co.models.travelling_salesman(moved, depot=2).values,
                               co.models.travelling_salesman(d).values)


def test_bad_input():
    with pytest.raises(InvalidParameterError, match="`method` must be"):
        co.models.travelling_salesman([[0, 1], [1, 0]], method="fast")
    with pytest.raises(InvalidParameterError, match="must be square"):
        co.models.travelling_salesman([[0, 1, 2]])
    with pytest.raises(InvalidParameterError, match="`depot` must be a row"):
        co.models.travelling_salesman([[0, 1], [1, 0]], depot=5)
    with pytest.raises(InvalidParameterError, match="at most 16"):
        co.models.travelling_salesman(np.ones((18, 18)))
    with pytest.raises(InvalidParameterError, match="symmetric"):
        co.models.travelling_salesman([[0, 1], [2, 0]], method="heuristic")
    with pytest.raises(InvalidParameterError, match="non-negative"):
        co.models.travelling_salesman([[0, -1], [1, 0]])


def _tsplib_geo(coords):
    """TSPLIB's GEO distance (Reinelt 1991, TSPLIB95 documentation, section
    2.4): degrees.minutes read as latitude and longitude in radians with
    pi = 3.141592, the great-circle distance on a sphere of radius
    6378.388 km, truncated after adding 1."""
    pi = 3.141592

    def rad(v):
        deg = int(v)
        return pi * (deg + 5.0 * (v - deg) / 3.0) / 180.0

    lat = [rad(x) for x, _ in coords]
    lon = [rad(y) for _, y in coords]
    n = len(coords)
    d = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if i != j:
                q1 = np.cos(lon[i] - lon[j])
                q2 = np.cos(lat[i] - lat[j])
                q3 = np.cos(lat[i] + lat[j])
                d[i, j] = int(6378.388 * np.arccos(0.5 * ((1.0 + q1) * q2 - (1.0 - q1) * q3)) + 1.0)
    return d


# TSPLIB (Reinelt 1991) instance burma14, "14-Staedte in Burma (Zaw Win)",
# EDGE_WEIGHT_TYPE GEO; its optimal tour length, 3323, is listed among the
# TSPLIB optimal solutions.
BURMA14 = [(16.47, 96.10), (16.47, 94.44), (20.09, 92.54), (22.39, 93.37), (25.23, 97.24), (22.00, 96.05),
           (20.47, 97.02), (17.20, 96.29), (16.30, 97.38), (14.05, 98.12), (16.53, 97.38), (21.52, 95.59),
           (19.41, 97.13), (20.09, 94.55)]


def test_tsplib_burma14_published_optimum():
    """The 13 towns after the first share a round from it: the grand
    coalition's cost is the instance's published optimal tour, 3323; every
    subset's round comes from the same programme and is checked against a
    Held-Karp programme on that subset alone (in numpy, here)."""
    d = _tsplib_geo(BURMA14)
    g = co.models.travelling_salesman(d)
    assert g.grand_value == 3323.0
    rng = np.random.default_rng(14)
    for mask in rng.integers(1, 1 << 13, 40):
        stops = [0] + [i + 1 for i in range(13) if mask >> i & 1]
        assert g.values[mask] == pytest.approx(_held_karp(d[np.ix_(stops, stops)]), rel=1e-12)
    heuristic = co.models.travelling_salesman(d, method="heuristic")
    assert heuristic.grand_value >= 3323.0  # 2-opt rounds are upper bounds
