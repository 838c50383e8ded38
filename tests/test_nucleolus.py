"""The nucleolus, the prenucleolus and Kohlberg's criterion
(coalition.stability, coalition._nucleolus, coalition._kernels.excess).

Oracles: exact enumeration of the excess ordering for n <= 4
(tests/_stability_oracles.py), the Talmud rule for bankruptcy games, published
values (tests/cases/stability/, each checked with Kohlberg's criterion before
it is trusted), the published nucleoli of the Benedek-Fliege-Nguyen test
games, and Kohlberg's criterion on every nucleolus this file computes.

Budget: these tests run in about 20 s on a 2-core machine (after numba has
compiled the kernels once).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coalition as co
from coalition.stability import _lp
from coalition.stability import _engine as nu
from coalition.stability import _kohlberg
from coalition._kernels import excess as kx

from ._bnf import BNF_DIR, bnf_worths, read_bnf_file
from ._stability_oracles import (
    brute_nucleolus,
    excess_by_loop,
    load_cases,
    naive_nucleolus,
    rows_of,
    talmud_rule,
)

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def checked(game, *, pre=False):
    """Compute the (pre)nucleolus and insist that Kohlberg's criterion holds."""
    r = co.prenucleolus(game) if pre else co.nucleolus(game)
    chk = co.verify_nucleolus(game, r.x, prenucleolus=pre)
    assert chk, f"{r.rule} {r.x} fails Kohlberg: {chk.message}"
    assert r.status == "optimal"
    return r


@st.composite
def int_games(draw, min_n=2, max_n=4, imputation=True, low=-5, high=12):
    """Integer games; for the nucleolus, with a non-empty imputation set."""
    n = draw(st.integers(min_n, max_n))
    vals = draw(st.lists(st.integers(low, high), min_size=(1 << n) - 1, max_size=(1 << n) - 1))
    v = np.array([0.0, *vals])
    if imputation:
        v[-1] = max(v[-1], v[1 << np.arange(n)].sum())
    return n, v


# ---------------------------------------------------------------------------
# kernels
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("n", [1, 2, 3, 5, 7])
def test_excess_kernels_match_a_loop(n, rng):
    v = np.r_[0.0, rng.normal(size=(1 << n) - 1)]
    x = rng.normal(size=n)
    ref = excess_by_loop(v, x)
    np.testing.assert_allclose(kx.excess_table(v, x), ref, atol=1e-12)
    assert kx.max_abs_excess(v, x) == pytest.approx(np.abs(ref).max(), abs=1e-12)


def test_top_excess_matches_a_sort_and_skips_dead_and_spanned(rng):
    n = 8
    v = np.r_[0.0, rng.normal(size=(1 << n) - 1)]
    x = rng.normal(size=n) / 4
    e = excess_by_loop(v, x)
    full = (1 << n) - 1
    dead = np.zeros(1 << n, dtype=np.uint8)
    dead[[0, full, 5, 77]] = 1
    masks, vals = kx.top_excess(v, x, 0.1, 15, dead.copy(), np.empty((n, 0)), 0.0)
    ok = np.flatnonzero((e > 0.1) & (dead == 0))
    expect = ok[np.argsort(-e[ok])][:15]
    np.testing.assert_array_equal(np.sort(masks), np.sort(expect))
    assert np.all(np.diff(vals) <= 0)
    np.testing.assert_allclose(vals, e[masks])
    # span test: the subspace spanned by {0, 1} and {2}: coalitions inside
    # it are skipped and marked dead
    span = nu._Span(n)
    span.add(np.r_[1.0, 1.0, np.zeros(n - 2)], 0.0)
    span.add(np.eye(n)[2], 0.0)
    comp = span.complement()
    d2 = dead.copy()
    masks2, _ = kx.top_excess(v, x, -np.inf, 1 << n, d2, comp, 1e-8)
    inside = {0b11, 0b100, 0b111}
    assert inside.isdisjoint(set(masks2.tolist()))
    assert all(d2[m] == 1 for m in inside)
    assert set(masks2.tolist()) | inside | {0, full, 5, 77} == set(range(1 << n))


