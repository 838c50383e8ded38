"""Share bounds over the completions of interval and partially defined games,
checked against brute force: the vertices of the completion polytope (every
choice of active constraints, solved and kept when feasible), the corners of a
box, and grids of completions."""

from __future__ import annotations

import itertools
from math import factorial

import numpy as np
import pytest

import coalition as co
from coalition.uncertain._linear import LINEAR

TOL = 1e-7


def _subsets(n):
    return range(1, 1 << n)


def _constraints(lo, hi, n, assume):
    """Every constraint ``G v <= h`` on the full table (brute force, all pairs)."""
    rows, rhs = [], []
    size = 1 << n
    for m in range(1, size):
        if np.isfinite(hi[m]):
            r = np.zeros(size); r[m] = 1; rows.append(r); rhs.append(hi[m])
        if np.isfinite(lo[m]):
            r = np.zeros(size); r[m] = -1; rows.append(r); rhs.append(-lo[m])
    if assume == "superadditive":
        for s in range(1, size):
            for t in range(1, size):
                if s & t == 0 and s < t:
                    r = np.zeros(size); r[s] += 1; r[t] += 1; r[s | t] -= 1; rows.append(r); rhs.append(0.0)
    if assume == "monotone":
        for s in range(size):
            for i in range(n):
                if not s >> i & 1:
                    r = np.zeros(size); r[s] += 1; r[s | 1 << i] -= 1; rows.append(r); rhs.append(0.0)
    return np.array(rows), np.array(rhs)


def _vertices(lo, hi, n, assume):
    """Every vertex of the completion polytope, by choosing which constraints are active."""
    free = [m for m in range(1, 1 << n) if lo[m] < hi[m]]
    base = np.where(lo == hi, lo, 0.0)
    g, h = _constraints(lo, hi, n, assume)
    gf = g[:, free]
    hf = h - g @ base
    keep = np.any(gf != 0, axis=1)
    gf, hf = gf[keep], hf[keep]
    k = len(free)
    out = []
    for rows in itertools.combinations(range(len(gf)), k):
        a = gf[list(rows)]
        if abs(np.linalg.det(a)) < 1e-9:
            continue
        x = np.linalg.solve(a, hf[list(rows)])
        if np.all(gf @ x <= hf + 1e-9):
            t = base.copy(); t[free] = x
            out.append(t)
    return out


def _shapley(table, players):
    return co.shapley(co.Game(table, players)).x


def _brute(game, assume, rule=_shapley):
    verts = _vertices(np.array(game.lower), np.array(game.upper), game.n, assume)
    assert verts, "the polytope has a vertex"
    shares = np.array([rule(t, game.players) for t in verts])
    return shares.min(axis=0), shares.max(axis=0)


THREE = co.IntervalGame.from_dict({"A": 1, "B": 2, "C": 3, "A+B": (3, 8), "A+B+C": (12, 15)})
FOUR = co.IntervalGame.from_dict(
    {"A": 1, "B": 0, "C": 2, "D": 1, "A+B": 3, "C+D": (3, 5), "A+C": 4, "B+D": (1, 4), "A+D": 2, "B+C": 3,
     "A+B+C+D": 14, "A+B+C": (7, 11), "B+C+D": (6, 12), "A+C+D": 9, "A+B+D": 6}
)


THREE_BOX = co.IntervalGame.from_dict({"A": 1, "B": 2, "C": 3, "A+B": (3, 8), "A+C": (2, 9), "B+C": (5, 6),
                                       "A+B+C": (12, 15)})
CASES = [(THREE, "monotone"), (THREE, "superadditive"), (THREE_BOX, "none"), (THREE_BOX, "monotone"),
         (THREE_BOX, "superadditive"), (FOUR, "none"), (FOUR, "monotone"), (FOUR, "superadditive")]


@pytest.mark.parametrize(("game", "assume"), CASES)
def test_lp_bounds_equal_the_best_vertex_of_the_completion_polytope(game, assume):
    b = co.share_bounds(game, assume=assume)
    low, high = _brute(game, assume)
    np.testing.assert_allclose(b.low, low, atol=TOL)
    np.testing.assert_allclose(b.high, high, atol=TOL)
    assert not b.sampled and not b.unbounded


