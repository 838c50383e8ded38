"""Structured games: each family against its definition, fast paths against
the dense route, and bad input."""

import numpy as np
import pytest

import coalition as co
from coalition import families as fam
from coalition.errors import InvalidParameterError

from .oracles import shapley_by_orders, table_from_function


def _dense_copy(game):
    return co.Game(game.values, players=game.players, kind=game.kind)


def test_weighted_voting_matches_definition(rng):
    w = rng.integers(0, 10, 7).astype(float)
    q = w.sum() / 2 + 0.5
    g = fam.weighted_voting(w, q)
    expected = table_from_function(lambda s: float(sum(w[i] for i in s) >= q), 7)
    np.testing.assert_array_equal(g.values, expected)
    np.testing.assert_allclose(co.shapley(g).x, shapley_by_orders(expected, 7), atol=1e-12)
    assert g.quota == q and g.weights.tolist() == w.tolist()


def test_airport_fast_path_matches_dense(rng):
    c = rng.uniform(0, 100, 9)
    c[3] = c[5]  # ties
    g = fam.airport(c)
    assert g.kind == "cost"
    expected = table_from_function(lambda s: max(c[i] for i in s), 9)
    np.testing.assert_allclose(g.values, expected)
    np.testing.assert_allclose(co.shapley(g).x, co.shapley(_dense_copy(g)).x, atol=1e-10)


def test_bankruptcy_matches_definition():
    d = np.array([100.0, 200.0, 300.0])
    g = fam.bankruptcy(200, d)
    expected = table_from_function(lambda s: max(0.0, 200 - sum(d[j] for j in range(3) if j not in s)), 3)
    np.testing.assert_allclose(g.values, expected)
    np.testing.assert_allclose(co.shapley(g).x, shapley_by_orders(expected, 3), atol=1e-12)


def test_glove_matches_definition_and_names():
    g = fam.glove(["l1", "l2"], ["r1", "r2", "r3"])
    left = {"l1", "l2"}
    players = g.players
    expected = table_from_function(
        lambda s: min(sum(players[i] in left for i in s), sum(players[i] not in left for i in s)), 5
    )
    np.testing.assert_allclose(g.values, expected)
    x = co.shapley(g).x
    np.testing.assert_allclose(x, shapley_by_orders(expected, 5), atol=1e-12)
    assert x[0] > x[2]  # the scarce side earns more


def test_unanimity_and_synergy_fast_paths_match_dense(rng):
    u = fam.unanimity(6, ["P2", "P5"])
    np.testing.assert_allclose(co.shapley(u).x, co.shapley(_dense_copy(u)).x, atol=1e-12)
    np.testing.assert_allclose(co.shapley(u).x, [0, 0.5, 0, 0, 0.5, 0])
    m = np.triu(rng.uniform(-3, 5, (7, 7)) * (rng.random((7, 7)) < 0.5), 1)
    m = m + m.T
    a = rng.uniform(0, 10, 7)
    s = fam.additive_with_synergies(a, m)
    expected = table_from_function(lambda c: sum(a[i] for i in c) + sum(m[i, j] for i in c for j in c if i < j), 7)
    np.testing.assert_allclose(s.values, expected, atol=1e-12)
    np.testing.assert_allclose(co.shapley(s).x, shapley_by_orders(expected, 7), atol=1e-10)


def test_synergies_by_dict_and_matrix_agree():
    by_dict = fam.additive_with_synergies({"A": 1, "B": 2, "C": 3}, {"A+B": 4, ("C", "B"): 6})
    m = np.array([[0, 4, 0], [4, 0, 6], [0, 6, 0]])
    by_matrix = fam.additive_with_synergies([1, 2, 3], m)
    np.testing.assert_allclose(by_dict.values, by_matrix.values)
    assert by_dict.value("A+B+C") == 16


def test_cost_synergy_game():
    g = fam.additive_with_synergies({"A": 10, "B": 10}, {"A+B": -4}, kind="cost")
    assert co.shapley(g).as_dict() == {"A": 8.0, "B": 8.0}


def test_ten_thousand_members_build_without_a_table():
    w = np.arange(1, 10_001, dtype=float)
    g = fam.weighted_voting(w, w.sum() / 2)
    assert g.n == 10_000 and g._table is None
    assert g.value(list(g.players[5000:])) == 1.0
    big_airport = fam.airport(np.linspace(1, 2, 10_000))
    x = co.shapley(big_airport).x  # closed form, no table
    assert x.sum() == pytest.approx(2.0) and np.all(np.diff(x) > 0)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: fam.weighted_voting([1, -1], 1), "`weights` must be non-negative"),
        (lambda: fam.weighted_voting([1, 1], 0), "`quota`"),
        (lambda: fam.weighted_voting([1, 1], 3), "`quota`"),
        (lambda: fam.weighted_voting([1, np.nan], 1), "non-finite"),
        (lambda: fam.weighted_voting([], 1), "non-empty"),
        (lambda: fam.weighted_voting([1, 2], 1, players=["a"]), "1 names"),
        (lambda: fam.airport([1, -2]), "`costs`"),
        (lambda: fam.bankruptcy(-1, [1, 2]), "`estate`"),
        (lambda: fam.bankruptcy(10, [1, 2]), "exceeds"),
        (lambda: fam.bankruptcy("x", [1, 2]), "`estate` must be a number"),
        (lambda: fam.glove(0, 2), "`left`"),
        (lambda: fam.glove(["a"], ["a", "b"]), "both name"),
        (lambda: fam.unanimity(["a", "b"], []), "empty"),
        (lambda: fam.unanimity(["a", "b"], ["c"]), "not players"),
        (lambda: fam.additive_with_synergies([1, 2], {"P1+P1": 3}), "two distinct"),
        (lambda: fam.additive_with_synergies([1, 2], {"P1+P9": 3}), "'P9'"),
        (lambda: fam.additive_with_synergies([1, 2], {"P1+P2": 3, "P2+P1": 1}), "twice"),
        (lambda: fam.additive_with_synergies([1, 2], [[0, 1], [2, 0]]), "symmetric"),
        (lambda: fam.additive_with_synergies([1, 2], np.zeros((3, 3))), "shape"),
    ],
)
def test_bad_parameters(call, match):
    with pytest.raises(co.CoalitionError, match=match):
        call()


def test_bad_parameter_errors_are_parameter_errors():
    with pytest.raises(InvalidParameterError):
        fam.airport("abc")
