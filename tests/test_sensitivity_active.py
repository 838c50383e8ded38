"""Exact local coefficients of the nucleolus, the prenucleolus and the least
core's epsilon from the coalitions that settle them, checked against central
finite differences of the rules solved from scratch."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coalition as co
from coalition.errors import CoalitionError

from .conftest import dense_tables


def random_game(rng, n, kind):
    v = np.concatenate([[0.0], rng.uniform(0, 10, (1 << n) - 1)])
    if kind == "profit":
        v[-1] += 5 * n  # room for imputations
    else:
        v[1 << np.arange(n)] += 5  # standalone costs that leave savings
    return co.Game(v, kind=kind)


def central(rule, game, m, delta):
    """Central difference of the shares (and of the first level when the
    rule returns one) in the worth of coalition `m`, by solving from scratch."""
    out = []
    for step in (delta, -delta):
        w = np.array(game.values, dtype=float)
        w[m] += step
        r = rule(co.Game(w, game.players, kind=game.kind))
        out.append(np.asarray(r.x, dtype=float))
    return (out[0] - out[1]) / (2 * delta)


@pytest.mark.parametrize("name, rule", [("nucleolus", co.nucleolus), ("prenucleolus", co.prenucleolus)])
@pytest.mark.parametrize("kind", ["profit", "cost"])
def test_active_set_coefficients_equal_central_differences(name, rule, kind):
    """On random games with continuous worths the coalitions that settle the
    rule stay the same under a small change: there the coefficients must be
    the derivative of the rule solved from scratch, in every column."""
    rng = np.random.default_rng(18)
    compared = 0
    for _ in range(8):
        n = int(rng.integers(2, 6))
        g = random_game(rng, n, kind)
        try:
            s = co.sensitivity(g, name)
        except CoalitionError:  # no imputation: the nucleolus is not defined
            continue
        assert s.method == "active set" and s.matrix.shape == (n, (1 << n) - 1)
        for m in range(1, 1 << n):
            if s.kinks[:, m - 1].any():
                continue
            np.testing.assert_allclose(s.matrix[:, m - 1], central(rule, g, m, 1e-5), atol=1e-6)
            compared += 1
    assert compared > 50  # most columns are checked, not skipped


def test_least_core_epsilon_row_equals_central_differences():
    rng = np.random.default_rng(7)
    for _ in range(8):
        n = int(rng.integers(2, 6))
        g = random_game(rng, n, "profit")
        s = co.sensitivity(g, "least core")
        assert s.rule == "least core"
        np.testing.assert_allclose(s.matrix, co.sensitivity(g, "prenucleolus").matrix)
        assert s.levels[0] == pytest.approx(co.least_core(g).epsilon, abs=1e-7)
        for m in range(1, 1 << n):
            if s.kinks[:, m - 1].any():
                continue
            eps = []
            for step in (1e-5, -1e-5):
                w = np.array(g.values)
                w[m] += step
                eps.append(co.least_core(co.Game(w, g.players)).epsilon)
            assert s.level_matrix[0, m - 1] == pytest.approx((eps[0] - eps[1]) / 2e-5, abs=1e-6)


def test_three_pairs_by_hand():
    """At the prenucleolus of a game whose pairs are tight, e = (v(AB) + v(AC)
    + v(BC) - 2 v(N)) / 3 and x_A = e + v(N) - v(BC): the coefficients are
    1/3 and -2/3, and the epsilon moves by 1/3 per pair and -2/3 per v(N)."""
    g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 40, "A+C": 50, "B+C": 60, "A+B+C": 100})
    s = co.sensitivity(g, "prenucleolus")
    assert s["A"]["B+C"] == pytest.approx(-2 / 3) and s["A"]["A+B"] == pytest.approx(1 / 3)
    assert s["A"]["A"] == 0.0  # not tight: no effect near the game
    row = dict(zip(s.coalitions, s.level_matrix[0]))
    assert row["A+B"] == pytest.approx(1 / 3) and row["A+B+C"] == pytest.approx(-2 / 3)
    assert s.levels[0] == pytest.approx((40 + 50 + 60 - 200) / 3)
    assert not s.kinks.any() and "valid locally" in s.notes[0]


def test_degenerate_ties_are_flagged_and_hold_finite_differences():
    """Pairs and singletons tie at zero worth: the coalitions that settle the
    nucleolus are degenerate, so their columns and v(N)'s are flagged and
    hold the rule's central differences."""
    g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 12, "A+C": 0, "B+C": 0, "A+B+C": 10})
    s = co.sensitivity(g, "nucleolus")
    assert "degenerate" in s.notes[-1]
    flagged = s.kinks.any(axis=0)
    assert flagged[-1] and flagged.sum() >= 4
    for m in range(1, 8):
        if flagged[m - 1]:
            np.testing.assert_allclose(s.matrix[:, m - 1], central(co.nucleolus, g, m, 1e-6), atol=1e-6)
    # C sits at its floor (v(A+B) > v(N)): C's share is v(C) locally, the rest split v(N) - v(C)
    assert s["C"]["C"] == pytest.approx(1.0) and s["A"]["A+B+C"] == pytest.approx(0.5)


