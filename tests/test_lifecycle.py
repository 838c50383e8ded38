"""Exit and entry reports: every share before and after, checked against the
games solved from scratch, brute-force payment ranges and the Shapley value's
known facts."""

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coalition as co
from coalition.errors import InvalidGameError, InvalidParameterError

from .conftest import dense_tables
from .oracles import shapley_by_orders


def sub_table(v, n, keep):
    """The worths of the coalitions of `keep` (player indices), built by hand."""
    k = len(keep)
    out = np.zeros(1 << k)
    for m in range(1 << k):
        full = sum(1 << keep[j] for j in range(k) if m >> j & 1)
        out[m] = v[full]
    return out


def convex_table(n, rng):
    """Supermodular: a convex function of size plus an additive part."""
    v = np.zeros(1 << n)
    w = rng.uniform(0, 5, n)
    for m in range(1 << n):
        s = m.bit_count()
        v[m] = s**2 + sum(w[i] for i in range(n) if m >> i & 1)
    return v


@settings(max_examples=40, deadline=None)
@given(dense_tables(min_n=2, max_n=5), st.data())
def test_exit_equals_the_subgame_solved_from_scratch(nv, data):
    n, v = nv
    g = co.Game(v)
    i = data.draw(st.integers(0, n - 1))
    r = co.exit_report(g, g.players[i], rules=["shapley", "equal split"])
    keep = [j for j in range(n) if j != i]
    full = shapley_by_orders(v, n)
    sub = sub_table(v, n, keep)
    np.testing.assert_allclose(r.before[:, 0], full[keep], atol=1e-9)
    np.testing.assert_allclose(r.after[:, 0], shapley_by_orders(sub, n - 1), atol=1e-9)
    np.testing.assert_allclose(r.after[:, 1], sub[-1] / (n - 1), atol=1e-9)
    np.testing.assert_allclose(r.change, r.after - r.before)
    assert r.players == tuple(g.players[j] for j in keep)
    assert r.marginal_contribution == pytest.approx(v[-1] - sub[-1])
    np.testing.assert_allclose(r.partner_share, [full[i], v[-1] / n], atol=1e-9)
    # what the rest gain together: the leaving partner's share less what it brings
    np.testing.assert_allclose(r.max_payment, r.partner_share - r.marginal_contribution, atol=1e-9)


def test_exit_payment_range_by_brute_force():
    """Every payment up to max_payment can be split so that each remaining
    partner is no worse off, and none above it can (a grid over payments and
    over divisions of the payment)."""
    rng = np.random.default_rng(7)
    for _ in range(5):
        n = 4
        v = np.concatenate([[0.0], rng.uniform(0, 10, (1 << n) - 1)])
        v[-1] = 40.0
        g = co.Game(v)
        r = co.exit_report(g, "P1", rules=["equal split", "shapley"])
        for j in range(2):
            gain = r.after[:, j] - r.before[:, j]  # each remaining partner's gain
            top = r.max_payment[j]
            grid = np.arange(-60.0, 60.0, 0.1)
            a, b = np.meshgrid(grid, grid, sparse=True)
            for pay in top + np.array([-3, -2, -1, -0.5, 0.5, 1, 2, 3]):
                # can the three remaining partners split `pay` so that each keeps a gain >= 0?
                ok = np.any((a <= gain[0]) & (b <= gain[1]) & (pay - a - b <= gain[2]))
                assert ok == (pay < top), (pay, top)


@settings(max_examples=30, deadline=None)
@given(dense_tables(min_n=2, max_n=5), st.data())
def test_a_null_partners_exit_changes_no_shapley_share(nv, data):
    n, v = nv
    i = data.draw(st.integers(0, n - 1))
    v = v.copy()
    for m in range(1 << n):  # make partner i null: v(S + i) = v(S)
        if m >> i & 1:
            v[m] = v[m & ~(1 << i)]
    g = co.Game(v)
    r = co.exit_report(g, g.players[i], rules=["shapley"])
    np.testing.assert_allclose(r.change, 0.0, atol=1e-9)
    assert r.partner_share[0] == pytest.approx(0.0, abs=1e-9)
    assert r.max_payment[0] == pytest.approx(0.0, abs=1e-9)


