"""The Game: constructors, orders, fills, cost games, properties, transforms, bad input."""

import itertools

import numpy as np
import pytest
from hypothesis import given

import coalition as co
from coalition.errors import GameTooLargeError, InvalidGameError, InvalidParameterError
from coalition.game import lex_masks

from .conftest import dense_tables
from .oracles import dividends_by_inclusion_exclusion, random_table


# --- orders -----------------------------------------------------------------------
def test_lex_order_three_players_documented_example():
    # R CoopGame / TUGlab order: A, B, C, AB, AC, BC, ABC.
    g = co.Game([1, 2, 3, 12, 13, 23, 123], players=["A", "B", "C"], order="lex")
    assert [g.value(c) for c in ["A", "B", "C", "A+B", "A+C", "B+C", "A+B+C"]] == [1, 2, 3, 12, 13, 23, 123]
    # Binary order: {}, A, B, AB, C, AC, BC, ABC.
    np.testing.assert_array_equal(g.values, [0, 1, 2, 12, 3, 13, 23, 123])


@pytest.mark.parametrize("n", range(1, 9))
def test_lex_masks_is_size_then_lexicographic(n):
    expected = [
        sum(1 << i for i in combo)
        for k in range(1, n + 1)
        for combo in itertools.combinations(range(n), k)
    ]
    assert lex_masks(n).tolist() == expected


@given(dense_tables(max_n=7))
def test_lex_and_binary_round_trip(table):
    n, v = table
    lex = v[lex_masks(n)]
    np.testing.assert_array_equal(co.Game(lex, order="lex").values, v)


# --- constructors -------------------------------------------------------------------
def test_default_player_names_and_basic_properties():
    g = co.Game([0, 10, 5, 40])
    assert g.players == ("P1", "P2") and g.n == 2 and g.kind == "profit"
    assert g.grand_value == 40 and g.surplus == 25
    np.testing.assert_array_equal(g.standalone, [10, 5])
    assert "2 players" in repr(g)


def test_values_are_read_only():
    g = co.Game([0, 1, 2, 3])
    with pytest.raises(ValueError):
        g.values[1] = 5


def test_from_dict_key_styles_are_equivalent():
    a = co.Game.from_dict({"A": 1, "B": 2, "A+B": 4})
    b = co.Game.from_dict({("A",): 1, frozenset({"B"}): 2, ("B", "A"): 4, (): 0})
    c = co.Game.from_dict({"A": 1, "B": 2, " A + B ": 4})
    for g in (b, c):
        np.testing.assert_array_equal(g.values, a.values)
    assert co.Game.from_dict({"A": 1, "B": 2, "A+B": 4}, players=["B", "A"]).values.tolist() == [0, 2, 1, 4]


def test_fill_additive():
    g = co.Game.from_dict({"A": 1, "B": 2, "C": 4, "A+B": 10}, fill="additive")
    assert g.value("A+C") == 5 and g.value("B+C") == 6 and g.value("A+B+C") == 7 and g.value("A+B") == 10


def test_fill_superadditive_is_the_best_partition():
    rng = np.random.default_rng(5)
    n = 6
    v = rng.uniform(0, 10, 1 << n)
    v[0] = 0
    given_masks = [m for m in range(1, 1 << n) if bin(m).count("1") == 1 or rng.random() < 0.3]
    names = [f"p{i}" for i in range(n)]
    mapping = {tuple(names[i] for i in range(n) if m >> i & 1): v[m] for m in given_masks}
    g = co.Game.from_dict(mapping, players=names, fill="superadditive")
    given_set = set(given_masks)

    def best(s):  # brute force over all partitions of s into given blocks
        if s == 0:
            return 0.0
        low = s & -s
        out = -np.inf
        for t in given_set:
            if t & low and t & s == t:
                out = max(out, v[t] + best(s ^ t))
        return out

    for m in range(1, 1 << n):
        expected = v[m] if m in given_set else best(m)
        assert g.values[m] == pytest.approx(expected)


def test_from_function_plain_and_vectorized_agree():
    w = np.array([1.0, 2.0, 5.0, 0.5])
    names = ["a", "b", "c", "d"]
    calls = []

    def f(coalition):
        calls.append(coalition)
        return sum(w[names.index(p)] for p in coalition) ** 1.5

    g1 = co.Game.from_function(f, names)
    g2 = co.Game.from_function(lambda m: (m @ w) ** 1.5, names, vectorized=True)
    np.testing.assert_allclose(g1.values, g2.values)
    assert len(calls) == 15 and () not in calls  # once per non-empty coalition
    g1.values
    assert len(calls) == 15  # tabulated once


