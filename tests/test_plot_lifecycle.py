"""The tornado and sweep figures: drawn data against the sensitivity and
sweep results (themselves checked in test_lifecycle), and bad inputs."""

from __future__ import annotations

import re
from math import factorial

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib", reason="coalition.plot needs matplotlib (the `plots` extra)")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import coalition as co  # noqa: E402
from coalition.errors import InvalidParameterError  # noqa: E402

GAME = co.Game.from_dict({"Hub": 10, "Battery": 5, "Plant": 3, "Hub+Battery": 40,
                          "Hub+Plant": 20, "Battery+Plant": 8, "Hub+Battery+Plant": 60})


def shapley_coefficient(n, size, member):
    if member:
        return factorial(size - 1) * factorial(n - size) / factorial(n)
    return -factorial(size) * factorial(n - size - 1) / factorial(n)


def test_tornado_bars_are_the_share_changes_of_plus_and_minus_the_change():
    fig = co.plot.tornado(co.sensitivity(GAME), "Plant", change=0.2, k=4)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    widths = {}
    for bar in ax.patches:
        y = round(bar.get_y() + bar.get_height() / 2)
        widths.setdefault(labels[y], []).append(bar.get_width())
    assert len(labels) == 4
    for name, (up, down) in widths.items():
        members = name.split("+")
        coef = shapley_coefficient(3, len(members), "Plant" in members)
        assert up == pytest.approx(0.2 * coef * GAME.value(name)) and down == pytest.approx(-up)
    spans = [abs(widths[name][0]) for name in labels]
    assert spans == sorted(spans)  # the widest on top
    plt.close(fig)


def test_sweep_draws_each_partners_share_against_the_parameter():
    def alliance(synergy, battery):
        return co.Game.from_dict({"Hub": 10, "Battery": battery, "Hub+Battery": 20 + synergy})

    s = co.sweep(alliance, {"synergy": [0, 5, 10], "battery": [2, 4]}, rules=["shapley"])
    fig = co.plot.sweep(s, "Shapley", param="synergy")
    lines = fig.axes[0].lines
    assert len(lines) == 4  # two partners x two batteries
    for line in lines:
        partner, battery = re.match(r"(\w+) \(battery=(\d+)\)", line.get_label()).groups()
        xs = line.get_xdata()
        expected = [co.shapley(alliance(x, int(battery)))[partner] for x in xs]
        np.testing.assert_allclose(line.get_ydata(), expected)
    plt.close(fig)


@pytest.mark.parametrize("call, fragment", [
    (lambda: co.plot.tornado(GAME, "Plant"), "`sensitivity` must be a Sensitivity"),
    (lambda: co.plot.tornado(co.sensitivity(GAME), "Solar"), "`partner` must be one of"),
    (lambda: co.plot.tornado(co.sensitivity(GAME), "Plant", change=0), "`change` must be a positive"),
    (lambda: co.plot.tornado(co.sensitivity(GAME), "Plant", k=0), "`k` must be a positive integer"),
    (lambda: co.plot.sweep(GAME, "Shapley"), "`result` must be a Sweep"),
    (lambda: co.plot.sweep(co.sweep(lambda a: GAME, {"a": [1]}), "Banzhaf"), "`rule` must be one of"),
    (lambda: co.plot.sweep(co.sweep(lambda a, b: GAME, {"a": [1], "b": [2]}), "Shapley"),
     "`param` must name one of ['a', 'b']"),
])
def test_bad_input(call, fragment):
    with pytest.raises(InvalidParameterError, match=re.escape(fragment)):
        call()
