"""Power indices against the peer coopgame-py 0.3.0, from answers stored in
``tests/data/coopgame_power_indices.json`` (written by
``benchmarks/peer_power.py``), on both routes: the weighted voting game's own
route and the plain table."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import coalition as co

DATA = json.loads((Path(__file__).parent / "data" / "coopgame_power_indices.json").read_text())
CASES = DATA["cases"]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['weights']}-{c['quota']}" for c in CASES])
@pytest.mark.parametrize("route", ["weights", "table"])
def test_power_indices_agree_with_the_peer(case, route):
    g = co.families.weighted_voting(case["weights"], case["quota"])
    n = g.n
    if route == "table":
        g = co.Game(g.values, players=g.players)
    tol = {"rtol": 1e-12, "atol": 1e-15}
    np.testing.assert_allclose(co.johnston(g).x, case["johnston"], **tol)
    np.testing.assert_allclose(co.deegan_packel(g).x, case["deegan_packel"], **tol)
    np.testing.assert_allclose(co.public_good(g).x, case["public_good"], **tol)
    prevent, initiate = co.coleman(g)
    np.testing.assert_allclose(prevent.x, case["coleman_prevent"], **tol)
    np.testing.assert_allclose(initiate.x, case["coleman_initiative"], **tol)
    np.testing.assert_allclose(co.banzhaf(g).x * 2 ** (n - 1), case["swings"], rtol=1e-12)
    ours = {tuple(g.players.index(p) for p in c) for c in co.minimal_winning_coalitions(g)}
    assert ours == {tuple(c) for c in case["minimal_winning"]}