def test_sorted_excess_prefix(rng):
    n = 6
    v = np.r_[0.0, rng.normal(size=(1 << n) - 1)]
    x = rng.normal(size=n)
    e = excess_by_loop(v, x)[1:-1]
    masks, vals = kx.sorted_excess_prefix(v, x, 10)
    np.testing.assert_allclose(vals, np.sort(e)[::-1][:10])
    np.testing.assert_allclose(vals, excess_by_loop(v, x)[masks])


# ---------------------------------------------------------------------------
# against exact enumeration
# ---------------------------------------------------------------------------
@FAST
@given(int_games(2, 3))
def test_nucleolus_matches_enumeration_small(game):
    n, v = game
    g = co.Game(v)
    np.testing.assert_allclose(checked(g).x, brute_nucleolus(v, n), atol=1e-7)
    np.testing.assert_allclose(checked(g, pre=True).x, brute_nucleolus(v, n, imputation=False), atol=1e-7)


@FEW
@given(int_games(4, 4))
def test_nucleolus_matches_enumeration_four_players(game):
    n, v = game
    g = co.Game(v)
    np.testing.assert_allclose(checked(g).x, brute_nucleolus(v, n), atol=1e-7)


@FEW
@given(int_games(4, 4, imputation=False))
def test_prenucleolus_matches_enumeration_four_players(game):
    n, v = game
    g = co.Game(v)
    np.testing.assert_allclose(checked(g, pre=True).x, brute_nucleolus(v, n, imputation=False), atol=1e-7)


# ---------------------------------------------------------------------------
# games where settling the coalitions tight in one optimum goes wrong
# ---------------------------------------------------------------------------
NAIVE_FAILS = [
    # v(12) = 3, v(13) = 1, v(123) = 2. Stage 1 leaves x3 = 0 and any split of
    # 2 between players 1 and 2 optimal; at the optimum (0, 2, 0) coalition
    # {1, 3} is tight too, but not at (1.5, 0.5, 0).
    (3, [0, 0, 0, 3, 0, 1, 0, 2], [0, 1, 0], [1.5, 0.5, 0.0]),
    (4, [0, 0, 0, 8, 0, 5, 8, 2, 0, 8, 5, 5, 6, 5, 9, 7], [3, 1, 2, 4], None),
    (5, [0, 0, 0, 9, 0, 6, 3, 5, 0, 0, 0, 4, 5, 2, 2, 1, 0, 5, 2, 7, 9, 2, 8, 7, 7, 5, 9, 1, 0, 9, 4, 4],
     [0, 1, 0, 0, 1], [1, 1, 0, 0, 2]),
]


@pytest.mark.parametrize("n, values, prefer, expected", NAIVE_FAILS)
def test_naive_sequential_lp_fails_where_ours_does_not(n, values, prefer, expected):
    v = np.array(values, dtype=float)
    g = co.Game(v)
    ours = checked(g).x
    wrong = naive_nucleolus(v, n, prefer=prefer)
    assert np.max(np.abs(wrong - ours)) > 1e-3
    assert not co.verify_nucleolus(g, wrong)
    if n <= 4:
        np.testing.assert_allclose(ours, brute_nucleolus(v, n), atol=1e-7)
    if expected is not None:
        np.testing.assert_allclose(ours, expected, atol=1e-9)


# ---------------------------------------------------------------------------
# published values (each checked with Kohlberg's criterion)
# ---------------------------------------------------------------------------
CASES = load_cases()


@pytest.mark.parametrize("case_id, game, entry", CASES, ids=[c[0] for c in CASES])
def test_published_values(case_id, game, entry):
    pre = entry["rule"] == "prenucleolus"
    published = np.array(entry["values"], dtype=float)
    verdict = co.verify_nucleolus(game, published, prenucleolus=pre)
    if entry.get("correct", True):
        assert verdict, verdict.message
        ours = checked(game, pre=pre).x
        np.testing.assert_allclose(ours, published, rtol=1e-9, atol=entry["tol"] * np.abs(published).max())
    else:
        assert not verdict
        assert "not balanced" in verdict.message
        assert verdict.failed_collection


