"""compare(): rules side by side with stability verdicts."""

import json
import re

import numpy as np
import pytest

import coalition as co
from coalition.errors import InvalidAllocationError, InvalidParameterError


def _brute_worst(v, n, x):
    """Largest excess over proper non-empty coalitions, by enumeration."""
    best, who = -np.inf, None
    for s in range(1, (1 << n) - 1):
        e = v[s] - sum(x[i] for i in range(n) if s >> i & 1)
        if e > best:
            best, who = e, s
    return best, who


@pytest.fixture
def venture():
    # Illustrative three-partner venture with a non-empty, non-trivial core.
    return co.Game.from_dict(
        {"Hub": 10, "Battery": 5, "Plant": 3, "Hub+Battery": 40, "Hub+Plant": 20, "Battery+Plant": 10, "Hub+Battery+Plant": 60}
    )


def test_columns_equal_the_rules_and_verdicts_match_enumeration(venture):
    proposal = {"Hub": 10, "Battery": 42, "Plant": 8}
    c = co.compare(venture, proposal=proposal)
    assert c.rules == ("Shapley", "nucleolus", "equal surplus", "proportional", "Nash", "proposal")
    np.testing.assert_allclose(c.shares[:, 0], co.shapley(venture).x)
    np.testing.assert_allclose(c.shares[:, 1], co.nucleolus(venture).x, atol=1e-9)
    np.testing.assert_allclose(c.shares[:, 2], co.equal_surplus(venture).x)
    np.testing.assert_allclose(c.shares[:, 3], co.proportional(venture).x)
    np.testing.assert_allclose(c.shares[:, 4], co.nash_bargaining(venture).x)
    v = venture.values
    for j in range(len(c.rules)):
        worst, who = _brute_worst(v, 3, c.shares[:, j])
        assert c.in_core[j] == (worst <= 1e-9)
        if worst > 1e-9:
            assert c.worst_blocking[j].members == venture.members(who)
            assert c.worst_blocking[j].gain == pytest.approx(worst)
        else:
            assert c.worst_blocking[j] is None
    assert c.in_core[-1] is False and c.worst_blocking[-1] == (("Hub", "Plant"), 2.0)
    bounds = co.core_bounds(venture)
    np.testing.assert_allclose(c.bounds.lower, bounds.lower)
    np.testing.assert_allclose(c.bounds.upper, bounds.upper)


def test_outputs_carry_the_same_numbers(venture):
    c = co.compare(venture, rules=["Shapley", "equal split"], proposal=[30, 20, 10])
    data = json.loads(c.to_json())
    assert [r["rule"] for r in data["rules"]] == ["Shapley", "equal split", "proposal"]
    np.testing.assert_allclose(data["rules"][0]["shares"], co.shapley(venture).x)
    assert data["core_bounds"]["Hub"] == list(co.core_bounds(venture)["Hub"])
    md = c.to_markdown()
    assert md.splitlines()[0].startswith("| partner | Shapley | equal split | proposal |")
    assert "in the core?" in md and "in the core?" in repr(c) and "<table>" in c._repr_html_()
    frame = c.to_frame()
    assert list(frame.columns) == ["Shapley", "equal split", "proposal"] and frame.loc["Hub", "proposal"] == 30
    assert c["proposal"] == {"Hub": 30.0, "Battery": 20.0, "Plant": 10.0}


def test_cost_game_speaks_costs():
    g = co.families.airport([8, 11, 13, 18])
    c = co.compare(g, rules=["Shapley", "nucleolus"], proposal=[9, 0, 0, 9])
    assert c.kind == "cost" and "pays less alone" in repr(c)
    np.testing.assert_allclose(list(c["Shapley"].values()), [2, 3, 4, 9])
    # The airport game is concave, so its Shapley cost shares are in the core.
    assert c.in_core[0] is True
    # P1 is asked to pay 9 but would pay 8 alone: it saves 1 by leaving; every
    # other coalition pays at most its own cost.
    assert c.in_core[-1] is False and c.worst_blocking[-1] == (("P1",), 1.0)


def test_custom_rules_and_non_applicable_rules():
    g = co.Game.from_dict({"A": -1, "B": 2, "A+B": 5})
    c = co.compare(g, rules={"mine": lambda game: [1.0, 4.0], "prop": "proportional"})
    assert c["mine"] == {"A": 1.0, "B": 4.0}
    assert np.isnan(c.shares[:, 1]).all() and c.in_core[1] is None
    assert any("prop: not applicable" in n for n in c.notes)


