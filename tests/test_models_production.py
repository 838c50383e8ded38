"""Linear production games (Owen 1975) and the Owen point."""

import json
import pathlib
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

import coalition as co
from coalition.errors import InvalidGameError, InvalidParameterError

PEER = json.loads((pathlib.Path(__file__).parent / "data" / "peer_models.json").read_text())

# The Wyndor Glass Co. product-mix problem of Hillier and Lieberman,
# Introduction to Operations Research (McGraw-Hill), Sec. 3.1, with the
# shadow prices of its three plants in Sec. 4.7 (Sec. 6.2 in later editions):
# max 3 x1 + 5 x2 s.t. x1 <= 4, 2 x2 <= 12, 3 x1 + 2 x2 <= 18;
# optimum Z = 36 at (2, 6), shadow prices y* = (0, 3/2, 1).
WYNDOR_A = [[1, 0], [0, 2], [3, 2]]
WYNDOR_P = [3, 5]
WYNDOR_B = [4, 12, 18]


def _lp_value(b, A, p):
    """An independent solve of one coalition's LP (interior point, not the
    dual simplex the game uses)."""
    res = linprog(-np.asarray(p, float), A_ub=np.asarray(A, float), b_ub=b, bounds=(0, None), method="highs-ipm")
    assert res.status == 0
    return -res.fun


def test_wyndor_published_value_and_shadow_prices():
    g = co.models.linear_production([WYNDOR_B], WYNDOR_A, WYNDOR_P)
    assert g.grand_value == pytest.approx(36.0)
    np.testing.assert_allclose(co.models.resource_prices(g), [0.0, 1.5, 1.0], atol=1e-9)


def test_wyndor_split_among_three_plants_is_priced_by_the_shadow_prices():
    # each plant brings its own hours; the Owen point values them at y* = (0, 3/2, 1)
    b = [[4, 0, 6], [0, 12, 6], [0, 0, 6]]
    g = co.models.linear_production(b, WYNDOR_A, WYNDOR_P, players=["Plant1", "Plant2", "Plant3"])
    x = co.models.owen_point(g)
    np.testing.assert_allclose(x.x, [0 * 4 + 1 * 6, 1.5 * 12 + 1 * 6, 1 * 6], atol=1e-9)
    assert x.rule == "owen point" and x.kind == "profit"
    assert co.in_core(g, x.x)


def test_worths_match_an_independent_solve_of_every_coalition(rng):
    b = rng.uniform(0, 5, (4, 3))
    A = rng.uniform(0.2, 2, (3, 4))
    p = rng.uniform(1, 3, 4)
    g = co.models.linear_production(b, A, p)
    for mask in range(16):
        members = [i for i in range(4) if mask >> i & 1]
        expect = _lp_value(b[members].sum(axis=0), A, p) if members else 0.0
        assert g.values[mask] == pytest.approx(expect, abs=1e-7)


@st.composite
def production_data(draw):
    n = draw(st.integers(1, 5))
    m = draw(st.integers(1, 3))
    k = draw(st.integers(1, 3))
    b = draw(st.lists(st.integers(0, 9), min_size=n * m, max_size=n * m))
    A = draw(st.lists(st.integers(1, 5), min_size=m * k, max_size=m * k))
    p = draw(st.lists(st.integers(0, 9), min_size=k, max_size=k))
    return np.reshape(b, (n, m)).astype(float), np.reshape(A, (m, k)).astype(float), np.array(p, float)


@settings(max_examples=30, deadline=None)
@given(production_data())
def test_owen_point_is_in_the_core_of_random_games(data):
    b, A, p = data
    g = co.models.linear_production(b, A, p)
    x = co.models.owen_point(g)
    assert x.total == pytest.approx(g.grand_value, abs=1e-7)
    # in the core, so the core is not empty (Owen 1975: the game is totally balanced)
    report = co.core_report(g, x.x, tol=1e-7)
    assert report.in_core, report


def test_worths_are_computed_once_and_remembered():
    g = co.models.linear_production([[1, 2], [2, 1], [1, 1]], [[1, 1], [1, 2]], [1, 1])
    rows = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 0], [0, 1, 1]], dtype=bool)
    first = g._evaluate(rows)
    assert len(g._memo) == 2  # two distinct non-empty coalitions
    np.testing.assert_array_equal(g._evaluate(rows[::-1]), first[::-1])
    assert len(g._memo) == 2
    assert first[2] == 0.0


def test_peer_coopgame_on_random_games():
    for case in PEER["linear_production"]:
        g = co.models.linear_production(case["resources"], case["technology"], case["prices"])
        assert g.grand_value == pytest.approx(case["value"], rel=1e-8, abs=1e-8)
        x = co.models.owen_point(g).x
        if np.allclose(x, case["owen"], rtol=1e-7, atol=1e-7):
            continue
        # The dual LP may have several optima; both answers are then Owen
        # points, and both must be in the core (checked on the table).
        assert co.in_core(g, x) and co.in_core(g, np.array(case["owen"]))


def test_runs_every_rule_and_pickles():
    g = co.models.linear_production([[4, 0, 6], [0, 12, 6], [0, 0, 6]], WYNDOR_A, WYNDOR_P)
    phi = co.shapley(g)
    assert phi.total == pytest.approx(36.0)
    assert co.nucleolus(g).x.sum() == pytest.approx(36.0)
    h = pickle.loads(pickle.dumps(g))
    np.testing.assert_allclose(h.values, g.values)
    assert g.replace(prices=[6, 10]).grand_value == pytest.approx(72.0)


def test_monte_carlo_shapley_at_100_partners_without_a_table(rng):
    n = 100
    g = co.models.linear_production(rng.uniform(0, 1, (n, 3)), rng.uniform(0.5, 2, (3, 4)), rng.uniform(1, 3, 4))
    est = co.estimate_shapley(g, budget=2 * n, method="permutation", seed=1)
    assert g._table is None
    # two permutations: each one's marginal contributions add up to v(N)
    assert est.x.sum() == pytest.approx(g.grand_value, rel=1e-9)


@pytest.mark.parametrize(
    "args, match",
    [
        (([[1, 2]], [[1, 1]], [1]), "`technology` has 1 rows"),
        (([[1, 2]], [[1, 1], [1, 1]], [1]), "`prices` has 1 entries"),
        (([[1, -2]], [[1], [1]], [1]), "`resources` must be non-negative"),
        (([[1, 2]], [[1], [np.nan]], [1]), "`technology` has a non-finite entry"),
        (([[1, 2]], [[0, 1], [0, 1]], [1, 1]), "column 0 is all zeros"),
        (([1, 2], [[1], [1]], [1]), "`resources`"),
        (([[]], [[1]], [1]), "`resources` is empty"),
    ],
)
def test_bad_input(args, match):
    with pytest.raises(InvalidParameterError, match=match):
        co.models.linear_production(*args)


def test_bad_players_and_game():
    with pytest.raises(InvalidParameterError, match="`players` has 1 names"):
        co.models.linear_production([[1], [2]], [[1]], [1], players=["A"])
    with pytest.raises(InvalidGameError, match="linear production game"):
        co.models.owen_point(co.Game([0, 1, 1, 3]))


def test_dataframe_index_names_the_partners():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"steam": [3.0, 1.0], "water": [1.0, 2.0]}, index=["Mill", "Brewery"])
    g = co.models.linear_production(frame, [[1, 0], [0, 1]], [2, 1])
    assert g.players == ("Mill", "Brewery")
    assert g.grand_value == pytest.approx(2 * 4 + 3)
