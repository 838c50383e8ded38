"""Hostile input to every constructor of a game and its families.

Each entry point is driven with None, NaN, infinities, booleans, complex
numbers, strings where numbers go, empty inputs, duplicate names and huge
integers, in each of its arguments. The only acceptable outcomes are a game
that answers (worths, Shapley value) or a CoalitionError whose message names
the argument in backticks; a value that is not a usable number must never be
accepted (converted silently, truncated, or left to fail later deep inside).
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coalition as co
from coalition import families as fam

# Never a number a worth, weight or quota may be.
BAD = [
    None, math.nan, math.inf, -math.inf, True, False, np.True_, 1 + 2j, np.complex128(2), "3", "abc", b"1",
    [], (), {}, 10**400, -(10**400), Decimal("NaN"), Decimal("-Infinity"), object(), np.float64("nan"),
    [1.0, 2.0], np.array([1.0]), np.array([1.0, 2.0]), np.array(5 + 0j),
]
# Numbers of every type: accepted, or refused for their value (sign, range).
NUMBERS = [
    0, 1, -1, 2.5, 1e-300, -0.0, 2**63, 1e200, Fraction(1, 3), Decimal("0.1"), np.float32(2.5), np.int64(3),
    np.uint8(7),
]
HOSTILE = st.sampled_from([*BAD, *NUMBERS])


def _is_bad(value):
    return any(value is b for b in BAD)


def _bad_name(value):
    return (
        value is None
        or isinstance(value, (bool, np.bool_, complex, np.complexfloating, bytes, list, dict, set, np.ndarray))
        or (isinstance(value, str) and not value.strip())
    )


def _vector_like(value):
    """A non-empty one-dimensional list or array (of anything)."""
    return isinstance(value, (list, np.ndarray)) and np.ndim(value) == 1 and len(value) > 0


def _count_like(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool) and 1 <= value <= 10**6


def _hashable(value):
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _use(game):
    """What a user does next with a game: it answers, or refuses clearly."""
    assert isinstance(game, co.Game)
    try:
        total = game.value(game.players)
        assert math.isfinite(total)
        if game.n <= 6:
            assert np.all(np.isfinite(game.values))
            x = co.shapley(game).x
            assert np.all(np.isfinite(x))
    except co.CoalitionError as exc:
        _check_message(exc)


def _check_message(exc):
    text = str(exc)
    assert "`" in text, f"message names no argument: {text}"
    assert len(text) < 600, f"message too long ({len(text)} characters)"


def _drive(call, must_reject):
    """Run `call`: a CoalitionError or a usable game, nothing else."""
    try:
        out = call()
    except co.CoalitionError as exc:
        _check_message(exc)
        return
    except Exception as exc:  # noqa: BLE001 - the point of the test
        pytest.fail(f"raw {type(exc).__name__}: {exc}")
    assert not must_reject, f"accepted, giving {out!r}"
    _use(out)


def _with(seq, k, value):
    out = list(seq)
    out[k % len(out)] = value
    return out


# ---------------------------------------------------------------------------
@given(HOSTILE, st.integers(0, 3), st.sampled_from(["entry", "whole", "name", "order", "kind"]))
def test_game_constructor(value, k, slot):
    table = [0.0, 1.0, 2.0, 6.0]
    if slot == "entry":
        must = _is_bad(value) or (k == 0 and value != 0)
        _drive(lambda: co.Game(_with(table, k, value)), must)
    elif slot == "whole":
        _drive(lambda: co.Game(value), True)  # no hostile value is a table with v(empty) = 0
    elif slot == "name":
        _drive(lambda: co.Game(table, players=_with(["A", "B"], k, value)), _bad_name(value))
        _drive(lambda: co.Game(table, players=["A", "A"]), True)
    else:
        _drive(lambda: co.Game(table, **{slot: value}), True)


@given(HOSTILE, st.sampled_from(["worth", "key", "key in tuple", "fill", "kind", "players"]))
def test_from_dict(value, slot):
    base = {"A": 1, "B": 2, "A+B": 4}
    if slot == "worth":
        _drive(lambda: co.Game.from_dict({**base, "B": value}), _is_bad(value))
    elif slot == "key":
        if _hashable(value):
            must = value is None or isinstance(value, (bool, np.bool_, complex, np.complexfloating, bytes))
            _drive(lambda: co.Game.from_dict({"A": 1, value: 2}, fill="additive"), must)
    elif slot == "key in tuple":
        if _hashable(value):
            _drive(lambda: co.Game.from_dict({"A": 1, ("A", value): 2}, fill="additive"), _bad_name(value))
    elif slot == "players":
        _drive(lambda: co.Game.from_dict(base, players=["A", value]), True)  # value is never "B"
    else:
        _drive(lambda: co.Game.from_dict(base, **{slot: value}), value is not None or slot == "kind")
    _drive(lambda: co.Game.from_dict({}), True)
    _drive(lambda: co.Game.from_dict({"A": 1, "A+A": 2}, fill="additive"), True)


@given(HOSTILE, st.booleans())
def test_from_function_returning_hostile_values(value, vectorized):
    if vectorized:
        def func(members):
            out = [float(len(members))] * members.shape[0]
            out[-1] = value
            return out
    else:
        def func(coalition):
            return value if len(coalition) == 3 else float(len(coalition))
    must = _is_bad(value) and not isinstance(value, (bool, np.bool_))  # a win/lose test may answer True/False
    def build():
        g = co.Game.from_function(func, ["A", "B", "C"], vectorized=vectorized)
        g.values  # worths are asked for only now
        return g

    _drive(build, must)


@given(HOSTILE)
def test_from_function_arguments(value):
    _drive(lambda: co.Game.from_function(value, ["A", "B"]), True)
    _drive(lambda: co.Game.from_function(len, value), not _vector_like(value))
    _drive(lambda: co.Game.from_function(len, ["A", "B"], vectorized=value),
           not isinstance(value, (bool, np.bool_)))
    _drive(lambda: co.Game.from_function(len, ["A", "B"], kind=value), True)


@given(HOSTILE, st.integers(0, 3), st.sampled_from(["weight", "weights", "quota", "name"]))
def test_weighted_voting(value, k, slot):
    if slot == "weight":
        _drive(lambda: fam.weighted_voting(_with([3, 2, 1, 1], k, value), 4), _is_bad(value))
    elif slot == "weights":
        _drive(lambda: fam.weighted_voting(value, 1), not _vector_like(value))
    elif slot == "quota":
        _drive(lambda: fam.weighted_voting([3, 2, 1, 1], value), _is_bad(value))
        _drive(lambda: fam.weighted_voting([3, 2, 1, 1], 4).replace(quota=value), _is_bad(value))
    else:
        _drive(lambda: fam.weighted_voting([1, 2], 2, players=["A", value]), _bad_name(value))
        _drive(lambda: fam.weighted_voting([1, 2], 2, players=["A", "A"]), True)


@given(HOSTILE, st.integers(0, 3), st.sampled_from(["cost", "costs", "estate", "claim"]))
def test_airport_and_bankruptcy(value, k, slot):
    if slot == "cost":
        _drive(lambda: fam.airport(_with([8, 11, 13, 18], k, value)), _is_bad(value))
    elif slot == "costs":
        _drive(lambda: fam.airport(value), not _vector_like(value))
    elif slot == "estate":
        _drive(lambda: fam.bankruptcy(value, [100, 200, 300]), _is_bad(value))
    else:
        _drive(lambda: fam.bankruptcy(100, _with([100, 200, 300], k, value)), _is_bad(value))


@given(HOSTILE, st.sampled_from(["left", "right"]))
def test_glove(value, side):
    accept = _count_like(value) or _vector_like(value)
    _drive(lambda: fam.glove(**{side: value, ("right" if side == "left" else "left"): 2}), not accept)


@given(HOSTILE, st.sampled_from(["players", "coalition"]))
def test_unanimity(value, slot):
    if slot == "players":
        _drive(lambda: fam.unanimity(value, ["P1"]), not _count_like(value))  # names never hold P1
    else:
        _drive(lambda: fam.unanimity(["A", "B"], value), True)  # no hostile value names A or B
        _drive(lambda: fam.unanimity(["A", "B"], ["A", value]), True)


@given(HOSTILE, st.integers(0, 3), st.sampled_from(["standalone", "dict synergy", "matrix synergy", "synergies"]))
def test_additive_with_synergies(value, k, slot):
    if slot == "standalone":
        _drive(lambda: fam.additive_with_synergies(_with([1, 2, 3], k, value)), _is_bad(value))
        _drive(lambda: fam.additive_with_synergies({"A": 1, "B": value}), _is_bad(value))
    elif slot == "dict synergy":
        _drive(lambda: fam.additive_with_synergies([1, 2], {"P1+P2": value}), _is_bad(value))
    elif slot == "matrix synergy":
        _drive(lambda: fam.additive_with_synergies([1, 2], [[0, value], [value, 0]]), _is_bad(value))
    else:  # None and {} are "no synergies"; no hostile value is a 2 x 2 matrix
        _drive(lambda: fam.additive_with_synergies([1, 2], value), not (value is None or isinstance(value, dict)))


@given(HOSTILE)
def test_game_methods(value):
    g = co.Game([0, 1, 2, 6, 3, 5, 7, 12], players=["A", "B", "C"])
    for method in (g.value, g.mask, g.members):
        try:
            method(value)
        except co.CoalitionError as exc:
            _check_message(exc)
        else:
            mask = isinstance(value, (int, np.integer)) and not isinstance(value, bool) and 0 <= value < 8
            assert mask or (isinstance(value, (list, tuple, dict)) and len(value) == 0), f"accepted {value!r}"
    _drive(lambda: g.subgame(value), True)
    _drive(lambda: g.subgame(["A", value]), True)
    _drive(lambda: g.replace(values=value), True)
    _drive(lambda: g.replace(players=value), value is not None)  # None: the default names


# ---------------------------------------------------------------------------
# the cases of the report, each with the message a user reads
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: co.Game.from_dict({"A": 10**400, "B": 1, "A+B": 3}), r"`mapping\['A'\]` is an integer of 401 digits, too large"),
        (lambda: fam.weighted_voting([1, 2], 10**400), r"`quota` is an integer of 401 digits, too large"),
        (lambda: fam.weighted_voting([1, 10**400], 2), r"`weights\[1\]` is an integer of 401 digits"),
        (lambda: co.Game([0, 1, 10**400, 3]), r"`values\[2\]` is an integer of 401 digits"),
        (lambda: fam.unanimity(["A", "B"], None), r"`coalition` must be player names .* got None"),
        (lambda: fam.unanimity(["A", "B"], 1), r"`coalition` must be player names"),
        (lambda: fam.weighted_voting([1, 2 + 1j], 2), r"`weights\[1\]` must be a number, got \(2\+1j\) \(a complex number\)"),
        (lambda: fam.weighted_voting(np.array([1, 2 + 1j]), 2), r"`weights\[1\]` must be a number, got \(2\+1j\) \(a complex number\)"),
        (lambda: co.Game([0, 1, 2, 3 + 0j]), r"`values\[3\]` must be a number, got \(3\+0j\) \(a complex number\)"),
        (lambda: fam.weighted_voting([1, "2"], 2), r"`weights\[1\]` must be a number, got '2' \(a string\)"),
        (lambda: fam.weighted_voting([1, True], 1), r"`weights\[1\]` must be a number, got the boolean True"),
        (lambda: fam.bankruptcy(True, [1, 2]), r"`estate` must be a number, got the boolean True"),
        (lambda: fam.weighted_voting([1, 2], "2"), r"`quota` must be a number, got '2'"),
        (lambda: co.Game([0, 1, None, 3]), r"`values\[2\]` must be a number, got None"),
        (lambda: co.Game(None), r"`values` must be a one-dimensional array of numbers, got None"),
        (lambda: co.Game.from_dict({"A": 1, "B": "2", "A+B": 3}), r"`mapping\['B'\]` must be a number, got '2'"),
        (lambda: co.Game.from_dict({None: 1}), r"`mapping` key None is not a coalition"),
        (lambda: co.Game.from_dict({"A": 1, "A+A": 2}), r"`mapping` key 'A\+A' names 'A' twice"),
        (lambda: co.Game([0, 1], players=[None]), r"`players` has None at position 0"),
        (lambda: fam.glove(10**400, 1), r"`left` must be a count from 1 to 1,000,000"),
        (lambda: fam.glove(2.0, 1), r"`left` must be a count \(an integer\)"),
        (lambda: fam.unanimity(None, "A"), r"`players` must be a sequence of names, got None"),
        (lambda: fam.additive_with_synergies([1, 2], [[0, "x"], ["x", 0]]), r"`synergies\[0, 1\]` must be a number, got 'x' \(a string\)"),
        (lambda: fam.additive_with_synergies([1, 2], 5), r"`synergies` must be a dict of pairs or an n x n matrix"),
        (lambda: co.Game.from_function(lambda s: 10**400, ["A"]).value("A"), r"`func` returned an integer of 401 digits for coalition A"),
        (lambda: co.Game.from_function(lambda s: 1 + 1j, ["A"]).value("A"), r"`func` returned \(1\+1j\) for coalition A; expected a number"),
    ],
)
def test_reported_inputs_get_a_clear_error(call, match):
    with pytest.raises(co.CoalitionError, match=match):
        call()


def test_exact_numbers_of_every_type_are_accepted():
    g = co.Game([0, Fraction(1, 2), Decimal("0.25"), np.float32(1.5)])
    np.testing.assert_array_equal(g.values, [0, 0.5, 0.25, 1.5])
    assert co.Game.from_dict({"A": np.int64(2), "B": Decimal("1.5"), "A+B": Fraction(7, 2)}).value("A+B") == 3.5
    assert fam.bankruptcy(Decimal("150"), [Fraction(100), 200]).estate == 150.0
    # a function of coalitions may answer win/lose with booleans
    assert co.Game.from_function(lambda s: len(s) >= 2, ["A", "B", "C"]).value("A+B") == 1.0
