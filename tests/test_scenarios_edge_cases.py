"""Edge cases of the scenario figures against definitions computed by hand."""

import numpy as np

import coalition as co


def _min_over_support(values, weights):
    """The 0-quantile of a discrete distribution: its least value of positive probability."""
    return min(v for v, w in zip(values, weights) if w > 0)


def test_zero_quantile_skips_scenarios_of_probability_zero():
    # The first scenario has weight 0: it never happens, so it cannot be the least share.
    never = co.Game.from_dict({"A": 0, "B": 0, "A+B": -100})
    low = co.Game.from_dict({"A": 0, "B": 0, "A+B": 10})
    high = co.Game.from_dict({"A": 0, "B": 0, "A+B": 30})
    weights = [0.0, 0.5, 0.5]
    d = co.share_distribution(co.ScenarioGame([never, low, high], weights=weights), quantiles=(0.0, 0.5, 1.0))
    shares = [-50.0, 5.0, 15.0]  # Shapley share of A in each scenario: half of v(A+B)
    assert d.quantiles[0, 0] == _min_over_support(shares, weights) == 5.0
    assert d.quantiles[1, 0] == 5.0  # F(5) = 0.5 reaches the level
    assert d.quantiles[2, 0] == 15.0


def test_top_quantile_skips_a_last_scenario_of_probability_zero():
    never = co.Game.from_dict({"A": 0, "B": 0, "A+B": 100})
    low = co.Game.from_dict({"A": 0, "B": 0, "A+B": 10})
    high = co.Game.from_dict({"A": 0, "B": 0, "A+B": 30})
    d = co.share_distribution(co.ScenarioGame([low, high, never], weights=[0.5, 0.5, 0.0]), quantiles=(1.0,))
    assert d.quantiles[0, 0] == 15.0  # the largest share of positive probability, not 50


def test_top_quantile_when_the_weights_add_up_to_just_under_one():
    # Weights are accepted within 1e-9 of 1: the level 1 must still be reached inside the support.
    never = co.Game.from_dict({"A": 0, "B": 0, "A+B": 100})
    low = co.Game.from_dict({"A": 0, "B": 0, "A+B": 10})
    high = co.Game.from_dict({"A": 0, "B": 0, "A+B": 30})
    sg = co.ScenarioGame([low, high, never], weights=[0.5, 0.5 - 5e-10, 0.0])
    d = co.share_distribution(sg, quantiles=(1.0,))
    assert d.quantiles[0, 0] == 15.0


def test_a_drawn_table_of_non_numbers_is_a_clear_error():
    import pytest

    from coalition.errors import InvalidGameError

    model = co.ScenarioGame(lambda rng: [0, 1, "x", 2], players=["A", "B"])
    with pytest.raises(InvalidGameError, match="`scenarios` returned a table"):
        co.share_distribution(model, n_scenarios=2)


def test_a_rule_that_returns_no_numbers_is_a_clear_error():
    import pytest

    from coalition.errors import InvalidParameterError

    sg = co.ScenarioGame([co.Game([0, 1, 1, 3.0])])
    with pytest.raises(InvalidParameterError, match="`rule`"):
        co.share_distribution(sg, lambda g: "ab")


def test_stress_when_every_feasible_scenario_has_weight_zero():
    import warnings

    from coalition.terms import Floor, TermSheet, Tranche, stress

    sheet = TermSheet([Tranche(split="equal"), Floor(standalone=1)])  # floors 10 + 20 above v(N) = 24
    fine = co.Game.from_dict({"A": 10, "B": 20, "A+B": 40})
    short = co.Game.from_dict({"A": 10, "B": 20, "A+B": 24})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rep = stress(sheet, co.ScenarioGame([fine, short], weights=[0.0, 1.0]))
    # the only scenario that happens cannot be settled: no share figures, never in the core
    assert rep.in_core_rate == 0.0
    assert np.isnan(rep.mean).all() and np.isnan(rep.quantiles).all() and np.isnan(rep.std).all()
    assert np.isnan(rep.below_standalone_rate).all()


def test_exact_scenarios_beyond_the_table_limit_report_no_sampling():
    # Airport games have an exact Shapley value without a table; the mean of listed airport
    # games is no airport game, and a sampled estimate of it must not be reported as a method.
    rng = np.random.default_rng(1)
    names = [f"R{i}" for i in range(21)]
    games = [co.families.airport(rng.uniform(1, 10, 21), players=names) for _ in range(3)]
    weights = np.array([0.2, 0.3, 0.5])
    d = co.share_distribution(co.ScenarioGame(games, weights=weights), budget=1000)
    shares = np.array([co.shapley(g).x for g in games])
    np.testing.assert_allclose(d.x, weights @ shares, rtol=1e-12)
    assert d.mean_exact and d.exact and d.mc_stderr is None
    assert "sampling" not in d.method


def test_the_worst_scenario_of_a_stress_is_one_that_happens():
    # an equal split of 30 between A (alone 5) and B (alone 20): B walks,
    # gaining 5; in the scenario of weight 0, B alone is worth 25 (gain 10)
    from coalition.terms import TermSheet, Tranche, stress

    sheet = TermSheet([Tranche(split="equal")])
    never = co.Game.from_dict({"A": 5, "B": 25, "A+B": 30})
    usual = co.Game.from_dict({"A": 5, "B": 20, "A+B": 30})
    rep = stress(sheet, co.ScenarioGame([never, usual], weights=[0.0, 1.0]))
    assert rep.worst == 1
    assert rep.max_excess[1] == 5.0 and rep.max_excess[0] == 10.0
    assert rep.in_core_rate == 0.0