@pytest.mark.parametrize("assume", ["monotone", "superadditive"])
def test_the_attaining_completion_satisfies_the_assumption_and_gives_the_bound(assume):
    b = co.share_bounds(FOUR, assume=assume)
    for i, p in enumerate(FOUR.players):
        for side, bound in (("low", b.low[i]), ("high", b.high[i])):
            g = co.Game(b.completion(p, side), FOUR.players)
            assert FOUR.contains(g)
            assert (g.is_superadditive if assume == "superadditive" else g.is_monotone)
            assert co.shapley(g)[p] == pytest.approx(bound, abs=TOL)


def test_no_completion_on_a_grid_beats_the_bound():
    g = co.IntervalGame.from_dict({"A": 1, "B": 2, "C": 3, "A+B+C": 12})
    b = co.share_bounds(g, assume="superadditive")
    found = []
    for ab, ac, bc in itertools.product(np.arange(0, 13, 0.5), repeat=3):
        t = np.array([0, 1, 2, ab, 3, ac, bc, 12.0])
        game = co.Game(t, g.players)
        if game.is_superadditive:
            found.append(co.shapley(game).x)
    found = np.array(found)
    assert np.all(found >= b.low - TOL) and np.all(found <= b.high + TOL)
    np.testing.assert_allclose(found.min(axis=0), b.low, atol=TOL)  # the vertices lie on the grid
    np.testing.assert_allclose(found.max(axis=0), b.high, atol=TOL)
    assert b["A"] == pytest.approx((1.0, 5.0))  # by hand: A+B in [3, 9], A+C in [4, 10], B+C in [5, 11]


@pytest.mark.parametrize("label", sorted(LINEAR) + ["banzhaf"])
def test_linear_rules_are_linear_and_their_bounds_are_the_best_box_corner(label):
    rng = np.random.default_rng(3)
    players = ("A", "B", "C")
    a, c = rng.normal(size=8), rng.normal(size=8)
    a[0] = c[0] = 0
    from coalition._rules import RULES

    func = co.banzhaf if label == "banzhaf" else RULES[label][0]
    x = lambda t: np.asarray(func(co.Game(t, players)).x)
    np.testing.assert_allclose(x(a + 2 * c), x(a) + 2 * x(c), atol=1e-9)
    g = co.IntervalGame.from_dict({"A": 1, "B": (0, 2), "C": 1, "A+B": (2, 5), "A+C": 3, "B+C": (1, 4),
                                   "A+B+C": (6, 9)})
    b = co.share_bounds(g, label, assume="none")
    low, high = _brute(g, "none", rule=lambda t, p: x(t))
    np.testing.assert_allclose(b.low, low, atol=TOL)
    np.testing.assert_allclose(b.high, high, atol=TOL)


def test_weighted_shapley_bounds_use_the_weights():
    w = [1.0, 2.0, 5.0]
    g = co.IntervalGame.from_dict({"A": 1, "B": (0, 2), "C": 1, "A+B": (2, 5), "A+C": 3, "B+C": (1, 4),
                                   "A+B+C": (6, 9)})
    for assume in ("none", "superadditive"):
        b = co.share_bounds(g, "weighted_shapley", weights=w, assume=assume)
        low, high = _brute(g, assume, rule=lambda t, p: co.weighted_shapley(co.Game(t, p), w).x)
        np.testing.assert_allclose(b.low, low, atol=TOL)
        np.testing.assert_allclose(b.high, high, atol=TOL)
        assert b.rule == "weighted Shapley"


