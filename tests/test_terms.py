"""Term sheets: waterfalls checked by hand, one-rule sheets against the rule,
floors and ceilings never broken, repair against a fine grid search, stress
against a plain loop, and the bad inputs."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coalition as co
from coalition.errors import GameFileError, InfeasibleError, InvalidParameterError
from coalition.terms import (
    Ceiling,
    ExitTerms,
    Fixed,
    Floor,
    LossSharing,
    TermSheet,
    Tranche,
    read_terms,
    stress,
    terms_from_dict,
)
from coalition.terms._waterfall import fit_total

from .conftest import dense_tables

THREE = {"A": 10, "B": 20, "C": 0, "A+B": 50, "A+C": 30, "B+C": 40, "A+B+C": 100}
SYMMETRIC = {"A": 0, "B": 0, "C": 0, "A+B": 60, "A+C": 60, "B+C": 60, "A+B+C": 100}


def game(values=THREE, **kw):
    return co.Game.from_dict(values, **kw)


def positive_game(n, rng):
    """A superadditive-ish profit game with positive worths."""
    w = rng.uniform(1, 10, n)
    v = np.zeros(1 << n)
    for m in range(1, 1 << n):
        members = [i for i in range(n) if m >> i & 1]
        v[m] = w[members].sum() * (1 + 0.1 * (len(members) - 1)) + rng.uniform(0, 2)
    return co.Game(v, players=[f"P{i}" for i in range(n)])


# -- the waterfall, by hand ---------------------------------------------------

def test_waterfall_by_hand():
    # v(N) = 100. Fixed: A 5, C 5 -> 90 left. Tranche 1: 20% of 100 = 20 by
    # stakes 50/30/20 -> 10, 6, 4. Rest 70 split by Shapley proportions; the
    # Shapley value is (100/3, 130/3, 70/3) (computed by hand from the worths),
    # so 70 * (10, 13, 7) / 30.
    sheet = TermSheet([Fixed({"A": 5, "C": 5}), Tranche(percent=20, split="stakes"), Tranche(split="Shapley")],
                      stakes={"A": 50, "B": 30, "C": 20})
    a = sheet.evaluate(game())
    rest = 70 * np.array([10, 13, 7]) / 30
    np.testing.assert_allclose(a.breakdown[:, 0], [5, 0, 5])
    np.testing.assert_allclose(a.breakdown[:, 1], [10, 6, 4])
    np.testing.assert_allclose(a.breakdown[:, 2], rest)
    np.testing.assert_allclose(a.x, [5 + 10 + rest[0], 6 + rest[1], 5 + 4 + rest[2]])
    assert a.clauses == ("fixed", "tranche 1", "tranche 2")
    np.testing.assert_allclose(a.breakdown.sum(axis=1), a.x)


def test_a_tranche_takes_what_is_left_when_it_is_larger():
    # 100 in all: first 70 to A, the next 50 (only 30 left) to B, the rest (0) equally.
    sheet = TermSheet([Tranche(amount=70, split="stakes", name="first"),
                       Tranche(amount=50, split={"stakes": 1.0}, name="second"),
                       Tranche(split="equal")], stakes={"A": 1})
    # both stake tranches go to A (the only stakeholder)
    a = sheet.evaluate(game())
    np.testing.assert_allclose(a.x, [100, 0, 0])
    np.testing.assert_allclose(a.breakdown, [[70, 30, 0], [0, 0, 0], [0, 0, 0]])


def test_a_mix_of_rules_is_the_mix_of_their_proportions():
    g = game()
    sheet = TermSheet([Tranche(split={"Shapley": 0.25, "proportional": 0.75})])
    phi, prop = co.shapley(g).x, co.proportional(g).x
    expected = 100 * (0.25 * phi / phi.sum() + 0.75 * prop / prop.sum())
    np.testing.assert_allclose(sheet.evaluate(g).x, expected)


@settings(max_examples=30, deadline=None)
@given(dense_tables(min_n=2, max_n=5), st.sampled_from(["Shapley", "nucleolus", "equal split", "tau-value"]))
def test_a_sheet_of_one_rule_is_that_rule(table, rule):
    n, v = table
    v = np.abs(v)  # positive worths so that the rule's shares have a nonzero sum
    v[-1] = v.sum() + 1.0
    g = co.Game(v)
    func = {"Shapley": co.shapley, "nucleolus": co.nucleolus, "equal split": co.equal_split,
            "tau-value": co.tau_value}[rule]
    try:
        expected = func(g).x
    except co.CoalitionError:
        with pytest.raises(InfeasibleError):
            TermSheet([Tranche(split=rule)]).evaluate(g)
        return
    np.testing.assert_allclose(TermSheet([Tranche(split=rule)]).evaluate(g).x, expected, atol=1e-7)


# -- floors, ceilings and loss sharing ------------------------------------------

def test_floors_and_ceilings_by_hand():
    # Equal split of 100 gives 33.33 each. A ceiling of 20 on A frees 13.33,
    # which goes to B and C pro rata to their shares (equal): 40 each.
    sheet = TermSheet([Tranche(split="equal"), Ceiling(amount=20, partners="A")])
    a = sheet.evaluate(game())
    np.testing.assert_allclose(a.x, [20, 40, 40])
    np.testing.assert_allclose(a.breakdown[:, -1], [20 - 100 / 3, 40 - 100 / 3, 40 - 100 / 3])
    # A floor of standalone worth: B earns 20 alone; 'A first' gives B nothing.
    sheet = TermSheet([Tranche(amount=80, split="stakes"), Tranche(split="equal"), Floor(standalone=1)],
                      stakes={"A": 1})
    a = sheet.evaluate(game())
    # before: A 80 + 20/3, B 20/3, C 20/3; B is topped up to 20, the 13.33
    # taken from A and C pro rata to (86.67, 6.67): A gives 12.38, C 0.95.
    before = np.array([80 + 20 / 3, 20 / 3, 20 / 3])
    need = 20 - 20 / 3
    w = np.array([before[0], before[2]])
    np.testing.assert_allclose(a.x, [before[0] - need * w[0] / w.sum(), 20, before[2] - need * w[1] / w.sum()])


def test_percent_ceiling_with_equal_redistribution():
    sheet = TermSheet([Tranche(split="Shapley"), Ceiling(percent=40)], redistribute="equal")
    a = sheet.evaluate(game())
    # Shapley (33.33, 43.33, 23.33): B is capped at 40; its 3.33 goes equally to A and C.
    np.testing.assert_allclose(a.x, [100 / 3 + 5 / 3, 40, 70 / 3 + 5 / 3])


def test_loss_sharing_pro_rata_and_its_absence():
    g = game({"A": 10, "B": 20, "A+B": 24})
    floors = [Tranche(split="equal"), Floor(standalone=1)]
    with pytest.raises(InfeasibleError, match="floor 1.*LossSharing"):
        TermSheet(floors).evaluate(g)
    # floors 10 and 20 promise 30 of 24: the shortfall of 6 is borne pro rata to the floors.
    a = TermSheet([*floors, LossSharing("pro rata")]).evaluate(g)
    np.testing.assert_allclose(a.x, [10 - 2, 20 - 4])
    assert a.clauses[-1] == "loss sharing"
    b = TermSheet([*floors, LossSharing("equal")]).evaluate(g)
    np.testing.assert_allclose(b.x, [7, 17])
    # by the Shapley value (7, 17): a shortfall of 6 split 7:17
    c = TermSheet([*floors, LossSharing("shapley")]).evaluate(g)
    np.testing.assert_allclose(c.x, [10 - 6 * 7 / 24, 20 - 6 * 17 / 24])


def test_fixed_payments_above_the_total_are_cut_pro_rata():
    g = game({"A": 0, "B": 0, "A+B": 30})
    a = TermSheet([Fixed({"A": 30, "B": 10}), Tranche(split="equal")]).evaluate(g)
    np.testing.assert_allclose(a.x, [22.5, 7.5])
    np.testing.assert_allclose(a.x.sum(), 30)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 6), st.integers(0, 2**32 - 1), st.sampled_from(["pro rata", "equal", "stakes"]))
def test_floors_and_ceilings_are_never_broken(n, seed, how):
    rng = np.random.default_rng(seed)
    g = positive_game(n, rng)
    total = g.grand_value
    players = g.players
    clauses = [Fixed({players[0]: float(rng.uniform(0, total / 2))}),
               Tranche(percent=float(rng.uniform(0, 60)), split="stakes"), Tranche(split="Shapley")]
    for p in players:
        if rng.random() < 0.5:
            clauses.append(Floor(amount=float(rng.uniform(0, total / n)), partners=p, name=f"floor {p}"))
        if rng.random() < 0.5:
            clauses.append(Ceiling(amount=float(rng.uniform(total / n, total)), partners=p, name=f"cap {p}"))
    stakes = {p: float(rng.uniform(0.1, 1)) for p in players}
    sheet = TermSheet(clauses, stakes=stakes, redistribute=how)
    try:
        a = sheet.evaluate(g)
    except InfeasibleError:
        lo = sum(c.amount for c in clauses if isinstance(c, Floor))
        hi = sum(c.amount for c in clauses if isinstance(c, Ceiling)) if all(
            any(isinstance(c, Ceiling) and c.partners == (p,) for c in clauses) for p in players) else math.inf
        assert lo > total or hi < total
        return
    np.testing.assert_allclose(a.x.sum(), total, rtol=1e-9)
    for c in clauses:
        if isinstance(c, Floor):
            assert a[c.partners[0]] >= c.amount - 1e-9 * total
        if isinstance(c, Ceiling):
            assert a[c.partners[0]] <= c.amount + 1e-9 * total


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_fit_total_against_bisection(n, seed):
    rng = np.random.default_rng(seed)
    x0 = rng.normal(0, 5, n)
    lo = np.where(rng.random(n) < 0.6, x0 - rng.uniform(0, 5, n), -np.inf)
    hi = np.where(rng.random(n) < 0.6, x0 + rng.uniform(0, 5, n), np.inf)
    w = np.where(rng.random(n) < 0.8, rng.uniform(0.1, 2, n), 0.0)
    total = float(x0.sum() + rng.normal(0, 6))
    x = fit_total(x0, lo, hi, w, total)

    def f(t):
        return np.clip(x0 + t * w, lo, hi).sum()

    a, b = -1e6, 1e6
    if not f(a) <= total <= f(b):
        assert x is None
        return
    for _ in range(200):
        m = 0.5 * (a + b)
        a, b = (m, b) if f(m) < total else (a, m)
    assert x is not None
    np.testing.assert_allclose(x, np.clip(x0 + b * w, lo, hi), atol=1e-6)
    np.testing.assert_allclose(x.sum(), total, atol=1e-9)


# -- check ---------------------------------------------------------------

def test_check_reports_blocking_coalitions_and_gaps():
    g = game(SYMMETRIC)
    sheet = TermSheet([Tranche(percent=50, split="stakes"), Tranche(split="equal")], stakes={"A": 1})
    rep = sheet.check(g)
    # A gets 50 + 50/3; B and C get 50/3 each, 33.3 together against 60 alone.
    assert not rep.in_core and rep.efficient
    assert rep.core.blocking[0].name == "B+C"
    np.testing.assert_allclose(rep.core.max_excess, 60 - 100 / 3)
    np.testing.assert_allclose(rep.subsidy[:, 0], rep.allocation.x - 100 / 3)
    np.testing.assert_allclose(rep.distance, [50 - 50 / 3, 50 - 50 / 3])
    assert rep.rules == ("Shapley", "nucleolus")
    assert "NOT stable" in repr(rep) and "B+C" in rep.to_markdown()


def test_check_flags_partners_below_standalone_and_exit_incentives():
    g = game()
    sheet = TermSheet([Tranche(split="equal"), ExitTerms({"B": 40})])
    rep = sheet.check(g)
    assert rep.below_standalone == ()
    assert rep.would_leave == ("B",)  # paid 40 to leave, 33.3 to stay
    assert sheet.exit_payment(g, "B") == 40.0
    sheet = TermSheet([Tranche(amount=95, split="stakes"), Tranche(split="equal")], stakes={"A": 1})
    assert sheet.check(g).below_standalone == ("B",)
    assert TermSheet([Tranche(split="equal"), ExitTerms("standalone")]).exit_payment(g, "A") == 10.0


def test_cost_games_use_the_cost_core():
    g = game({"A": 60, "B": 60, "A+B": 100}, kind="cost")
    rep = TermSheet([Tranche(amount=70, split="stakes"), Tranche(split="equal")], stakes={"A": 1}).check(g)
    # A pays 85, more than its 60 alone
    assert not rep.in_core and rep.below_standalone == ("A",)


# -- repair ------------------------------------------------------------------

def _grid_oracle(sheet, g, parameter, low, high, points=20001):
    """Nearest stable value on a fine grid, by brute force."""
    before = sheet.parameters()[parameter]
    best = None
    for v in np.linspace(low, high, points):
        try:
            x = sheet.with_parameter(parameter, float(v)).evaluate(g).x
        except InfeasibleError:
            continue
        if co.in_core(g, x) and (best is None or abs(v - before) < abs(best - before)):
            best = float(v)
    return best


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_repair_matches_a_fine_grid_search(seed):
    rng = np.random.default_rng(seed)
    g = positive_game(3, rng)
    sheet = TermSheet([Tranche(percent=float(rng.uniform(30, 90)), split="stakes"),
                       Tranche(split={"Shapley": 0.5, "equal split": 0.5})],
                      stakes={"P0": 1.0, "P1": float(rng.uniform(0, 0.2))})
    rep = sheet.repair(g, ["tranche 1", "tranche 2.mix"])
    if rep.already_stable:
        assert co.in_core(g, sheet.evaluate(g).x)
        return
    for option in rep.options:
        oracle = _grid_oracle(sheet, g, option.parameter, *option.bounds, points=2001)
        step = (option.bounds[1] - option.bounds[0]) / 2000
        if oracle is None:
            assert not option.success
            continue
        assert option.success
        assert co.in_core(g, option.allocation.x)
        # the repair is at least as close as the grid's nearest stable value, and no closer than the
        # true boundary (which lies within one grid step of the oracle's value)
        assert abs(option.change) <= abs(oracle - option.before) + 1e-9
        assert abs(option.change) >= abs(oracle - option.before) - step - 1e-9


def test_repair_says_which_coalition_makes_it_impossible():
    g = game(SYMMETRIC)
    # B and C get (100 - a) / 3 each, stable only for a <= 10: nothing in [50, 100] works, and the
    # best value, 50, still leaves B+C 60 - 100/3 short.
    sheet = TermSheet([Tranche(amount=60, split="stakes"), Tranche(split="equal")], stakes={"A": 1})
    rep = sheet.repair(g, ["tranche 1.size"], bounds={"tranche 1.size": (50, 100)})
    assert not rep.success and rep.best is None
    (option,) = rep.options
    assert option.blocking == "B+C" and option.max_excess == pytest.approx(60 - 100 / 3)
    assert "no value" in rep.message


def test_repair_of_a_stable_sheet_changes_nothing():
    rep = TermSheet([Tranche(percent=10, split="equal"), Tranche(split="Shapley")]).repair(game(), ["tranche 1"])
    assert rep.already_stable and rep.success and rep.options == ()


def test_repair_of_floors():
    g = game(SYMMETRIC)
    sheet = TermSheet([Tranche(amount=60, split="stakes"), Tranche(split="equal"),
                       Floor(amount=5, partners=["B", "C"])], stakes={"A": 1})
    rep = sheet.repair(g, ["floor 1"])
    # B and C need 60 together: a floor of 30 each (A keeps 40).
    assert rep.best.parameter == "floor 1.level"
    assert rep.best.after == pytest.approx(30, abs=1e-6)


# -- stress ---------------------------------------------------------------

def test_stress_against_a_plain_loop():
    def draw(rng):
        v = dict(SYMMETRIC)
        v["A+B+C"] = float(rng.uniform(80, 120))
        return co.Game.from_dict(v)

    sheet = TermSheet([Tranche(amount=20, split="stakes"), Tranche(split="equal")], stakes={"A": 1})
    rep = stress(sheet, draw, n_scenarios=300, seed=7)
    rng = np.random.default_rng(7)
    totals = np.array([draw(rng).grand_value for _ in range(300)])
    # A: 20 + (T-20)/3; B, C: (T-20)/3 each; B+C stable iff 2(T-20)/3 >= 60, i.e. T >= 110;
    # pairs with A: 20 + 2(T-20)/3 >= 60 iff T >= 80, always.
    assert rep.in_core_rate == pytest.approx(np.mean(totals >= 110))
    np.testing.assert_allclose(rep.mean[1], np.mean((totals - 20) / 3))
    np.testing.assert_allclose(rep.quantiles[:, 0], np.quantile(20 + (totals - 20) / 3, [0.05, 0.5, 0.95], method="inverted_cdf"))
    assert rep.worst == int(np.argmin(totals)) and rep.worst_blocking == "B+C"
    assert rep.n_infeasible == 0 and "Stress test over 300 scenarios" in repr(rep)


def test_stress_counts_infeasible_scenarios():
    games = [game({"A": 10, "B": 20, "A+B": t}) for t in (24, 40, 50)]
    rep = TermSheet([Tranche(split="equal"), Floor(standalone=1)]).stress(games)
    assert rep.n_infeasible == 1 and np.isnan(rep.shares[0]).all()
    assert rep.in_core_rate == pytest.approx(2 / 3) and "LossSharing" in rep.errors[0]


# -- files -----------------------------------------------------------------

TERMS_TOML = """
players = ["A", "B", "C"]
[values]
A = 10
B = 20
C = 0
"A+B" = 50
"A+C" = 30
"B+C" = 40
"A+B+C" = 100