def test_convex_games_keep_the_shapley_split_in_the_core_after_an_exit():
    rng = np.random.default_rng(3)
    for n in (3, 4, 5, 6):
        g = co.Game(convex_table(n, rng))
        assert g.is_convex
        for p in g.players:
            r = co.exit_report(g, p, rules=["shapley"])
            small = g.subgame(r.players)
            assert co.in_core(small, r.after[:, 0])
            # the core never pays a partner more than it adds: no exit payment leaves the rest whole
            assert r.max_payment[0] <= 1e-9


def test_old_split_of_the_rest_is_checked_in_the_smaller_alliance():
    g = co.Game.from_dict({"Hub": 12, "Battery": 6, "Plant": 0, "Hub+Battery": 42,
                           "Hub+Plant": 24, "Battery+Plant": 12, "Hub+Battery+Plant": 60})
    r = co.exit_report(g, "Plant", rules=["shapley", "equal split"])
    rep = r.old_split[0]
    # Shapley gave the Hub 30 and the Battery 21: 51, but they earn 42 together
    assert rep.total == pytest.approx(51.0) and rep.grand_value == pytest.approx(42.0)
    assert not rep.in_core and not rep.efficient
    # equal split gave each 20: 40 < 42, and the Hub (12 alone) is content; still not efficient
    assert r.old_split[1].total == pytest.approx(40.0) and not r.old_split[1].in_core
    text = repr(r)
    assert "Plant brings to the alliance 18" in text and "would have to pay them 9" in text
    assert "Shapley before" in r.to_markdown()


def test_exit_from_a_cost_game_reports_cost_shares():
    # three towns share a pipeline (costs); the savings game is convex
    g = co.Game.from_dict({"A": 10, "B": 10, "C": 10, "A+B": 15, "A+C": 15, "B+C": 15, "A+B+C": 18},
                          kind="cost")
    r = co.exit_report(g, "C", rules=["shapley"])
    np.testing.assert_allclose(r.before[:, 0], [6.0, 6.0])
    np.testing.assert_allclose(r.after[:, 0], [7.5, 7.5])
    assert r.marginal_contribution == pytest.approx(3.0)  # C adds 3 to the cost
    # the rest pay 1.5 each more: C would have to pay them 3 to leave them whole
    assert r.max_payment[0] == pytest.approx(-3.0)
    assert r.max_payment_ratio[0] == pytest.approx(-0.5)


def test_a_rule_that_does_not_apply_gives_nan_and_a_note():
    # no imputation in the whole game: the nucleolus is not defined there
    g = co.Game.from_dict({"A": 5, "B": 5, "C": 5, "A+B": 8, "A+C": 8, "B+C": 8, "A+B+C": 12})
    r = co.exit_report(g, "C", rules=["nucleolus", "shapley"])
    assert np.isnan(r.before[:, 0]).all() and r.old_split[0] is None
    assert any("nucleolus in the whole alliance: not applicable" in note for note in r.notes)
    assert np.isfinite(r.after[:, 1]).all() and np.isfinite(r.before[:, 1]).all()


@settings(max_examples=30, deadline=None)
@given(dense_tables(min_n=2, max_n=5), st.data())
def test_entry_is_the_exit_read_backwards(nv, data):
    n, v = nv
    g = co.Game(v)
    j = data.draw(st.integers(0, n - 1))
    newcomer = g.players[j]
    keep = [k for k in range(n) if k != j]
    small = g.subgame([g.players[k] for k in keep])
    worths = {}
    for m in range(1 << n):
        if m >> j & 1:
            worths[tuple(g.players[k] for k in range(n) if m >> k & 1)] = v[m]
    entry = co.entry_report(small, newcomer, worths, rules=["shapley"], fill=None)
    out = co.exit_report(g, newcomer, rules=["shapley"])
    np.testing.assert_allclose(entry.before, out.after, atol=1e-9)
    np.testing.assert_allclose(entry.after, out.before, atol=1e-9)
    assert entry.newcomer_share[0] == pytest.approx(out.partner_share[0], abs=1e-9)
    assert entry.marginal_contribution == pytest.approx(out.marginal_contribution)
    assert entry.filled == ()


