"""Hostile input to every public entry point of coalition.bargaining.

Each entry point is called with one argument replaced by a value that is
not what it expects (None, NaN, infinities, bools, complex numbers,
strings, empty or ragged containers, integers too large for a float, and
containers holding such values). The only acceptable outcomes are a result
or a :class:`coalition.CoalitionError` whose message names an argument in
backticks or says what went wrong; never a raw exception from numpy, scipy
or Python.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coalition as co

SCALARS = [None, math.nan, math.inf, -math.inf, True, False, 1 + 2j, np.complex128(1.0), "1", "abc", b"1",
           10**400, -(10**400), 0, -1, 1e308, -1e308, 5e-324, np.nan, object()]
CONTAINERS = [[], [[]], (), {}, [None, 1.0], [1.0, None], [1 + 0j, 2.0], [True, False], [10**400, 1.0],
              [1.0, "2"], [[1.0, 2.0], [3.0]], [math.nan, 1.0], [math.inf, 1.0], np.array([1 + 1j, 2.0]),
              np.array([True, False]), np.zeros((0, 2)), [[1.0, 2.0], [10**400, 0.0]], [[1 + 1j, 0], [0, 1]],
              [[True, 0.0], [0.0, 1.0]], [["a", 1.0], [0.0, 1.0]], {"P1": None, "P2": 1.0},
              {"P1": 10**400, "P2": 1.0}, {"P9": 1.0}, [1e308, 1e308], [-1e308, 1e308],
              [[1e308, -1e308], [-1e308, 1e308]]]
BAD = st.sampled_from(SCALARS + CONTAINERS)

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

POINTS = [[4.0, 0.0], [3.0, 2.0], [0.0, 3.0]]
A = [[1.0, 1.0], [1.0, 0.0]]
B = [10.0, 4.0]
GAME = co.Game.from_dict({"P1": 1.0, "P2": 2.0, "P1+P2": 10.0})


def frontier(u1):
    return np.sqrt(1 - u1)


def _bad_frontier(value):
    return lambda u1: value


CALLS = {
    "from_points.points": lambda v: co.FeasibleSet.from_points(v),
    "from_points.players": lambda v: co.FeasibleSet.from_points(POINTS, players=v),
    "from_constraints.A": lambda v: co.FeasibleSet.from_constraints(v, B),
    "from_constraints.b": lambda v: co.FeasibleSet.from_constraints(A, v),
    "from_frontier.frontier": lambda v: co.FeasibleSet.from_frontier(v),
    "from_frontier.n": lambda v: co.FeasibleSet.from_frontier(frontier, n=v),
    "from_frontier.players": lambda v: co.FeasibleSet.from_frontier(frontier, players=v),
    "frontier returns it": lambda v: co.nash_bargaining(co.FeasibleSet.from_frontier(_bad_frontier(v))),
    "contains.u": lambda v: co.FeasibleSet.from_points(POINTS).contains(v),
    "contains.tol": lambda v: co.FeasibleSet.from_points(POINTS).contains([1.0, 1.0], tol=v),
    "contains.u (constraints)": lambda v: co.FeasibleSet.from_constraints(A, B).contains(v),
    "contains.u (frontier)": lambda v: co.FeasibleSet.from_frontier(frontier).contains(v),
    "nash.problem": lambda v: co.nash_bargaining(v),
    "nash.disagreement (points)": lambda v: co.nash_bargaining(POINTS, disagreement=v),
    "nash.disagreement (game)": lambda v: co.nash_bargaining(GAME, disagreement=v),
    "nash.disagreement (constraints)": lambda v: co.nash_bargaining((A, B), disagreement=v),
    "nash.disagreement (frontier)": lambda v: co.nash_bargaining(frontier, disagreement=v),
    "nash.power": lambda v: co.nash_bargaining(POINTS, power=v),
    "nash.power (game)": lambda v: co.nash_bargaining(GAME, power=v),
    "ks.problem": lambda v: co.kalai_smorodinsky(v),
    "ks.disagreement": lambda v: co.kalai_smorodinsky(POINTS, disagreement=v),
    "ks.disagreement (game)": lambda v: co.kalai_smorodinsky(GAME, disagreement=v),
    "egalitarian.problem": lambda v: co.egalitarian(v),
    "egalitarian.disagreement": lambda v: co.egalitarian((A, B), disagreement=v),
    "egalitarian.weights": lambda v: co.egalitarian(POINTS, weights=v),
    "egalitarian.weights (game)": lambda v: co.egalitarian(GAME, weights=v),
    "rubinstein.discount": lambda v: co.rubinstein(v),
    "rubinstein.rates": lambda v: co.rubinstein(rates=v, step=0.1),
    "rubinstein.step": lambda v: co.rubinstein(rates=(1.0, 2.0), step=v),
    "rubinstein.pie": lambda v: co.rubinstein(0.9, pie=v),
    "rubinstein.first": lambda v: co.rubinstein(0.9, first=v),
    "rubinstein.outside_options": lambda v: co.rubinstein(0.9, outside_options=v),
    "rubinstein.players": lambda v: co.rubinstein(0.9, players=v),
}


def _check(call, value):
    try:
        result = call(value)
    except co.CoalitionError as exc:
        message = str(exc)
        assert message and "Traceback" not in message
        return
    # a result: its numbers must be finite where it has any
    x = getattr(result, "x", None)
    if x is not None:
        assert np.all(np.isfinite(x)), x


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(CALLS)), BAD)
def test_hostile_values_give_a_result_or_a_library_error(entry, value):
    _check(CALLS[entry], value)


@pytest.mark.parametrize("entry", sorted(CALLS))
def test_every_entry_point_with_every_hostile_value(entry):
    """The full cross product, so that no combination depends on hypothesis's
    draw (a few milliseconds each)."""
    for value in SCALARS + CONTAINERS:
        _check(CALLS[entry], value)


@pytest.mark.parametrize(
    "call,arg",
    [
        (lambda: co.FeasibleSet.from_points([[1 + 2j, 0.0], [0.0, 1.0]]), "points"),
        (lambda: co.FeasibleSet.from_points(np.array([[1 + 2j, 0.0], [0.0, 1.0]])), "points"),
        (lambda: co.FeasibleSet.from_points([[10**400, 0.0], [0.0, 1.0]]), "points"),
        (lambda: co.FeasibleSet.from_points([[True, 0.0], [0.0, 1.0]]), "points"),
        (lambda: co.FeasibleSet.from_constraints(A, [10**400, 1.0]), "b"),
        (lambda: co.FeasibleSet.from_frontier(frontier, n=10**400), "n"),
        (lambda: co.nash_bargaining(POINTS, disagreement=[1j, 0.0]), "disagreement"),
        (lambda: co.nash_bargaining(POINTS, power=[True, 1.0]), "power"),
        (lambda: co.FeasibleSet.from_points(POINTS).contains([1.0, 1.0], tol=None), "tol"),
        (lambda: co.rubinstein(0.9, pie=10**400), "pie"),
        (lambda: co.rubinstein(True), "discount"),
        (lambda: co.rubinstein(rates=(1.0, 2.0), step="1"), "step"),
        (lambda: co.rubinstein(0.9, outside_options=[10**400, 0.0]), "outside_options"),
        (lambda: co.nash_bargaining([[1e308, -1e308], [-1e308, 1e308]], disagreement=[-1e308, -1e308]),
         "points` and `disagreement"),
    ],
)
def test_messages_name_the_argument(call, arg):
    """Regression: complex entries were truncated or raised numpy's
    TypeError, huge integers raised OverflowError, bools counted as 0 and 1,
    a `tol` of None raised TypeError."""
    # the argument in backticks, or the entry at fault as `points[0, 1]`
    with pytest.raises(co.CoalitionError, match=re.escape(f"`{arg}") + r"(\[[0-9, ]+\])?`"):
        call()


def test_frontier_returning_complex_is_refused():
    with pytest.raises(co.InvalidParameterError, match="the frontier returned"):
        co.nash_bargaining(lambda u1: 1.0 + 0.5j)
