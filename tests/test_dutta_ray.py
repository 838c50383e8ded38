"""The Dutta-Ray egalitarian solution against a set-based oracle and CEA."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coalition as co
from coalition.errors import InvalidGameError


def oracle(game):
    """Dutta and Ray's (1989) procedure on frozensets of player positions:
    the largest coalition of the highest average gain over what is settled
    takes that average, until everyone is settled."""
    n = game.n

    def v(coalition):
        return game.worths[sum(1 << i for i in coalition)]

    settled, x = frozenset(), {}
    while len(settled) < n:
        rest = [i for i in range(n) if i not in settled]
        best, best_set = None, None
        for k in range(1, len(rest) + 1):
            for s in itertools.combinations(rest, k):
                avg = (v(settled | set(s)) - v(settled)) / k
                if best is None or avg > best + 1e-9 or (abs(avg - best) <= 1e-9 and k > len(best_set)):
                    best, best_set = avg, s
        for i in best_set:
            x[i] = best
        settled = settled | set(best_set)
    return np.array([x[i] for i in range(n)])


@st.composite
def convex_games(draw):
    """Convex games: sums of non-negative multiples of unanimity games plus
    an additive part (non-negative dividends make a game convex)."""
    n = draw(st.integers(1, 6))
    additive = np.array(draw(st.lists(st.integers(-5, 5), min_size=n, max_size=n)), dtype=float)
    table = np.zeros(1 << n)
    for m in range(1, 1 << n):
        table[m] = sum(additive[i] for i in range(n) if m >> i & 1)
    for _ in range(draw(st.integers(0, 5))):
        carrier = draw(st.integers(1, (1 << n) - 1))
        weight = draw(st.integers(0, 6))
        table[[m for m in range(1 << n) if m & carrier == carrier]] += weight
    return co.Game(table)


@given(convex_games())
def test_matches_the_procedure_and_lies_in_the_core(g):
    x = co.dutta_ray(g).x
    np.testing.assert_allclose(x, oracle(g), atol=1e-9)
    assert abs(x.sum() - g.grand_value) <= 1e-9 * max(1.0, abs(g.grand_value))
    assert co.in_core(g, x)


@given(st.lists(st.integers(0, 50), min_size=1, max_size=7), st.integers(0, 100))
def test_is_cea_on_bankruptcy_games(claims, percent):
    """Dutta and Ray (1989), section 4: on a bankruptcy game (convex) the
    egalitarian solution is the constrained equal awards rule."""
    total = sum(claims)
    estate = total * percent / 100
    g = co.families.bankruptcy(estate, claims)
    np.testing.assert_allclose(co.dutta_ray(g).x, co.cea(estate, claims).x, atol=1e-9)


def test_two_examples_by_hand():
    # v(AB) = 6 and v(ABC) = 9 both average 3: the largest, ABC, shares equally
    g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 6, "A+C": 2, "B+C": 2, "A+B+C": 9})
    assert co.dutta_ray(g).as_dict() == {"A": 3.0, "B": 3.0, "C": 3.0}
    # v(AB) = 8 averages 4 > 10/3: A and B take 4 each, C what it adds, 2
    g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 8, "A+C": 2, "B+C": 2, "A+B+C": 10})
    assert co.dutta_ray(g).as_dict() == {"A": 4.0, "B": 4.0, "C": 2.0}


def test_cost_games_share_the_savings_egalitarianly():
    costs = co.Game.from_dict({"A": 4, "B": 4, "A+B": 6}, kind="cost")
    # savings 2, shared equally: each pays 4 - 1 = 3
    assert co.dutta_ray(costs).as_dict() == {"A": 3.0, "B": 3.0}


def test_non_convex_games_and_non_games_are_refused():
    majority = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 1, "A+C": 1, "B+C": 1, "A+B+C": 1})
    with pytest.raises(InvalidGameError, match="not convex"):
        co.dutta_ray(majority)
    with pytest.raises(InvalidGameError, match="`game`"):
        co.dutta_ray([1, 2, 3])