def test_at_least_eight_published_games():
    games = {cid.split("[")[0] for cid, _, _ in CASES}
    assert len(games) >= 8


# ---------------------------------------------------------------------------
# bankruptcy games: the nucleolus is the Talmud rule
# ---------------------------------------------------------------------------
@FAST
@given(
    st.lists(st.integers(1, 400), min_size=2, max_size=5),
    st.floats(0.0, 1.0),
)
def test_bankruptcy_nucleolus_is_the_talmud_rule(claims, share):
    estate = round(share * sum(claims), 3)
    g = co.families.bankruptcy(estate, claims)
    np.testing.assert_allclose(checked(g).x, talmud_rule(estate, claims), atol=1e-7 * max(claims))


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------
@FAST
@given(int_games(2, 5))
def test_nucleolus_is_in_the_core_when_it_is_not_empty(game):
    n, v = game
    g = co.Game(v)
    r = checked(g)
    if co.is_balanced(g):
        assert co.in_core(g, r.x, tol=1e-8)
    # the first level is the least-core epsilon over imputations, never below
    # the one over all efficient splits
    assert r.levels[0] >= co.least_core(g).epsilon - 1e-9


@st.composite
def zero_monotonic_games(draw, min_n=2, max_n=5):
    """v = additive part + monotone part with v0({i}) = 0."""
    n = draw(st.integers(min_n, max_n))
    w = np.array(draw(st.lists(st.integers(0, 9), min_size=1 << n, max_size=1 << n)), dtype=float)
    w[0] = 0.0
    w[1 << np.arange(n)] = 0.0
    v0 = w.copy()
    for s in range(1 << n):  # monotone hull: best sub-coalition
        for i in range(n):
            if s >> i & 1:
                v0[s] = max(v0[s], v0[s ^ (1 << i)])
    b = np.array(draw(st.lists(st.integers(-5, 5), min_size=n, max_size=n)), dtype=float)
    add = np.array([sum(b[i] for i in range(n) if s >> i & 1) for s in range(1 << n)])
    return n, v0 + add


@FAST
@given(zero_monotonic_games())
def test_prenucleolus_equals_nucleolus_on_zero_monotonic_games(game):
    n, v = game
    g = co.Game(v)
    np.testing.assert_allclose(checked(g, pre=True).x, checked(g).x, atol=1e-8)


@FAST
@given(int_games(2, 5), st.sampled_from([1e-6, 0.37, 1e3, 1e9]), st.integers(0, 10**6))
def test_covariance_under_scaling_shifting_and_relabelling(game, a, seed):
    n, v = game
    r = np.random.default_rng(seed)
    b = r.integers(-50, 50, n).astype(float)
    perm = r.permutation(n)
    add = np.array([sum(b[i] for i in range(n) if s >> i & 1) for s in range(1 << n)])
    x = checked(co.Game(v)).x
    y = checked(co.Game(a * v + add)).x
    np.testing.assert_allclose(y, a * x + b, rtol=1e-8, atol=1e-8 * (a * np.abs(v).max() + np.abs(b).max()))
    # players relabelled: coalition S of the new game is perm^-1(S)
    new = np.zeros_like(v)
    for s in range(1 << n):
        t = 0
        for j in range(n):
            if s >> j & 1:
                t |= 1 << perm[j]
        new[s] = v[t]
    np.testing.assert_allclose(checked(co.Game(new)).x, x[perm], atol=1e-8 * max(1.0, np.abs(v).max()))


def test_symmetric_players_get_the_same():
    g = co.Game.from_function(lambda s: float(len(s) >= 3), [f"P{i}" for i in range(5)])
    np.testing.assert_allclose(checked(g).x, np.full(5, 0.2), atol=1e-12)


