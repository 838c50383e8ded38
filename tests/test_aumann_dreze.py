"""The Aumann-Dreze value against its definition, the peer coopgame-py and
published Shapley values.

Oracles: the Shapley value of each bloc's subgame by all orders of its
members (``tests/oracles.py``); the answers of coopgame-py 0.3.0 on seeded
random games, stored in ``tests/data/coopgame_aumann_dreze.json`` by
``benchmarks/peer_aumann_dreze.py``; with the grand coalition as the only
bloc the value is the Shapley value, checked on the glove game's published
value (Wikipedia, 'Shapley value', section 'Glove game': 1/6, 1/6, 2/3).
Aumann and Dreze (1974), section 3: the value is efficient within each bloc
(relative efficiency), and the players of one bloc are unaffected by the
worths of coalitions that reach outside it.
"""

from __future__ import annotations

import itertools
import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coalition as co
from coalition.errors import InvalidGameError, InvalidParameterError
from tests.oracles import shapley_by_orders

DATA = Path(__file__).parent / "data" / "coopgame_aumann_dreze.json"


@st.composite
def games_with_blocs(draw, max_n=6):
    n = draw(st.integers(1, max_n))
    vals = draw(st.lists(st.integers(-10, 30), min_size=(1 << n) - 1, max_size=(1 << n) - 1))
    labels = draw(st.lists(st.integers(0, n - 1), min_size=n, max_size=n))
    g = co.Game(np.array([0.0, *vals]))
    blocs = [[g.players[i] for i in range(n) if labels[i] == b] for b in sorted(set(labels))]
    return g, blocs


def oracle(g, blocs):
    x = np.empty(g.n)
    for bloc in blocs:
        pos = [g.players.index(p) for p in bloc]
        k = len(pos)
        sub = np.array([g.worths[sum(1 << pos[j] for j in range(k) if m >> j & 1)] for m in range(1 << k)])
        x[pos] = shapley_by_orders(sub, k)
    return x


@given(games_with_blocs())
def test_shapley_of_each_bloc_subgame(case):
    g, blocs = case
    x = co.aumann_dreze(g, blocs).x
    np.testing.assert_allclose(x, oracle(g, blocs), atol=1e-9)
    for bloc in blocs:  # relative efficiency: each bloc shares its own worth
        pos = [g.players.index(p) for p in bloc]
        assert abs(x[pos].sum() - g.value(bloc)) <= 1e-9


@given(games_with_blocs(max_n=5), st.integers(-20, 20))
def test_worths_across_blocs_do_not_matter(case, shift):
    g, blocs = case
    if len(blocs) < 2:
        return
    owner = {p: k for k, bloc in enumerate(blocs) for p in bloc}
    v = g.worths.copy()
    for m in range(1, 1 << g.n):
        if len({owner[p] for p in g.members(m)}) > 1:
            v[m] += shift
    np.testing.assert_allclose(co.aumann_dreze(co.Game(v), blocs).x, co.aumann_dreze(g, blocs).x, atol=1e-9)


def test_extreme_structures():
    g = co.Game([0, 0, 0, 0, 0, 1, 1, 1], players=["1", "2", "3"])  # the glove game
    x = co.aumann_dreze(g, [["1", "2", "3"]]).x
    np.testing.assert_allclose(x, [float(Fraction(1, 6)), float(Fraction(1, 6)), float(Fraction(2, 3))])
    np.testing.assert_allclose(co.aumann_dreze(g, [["1"], ["2"], ["3"]]).x, g.standalone)
    # 1 and 3 in a bloc: they split their pair's worth equally, 2 alone gets 0
    np.testing.assert_allclose(co.aumann_dreze(g, {"a": "1+3", "b": ["2"]}).x, [0.5, 0.0, 0.5])


def test_matches_coopgame():
    doc = json.loads(DATA.read_text())
    assert len(doc["cases"]) >= 12
    for case in doc["cases"]:
        g = co.Game(case["values"])
        blocs = [[g.players[i] for i in b] for b in case["blocs"]]
        np.testing.assert_allclose(co.aumann_dreze(g, blocs).x, case["aumann_dreze"], atol=1e-9)


def test_cost_game_shares_each_blocs_cost():
    g = co.Game([0, 5, 6, 8, 7, 10, 11, 14], kind="cost", players=["A", "B", "C"])
    a = co.aumann_dreze(g, [["A", "B"], ["C"]])
    assert a.kind == "cost" and a.rule == "Aumann-Dreze"
    np.testing.assert_allclose(a.x, [3.5, 4.5, 7.0])  # A, B share 8 (standalones 5, 6); C pays 7


def test_bad_input():
    g = co.Game([0, 1, 2, 6], players=["A", "B"])
    with pytest.raises(InvalidParameterError, match="`blocs`.*partition.*'B'.*no bloc"):
        co.aumann_dreze(g, [["A"]])
    with pytest.raises(InvalidParameterError, match="`blocs` names 'Z'"):
        co.aumann_dreze(g, [["A", "Z"], ["B"]])
    with pytest.raises(InvalidParameterError, match="more than one bloc"):
        co.aumann_dreze(g, [["A", "B"], ["B"]])
    with pytest.raises(InvalidParameterError, match="`blocs` must be"):
        co.aumann_dreze(g, "A")
    with pytest.raises(InvalidGameError, match="`game`"):
        co.aumann_dreze([0, 1], [["A"]])


def test_values_printed_in_the_coopgame_documentation():
    """Published examples of the Rust crate coopgame 0.3.1 (the engine of
    coopgame-py; docs.rs, README 'coalition structures'): the game
    v(12) = 4, v(13) = 6, v(23) = 8, v(N) = 12 (others 0) with blocs
    {1, 2}, {3} prints Aumann-Dreze [2.0000, 2.0000, 0.0000] and Owen
    [3.5000, 4.5000, 4.0000]; its Python test gives [2.5, 2.5, 4, 4] for the
    four-player game 0,0,0,0,5,5,8,9,10,8,13,15,16,17,21 (lexicographic
    order) with blocs {1, 2}, {3, 4}. By hand: each bloc splits its own
    worth equally (v(12) = 4; v(12) = 5 and v(34) = 8), and the Owen value
    is the mean of the four orders that keep {1, 2} together."""
    lex3 = {"P1": 0, "P2": 0, "P3": 0, "P1+P2": 4, "P1+P3": 6, "P2+P3": 8, "P1+P2+P3": 12}
    g3 = co.Game.from_dict(lex3)
    blocs = [["P1", "P2"], ["P3"]]
    np.testing.assert_allclose(co.aumann_dreze(g3, blocs).x, [2.0, 2.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(co.owen(g3, blocs).x, [3.5, 4.5, 4.0], atol=1e-12)
    names = ["P1", "P2", "P3", "P4"]
    lex_order = [c for k in range(1, 5) for c in itertools.combinations(names, k)]
    worths = [0, 0, 0, 0, 5, 5, 8, 9, 10, 8, 13, 15, 16, 17, 21]
    g4 = co.Game.from_dict({"+".join(c): w for c, w in zip(lex_order, worths)})
    np.testing.assert_allclose(co.aumann_dreze(g4, [["P1", "P2"], ["P3", "P4"]]).x, [2.5, 2.5, 4, 4], atol=1e-12)