def test_from_function_is_lazy_for_large_games():
    g = co.Game.from_function(lambda m: m.sum(axis=1) ** 2, [f"p{i}" for i in range(200)], vectorized=True)
    assert g.value(["p0", "p5", "p7"]) == 9.0
    assert g.grand_value == 200.0**2
    with pytest.raises(GameTooLargeError, match="200 players"):
        g.values


def test_cost_game_savings_and_shares():
    g = co.Game.from_dict({"A": 6, "B": 4, "A+B": 8}, kind="cost")
    np.testing.assert_array_equal(g.values, [0, 6, 4, 8])
    np.testing.assert_array_equal(g.worths, [0, 0, 0, 2])
    assert g.surplus == 2.0
    assert co.shapley(g).as_dict() == {"A": 5.0, "B": 3.0}


def test_memory_guard_names_n_and_bytes():
    old = co.set_max_table_bytes(8 * 2**10)
    try:
        with pytest.raises(GameTooLargeError, match=r"11 players needs 16,384 bytes"):
            co.Game(np.zeros(2**11))
        co.Game(np.zeros(2**10))  # exactly at the cap is fine
    finally:
        co.set_max_table_bytes(old)
    with pytest.raises(InvalidParameterError, match="`nbytes`"):
        co.set_max_table_bytes(0)


# --- properties against brute force ------------------------------------------------------
def _brute_props(v, n):
    tol = 1e-9 * max(np.abs(v).max(), 1e-300)
    masks = range(1 << n)
    sup = all(
        v[s | t] >= v[s] + v[t] - tol for s in masks for t in masks if s and t and not s & t
    )
    conv = all(v[s | t] + v[s & t] >= v[s] + v[t] - tol for s in masks for t in masks)
    mono = all(v[s] <= v[t] + tol for s in masks for t in masks if s & t == s)
    return sup, conv, mono


@given(dense_tables(max_n=4, integer=True))
def test_structural_properties_match_brute_force(table):
    n, v = table
    g = co.Game(v)
    assert (g.is_superadditive, g.is_convex, g.is_monotone) == _brute_props(v, n)


def test_structural_properties_on_known_games():
    convex = co.Game.from_function(lambda s: len(s) ** 2, ["a", "b", "c", "d"])
    assert convex.is_convex and convex.is_superadditive and convex.is_monotone and convex.is_essential
    majority = co.Game.from_function(lambda s: float(len(s) >= 2), ["a", "b", "c"])
    assert majority.is_superadditive and majority.is_monotone and not majority.is_convex
    additive = co.Game.from_function(lambda s: 3.0 * len(s), ["a", "b"])
    assert additive.is_convex and not additive.is_essential
    # A cost game is judged on its savings game: concave costs are "convex".
    airport = co.families.airport([8, 11, 13, 18])
    assert airport.is_convex and airport.is_superadditive


@given(dense_tables(max_n=5))
def test_dividends_match_inclusion_exclusion(table):
    n, v = table
    np.testing.assert_allclose(co.Game(v).dividends(), dividends_by_inclusion_exclusion(v, n), atol=1e-9)


def test_subgame_and_zero_normalization(rng):
    v = random_table(rng, 5)
    g = co.Game(v, players=list("ABCDE"))
    sub = g.subgame(["D", "B"])
    assert sub.players == ("D", "B")
    for c in ["D", "B", "D+B"]:
        assert sub.value(c) == g.value(c)
    z = g.zero_normalized()
    np.testing.assert_allclose(z.standalone, 0)
    np.testing.assert_allclose(co.shapley(z).x, co.shapley(g).x - g.standalone, atol=1e-12)
    lazy = co.Game.from_function(lambda m: m.sum(axis=1) ** 2, [str(i) for i in range(100)], vectorized=True)
    assert lazy.subgame(["5", "9", "50"]).values.tolist() == [0, 1, 1, 4, 1, 4, 4, 9]


