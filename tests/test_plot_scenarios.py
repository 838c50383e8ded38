"""The violin and ridge plots of share distributions, rendered headlessly (Agg):
each density drawn is scipy's weighted kernel density of the partner's shares,
the mean dot sits at the mean, and the bad inputs."""

import numpy as np
import pytest

import coalition as co
from coalition.errors import InvalidParameterError

matplotlib = pytest.importorskip("matplotlib", reason="coalition.plot needs matplotlib (the `plots` extra)")
matplotlib.use("Agg")
stats = pytest.importorskip("scipy.stats")


def _dist():
    g = [co.Game.from_dict({"A": 10, "B": 5, "C": 1, "A+B": v, "A+C": 12, "B+C": 7, "A+B+C": v + 4})
         for v in (20, 25, 40, 33)]
    return co.share_distribution(co.ScenarioGame(g, weights=[0.1, 0.2, 0.3, 0.4]))


def test_violins_are_the_weighted_densities_and_the_dots_the_means(tmp_path):
    d = _dist()
    fig = co.plot.distribution(d)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["A", "B", "C"]
    polys = ax.collections
    assert len(polys) == 2  # C's share is the same in every scenario: a line, no violin
    for i, poly in enumerate(polys):
        verts = poly.get_paths()[0].vertices
        right = verts[verts[:, 0] > i + 1e-12]
        kde = stats.gaussian_kde(d.shares[:, i], weights=d.weights)
        f = kde(right[:, 1])
        np.testing.assert_allclose(right[:, 0] - i, f / kde(np.linspace(right[:, 1].min(), right[:, 1].max(),
                                                                        200)).max() * 0.4, rtol=1e-9)
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    np.testing.assert_allclose([line.get_ydata()[0] for line in dots], d.x)
    fig.savefig(tmp_path / "violin.png")


def test_ridge_puts_the_first_partner_on_top(tmp_path):
    d = _dist()
    fig = co.plot.distribution(d, style="ridge")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    ticks = ax.get_yticks()
    assert labels[int(np.argmax(ticks))] == "A"
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    np.testing.assert_allclose([line.get_xdata()[0] for line in dots], d.x)
    fig.savefig(tmp_path / "ridge.png")


def test_distribution_bad_input():
    with pytest.raises(InvalidParameterError, match="`dist` must be a ShareDistribution"):
        co.plot.distribution(co.Game.from_dict({"A": 1, "B": 1, "A+B": 3}))
    with pytest.raises(InvalidParameterError, match="`style`"):
        co.plot.distribution(_dist(), style="box")