def test_degenerate_intervals_give_the_point_value():
    rng = np.random.default_rng(0)
    for n in (2, 4, 6):
        w = rng.uniform(1, 3, n)
        table = np.array([sum(w[i] for i in range(n) if m >> i & 1) ** 2 for m in range(1 << n)])
        game = co.Game(table)  # (sum of weights)**2: superadditive and monotone
        want = co.shapley(game).x
        for assume in ("none", "monotone", "superadditive"):
            b = co.share_bounds(co.IntervalGame(table, table), assume=assume)
            np.testing.assert_allclose(b.low, want, atol=1e-9)
            np.testing.assert_allclose(b.high, want, atol=1e-9)
        b = co.share_bounds(game, "banzhaf", assume="none")  # a Game counts as exactly known
        np.testing.assert_allclose(b.low, co.banzhaf(game).x, atol=1e-12)


def test_closed_form_large_game_agrees_with_the_lp():
    # n = 7, only standalone, pairs and the grand coalition known, everything else in a box
    n = 7
    rng = np.random.default_rng(5)
    lo = np.full(1 << n, 0.0)
    hi = np.full(1 << n, 60.0)
    size = np.array([bin(m).count("1") for m in range(1 << n)])
    known = (size <= 2) | (size == n)
    vals = rng.uniform(0, 10, 1 << n)
    lo[known] = hi[known] = vals[known]
    lo[0] = hi[0] = 0
    g = co.IntervalGame(lo, hi)
    closed = co.share_bounds(g, assume="none")
    assert closed.method == "closed form"
    # the same bounds by a linear programme over the box
    from coalition.uncertain._completion import Polytope
    from coalition.uncertain._linear import _shapley_coefficients

    poly = Polytope(lo, hi, g.players, "none")
    c = _shapley_coefficients(poly.free, n)
    const = co.shapley(co.Game(poly.base)).x
    for i in range(n):
        x, val, _ = poly.solve(c[i])
        assert const[i] + val == pytest.approx(closed.low[i], abs=1e-7)
        g_low = co.Game(closed.completion(g.players[i], "low"))
        assert co.shapley(g_low).x[i] == pytest.approx(closed.low[i], abs=1e-9)


def test_missing_grand_coalition_is_reported_unbounded_not_infinite():
    g = co.IntervalGame.from_dict({"A": 1, "B": 2, "C": 3, "A+B": 4, "A+C": 5, "B+C": 6})
    b = co.share_bounds(g, assume="none")
    assert b["A"] == (None, None)
    assert np.isnan(b.low).all() and not np.isinf(b.low).any() and not np.isinf(b.high).any()
    assert {(p, s) for p, s, _ in b.unbounded} == {(p, s) for p in "ABC" for s in ("low", "high")}
    assert all("A+B+C" in why for _, _, why in b.unbounded)
    assert "unbounded" in repr(b) and "inf" not in b.to_markdown()
    with pytest.raises(ValueError, match="unbounded"):
        b.completion("A", "low")
    s = co.share_bounds(g, assume="superadditive")  # bounded below, not above
    assert s["A"][1] is None and s["A"][0] is not None
    assert [(p, side) for p, side, _ in s.unbounded] == [("A", "high"), ("B", "high"), ("C", "high")]
    assert "A+B+C" in s.unbounded[0][2]
    assert s["A"][0] == pytest.approx(_brute_low_superadditive_missing_grand())


def _brute_low_superadditive_missing_grand():
    # v(N) >= max(v(A+B)+v(C), v(A+C)+v(B), v(B+C)+v(A)) = 7; A's Shapley share rises with v(N)
    t = np.array([0, 1, 2, 4, 3, 5, 6, 7.0])
    return co.shapley(co.Game(t)).x[0]


def test_bounds_narrow_the_game():
    g = co.IntervalGame.from_dict({"A": 1, "B": 2, "C": 3, "A+B+C": 12})
    b = co.share_bounds(g, assume="none", bounds={"A+B": (3, 4), "A+C": (4, 5), "B+C": (5, 6)})
    narrowed = co.IntervalGame.from_dict({"A": 1, "B": 2, "C": 3, "A+B+C": 12, "A+B": (3, 4), "A+C": (4, 5),
                                          "B+C": (5, 6)})
    low, high = _brute(narrowed, "none")
    np.testing.assert_allclose(b.low, low, atol=TOL)
    np.testing.assert_allclose(b.high, high, atol=TOL)