def test_entry_fee_range_by_brute_force_and_its_ends():
    g = co.Game.from_dict({"Hub": 10, "Battery": 6, "Hub+Battery": 40})
    worths = {"Solar": 2, "Hub+Solar": 18, "Battery+Solar": 14, "Hub+Battery+Solar": 58}
    r = co.entry_report(g, "Solar", worths, rules=["shapley", "equal split"])
    for k in range(2):
        lo, hi = r.fee[k]
        y = r.newcomer_share[k]
        gain = r.after[:, k] - r.before[:, k]
        for fee in np.linspace(lo - 2, hi + 2, 41):
            incumbents_ok = gain.sum() + fee >= -1e-9  # the fee can be split to cover each loss
            newcomer_ok = y - fee >= 2 - 1e-9
            assert (incumbents_ok and newcomer_ok) == (lo - 1e-9 <= fee <= hi + 1e-9)


def test_entry_fills_missing_coalitions_and_flags_them():
    g = co.Game.from_dict({"A": 1, "B": 1, "A+B": 4})
    r = co.entry_report(g, "C", {"C": 1, "A+C": 3}, rules=["shapley"])
    assert r.filled == ("B+C", "A+B+C")
    # superadditive fill: B+C = max(v(B) + v(C)) = 2; A+B+C = max(4 + 1, 3 + 1, 1 + 1 + 1) = 5
    assert r.game.value("B+C") == 2 and r.game.value("A+B+C") == 5
    assert "2 coalitions with C were filled" in repr(r)
    add = co.entry_report(g, "C", {"C": 1}, rules=["shapley"], fill="additive")
    assert add.game.value("A+B+C") == 3  # the additive fill: standalone worths only
    fn = co.entry_report(g, "C", lambda members: 2.0 * len(members), rules=["shapley"])
    assert fn.game.value("A+B+C") == 6 and fn.game.value("C") == 2 and fn.filled == ()


def test_entry_into_a_cost_game():
    g = co.Game.from_dict({"A": 10, "B": 10, "A+B": 15}, kind="cost")
    r = co.entry_report(g, "C", {"C": 10, "A+C": 15, "B+C": 15, "A+B+C": 18}, rules=["shapley"])
    np.testing.assert_allclose(r.after[:, 0], [6.0, 6.0])
    assert r.newcomer_share[0] == pytest.approx(6.0) and r.marginal_contribution == pytest.approx(3.0)
    # incumbents each save 1.5: C may be paid up to 3; it pays 6 instead of 10 alone, so it could pay 4
    np.testing.assert_allclose(r.fee[0], [-3.0, 4.0])


@pytest.mark.parametrize("call, error, fragment", [
    (lambda g: co.exit_report(g, "Solar"), InvalidParameterError,
     "`partner` must be one of the partners ['Hub', 'Battery'], got 'Solar'"),
    (lambda g: co.exit_report(g, 3), InvalidParameterError, "`partner` must be one of the partners"),
    (lambda g: co.exit_report(g, "Hub", rules=["shapely"]), InvalidParameterError, "known rules are Shapley"),
    (lambda g: co.exit_report([0, 1], "Hub"), InvalidGameError, "`game` must be a coalition.Game"),
    (lambda g: co.entry_report(g, "Hub", {}), InvalidParameterError, "`newcomer` must be a new partner's name"),
    (lambda g: co.entry_report(g, "C", {"C": 1}, fill="best"), InvalidParameterError, "`fill` must be"),
    (lambda g: co.entry_report(g, "C", [1, 2]), InvalidParameterError, "`worths` must be a mapping"),
    (lambda g: co.entry_report(g, "C", {"Hub+D": 1}), InvalidGameError, "names 'D', which is neither"),
    (lambda g: co.entry_report(g, "C", {"C": "x"}), InvalidGameError, "`worths['C']`"),
    (lambda g: co.entry_report(g, "C", {"C": float("nan")}), InvalidGameError, "`worths['C']`"),
    (lambda g: co.entry_report(g, "C", {"C": 1, "Hub": 2}, fill=None), InvalidGameError,
     "`worths` lacks 2 coalitions: Battery+C, Hub+Battery+C"),
    (lambda g: co.entry_report(g, "C", {"C": 1, "Hub+C": 2, "Battery+C": 3, "Hub+Battery+C": 50},
                               monotone=True), InvalidGameError,
     "`worths` breaks monotonicity at 2 coalitions: Hub+C, Battery+C have a lower worth with C than without"),
])
def test_bad_input(call, error, fragment):
    g = co.Game.from_dict({"Hub": 10, "Battery": 5, "Hub+Battery": 40})
    with pytest.raises(error, match=re.escape(fragment)):
        call(g)