def test_value_access_by_names_mask_and_string():
    g = co.Game([0, 1, 2, 6], players=["A", "B"])
    assert g.value("A+B") == g.value(["B", "A"]) == g.value(3) == g.value(frozenset({"A", "B"})) == 6
    assert g.members(3) == ("A", "B") and g.mask("B") == 2
    assert g.to_dict() == {"A": 1.0, "B": 2.0, "A+B": 6.0}
    plus = co.Game([0, 1, 2, 6], players=["R+D", "B"])
    assert plus.value("R+D") == 1.0  # a player name containing '+' is found whole


# --- bad input ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(values=[0, 1, 2]), "3 entries.*2\\*\\*n"),
        (dict(values=[1, 2, 3, 4], order="lex"), "4 entries.*2\\*\\*n - 1"),
        (dict(values=[0, 1, np.nan, 3]), "non-finite.*entry 2 \\(P2\\)"),
        (dict(values=[0, np.inf, 2, 3]), "non-finite"),
        (dict(values=[1, 1, 2, 3]), "empty coalition"),
        (dict(values=[0, 1, 2, 3], players=["A", "A"]), "'A' twice"),
        (dict(values=[0, 1, 2, 3], players=["A", ""]), "empty name"),
        (dict(values=list(range(8)), players=["A", "B", "A+B"]), "'A\\+B' would name both a player and a coalition"),
        (dict(values=[0, 1, 2, 3], players=["A"]), "1 names"),
        (dict(values=[0, 1, 2, 3], players="AB"), "single string"),
        (dict(values=[[0, 1], [2, 3]]), "one-dimensional"),
        (dict(values="abcd"), "array of numbers"),
        (dict(values=[0, 1, 2, 3], order="colex"), "`order`"),
        (dict(values=[0, 1, 2, 3], kind="profits"), "`kind`"),
    ],
)
def test_constructor_bad_input(kwargs, match):
    with pytest.raises(co.CoalitionError, match=match):
        co.Game(**kwargs)


@pytest.mark.parametrize(
    "mapping, kwargs, match",
    [
        ({"A": 1, "B": 2}, {}, "lacks 1 coalitions: A\\+B"),
        ({"A": 1, "A+B": 2}, dict(fill="additive"), "standalone worths: B"),
        ({"A": 1, "B": 2, "A+X": 3}, dict(players=["A", "B"]), "'X'.*not a player"),
        ({"A": 1, "B": 2, "A+B": 3, "B+A": 3}, {}, "twice"),
        ({"A": 1, "B": "x", "A+B": 3}, {}, "must be a number"),
        ({"A": 1, "B": float("nan"), "A+B": 3}, {}, "not finite"),
        ({"A": 1, "B": 2, "A+B": 3, "": 1}, {}, "empty coalition"),
        ({"A": 1, "B": 2, "A++B": 3}, {}, "empty name"),
        ({"A": 1, "B": 2, "A+B": 3}, dict(fill="max"), "`fill`"),
        ({"A+B": 3, "C": 1}, dict(fill="superadditive"), "cannot be filled"),
        ([("A", 1)], {}, "mapping"),
    ],
)
def test_from_dict_bad_input(mapping, kwargs, match):
    with pytest.raises(co.CoalitionError, match=match):
        co.Game.from_dict(mapping, **kwargs)


def test_from_dict_missing_lists_some_and_counts_all():
    with pytest.raises(InvalidGameError, match=r"lacks 26 coalitions: .*\(26 in all\)"):
        co.Game.from_dict({p: 1 for p in "ABCDE"})


def test_superadditive_fill_refuses_large_n():
    with pytest.raises(InvalidParameterError, match="16 players"):
        co.Game.from_dict({f"p{i}": 1 for i in range(16)}, fill="superadditive")


def test_from_function_bad_returns_name_the_coalition():
    g = co.Game.from_function(lambda s: float("nan") if len(s) == 2 else 1.0, ["A", "B", "C"])
    with pytest.raises(InvalidGameError, match="coalition A\\+B"):
        g.values
    g = co.Game.from_function(lambda s: "x", ["A", "B"])
    with pytest.raises(InvalidGameError, match="expected a number"):
        g.value("A")
    g = co.Game.from_function(lambda m: np.zeros(5), ["A", "B"], vectorized=True)
    with pytest.raises(InvalidGameError, match="shape"):
        g.values
    with pytest.raises(InvalidGameError, match="callable"):
        co.Game.from_function(3, ["A"])
    with pytest.raises(InvalidParameterError, match="`vectorized`"):
        co.Game.from_function(len, ["A"], vectorized=1)


