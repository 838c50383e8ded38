"""Hostile input to every entry point of the values and networks modules.

Each public function of ``coalition.values`` and ``coalition.network`` is
called with one argument replaced by something a user might pass by mistake
(None, nan, inf, bools, complex numbers, strings where numbers go, empty
containers, duplicated names, integers beyond the float range or beyond what
Python will print, arrays where a choice goes, graphs whose nodes or links
carry such values). The only acceptable outcomes are a result whose numbers
are finite, or a :class:`coalition.CoalitionError`; a raw exception from
numpy, networkx or Python, or a RuntimeWarning (overflow, invalid value), fails.
"""

from __future__ import annotations

import math
import warnings

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coalition as co
from coalition import network as net

HUGE = 10**400  # beyond the float range
UNPRINTABLE = 10**5000  # beyond the 4,300 digits Python writes by default

FIXED = [
    None, math.nan, math.inf, -math.inf, True, False, np.bool_(True), 1 + 2j, 1 + 0j, np.complex128(2),
    "1", "abc", "", b"1", [], (), {}, set(), HUGE, -HUGE, UNPRINTABLE, 0, -1, 1e308, -1e308, 5e-324,
    1e151, [None], [math.nan], [True, False], [1 + 2j, 1], ["1", "2"], ["A", "A"], ["A", "B", "A"],
    [HUGE, 1], [UNPRINTABLE], [1e308, 1e308], [[1, 2], [3]], [1, [2]], np.array([1 + 1j, 2]),
    np.array([True, False]), np.array(["a", "b"]), np.array([np.nan, 1.0]), np.zeros((2, 2)),
    {"A": None}, {"A": HUGE, "B": 1}, {1: 1, "1": 2}, {"A": "1", "B": 2}, {None: 1}, object(),
    range(3), iter([1, 2]),
]

_ATOMS = st.one_of(
    st.none(), st.booleans(), st.floats(), st.integers(), st.integers(-(2**2000), 2**2000),
    st.text(max_size=4), st.complex_numbers(), st.sampled_from(["A", "B", "C", "P1", "H"]),
)
HOSTILE = st.one_of(
    st.sampled_from(FIXED),
    _ATOMS,
    st.lists(_ATOMS, max_size=4),
    st.dictionaries(st.sampled_from(["A", "B", "C", "X", 1, "1"]), _ATOMS, max_size=4),
)
# Where a large but valid number would start real work (a sampling budget, a
# thread count), only the fixed values and small integers.
HOSTILE_SMALL = st.one_of(st.sampled_from(FIXED), st.integers(-5, 50))

PLAYERS = ["A", "B", "C"]
BASE_GAMES = [
    co.Game.from_function(len, PLAYERS),
    co.Game([0.0, 1e150, -1e150, 0.0, 1e150, 0.0, 0.0, 1e150], players=PLAYERS),
    co.Game(np.array([0.0, 1, 2, 4, 3, 5, 6, 9]) * 1e-150, players=PLAYERS),
    co.families.airport([1.0, 2.0, 3.0], players=PLAYERS),
    co.families.weighted_voting([2, 1, 1], quota=3, players=PLAYERS),
]
CHAIN = net.chain(PLAYERS)


@st.composite
def hostile_graphs(draw):
    """A graph on the players (or not), whose nodes, links or attributes
    carry hostile values."""
    kind = draw(st.sampled_from(["edge weight", "node attribute", "extra node", "odd nodes", "empty", "not a graph"]))
    if kind == "not a graph":
        return draw(HOSTILE)
    if kind == "empty":
        return nx.Graph()
    graph = net.chain(PLAYERS, weights=[1.0, 2.0])
    if kind == "edge weight":
        graph.edges["A", "B"]["weight"] = draw(HOSTILE)
    elif kind == "node attribute":
        nx.set_node_attributes(graph, {"B": draw(HOSTILE)}, "size")
    elif kind == "extra node":
        node = draw(st.sampled_from([1, "1", 1.5, math.nan, (1, 2), True, HUGE, UNPRINTABLE, ""]))
        graph.add_edge("C", node, weight=1.0)
    else:
        graph = nx.Graph()
        graph.add_edges_from([(1, "1"), (True, 2), (HUGE, 3), (UNPRINTABLE, 4)][: draw(st.integers(1, 4))])
    return graph