[terms]
stakes = {A = 50, B = 30, C = 20}
fixed = {A = 5, C = 5}
[[terms.tranche]]
percent = 20
split = "stakes"
[[terms.tranche]]
split = "Shapley"
[[terms.floor]]
standalone = 1
[terms.exit]
payment = "standalone"
"""


def test_a_game_file_with_terms(tmp_path):
    path = tmp_path / "venture.toml"
    path.write_text(TERMS_TOML)
    g = co.io.read_game(path)
    sheet = read_terms(path)
    direct = TermSheet([Fixed({"A": 5, "C": 5}), Tranche(percent=20, split="stakes"), Tranche(split="Shapley"),
                        Floor(standalone=1), ExitTerms("standalone")], stakes={"A": 50, "B": 30, "C": 20})
    np.testing.assert_allclose(sheet.evaluate(g).x, direct.evaluate(g).x)


@pytest.mark.parametrize(("doc", "message"), [
    ({"tranch": []}, "unknown key 'tranch'; valid keys are stakes"),
    ({"tranche": [{"split": "Shapley", "size": 3}]}, "tranche` entry 1: unknown key 'size'"),
    ({"tranche": [{"split": "Shapely"}]}, "known rules are"),
    ({"tranche": [{"percent": 120, "split": "equal"}, {"split": "equal"}]}, "`percent` must be between 0 and 100"),
    ({"tranche": [{"split": "equal"}], "floor": {"amount": 1, "percent": 3}}, "exactly one of"),
    ({"tranche": [{"split": "equal"}], "exit": {"payment": "capital"}}, "`payment` must be"),
])
def test_bad_terms_tables(doc, message):
    with pytest.raises(GameFileError, match=message):
        terms_from_dict(doc)


def test_read_terms_without_a_section(tmp_path):
    path = tmp_path / "g.toml"
    path.write_text('[values]\nA = 1\n')
    with pytest.raises(GameFileError, match="no `terms` section"):
        read_terms(path)


# -- bad input ------------------------------------------------------------

@pytest.mark.parametrize(("build", "message"), [
    (lambda: TermSheet([]), "non-empty list of clauses"),
    (lambda: TermSheet([Tranche(percent=10, split="equal")]), "must end with a tranche that takes the rest"),
    (lambda: TermSheet([Tranche(split="equal"), Tranche(split="equal")]), "'tranche 1' takes the rest"),
    (lambda: TermSheet([Tranche(percent=60, split="equal"), Tranche(percent=50, split="equal"),
                        Tranche(split="equal")]), "overlap: their percentages add up to 110"),
    (lambda: TermSheet([Tranche(split="stakes")]), "`stakes` are needed"),
    (lambda: TermSheet([Tranche(split="equal")], stakes={"A": -1}), r"`stakes\['A'\]` must be a finite number >= 0"),
    (lambda: TermSheet([Tranche(split="equal")], redistribute="fair"), "`redistribute` must be one of"),
    (lambda: TermSheet([Tranche(split="equal"), "floor"]), r"`clauses\[1\]` must be one of"),
    (lambda: TermSheet([Tranche(split="equal", name="x"), Floor(amount=1, name="x")]), "used twice"),
    (lambda: TermSheet([Tranche(split="equal"), Floor(amount=30), Ceiling(amount=20)]),
     "'floor 1' \\(amount 30\\) is above 'ceiling 1'"),
    (lambda: TermSheet([Tranche(split="equal"), Floor(percent=60, partners=["A", "B"])]), "promise 120%"),
    (lambda: TermSheet([Tranche(split="equal"), LossSharing(), LossSharing()]), "more than one LossSharing"),
    (lambda: Tranche(amount=1, percent=2), "`amount` or `percent`, not both"),
    (lambda: Tranche(amount=-1), "`amount` must be between 0"),
    (lambda: Tranche(split={"Shapley": 0.5, "nucleolus": 0.4}), "must sum to 1"),
    (lambda: Tranche(split=3), "`split` must be a rule name"),
    (lambda: Fixed({"A": -2}), r"`payments\['A'\]` must be between 0"),
    (lambda: Fixed({}), "non-empty mapping"),
    (lambda: Floor(), "exactly one of"),
    (lambda: Floor(amount=float("nan")), "`amount` must be a finite number"),
    (lambda: Ceiling(percent=1, partners=["A", "A"]), "names a partner twice"),
    (lambda: LossSharing("by luck"), "`method` must be one of .* or a rule name"),
])
def test_bad_clauses(build, message):
    with pytest.raises(InvalidParameterError, match=message):
        build()


def test_bad_games_and_partners():
    sheet = TermSheet([Fixed({"Z": 1}), Tranche(split="equal")])
    with pytest.raises(InvalidParameterError, match="clause 'fixed' names \\['Z'\\], who are not partners"):
        sheet.evaluate(game())
    with pytest.raises(InvalidParameterError, match="`game` must be a coalition.Game"):
        sheet.evaluate({"A": 1})
    with pytest.raises(InvalidParameterError, match="`stakes` names"):
        TermSheet([Tranche(split="equal")], stakes={"Z": 1}).evaluate(game())
    with pytest.raises(InfeasibleError, match="ceilings .* below the total"):
        TermSheet([Tranche(split="equal"), Ceiling(amount=20)]).evaluate(game())
    sheet = TermSheet([Tranche(percent=50, split="stakes"), Tranche(split="equal")], stakes={"A": 1})
    with pytest.raises(InvalidParameterError, match="`free` has 'tranche 9'"):
        sheet.repair(game(), ["tranche 9"])
    with pytest.raises(InvalidParameterError, match="`grid` must be an integer >= 3"):
        sheet.repair(game(), ["tranche 1"], grid=1)
    with pytest.raises(InvalidParameterError, match=r"`bounds\['tranche 1.size'\]` must be"):
        sheet.repair(game(SYMMETRIC), ["tranche 1"], bounds={"tranche 1.size": (5, 1)})
    with pytest.raises(InvalidParameterError, match="`n_scenarios` must be a positive integer"):
        sheet.stress(lambda rng: game())
    with pytest.raises(InvalidParameterError, match="every scenario must have"):
        sheet.stress([game(), game({"A": 1, "B": 1, "A+B": 3})])
    with pytest.raises(InvalidParameterError, match="`against` has 'Shapely'"):
        sheet.check(game(), against=["Shapely"])
    with pytest.raises(InvalidParameterError, match="the sheet has no ExitTerms"):
        sheet.exit_payment(game(), "A")


def test_check_reuses_a_tranche_rule_only_when_it_is_the_same_rule():
    g = game()
    rep = TermSheet([Tranche(split="Shapley")]).check(g)
    np.testing.assert_allclose(rep.reference[:, 0], co.shapley(g).x)
    np.testing.assert_allclose(rep.distance[0], 0.0, atol=1e-12)
    # a label of the registry bound to another function is solved afresh
    rep = TermSheet([Tranche(split="Shapley")]).check(g, against={"Shapley": co.equal_split})
    np.testing.assert_allclose(rep.reference[:, 0], co.equal_split(g).x)


def test_a_loss_is_shared_by_the_tranche_rule():
    # a sheet whose one tranche is split by a rule gives that rule, a loss too
    g = co.Game.from_dict({"A": -10, "B": -20, "C": -5, "A+B": -20, "A+C": -12, "B+C": -22, "A+B+C": -30})
    got = TermSheet([Tranche(split="Shapley")]).evaluate(g)
    np.testing.assert_allclose(got.x, co.shapley(g).x, atol=1e-12)
    assert got.clauses == ("tranche 1",) and got.notes == ()
    # half the loss equally, the rest of it by Shapley
    got = TermSheet([Tranche(percent=50, split="equal"), Tranche(split="Shapley")]).evaluate(g)
    np.testing.assert_allclose(got.x, -5.0 + co.shapley(g).x / 2, atol=1e-12)


def test_fixed_payments_beyond_the_total_are_cut_with_a_note():
    g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B+C": 100}, fill="superadditive")
    got = TermSheet([Fixed({"A": 120}), Tranche(split="equal")]).evaluate(g)
    np.testing.assert_allclose(got.x, [100, 0, 0], atol=1e-12)
    assert any("pay out 120, more than the total 100: the payments are cut pro rata by 20" in note
               for note in got.notes)


def test_repair_finds_a_stable_stretch_narrower_than_its_grid():
    # stable only for a first tranche of 2.82 to 2.96 (of 100): between two
    # points of the default grid (a step of 0.25); found from the least
    # excess of the grid, which is piecewise linear in the size
    rng = np.random.default_rng(128)
    g = positive_game(3, rng)
    sheet = TermSheet([Tranche(percent=float(rng.uniform(30, 90)), split="stakes"),
                       Tranche(split={"Shapley": 0.5, "equal split": 0.5})],
                      stakes={"P0": 1.0, "P1": float(rng.uniform(0, 0.2))})
    rep = sheet.repair(g, ["tranche 1"])
    option = rep.options[0]
    assert option.success and co.in_core(g, option.allocation.x)
    oracle = _grid_oracle(sheet, g, option.parameter, *option.bounds, points=2001)
    assert abs(option.after - oracle) <= 0.05 + 1e-9
