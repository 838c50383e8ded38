"""Claims (bankruptcy) rules: published values, game-theoretic equalities,
definitional oracles and axioms."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coalition as co

RULES = {
    "proportional": co.proportional_claims,
    "cea": co.cea,
    "cel": co.cel,
    "talmud": co.talmud,
    "reverse_talmud": co.reverse_talmud,
    "piniles": co.piniles,
    "adjusted_proportional": co.adjusted_proportional,
    "minimal_overlap": co.minimal_overlap,
    "random_arrival": co.random_arrival,
}


@st.composite
def problems(draw, max_n=7, integer=False):
    n = draw(st.integers(1, max_n))
    elem = st.integers(0, 300).map(float) if integer else st.floats(0, 1000, allow_nan=False)
    c = np.array(draw(st.lists(elem, min_size=n, max_size=n)))
    # the estate as a multiple of 1/1000 of the total (no subnormal estates,
    # which the nucleolus LP cannot scale)
    frac = draw(st.integers(0, 1000)) / 1000
    return float(c.sum()) * frac, c


def _tol(c):
    return 1e-9 * (1.0 + float(np.sum(c)))


# -- oracles written from the definitions, independent of the sort-based code --

def _cea_bisect(e, c):
    """min(c_i, lam) with lam found by bisection."""
    lo, hi = 0.0, float(max(c.max(), 0.0)) if c.size else 0.0
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if np.minimum(c, mid).sum() < e else (lo, mid)
    return np.minimum(c, (lo + hi) / 2)


def _cel_bisect(e, c):
    """max(0, c_i - mu) with mu found by bisection."""
    lo, hi = 0.0, float(c.max())
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if np.maximum(0.0, c - mid).sum() > e else (lo, mid)
    return np.maximum(0.0, c - (lo + hi) / 2)


def _v(e, c):
    """Worth of every coalition (bitmask) of the bankruptcy game, from its definition."""
    n = c.size
    total = c.sum()
    return np.array([max(0.0, e - (total - sum(c[i] for i in range(n) if s >> i & 1))) for s in range(1 << n)])


def _random_arrival_orders(e, c):
    """Average over all n! arrival orders of min(claim, what is left)."""
    n = c.size
    x = np.zeros(n)
    for order in itertools.permutations(range(n)):
        left = e
        for i in order:
            got = min(c[i], left)
            x[i] += got
            left -= got
    return x / math.factorial(n)


def _tau(e, c):
    """The tau-value of the bankruptcy game by its definition (Tijs 1981)."""
    n = c.size
    v = _v(e, c)
    full = (1 << n) - 1
    big_m = np.array([v[full] - v[full ^ (1 << i)] for i in range(n)])
    small_m = np.array([
        max(v[s] - sum(big_m[j] for j in range(n) if s >> j & 1 and j != i) for s in range(1 << n) if s >> i & 1)
        for i in range(n)
    ])
    gap = (big_m - small_m).sum()
    if gap <= 0:
        return small_m
    return small_m + (v[full] - small_m.sum()) / gap * (big_m - small_m)


def _dutta_ray(e, c):
    """Dutta-Ray egalitarian solution of a convex game: repeatedly the largest
    coalition with the highest average gain gets that average (Dutta and Ray 1989)."""
    n = c.size
    v = _v(e, c)
    x = np.zeros(n)
    taken = 0
    while taken != (1 << n) - 1:
        best, best_t = -math.inf, 0
        for t in range(1, 1 << n):
            if t & taken:
                continue
            size = bin(t).count("1")
            avg = (v[t | taken] - v[taken]) / size
            if avg > best + 1e-9 or (abs(avg - best) <= 1e-9 and size > bin(best_t).count("1")):
                best, best_t = avg, t
        for i in range(n):
            if best_t >> i & 1:
                x[i] = best
        taken |= best_t
    return x


def _minimal_overlap_def(e, c):
    """O'Neill's arrangement: above a level t (by bisection) each excess is
    claimed alone; below it claims are nested from 0; every piece between two
    consecutive breakpoints is split equally among those who claim it."""
    if e <= c.max():
        t = e
    else:
        lo, hi = 0.0, float(c.max())
        for _ in range(200):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if mid + np.maximum(c - mid, 0).sum() > e else (lo, mid)
        t = (lo + hi) / 2
    a = np.minimum(c, t)
    x = np.maximum(c - t, 0.0) if e > c.max() else np.zeros_like(c)
    points = sorted({0.0, *a.tolist()})
    for lo, hi in zip(points, points[1:]):
        claimants = a >= hi
        x[claimants] += (hi - lo) / claimants.sum()
    return x


# -- published values --

@pytest.mark.parametrize("estate, expected", [
    (100, [100 / 3, 100 / 3, 100 / 3]),
    (200, [50, 75, 75]),
    (300, [50, 100, 150]),
])
def test_talmud_marriage_contract_table(estate, expected):
    # Babylonian Talmud, Ketubot 93a, as tabulated by Aumann and Maschler
    # (1985), J. Econ. Theory 36, 195-213, Table 1: three widows with
    # marriage contracts of 100, 200 and 300.
    np.testing.assert_allclose(co.talmud(estate, [100, 200, 300]).x, expected, rtol=1e-12)


def test_contested_garment():
    # Mishnah Baba Metzia 2a (Aumann and Maschler 1985, section 1): one claims
    # the whole garment, the other half; they get 3/4 and 1/4.
    np.testing.assert_allclose(co.talmud(1, [1, 0.5]).x, [0.75, 0.25])


# -- equalities with the bankruptcy game --

@settings(max_examples=25, deadline=None)
@given(problems(max_n=5))
def test_talmud_is_the_nucleolus(prob):
    # Aumann and Maschler (1985), Theorem A.
    e, c = prob
    want = co.nucleolus(co.families.bankruptcy(e, c)).x
    np.testing.assert_allclose(co.talmud(e, c).x, want, atol=1e-6 * (1 + c.sum()))


@settings(max_examples=40, deadline=None)
@given(problems(max_n=7))
def test_random_arrival_is_the_shapley_value(prob):
    # O'Neill (1982), section 5.
    e, c = prob
    want = co.shapley(co.families.bankruptcy(e, c)).x
    np.testing.assert_allclose(co.random_arrival(e, c).x, want, atol=_tol(c))


@settings(max_examples=30, deadline=None)
@given(problems(max_n=5))
def test_random_arrival_averages_the_orders(prob):
    e, c = prob
    np.testing.assert_allclose(co.random_arrival(e, c).x, _random_arrival_orders(e, c), atol=_tol(c))


@settings(max_examples=40, deadline=None)
@given(problems(max_n=5))
def test_adjusted_proportional_is_the_tau_value(prob):
    # Curiel, Maschler and Tijs (1987), Theorem 4.
    e, c = prob
    np.testing.assert_allclose(co.adjusted_proportional(e, c).x, _tau(e, c), atol=_tol(c))


@settings(max_examples=40, deadline=None)
@given(problems(max_n=5, integer=True))
def test_cea_is_the_dutta_ray_solution(prob):
    # Dutta and Ray (1989), Econometrica 57, 615-635: the bankruptcy game is convex
    # and its egalitarian solution is constrained equal awards.
    e, c = prob
    np.testing.assert_allclose(co.cea(e, c).x, _dutta_ray(e, c), atol=1e-7 * (1 + c.sum()))


# -- definitional oracles --

@settings(max_examples=60, deadline=None)
@given(problems(max_n=8))
def test_rules_match_their_definitions(prob):
    e, c = prob
    half, h = c / 2, c.sum() / 2
    tol = 1e-7 * (1 + c.sum())
    np.testing.assert_allclose(co.cea(e, c).x, _cea_bisect(e, c), atol=tol)
    np.testing.assert_allclose(co.cel(e, c).x, _cel_bisect(e, c), atol=tol)
    low = e <= h
    np.testing.assert_allclose(
        co.talmud(e, c).x, _cea_bisect(e, half) if low else half + _cel_bisect(e - h, half), atol=tol)
    np.testing.assert_allclose(
        co.reverse_talmud(e, c).x, _cel_bisect(e, half) if low else half + _cea_bisect(e - h, half), atol=tol)
    np.testing.assert_allclose(
        co.piniles(e, c).x, _cea_bisect(e, half) if low else half + _cea_bisect(e - h, half), atol=tol)
    np.testing.assert_allclose(co.minimal_overlap(e, c).x, _minimal_overlap_def(e, c), atol=tol)
    if c.sum() > 0:
        np.testing.assert_allclose(co.proportional_claims(e, c).x, e * c / c.sum(), atol=tol)


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 100), st.floats(0, 100), st.floats(0, 1))
def test_two_claimants_concede_and_divide(c1, c2, frac):
    # With two claimants the Talmud rule, random arrival and minimal overlap all
    # concede to each what the other leaves and split the rest (Aumann and
    # Maschler 1985, section 2; O'Neill 1982).
    c = np.array([c1, c2])
    e = frac * (c1 + c2)
    conceded = np.array([max(0.0, e - c2), max(0.0, e - c1)])
    want = conceded + (e - conceded.sum()) / 2
    for rule in (co.talmud, co.random_arrival, co.minimal_overlap):
        np.testing.assert_allclose(rule(e, c).x, want, atol=_tol(c))


# -- axioms --

@settings(max_examples=60, deadline=None)
@given(problems(max_n=8), st.sampled_from(sorted(RULES)))
def test_bounds_efficiency_order_preservation(prob, name):
    e, c = prob
    x = RULES[name](e, c).x
    tol = _tol(c)
    assert abs(x.sum() - e) <= tol
    assert np.all(x >= -tol) and np.all(x <= c + tol)
    for i, j in itertools.combinations(range(c.size), 2):
        if c[i] <= c[j]:
            assert x[i] <= x[j] + tol and c[i] - x[i] <= c[j] - x[j] + tol
        if c[j] <= c[i]:
            assert x[j] <= x[i] + tol and c[j] - x[j] <= c[i] - x[i] + tol


@settings(max_examples=60, deadline=None)
@given(problems(max_n=8))
def test_duality(prob):
    # CEL is the dual of CEA; the Talmud rule and the proportional rule are self-dual
    # (Aumann and Maschler 1985; Thomson 2003, section 4).
    e, c = prob
    loss = c.sum() - e
    tol = 1e-7 * (1 + c.sum())
    np.testing.assert_allclose(co.cel(e, c).x, c - co.cea(loss, c).x, atol=tol)
    np.testing.assert_allclose(co.cea(e, c).x, c - co.cel(loss, c).x, atol=tol)
    np.testing.assert_allclose(co.talmud(e, c).x, c - co.talmud(loss, c).x, atol=tol)
    np.testing.assert_allclose(co.reverse_talmud(e, c).x, c - co.reverse_talmud(loss, c).x, atol=tol)


@settings(max_examples=60, deadline=None)
@given(problems(max_n=8), st.floats(0, 1), st.sampled_from(["proportional", "cea", "cel"]))
def test_composition_up(prob, split, name):
    # R(E, c) = R(E1, c) + R(E - E1, c - R(E1, c)) (Young 1988; Thomson 2003, section 5).
    e, c = prob
    rule = RULES[name]
    e1 = split * e
    first = rule(e1, c).x
    rest = np.maximum(c - first, 0.0)
    # the estate left can come out as -1e-19 by rounding when e1 is all of e
    second = rule(min(max(e - first.sum(), 0.0), rest.sum()), rest).x if rest.sum() > 0 else 0.0
    np.testing.assert_allclose(rule(e, c).x, first + second, atol=1e-7 * (1 + c.sum()))


def test_large_problem_is_efficient_and_bounded():
    c = np.random.default_rng(7).exponential(size=200_000)
    e = 0.4 * c.sum()
    for name, rule in RULES.items():
        if name == "random_arrival":
            continue
        x = rule(e, c).x
        assert abs(x.sum() - e) <= 1e-9 * c.sum(), name
        assert np.all(x >= 0) and np.all(x <= c * (1 + 1e-12)), name


# -- names and dispatch --

def test_names_and_dispatch():
    a = co.claims_rule(200, {"Ann": 100, "Bo": 200, "Cy": 300}, rule="Talmud")
    assert a.players == ("Ann", "Bo", "Cy") and a.rule == "Talmud"
    np.testing.assert_allclose(a.x, [50, 75, 75])
    b = co.cea(200, [100, 200, 300], players=["A", "B", "C"])
    assert b.players == ("A", "B", "C") and b.rule == "CEA"
    assert co.cea(200, [100, 200, 300]).players == co.families.bankruptcy(200, [100, 200, 300]).players
    for name, rule in RULES.items():
        np.testing.assert_array_equal(co.claims_rule(300, [100, 200, 300], rule=name).x, rule(300, [100, 200, 300]).x)
    np.testing.assert_array_equal(co.claims_rule(300, [100, 200, 300], rule="random-arrival").x,
                                  co.random_arrival(300, [100, 200, 300]).x)


@pytest.mark.parametrize("name", sorted(RULES))
def test_estate_equal_to_the_total_summed_in_another_order(name):
    # Python's sum adds left to right, numpy's pairwise: the two totals differ
    # by rounding, and either is the total claimed.
    c = np.random.default_rng(3).uniform(0, 1, 20)
    for e in (sum(c.tolist()), math.fsum(c), float(np.sum(c))):
        x = RULES[name](e, c).x
        np.testing.assert_allclose(x, c, rtol=1e-12, atol=1e-12)


# -- bad input --

@pytest.mark.parametrize("name", sorted(RULES))
def test_estate_above_claims_is_infeasible(name):
    with pytest.raises(co.InfeasibleError, match="`estate`"):
        RULES[name](601, [100, 200, 300])
    with pytest.raises(co.InfeasibleError, match="`estate`"):
        RULES[name](600 * (1 + 1e-9), [100, 200, 300])


@pytest.mark.parametrize("estate, claims, error, arg", [
    (-1, [1, 2], co.InvalidParameterError, "`estate`"),
    (float("nan"), [1, 2], co.InvalidParameterError, "`estate`"),
    (float("inf"), [1, 2], co.InvalidParameterError, "`estate`"),
    ("1", [1, 2], co.InvalidParameterError, "`estate`"),
    (True, [1, 2], co.InvalidParameterError, "`estate`"),
    (1, [1, -2], co.InvalidParameterError, "`claims`"),
    (1, [1, float("nan")], co.InvalidParameterError, "`claims`"),
    (1, [1, float("inf")], co.InvalidParameterError, "`claims`"),
    (1, ["a", 2], co.InvalidParameterError, "`claims"),
    (0, [], co.InvalidParameterError, "`claims`"),
    (1, 5, co.InvalidParameterError, "`claims`"),
])
@pytest.mark.parametrize("name", sorted(RULES))
def test_bad_numbers(estate, claims, error, arg, name):
    with pytest.raises(error, match=arg):
        RULES[name](estate, claims)


def test_bad_arguments():
    with pytest.raises(co.InvalidParameterError, match="`rule`"):
        co.claims_rule(1, [1, 2], rule="maimonides")
    with pytest.raises(co.InvalidParameterError, match="`rule`"):
        co.claims_rule(1, [1, 2], rule=3)
    with pytest.raises(co.InvalidParameterError, match="`players`"):
        co.cea(1, {"A": 1, "B": 2}, players=["A", "B"])
    with pytest.raises(co.CoalitionError, match="`players`"):
        co.cea(1, [1, 2], players=["A"])
    with pytest.raises(co.InvalidParameterError, match="`claims` has 25 positive entries and claims with more than 6 decimals"):
        co.random_arrival(1, np.sqrt(np.arange(2.0, 27.0)))


@settings(max_examples=60, deadline=None)
@given(problems(max_n=8), st.floats(0, 1), st.sampled_from(["proportional", "cea", "cel"]))
def test_composition_down(prob, shrink, name):
    # The estate falls after the awards R(E, c) were announced: dividing the
    # smaller estate E' on the announced awards gives R(E', c) (Moulin 2000;
    # Thomson 2003, section 5: the proportional, CEA and CEL rules).
    e, c = prob
    rule = RULES[name]
    smaller = shrink * e
    announced = rule(e, c).x
    again = rule(smaller, announced).x if announced.sum() > 0 else np.zeros_like(c)
    np.testing.assert_allclose(rule(smaller, c).x, again, atol=1e-7 * (1 + c.sum()))


@settings(max_examples=40, deadline=None)
@given(problems(max_n=7))
def test_more_self_dual_rules(prob):
    # Dividing the losses by the rule gives the same awards as dividing the
    # estate: the proportional rule, the adjusted proportional rule (Curiel,
    # Maschler and Tijs 1987) and the random arrival rule (O'Neill 1982; the
    # Shapley value of a game and of its dual agree).
    e, c = prob
    loss = c.sum() - e
    tol = 1e-7 * (1 + c.sum())
    for rule in (co.proportional_claims, co.adjusted_proportional, co.random_arrival):
        np.testing.assert_allclose(rule(e, c).x, c - rule(loss, c).x, atol=tol)


def test_claims_rules_in_compare_on_bankruptcy_games():
    """`compare` finds the claims rules by name and applies them to a
    bankruptcy game's estate and claims; on any other game they are listed
    as not applicable, with the reason."""
    g = co.families.bankruptcy(200, [100, 200, 300])
    names = ["CEA", "CEL", "Talmud", "reverse_talmud", "proportional_claims", "adjusted_proportional",
             "piniles", "minimal_overlap", "random_arrival"]
    c = co.compare(g, rules=names)
    functions = [co.cea, co.cel, co.talmud, co.reverse_talmud, co.proportional_claims, co.adjusted_proportional,
                 co.piniles, co.minimal_overlap, co.random_arrival]
    for j, f in enumerate(functions):
        np.testing.assert_allclose(c.shares[:, j], f(200, [100, 200, 300]).x)
    np.testing.assert_allclose(c.shares[:, 2], co.nucleolus(g).x, atol=1e-7)  # the Talmud rule is the nucleolus
    other = co.compare(co.Game([0, 1, 2, 6]), rules=["Talmud"])
    assert np.all(np.isnan(other.shares)) and "bankruptcy games" in other.notes[0]


def test_bankruptcy_game_takes_claims_by_name():
    g = co.families.bankruptcy(200, {"First": 100, "Second": 200, "Third": 300})
    h = co.families.bankruptcy(200, [100, 200, 300], players=["First", "Second", "Third"])
    assert g.players == h.players and np.array_equal(g.worths, h.worths)
    with pytest.raises(co.InvalidParameterError, match="`players` must be left out"):
        co.families.bankruptcy(200, {"A": 100, "B": 200}, players=["A", "B"])
