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
from coalition.stability._exact import exact_alternative

from ._stability_oracles import brute_nucleolus, talmud_rule

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


# the variants and coalition structures

VARIANT_RUNS = [("per_capita", False), ("per_capita", True), ("proportional", False), ("proportional", True),
                ("anti", True), ("anti", False)]


def dual(v):
    v = np.asarray(v, dtype=float)
    return v[-1] - v[::-1]


def variant_game(variant, pre, nv):
    """A game on which the rule is defined: worths >= 0 for the proportional
    variants, each partner worth at least 1 alone; for the anti-nucleolus the dual of a game with imputations
    (its anti-imputations are that game's imputations)."""
    n, v = nv
    if variant == "proportional":
        v = np.abs(v)
        # every partner's own complaint counts (worth > 0): the complaints
        # then span every direction and are bounded below, so the rule is
        # defined (with only zero singletons it may not be unique or exist)
        v[1 << np.arange(n)] = np.maximum(v[1 << np.arange(n)], 1)
        if not pre:
            v[-1] = max(v[-1], sum(v[1 << i] for i in range(n)))
    if variant == "anti" and not pre:
        v = dual(v)
    return n, co.Game(v)


def check_multipliers(cert, n, weights=None, blocs=()):
    """An independent exact check of a certificate of a variant: each level is
    a weighted excess of the exact split, and each set of multipliers (> 0 on
    the collection and the floors) covers every partner once, or with a
    structure, as much as the listed multiplier of its bloc."""
    v, players = cert.worths, cert.players
    x = [F(a) for a in cert.x]
    xs = {m: sum((x[i] for i in range(n) if m >> i & 1), F(0)) for m in range(1 << n)}
    w = weights or {m: 1 for m in range(1 << n)}
    comp = {(v[m] - xs[m]) / w[m] for m in range(1, (1 << n) - 1) if w[m] > 0}
    assert set(cert.levels) <= comp
    assert list(cert.levels) == sorted(cert.levels, reverse=True)
    named = [tuple(players[i] for i in range(n) if m >> i & 1) for m in blocs]
    sets = cert.weights
    if "no complaint is left" in cert.reason:  # the floors close off the rest: positive there, sum 0
        *sets, last = sets
        total = [F(0)] * n
        for names, a in last:
            assert a > 0 or len(names) > 1 or F(cert.x[players.index(names[0])]) != v[1 << players.index(names[0])]
            for p in names:
                total[players.index(p)] += a
        assert total == [F(0)] * n
    for ws in sets:
        cover, due = [F(0)] * n, [F(1)] * n if not blocs else [F(0)] * n
        for names, a in ws:
            idx = [players.index(p) for p in names]
            if names in named:
                for i in idx:
                    due[i] += a
            else:
                assert isinstance(a, F) and a > 0
                for i in idx:
                    cover[i] += a
        assert cover == due


@FEW
@given(int_games(2, 5), st.sampled_from(VARIANT_RUNS))
def test_certifies_the_variants_of_random_integer_games(nv, run):
    variant, pre = run
    n, g = variant_game(variant, pre, nv)
    cert = co.certify_nucleolus(g, variant=variant, prenucleolus=pre)
    assert cert, cert.reason
    assert cert.rule == co.stability._nucleolus._rule_name(variant, pre) and cert.recovered_by == "settled coalitions"
    if "no complaint is left" not in cert.reason:
        assert co.verify_nucleolus(g, cert.x_float, variant=variant, prenucleolus=pre)
    weights = None
    if variant == "per_capita":
        weights = {m: m.bit_count() for m in range(1 << n)}
    elif variant == "proportional":
        weights = dict(enumerate(cert.worths))
    check_multipliers(cert, n, weights)
    if variant == "anti" and not pre:  # the nucleolus of the game it is the dual of
        assert cert.x == co.certify_nucleolus(co.Game(nv[1])).x
    if not pre and variant != "anti":
        own = {"per_capita": co.per_capita_nucleolus, "proportional": co.proportional_nucleolus}[variant](g)
        np.testing.assert_allclose(cert.x_float, own.x, atol=1e-9)