def test_nonlinear_rules_are_sampled_and_say_so():
    g = co.IntervalGame.from_dict({"A": 1, "B": 2, "C": 3, "A+B+C": 12})
    b = co.share_bounds(g, "nucleolus", assume="superadditive", n_samples=40, seed=1)
    assert b.sampled and b.method == "sampled" and b.n_samples == 40
    assert "Sampled" in repr(b) and "sampled" in b.to_markdown()
    for i, p in enumerate(g.players):
        t = b.completion(p, "low")
        game = co.Game(t, g.players)
        assert game.is_superadditive and g.contains(game)
        assert co.nucleolus(game)[p] == pytest.approx(b.low[i], abs=1e-7)
    again = co.share_bounds(g, "nucleolus", assume="superadditive", n_samples=40, seed=1)
    np.testing.assert_array_equal(again.low, b.low)
    with pytest.raises(co.InvalidGameError, match="unbounded"):
        co.share_bounds(g, "nucleolus", assume="none")


def test_result_shape():
    b = co.share_bounds(THREE, assume="superadditive")
    assert set(b.as_dict()) == {"A", "B", "C"}
    assert "<table>" in b._repr_html_()
    assert b.to_markdown().startswith("| partner | low | high |")
    assert np.all(b.width >= 0)
    with pytest.raises(KeyError):
        b["Z"]


# -- bad input ------------------------------------------------------------------------
def test_bad_inputs_name_the_argument():
    with pytest.raises(co.InvalidGameError, match="low end is above"):
        co.IntervalGame.from_dict({"A": 1, "B": 2, "A+B": (5, 4)})
    with pytest.raises(co.InvalidGameError, match="A\\+B"):
        co.IntervalGame([0, 1, 2, 6], [0, 1, 2, 5], ["A", "B"])
    with pytest.raises(co.InvalidGameError, match="not a player"):
        co.IntervalGame.from_dict({"A": 1, "B": 2}, players=["A"])
    with pytest.raises(co.InvalidGameError, match="lacks"):
        co.IntervalGame.from_dict({"A": 1, "B": 2}, missing="error")
    with pytest.raises(co.InvalidParameterError, match="`missing`"):
        co.IntervalGame.from_dict({"A": 1}, missing="drop")
    g = co.IntervalGame.from_dict({"A": 1, "B": 2, "A+B": (3, 5)})
    with pytest.raises(co.InvalidParameterError, match="`assume`"):
        co.share_bounds(g, assume="convex")
    with pytest.raises(co.InvalidParameterError, match="`rule`"):
        co.share_bounds(g, rule="no such rule")
    with pytest.raises(co.InvalidParameterError, match="`weights`"):
        co.share_bounds(g, rule="nucleolus", weights=[1, 2])
    with pytest.raises(co.InvalidParameterError, match="needs `weights`"):
        co.share_bounds(g, rule="weighted_shapley")
    with pytest.raises(co.InvalidParameterError, match="`weights`"):
        co.share_bounds(g, rule="weighted_shapley", weights=[1, -2])
    with pytest.raises(co.InvalidParameterError, match="`n_samples`"):
        co.share_bounds(g, rule="nucleolus", n_samples=1)
    with pytest.raises(co.InvalidGameError, match="`bounds` key"):
        co.share_bounds(g, bounds={"A+Z": (0, 1)})
    with pytest.raises(co.InvalidGameError, match="misses"):
        co.share_bounds(g, bounds={"A+B": (6, 7)})
    with pytest.raises(co.InvalidGameError, match="`game`"):
        co.share_bounds([0, 1, 2, 3])
    with pytest.raises(co.InvalidGameError, match="cost"):
        co.share_bounds(co.Game([0, 1, 2, 2.5], kind="cost"))