def test_large_games_skip_table_rules_and_estimate_shapley():
    # six decimals: as integers the weights total 8.4e8, beyond the exact route; Shapley is estimated
    w = np.arange(1, 41, dtype=float) + 0.123457
    g = co.families.weighted_voting(w, w.sum() / 2 + 1)
    c = co.compare(g, rules=["Shapley", "nucleolus", "equal surplus"], seed=3)
    lo, hi = c.intervals["Shapley"]
    assert np.all(lo <= c.shares[:, 0]) and np.all(c.shares[:, 0] <= hi)
    assert np.isnan(c.shares[:, 1]).all()
    assert any("nucleolus: skipped" in n for n in c.notes) and c.bounds is None
    assert all(s is None for s in c.in_core)
    # With a closed form, no estimate is needed.
    a = co.compare(co.families.airport(np.linspace(1, 2, 40)), rules=["Shapley"])
    assert "Shapley" not in a.intervals and a.shares[:, 0].sum() == pytest.approx(2.0)


def test_bad_input():
    g = co.Game([0, 1, 2, 6])
    with pytest.raises(InvalidParameterError, match="`rules`"):
        co.compare(g, rules=["Shapley", "median"])
    with pytest.raises(InvalidParameterError, match="`rules`"):
        co.compare(g, rules="Shapley")
    with pytest.raises(InvalidParameterError, match="distinct"):
        co.compare(g, rules={"proposal": "Shapley"})
    with pytest.raises(InvalidAllocationError, match="`proposal`"):
        co.compare(g, proposal=[1, 2, 3])
    with pytest.raises(InvalidAllocationError, match="`proposal`"):
        co.compare(g, proposal={"P1": 1, "P9": 2})
    with pytest.raises(co.InvalidGameError, match="`game`"):
        co.compare({"A": 1})
    with pytest.raises(InvalidParameterError, match="returned shape"):
        co.compare(g, rules={"bad": lambda game: [1.0]})


def test_power_indices_by_name_in_compare():
    g = co.families.weighted_voting([3, 2, 1, 1], 4)
    c = co.compare(g, rules=["Johnston", "Deegan-Packel", "public good"])
    shares = np.asarray(c.shares)
    for j, rule in enumerate([co.johnston, co.deegan_packel, co.public_good]):
        np.testing.assert_allclose(shares[:, j], rule(g).x)
    # a game that is not simple: the index is not applicable, with the reason
    other = co.Game.from_dict({"A": 1, "B": 2, "A+B": 5})
    c = co.compare(other, rules=["Shapley", "Johnston"])
    assert any("Johnston: not applicable" in note and "simple" in note for note in c.notes)


def test_single_valued_solutions_by_name_in_compare():
    g = co.Game.from_dict({"A": 1, "B": 2, "C": 0, "A+B": 6, "A+C": 4, "B+C": 5, "A+B+C": 10})
    names = ["tau-value", "Gately", "ENSC", "solidarity", "LS prenucleolus"]
    rules = [co.tau_value, co.gately, co.ensc, co.solidarity_value, co.least_square_prenucleolus]
    shares = np.asarray(co.compare(g, rules=names).shares)
    for j, rule in enumerate(rules):
        np.testing.assert_allclose(shares[:, j], rule(g).x)


def test_rule_names_are_read_without_case_spaces_or_underscores(venture):
    c = co.compare(venture, rules=["shapley", "tau_value", "least_square_prenucleolus", "dutta ray"])
    assert c.rules == ("Shapley", "tau-value", "LS prenucleolus", "Dutta-Ray")
    np.testing.assert_allclose(c.shares[:, 1], co.tau_value(venture).x)
    np.testing.assert_allclose(c.shares[:, 0], co.shapley(venture).x)


@pytest.mark.parametrize("rules, fragment", [
    (["Shapley", "shapley"], "distinct"),
    (["shapely"], "`rules` has 'shapely'; known rules are Shapley, nucleolus"),
    ("Shapley", "must be a list of rule names"),
    (co.shapley, "must be a list of rule names"),
    ([], "`rules` is empty"),
])
def test_bad_rule_names(venture, rules, fragment):
    with pytest.raises(co.InvalidParameterError, match=re.escape(fragment)):
        co.compare(venture, rules=rules)


def test_cis_is_found_by_name_as_the_equal_surplus_rule():
    g = co.Game([0, 1, 2, 6])
    c = co.compare(g, rules=["CIS", "Shapley"])
    assert c.rules == ("equal surplus", "Shapley")
    np.testing.assert_allclose(c.shares[:, 0], [2.5, 3.5])  # standalone worths 1 and 2, surplus 3 shared