def test_one_partner_cannot_leave():
    with pytest.raises(InvalidParameterError, match="one partner"):
        co.exit_report(co.Game([0, 5], players=["Solo"]), "Solo")


# -- sensitivity -------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(dense_tables(min_n=1, max_n=5), st.sampled_from(["profit", "cost"]))
def test_exact_coefficients_equal_finite_differences_of_the_rule(nv, kind):
    n, v = nv
    g = co.Game(v, kind=kind)
    for name, rule in [("Shapley", co.shapley), ("Banzhaf", co.banzhaf)]:
        exact = co.sensitivity(g, name)
        fd = co.sensitivity(g, lambda game, rule=rule: rule(game))
        assert exact.method == "exact" and fd.method == "finite differences"
        np.testing.assert_allclose(exact.matrix, fd.matrix, atol=1e-6)
        assert not fd.kinks.any()  # linear rules have no kinks


def test_exact_coefficients_by_hand_and_by_unit_games():
    """Column S of the Shapley matrix is the Shapley value of the game that is
    1 at S and 0 elsewhere (linearity), computed by the brute-force oracle."""
    n = 4
    s = co.sensitivity(co.Game(np.arange(1 << n, dtype=float)), "Shapley")
    for m in range(1, 1 << n):
        unit = np.zeros(1 << n)
        unit[m] = 1.0
        np.testing.assert_allclose(s.matrix[:, m - 1], shapley_by_orders(unit, n), atol=1e-12)


def test_nucleolus_differences_are_local_and_kinks_are_flagged():
    g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 40, "A+C": 50, "B+C": 60, "A+B+C": 100})
    s = co.sensitivity(g, "nucleolus")
    assert s.method == "active set"
    x0 = co.nucleolus(g).x
    v = g.values
    for m in range(1, 8):
        if s.kinks[:, m - 1].any():
            continue
        w = v.copy()
        w[m] += 1e-3  # a small step off the kink-free worth moves the share linearly
        x1 = co.nucleolus(co.Game(w, g.players)).x
        np.testing.assert_allclose((x1 - x0) / 1e-3, s.matrix[:, m - 1], atol=1e-5)
    # by hand: the three pairs' excesses are equal at the nucleolus, e(B+C) = x_A + v(B+C) - v(N) = t
    # with t = (v(A+B) + v(A+C) + v(B+C) - 2 v(N)) / 3, so x_A = t + v(N) - v(B+C): slope 1/3 - 1
    assert s["A"]["B+C"] == pytest.approx(-2 / 3, abs=1e-6)
    assert s["A"]["A+B"] == pytest.approx(1 / 3, abs=1e-6)
    assert s["A"]["A+B+C"] == pytest.approx(1 / 3, abs=1e-6)


def test_nucleolus_kink_is_flagged():
    # symmetric 2-player game at the edge of the imputation set: x_A = max(v(A), ...) bends at v(A) = 5
    g = co.Game.from_dict({"A": 5, "B": 0, "A+B": 10})
    s = co.sensitivity(g, lambda game: co.nucleolus(game))
    assert not s.kinks.any()
    g = co.Game.from_dict({"A": 5, "B": 5, "A+B": 10})  # no surplus: the imputation set is one point
    s = co.sensitivity(g, "nucleolus")
    assert s.kinks.any()


