"""The per-capita, proportional and disruption nucleoli, the anti-nucleolus
and anti-prenucleolus, and the (pre)nucleolus under a coalition structure
(coalition.stability.variants, the weights and fixed coalitions of
coalition.stability._engine, coalition.stability._kohlberg_weighted).

Oracles:

* enumeration (tests/_variant_oracles.py): every vertex of the arrangement
  of "two complaints are equal" hyperplanes is a candidate, and the winner is
  the candidate whose sorted complaint vector is lexicographically smallest,
  computed from the definition (for the disruption nucleolus, the
  propensities to disrupt themselves, not the weighted excesses the library
  minimizes);
* random perturbations inside the domain never give a lexicographically
  smaller sorted complaint vector (n = 5, 6);
* closed forms: two players; symmetric games; the anti-prenucleolus of the
  dual of a bankruptcy game is the Talmud rule;
* published values: Young (1985, p. 68), CoopGame 0.2.2's
  ``disruptionNucleolus`` example, Funaki and Meinhardt (2006, Example 4.1);
* the peer coopgame-py 0.3.0 on 24 seeded games (answers stored in
  tests/data/peer_nucleolus_variants.json by
  benchmarks/peer_nucleolus_variants.py): every answer agrees to 1e-6, and
  both libraries refuse the same games (empty imputation set, empty core,
  no anti-imputation).

Budget: about 30 s on a 2-core machine.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coalition as co
from coalition._rules import rule_label
from coalition.stability import _engine as nu

from . import _variant_oracles as O
from ._stability_oracles import rows_of, talmud_rule

FEW = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SOME = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PEER = json.loads((Path(__file__).parent / "data" / "peer_nucleolus_variants.json").read_text())


def sizes(n):
    return rows_of(np.arange(1 << n), n).sum(axis=1).astype(np.int64)


def dual(v):
    v = np.asarray(v, dtype=float)
    return v[-1] - v[::-1]


@st.composite
def imputation_games(draw, min_n=2, max_n=4, low=0, high=15):
    """Integer games with a non-empty imputation set (worths >= 0 by default)."""
    n = draw(st.integers(min_n, max_n))
    vals = draw(st.lists(st.integers(low, high), min_size=(1 << n) - 1, max_size=(1 << n) - 1))
    v = np.array([0.0, *vals])
    v[-1] = max(v[-1], v[1 << np.arange(n)].sum() + draw(st.integers(0, 10)))
    return n, v


@st.composite
def convex_games(draw, min_n=2, max_n=4):
    """Sums of unanimity games with non-negative dividends: convex, so the
    core is not empty."""
    n = draw(st.integers(min_n, max_n))
    masks = np.arange(1 << n)
    v = np.zeros(1 << n)
    for t, d in draw(st.lists(st.tuples(st.integers(1, (1 << n) - 1), st.integers(1, 9)), min_size=1, max_size=6)):
        v[(masks & t) == t] += d
    return n, v


def close(a, b, tol=1e-7):
    return np.max(np.abs(np.asarray(a) - np.asarray(b))) <= tol * max(1.0, np.max(np.abs(b)))


# ---------------------------------------------------------------------------
# definitional oracles by enumeration
# ---------------------------------------------------------------------------
@FEW
@given(imputation_games(low=-5))
def test_per_capita_is_the_lexicographic_minimum_of_excess_per_member(nv):
    n, v = nv
    x = co.per_capita_nucleolus(co.Game(v)).x
    assert close(x, O.weighted_nucleolus(v, n, sizes(n)))


@FEW
@given(imputation_games())
def test_proportional_is_the_lexicographic_minimum_of_relative_excess(nv):
    n, v = nv
    g = co.Game(v)
    try:
        x = co.proportional_nucleolus(g).x
    except co.InvalidGameError as exc:  # too few positive worths: not unique
        assert "not unique" in str(exc)
        assert np.count_nonzero(v[1:-1] > 0) < n
        return
    assert close(x, O.weighted_nucleolus(v, n, v))


@FEW
@given(convex_games())
def test_disruption_minimizes_the_propensities_to_disrupt(nv):
    n, v = nv
    x = co.disruption_nucleolus(co.Game(v)).x
    assert close(x, O.disruption_nucleolus(v, n))


@FEW
@given(imputation_games(low=-5))
def test_anti_prenucleolus_maximizes_the_smallest_excesses(nv):
    n, v = nv
    assert close(co.anti_prenucleolus(co.Game(v)).x, O.anti_nucleolus(v, n, floors=False))


@FEW
@given(convex_games())
def test_anti_nucleolus_over_the_anti_imputations(nv):
    n, v = nv
    w = dual(v)  # the dual of a convex game has an anti-imputation
    assert close(co.anti_nucleolus(co.Game(w)).x, O.anti_nucleolus(w, n, floors=True))


@FEW
@given(imputation_games(min_n=3, low=-3), st.booleans())
def test_structured_nucleolus_by_enumeration(nv, pre):
    n, v = nv
    g = co.Game(v)
    blocs = [[0, 1], list(range(2, n))] if n > 3 else [[0], [1, 2]]
    named = [[g.players[i] for i in b] for b in blocs]
    bv = v[1 << np.arange(n)]
    feasible = all(v[sum(1 << i for i in b)] >= bv[b].sum() for b in blocs)
    if not pre and not feasible:
        with pytest.raises(co.InfeasibleError, match="structure"):
            co.nucleolus(g, structure=named)
        return
    x = (co.prenucleolus if pre else co.nucleolus)(g, structure=named).x
    assert close(x, O.structured_nucleolus(v, n, blocs, floors=not pre))
    assert co.verify_nucleolus(g, x, prenucleolus=pre, structure=named)


def test_the_oracles_tell_the_variants_apart():
    """The enumeration oracle is not the nucleolus in disguise: on this game
    the per-capita, proportional, disruption and anti-prenucleoli all
    differ from the nucleolus, and the library matches each oracle."""
    v = np.array([0, 1, 3, 6, 5, 7, 8, 12], dtype=float)
    g = co.Game(v)
    nuc = co.nucleolus(g).x
    pc = O.weighted_nucleolus(v, 3, sizes(3))
    prop = O.weighted_nucleolus(v, 3, v)
    assert not close(pc, nuc, 1e-3) and not close(prop, nuc, 1e-3) and not close(pc, prop, 1e-3)
    assert close(co.per_capita_nucleolus(g).x, pc)
    assert close(co.proportional_nucleolus(g).x, prop)
    # a game whose disruption nucleolus and anti-prenucleolus differ from its nucleolus
    v4 = np.array([0.0, 0, 0, 2, 0, 3, 4, 8, 0, 1, 3, 9, 2, 6.5, 9.5, 14])
    g4 = co.Game(v4)
    assert not close(co.disruption_nucleolus(g4).x, co.nucleolus(g4).x, 1e-3)
    assert not close(co.anti_prenucleolus(g4).x, co.prenucleolus(g4).x, 1e-3)


# ---------------------------------------------------------------------------
# perturbations: nothing nearby is lexicographically better (n = 5, 6)
# ---------------------------------------------------------------------------
def _lex_less(a, b, tol=1e-9):
    for p, q in zip(a, b):
        if p < q - tol:
            return True
        if p > q + tol:
            return False
    return False


@pytest.mark.parametrize("seed", range(4))
def test_no_perturbation_improves_the_weighted_nucleoli(seed):
    rng = np.random.default_rng(seed)
    n = 5 + seed % 2
    masks = np.arange(1, (1 << n) - 1)
    rows = rows_of(masks, n)
    v = np.r_[0.0, rng.integers(1, 40, (1 << n) - 1).astype(float)]
    v[1 << np.arange(n)] = rng.integers(0, 5, n)
    v[-1] = max(v[-1], 40.0 * n)
    g = co.Game(v)
    b = v[1 << np.arange(n)]
    for weights, x in ((sizes(n), co.per_capita_nucleolus(g).x), (v, co.proportional_nucleolus(g).x)):
        w = weights[masks].astype(float)
        keep = w > 0

        def key(z):
            return -np.sort(-(v[masks][keep] - rows[keep] @ z) / w[keep])

        base = key(x)
        for _ in range(400):
            y = rng.normal(size=n)
            y -= y.mean()
            for t in (1e-3, 1e-2, 1e-1):
                z = x + t * y
                if np.all(z >= b - 1e-12):
                    assert not _lex_less(key(z), base)


# ---------------------------------------------------------------------------
# closed forms and invariances
# ---------------------------------------------------------------------------
@SOME
@given(st.integers(1, 20), st.integers(1, 20), st.integers(0, 30))
def test_two_players(a, b, surplus):
    v = np.array([0.0, a, b, a + b + surplus])
    g = co.Game(v)
    standard = np.array([a + surplus / 2, b + surplus / 2])
    for rule in (co.per_capita_nucleolus, co.anti_prenucleolus):
        assert close(rule(g).x, standard)
    # the anti-imputations need v(N) - v(N \ {i}) to add up to at most v(N): surplus 0 only
    if surplus == 0:
        assert close(co.anti_nucleolus(g).x, standard)
    else:
        with pytest.raises(co.InfeasibleError):
            co.anti_nucleolus(g)
    if surplus > 0:
        assert close(co.disruption_nucleolus(g).x, standard)
    # proportional: (a - x1) / a = (b - x2) / b, a split in proportion to the worths
    assert close(co.proportional_nucleolus(g).x, v[3] * np.array([a, b]) / (a + b))


@SOME
@given(st.integers(2, 5), st.lists(st.integers(0, 30), min_size=5, max_size=5))
def test_symmetric_games_split_equally(n, by_size):
    """If v(S) depends only on |S|, every variant gives v(N) / n to each."""
    f = np.r_[0.0, np.sort(by_size)[: n]].astype(float)  # non-decreasing in the size
    f[n] = max(f[n], n * f[1])
    v = f[sizes(n)]
    g = co.Game(v)
    equal = np.full(n, v[-1] / n)
    rules = [co.per_capita_nucleolus, co.anti_prenucleolus]
    if f[1] > 0:
        rules.append(co.proportional_nucleolus)
    for rule in rules:
        assert close(rule(g).x, equal), rule.__name__


@FEW
@given(imputation_games(max_n=5, low=-5), st.floats(0.5, 4.0), st.lists(st.integers(-5, 5), min_size=5, max_size=5))
def test_covariance(nv, scale, shift):
    n, v = nv
    a = np.array(shift[:n], dtype=float)
    w = scale * v + rows_of(np.arange(1 << n), n) @ a
    for rule in (co.per_capita_nucleolus, co.anti_prenucleolus):
        assert close(rule(co.Game(w)).x, scale * rule(co.Game(v)).x + a, 1e-6)
    if np.all(v >= 0):
        try:
            x = co.proportional_nucleolus(co.Game(v)).x
        except co.InvalidGameError:
            return
        assert close(co.proportional_nucleolus(co.Game(scale * v)).x, scale * x, 1e-6)


@FEW
@given(imputation_games(min_n=3, max_n=5), st.randoms(use_true_random=False))
def test_relabelling_the_partners_relabels_the_shares(nv, rnd):
    n, v = nv
    perm = list(range(n))
    rnd.shuffle(perm)  # new partner k is old partner perm[k]
    w = np.zeros(1 << n)
    for S in range(1 << n):
        w[sum(1 << k for k in range(n) if S >> perm[k] & 1)] = v[S]
    for rule in (co.per_capita_nucleolus, co.proportional_nucleolus, co.disruption_nucleolus,
                 co.anti_nucleolus, co.anti_prenucleolus):
        try:
            x = rule(co.Game(v)).x
        except co.CoalitionError as exc:
            with pytest.raises(type(exc)):
                rule(co.Game(w))
            continue
        assert close(rule(co.Game(w)).x, x[perm], 1e-7), rule.__name__


@FEW
@given(imputation_games(max_n=5, low=-5))
def test_anti_prenucleolus_of_the_dual_is_the_prenucleolus(nv):
    n, v = nv
    assert close(co.anti_prenucleolus(co.Game(dual(v))).x, co.prenucleolus(co.Game(v)).x, 1e-6)


@FEW
@given(convex_games(max_n=5))
def test_in_the_core_when_the_core_is_not_empty(nv):
    n, v = nv
    g = co.Game(v)
    for rule in (co.per_capita_nucleolus, co.proportional_nucleolus, co.disruption_nucleolus):
        try:
            x = rule(g).x
        except co.InvalidGameError:  # proportional, too few positive worths
            continue
        assert co.in_core(g, x, tol=1e-7), rule.__name__


@pytest.mark.parametrize("estate", [40, 100, 150, 200, 250])
def test_anti_prenucleolus_of_dual_bankruptcy_games_is_the_talmud_rule(estate):
    claims = [60, 80, 120, 30]
    v = co.families.bankruptcy(estate, claims).worths
    x = co.anti_prenucleolus(co.Game(dual(v))).x
    assert close(x, talmud_rule(estate, claims), 1e-7)


def test_structures_at_the_extremes():
    v = np.array([0, 1, 3, 6, 5, 7, 8, 12], dtype=float)
    g = co.Game(v)
    assert close(co.nucleolus(g, structure=[["P1", "P2", "P3"]]).x, co.nucleolus(g).x)
    assert close(co.prenucleolus(g, structure=["P1+P2+P3"]).x, co.prenucleolus(g).x)
    assert close(co.nucleolus(g, structure=[["P1"], ["P2"], ["P3"]]).x, [1, 3, 5])
    r = co.nucleolus(g, structure={"north": ["P1", "P2"], "south": ["P3"]})
    assert close(r.x[:2].sum(), 6) and close(r.x[2], 5)
    assert "structure" in r.message
    blocs = [["P1", "P2"], ["P3"]]
    assert co.verify_nucleolus(g, r.x, structure=blocs)
    moved = r.x + np.array([1e-3, -1e-3, 0.0])  # still gives each bloc its worth
    assert not co.verify_nucleolus(g, moved, structure=blocs)


def test_cost_games_are_solved_on_their_savings():
    c = np.array([0, 15, 20, 35, 55, 61, 65, 78], dtype=float)
    gc = co.Game(c, kind="cost")
    sav = rows_of(np.arange(8), 3) @ c[[1, 2, 4]] - c
    for rule in (co.per_capita_nucleolus, co.proportional_nucleolus, co.anti_prenucleolus):
        assert close(rule(gc).x, c[[1, 2, 4]] - rule(co.Game(sav)).x), rule.__name__


def test_row_generation_agrees_with_the_dense_lps():
    """Above 8 players each stage is solved by constraint generation with the
    weighted scan kernel; on 9 and 10 players compare with every coalition in
    the LPs from the start, and check the weighted criterion."""
    rng = np.random.default_rng(11)
    for n in (9, 10):
        v = np.r_[0.0, rng.uniform(0, 100, (1 << n) - 1)] * sizes(n)
        v[-1] = 2 * v.max()
        w = sizes(n).astype(float)
        dense = nu.lexicographic_center(v, n, imputation=True, weights=w, dense=True)
        sparse = nu.lexicographic_center(v, n, imputation=True, weights=w, dense=False)
        assert close(sparse.x, dense.x, 1e-8) and sparse.n_passes > 0
        assert np.allclose(sparse.levels, dense.levels)
        g = co.Game(v)
        assert co.verify_nucleolus(g, sparse.x, variant="per_capita")
        blocs = [g.players[: n // 2], g.players[n // 2:]]
        pre = co.prenucleolus(g, structure=blocs)
        fixed = np.array([(1 << (n // 2)) - 1, ((1 << n) - 1) ^ ((1 << (n // 2)) - 1)])
        assert close(pre.x, nu.lexicographic_center(v, n, imputation=False, fixed=fixed, dense=True).x, 1e-8)
        assert co.verify_nucleolus(g, pre.x, prenucleolus=True, structure=blocs)


# ---------------------------------------------------------------------------
# published values
# ---------------------------------------------------------------------------
def test_per_capita_published_young_1985():
    """Young (1985), Monotonic solutions of cooperative games, IJGT 14, p. 68:
    costs c(1)=15, c(2)=20, c(3)=55, c(12)=35, c(13)=61, c(23)=65, c(123)=78;
    the per-capita nucleolus of the savings game is (2/3, 7/6, 61/6) (as
    printed in CoopGame 0.2.2's perCapitaNucleolus help: 0.6666667 1.1666667
    10.1666667)."""
    c = {"1": 15, "2": 20, "3": 55, "1+2": 35, "1+3": 61, "2+3": 65, "1+2+3": 78}
    g = co.Game.from_dict(c, kind="cost")
    x = co.per_capita_nucleolus(g).x
    assert close(np.array([15, 20, 55]) - x, [2 / 3, 7 / 6, 61 / 6], 1e-9)
    assert co.verify_nucleolus(g, x, variant="per_capita")


def test_disruption_published_coopgame_r():
    """CoopGame 0.2.2 (R), help of disruptionNucleolus: the game
    c(0,0,0,0,2,3,4,1,3,2,8,11,6.5,9.5,14) (lexicographic order) has
    disruption nucleolus 3.193548 4.754839 2.129032 3.922581 (six decimals)."""
    lex = [0, 0, 0, 0, 2, 3, 4, 1, 3, 2, 8, 11, 6.5, 9.5, 14]
    g = co.Game(lex, order="lex")
    x = co.disruption_nucleolus(g).x
    assert np.max(np.abs(x - [3.193548, 4.754839, 2.129032, 3.922581])) < 1e-6
    assert co.verify_nucleolus(g, x, variant="disruption")
    # the propensities of the best pair are equal at the optimum, and higher elsewhere
    n, v = 4, g.worths
    assert close(O.disruption_nucleolus(v, n), x, 1e-7)


def test_anti_prenucleolus_published_funaki_meinhardt():
    """Funaki and Meinhardt (2006), Example 4.1 (as cited by coopgame-py's
    tests): the dual w of the bankruptcy game of E = 150, d = (60, 80, 120),
    w = (60, 80, 120, 140, 150, 150, 150) in lexicographic order, has
    anti-prenucleolus and anti-nucleolus (30, 40, 80), while its
    prenucleolus is different."""
    w = co.Game([60, 80, 120, 140, 150, 150, 150], order="lex")
    assert close(co.anti_prenucleolus(w).x, [30, 40, 80])
    assert close(co.anti_nucleolus(w).x, [30, 40, 80])
    assert not close(co.prenucleolus(w).x, [30, 40, 80], 1e-3)
    assert co.verify_nucleolus(w, [30, 40, 80], variant="anti", prenucleolus=True)
    assert not co.verify_nucleolus(w, co.prenucleolus(w).x, variant="anti", prenucleolus=True)


# ---------------------------------------------------------------------------
# Kohlberg-style certificates
# ---------------------------------------------------------------------------
def test_verify_tells_each_variant_from_the_others():
    v = np.array([0, 1, 3, 6, 5, 7, 8, 12], dtype=float)
    g = co.Game(v)
    answers = {
        "per_capita": co.per_capita_nucleolus(g).x,
        "proportional": co.proportional_nucleolus(g).x,
        None: co.nucleolus(g).x,
    }
    for variant, x in answers.items():
        for other, y in answers.items():
            assert bool(co.verify_nucleolus(g, y, variant=variant)) == (other == variant or close(x, y, 1e-9))
    chk = co.verify_nucleolus(g, answers[None], variant="per_capita")
    assert chk.rule == "per_capita_nucleolus" and "collection" in chk.message
    # a split outside the core is never the disruption nucleolus
    bad = co.verify_nucleolus(g, [0, 0, 12], variant="disruption")
    assert not bad and "core" in bad.message


# ---------------------------------------------------------------------------
# the peer: coopgame-py 0.3.0 (stored answers)
# ---------------------------------------------------------------------------
_RULES = {
    "per_capita_nucleolus": lambda g, s: co.per_capita_nucleolus(g),
    "proportional_nucleolus": lambda g, s: co.proportional_nucleolus(g),
    "disruption_nucleolus": lambda g, s: co.disruption_nucleolus(g),
    "anti_nucleolus": lambda g, s: co.anti_nucleolus(g),
    "anti_prenucleolus": lambda g, s: co.anti_prenucleolus(g),
    "structured_nucleolus": lambda g, s: co.nucleolus(g, structure=s),
    "structured_prenucleolus": lambda g, s: co.prenucleolus(g, structure=s),
}


@pytest.mark.parametrize("case", PEER["cases"], ids=lambda c: f"n{c['n']}-{c['kind']}")
def test_against_coopgame(case):
    """coopgame-py 0.3.0 and this library agree on every answer; where the
    peer refuses a game (empty imputation set, empty core, no
    anti-imputation, a bloc worth less than its members) this library
    refuses it too, with a CoalitionError."""
    g = co.Game(case["values"])
    structure = [[g.players[i] for i in b] for b in case["structure"]]
    for rule, peer in case["answers"].items():
        if peer is None:
            with pytest.raises(co.CoalitionError):
                _RULES[rule](g, structure)
            continue
        x = _RULES[rule](g, structure).x
        assert np.max(np.abs(x - np.array(peer))) <= 1e-6 * max(1.0, np.max(np.abs(peer))), rule


def test_peer_file_covers_every_rule():
    for rule in _RULES:
        assert sum(c["answers"][rule] is not None for c in PEER["cases"]) >= 4, rule


# ---------------------------------------------------------------------------
# names, and bad input
# ---------------------------------------------------------------------------
def test_known_to_compare_and_the_command_line():
    for name in ("per_capita_nucleolus", "proportional nucleolus", "disruption-nucleolus",
                 "anti_nucleolus", "anti-prenucleolus"):
        assert rule_label(name) in co._rules.RULES
    cmp = co.compare(co.Game([0, 1, 3, 6, 5, 7, 8, 12]), rules=["per_capita_nucleolus", "anti_nucleolus"])
    assert "anti-nucleolus" in " ".join(cmp.notes)


def test_bad_input():
    neg = co.Game([0, -1, 0, 1, 0, 1, 1, 2])
    with pytest.raises(co.InvalidGameError, match="`game`.*negative"):
        co.proportional_nucleolus(neg)
    only_grand = co.Game([0, 0, 0, 0, 0, 0, 0, 1])
    with pytest.raises(co.InvalidGameError, match="not unique"):
        co.proportional_nucleolus(only_grand)
    empty_core = co.Game([0, 0, 0, 80, 0, 80, 80, 90])
    with pytest.raises(co.EmptyCoreError, match="empty core"):
        co.disruption_nucleolus(empty_core)
    with pytest.raises(co.InfeasibleError, match="anti-imputation"):
        co.anti_nucleolus(co.Game([0, 0, 0, 0, 0, 0, 0, 6]))
    with pytest.raises(co.InfeasibleError, match="imputation"):
        co.per_capita_nucleolus(co.Game([0, 5, 5, 6]))
    g = co.Game([0, 1, 3, 6, 5, 7, 8, 12])
    for structure, what in ((["P1", "P2"], "no bloc"), ([["P1", "P2"], ["P2", "P3"]], "more than one"),
                            ([["P1", "X"], ["P2", "P3"]], "not players"), ("P1", "list of groups"),
                            ([], "empty"), ([["P1"], []], "empty")):
        with pytest.raises(co.InvalidParameterError, match="`structure`"):
            co.nucleolus(g, structure=structure)
    with pytest.raises(co.InfeasibleError, match="`structure`.*P1\\+P2"):
        co.nucleolus(co.Game([0, 3, 3, 5, 0, 3, 3, 9]), structure=[["P1", "P2"], ["P3"]])
    with pytest.raises(co.InvalidParameterError, match="`variant`"):
        co.verify_nucleolus(g, [2.5, 4, 5.5], variant="percapita")
    with pytest.raises(co.InvalidParameterError, match="`structure`"):
        co.verify_nucleolus(g, [2.5, 4, 5.5], variant="per_capita", structure=[["P1", "P2", "P3"]])
    with pytest.raises(co.InvalidParameterError, match="`prenucleolus`"):
        co.verify_nucleolus(g, [2.5, 4, 5.5], variant="disruption", prenucleolus=True)
    with pytest.raises(co.InvalidAllocationError, match="bloc P1\\+P2"):
        co.verify_nucleolus(g, [2.5, 4, 5.5], structure=[["P1", "P2"], ["P3"]])
    for rule in (co.per_capita_nucleolus, co.proportional_nucleolus, co.disruption_nucleolus,
                 co.anti_nucleolus, co.anti_prenucleolus):
        with pytest.raises(co.InvalidGameError, match="`game` must be a coalition.Game"):
            rule([0, 1, 2, 3])


def test_the_command_line_knows_them(capsys):
    from coalition.cli import main

    demo = Path(__file__).resolve().parents[1] / "examples" / "ev_alliance.toml"
    code = main(["solve", str(demo), "--rules", "per-capita nucleolus, anti-prenucleolus", "--format", "json"])
    out = capsys.readouterr().out
    assert code == 0
    data = json.loads(out)
    game = co.io.read_game(demo)
    assert [r["rule"] for r in data["rules"]] == ["per-capita nucleolus", "anti-prenucleolus"]
    np.testing.assert_allclose(data["rules"][0]["shares"], co.per_capita_nucleolus(game).x)
    np.testing.assert_allclose(data["rules"][1]["shares"], co.anti_prenucleolus(game).x)


def test_the_weighted_criterion_rejects_nearby_splits():
    """At 11 partners (constraint generation) the answers pass the weighted
    criterion and splits moved by 1e-3 of the scale do not."""
    rng = np.random.default_rng(5)
    n = 11
    v = sizes(n) * rng.uniform(0, 100, 1 << n)
    v[0] = 0.0
    v[1 << np.arange(n)] = 0.0
    v[-1] = 100.0 * n
    g = co.Game(v)
    for variant, rule in (("per_capita", co.per_capita_nucleolus), ("proportional", co.proportional_nucleolus),
                          ("disruption", co.disruption_nucleolus)):
        x = rule(g).x
        assert co.verify_nucleolus(g, x, variant=variant)
        for _ in range(3):
            y = rng.normal(size=n)
            y -= y.mean()
            assert not co.verify_nucleolus(g, x + 1e-3 * 100 * n * y / np.abs(y).max(), variant=variant)


@FEW
@given(st.integers(2, 7), st.integers(0, 2**31 - 1), st.integers(1, 20))
def test_weighted_scan_kernel_against_a_loop(n, seed, k):
    """top_weighted_excess: the k largest (v(S) - x(S)) / w(S) above a
    threshold, skipping dead coalitions, against a plain loop."""
    from coalition._kernels import excess as kx

    rng = np.random.default_rng(seed)
    v = rng.normal(size=1 << n)
    x = rng.normal(size=n)
    w = rng.uniform(0.1, 3.0, 1 << n)
    dead = (rng.uniform(size=1 << n) < 0.2).astype(np.uint8)
    threshold = float(rng.normal())
    want = []
    for s in range(1 << n):
        e = (v[s] - sum(x[i] for i in range(n) if s >> i & 1)) / w[s]
        if dead[s] == 0 and e > threshold:
            want.append((e, s))
    want = sorted(want, reverse=True)[:k]
    masks, vals = kx.top_weighted_excess(v, w, x, threshold, k, dead.copy(), np.empty((n, 0)), 0.0)
    np.testing.assert_allclose(vals, [e for e, _ in want], rtol=1e-12, atol=1e-12)
    assert set(masks.tolist()) == {s for _, s in want} or np.allclose(sorted(vals), sorted(e for e, _ in want))
