"""Inventory centralization (newsvendor) games (Hartman, Dror and Shaked 2000)."""

import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize, stats

import coalition as co
from coalition.errors import InvalidGameError, InvalidParameterError


def _newsvendor_cost(sd, h, p):
    """The optimal expected newsvendor cost for a N(0, sd) demand, by numerical
    integration and a search over the order quantity: an oracle that does
    not use the closed form."""
    if sd == 0:
        return 0.0

    def expected(q):
        f = lambda d: (h * max(q - d, 0) + p * max(d - q, 0)) * stats.norm.pdf(d, scale=sd)  # noqa: E731
        return integrate.quad(f, -12 * sd, q, limit=200)[0] + integrate.quad(f, q, 12 * sd, limit=200)[0]

    return optimize.minimize_scalar(expected, bounds=(-5 * sd, 5 * sd), method="bounded",
                                    options={"xatol": 1e-9 * sd}).fun


def test_costs_against_numerical_optimum():
    cov = np.array([[4.0, 1.0, -0.5], [1.0, 9.0, 0.0], [-0.5, 0.0, 1.0]])
    h, p = 2.0, 7.0
    g = co.models.newsvendor(cov, holding=h, shortage=p)
    for mask in range(1, 8):
        m = np.array([mask >> i & 1 for i in range(3)], dtype=float)
        sd = float(np.sqrt(m @ cov @ m))
        assert g.values[mask] == pytest.approx(_newsvendor_cost(sd, h, p), rel=1e-6)


def test_independent_demands_equal_the_diagonal_covariance():
    a = co.models.newsvendor([3, 4, 12], holding=1, shortage=3)
    b = co.models.newsvendor(np.diag([9.0, 16.0, 144.0]), holding=1, shortage=3)
    np.testing.assert_allclose(a.values, b.values)
    # 3-4-5 and 5-12-13: the pooled standard deviation of all three is 13
    assert a.grand_value == pytest.approx(a.value("P3") * 13 / 12)


@settings(max_examples=30, deadline=None)
@given(
    st.integers(2, 5).flatmap(
        lambda n: st.lists(st.integers(-4, 4), min_size=n * (n + 1), max_size=n * (n + 1)).map(
            lambda v: np.reshape(v, (n, n + 1)).astype(float)
        )
    ),
    st.floats(0.1, 10),
    st.floats(0.1, 10),
)
def test_covariance_split_is_in_the_core(factor, h, p):
    cov = factor @ factor.T  # positive semi-definite, correlations of either sign
    g = co.models.newsvendor(cov, holding=h, shortage=p)
    x = co.models.newsvendor_split(g)
    assert x.kind == "cost" and x.total == pytest.approx(g.grand_value, abs=1e-9)
    assert co.core_report(g, x.x, tol=1e-7).in_core


def test_monte_carlo_shapley_at_100_partners_without_a_table(rng):
    g = co.models.newsvendor(rng.uniform(1, 10, 100), holding=1, shortage=4)
    est = co.estimate_shapley(g, budget=2_000, method="permutation", seed=6)
    assert g._table is None
    assert est.x.sum() == pytest.approx(g.grand_value, rel=1e-9)
    assert pickle.loads(pickle.dumps(g)).grand_value == g.grand_value
    assert g.replace(shortage=1).grand_value < g.grand_value


def test_bad_input():
    with pytest.raises(InvalidParameterError, match="`holding` must be a positive"):
        co.models.newsvendor([1, 2], holding=0, shortage=1)
    with pytest.raises(InvalidParameterError, match="`shortage`"):
        co.models.newsvendor([1, 2], holding=1, shortage="x")
    with pytest.raises(InvalidParameterError, match="`sigma` must be non-negative"):
        co.models.newsvendor([1, -2], holding=1, shortage=1)
    with pytest.raises(InvalidParameterError, match="must be square"):
        co.models.newsvendor([[1, 0, 0], [0, 1, 0]], holding=1, shortage=1)
    with pytest.raises(InvalidParameterError, match="symmetric"):
        co.models.newsvendor([[1, 0.5], [0, 1]], holding=1, shortage=1)
    with pytest.raises(InvalidParameterError, match="positive semi-definite"):
        co.models.newsvendor([[1, 2], [2, 1]], holding=1, shortage=1)
    with pytest.raises(InvalidParameterError, match="dimensions"):
        co.models.newsvendor(3.0, holding=1, shortage=1)
    with pytest.raises(InvalidGameError, match="newsvendor game"):
        co.models.newsvendor_split(co.Game([0, 1, 1, 3]))