def test_top_coalitions_rank_by_effect_and_large_games_skip_the_matrix():
    rng = np.random.default_rng(5)
    n = 13
    v = np.concatenate([[0.0], rng.uniform(-10, 10, (1 << n) - 1)])
    g = co.Game(v)
    s = co.sensitivity(g, "shapley", top=5)
    assert s.matrix is None and s.coalitions == ()
    small = co.sensitivity(co.Game(v[: 1 << 12]), "shapley", top=5)
    assert small.matrix is not None
    # brute force for partner P3 of the 13-player game: every coefficient by its formula
    from math import factorial
    i = 2
    effects = []
    for m in range(1, 1 << n):
        k = m.bit_count()
        coef = (factorial(k - 1) * factorial(n - k) / factorial(n) if m >> i & 1
                else -factorial(k) * factorial(n - k - 1) / factorial(n))
        effects.append((abs(coef * v[m]), m, coef))
    effects.sort(reverse=True)
    got = s.top["P3"]
    assert [row[0] for row in got] == [co.Game._name(m, g.players) for _, m, _ in effects[:5]]
    np.testing.assert_allclose([row[1] for row in got], [c for _, _, c in effects[:5]])
    np.testing.assert_allclose([row[3] for row in got], [e for e, _, _ in effects[:5]])


@pytest.mark.parametrize("call, error, fragment", [
    (lambda g: co.sensitivity(g, "shapely"), InvalidParameterError, "`rule` has 'shapely'"),
    (lambda g: co.sensitivity(g, top=0), InvalidParameterError, "`top` must be a positive integer, got 0"),
    (lambda g: co.sensitivity(g, top=True), InvalidParameterError, "`top` must be a positive integer"),
    (lambda g: co.sensitivity(co.Game(np.arange(1 << 11, dtype=float)), "tau-value"), co.GameTooLargeError,
     "allowed up to 10 partners (the game has 11)"),
])
def test_sensitivity_bad_input(call, error, fragment):
    g = co.Game.from_dict({"Hub": 10, "Battery": 5, "Hub+Battery": 40})
    with pytest.raises(error, match=re.escape(fragment)):
        call(g)


# -- sweep ---------------------------------------------------------------------------


def alliance(synergy, battery=5.0):
    return co.Game.from_dict({"Hub": 10, "Battery": battery, "Hub+Battery": 18 + synergy})


def test_sweep_equals_each_point_solved_alone():
    s = co.sweep(alliance, {"synergy": [0, 10], "battery": [5, 8]}, rules=["shapley", "nucleolus"])
    assert s.params == ("synergy", "battery") and len(s.points) == 4
    assert s.points[1] == {"synergy": 0, "battery": 8}  # the first name varies slowest
    for k, point in enumerate(s.points):
        g = alliance(**point)
        for rule, fn in [("Shapley", co.shapley), ("nucleolus", co.nucleolus)]:
            rows = [r for r in s.records if r["point"] == k and r["rule"] == rule]
            assert [r["partner"] for r in rows] == list(g.players)
            np.testing.assert_allclose([r["share"] for r in rows], fn(g).x)
    np.testing.assert_allclose(s.shares("Shapley", "Hub"), [11.5, 10, 16.5, 15])
    frame = s.to_frame()
    assert list(frame.columns) == ["synergy", "battery", "point", "rule", "partner", "share"]
    assert len(frame) == 4 * 2 * 2


def test_sweep_on_an_executor_gives_the_same_records_in_grid_order():
    from concurrent.futures import ThreadPoolExecutor

    grid = [{"synergy": s} for s in (20, 0, 10, 5)]
    plain = co.sweep(alliance, grid, rules=["shapley"])
    with ThreadPoolExecutor(2) as pool:
        threaded = co.sweep(alliance, grid, rules=["shapley"], executor=pool)
    assert threaded.records == plain.records