def test_coalition_lookup_bad_input():
    g = co.Game([0, 1, 2, 6], players=["A", "B"])
    with pytest.raises(InvalidGameError, match="'C'"):
        g.value("A+C")
    with pytest.raises(InvalidGameError, match="out of range"):
        g.value(4)
    with pytest.raises(InvalidGameError, match="`coalition`"):
        g.value(2.5)
    with pytest.raises(InvalidGameError, match="'Z'"):
        g.subgame(["Z"])


def test_superadditive_fill_of_a_cost_game_takes_the_cheapest_partition():
    g = co.Game.from_dict({"A": 4, "B": 5, "C": 6, "A+B": 7}, fill="superadditive", kind="cost")
    assert g.value("A+B+C") == 13.0  # A+B together (7) and C alone (6), not 4 + 5 + 6
    assert g.value("A+C") == 10.0 and g.value("B+C") == 11.0
    assert g.is_superadditive  # its savings game is
    # Every cost share is at most the partner's standalone cost.
    assert np.all(co.shapley(g).x <= g.standalone + 1e-12)


def test_players_must_be_ordered():
    with pytest.raises(InvalidGameError, match="ordered sequence"):
        co.Game([0, 10, 5, 40], players={"Hub", "Battery"})
    with pytest.raises(InvalidGameError, match="ordered sequence"):
        co.Game.from_dict({"A": 1, "B": 1, "A+B": 3}, players=frozenset({"A", "B"}))


def test_numpy_booleans_are_accepted_as_flags():
    g = co.Game.from_function(lambda m: m.sum(axis=1) ** 2.0, ["A", "B"], vectorized=np.True_)
    assert g.value("A+B") == 4.0
    assert co.banzhaf(g, normalized=np.True_).total == pytest.approx(4.0)


def test_worths_beyond_float_safety_are_refused():
    with pytest.raises(InvalidGameError, match="magnitude above 1e\\+150"):
        co.Game([0, 1.7e308, 1.7e308, 1.7e308])
    with pytest.raises(InvalidGameError, match="above 1e\\+150"):
        co.Game.from_dict({"A": 1e200, "B": 1, "A+B": 3})
    with pytest.raises(InvalidGameError, match="at most 1e\\+150"):
        co.Game.from_function(lambda s: 1e300, ["A", "B"]).values
    with pytest.raises(co.InvalidParameterError, match="1e\\+150"):
        co.families.airport([1.0, 1e200])
    co.Game([0, 1e150, -1e150, 0])  # the limit itself is fine


# --- immutability -------------------------------------------------------------------------
def test_a_game_keeps_no_reference_to_the_callers_arrays():
    values = np.array([0.0, 1.0, 2.0, 6.0])
    weights = np.array([3.0, 2.0, 1.0, 1.0])
    g = co.Game(values)
    v = co.families.weighted_voting(weights, 4)
    values[3], weights[0] = 100.0, 0.0  # the caller's arrays stay writeable and theirs
    assert g.grand_value == 6.0 and v.value("P1+P4") == 1.0
    np.testing.assert_array_equal(v.weights, [3, 2, 1, 1])


def test_read_only_arrays_cannot_be_made_writeable_again():
    g = co.Game.from_function(lambda s: len(s) ** 2, ["A", "B", "C"], kind="cost")
    for arr in (g.values, g.worths, g.standalone, g.dividends(), g.subgame(["A"]).values,
                g.zero_normalized().values):
        with pytest.raises(ValueError):
            arr.setflags(write=True)
        with pytest.raises(ValueError):
            arr[...] = 0


def test_replace_of_a_dense_game_checks_its_arguments():
    g = co.Game([0, 1, 2, 6], players=["A", "B"])
    with pytest.raises(InvalidParameterError, match="`replace` got 'value'.*`values`, `players`, `kind`"):
        g.replace(value=[0, 1, 2, 7])
    with pytest.raises(InvalidGameError, match="`values` has 3 entries"):
        g.replace(values=[0, 1, 2])
    h = g.replace(kind="cost")
    assert h.kind == "cost" and g.kind == "profit" and h.players == g.players
    with pytest.raises(AttributeError, match="immutable: `kind` cannot be set; .*replace"):
        g.kind = "cost"
