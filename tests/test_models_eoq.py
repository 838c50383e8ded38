"""EOQ inventory games (Meca, Timmer, García-Jurado and Borm 2004) and the
share of ordering costs.

Oracles: the published example of the R package Inventorymodel; the joint
cost minimised numerically over the number of joint orders (not the closed
form); the core by the library's own check on random instances.
"""

import math
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize

import coalition as co
from coalition.errors import InvalidGameError, InvalidParameterError


def test_inventorymodel_published_example():
    """R package Inventorymodel 1.1.0.1 (A. Saavedra-Nieves, I. García-Jurado
    and M. G. Fiestras-Janeiro; CRAN), help page ``SOC`` and ``EOQ``:
    ``a <- 600; d <- c(500, 300, 400); h <- c(9.6, 11, 10)``. Printed costs
    per coalition (1), (2), (3), (1,2), (1,3), (2,3), (1,2,3): 2400.000,
    1989.975, 2190.890, 3117.691, 3249.615, 2959.730, 3810.512; the SOC
    shares of the grand coalition 1511.608, 1039.230, 1259.673 (and of
    (1,2): 1847.521, 1270.171; (1,3): 1772.517, 1477.098; (2,3): 1337.960,
    1621.770); the optimal orders of the grand coalition 157.4592, 94.4755,
    125.9673."""
    g = co.models.eoq_inventory(600, [500, 300, 400], [9.6, 11, 10])
    printed = {"P1": 2400.000, "P2": 1989.975, "P3": 2190.890, "P1+P2": 3117.691, "P1+P3": 3249.615,
               "P2+P3": 2959.730, "P1+P2+P3": 3810.512}
    for coalition, cost in printed.items():
        assert g.value(coalition.split("+")) == pytest.approx(cost, abs=5e-4)
    np.testing.assert_allclose(co.models.soc_split(g).x, [1511.608, 1039.230, 1259.673], atol=5e-4)
    for members, shares in ((["P1", "P2"], [1847.521, 1270.171]), (["P1", "P3"], [1772.517, 1477.098]),
                            (["P2", "P3"], [1337.960, 1621.770])):
        np.testing.assert_allclose(co.models.soc_split(g.subgame(members)).x, shares, atol=5e-4)
    orders = g.order_sizes(["P1", "P2", "P3"])
    np.testing.assert_allclose(list(orders.values()), [157.4592, 94.4755, 125.9673], atol=5e-5)


def _joint_cost(a, d, h):
    """min over m > 0 orders per unit of time of a m + sum h_i d_i / (2 m):
    every member orders d_i / m each time and holds half of it on average."""
    if float(np.dot(d, h)) == 0:
        return 0.0
    f = lambda m: a * m + float(np.dot(h, d)) / (2 * m)  # noqa: E731
    res = optimize.minimize_scalar(f, bounds=(1e-9, 1e6), method="bounded", options={"xatol": 1e-12})
    return res.fun


def test_costs_against_the_numerical_optimum():
    a, d, h = 50.0, np.array([120.0, 40.0, 75.0, 10.0]), np.array([2.0, 0.5, 1.5, 4.0])
    g = co.models.eoq_inventory(a, d, h)
    for mask in range(1, 16):
        pos = [i for i in range(4) if mask >> i & 1]
        assert g.values[mask] == pytest.approx(_joint_cost(a, d[pos], h[pos]), rel=1e-6)


@settings(max_examples=40, deadline=None)
@given(st.floats(0.5, 1e3), st.lists(st.tuples(st.floats(0, 1e3), st.floats(0, 50)), min_size=1, max_size=7))
def test_soc_is_efficient_and_in_the_core(a, firms):
    d, h = np.array([f[0] for f in firms]), np.array([f[1] for f in firms])
    g = co.models.eoq_inventory(a, d, h)
    x = co.models.soc_split(g).x
    assert x.sum() == pytest.approx(g.grand_value, rel=1e-9, abs=1e-9)
    assert co.in_core(g, x)


def test_model_behaviour_and_bad_input():
    g = co.models.eoq_inventory(10, [4, 9], [1, 1], players=["A", "B"])
    assert g.kind == "cost" and g.family == "EOQ inventory"
    assert g.value("A") == pytest.approx(math.sqrt(80))
    h = pickle.loads(pickle.dumps(g))
    np.testing.assert_allclose(h.values, g.values)
    assert co.models.soc_split(co.models.eoq_inventory(10, [0, 0], [1, 1])).x.tolist() == [0.0, 0.0]
    with pytest.raises(InvalidParameterError, match="ordering_cost"):
        co.models.eoq_inventory(0, [1], [1])
    with pytest.raises(InvalidParameterError, match="demands"):
        co.models.eoq_inventory(1, [-1, 2], [1, 1])
    with pytest.raises(InvalidParameterError, match="holding"):
        co.models.eoq_inventory(1, [1, 2], [1])
    with pytest.raises(InvalidParameterError, match="players"):
        co.models.eoq_inventory(1, [1, 2], [1, 1], players=["A"])
    with pytest.raises(InvalidGameError, match="EOQ"):
        co.models.soc_split(co.Game([0, 1, 1, 2]))