def _check_result(result):
    for attr in ("x", "premium", "shapley"):
        value = getattr(result, attr, None)
        if value is not None:
            assert np.all(np.isfinite(np.asarray(value, dtype=float))), (attr, value)
    stderr = getattr(result, "stderr", None)
    if stderr is not None:  # inf where a budget too small leaves it unknown, never nan
        assert np.all(np.asarray(stderr) >= 0), stderr
    if isinstance(result, co.Game):  # a game built from the input: its numbers are usable
        assert math.isfinite(result.grand_value)
        assert np.all(np.isfinite(co.shapley(result).x))


def _call(entry, value, game):
    g, graph = game, net.chain(game.players)
    calls = {
        # values
        "shapley(game)": lambda: co.shapley(value),
        "banzhaf(game)": lambda: co.banzhaf(value),
        "banzhaf(normalized)": lambda: co.banzhaf(g, normalized=value),
        "weighted_shapley(game)": lambda: co.weighted_shapley(value, [1, 2, 3]),
        "weighted_shapley(weights)": lambda: co.weighted_shapley(g, value),
        "equal_split(game)": lambda: co.equal_split(value),
        "equal_surplus(game)": lambda: co.equal_surplus(value),
        "proportional(game)": lambda: co.proportional(value),
        "proportional(weights)": lambda: co.proportional(g, value),
        # graph builders
        "hub_and_spoke(hub)": lambda: net.hub_and_spoke(value, ["A", "B"]),
        "hub_and_spoke(spokes)": lambda: net.hub_and_spoke("H", value),
        "hub_and_spoke(weights)": lambda: net.hub_and_spoke("H", ["A", "B"], weights=value),
        "chain(players)": lambda: net.chain(value),
        "chain(weights)": lambda: net.chain(["A", "B", "C"], weights=value),
        "complete(players)": lambda: net.complete(value),
        "multi_hub(groups)": lambda: net.multi_hub(value),
        "multi_hub(groups value)": lambda: net.multi_hub({"H": value, "K": ["z"]}),
        "multi_hub(hub_links)": lambda: net.multi_hub({"H": ["a"], "K": []}, hub_links=value),
        # games on graphs
        "restrict(game)": lambda: net.restrict(value, CHAIN),
        "restrict(graph)": lambda: net.restrict(g, value),
        "synergy_game(graph)": lambda: net.synergy_game(value),
        "synergy_game(standalone)": lambda: net.synergy_game(CHAIN, standalone=value, attr=None),
        "synergy_game(attr)": lambda: net.synergy_game(net.chain(PLAYERS, weights=[1, 2]), attr=value),
        "synergy_game(kind)": lambda: net.synergy_game(CHAIN, attr=None, kind=value),
        # values on graphs
        "myerson(game)": lambda: co.myerson(value, CHAIN),
        "myerson(graph)": lambda: co.myerson(g, value),
        "myerson(method)": lambda: co.myerson(g, graph, method=value),
        "myerson(estimator)": lambda: co.myerson(g, graph, method="sample", budget=60, estimator=value),
        "position_value(game)": lambda: co.position_value(value, CHAIN),
        "position_value(graph)": lambda: co.position_value(g, value),
        "hub_report(game)": lambda: net.hub_report(value, CHAIN),
        "hub_report(graph)": lambda: net.hub_report(g, value),
        "hub_report(hubs)": lambda: net.hub_report(g, graph, hubs=value),
        "hub_report(method)": lambda: net.hub_report(g, graph, method=value),
    }
    small = {
        "myerson(budget)": lambda: co.myerson(g, graph, method="sample", budget=value, seed=1),
        "myerson(tol)": lambda: co.myerson(g, graph, method="sample", tol=value, seed=1),
        "myerson(confidence)": lambda: co.myerson(g, graph, method="sample", budget=60, confidence=value),
        "myerson(seed)": lambda: co.myerson(g, graph, method="sample", budget=60, seed=value),
        "myerson(threads)": lambda: co.myerson(g, graph, method="sample", budget=60, threads=value, seed=1),
        "hub_report(budget)": lambda: net.hub_report(g, graph, method="sample", budget=value, seed=1),
    }
    calls.update(small)
    return calls[entry]