# ---------------------------------------------------------------------------
# constraint generation agrees with the LPs over every coalition
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("n, seed", [(5, 1), (6, 2), (7, 3), (9, 4), (10, 5)])
@pytest.mark.parametrize("imputation", [True, False])
def test_constraint_generation_agrees_with_dense_lps(n, seed, imputation):
    r = np.random.default_rng(seed)
    v = np.r_[0.0, r.integers(0, 30, (1 << n) - 1).astype(float)]
    v[-1] = max(v[-1], v[1 << np.arange(n)].sum())
    dense = nu.lexicographic_center(v, n, imputation=imputation, dense=True)
    cg = nu.lexicographic_center(v, n, imputation=imputation, dense=False, batch=3)
    np.testing.assert_allclose(cg.x, dense.x, atol=1e-8 * np.abs(v).max())
    np.testing.assert_allclose(cg.levels, dense.levels, atol=1e-8 * np.abs(v).max())
    assert cg.n_passes >= 1 and dense.n_passes == 0
    assert co.verify_nucleolus(co.Game(v), cg.x, prenucleolus=not imputation)


@pytest.mark.parametrize("backend", ["highspy", "scipy"])
def test_one_lp_kept_across_stages_on_both_back_ends(backend, monkeypatch):
    # The stage LP is kept from stage to stage (settled rows turned into
    # equalities, spanned rows freed): with highspy in place, without it by
    # fresh scipy solves of the same rows. Both must meet Kohlberg's
    # criterion and agree with the LPs over every coalition.
    if backend == "highspy" and _lp._highspy is None:
        pytest.skip("highspy is not installed")
    monkeypatch.setattr(_lp, "USE_HIGHSPY", backend == "highspy")
    r = np.random.default_rng(11)
    n = 9
    v = np.r_[0.0, r.integers(0, 12, (1 << n) - 1).astype(float)]  # many ties: many stages
    v[-1] = max(v[-1], v[1 << np.arange(n)].sum())
    for imputation in (True, False):
        kept = nu.lexicographic_center(v, n, imputation=imputation, dense=False, batch=4)
        dense = nu.lexicographic_center(v, n, imputation=imputation, dense=True)
        assert kept.levels.size >= 2 and kept.n_lps >= kept.levels.size
        np.testing.assert_allclose(kept.x, dense.x, atol=1e-8 * np.abs(v).max())
        assert co.verify_nucleolus(co.Game(v), kept.x, prenucleolus=not imputation)


# ---------------------------------------------------------------------------
# the Benedek-Fliege-Nguyen test games (need ../shared)
# ---------------------------------------------------------------------------
def _bnf_files(max_n):
    if not BNF_DIR.is_dir():
        return []
    return [p for p in sorted(BNF_DIR.glob("v*n*j*.txt")) if read_bnf_file(p)[1] <= max_n]


@pytest.fixture(scope="module")
def bnf_dir():
    if not BNF_DIR.is_dir():
        pytest.skip(f"{BNF_DIR} is not available")
    return BNF_DIR


def test_bnf_generator_reproduces_the_published_grand_coalitions(bnf_dir):
    # types 2 and 4: the last draw is v(N), the total of the published nucleolus
    for p in _bnf_files(20):
        kind, n, seed, nuc = read_bnf_file(p)
        if kind in (2, 4):
            v = bnf_worths(kind, n, seed)
            assert v[-1] == pytest.approx(nuc.sum(), abs=1e-6), p.name


@pytest.mark.parametrize("path", _bnf_files(20), ids=lambda p: p.stem)
def test_bnf_games_up_to_20_players(path, bnf_dir):
    kind, n, seed, published = read_bnf_file(path)
    g = co.Game(bnf_worths(kind, n, seed))
    r = checked(g)
    np.testing.assert_allclose(r.x, published, atol=1e-6 * max(1.0, np.abs(published).max()))


