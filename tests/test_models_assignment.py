"""Assignment games (Shapley and Shubik 1971) and the corners of their core."""

import itertools
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coalition as co
from coalition.errors import InvalidGameError, InvalidParameterError

# The house market of Shapley and Shubik (1971), The assignment game I: the
# core, Int. J. Game Theory 1, 111-130, Sec. 3: three owners with
# reservation prices (18, 15, 19) and three buyers; the gains
# a = max(0, h - c) (in $1000), one row per house, one column per buyer,
# and an optimal assignment worth 16 (houses 1, 2, 3 to buyers 2, 3, 1).
# The figures are the example as commonly reproduced (buyers' valuations
# 23/22/21, 26/24/22 and 20/21/17 of houses 1/2/3); test_models_papers
# rebuilds this matrix from them and finds the optimum 16 by trying every
# assignment. The original page was not available to check them against.
HOUSES = np.array([[5, 8, 2], [7, 9, 6], [2, 3, 0]], dtype=float)


def _brute_matching(a):
    """Best matching by trying every injection of the smaller side."""
    nb, ns = a.shape
    if nb == 0 or ns == 0:
        return 0.0
    g = np.maximum(a, 0)
    if nb <= ns:
        return max(sum(g[i, j] for i, j in zip(range(nb), perm)) for perm in itertools.permutations(range(ns), nb))
    return _brute_matching(a.T)


def test_house_market_published_optimum():
    g = co.models.assignment(HOUSES.T, buyers=["Buyer1", "Buyer2", "Buyer3"], sellers=["House1", "House2", "House3"])
    assert g.grand_value == 16.0
    assert g.value("Buyer2+House1") == 8.0
    assert g.value("Buyer2+Buyer3+House1+House2") == 8.0 + 6.0


def test_worths_against_brute_force(rng):
    a = rng.uniform(-2, 10, (3, 4))
    g = co.models.assignment(a)
    for mask in range(1 << 7):
        rows = [i for i in range(3) if mask >> i & 1]
        cols = [j for j in range(4) if mask >> (3 + j) & 1]
        assert g.values[mask] == pytest.approx(_brute_matching(a[np.ix_(rows, cols)]))


@settings(max_examples=30, deadline=None)
@given(
    st.integers(1, 3).flatmap(
        lambda nb: st.integers(1, 3).flatmap(
            lambda ns: st.lists(st.integers(-3, 9), min_size=nb * ns, max_size=nb * ns).map(
                lambda v: np.reshape(v, (nb, ns)).astype(float)
            )
        )
    )
)
def test_corners_and_midpoint_are_the_core_extremes(a):
    g = co.models.assignment(a)
    nb = a.shape[0]
    bounds = co.core_bounds(g)  # an LP over the whole core: the independent oracle
    best_b = co.models.buyer_optimal(g).x
    best_s = co.models.seller_optimal(g).x
    mid = co.models.fair_division_point(g).x
    for x in (best_b, best_s, mid):
        assert co.in_core(g, x)
        assert x.sum() == pytest.approx(g.grand_value)
    # each buyer's ceiling and each seller's floor at the buyer-optimal corner, and the reverse
    np.testing.assert_allclose(best_b[:nb], bounds.upper[:nb], atol=1e-7)
    np.testing.assert_allclose(best_b[nb:], bounds.lower[nb:], atol=1e-7)
    np.testing.assert_allclose(best_s[:nb], bounds.lower[:nb], atol=1e-7)
    np.testing.assert_allclose(best_s[nb:], bounds.upper[nb:], atol=1e-7)
    np.testing.assert_allclose(mid, (best_b + best_s) / 2)


def test_house_market_corners_against_the_core_bounds():
    g = co.models.assignment(HOUSES.T)
    bounds = co.core_bounds(g)
    x = co.models.buyer_optimal(g).x
    np.testing.assert_allclose(x[:3], bounds.upper[:3], atol=1e-9)
    np.testing.assert_allclose(x[3:], bounds.lower[3:], atol=1e-9)


def test_monte_carlo_shapley_at_100_partners_without_a_table(rng):
    g = co.models.assignment(rng.uniform(0, 10, (50, 50)))
    est = co.estimate_shapley(g, budget=200, method="permutation", seed=2)
    assert g._table is None
    assert est.x.sum() == pytest.approx(g.grand_value, rel=1e-9)


def test_dataframe_names_pickle_and_replace():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([[5.0, 2.0], [4.0, 3.0]], index=["Ann", "Bob"], columns=["Cy", "Di"])
    g = co.models.assignment(frame)
    assert g.buyers == ("Ann", "Bob") and g.sellers == ("Cy", "Di")
    assert pickle.loads(pickle.dumps(g)).grand_value == 8.0
    assert g.replace(gains=[[1, 0], [0, 1]]).grand_value == 2.0


def test_bad_input():
    with pytest.raises(InvalidParameterError, match="`gains`"):
        co.models.assignment([1, 2, 3])
    with pytest.raises(InvalidParameterError, match="`gains` has a non-finite entry"):
        co.models.assignment([[1, np.inf]])
    with pytest.raises(InvalidParameterError, match="`buyers` has 1 names"):
        co.models.assignment([[1, 2], [3, 4]], buyers=["A"])
    with pytest.raises(InvalidGameError, match="twice"):
        co.models.assignment([[1]], buyers=["A"], sellers=["A"])
    with pytest.raises(InvalidGameError, match="assignment game"):
        co.models.buyer_optimal(co.Game([0, 1, 1, 3]))


def test_glove_market_as_an_assignment_game():
    """One left glove and two right gloves, a pair worth 1: the glove game,
    whose Shapley value (2/3, 1/6, 1/6) is printed in the Wikipedia article
    'Shapley value' (section 'Glove game'). Its core is one point, by hand:
    x(L, R1) >= 1, x(L, R2) >= 1 and x(N) = 1 leave R1 and R2 nothing, so
    the scarce side takes the pair; the buyer- and seller-optimal corners
    of the assignment market are that point."""
    g = co.models.assignment([[1.0, 1.0]], buyers=["L"], sellers=["R1", "R2"])
    np.testing.assert_allclose(co.shapley(g).x, [2 / 3, 1 / 6, 1 / 6], atol=1e-12)
    for split in (co.models.buyer_optimal, co.models.seller_optimal, co.models.fair_division_point):
        np.testing.assert_allclose(split(g).x, [1.0, 0.0, 0.0], atol=1e-12)
