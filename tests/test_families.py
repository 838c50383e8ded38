"""Structured games: each family against its definition, fast paths against
the dense route, and bad input."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# ---------------------------------------------------------------------------
# games are immutable; `replace` builds the changed game
# ---------------------------------------------------------------------------
def _restricted(game, links):
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(game.players)
    graph.add_edges_from(links)
    return co.network.restrict(game, graph)


def _path(names):
    import networkx as nx

    return nx.path_graph(names)


# (name, build(**params), params, changes): each change is built afresh as
# build(**{**params, **change}) and compared with game.replace(**change).
REPLACE_CASES = [
    ("dense", lambda **k: co.Game(**k),
     dict(values=[0, 1, 2, 6, 3, 5, 7, 12], players=["A", "B", "C"]),
     [dict(values=[0, 2, 2, 5, 3, 5, 7, 13]), dict(players=["X", "Y", "Z"]),
      dict(values=[0, 4, 5, 8, 6, 9, 10, 12], kind="cost")]),
    ("function", lambda **k: co.Game.from_function(**k),
     dict(func=lambda s: len(s) ** 2, players=["A", "B", "C", "D"]),
     [dict(func=lambda s: float(len(s) >= 3)), dict(players=["W", "X", "Y", "Z"])]),
    ("voting", fam.weighted_voting, dict(weights=[3, 2, 1, 1], quota=4),
     [dict(quota=6), dict(weights=[1, 2, 3, 1]), dict(weights=[0.3, 0.2, 0.1, 0.1], quota=0.45),
      dict(players=["a", "b", "c", "d"])]),
    ("airport", fam.airport, dict(costs=[8, 11, 13, 18]), [dict(costs=[8, 11, 13, 30])]),
    ("bankruptcy", fam.bankruptcy, dict(estate=200, claims=[100, 200, 300]),
     [dict(estate=300), dict(claims=[100, 200, 150])]),
    ("glove", fam.glove, dict(left=2, right=3), [dict(left=3), dict(right=["r1"])]),
    ("unanimity", fam.unanimity, dict(players=["A", "B", "C", "D"], coalition="A+B"),
     [dict(coalition=["B", "C", "D"])]),
    ("synergies", fam.additive_with_synergies,
     dict(standalone={"A": 1, "B": 2, "C": 0.5, "D": 3}, synergies={"A+B": 4, "B+D": -1}),
     [dict(synergies={"A+C": 2}), dict(standalone={"A": 2, "B": 2, "C": 1, "D": 3}),
      dict(synergies={"A+B": -1, "B+D": -0.5}, kind="cost")]),
    ("restricted", lambda **k: co.network.restrict(**k),
     dict(game=fam.weighted_voting([3, 2, 2, 1, 1], 5), graph=_path(["P1", "P2", "P3", "P4", "P5"])),
     [dict(graph=_path(["P5", "P1", "P2", "P4", "P3"])), dict(game=fam.airport([4, 3, 2, 1, 5]))]),
]


def _rules(game):
    """Every rule's answer, exact and sampled, and the worths."""
    names = game.players
    return {
        "players": game.players,
        "values": np.array(game.values),
        "worths": np.array(game.worths),
        "value": [game.value(c) for k in range(1, game.n + 1) for c in itertools.combinations(names, k)],
        "shapley": co.shapley(game).x,
        "banzhaf": co.banzhaf(game).x,
        "nucleolus": co.nucleolus(game).x,
        "sampled": co.estimate_shapley(game, budget=60 * game.n, seed=11).x,
    }


def _assert_same(got, want):
    assert got["players"] == want["players"]
    for key in ("values", "worths", "value", "shapley", "banzhaf", "sampled"):
        np.testing.assert_allclose(got[key], want[key], rtol=0, atol=1e-12, err_msg=key)
    np.testing.assert_allclose(got["nucleolus"], want["nucleolus"], rtol=0, atol=1e-7)


@pytest.mark.parametrize("name, build, params, changes", REPLACE_CASES, ids=[c[0] for c in REPLACE_CASES])
def test_replace_gives_the_freshly_built_game_and_leaves_the_old_one(name, build, params, changes):
    g = build(**params)
    before = _rules(g)  # fills every cache of g
    np.testing.assert_allclose(before["shapley"], shapley_by_orders(before["worths"], g.n) if g.kind == "profit"
                               else g.standalone - shapley_by_orders(before["worths"], g.n), atol=1e-12)
    for change in changes:
        h = g.replace(**change)
        assert h is not g
        _assert_same(_rules(h), _rules(build(**{**params, **change})))
    _assert_same(_rules(g), before)
    _assert_same(_rules(g.replace()), before)


