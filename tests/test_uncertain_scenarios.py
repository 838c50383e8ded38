"""Scenario games: share distributions against a plain NumPy loop with the same
seed and against hand sums over weighted scenarios, linear rules' means against
the rule of the mean game, the robust core against a brute-force LP over every
coalition of every scenario, term-sheet stability probabilities against a plain
loop, and the bad inputs."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

import coalition as co
from coalition.errors import InvalidGameError, InvalidParameterError
from coalition.terms import TermSheet, Tranche, stress

PAIR = ["A", "B"]


def random_game(n, rng, players=None, scale=10.0):
    v = rng.uniform(0, scale, 1 << n)
    size = np.array([m.bit_count() for m in range(1 << n)])
    v = v * size  # larger coalitions worth more on average
    v[0] = 0.0
    return co.Game(v, players=players)


def convex_game(n, rng, players=None):
    """v(S) = sum of w over S plus (sum of u over S) squared: convex, so its core is non-empty."""
    w, u = rng.uniform(0, 5, n), rng.uniform(0, 3, n)
    masks = np.arange(1 << n)
    bits = ((masks[:, None] >> np.arange(n)) & 1).astype(float)
    return co.Game(bits @ w + (bits @ u) ** 2, players=players)


def plain_stats(shares, levels):
    return (shares.mean(axis=0), shares.std(axis=0, ddof=1),
            np.quantile(shares, levels, axis=0, method="inverted_cdf"))


# -- distributions of a random model against a plain NumPy loop --------------------------------
@pytest.mark.parametrize("as_table", [False, True])
def test_sampled_distribution_matches_a_plain_loop_with_the_same_seed(as_table):
    n = 5
    players = [f"P{i}" for i in range(n)]
    base = random_game(n, np.random.default_rng(0), players)

    def draw(rng):
        v = base.values * rng.uniform(0.5, 1.5, 1 << n)
        return v if as_table else co.Game(v, players=players)

    levels = (0.1, 0.5, 0.9)
    d = co.share_distribution(co.ScenarioGame(draw, players=players), n_scenarios=300, seed=7,
                              quantiles=levels)
    rng = np.random.default_rng(7)
    games = [co.Game(np.asarray(draw(rng) if as_table else draw(rng).values), players=players)
             for _ in range(300)]
    shares = np.array([co.shapley(g).x for g in games])
    alone = np.array([g.standalone for g in games])
    mean, std, q = plain_stats(shares, levels)
    np.testing.assert_allclose(d.shares, shares, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(d.x, mean, rtol=1e-12)
    np.testing.assert_allclose(d.std, std, rtol=1e-10)
    np.testing.assert_allclose(d.quantiles, q, rtol=1e-12)
    np.testing.assert_allclose(d.below_standalone, (shares < alone - 1e-9 * np.maximum(
        np.abs([g.grand_value for g in games]), 1)[:, None]).mean(axis=0))
    assert not d.exact and not d.mean_exact and d.mc_stderr is None
    np.testing.assert_allclose(d.mean_stderr, std / np.sqrt(300))
    assert d.levels == levels and set(d["P0"]) == {"mean", "std", "10%", "50%", "90%", "below standalone"}


def test_a_nonlinear_rule_and_the_probability_of_walking_against_a_plain_loop():
    def draw(rng):
        return co.Game.from_dict({"A": 10, "B": rng.uniform(0, 20), "A+B": rng.uniform(15, 40)})

    d = co.share_distribution(co.ScenarioGame(draw, players=PAIR), "proportional", n_scenarios=400, seed=3)
    rng = np.random.default_rng(3)
    games = [draw(rng) for _ in range(400)]
    shares = np.array([co.proportional(g).x for g in games])
    alone = np.array([g.standalone for g in games])
    np.testing.assert_allclose(d.x, shares.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(d.below_standalone, (shares < alone - 1e-8).mean(axis=0))
    assert 0 < d.below_standalone[0] < 1  # the case happens, and not always
    assert d.rule == "proportional" and not d.mean_exact


# -- listed scenarios: exact weighted sums ---------------------------------------------------------
def test_weighted_scenarios_exact_against_a_hand_sum():
    g1 = co.Game.from_dict({"A": 10, "B": 5, "A+B": 20})
    g2 = co.Game.from_dict({"A": 10, "B": 5, "A+B": 40})
    g3 = co.Game.from_dict({"A": 12, "B": 0, "A+B": 10})
    w = np.array([0.5, 0.3, 0.2])
    d = co.share_distribution(co.ScenarioGame([g1, g2, g3], weights=w), quantiles=(0.4, 0.5, 0.9))
    # Shapley by hand: A = v(A) + (v(AB) - v(A) - v(B)) / 2
    a = np.array([12.5, 22.5, 11.0])
    b = np.array([7.5, 17.5, -1.0])
    assert d.exact and d.mean_exact and d.mc_stderr is None
    assert d["A"]["mean"] == pytest.approx(0.5 * 12.5 + 0.3 * 22.5 + 0.2 * 11.0, abs=1e-12)
    var_a = 0.5 * (12.5 - d.x[0]) ** 2 + 0.3 * (22.5 - d.x[0]) ** 2 + 0.2 * (11.0 - d.x[0]) ** 2
    assert d["A"]["std"] == pytest.approx(np.sqrt(var_a), rel=1e-12)
    # A's distribution: 11 (0.2), 12.5 (0.5), 22.5 (0.3): cumulative 0.2, 0.7, 1.0
    assert (d["A"]["40%"], d["A"]["50%"], d["A"]["90%"]) == (12.5, 12.5, 22.5)
    # B: -1 (0.2), 7.5 (0.5), 17.5 (0.3)
    assert (d["B"]["40%"], d["B"]["90%"]) == (7.5, 17.5)
    # A walks in scenario 3 only (11 < 12); B never (B's standalone 5 < 7.5, 17.5; 0 > -1 in scenario 3)
    assert d["A"]["below standalone"] == pytest.approx(0.2)
    assert d["B"]["below standalone"] == pytest.approx(0.2)
    np.testing.assert_allclose(d.shares, np.c_[a, b])
    assert not np.any(d.mean_stderr)


def test_equal_weights_give_the_inverted_cdf_quantiles_of_numpy():
    rng = np.random.default_rng(2)
    games = [random_game(4, rng) for _ in range(37)]
    d = co.share_distribution(co.ScenarioGame(games), quantiles=(0.05, 0.25, 0.5, 0.75, 0.95))
    shares = np.array([co.shapley(g).x for g in games])
    np.testing.assert_allclose(d.quantiles, np.quantile(shares, [0.05, 0.25, 0.5, 0.75, 0.95], axis=0,
                                                        method="inverted_cdf"))
    np.testing.assert_allclose(d.std, shares.std(axis=0))  # the distribution's own: ddof 0


LINEAR = [co.shapley, co.banzhaf, co.equal_split, co.equal_surplus, co.solidarity_value, co.ensc,
          co.least_square_prenucleolus]


@settings(max_examples=15, deadline=None)
@given(st.integers(1, 5), st.integers(2, 6), st.integers(0, 2**31 - 1), st.sampled_from(["profit", "cost"]))
def test_linear_rules_mean_is_the_rule_of_the_mean_game(n, k, seed, kind):
    rng = np.random.default_rng(seed)
    tables = [random_game(n, rng).values for _ in range(k)]
    w = rng.dirichlet(np.ones(k))
    w = w / w.sum()
    sg = co.ScenarioGame(tables, weights=w, kind=kind)
    mean_game = sg.mean_game()
    np.testing.assert_allclose(mean_game.values, w @ np.array(tables), rtol=1e-12, atol=1e-12)
    for rule in LINEAR:
        d = co.share_distribution(sg, rule)
        assert d.mean_exact
        np.testing.assert_allclose(d.x, rule(mean_game).x, rtol=1e-9, atol=1e-9)
        per = np.array([rule(g).x for g in sg.scenarios])
        np.testing.assert_allclose(d.shares, per, rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(d.x, w @ per, rtol=1e-9, atol=1e-9)  # linearity, checked


def test_random_model_with_a_known_mean_game_reports_an_exact_mean():
    def draw(rng):
        return [0.0, 10.0, 5.0, rng.uniform(20, 40)]

    mean = co.Game([0.0, 10.0, 5.0, 30.0], players=PAIR)
    d = co.share_distribution(co.ScenarioGame(draw, players=PAIR, mean=mean), n_scenarios=50, seed=0)
    assert d.mean_exact and d.x.tolist() == co.shapley(mean).x.tolist() and not np.any(d.mean_stderr)
    # a non-linear rule's mean stays a sample mean
    d2 = co.share_distribution(co.ScenarioGame(draw, players=PAIR, mean=mean), "nucleolus", n_scenarios=50,
                               seed=0)
    assert not d2.mean_exact and np.all(d2.mean_stderr > 0)


def test_cost_scenarios_give_cost_shares_and_walk_when_asked_more_than_alone():
    a1 = co.families.airport([8, 11, 13, 18])
    a2 = co.families.airport([8, 11, 13, 40])
    t1, t2 = co.Game(a1.values, players=a1.players, kind="cost"), co.Game(a2.values, players=a1.players,
                                                                           kind="cost")
    d = co.share_distribution(co.ScenarioGame([t1, t2], weights=[0.25, 0.75]))
    np.testing.assert_allclose(d.shares, [[2, 3, 4, 9], [2, 3, 4, 31]])
    assert d.kind == "cost" and not np.any(d.below_standalone)
    # a family game with its own Shapley algorithm gives the same
    d2 = co.share_distribution(co.ScenarioGame([a1, a2], weights=[0.25, 0.75]))
    np.testing.assert_allclose(d2.x, d.x)


def test_large_games_are_sampled_and_the_sampler_error_is_kept_apart():
    n = 21
    w = np.linspace(1, 2, n)
    players = [f"P{i}" for i in range(n)]

    def square(c):
        return co.Game.from_function(lambda m: (m @ (c * w)) ** 2, players, vectorized=True)

    sg = co.ScenarioGame([square(1.0), square(2.0)], weights=[0.5, 0.5])
    d = co.share_distribution(sg, n_scenarios=None, seed=5, budget=4000)
    # closed form: v(S) = (sum of c w over S)^2 has Shapley value c^2 w_i W
    truth = 0.5 * (1 + 4) * w * w.sum()
    assert not d.exact and not d.mean_exact and d.mc_stderr is not None and np.all(d.mc_stderr > 0)
    assert np.all(np.abs(d.x - truth) <= 6 * d.mean_stderr + 1e-9)
    assert "sampling" in d.method


# -- robust core against a brute-force LP ------------------------------------------------------------
def brute_force_eps(games, kind="profit"):
    """min over stakes x (sum 1) of the largest v_k(S) - x(S) v_k(N), every proper S and scenario k."""
    n = games[0].n
    sign = 1.0 if kind == "profit" else -1.0
    rows, rhs = [], []
    for g in games:
        v = np.asarray(g.values)
        for m in range(1, (1 << n) - 1):
            bits = np.array([(m >> i) & 1 for i in range(n)], dtype=float)
            rows.append(np.r_[-sign * v[-1] * bits, -1.0])
            rhs.append(-sign * v[m])
    res = linprog(np.r_[np.zeros(n), 1.0], A_ub=np.array(rows), b_ub=np.array(rhs),
                  A_eq=np.r_[np.ones(n), 0.0][None, :], b_eq=[1.0], bounds=[(None, None)] * (n + 1),
                  method="highs")
    assert res.status == 0
    return res.fun


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 5), st.integers(1, 6), st.integers(0, 2**31 - 1), st.booleans())
def test_robust_core_against_a_brute_force_lp(n, k, seed, convex):
    rng = np.random.default_rng(seed)
    games = [convex_game(n, rng) if convex else random_game(n, rng) for _ in range(k)]
    if convex:  # the same v(N) in every scenario: the robust core is the intersection of the cores
        games = [co.Game(np.r_[g.values[:-1], games[0].grand_value]) for g in games]
    r = co.robust_core(co.ScenarioGame(games))
    eps = brute_force_eps(games)
    scale = max(np.abs(g.values).max() for g in games)
    assert r.max_excess == pytest.approx(eps, abs=1e-7 * scale)
    assert r.x.sum() == pytest.approx(1.0, abs=1e-9)
    if eps < -1e-7 * scale:
        assert r.nonempty and r.status == "in every core" and not r.blocking
        for g in games:
            assert co.in_core(g, r.x * g.grand_value, tol=1e-7)
    elif eps > 1e-7 * scale:
        assert not r.nonempty and r.blocking
        for s, name, e in r.blocking:  # each reported block is real, and the first is the worst
            g = games[s]
            members = [g.players.index(p) for p in name.split("+")]
            assert g.value(name) - r.x[members].sum() * g.grand_value == pytest.approx(e, abs=1e-9 * scale)
        assert r.blocking[0][2] == pytest.approx(r.max_excess, abs=1e-9 * scale)


def test_robust_core_of_cost_scenarios():
    a = co.families.airport([8, 11, 13, 18])
    b = co.families.airport([8, 11, 14, 18])
    games = [co.Game(g.values, players=a.players, kind="cost") for g in (a, b)]
    r = co.robust_core(co.ScenarioGame(games))
    assert r.max_excess == pytest.approx(brute_force_eps(games, "cost"), abs=1e-8)
    assert r.nonempty
    for g in games:
        assert co.in_core(g, r.x * g.grand_value, tol=1e-9)


def test_robust_core_empty_names_the_scenario_and_coalition_that_block():
    # scenario 0 needs A+B >= 9 of 10, scenario 1 needs C >= 5 of 10: no stakes do both
    base = {"A": 0, "B": 0, "C": 0, "A+B": 9, "A+C": 0, "B+C": 0, "A+B+C": 10}
    g0 = co.Game.from_dict(base)
    g1 = co.Game.from_dict(dict(base, **{"A+B": 0, "C": 5}))
    r = co.robust_core(co.ScenarioGame([g0, g1]))
    assert not r.nonempty and r.status == "blocked"
    assert r.max_excess == pytest.approx(brute_force_eps([g0, g1]), abs=1e-9)
    assert r.max_excess == pytest.approx(2.0, abs=1e-9)  # x(AB) = 0.7, x(C) = 0.3: both short by 2
    assert {(s, name) for s, name, _ in r.blocking} == {(0, "A+B"), (1, "C")}
    assert "blocked in scenario #0 by A+B" in repr(r) or "blocked in scenario #1 by C" in repr(r)


def test_robust_core_of_a_random_model_draws_its_scenarios():
    def draw(rng):
        return co.Game.from_dict({"A": 1, "B": 1, "A+B": 10 + rng.uniform(0, 5)})

    sg = co.ScenarioGame(draw, players=PAIR)
    r = co.robust_core(sg, n_scenarios=20, seed=4)
    games = sg.sample(20, 4)
    assert r.n_scenarios == 20 and r.nonempty
    assert r.max_excess == pytest.approx(brute_force_eps(games), abs=1e-9)


# -- term sheets under scenarios ------------------------------------------------------------------------
def test_term_sheet_stability_probability_against_a_plain_loop():
    rng = np.random.default_rng(11)
    games = [random_game(3, rng, players=["A", "B", "C"]) for _ in range(12)]
    w = rng.dirichlet(np.ones(12))
    w = w / w.sum()
    sheet = TermSheet([Tranche(percent=50, split="equal"), Tranche(split="shapley")])
    rep = sheet.stress(co.ScenarioGame(games, weights=w))
    stable = np.array([co.in_core(g, sheet.evaluate(g).x) for g in games])
    assert 0 < stable.sum() < 12  # some stable, some not
    assert rep.in_core_rate == pytest.approx(float(w @ stable), abs=1e-12)
    shares = np.array([sheet.evaluate(g).x for g in games])
    np.testing.assert_allclose(rep.mean, w @ shares)
    np.testing.assert_allclose(rep.weights, w)
    assert "weighted scenarios: stable with probability" in repr(rep)
    # a random model: the same report as the function it wraps, seed for seed
    def draw(rng):
        return random_game(3, rng, players=["A", "B", "C"])

    a = stress(sheet, co.ScenarioGame(draw, players=["A", "B", "C"]), n_scenarios=30, seed=2)
    b = stress(sheet, draw, n_scenarios=30, seed=2)
    assert a.in_core_rate == b.in_core_rate and np.array_equal(a.shares, b.shares) and a.weights is None


# -- bad input -------------------------------------------------------------------------------------------
def test_bad_scenario_games_are_refused():
    g = co.Game.from_dict({"A": 1, "B": 1, "A+B": 3})
    with pytest.raises(InvalidParameterError, match="add up to 1"):
        co.ScenarioGame([g, g], weights=[0.5, 0.6])
    with pytest.raises(InvalidParameterError, match="non-negative"):
        co.ScenarioGame([g, g], weights=[1.5, -0.5])
    with pytest.raises(InvalidParameterError, match="non-negative"):
        co.ScenarioGame([g, g], weights=[np.nan, 1.0])
    with pytest.raises(InvalidParameterError, match="one per scenario"):
        co.ScenarioGame([g, g], weights=[1.0])
    with pytest.raises(InvalidGameError, match="every scenario must have"):
        co.ScenarioGame([g, co.Game.from_dict({"A": 1, "C": 1, "A+C": 3})])
    with pytest.raises(InvalidGameError, match="every scenario must have"):
        co.ScenarioGame([g, co.Game(g.values, players=PAIR, kind="cost")])
    with pytest.raises(InvalidGameError, match="scenarios\\[1\\]"):
        co.ScenarioGame([g, [0, 1, 2]])
    with pytest.raises(InvalidParameterError, match="non-empty list"):
        co.ScenarioGame([])
    with pytest.raises(InvalidParameterError, match="non-empty list"):
        co.ScenarioGame(g)
    with pytest.raises(InvalidParameterError, match="`players` is needed"):
        co.ScenarioGame(lambda rng: g)
    with pytest.raises(InvalidParameterError, match="`weights` are for a list"):
        co.ScenarioGame(lambda rng: g, weights=[1.0], players=PAIR)
    with pytest.raises(InvalidParameterError, match="not known"):
        co.ScenarioGame(lambda rng: g, players=PAIR).mean_game()


def test_bad_draws_and_arguments_are_refused():
    model = co.ScenarioGame(lambda rng: [0.0, 1.0, 2.0], players=PAIR)
    with pytest.raises(InvalidGameError, match="shape \\(3,\\).*needs 4 worths"):
        co.share_distribution(model, n_scenarios=3)
    other = co.ScenarioGame(lambda rng: co.Game.from_dict({"A": 1, "C": 1, "A+C": 3}), players=PAIR)
    with pytest.raises(InvalidGameError, match="scenario 0"):
        co.share_distribution(other, n_scenarios=3)
    nan = co.ScenarioGame(lambda rng: [0.0, 1.0, np.nan, 2.0], players=PAIR)
    with pytest.raises(InvalidGameError, match="NaN"):
        co.share_distribution(nan, n_scenarios=3)
    good = co.ScenarioGame(lambda rng: [0.0, 1.0, 1.0, 3.0], players=PAIR)
    for bad in (0, -1, 2.5, True, "10"):
        with pytest.raises(InvalidParameterError, match="`n_scenarios`"):
            co.share_distribution(good, n_scenarios=bad)
    with pytest.raises(InvalidParameterError, match="`n_scenarios` is needed"):
        co.share_distribution(good)
    with pytest.raises(InvalidParameterError, match="`seed`"):
        co.share_distribution(good, n_scenarios=3, seed="abc")
    with pytest.raises(InvalidParameterError, match="`quantiles`"):
        co.share_distribution(good, n_scenarios=3, quantiles=(0.5, 1.5))
    with pytest.raises(InvalidParameterError, match="`rule`"):
        co.share_distribution(good, "no such rule", n_scenarios=3)
    with pytest.raises(InvalidParameterError, match="`budget`"):
        co.share_distribution(good, n_scenarios=3, budget=0)
    listed = co.ScenarioGame([co.Game([0.0, 1.0, 1.0, 3.0], players=PAIR)])
    with pytest.raises(InvalidParameterError, match="`n_scenarios` is for a random model"):
        co.share_distribution(listed, n_scenarios=3)
    with pytest.raises(InvalidParameterError, match="`game` must be a coalition.ScenarioGame"):
        co.share_distribution(co.Game([0.0, 1.0, 1.0, 3.0]))
    with pytest.raises(InvalidParameterError, match="`game` must be a coalition.ScenarioGame"):
        co.robust_core([co.Game([0.0, 1.0, 1.0, 3.0])])
    with pytest.raises(InvalidParameterError, match="`n_scenarios` is needed"):
        co.robust_core(good)
    with pytest.raises(InvalidGameError, match="above 0"):
        co.robust_core(co.ScenarioGame([co.Game([0.0, 1.0, 1.0, 3.0]), co.Game([0.0, 1.0, 1.0, -1.0])]))
    with pytest.raises(InvalidParameterError, match="`n_scenarios`"):
        stress(TermSheet([Tranche(split="equal")]), listed, n_scenarios=3)


def test_results_render():
    sg = co.ScenarioGame([co.Game.from_dict({"A": 10, "B": 5, "A+B": v}) for v in (20, 40)])
    d = co.share_distribution(sg)
    assert "ShareDistribution(Shapley shares, exact over 2 scenarios; mean exact)" in repr(d)
    assert d._repr_html_().startswith("<pre>") and d.as_dict()["B"]["mean"] == pytest.approx(12.5)
    with pytest.raises(KeyError, match="not a player"):
        d["Z"]
    r = co.robust_core(sg)
    assert r.as_dict().keys() == {"A", "B"} and "RobustCore(" in repr(r) and r["A"] == r.x[0]
    pd = pytest.importorskip("pandas")
    assert isinstance(d.to_frame(), pd.DataFrame) and list(r.to_frame().columns) == ["stake", "least paid",
                                                                                      "most paid"]


def test_robust_core_refuses_scenarios_beyond_the_memory_cap():
    games = [co.Game([0.0, 1.0, 1.0, 3.0])] * 4
    old = co.get_max_table_bytes()
    co.set_max_table_bytes(3 * 8 * 4 * 4 - 1)
    try:
        with pytest.raises(co.GameTooLargeError, match="robust core of 4 scenarios"):
            co.robust_core(co.ScenarioGame(games))
    finally:
        co.set_max_table_bytes(old)
    assert co.robust_core(co.ScenarioGame(games)).nonempty


@pytest.mark.parametrize("n", [1, 3, 12])
def test_batched_kernel_against_the_marginal_contribution_formula(n):
    from math import factorial

    from coalition._kernels.batched import semivalue_rows
    from coalition.uncertain.distribution import _semivalue_weights

    rng = np.random.default_rng(n)
    tables = rng.normal(size=(3, 1 << n))
    tables[:, 0] = 0.0
    masks = np.arange(1 << n)
    size = np.array([m.bit_count() for m in range(1 << n)])
    for func, weight in ((co.shapley, lambda s: factorial(s) * factorial(n - s - 1) / factorial(n)),
                         (co.banzhaf, lambda s: 1.0 / 2 ** (n - 1))):
        a, b = _semivalue_weights(func, n)
        got = semivalue_rows(tables, n, a, b)
        for i in range(n):
            without = masks[(masks >> i) & 1 == 0]
            w = np.array([weight(s) for s in size[without]])
            want = (tables[:, without | (1 << i)] - tables[:, without]) @ w
            np.testing.assert_allclose(got[:, i], want, rtol=1e-10, atol=1e-12)


def test_a_declared_linear_rule_and_one_partner():
    from functools import partial

    rng = np.random.default_rng(3)
    games = [random_game(3, rng) for _ in range(4)]
    sg = co.ScenarioGame(games, weights=[0.1, 0.2, 0.3, 0.4])
    ws = partial(co.weighted_shapley, weights=[1.0, 2.0, 3.0])
    d = co.share_distribution(sg, ws, linear=True)
    assert d.mean_exact
    np.testing.assert_allclose(d.x, ws(sg.mean_game()).x, rtol=1e-12)
    np.testing.assert_allclose(d.x, [0.1, 0.2, 0.3, 0.4] @ np.array([ws(g).x for g in games]), rtol=1e-9)
    one = co.ScenarioGame([[0.0, 4.0], [0.0, 6.0]], players=["A"])
    assert co.share_distribution(one).x.tolist() == [5.0]
    assert co.robust_core(one).x.tolist() == [1.0]


def test_sampled_large_games_are_reproducible_with_a_seed():
    n = 21
    players = [f"P{i}" for i in range(n)]
    g = co.Game.from_function(lambda m: m.sum(axis=1).astype(float) ** 1.5, players, vectorized=True)
    sg = co.ScenarioGame([g])
    a = co.share_distribution(sg, seed=9, budget=500)
    b = co.share_distribution(sg, seed=9, budget=500)
    assert np.array_equal(a.x, b.x) and a.mc_stderr is not None


def test_listed_family_games_beyond_a_table_use_their_own_algorithm():
    weights = np.arange(1, 31, dtype=float)
    g1 = co.families.weighted_voting(weights, quota=200)
    g2 = co.families.weighted_voting(weights, quota=300)
    d = co.share_distribution(co.ScenarioGame([g1, g2], weights=[0.3, 0.7]))
    np.testing.assert_allclose(d.x, 0.3 * co.shapley(g1).x + 0.7 * co.shapley(g2).x, rtol=1e-12)
    assert d.exact and d.mean_exact and d.mc_stderr is None


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 6), min_size=1, max_size=8), st.integers(0, 2**31 - 1))
def test_weighted_figures_equal_those_of_the_scenarios_repeated_by_their_counts(counts, seed):
    # weights k_i / K are the same distribution as K equally likely draws with scenario i repeated k_i times
    rng = np.random.default_rng(seed)
    games = [random_game(3, rng) for _ in counts]
    levels = (0.05, 0.25, 0.5, 0.75, 0.95)
    w = np.array(counts, dtype=float) / sum(counts)
    d = co.share_distribution(co.ScenarioGame(games, weights=w), quantiles=levels)
    shares = np.repeat(np.array([co.shapley(g).x for g in games]), counts, axis=0)
    alone = np.repeat(np.array([g.standalone for g in games]), counts, axis=0)
    np.testing.assert_allclose(d.quantiles, np.quantile(shares, levels, axis=0, method="inverted_cdf"))
    np.testing.assert_allclose(d.x, shares.mean(axis=0), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(d.std, shares.std(axis=0), rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(d.below_standalone, (shares < alone - 1e-8).mean(axis=0), atol=1e-12)
