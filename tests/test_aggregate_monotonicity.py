"""Aggregate monotonicity: when only the grand coalition's worth rises, does
any partner's share fall? (Megiddo 1974.)

The linear rules whose share carries v(N) with a positive coefficient never
lower a share (hypothesis). For the nucleolus, the prenucleolus, the Gately
point and the modiclus a game is kept here on which a rise of v(N) lowers a
share: a counterexample is a proof, so the "Which rule" page can say "no".
The nucleolus one is a convex game, as Hokari (2000) showed must exist.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import coalition as co

LINEAR = [co.shapley, co.banzhaf, co.equal_surplus, co.ensc, co.equal_split, co.solidarity_value,
          co.least_square_prenucleolus]


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 5).flatmap(lambda n: st.lists(st.integers(-5, 20), min_size=2**n - 1, max_size=2**n - 1)),
       st.floats(0.01, 10))
def test_linear_rules_never_lower_a_share_when_only_vn_rises(worths, delta):
    table = np.array([0.0, *worths], dtype=float)
    higher = table.copy()
    higher[-1] += delta
    for rule in LINEAR:
        a, b = rule(co.Game(table)).x, rule(co.Game(higher)).x
        assert np.all(b >= a - 1e-9), rule.__name__


def _falls(rule, table, delta) -> bool:
    higher = np.array(table, dtype=float)
    higher[-1] += delta
    a, b = rule(co.Game(np.array(table, dtype=float))).x, rule(co.Game(higher)).x
    return bool(np.any(b < a - 1e-6))


def test_nucleolus_of_a_convex_game_is_not_aggregate_monotonic():
    # four players, convex (nonnegative dividends); v(N) up by 0.34: P1 gains,
    # P2 loses 0.02 (0.7630 -> 0.7405)
    table = [0.0, 0.0, 0.0, 0.5955548548409993, 0.0, 0.0, 0.5923628693439936, 1.3949463767529826, 0.0,
             0.014059085148911854, 0.0, 0.6096139399899112, 0.0, 0.014059085148911854, 1.522270393007672,
             2.5784219410378344]
    assert co.Game(table).is_convex
    assert _falls(co.nucleolus, table, 0.3422585208699322)


def test_prenucleolus_modiclus_and_gately_are_not_aggregate_monotonic():
    t1 = [0, 10, 7, 7, 7, 4, 1, 7, 5, 3, 5, 9, 9, 4, 6, 3]
    assert _falls(co.prenucleolus, t1, 1.8234700875791208)
    assert _falls(co.modiclus, t1, 1.8234700875791208)
    t2 = [0, 0, 8, 5, 9, 1, 8, 1, 3, 4, 10, 6, 3, 2, 9, 2]
    assert _falls(co.gately, t2, 0.4612086469223221)


def test_rules_that_can_leave_the_core_of_a_convex_game():
    """Convex games (nonnegative dividends) on which a rule's split is blocked:
    the counterexamples behind the 'no' entries of the "Which rule" page."""
    cis_ensc = co.Game([0, 0, 0, 10, 0, 0, 0, 10])  # v(12) = v(N) = 10: CIS gives 10/3 each, 20/3 < 10
    solidarity = co.Game([0, 0, 0, 2, 1, 1, 1, 3])  # P1 + P2 get 1.944 < v(12) = 2
    lsp = co.Game([0, 0, 0, 2, 2, 2, 2, 6, 1, 1, 1, 3, 3, 3, 3, 7])
    for game, rule in ((cis_ensc, co.cis), (cis_ensc, co.ensc), (solidarity, co.solidarity_value),
                       (lsp, co.least_square_prenucleolus)):
        assert game.is_convex
        assert not co.in_core(game, rule(game).x), rule.__name__