# ---------------------------------------------------------------------------
# numerical robustness and degenerate games
# ---------------------------------------------------------------------------
def test_worths_from_a_millionth_to_a_billion_in_one_game():
    # Two partners worth half a billion alone, two small ones, synergies of
    # about a millionth. The worths are dyadic, so the table holds them
    # exactly; the nucleolus must be the standalone worths plus the nucleolus
    # of the synergies, up to the rounding of each share (its last place).
    n = 5
    stand = np.array([2.0**29, 2.0**29, 2.0**-20, 2.0**-19, 0.0])
    r = np.random.default_rng(7)
    syn = np.zeros(1 << n)
    for s in range(1 << n):
        if bin(s).count("1") >= 2:
            syn[s] = r.integers(0, 17) * 2.0**-22
    add = np.array([sum(stand[i] for i in range(n) if s >> i & 1) for s in range(1 << n)])
    g = co.Game(add + syn)
    assert np.all(g.values - add == syn) and g.values.max() > 1e9 and g.values[g.values > 0].min() < 1e-6
    x, x0 = checked(g).x, checked(co.Game(syn)).x
    np.testing.assert_allclose(x, stand + x0, rtol=2 * np.finfo(float).eps, atol=1e-15)
    np.testing.assert_allclose(checked(g, pre=True).x, stand + checked(co.Game(syn), pre=True).x,
                               rtol=2 * np.finfo(float).eps, atol=1e-15)


def test_claims_from_a_millionth_to_a_billion():
    # a bankruptcy table with worths from 0 to 6e8 and claims down to 1e-6:
    # exact to 1e-12 of the scale of the game (1e9); finer than that the
    # millionth claims are below the resolution the tolerances promise
    claims = np.array([1e-6, 3e-6, 2e8, 1e9])
    estate = 6e8
    d = claims.sum()
    v = np.array([max(0.0, estate - (d - claims[[i for i in range(4) if s >> i & 1]].sum())) for s in range(16)])
    x = checked(co.Game(v)).x
    np.testing.assert_allclose(x, talmud_rule(estate, claims), rtol=0, atol=1e-12 * 1e9)
    assert np.all(x >= 0) and x.sum() == pytest.approx(estate, rel=1e-15)


@pytest.mark.parametrize("scale", [1e-6, 1e9])
def test_the_scale_of_the_worths_does_not_matter(scale):
    g = co.families.bankruptcy(200 * scale, [100 * scale, 200 * scale, 300 * scale])
    np.testing.assert_allclose(checked(g).x, np.array([50, 75, 75]) * scale, rtol=1e-12)


def test_degenerate_games():
    # all zero
    z = co.Game(np.zeros(16))
    assert checked(z).x.tolist() == [0.0] * 4 and checked(z, pre=True).x.tolist() == [0.0] * 4
    # additive: every coalition has excess 0 at the standalone worths
    stand = np.array([3.0, -1.0, 7.5])
    add = np.array([sum(stand[i] for i in range(3) if s >> i & 1) for s in range(8)])
    np.testing.assert_array_equal(checked(co.Game(add)).x, stand)
    # one player
    one = co.Game([0.0, 4.2], players=["Solo"])
    assert checked(one).x.tolist() == [4.2] and checked(one, pre=True).x.tolist() == [4.2]
    # two players: standalone worths plus half the surplus each
    assert checked(co.Game([0, 1, 2, 6])).as_dict() == {"P1": 2.5, "P2": 3.5}
    # the core is a single point: one left glove, two right gloves
    glove = co.Game.from_function(lambda s: float("L" in s and ("R1" in s or "R2" in s)), ["L", "R1", "R2"])
    np.testing.assert_allclose(checked(glove).x, [1.0, 0.0, 0.0], atol=1e-12)
    # imputation set is a single point
    flat = co.Game([0, 1, 2, 3, 4, 9, 9, 7])
    np.testing.assert_allclose(checked(flat).x, [1, 2, 4], atol=1e-12)


def test_no_negative_zero_in_results():
    r = checked(co.Game([0, 0, 0, 3, 0, 1, 0, 2]))
    assert r.x[2] == 0 and not np.signbit(r.x[2])