ENTRIES = [
    "shapley(game)", "banzhaf(game)", "banzhaf(normalized)", "weighted_shapley(game)",
    "weighted_shapley(weights)", "equal_split(game)", "equal_surplus(game)", "proportional(game)",
    "proportional(weights)", "hub_and_spoke(hub)", "hub_and_spoke(spokes)", "hub_and_spoke(weights)",
    "chain(players)", "chain(weights)", "complete(players)", "multi_hub(groups)", "multi_hub(groups value)",
    "multi_hub(hub_links)", "restrict(game)", "synergy_game(standalone)", "synergy_game(attr)",
    "synergy_game(kind)", "myerson(game)", "myerson(method)", "myerson(estimator)", "position_value(game)",
    "hub_report(game)", "hub_report(hubs)", "hub_report(method)",
]
GRAPH_ENTRIES = ["restrict(graph)", "synergy_game(graph)", "myerson(graph)", "position_value(graph)",
                 "hub_report(graph)"]
SMALL_ENTRIES = ["myerson(budget)", "myerson(tol)", "myerson(confidence)", "myerson(seed)",
                 "myerson(threads)", "hub_report(budget)"]


def _outcome(call):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        try:
            result = call()
        except co.CoalitionError:
            return
    _check_result(result)


@pytest.mark.parametrize("entry", ENTRIES)
@given(value=HOSTILE, game=st.sampled_from(BASE_GAMES))
def test_hostile_argument_gives_a_result_or_a_library_error(entry, value, game):
    _outcome(_call(entry, value, game))


@pytest.mark.parametrize("entry", GRAPH_ENTRIES)
@given(graph=hostile_graphs(), game=st.sampled_from(BASE_GAMES))
def test_hostile_graph_gives_a_result_or_a_library_error(entry, graph, game):
    _outcome(_call(entry, graph, game))


@pytest.mark.parametrize("entry", SMALL_ENTRIES)
@given(value=HOSTILE_SMALL, game=st.sampled_from(BASE_GAMES))
def test_hostile_sampling_argument_gives_a_result_or_a_library_error(entry, value, game):
    _outcome(_call(entry, value, game))


@pytest.mark.parametrize("entry", ENTRIES + GRAPH_ENTRIES + SMALL_ENTRIES)
@pytest.mark.parametrize("value", FIXED, ids=lambda v: type(v).__name__)
def test_every_fixed_hostile_value(entry, value):
    # The fixed list in full on every entry point (hypothesis samples it).
    _outcome(_call(entry, value, BASE_GAMES[0]))


def test_messages_name_the_argument_and_what_came():
    g, chain = BASE_GAMES[0], CHAIN
    cases = [
        (lambda: co.proportional(g, [1, True, 2]),
         r"`weights\[1\]` must be a number, got the boolean True"),
        (lambda: co.weighted_shapley(g, ["1", 2, 3]),
         r"`weights\[0\]` must be a number, got '1' \(a string\)"),
        (lambda: co.weighted_shapley(g, [1, 2 + 1j, 3]),
         r"`weights\[1\]` must be a number, got \(2\+1j\) \(a complex number\)"),
        (lambda: co.proportional(g, [1, HUGE, 2]),
         r"`weights\[1\]` is an integer of 401 digits, too large for a float"),
        (lambda: net.chain(["A", None]),
         r"`players` entry 1 must be a name \(a string or an integer\), got None"),
        (lambda: net.hub_and_spoke("H", ["A", 1.5]), r"`spokes` entry 1 must be a name.*got 1.5 \(a float\)"),
        (lambda: net.hub_and_spoke(UNPRINTABLE, ["A"]), r"`hub` has a name that cannot be written as text"),
        (lambda: net.synergy_game(chain, standalone=[1, None, 2], attr=None), r"`standalone\[1\]` must be a number, got None"),
        (lambda: net.multi_hub({"H": 3}), r"`groups\['H'\]` must be a list of spoke names, got 3"),
        (lambda: co.myerson(g, chain, method=np.array(["exact"])), r"`method` must be 'auto', 'exact' or 'sample'"),
        (lambda: co.myerson(g, chain, method="sample", budget=HUGE), r"`budget` is an integer of 401 digits, too large for a float"),
    ]
    for call, match in cases:
        with pytest.raises(co.CoalitionError, match=match):
            call()
