"""Networks of partners as :class:`networkx.Graph` objects: hub and spoke, chain, complete, several hubs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from .._numbers import _show
from ..errors import InvalidParameterError
from ..game._graph import _by_name, _listing
from ._checks import _choice, _edge_weights, _names

__all__ = ['hub_and_spoke', 'chain', 'complete', 'multi_hub']


# graph shapes
def hub_and_spoke(hub: str, spokes: Iterable[str], *, weights: Any = None) -> nx.Graph:
    """A hub linked to every spoke; the spokes are not linked to each other.

    Parameters
    ----------
    hub : str
        Name of the hub partner.
    spokes : sequence of str
        Names of the spoke partners (at least one). A single string is one
        spoke: ``hub_and_spoke("Hub", "Supplier")`` has one spoke named
        ``"Supplier"``, not one per letter.
    weights : sequence of float or dict, optional
        A number per spoke (or ``{spoke: number}``), stored as the ``"weight"``
        attribute of its link: for example the synergy of the pair, read by
        :func:`synergy_game`.

    Returns
    -------
    networkx.Graph
        Nodes in the order hub, spokes, each with the boolean attribute
        ``"hub"``.

    Raises
    ------
    InvalidParameterError
        On no spokes, a duplicated or empty name, a name that is not a string
        or an integer (None, a bool, a float...), the hub among the spokes,
        weights that do not match the spokes (two keys with one name, such
        as ``1`` and ``"1"``), or a weight that is not a real number (a
        string, a bool, a complex number), not finite, or above 1e150 in
        magnitude (the bound of every worth in the library).

    Examples
    --------
    >>> import coalition as co
    >>> g = co.network.hub_and_spoke("Tesla", ["Panasonic", "Toyota"], weights=[30, 10])
    >>> list(g.edges(data="weight"))
    [('Tesla', 'Panasonic', 30.0), ('Tesla', 'Toyota', 10.0)]
    >>> g.nodes["Tesla"]["hub"], g.nodes["Toyota"]["hub"]
    (True, False)
    """
    hub_name = _names([hub], "hub")[0]
    if isinstance(spokes, str):
        spokes = [spokes]
    spoke_names = _names(spokes, "spokes")
    if hub_name in spoke_names:
        raise InvalidParameterError(f"`spokes` names the hub {hub_name!r}")
    graph = nx.Graph()
    graph.add_node(hub_name, hub=True)
    graph.add_nodes_from(spoke_names, hub=False)
    if weights is None:
        graph.add_edges_from((hub_name, s) for s in spoke_names)
        return graph
    if isinstance(weights, Mapping):
        given = _by_name(weights, "weights")
        known = set(spoke_names)
        unknown = [k for k in given if k not in known]
        if unknown:
            raise InvalidParameterError(f"`weights` names {_listing(unknown)}, which are not spokes")
        absent = [s for s in spoke_names if s not in given]
        if absent:
            raise InvalidParameterError(f"`weights` has no weight for the spokes {_listing(absent)}")
        weights = [given[s] for s in spoke_names]
    w = _edge_weights(weights, len(spoke_names))
    graph.add_edges_from((hub_name, s, {"weight": float(x)}) for s, x in zip(spoke_names, w))
    return graph


def chain(players: Iterable[str], *, weights: Any = None) -> nx.Graph:
    """Partners in a line: each linked to the next (a supply chain).

    Parameters
    ----------
    players : sequence of str
        Names, in chain order.
    weights : sequence of float, optional
        One number per link (``len(players) - 1``), stored as ``"weight"``.

    Returns
    -------
    networkx.Graph
        With the node attribute ``"hub"`` false everywhere.

    Raises
    ------
    InvalidParameterError
        On a duplicated or empty name, a name that is not a string or an
        integer, or weights of the wrong length, not real numbers, not
        finite or above 1e150 in magnitude.

    Examples
    --------
    >>> import coalition as co
    >>> list(co.network.chain(["Mine", "Smelter", "Mill"]).edges())
    [('Mine', 'Smelter'), ('Smelter', 'Mill')]
    """
    names = _names(players, "players")
    graph = nx.Graph()
    graph.add_nodes_from(names, hub=False)
    pairs = list(zip(names[:-1], names[1:]))
    if weights is None:
        graph.add_edges_from(pairs)
    else:
        w = _edge_weights(weights, len(pairs))
        graph.add_edges_from((a, b, {"weight": float(x)}) for (a, b), x in zip(pairs, w))
    return graph


def complete(players: Iterable[str]) -> nx.Graph:
    """Every partner linked to every other (a club): restriction to it
    changes nothing.

    Parameters
    ----------
    players : sequence of str

    Returns
    -------
    networkx.Graph

    Raises
    ------
    InvalidParameterError
        On a duplicated or empty name, or a name that is not a string or an
        integer.

    Examples
    --------
    >>> import coalition as co
    >>> co.network.complete(["A", "B", "C"]).number_of_edges()
    3
    """
    names = _names(players, "players")
    graph = nx.complete_graph(names)
    nx.set_node_attributes(graph, False, "hub")
    return graph


def multi_hub(groups: Mapping[str, Iterable[str]], *, hub_links: str = "complete") -> nx.Graph:
    """Several hubs, each with its own spokes, and the hubs linked together.

    Parameters
    ----------
    groups : dict
        ``{hub: [spokes...]}``; a hub may have no spokes.
    hub_links : {"complete", "chain"}, default "complete"
        Link every pair of hubs, or the hubs in a line in the order given.

    Returns
    -------
    networkx.Graph
        Nodes with the boolean attribute ``"hub"``.

    Raises
    ------
    InvalidParameterError
        On a name used twice, a name that is not a string or an integer, no
        hub, spokes that are not a list of names, or an unknown `hub_links`.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.network.multi_hub({"Star": ["A", "B"], "Sky": ["C"]})
    >>> sorted(g.edges())
    [('Sky', 'C'), ('Star', 'A'), ('Star', 'B'), ('Star', 'Sky')]
    """
    if not isinstance(groups, Mapping):
        raise InvalidParameterError(f"`groups` must be a dict of hub: spokes, got {type(groups).__name__}")
    _choice(hub_links, ("complete", "chain"), "hub_links")
    hubs = _names(list(groups), "groups")
    spokes_of = []
    for hub in groups:
        spokes = groups[hub]
        if isinstance(spokes, str):
            spokes = [spokes]
        elif isinstance(spokes, (Mapping, bytes)) or not isinstance(spokes, Iterable):
            raise InvalidParameterError(
                f"`groups[{_show(hub)}]` must be a list of spoke names, got {_show(spokes)}"
            )
        spokes = list(spokes)
        spokes_of.append(_names(spokes, f"groups[{_show(hub)}]") if spokes else ())
    everyone = list(hubs) + [s for group in spokes_of for s in group]
    _names(everyone, "groups")
    graph = nx.Graph()
    graph.add_nodes_from(hubs, hub=True)
    for hub, spokes in zip(hubs, spokes_of):
        graph.add_nodes_from(spokes, hub=False)
        graph.add_edges_from((hub, s) for s in spokes)
    if hub_links == "complete":
        graph.add_edges_from((a, b) for k, a in enumerate(hubs) for b in hubs[k + 1:])
    else:
        graph.add_edges_from(zip(hubs[:-1], hubs[1:]))
    return graph
