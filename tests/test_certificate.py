"""The exact certificate of the (pre)nucleolus: certifies what the LPs find,
refuses perturbed splits at the right level, agrees with the float check,
and its weights pass an independent exact check written here."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coalition as co

from ._stability_oracles import brute_nucleolus

FEW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def int_games(draw, min_n=2, max_n=5, imputation=True):
    n = draw(st.integers(min_n, max_n))
    vals = draw(st.lists(st.integers(-5, 20), min_size=(1 << n) - 1, max_size=(1 << n) - 1))
    v = np.array([0.0, *vals])
    if imputation:  # make the imputation set non-empty
        v[-1] = max(v[-1], sum(v[1 << i] for i in range(n)) + draw(st.integers(0, 10)))
    return n, v


def check_certificate(cert, n):
    """An independent exact check of what a certificate claims: the levels
    are excesses of the exact split, and every set of weights is positive and
    balances exactly."""
    v = cert.worths
    players = cert.players
    assert cert.kind == "profit"
    x = [F(a) for a in cert.x]
    xs = {m: sum((x[i] for i in range(n) if m >> i & 1), F(0)) for m in range(1 << n)}
    exc = {v[m] - xs[m] for m in range(1, (1 << n) - 1)}
    assert set(cert.levels) <= exc
    assert list(cert.levels) == sorted(cert.levels, reverse=True)
    for ws in cert.weights:
        cover = [F(0)] * n
        for names, w in ws:
            assert isinstance(w, F) and w > 0
            for p in names:
                cover[players.index(p)] += w
        assert cover == [F(1)] * n


@FEW
@given(int_games(2, 5))
def test_certifies_the_nucleolus_of_random_integer_games(nv):
    n, v = nv
    g = co.Game(v)
    cert = co.certify_nucleolus(g)
    assert cert, cert.reason
    assert cert.recovered_by == "settled coalitions"
    np.testing.assert_allclose(cert.x_float, co.nucleolus(g).x, atol=1e-9)
    assert co.verify_nucleolus(g, cert.x_float)
    check_certificate(cert, n)


@FEW
@given(int_games(2, 5, imputation=False))
def test_certifies_the_prenucleolus_of_random_integer_games(nv):
    n, v = nv
    g = co.Game(v)
    cert = co.certify_nucleolus(g, prenucleolus=True)
    assert cert, cert.reason
    assert cert.rule == "prenucleolus"
    np.testing.assert_allclose(cert.x_float, co.prenucleolus(g).x, atol=1e-9)
    check_certificate(cert, n)


@FEW
@given(int_games(3, 4), st.integers(1, 12), st.data())
def test_refuses_a_perturbed_split_and_agrees_with_verify(nv, k, data):
    n, v = nv
    g = co.Game(v)
    exact = co.certify_nucleolus(g, prenucleolus=True).x
    i, j = data.draw(st.sampled_from([(a, b) for a in range(n) for b in range(n) if a != b]))
    moved = list(exact)
    moved[i] += F(k, 7)
    moved[j] -= F(k, 7)
    cert = co.certify_nucleolus(g, moved, prenucleolus=True)
    assert not cert
    assert cert.recovered_by == "given" and cert.x == tuple(moved)
    assert cert.failed_level is not None and cert.failed_level >= 1 and cert.failed_collection
    assert f"{cert.failed_level} highest excess level" in cert.reason
    assert not co.verify_nucleolus(g, [float(a) for a in moved], prenucleolus=True)


def test_published_wrong_and_right_nucleolus():
    # Benedek, Fliege and Nguyen's repository README gives (2.75, 3.75, 5.5)
    # as the nucleolus of this game; Kohlberg's criterion refutes it, and
    # (2.5, 4, 5.5) is certified (as in the verify_nucleolus example).
    g = co.Game([0, 1, 3, 6, 5, 7, 8, 12])
    wrong = co.certify_nucleolus(g, [2.75, 3.75, 5.5])
    check = co.verify_nucleolus(g, [2.75, 3.75, 5.5])
    assert not wrong and not check and wrong.failed_level == 2 == len(check.levels)
    assert set(wrong.failed_collection) == set(check.failed_collection) == {("P1", "P2"), ("P3",), ("P2",)}
    assert wrong.recovered_by == "limit_denominator" and wrong.x == (F(11, 4), F(15, 4), F(11, 2))
    right = co.certify_nucleolus(g, [2.5, 4, 5.5])
    assert right and right.recovered_by == "settled coalitions"
    assert right.x == (F(5, 2), F(4), F(11, 2))
    assert co.certify_nucleolus(g, [F(5, 2), 4, Decimal("5.5")]).recovered_by == "given"


def test_decimal_worths_are_read_as_written():
    # 0.1 + 0.2 != 0.3 in floats; the worths are read as 1/10, 2/10, ... and
    # the nucleolus (5/8, 4/5, 5/8) is certified exactly; the brute-force
    # enumeration of the oracles agrees in floats.
    vals = {"A": 0.1, "B": 0.2, "C": 0.3, "A+B": 1.1, "A+C": 0.7, "B+C": 0.9, "A+B+C": 2.05}
    g = co.Game.from_dict(vals)
    cert = co.certify_nucleolus(g)
    assert cert and cert.x == (F(5, 8), F(4, 5), F(5, 8))
    assert cert.worths[3] == F(11, 10)
    np.testing.assert_allclose(cert.x_float, brute_nucleolus(g.worths, 3), atol=1e-9)


def test_thirds_are_recovered_from_floats():
    g = co.Game([0, 0, 0, 1, 0, 1, 1, 1])
    cert = co.certify_nucleolus(g, [1 / 3, 1 / 3, 1 - 2 / 3])
    assert cert and cert.x == (F(1, 3),) * 3


def test_rounding_noise_is_removed():
    g = co.families.bankruptcy(200, [100, 200, 300])
    cert = co.certify_nucleolus(g, [50 + 1e-12, 75 - 1e-12, 75])
    assert cert and cert.x == (F(50), F(75), F(75))


def test_cost_game_in_cost_shares():
    g = co.Game.from_dict({"A": 6, "B": 7, "C": 8, "A+B": 10, "A+C": 11, "B+C": 12, "A+B+C": 15}, kind="cost")
    cert = co.certify_nucleolus(g)
    assert cert and cert.kind == "cost" and cert.as_dict() == {"A": F(4), "B": F(5), "C": F(6)}
    assert not co.certify_nucleolus(g, [4.1, 5, 5.9])


def test_not_efficient_and_not_imputation():
    g = co.families.bankruptcy(200, [100, 200, 300])
    cert = co.certify_nucleolus(g, [50, 75, 76])
    assert not cert and "not efficient" in cert.reason and cert.failed_level is None
    cert = co.certify_nucleolus(co.Game([0, 1, 0, 2, 0, 2, 2, 4]), [F(-1, 2), F(5, 2), 2])
    assert not cert and "not an imputation" in cert.reason


def test_bad_input():
    g = co.families.bankruptcy(200, [100, 200, 300])
    with pytest.raises(co.InvalidParameterError, match="`prenucleolus`"):
        co.certify_nucleolus(g, prenucleolus="yes")
    for bad in (0, True, 1.5):
        with pytest.raises(co.InvalidParameterError, match="`max_denominator`"):
            co.certify_nucleolus(g, max_denominator=bad)
    with pytest.raises(co.InvalidAllocationError, match="`x`"):
        co.certify_nucleolus(g, [1, 2])
    with pytest.raises(co.InfeasibleError, match="no imputation"):
        co.certify_nucleolus(co.Game([0, 2, 2, 1]))
    assert co.certify_nucleolus(co.Game([0, 2, 2, 1]), prenucleolus=True).x == (F(1, 2), F(1, 2))
    with pytest.raises(co.GameTooLargeError, match="13 players"):
        co.certify_nucleolus(co.Game(np.zeros(1 << 13)))