def test_cost_games_speak_in_costs():
    costs = {"A": 6, "B": 7, "C": 8, "A+B": 10, "A+C": 11, "B+C": 12, "A+B+C": 15}
    g = co.Game.from_dict(costs, kind="cost")
    r = checked(g)
    assert r.kind == "cost"
    assert r.total == pytest.approx(15.0)
    savings = co.Game(g.worths, players=g.players)
    np.testing.assert_allclose(r.x, g.standalone - checked(savings).x, atol=1e-12)
    # verify takes cost shares: the savings shares are not an efficient cost split
    with pytest.raises(co.InvalidAllocationError, match="grand coalition costs 15"):
        co.verify_nucleolus(g, checked(savings).x)
    assert not co.verify_nucleolus(g, r.x + [0.5, -0.5, 0])
    np.testing.assert_allclose(checked(g, pre=True).x, r.x, atol=1e-12)
    # levels are savings excesses: the first is the largest y(S) - c(S)
    y = r.x
    worst = max(sum(y[i] for i in range(3) if s >> i & 1) - g.values[s] for s in range(1, 7))
    assert r.levels[0] == pytest.approx(worst)


# ---------------------------------------------------------------------------
# verify_nucleolus on wrong candidates
# ---------------------------------------------------------------------------
def test_verify_rejects_perturbed_and_non_imputations():
    g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 4, "A+C": 5, "B+C": 6, "A+B+C": 8})
    x = checked(g).x
    for d in itertools.permutations([1e-3, -1e-3, 0.0]):
        assert not co.verify_nucleolus(g, x + np.array(d))
    bad = co.verify_nucleolus(co.Game([0, 0, 0, 3, 0, 1, 0, 2]), [2.5, 0.0, -0.5])
    assert not bad and "not an imputation" in bad.message and "P3" in bad.message
    # the same point may well be the prenucleolus check's business
    ps = co.Game([0, 0, 0, 10, 0, 0, 2], order="lex")
    assert co.verify_nucleolus(ps, [3, 3, -4], prenucleolus=True)
    assert not co.verify_nucleolus(ps, [3, 3, -4])
    # a loose tolerance accepts a published value rounded to 4 digits
    ferg = co.Game([-1, 0, 1, 3, 4, 2, 5], order="lex")
    rounded = [2.6667, 0.6667, 1.6666]
    assert not co.verify_nucleolus(ferg, rounded, tol=1e-9)
    assert co.verify_nucleolus(ferg, rounded, tol=1e-4)
    assert repr(co.verify_nucleolus(ferg, rounded, tol=1e-4)).startswith("KohlbergCheck(is the nucleolus")


def test_verify_reports_the_candidate_its_players_and_kind():
    costs = co.Game.from_dict({"A": 6, "B": 7, "C": 8, "A+B": 10, "A+C": 11, "B+C": 12, "A+B+C": 15},
                              kind="cost")
    shares = {"A": 4.0, "B": 5.0, "C": 6.0}
    check = co.verify_nucleolus(costs, shares)
    assert check.players == ("A", "B", "C") and check.kind == "cost"
    np.testing.assert_array_equal(check.x, [4.0, 5.0, 6.0])  # cost shares, as given
    assert check.valid and np.allclose(co.nucleolus(costs).x, check.x, atol=1e-9)
    assert not check.x.flags.writeable
    early = co.verify_nucleolus(co.Game([0, 0, 0, 3, 0, 1, 0, 2]), [2.5, 0.0, -0.5])
    assert early.players == ("P1", "P2", "P3") and early.kind == "profit"
    np.testing.assert_array_equal(early.x, [2.5, 0.0, -0.5])


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------
def test_bad_input():
    g = co.Game([0, 1, 2, 6])
    with pytest.raises(co.InvalidGameError, match="`game`"):
        co.nucleolus([0, 1, 2, 6])
    with pytest.raises(co.InfeasibleError, match="`game` has no imputation"):
        co.nucleolus(co.Game([0, 5, 5, 6]))
    with pytest.raises(co.InfeasibleError, match="standalone costs"):
        co.nucleolus(co.Game([0, 1, 1, 3], kind="cost"))
    assert checked(co.Game([0, 5, 5, 6]), pre=True).as_dict() == {"P1": 3.0, "P2": 3.0}
    with pytest.raises(co.InvalidAllocationError, match="`x` has shape"):
        co.verify_nucleolus(g, [1, 2, 3])
    with pytest.raises(co.InvalidAllocationError, match="`x` has non-finite"):
        co.verify_nucleolus(g, [np.nan, 6])
    with pytest.raises(co.InvalidAllocationError, match="`x` is not efficient: its shares add up to 5 but"):
        co.verify_nucleolus(g, [2, 3])
    with pytest.raises(co.InvalidParameterError, match="`tol`"):
        co.verify_nucleolus(g, [2.5, 3.5], tol=-1)
    with pytest.raises(co.InvalidParameterError, match="`tol`"):
        co.verify_nucleolus(g, [2.5, 3.5], tol="tight")
    with pytest.raises(co.InvalidParameterError, match="`prenucleolus`"):
        co.verify_nucleolus(g, [2.5, 3.5], prenucleolus="yes")