@FEW
@given(int_games(3, 5), st.sampled_from(VARIANT_RUNS), st.integers(0, 4), st.data())
def test_refuses_perturbed_variants_and_agrees_with_verify(nv, run, k, data):
    variant, pre = run
    n, g = variant_game(variant, pre, nv)
    exact = co.certify_nucleolus(g, variant=variant, prenucleolus=pre).x
    i, j = data.draw(st.sampled_from([(a, b) for a in range(n) for b in range(n) if a != b]))
    moved = list(exact)
    moved[i] += F(k, 7)
    moved[j] -= F(k, 7)
    cert = co.certify_nucleolus(g, moved, variant=variant, prenucleolus=pre)
    check = co.verify_nucleolus(g, [float(a) for a in moved], variant=variant, prenucleolus=pre)
    if k == 0 and "no complaint is left" in cert.reason:
        # the complaints run out: both checks close the directions they
        # leave with the shares at their floor
        assert cert and check and "floor" in check.message
        return
    assert bool(cert) == bool(check) == (k == 0), (cert.reason, check.message)
    if k and pre:  # no floor to break: a level fails
        assert cert.failed_level is not None and cert.failed_collection
        assert f"{cert.failed_level} highest" in cert.reason and "level" in cert.reason


def test_per_capita_hand_example():
    # At (17/6, 23/6, 16/3) the per-capita complaints are -11/6, -5/6, -1/3
    # (singletons) and -1/3, -7/12, -7/12 (pairs, halved): the top level
    # {P3}, {P1, P2} is balanced and with the next one spans every direction.
    g = co.Game([0, 1, 3, 6, 5, 7, 8, 12])
    cert = co.certify_nucleolus(g, variant="per_capita")
    assert cert and cert.x == (F(17, 6), F(23, 6), F(16, 3)) and cert.levels == (F(-1, 3), F(-7, 12))
    nucl = co.certify_nucleolus(g)
    assert nucl and nucl.x == (F(5, 2), F(4), F(11, 2))
    refused = co.certify_nucleolus(g, nucl.x, variant="per_capita")
    assert not refused and refused.failed_level == 1 and "1 highest level" in refused.reason
    assert not co.certify_nucleolus(g, cert.x)


def test_proportional_hand_example():
    # CoopGame (R package, version 0.2.2) gives (28, 46.6667, 65.3333) for the
    # example game of proportionalNucleolus: every pair gives up 5/9 of its worth.
    g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 48, "A+C": 60, "B+C": 72, "A+B+C": 140})
    cert = co.certify_nucleolus(g, variant="proportional")
    assert cert and cert.x == (F(28), F(140, 3), F(196, 3)) and cert.levels == (F(-5, 9),)
    nucl = co.certify_nucleolus(g)
    assert nucl and nucl.x != cert.x
    refused = co.certify_nucleolus(g, nucl.x, variant="proportional")
    assert not refused and refused.failed_level == 1
    assert not co.certify_nucleolus(g, cert.x)


def test_anti_prenucleolus_of_a_dual_bankruptcy_game_is_the_talmud_rule():
    # The anti-prenucleolus of the dual of a bankruptcy game is its
    # prenucleolus: the Talmud rule (Aumann and Maschler 1985); the
    # prenucleolus of the dual game is another point.
    estate, claims = 200, [50, 100, 150, 200]
    d = co.Game(dual(co.families.bankruptcy(estate, claims).worths))
    cert = co.certify_nucleolus(d, variant="anti", prenucleolus=True)
    assert cert and cert.rule == "anti_prenucleolus"
    np.testing.assert_allclose(cert.x_float, talmud_rule(estate, claims), atol=1e-12)
    pre = co.certify_nucleolus(d, prenucleolus=True)
    assert pre and pre.x != cert.x
    assert not co.certify_nucleolus(d, pre.x, variant="anti", prenucleolus=True).certified
    assert co.certify_nucleolus(d, cert.x, prenucleolus=True).failed_level == 1