def test_sweep_with_varying_partners_and_rules_that_do_not_apply():
    def grow(n):
        return co.Game.from_function(lambda s: float(len(s) ** 2), [f"P{i}" for i in range(n)])

    s = co.sweep(grow, {"n": [2, 3]}, rules=["shapley"])
    assert s.partners == ("P0", "P1", "P2")
    np.testing.assert_allclose(s.shares("Shapley", "P2"), [np.nan, 3.0])
    # no imputation at battery = 30: the nucleolus is NaN there, with a note
    t = co.sweep(alliance, {"synergy": [0], "battery": [5, 30]}, rules=["nucleolus"])
    assert np.isnan(t.shares("nucleolus", "Hub")[1]) and "not applicable" in t.notes[0]


@pytest.mark.parametrize("grid, fragment", [
    ({}, "`grid` has no points"),
    ([], "`grid` has no points"),
    ({"synergy": []}, "`grid['synergy']` has no values"),
    ({"synergy": 5}, "`grid['synergy']` must be a sequence"),
    ([{"synergy": 1}, {"battery": 2}], "`grid[1]` has the parameters ['battery']"),
    ([5], "`grid[0]` must be a mapping"),
    ("synergy", "`grid` must be a mapping"),
])
def test_sweep_bad_grid(grid, fragment):
    with pytest.raises(InvalidParameterError, match=re.escape(fragment)):
        co.sweep(alliance, grid)


def test_sweep_make_game_must_return_a_game():
    with pytest.raises(InvalidParameterError, match=re.escape("`make_game` returned list at {'a': 1}")):
        co.sweep(lambda a: [0, 1], {"a": [1]})


# -- games without a table -------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=2, max_size=7), st.data())
def test_a_voting_games_subgame_is_the_voting_game_of_the_rest(weights, data):
    total = sum(weights)
    if total == 0:
        return
    quota = data.draw(st.integers(1, total))
    g = co.families.weighted_voting(weights, quota)
    keep = data.draw(st.lists(st.sampled_from(g.players), min_size=1, unique=True))
    sub = g.subgame(keep)
    table = co.Game(g.values, g.players).subgame(keep)  # the same worths, sliced from the table
    np.testing.assert_array_equal(sub.values, table.values)
    assert sub.players == tuple(keep)


def test_exit_from_a_voting_game_too_large_for_a_table_is_exact():
    w = np.arange(1, 81) % 9 + 1
    g = co.families.weighted_voting(w, int(w.sum()) // 2 + 1)
    r = co.exit_report(g, "P1", rules=["shapley", "nucleolus"])
    rest = co.families.weighted_voting(w[1:], int(w.sum()) // 2 + 1, players=g.players[1:])
    np.testing.assert_allclose(r.after[:, 0], co.shapley(rest).x, atol=1e-12)
    np.testing.assert_allclose(r.before[:, 0], co.shapley(g).x[1:], atol=1e-12)
    # the nucleolus of a weighted voting game needs no table either (a
    # certified route of its own); the old split's core check does
    np.testing.assert_allclose(r.after[:, 1], co.nucleolus(rest).x, atol=1e-12)
    np.testing.assert_allclose(r.before[:, 1], co.nucleolus(g).x[1:], atol=1e-12)
    assert r.old_split == (None, None) and r.intervals == {}
    assert any("not checked in the smaller alliance" in n for n in r.notes)


def test_exit_from_a_structured_game_without_an_exact_subgame_is_sampled_with_intervals():
    # 70 planes: the subgame of an airport game is asked worth by worth and its
    # Shapley value estimated; the oracle is the exact airport value of the rest
    rng = np.random.default_rng(11)
    costs = rng.uniform(1, 100, 70)
    g = co.families.airport(costs)
    r = co.exit_report(g, "P1", rules=["shapley"])
    exact = co.shapley(co.families.airport(costs[1:], players=g.players[1:])).x
    lo, hi = r.intervals["Shapley after"]
    half = (hi - lo) / 2
    assert np.all(np.abs(r.after[:, 0] - exact) <= 5 * half + 1e-9)
    assert "Shapley before" not in r.intervals  # the whole game has its exact path
    assert any("estimated by" in n for n in r.notes)
