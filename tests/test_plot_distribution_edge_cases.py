"""A share that is the same in every scenario of positive probability is drawn where it is."""

import numpy as np
import pytest

import coalition as co

matplotlib = pytest.importorskip("matplotlib", reason="coalition.plot needs matplotlib (the `plots` extra)")
matplotlib.use("Agg")


def test_the_line_of_a_constant_share_ignores_scenarios_of_weight_zero():
    never = co.Game.from_dict({"A": 0, "B": 0, "A+B": -100})
    sure = co.Game.from_dict({"A": 0, "B": 0, "A+B": 10})
    d = co.share_distribution(co.ScenarioGame([never, sure], weights=[0.0, 1.0]))
    fig = co.plot.distribution(d)
    ax = fig.axes[0]
    lines = [ln for ln in ax.lines if ln.get_marker() in ("None", "", None) and len(ln.get_xdata()) == 2
             and ln.get_linewidth() == 2]
    assert len(lines) == 2  # one line per partner, no density
    # each partner's Shapley share is 5 in the only scenario that happens
    np.testing.assert_allclose([ln.get_ydata() for ln in lines], [[5.0, 5.0], [5.0, 5.0]])
    matplotlib.pyplot.close(fig)