@st.composite
def structures(draw, n):
    labels = draw(st.lists(st.integers(0, n - 1), min_size=n, max_size=n))
    return [[f"P{i + 1}" for i in range(n) if labels[i] == b] for b in sorted(set(labels))]


@FEW
@given(int_games(3, 5, imputation=False), st.data())
def test_certifies_the_prenucleolus_under_a_structure(nv, data):
    n, v = nv
    g = co.Game(v)
    parts = data.draw(structures(n))
    cert = co.certify_nucleolus(g, prenucleolus=True, structure=parts)
    assert cert, cert.reason
    np.testing.assert_allclose(cert.x_float, co.prenucleolus(g, structure=parts).x, atol=1e-9)
    assert co.verify_nucleolus(g, cert.x_float, prenucleolus=True, structure=parts)
    masks = [sum(1 << int(p[1:]) - 1 for p in part) for part in parts]
    check_multipliers(cert, n, blocs=masks if len(parts) > 1 else ())
    plain = co.certify_nucleolus(g, prenucleolus=True).x
    if plain != cert.x:
        refused = co.certify_nucleolus(g, plain, prenucleolus=True, structure=parts)
        assert not refused and "bloc" in refused.reason


def test_nucleolus_under_a_structure_hand_example():
    # The bloc P1+P2 shares its worth 6 as the nucleolus of its own game
    # shares it when P3 keeps 5: (2.5, 3.5, 5) (both pairs with P3 then
    # complain equally, as do P2 alone and the bloc).
    g = co.Game([0, 1, 3, 6, 5, 7, 8, 12])
    parts = [["P1", "P2"], ["P3"]]
    cert = co.certify_nucleolus(g, structure=parts)
    assert cert and cert.x == (F(5, 2), F(7, 2), F(5))
    np.testing.assert_allclose(cert.x_float, co.nucleolus(g, structure=parts).x, atol=1e-9)
    check_multipliers(cert, 3, blocs=[3, 4])
    refused = co.certify_nucleolus(g, [F(5, 2), 4, F(11, 2)], structure=parts)
    assert not refused and "bloc P1+P2" in refused.reason
    moved = co.certify_nucleolus(g, [F(3), F(3), F(6)], structure=[["P1", "P2"], ["P3"]])
    assert not moved


def test_floors_close_off_what_no_complaint_settles():
    # every coalition is worth 0, so none has a proportional complaint; the
    # only imputation (0, 0) is the proportional nucleolus, which the
    # floors prove
    g = co.Game([0, 0, 0, 0])
    cert = co.certify_nucleolus(g, variant="proportional")
    assert cert and cert.x == (0, 0) and cert.levels == ()
    check_multipliers(cert, 2, {m: 0 for m in range(4)})
    assert not co.certify_nucleolus(g, variant="proportional", prenucleolus=True)


def test_exact_alternative_on_its_own():
    # blocs {0, 1} and {2}: e_0 + (e_1 + e_2) = (e_0 + e_1) + e_2, so the
    # multipliers are (1, 1 | -1, -1) up to scale; float noise is removed.
    got = exact_alternative([0b001, 0b110], [], [0b011, 0b100], np.array([0.5 + 1e-11, 0.5, -0.5, -0.5 - 1e-11]),
                            3, 10**6)
    assert got == [F(1, 2), F(1, 2), F(-1, 2), F(-1, 2)]
    # Kohlberg's form: {0,1}, {2} and the floor {1} against the grand coalition
    got = exact_alternative([0b011, 0b100], [0b010], [0b111], np.array([0.3, 0.3, 0.0, -0.3]), 3, 10**6)
    assert got == [F(3, 10), F(3, 10), F(0), F(-3, 10)]
    # a weight the LP puts near 0 cannot be made positive: not proven
    assert exact_alternative([0b011, 0b100, 0b001], [], [0b111], np.array([0.5, 0.5, 1e-14, -0.5]), 3, 10**6) is None
    # a combination that does not vanish is corrected by the free column
    got = exact_alternative([0b011, 0b101, 0b110], [], [0b111], np.array([1 / 3, 1 / 3, 1 / 3, -2 / 3]), 3, 10**6)
    assert got == [F(1, 3), F(1, 3), F(1, 3), F(-2, 3)]