@pytest.mark.parametrize("name, build, params, changes", REPLACE_CASES, ids=[c[0] for c in REPLACE_CASES])
def test_games_cannot_be_changed_in_place(name, build, params, changes):
    g = build(**params)
    co.shapley(g)
    for attr in [*params, *changes[0], "players", "n", "kind", "values", "_table", "anything"]:
        with pytest.raises(AttributeError, match="immutable|can't set|no setter"):
            setattr(g, attr, 1)
        with pytest.raises(AttributeError):
            delattr(g, attr)
    arrays = [g.values, g.worths, g.standalone, g.dividends()]
    arrays += [getattr(g, a) for a in ("weights", "costs", "claims", "left", "right", "carrier",
                                       "standalone_worths", "edges", "synergies", "links") if hasattr(g, a)]
    for arr in arrays:
        assert isinstance(arr, np.ndarray)
        with pytest.raises(ValueError, match="read-only"):
            arr[0] = 7
        with pytest.raises(ValueError):
            arr.setflags(write=True)


def test_setting_an_attribute_says_what_to_do():
    g = fam.weighted_voting([3, 2, 1, 1], quota=4)
    with pytest.raises(AttributeError, match=r"immutable: `quota` cannot be set; .*g?ame.replace\(quota=\.\.\.\)"):
        g.quota = 6
    assert g.quota == 4 and g.value(["P1", "P2"]) == 1.0
    with pytest.raises(co.InvalidParameterError, match="`replace` got 'quorum'.*`weights`, `quota`, `players`"):
        g.replace(quorum=6)
    with pytest.raises(co.InvalidParameterError, match="`quota`"):
        g.replace(quota=8)  # checked as the constructor checks it


def test_pickled_and_copied_games_stay_immutable():
    import copy
    import pickle

    for g in (fam.weighted_voting([0.3, 0.2, 0.1, 0.1], 0.45), co.Game([0, 1, 2, 6]), fam.glove(1, 2)):
        co.shapley(g)
        for h in (pickle.loads(pickle.dumps(g)), copy.copy(g), copy.deepcopy(g)):
            np.testing.assert_array_equal(h.values, g.values)
            np.testing.assert_array_equal(co.shapley(h).x, co.shapley(g).x)
            with pytest.raises(ValueError):
                h.values[0] = 1
            with pytest.raises(AttributeError):
                h.players = ("X",)


@settings(max_examples=30)
@given(st.lists(st.integers(1, 30), min_size=2, max_size=8), st.integers(1, 10**6))
def test_bankruptcy_and_airport_sampler_see_the_table(tenths, seed):
    # Worths continuous in the data: adding one-decimal claims in the order
    # of a permutation changes marginal contributions by rounding only.
    from coalition._kernels import incremental as ki
    from coalition.sampling.evaluator import _Evaluator

    claims = np.array(tenths) / 10
    rng = np.random.default_rng(seed)
    estate = int(rng.integers(1, sum(tenths) + 1)) / 10
    for g, tol in ((fam.bankruptcy(estate, claims), 1e-12 * claims.sum()), (fam.airport(claims), 0.0)):
        ev, table, n = _Evaluator(g), g.values, g.n
        for _ in range(5):
            perm = rng.permutation(n)
            marg = np.zeros(n)
            ki.walk(ev.kid, perm, False, marg, np.zeros(n, dtype=bool), *ev.args()[1:])
            mask, want = 0, np.zeros(n)
            for p in perm:
                want[p] = table[mask | 1 << p] - table[mask]
                mask |= 1 << p
            np.testing.assert_allclose(marg, want, rtol=0, atol=tol)


def test_an_estate_equal_to_the_claims_up_to_rounding_is_accepted():
    # 0.1 + 0.6 + 0.1 adds up to 0.7999999999999999 in floating point: an
    # estate of 0.8 is the total claimed, not more, for the game as for the
    # claims rules; a real excess is still refused
    g = fam.bankruptcy(0.8, [0.1, 0.6, 0.1])
    assert g.grand_value == pytest.approx(0.8)
    np.testing.assert_allclose(co.shapley(g).x, [0.1, 0.6, 0.1])
    np.testing.assert_allclose(co.cea(0.8, [0.1, 0.6, 0.1]).x, [0.1, 0.6, 0.1])
    with pytest.raises(co.InvalidParameterError, match="exceeds"):
        fam.bankruptcy(0.8001, [0.1, 0.6, 0.1])


def test_replace_keeps_exact_fraction_weights():
    from fractions import Fraction as F

    g = co.families.weighted_voting([F(1, 3)] * 3, quota=F(2, 3))
    assert g.value("P1+P2") == 1.0
    assert g.replace(quota=F(2, 3)).value("P1+P2") == 1.0  # the float 1/3 twice misses 2/3
    assert co.families.weighted_voting([F(1, 3), 1, 2], 2).replace(players=["A", "B", "C"]).players == ("A", "B", "C")
    m = co.families.multiple_weighted_voting([[F(1, 3)] * 3, [1, 1, 1]], [F(2, 3), 2])
    assert m.value("P1+P2") == 1.0 and m.replace(quotas=[F(2, 3), 1]).value("P1+P2") == 1.0