def test_beyond_the_matrix_the_top_coalitions_are_exact():
    """14 partners: no matrix, no limit of 10 partners; the largest effects of
    a partner are checked against the rule solved from scratch."""
    rng = np.random.default_rng(3)
    n = 14
    v = np.concatenate([[0.0], rng.uniform(0, 10, (1 << n) - 1)])
    v[-1] += 100
    g = co.Game(v)
    s = co.sensitivity(g, "nucleolus", top=3)
    assert s.matrix is None and s.method == "active set" and len(s.levels) >= 1
    for name, coef, worth, effect in s.top["P1"]:
        m = sum(1 << g.players.index(p) for p in name.split("+"))
        assert worth == v[m] and effect == pytest.approx(abs(coef * worth))
        assert coef == pytest.approx(central(co.nucleolus, g, m, 1e-5)[0], abs=1e-5)


@settings(max_examples=25, deadline=None)
@given(dense_tables(min_n=1, max_n=4, integer=True), st.sampled_from(["profit", "cost"]))
def test_prenucleolus_coefficients_on_tied_integer_games(nv, kind):
    """Integer worths tie often, so the active set is often degenerate: every
    column not flagged must still be the derivative of the rule solved from
    scratch, and a flagged one holds the central difference."""
    n, v = nv
    g = co.Game(v, kind=kind)
    s = co.sensitivity(g, "prenucleolus")
    scale = 1.0 + float(np.max(np.abs(v)))
    for m in range(1, 1 << n):
        fd = central(co.prenucleolus, g, m, 1e-6 * scale)
        if not s.kinks[:, m - 1].any():
            np.testing.assert_allclose(s.matrix[:, m - 1], fd, atol=1e-5)
    assert np.allclose(s.matrix.sum(axis=0)[-1], 1.0)  # v(N) is shared out in full


def test_against_the_peers_influence():
    # coopgame-py 0.3.0's `influence` (central differences of the nucleolus,
    # stored by benchmarks/peer_sensitivity.py) on 12 seeded games of 3 to 6
    # players: where our coefficient is not flagged as a kink (one-sided),
    # both agree; at a kink the peer's two-sided difference is the average
    # of the two sides, which is why those columns are left out
    import json
    from pathlib import Path

    data = json.loads((Path(__file__).resolve().parent / "data" / "peer_sensitivity.json").read_text())
    compared = 0
    for case in data["games"]:
        s = co.sensitivity(co.Game(np.array(case["worths"])), "nucleolus")
        for mask, sens in case["influence"]:
            if not s.kinks[:, mask - 1].any():
                np.testing.assert_allclose(s.matrix[:, mask - 1], sens, atol=1e-7)
                compared += 1
    assert compared > 200