def test_variant_bad_input():
    g = co.families.bankruptcy(200, [100, 200, 300])
    with pytest.raises(co.InvalidParameterError, match="`variant` must be None"):
        co.certify_nucleolus(g, variant="percapita")
    with pytest.raises(co.InvalidParameterError, match="`structure` is checked only"):
        co.certify_nucleolus(g, variant="per_capita", structure=[["P1", "P2"], ["P3"]])
    with pytest.raises(co.InvalidParameterError, match="checked in floats by verify_nucleolus"):
        co.certify_nucleolus(g, variant="disruption")
    with pytest.raises(co.InvalidParameterError, match="`structure`"):
        co.certify_nucleolus(g, structure=[["P1"], ["P3"]])
    with pytest.raises(co.InvalidGameError, match="negative"):
        co.certify_nucleolus(co.Game([0, -1, 0, 2]), variant="proportional")


def test_the_floors_close_what_the_complaints_leave_in_floats_too():
    # the all-zero game: no coalition complains under the proportional
    # nucleolus (every worth 0); the only imputation is 0, fixed by the
    # floors; without floors (prenucleolus) every efficient split ties
    for n in (2, 3):
        g = co.Game(np.zeros(1 << n))
        check = co.verify_nucleolus(g, np.zeros(n), variant="proportional")
        assert check and "floor" in check.message
        assert co.certify_nucleolus(g, [0] * n, variant="proportional")
        pre = co.verify_nucleolus(g, np.zeros(n), variant="proportional", prenucleolus=True)
        assert not pre and "free" in pre.message
    # floors that do not close every direction: one partner at its floor,
    # the other two free to trade along a tie no complaint sees
    g = co.Game([0, 0, 0, 0, 0, 0, 0, 6.0])
    assert not co.verify_nucleolus(g, [0.0, 3.0, 3.0], variant="proportional")


@pytest.mark.parametrize("kw", [{}, {"prenucleolus": True}, {"variant": "anti"},
                                {"variant": "anti", "prenucleolus": True}])
def test_one_player_game_is_certified(kw):
    # one player: the only efficient split gives it v(N); there is no proper
    # coalition, and efficiency alone fixes the only direction
    g = co.Game([0, 5])
    cert = co.certify_nucleolus(g, **kw)
    assert bool(cert) and cert.x == (F(5),)
    assert bool(co.certify_nucleolus(g, [5], **kw))
    assert not co.certify_nucleolus(g, [F(9, 2)], **kw)


def test_a_game_without_surplus_checks_efficiency_up_to_rounding():
    # an additive cost game has no savings to share, so its scale and the
    # tolerance it gives are 0: 2.01 - 0.01 != 2 in floating point must
    # still read as efficient (and then fail as no imputation), while a
    # real excess of 0.02 is refused as not efficient
    g = co.Game([0, 2, 0, 2], kind="cost")
    check = co.verify_nucleolus(g, [2.01, -0.01])
    assert not check and "imputation" in check.message
    with pytest.raises(co.InvalidAllocationError, match="not efficient"):
        co.verify_nucleolus(g, [2.01, 0.01])


def test_a_game_without_a_proportional_prenucleolus_says_so():
    # v(A) = 0, v(B) = 1, v(N) = 0: only B complains, (1 - x_B) / 1, and
    # efficient splits make it as low as one likes; no minimum exists
    g = co.Game([0, 0, 1, 0])
    with pytest.raises(co.InfeasibleError, match="no proportional prenucleolus"):
        co.certify_nucleolus(g, variant="proportional", prenucleolus=True)