def test_known_worths_that_break_the_assumption_are_named():
    g = co.IntervalGame.from_dict({"A": 3, "B": 2, "A+B": 4, "A+B+C": (0, 20)})
    with pytest.raises(co.InfeasibleError, match=r"v\(A\+B\) must be at least 5 and at most 4"):
        co.share_bounds(g, assume="superadditive")
    with pytest.raises(co.InfeasibleError, match="monotone"):
        co.share_bounds(co.IntervalGame.from_dict({"A": 3, "B": 2, "A+B": 2.5}), assume="monotone")


# -- interval games --------------------------------------------------------------------
def _interval_shapley_by_definition(game):
    """The average over all orders of the interval marginal vectors, intervals
    subtracted end by end (Alparslan Gok, Branzei and Tijs 2010, Definition of
    the interval Shapley value for size-monotonic games)."""
    n = game.n
    lo, hi = game.lower, game.upper
    total = np.zeros((n, 2))
    for order in itertools.permutations(range(n)):
        before = 0
        for i in order:
            after = before | 1 << i
            d = (lo[after] - lo[before], hi[after] - hi[before])
            assert d[0] <= d[1] + 1e-12  # an interval, since the game is size-monotonic
            total[i] += d
            before = after
    return total / factorial(n)


def test_interval_shapley_against_its_definition():
    # a hand example: three partners, widths growing with the coalition
    g = co.IntervalGame.from_dict({"A": (1, 2), "B": (0, 1), "C": 2, "A+B": (3, 6), "A+C": (4, 6),
                                   "B+C": (3, 5), "A+B+C": (9, 15)})
    assert g.is_size_monotonic
    v = co.interval_shapley(g)
    want = _interval_shapley_by_definition(g)
    np.testing.assert_allclose(v.lower, want[:, 0], atol=1e-12)
    np.testing.assert_allclose(v.upper, want[:, 1], atol=1e-12)
    assert v.lower.sum() == pytest.approx(9) and v.upper.sum() == pytest.approx(15)


def test_interval_shapley_refuses_a_game_that_is_not_size_monotonic():
    g = co.IntervalGame.from_dict({"A": (0, 4), "B": 1, "A+B": (5, 6)})
    with pytest.raises(co.InvalidGameError, match="A is wider than A\\+B"):
        co.interval_shapley(g)
    with pytest.raises(co.InvalidGameError, match="not finite"):
        co.interval_shapley(co.IntervalGame.from_dict({"A": 1, "B": 1}))


def test_interval_core_element_meets_the_definition():
    g = co.IntervalGame.from_dict({"A": (1, 2), "B": (0, 1), "C": 2, "A+B": (3, 6), "A+C": (4, 6),
                                   "B+C": (3, 5), "A+B+C": (9, 15)})
    e = co.interval_core(g)
    assert np.all(e.lower <= e.upper + 1e-9)
    assert co.in_core(g.lower_game(), e.lower) and co.in_core(g.upper_game(), e.upper)
    assert co.in_interval_core(g, e.lower, e.upper)
    assert not co.in_interval_core(g, e.upper, e.lower) or np.allclose(e.lower, e.upper)
    empty = co.IntervalGame.from_dict({"A": (1, 2), "B": (1, 2), "A+B": (1, 5)})  # lower core empty
    with pytest.raises(co.EmptyCoreError):
        co.interval_core(empty)


def test_plot_draws_one_bar_per_partner_and_result():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    g = co.IntervalGame.from_dict({"A": 1, "B": 2, "C": 3, "A+B": 4, "A+C": 5, "B+C": 6})
    results = [co.share_bounds(g, assume="superadditive"), co.share_bounds(g, "nucleolus", assume="none",
                                                                           bounds={"A+B+C": (10, 12)}, n_samples=10)]
    fig = co.plot.share_bounds(results)
    ax = fig.axes[0]
    assert len(ax.patches) == 6
    bars = sorted((p.get_y(), p.get_x(), p.get_width()) for p in ax.patches)
    right = ax.get_xlim()[1]
    sup = [b for b in bars if abs(b[1] + b[2] - right) < 1e-9]  # the unbounded high sides reach the edge
    assert len(sup) == 3
    with pytest.raises(co.InvalidParameterError, match="`results`"):
        co.plot.share_bounds([1, 2])
    import matplotlib.pyplot as plt

    plt.close(fig)