def test_lp_failure_is_reported_with_the_solver_status(monkeypatch):
    class Failed:
        status = 4
        message = "Numerical difficulties encountered."

    monkeypatch.setattr(nu, "linprog", lambda *a, **k: Failed())
    monkeypatch.setattr(_lp, "linprog", lambda *a, **k: Failed())
    monkeypatch.setattr(_lp, "USE_HIGHSPY", False)
    with pytest.raises(co.SolverError, match="status 4: Numerical difficulties"):
        co.nucleolus(co.Game([0, 0, 0, 3, 0, 1, 0, 2]))
    with pytest.raises(co.SolverError, match="status 4"):
        co.least_core(co.Game([0, 0, 0, 3, 0, 1, 0, 2]))


def test_balanced_weights_on_textbook_collections():
    rows = lambda *ms: rows_of(list(ms), 3)  # noqa: E731
    none = np.zeros((0, 3))
    t, w = _kohlberg.balanced_weights(rows(0b011, 0b101, 0b110), none, 3)
    assert t == pytest.approx(0.5) and w == pytest.approx([0.5] * 3)
    t, w = _kohlberg.balanced_weights(rows(0b011, 0b100), none, 3)
    assert t == pytest.approx(1.0) and w == pytest.approx([1.0, 1.0])
    assert _kohlberg.balanced_weights(rows(0b011, 0b101), none, 3)[0] == -np.inf  # not balanced
    t, _ = _kohlberg.balanced_weights(rows(0b001, 0b011, 0b100), none, 3)  # only with {1} at weight 0
    assert t == pytest.approx(0.0)
    # optional singletons (weights >= 0): {1, 3} and {2} cover N, {1, 2} only at weight 0
    t, w = _kohlberg.balanced_weights(rows(0b011, 0b101), rows(0b001, 0b010), 3)
    assert t == pytest.approx(0.0) and w == pytest.approx([0.0, 1.0, 0.0, 1.0])
    t, w = _kohlberg.balanced_weights(rows(0b110), rows(0b001), 3)
    assert t == pytest.approx(1.0) and w == pytest.approx([1.0, 1.0])


def test_weighted_scan_with_unit_weights_is_the_plain_scan(rng):
    """One scan serves both kernels: unit weights give the plain scan's
    coalitions, excesses and dead marks (span test included)."""
    n = 7
    v = np.r_[0.0, rng.normal(size=(1 << n) - 1)]
    x = rng.normal(size=n) / 4
    dead = (rng.uniform(size=1 << n) < 0.1).astype(np.uint8)
    dead[[0, (1 << n) - 1]] = 1
    span = nu._Span(n)
    span.add(np.r_[1.0, 1.0, np.zeros(n - 2)], 0.0)
    comp = span.complement()
    for threshold, k, c in [(0.1, 9, np.empty((n, 0))), (-np.inf, 1 << n, comp)]:
        d1, d2 = dead.copy(), dead.copy()
        m1, e1 = kx.top_excess(v, x, threshold, k, d1, c, 1e-8)
        m2, e2 = kx.top_weighted_excess(v, np.ones(1 << n), x, threshold, k, d2, c, 1e-8)
        np.testing.assert_array_equal(m1, m2)
        np.testing.assert_array_equal(e1, e2)
        np.testing.assert_array_equal(d1, d2)
        e = excess_by_loop(v, x)
        np.testing.assert_allclose(e1, e[m1], atol=1e-12)