@pytest.mark.parametrize("rule", ["shapley", "banzhaf"])
def test_member_sums_agree_with_the_coefficients_beyond_twelve_partners(rule):
    from coalition.uncertain import bounds as B

    n = 13
    rng = np.random.default_rng(2)
    mid = rng.uniform(0, 10, 1 << n)
    mid[0] = 0
    lo, hi = mid - rng.uniform(0, 2, 1 << n), mid + rng.uniform(0, 2, 1 << n)
    lo[0] = hi[0] = 0
    known = rng.random(1 << n) < 0.3
    lo[known] = hi[known] = mid[known]
    lo[5], hi[77] = -np.inf, np.inf  # one worth open below, another above
    g = co.IntervalGame(lo, hi)
    fast = co.share_bounds(g, rule, assume="none")
    saved = B.COMPLETIONS_MAX_N
    B.COMPLETIONS_MAX_N = 20  # the per-coalition route, which also keeps the completions
    try:
        slow = co.share_bounds(g, rule, assume="none")
    finally:
        B.COMPLETIONS_MAX_N = saved
    np.testing.assert_allclose(fast.low, slow.low, rtol=1e-10, equal_nan=True)
    np.testing.assert_allclose(fast.high, slow.high, rtol=1e-10, equal_nan=True)
    assert {u[:2] for u in fast.unbounded} == {u[:2] for u in slow.unbounded}
    # v(P1+P3) has no floor: it lowers its members' floors and raises the others' ceilings;
    # v(P1+P3+P4+P7) has no ceiling: it raises its members' ceilings and lowers the others' floors
    assert [g.players[i] for i in np.flatnonzero(~np.isnan(fast.low))] == ["P4", "P7"]
    assert np.isnan(fast.high).all()
    i = int(np.flatnonzero(~np.isnan(slow.low))[0])
    p = g.players[i]
    want = co.shapley(co.Game(slow.completion(p, "low"))).x[i] if rule == "shapley" else \
        co.banzhaf(co.Game(slow.completion(p, "low"))).x[i]
    assert want == pytest.approx(fast.low[i], rel=1e-10)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=25, deadline=None)
@given(n=st.integers(3, 5), seed=st.integers(0, 10**6), hide=st.floats(0.2, 0.9),
       assume=st.sampled_from(["monotone", "superadditive"]))
def test_the_hidden_game_lies_within_its_bounds(n, seed, hide, assume):
    """Hide some worths of a superadditive, monotone game: the game itself is
    one completion, so its Shapley value lies within the bounds, and each
    bound is attained by a completion that keeps every known worth."""
    rng = np.random.default_rng(seed)
    w = rng.uniform(0, 3, n)
    masks = np.arange(1 << n)
    bits = ((masks[:, None] >> np.arange(n)) & 1).astype(float)
    table = bits @ w + rng.uniform(0, 1) * (bits.sum(axis=1) ** 2 - bits.sum(axis=1))
    hidden = rng.random(1 << n) < hide
    hidden[0] = False
    hidden[-1] = False  # keep the grand coalition: the shares are then bounded above
    if assume == "superadditive":  # and the standalone worths (nothing else bounds them below)
        hidden[1 << np.arange(n)] = False
    lo, hi = np.where(hidden, -np.inf, table), np.where(hidden, np.inf, table)
    g = co.IntervalGame(lo, hi)
    b = co.share_bounds(g, assume=assume)
    x = co.shapley(co.Game(table)).x
    assert not b.unbounded
    assert np.all(b.low <= x + 1e-7) and np.all(x <= b.high + 1e-7)
    for i, p in enumerate(g.players):
        t = b.completion(p, "high")
        assert np.allclose(t[~hidden], table[~hidden])
        assert co.shapley(co.Game(t)).x[i] == pytest.approx(b.high[i], abs=1e-7)
