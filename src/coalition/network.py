"""Networks of partners: hub-and-spoke graphs, graph-restricted games, the
Myerson value and the position value.

Many alliances are networks rather than clubs: a hub firm deals with each
spoke, and the spokes never deal with each other. Value can then only flow
along links. This module builds such networks as :class:`networkx.Graph`
objects whose nodes are the players, and the values that respect them.

- :func:`restrict` turns a game and a graph into the graph-restricted game
  of Myerson (1977): a coalition earns the sum of what its connected parts
  earn on their own.
- :func:`myerson` is the Shapley value of that game, :func:`position_value`
  credits each link and splits it between its two ends, :func:`hub_report`
  tells what a hub's central position earns it.
- :func:`synergy_game` reads pairwise synergies off the edges of a graph; its
  values have closed forms, so graphs with a million links are solved in
  seconds.

Graph nodes are matched to players by name (``str(node)``); every player must
be a node and every node a player. Graphs must be undirected, without
parallel edges or self-loops. The graph builders take names that are strings
or integers. Worths and synergies are real numbers of magnitude at most
1e150, as everywhere in the library.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np

from ._kernels import graph as _kg
from .errors import GameTooLargeError, InvalidGameError, InvalidParameterError
from .families.synergy import _synergy_from_arrays
from .game import Game
from .game._checks import MAX_ABS_WORTH, _check_kind, _check_players, _check_table_size
from .game._masks import _freeze
from .results import Allocation, Estimate, HubReport
from .values._checks import _check_game, _describe, _entry_problem, _real_array
from .values._semivalues import _semivalue, _shapley_weights

__all__ = [
    "hub_and_spoke",
    "chain",
    "complete",
    "multi_hub",
    "restrict",
    "RestrictedGame",
    "synergy_game",
    "myerson",
    "position_value",
    "hub_report",
]

# With ``method="auto"``, a game without a table is tabulated up to this many
# players (2**20 worths); beyond it the value is sampled.
_AUTO_DENSE_MAX_N = 20
# Largest bitmask a dense kernel can use.
_MAX_MASK_BITS = 62
# Work arrays of the lazy evaluator are kept near this many entries.
_CHUNK_ENTRIES = 1 << 22
# Exact Myerson value: the kernel that sums the restricted worths as it
# computes them gives way to a restricted table when more than this share of
# the coalitions of its first blocks need a component search (at n = 20 the
# table route was faster from about 15-25% on; stars need almost none,
# chains, trees, grids and sparse random graphs 30-80%).
_FUSED_MAX_FIX = 0.15
_METHODS = ("auto", "exact", "sample")


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------
def _listing(names: Sequence[Any], k: int = 6) -> str:
    shown = ", ".join(repr(p) for p in names[:k])
    return shown + (f" and {len(names) - k} more" if len(names) > k else "")


def _name_of(node: Any, arg: str) -> str:
    """``str(node)``, the name a node or key stands for, or a library error
    where Python cannot write it (an integer of more than 4,300 digits)."""
    try:
        return str(node)
    except ValueError:
        raise InvalidParameterError(
            f"`{arg}` has a name that cannot be written as text: {_describe(node)}"
        ) from None


def _by_name(mapping: Mapping[Any, Any], arg: str) -> dict[str, Any]:
    """``{str(key): value}``, refusing two keys with one name (``1`` and ``"1"``)."""
    out: dict[str, Any] = {}
    for key, val in mapping.items():
        name = _name_of(key, arg)
        if name in out:
            raise InvalidParameterError(f"`{arg}` has two keys named {name!r}; give each partner once")
        out[name] = val
    return out


def _check_graph(graph: Any, arg: str = "graph") -> nx.Graph:
    if not isinstance(graph, nx.Graph):
        raise InvalidParameterError(f"`{arg}` must be a networkx.Graph, got {type(graph).__name__}")
    if graph.is_directed():
        raise InvalidParameterError(
            f"`{arg}` is directed ({type(graph).__name__}); links between partners are "
            "undirected: pass graph.to_undirected()"
        )
    if graph.is_multigraph():
        raise InvalidParameterError(
            f"`{arg}` is a multigraph ({type(graph).__name__}); two partners are linked or not: "
            "pass networkx.Graph(graph)"
        )
    loops = [str(u) for u, _ in nx.selfloop_edges(graph)]
    if loops:
        raise InvalidParameterError(
            f"`{arg}` has self-loops at {_listing(loops)}; a link joins two distinct partners"
        )
    return graph


def _node_positions(players: Sequence[str], graph: nx.Graph, arg: str = "graph") -> dict[Any, int]:
    """Map every node to the position of the player of the same name."""
    index = {p: i for i, p in enumerate(players)}
    pos: dict[Any, int] = {}
    extra: list[str] = []
    taken: dict[int, Any] = {}
    for node in graph:
        name = _name_of(node, arg)
        i = index.get(name)
        if i is None:
            extra.append(name)
            continue
        if i in taken:
            raise InvalidParameterError(
                f"`{arg}` has two nodes named {name!r} ({taken[i]!r} and {node!r})"
            )
        taken[i] = node
        pos[node] = i
    if extra:
        raise InvalidParameterError(
            f"`{arg}` has {len(extra)} nodes that are not players of the game: "
            f"{_listing(extra)}; players are {_listing(list(players))}"
        )
    if len(pos) < len(players):
        missing = [p for i, p in enumerate(players) if i not in taken]
        raise InvalidParameterError(
            f"`{arg}` lacks {len(missing)} players of the game: {_listing(missing)}; "
            "add them (graph.add_nodes_from) as isolated nodes if they have no link"
        )
    return pos


def _links(players: Sequence[str], graph: Any, arg: str = "graph") -> np.ndarray:
    """The links of `graph` as an ``(m, 2)`` array of player positions, the
    smaller position first, after checking the graph against the players."""
    graph = _check_graph(graph, arg)
    pos = _node_positions(players, graph, arg)
    us: list[int] = []
    vs: list[int] = []
    for u, nbrs in graph.adjacency():
        i = pos[u]
        for w in nbrs:
            j = pos[w]
            if i < j:
                us.append(i)
                vs.append(j)
    links = np.empty((len(us), 2), dtype=np.int64)
    links[:, 0] = us
    links[:, 1] = vs
    return links


def _csr(n: int, links: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    src = np.concatenate([links[:, 0], links[:, 1]])
    dst = np.concatenate([links[:, 1], links[:, 0]])
    order = np.argsort(src, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
    return indptr, np.ascontiguousarray(dst[order])


def _adjacency_masks(n: int, links: np.ndarray) -> np.ndarray:
    """One int64 neighbour mask per player (n <= 62)."""
    adj = np.zeros(n, dtype=np.int64)
    one = np.int64(1)
    np.bitwise_or.at(adj, links[:, 0], one << links[:, 1])
    np.bitwise_or.at(adj, links[:, 1], one << links[:, 0])
    return adj


_KEYS: dict[int, np.ndarray] = {}


def _player_keys(n: int) -> np.ndarray:
    """A fixed random 64-bit key per player, for hashing coalitions."""
    if n not in _KEYS:
        _KEYS[n] = np.random.Generator(np.random.PCG64(0x5EED)).bit_generator.random_raw(n).astype(np.uint64)
    return _KEYS[n]


def _choice(value: Any, options: Sequence[str], arg: str) -> str:
    """`value` if it is one of the strings `options`, else a library error
    (compared as a string only: an array or a huge integer is refused)."""
    if not isinstance(value, str) or value not in options:
        listed = ", ".join(map(repr, options[:-1])) + f" or {options[-1]!r}"
        raise InvalidParameterError(f"`{arg}` must be {listed}, got {_describe(value)}")
    return value


def _check_method(method: Any) -> str:
    return _choice(method, _METHODS, "method")


def _is_name(p: Any) -> bool:
    return isinstance(p, str) or (isinstance(p, (int, np.integer)) and not isinstance(p, (bool, np.bool_)))


def _names(players: Any, arg: str) -> tuple[str, ...]:
    """Partner names given to a graph builder: strings or integers (named by
    ``str``), non-empty and distinct; anything else (None, a bool, a float, a
    list...) is refused rather than turned into a name."""
    if isinstance(players, Mapping):
        raise InvalidParameterError(f"`{arg}` must be a list of names, got a {type(players).__name__}")
    if not isinstance(players, (str, bytes, set, frozenset)):
        try:
            items = list(players)
        except TypeError:
            raise InvalidParameterError(
                f"`{arg}` must be a list of names, got {_describe(players)}"
            ) from None
        for k, p in enumerate(items):
            if not _is_name(p):
                kind = "" if p is None or isinstance(p, (list, tuple, dict, set)) else f" (a {type(p).__name__})"
                raise InvalidParameterError(
                    f"`{arg}` entry {k} must be a name (a string or an integer), got {_describe(p)}{kind}"
                )
        players = [_name_of(p, arg) for p in items]
    try:
        return _check_players(players, arg=arg)
    except InvalidGameError as exc:
        raise InvalidParameterError(str(exc)) from None


def _edge_weights(weights: Any, n_links: int, arg: str = "weights") -> np.ndarray:
    w = _real_array(weights, arg)
    if w.shape != (n_links,):
        raise InvalidParameterError(f"`{arg}` has shape {w.shape}; expected ({n_links},), one per link")
    if not np.all(np.isfinite(w)):
        raise InvalidParameterError(f"`{arg}` has non-finite entries: {_short_list(w)}")
    huge = np.flatnonzero(np.abs(w) > MAX_ABS_WORTH)
    if huge.size:
        raise InvalidParameterError(
            f"`{arg}` has entries above {MAX_ABS_WORTH:g} in magnitude (entry {huge[0]} is "
            f"{w[huge[0]]:g}); worths built from them would overflow: rescale them"
        )
    return w


def _short_list(values: np.ndarray, k: int = 6) -> str:
    shown = ", ".join(f"{v:g}" for v in values[:k])
    return f"[{shown}{', ...' if values.size > k else ''}]"


# ---------------------------------------------------------------------------
# graph shapes
# ---------------------------------------------------------------------------
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
                f"`groups[{_describe(hub)}]` must be a list of spoke names, got {_describe(spokes)}"
            )
        spokes = list(spokes)
        spokes_of.append(_names(spokes, f"groups[{_describe(hub)}]") if spokes else ())
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


# ---------------------------------------------------------------------------
# graph-restricted games
# ---------------------------------------------------------------------------
class RestrictedGame(Game):
    """The graph-restricted game of Myerson (1977): a coalition earns the sum
    of the worths of its connected components.

    Built by :func:`restrict`. Attributes: ``base`` (the game restricted) and
    ``links`` (``(m, 2)`` player positions of the links).
    """

    __slots__ = ("base", "links", "_csr_arrays")
    _PARAMS = ("game", "graph")

    def _params(self) -> dict[str, Any]:
        graph = nx.Graph()
        graph.add_nodes_from(self.players)
        graph.add_edges_from((self.players[i], self.players[j]) for i, j in self.links.tolist())
        return {"game": self.base, "graph": graph}

    @staticmethod
    def _rebuild(params: dict[str, Any]) -> Game:
        return restrict(**params)

    def __repr__(self) -> str:
        return f"<graph-restricted game: {self.n} players, {len(self.links)} links, {self.kind}>"

    def _csr(self) -> tuple[np.ndarray, np.ndarray]:
        """The graph in CSR form (``indptr``, ``indices``), built on first use."""
        if self._csr_arrays is None:
            self._init(_csr_arrays=_csr(self._n, self.links))
        return self._csr_arrays

    # -- worths ----------------------------------------------------------------
    def _dense_table(self) -> np.ndarray:
        if self._table is None:
            n = self._n
            _check_table_size(n, copies=2)  # the base game's table and this one
            table = _kg.restrict_table(self.base.values, n, _adjacency_masks(n, self.links))
            self._init(_table=_freeze(table))
        return self._table

    def _evaluate(self, members: np.ndarray) -> np.ndarray:
        members = np.ascontiguousarray(members, dtype=np.bool_)
        k, n = members.shape
        out = np.empty(k)
        pairwise = getattr(self.base, "_pairwise_dividends", None)
        width = n + (pairwise()[1].shape[0] if pairwise is not None else n)
        step = max(1, _CHUNK_ENTRIES // max(width, 1))
        for start in range(0, k, step):
            rows = members[start:start + step]
            labels, counts = _kg.component_labels(*self._csr(), rows)
            if pairwise is not None:
                out[start:start + step] = self._pairwise_worths(rows, labels, pairwise())
            else:
                out[start:start + step] = self._component_worths(rows, labels, counts)
        return out

    @staticmethod
    def _pairwise_worths(rows, labels, dividends):
        a, edges, s = dividends
        worth = rows @ a
        if s.size:
            lu = labels[:, edges[:, 0]]
            same = (lu == labels[:, edges[:, 1]]) & (lu >= 0)
            worth = worth + same @ s
        return worth

    def _component_worths(self, rows, labels, counts):
        """Worths of the coalitions in `rows`, summed over their components.

        A component of one player is worth its standalone worth. Larger
        components are evaluated by the base game once per distinct
        component of the batch (the prefixes of a random order, as the
        sampler sends them, share most of their components). Components are
        grouped by a 64-bit hash of their members and every grouping is
        checked member by member; should two different components ever
        share a hash, the batch is evaluated without grouping."""
        k, n = rows.shape
        single, ptr, members, row, hashes = _kg.component_lists(
            labels, counts, np.ascontiguousarray(self.base.standalone, dtype=np.float64), _player_keys(n)
        )
        n_multi = row.size
        if n_multi == 0:
            return single
        _, first, inverse = np.unique(hashes, return_index=True, return_inverse=True)
        rep = first[inverse.ravel()]
        if not _kg.same_members(ptr, members, rep):
            rep = np.arange(n_multi)
        reps = np.flatnonzero(rep == np.arange(n_multi))
        rank = np.empty(n_multi, dtype=np.int64)
        rank[reps] = np.arange(reps.size)
        vals = np.empty(reps.size)
        batch = max(1, _CHUNK_ENTRIES // n)
        for b0 in range(0, reps.size, batch):
            block = _kg.member_rows(ptr, members, reps[b0:b0 + batch], n)
            vals[b0:b0 + batch] = np.asarray(self.base._evaluate(block), dtype=np.float64)
        return single + np.bincount(row, weights=vals[rank[rep]], minlength=k)

    # -- sampling protocol -------------------------------------------------------
    def _sampler_spec(self):
        """How the sampler evaluates this game without a table.

        A base game whose worth is a function of additive statistics of its
        members (a sum, a maximum, two sums: the ``"threshold"``, ``"max"``,
        ``"clipped_sum"`` and ``"min_of_sums"`` specs) gives the
        ``"restricted"`` kernel: the base spec and the graph in CSR form,
        evaluated by union-find along each permutation, O(degree) per player.
        A pairwise game restricted to a graph in which each synergy pair is
        either a link or split between components is again a pairwise game
        (the linked pairs only): the compiled pairwise kernel then applies.
        Other restricted games are evaluated component by component through
        ``_evaluate``."""
        pairwise = getattr(self.base, "_pairwise_dividends", None)
        if pairwise is None:
            from ._kernels.incremental import COMPONENT_ADDITIVE

            base = self.base._sampler_spec()
            if base is None or base[0] not in COMPONENT_ADDITIVE:
                return None
            indptr, indices = self._csr()
            return "restricted", {"base": base, "indptr": indptr, "indices": indices}
        a, edges, s = pairwise()
        kept = np.zeros(0, dtype=bool)
        if s.size:
            _, _, comp, _ = _kg.bfs_forest(*self._csr())
            _, _, linked, separated = _classify_pairs(self._n, edges, self.links, comp)
            if not np.all(linked | separated):
                return None
            kept = linked
        return "pairwise", {
            "a": np.asarray(a, dtype=np.float64),
            "edges": np.asarray(edges, dtype=np.int64)[kept] if s.size else np.zeros((0, 2), dtype=np.int64),
            "weights": np.asarray(s, dtype=np.float64)[kept] if s.size else np.zeros(0),
        }

    # -- closed form -----------------------------------------------------------
    def _shapley_fast(self) -> np.ndarray | None:
        pairwise = getattr(self.base, "_pairwise_dividends", None)
        if pairwise is None:
            return None
        a, edges, s = pairwise()
        return _pairwise_myerson(self._n, a, edges, s, self.links, *self._csr())


def _classify_pairs(n, edges, links, comp):
    """For each pair of `edges`: is it a link, are its ends in different
    components (of the labelling `comp`)?"""
    lo = np.minimum(edges[:, 0], edges[:, 1])
    hi = np.maximum(edges[:, 0], edges[:, 1])
    keys = lo * np.int64(n) + hi
    link_keys = np.sort(links[:, 0] * np.int64(n) + links[:, 1])
    at = np.searchsorted(link_keys, keys)
    linked = np.zeros(keys.size, dtype=bool)
    ok = at < link_keys.size
    linked[ok] = link_keys[at[ok]] == keys[ok]
    separated = comp[lo] != comp[hi]
    return lo, hi, linked, separated


def _pairwise_myerson(n, a, edges, s, links, indptr, indices) -> np.ndarray | None:
    """Myerson value of a game with dividends only on singletons and pairs,
    or None where no closed form applies.

    Restricting the unanimity game of a pair {i, j} to a graph gives the game
    "i and j are connected inside S". If {i, j} is a link, that is the pair's
    unanimity game again (half each); if i and j lie in different components
    it is zero; if they lie in a tree, it is the unanimity game of the nodes
    on the path between them (an equal share each). In a component with a
    cycle and i, j not linked, it is none of these.
    """
    x = np.array(a, dtype=np.float64)
    if s.size == 0:
        return x
    parent, depth, comp, n_comp = _kg.bfs_forest(indptr, indices)
    lo, hi, linked, separated = _classify_pairs(n, edges, links, comp)
    half = np.where(linked, 0.5 * s, 0.0)
    x += np.bincount(lo, weights=half, minlength=n) + np.bincount(hi, weights=half, minlength=n)
    far = ~linked & ~separated
    if far.any():
        nodes = np.bincount(comp, minlength=n_comp)
        n_links = np.bincount(comp[links[:, 0]], minlength=n_comp)
        tree = n_links == nodes - 1
        if not np.all(tree[comp[lo[far]]]):
            return None
        x += _kg.tree_path_split(parent, depth, lo[far], hi[far], np.ascontiguousarray(s[far]), n)
    return x


def restrict(game: Game, graph: nx.Graph) -> RestrictedGame:
    r"""The graph-restricted game of Myerson (1977).

    Partners can only cooperate along links: a coalition ``S`` splits into
    the connected components of the graph on ``S``, and earns what they earn
    separately,

    .. math:: v^G(S) = \sum_{C \in S/G} v(C).

    A coalition that is not connected is not worth zero: its parts still earn
    their own worths.

    Parameters
    ----------
    game : Game
        The game without the network (profit or cost; a cost game is
        restricted on its costs, which restricts its savings game alike).
    graph : networkx.Graph
        Undirected, simple; its nodes are exactly the players (matched by
        ``str(node)``).

    Returns
    -------
    RestrictedGame
        A :class:`~coalition.Game`. For a game with a table the restricted
        table is built at once by a component kernel in O(2**n) steps; for a
        game without one (a family or function game, any number of players)
        worths are computed on demand, component by component.

    Raises
    ------
    InvalidGameError
        If `game` is not a Game.
    InvalidParameterError
        If `graph` is not an undirected simple :class:`networkx.Graph`, has a
        self-loop, a node that is not a player, or lacks a player (the
        message lists them).

    References
    ----------
    Myerson, R. B. (1977). Graphs and cooperation in games. Mathematics of
    Operations Research 2(3), 225-229.

    Examples
    --------
    Spokes do not deal with each other: two spokes earn only their own
    worths.

    >>> import coalition as co
    >>> g = co.Game.from_function(lambda s: len(s) ** 2, ["Hub", "A", "B"])
    >>> r = co.network.restrict(g, co.network.hub_and_spoke("Hub", ["A", "B"]))
    >>> r.value("A+B"), r.value("Hub+A"), r.value("Hub+A+B")
    (2.0, 4.0, 9.0)
    """
    game = _check_game(game)
    return _restricted(game, graph, tabulate=True)


def _restricted(game: Game, graph: nx.Graph, *, tabulate: bool) -> RestrictedGame:
    """The restricted game of a checked `game`; with `tabulate`, its table is
    built at once when the base game has one."""
    links = _links(game.players, graph)
    rg = RestrictedGame._lazy(game.players, game.kind)
    rg._init(base=game, links=_freeze(links, np.int64), _csr_arrays=None)
    if tabulate and game._table is not None and game.n <= _MAX_MASK_BITS:
        rg._dense_table()
    return rg


# ---------------------------------------------------------------------------
# synergy games on graphs
# ---------------------------------------------------------------------------
def _standalone_vector(standalone: Any, graph: nx.Graph, names: tuple[str, ...]) -> np.ndarray:
    n = len(names)
    if isinstance(standalone, str):
        attr = standalone
        vals = []
        missing = []
        for node, val in graph.nodes(data=attr):
            if val is None:
                missing.append(str(node))
            vals.append(val)
        if missing:
            raise InvalidParameterError(
                f"`standalone` names the node attribute {attr!r}, which {len(missing)} nodes lack: "
                f"{_listing(missing)}"
            )
        return _finite(vals, "standalone", names)
    if isinstance(standalone, Mapping):
        given = _by_name(standalone, "standalone")
        if len(given) != n or not all(p in given for p in names):
            known = set(names)
            unknown = [k for k in given if k not in known]
            if unknown:
                raise InvalidParameterError(
                    f"`standalone` names {_listing(unknown)}, which are not nodes of `graph`"
                )
            absent = [p for p in names if p not in given]
            raise InvalidParameterError(f"`standalone` has no worth for the nodes {_listing(absent)}")
        return _finite([given[p] for p in names], "standalone", names)
    if isinstance(standalone, (list, tuple, np.ndarray)) or np.ndim(standalone) != 0:
        return _finite(standalone, "standalone", names)
    one = float(_real_array(standalone, "standalone"))  # one number for all
    return _finite(np.full(n, one), "standalone", names)


def _finite(values: Any, arg: str, names: tuple[str, ...]) -> np.ndarray:
    """Worths of the nodes `names`: real, finite and at most MAX_ABS_WORTH in
    magnitude (the bound of every table of the library)."""
    arr = _real_array(values, arg)
    n = len(names)
    if arr.shape != (n,):
        raise InvalidParameterError(f"`{arg}` has shape {arr.shape}; the graph has {n} nodes")
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        raise InvalidParameterError(
            f"`{arg}` has non-finite entries at positions {bad[:6].tolist()} "
            f"(nodes {_listing([names[k] for k in bad[:6]])})"
        )
    huge = np.flatnonzero(np.abs(arr) > MAX_ABS_WORTH)
    if huge.size:
        k = int(huge[0])
        raise InvalidGameError(
            f"`{arg}` has {huge.size} worths above {MAX_ABS_WORTH:g} in magnitude (node {names[k]!r}: "
            f"{arr[k]:g}); sums over coalitions would overflow: rescale the worths"
        )
    return arr


def _synergies(ws: list[Any], names: tuple[str, ...], edges: np.ndarray, attr: str | None) -> np.ndarray:
    """The synergies read off the links, checked as :func:`_finite` checks
    worths; a message names the links at fault."""
    def shown(bad: list[int]) -> str:
        text = ", ".join(f"{names[edges[k, 0]]}-{names[edges[k, 1]]} ({_describe(ws[k])})" for k in bad[:6])
        return text + (f" and {len(bad) - 6} more" if len(bad) > 6 else "")

    try:
        s = _real_array(ws, "graph")
    except InvalidParameterError:
        s = None
    if s is None or s.shape != (len(ws),) or not np.all(np.isfinite(s)):
        bad = [k for k, w in enumerate(ws) if not _is_finite_number(w)]
        raise InvalidParameterError(
            f"`graph` links need a finite number in the edge attribute `{attr}`; "
            f"{len(bad)} have none or a bad one: {shown(bad)}"
        )
    huge = np.flatnonzero(np.abs(s) > MAX_ABS_WORTH).tolist()
    if huge:
        raise InvalidGameError(
            f"`graph` has {len(huge)} links whose synergy (edge attribute `{attr}`) is above "
            f"{MAX_ABS_WORTH:g} in magnitude: {shown(huge)}; sums over coalitions would overflow: "
            "rescale the synergies"
        )
    return s


def _check_worth_range(a: np.ndarray, s: np.ndarray) -> None:
    """Refuse a synergy game some of whose coalitions could be worth more than
    MAX_ABS_WORTH in magnitude: every worth lies between the sum of the
    negative standalone worths and synergies and the sum of the positive ones."""
    high = float(a[a > 0].sum() + s[s > 0].sum())
    low = float(a[a < 0].sum() + s[s < 0].sum())
    for bound, sign in ((high, "positive"), (-low, "negative")):
        if bound > MAX_ABS_WORTH:
            raise InvalidGameError(
                f"`standalone` and the synergies of `graph` add up to {sign} worths of {bound:g} "
                f"(the grand coalition's worth can be that large), above {MAX_ABS_WORTH:g} in magnitude: "
                "sums over coalitions would overflow; rescale the worths"
            )


def synergy_game(graph: nx.Graph, standalone: Any = 0.0, attr: str | None = "weight", *, kind: str = "profit") -> Game:
    r"""Additive game with a synergy on every link of a graph.

    .. math:: v(S) = \sum_{i \in S} a_i + \sum_{\{i, j\} \subseteq S,\ ij \in E} s_{ij}

    The partners are the graph's nodes (named ``str(node)``, in graph order);
    the synergy of a pair is read from the edge attribute `attr`. No table is
    ever built: :func:`coalition.shapley` uses the closed form (each partner
    gets its standalone worth plus half of every synergy it takes part in),
    and so does :func:`myerson` on the game's own graph, so graphs with
    100,000 nodes and a million links are solved in seconds.

    Parameters
    ----------
    graph : networkx.Graph
        Undirected, simple, without self-loops.
    standalone : float, dict, array_like or str, default 0.0
        Standalone worths: one number for all, ``{node: worth}``, one per node
        in graph order, or the name of a node attribute holding them.
    attr : str or None, default "weight"
        Edge attribute holding the synergy; ``None`` gives every link the
        synergy 1.
    kind : {"profit", "cost"}, default "profit"
        ``"cost"`` when standalone worths and synergies are costs.

    Returns
    -------
    Game
        The :func:`coalition.families.additive_with_synergies` game, with
        attributes ``standalone_worths``, ``edges`` and ``synergies``.

    Raises
    ------
    InvalidParameterError
        If `graph` is not an undirected simple graph, has a self-loop, a link
        lacks `attr` (the message lists some), a synergy or standalone worth
        is not a finite real number (strings, bools and complex numbers are
        refused, not converted), or `standalone` gives two keys with one
        name.
    InvalidGameError
        If two nodes have the same name, or a standalone worth or synergy is
        above 1e150 in magnitude, or their sums are (the positive ones, or
        the negative ones): every worth of the library stays within 1e150 so
        that sums over coalitions cannot overflow. Rescale such data (to
        millions, say).

    References
    ----------
    Harsanyi, J. C. (1963). A simplified bargaining model for the n-person
    cooperative game. International Economic Review 4(2), 194-220 (pairwise
    dividends are split equally, hence half of each synergy).

    Examples
    --------
    >>> import coalition as co
    >>> net = co.network.hub_and_spoke("Hub", ["A", "B"], weights=[6, 2])
    >>> g = co.network.synergy_game(net, standalone={"Hub": 1, "A": 1, "B": 0})
    >>> g.value("A+B"), g.value("Hub+A+B")
    (1.0, 10.0)
    >>> co.shapley(g).as_dict()
    {'Hub': 5.0, 'A': 4.0, 'B': 1.0}
    """
    graph = _check_graph(graph)
    kind = _check_kind(_choice(kind, ("profit", "cost"), "kind"))
    names = _check_players([_name_of(u, "graph") for u in graph], arg="graph")
    index = {node: i for i, node in enumerate(graph)}
    if attr is not None and not isinstance(attr, str):
        raise InvalidParameterError(f"`attr` must be an edge attribute name or None, got {_describe(attr)}")
    a = _standalone_vector(standalone, graph, names)
    us: list[int] = []
    vs: list[int] = []
    ws: list[Any] = []
    for u, nbrs in graph.adjacency():
        i = index[u]
        for w, data in nbrs.items():
            j = index[w]
            if i < j:
                us.append(i)
                vs.append(j)
                ws.append(1.0 if attr is None else data.get(attr))
    edges = np.empty((len(us), 2), dtype=np.int64)
    edges[:, 0] = us
    edges[:, 1] = vs
    s = _synergies(ws, names, edges, attr)
    _check_worth_range(a, s)
    return _synergy_from_arrays(names, a, edges, s, kind)


def _is_finite_number(w: Any) -> bool:
    if isinstance(w, (bool, np.bool_, str, bytes, complex, np.complexfloating)):
        return False
    try:
        return bool(np.isfinite(float(w)))
    except (TypeError, ValueError, OverflowError):
        return False


# ---------------------------------------------------------------------------
# values
# ---------------------------------------------------------------------------
def _dense_ok(game: Game) -> bool:
    return game._table is not None or game.n <= _AUTO_DENSE_MAX_N


def myerson(
    game: Game,
    graph: nx.Graph,
    *,
    method: str = "auto",
    budget: int | None = None,
    tol: float | None = None,
    confidence: float = 0.95,
    seed: Any = None,
    estimator: str = "auto",
    threads: int | None = None,
) -> Allocation:
    r"""Myerson value: the Shapley value of the graph-restricted game.

    Each partner's average marginal contribution when value can only flow
    along links (:func:`restrict`). It is the only rule that is component
    efficient (every connected group of partners shares exactly its own
    worth) and fair (removing a link costs both its ends the same amount).

    Parameters
    ----------
    game : Game
    graph : networkx.Graph
        Undirected, simple; its nodes are exactly the players.
    method : {"auto", "exact", "sample"}, default "auto"
        ``"exact"``: a closed form when the game has one (pairwise synergies
        on links, or on forests), otherwise the Shapley value of the
        restricted table: its ``2**n`` worths are computed from the game's
        table in O(2**n) by a component kernel and summed into the value as
        they come, block by block, without storing them (on graphs where
        most coalitions need a component search, such as chains or sparse
        random graphs, the restricted table is built instead, which is
        faster there). ``"sample"``: :func:`coalition.estimate_shapley` on the
        restricted game, whose worths are computed component by component
        without a table: in compiled code, with a union-find merge of the
        joining partner's neighbours (O(degree) a step), when the base game
        is a weighted voting, unanimity, airport, bankruptcy or glove game
        or has pairwise synergies on the links; by calling the base game on
        each component otherwise. ``"auto"``: exact when there is a closed form, a
        table, or at most 20 players; sampled beyond.
    budget, tol : optional
        Sampling: evaluations to spend, or the confidence half-width to
        reach; one of them is required when the value is sampled.
    confidence : float, default 0.95
        Sampling: level of the confidence intervals.
    seed : int, numpy.random.Generator or SeedSequence, optional
        Sampling: the same seed gives the same estimate.
    estimator : str, default "auto"
        Sampling: the ``method`` of :func:`coalition.estimate_shapley`.
    threads : int, optional
        Sampling: threads for :func:`coalition.estimate_shapley`.

    Returns
    -------
    Allocation or Estimate
        Rule ``"myerson"``; an :class:`~coalition.Estimate` when sampled.
        Cost shares for a cost game.

    Raises
    ------
    InvalidParameterError
        On a bad graph (see :func:`restrict`), `method`, or a sampled value
        without `budget` or `tol`, or with a sampling argument that is not a
        number (see :func:`coalition.estimate_shapley`).
    GameTooLargeError
        If ``method="exact"`` needs a table beyond the memory cap.

    Notes
    -----
    For a game whose dividends sit on single players and pairs (such as
    :func:`synergy_game`), restricting the pair game "i and j both present"
    to the graph gives "i and j connected": the pair itself when i and j are
    linked (half each), nothing when they lie in different components, and
    the unanimity game of the path between them when they lie in a tree (an
    equal share for every node on the path). These are the closed forms
    used; a pair that is neither linked nor separated, inside a component
    with a cycle, takes the general route.

    References
    ----------
    Myerson, R. B. (1977). Graphs and cooperation in games. Mathematics of
    Operations Research 2(3), 225-229.

    Examples
    --------
    A hub and three spokes; any two linked partners create 1. The hub is in
    every deal (Myerson 1977's star):

    >>> import coalition as co
    >>> g = co.Game.from_function(lambda s: float(len(s) >= 2), ["H", "A", "B", "C"])
    >>> co.myerson(g, co.network.hub_and_spoke("H", ["A", "B", "C"])).as_dict()
    {'H': 0.75, 'A': 0.0833, 'B': 0.0833, 'C': 0.0833}

    With every pair linked it is the Shapley value:

    >>> co.myerson(g, co.network.complete(g.players)).as_dict()
    {'H': 0.25, 'A': 0.25, 'B': 0.25, 'C': 0.25}
    """
    game = _check_game(game)
    method = _check_method(method)
    rg = _restricted(game, graph, tabulate=False)
    if method != "sample":
        fast = rg._shapley_fast()
        if fast is not None:
            return Allocation(game.players, fast, "myerson", game.kind)
        if method == "exact" or _dense_ok(game):
            return Allocation(game.players, _dense_myerson(game, rg.links), "myerson", game.kind)
    return _sampled(rg, "myerson", budget=budget, tol=tol, confidence=confidence, seed=seed,
                    method=estimator, threads=threads)


def _dense_myerson(game: Game, links: np.ndarray) -> np.ndarray:
    """Exact Myerson value from the base game's table, in the game's units.

    The Shapley value of the restricted table of ``game.values``, summed
    block by block as the restricted worths are computed, without storing
    them (``_kernels.graph.restricted_size_weighted_bit_sums``). For a cost
    game that table holds costs: the restricted savings game is the savings
    game of the restricted costs and the Shapley value is linear, so the
    result is already in cost shares.
    """
    n = game.n
    table = game.values  # built here for a game without one (size checked)
    try:  # the kernel falls back to a restricted table where it pays
        _check_table_size(n, copies=2)
        max_fix = _FUSED_MAX_FIX
    except GameTooLargeError:
        max_fix = np.inf
    p = _shapley_weights(n)
    a = np.empty(n + 1)
    a[0] = 0.0
    a[1:] = p[:-1] + p[1:]
    sums, total, _ = _kg.restricted_size_weighted_bit_sums(
        table, n, _adjacency_masks(n, links), a, p, min(n, _kg.FUSED_BLOCK_BITS), max_fix
    )
    return sums - total


def _sampled(game: Game, rule: str, **kwargs: Any) -> Estimate:
    from .sampling import METHODS, estimate_shapley

    if kwargs.get("budget") is None and kwargs.get("tol") is None:
        raise InvalidParameterError(
            f"the {rule} value of {game.n} players is sampled here (no closed form, and more "
            f"than {_AUTO_DENSE_MAX_N} players without a table): pass `budget` (evaluations) "
            "or `tol` (confidence half-width), or method='exact'"
        )
    for arg in ("budget", "tol", "confidence", "threads"):
        value = kwargs.get(arg)
        problem = None if value is None else _entry_problem(value)
        if problem is not None:
            raise InvalidParameterError(f"`{arg}` must be a number that fits a float64, got {problem}")
    try:
        repr(kwargs.get("seed"))
    except ValueError:  # holds an integer of more than 4,300 digits
        raise InvalidParameterError(
            f"`seed` must be None, a non-negative int, a numpy Generator or SeedSequence, "
            f"got {_describe(kwargs.get('seed'))}"
        ) from None
    if not isinstance(kwargs.get("method"), str) or kwargs["method"] not in METHODS:
        raise InvalidParameterError(
            f"`estimator` must be one of {', '.join(map(repr, METHODS))}, got {_describe(kwargs.get('method'))}"
        )
    est = estimate_shapley(game, **kwargs)
    return dataclasses.replace(est, rule=rule)


def position_value(game: Game, graph: nx.Graph) -> Allocation:
    r"""Position value (Borm, Owen and Tijs 1992): value credited to links,
    each link's share split equally by its two ends.

    The links play the link game :math:`r(A) = v^{(N, A)}(N) - \sum_i v(\{i\})`
    (what the whole alliance earns above its standalone worths when only the
    links in ``A`` exist). Each link gets its Shapley value in that game and
    hands half to each end; each partner also keeps its standalone worth:

    .. math:: \pi_i = v(\{i\}) + \sum_{l \ni i} \tfrac12 \phi_l(r).

    It is component efficient. For a zero-normalized game it is the position
    value of Borm, Owen and Tijs; adding the standalone worths extends it to
    all games.

    Parameters
    ----------
    game : Game
    graph : networkx.Graph
        Undirected, simple; its nodes are exactly the players.

    Returns
    -------
    Allocation
        Rule ``"position"``; cost shares for a cost game.

    Raises
    ------
    InvalidParameterError
        On a bad graph (see :func:`restrict`).
    GameTooLargeError
        If the link game needs a table beyond the memory cap (one worth per
        set of links): the exact route is for up to about 25 links, except for
        pairwise synergy games on forests, which have a closed form.

    Notes
    -----
    The link game is tabulated by a union-find kernel, O(2**L (L + n)) for L
    links, and its Shapley value is taken with the dense kernel. For
    pairwise synergies on a forest, the synergy of a pair is shared equally
    by the links of the path joining it.

    References
    ----------
    Borm, P., Owen, G. and Tijs, S. (1992). On the position value for
    communication situations. SIAM Journal on Discrete Mathematics 5(3),
    305-320.

    Examples
    --------
    The star of :func:`myerson`: each link is worth 1/3 in the link game, so
    the hub gets half of three thirds.

    >>> import coalition as co
    >>> g = co.Game.from_function(lambda s: float(len(s) >= 2), ["H", "A", "B", "C"])
    >>> co.position_value(g, co.network.hub_and_spoke("H", ["A", "B", "C"])).as_dict()
    {'H': 0.5, 'A': 0.1667, 'B': 0.1667, 'C': 0.1667}
    """
    game = _check_game(game)
    links = _links(game.players, graph)
    n = game.n
    n_links = links.shape[0]
    pairwise = getattr(game, "_pairwise_dividends", None)
    if pairwise is not None:
        x = _pairwise_position(n, *pairwise(), links)
        if x is not None:
            return Allocation(game.players, x, "position", game.kind)
    # the game's table, and the link game's table (one worth per set of links)
    _check_table_size(n)
    _check_table_size(n_links)
    worths = game.worths
    single = worths[1 << np.arange(n)]
    if n_links == 0:
        x = single.copy()
    else:
        r = _kg.link_game_table(worths, n, np.ascontiguousarray(links[:, 0]), np.ascontiguousarray(links[:, 1]))
        r -= single.sum()
        r[0] = 0.0
        phi = _semivalue(r, n_links, _shapley_weights(n_links))
        x = single + 0.5 * (np.bincount(links[:, 0], weights=phi, minlength=n)
                            + np.bincount(links[:, 1], weights=phi, minlength=n))
    return Allocation(game.players, game._from_worth_units(x), "position", game.kind)


def _pairwise_position(n, a, edges, s, links) -> np.ndarray | None:
    """Position value of a pairwise game on a forest (None on other graphs).

    In a forest the pair {i, j} is connected by a set of links A exactly when
    A holds the whole path between them, so its synergy is a unanimity game
    of the path's links in the link game: each path link gets an equal
    share, half to each end. Pairs in different trees get nothing."""
    indptr, indices = _csr(n, links)
    parent, depth, comp, n_comp = _kg.bfs_forest(indptr, indices)
    if links.shape[0] != n - n_comp:
        return None
    x = np.array(a, dtype=np.float64)
    if s.size == 0:
        return x
    lo, hi = edges[:, 0], edges[:, 1]
    same = comp[lo] == comp[hi]
    x += _kg.tree_link_split(parent, depth, lo[same], hi[same], np.ascontiguousarray(s[same]), n)
    return x


def hub_report(
    game: Game,
    graph: nx.Graph,
    *,
    hubs: Iterable[str] | None = None,
    method: str = "auto",
    budget: int | None = None,
    tol: float | None = None,
    confidence: float = 0.95,
    seed: Any = None,
    estimator: str = "auto",
    threads: int | None = None,
) -> HubReport:
    """What the network does to each partner's share, and what the hubs earn
    from their central position.

    For every partner: its Shapley value without the network (everyone can
    deal with everyone), its Myerson value with it (value flows along links
    only), and the difference, the *premium* of its position (negative for a
    partner the network cuts off).

    Parameters
    ----------
    game : Game
    graph : networkx.Graph
        Undirected, simple; its nodes are exactly the players.
    hubs : sequence of str, optional
        The hubs to report on. Default: the nodes whose ``"hub"`` attribute is
        true (as :func:`hub_and_spoke` and :func:`multi_hub` set it), else
        the nodes of highest degree.
    method, budget, tol, confidence, seed, estimator, threads
        How to compute the Shapley and Myerson values (see :func:`myerson`).

    Returns
    -------
    HubReport
        ``shapley``, ``x`` (the Myerson value), ``premium``, ``degree`` and
        ``hubs``; ``hub_premium`` is the hubs' total premium.

    Raises
    ------
    InvalidParameterError
        On a bad graph, or `hubs` naming a non-player.

    References
    ----------
    Myerson, R. B. (1977). Graphs and cooperation in games. Mathematics of
    Operations Research 2(3), 225-229.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_function(lambda s: float(len(s) >= 2), ["H", "A", "B", "C"])
    >>> rep = co.network.hub_report(g, co.network.hub_and_spoke("H", ["A", "B", "C"]))
    >>> rep.hubs, rep.hub_premium
    (('H',), 0.5)
    >>> rep.premium
    array([ 0.5   , -0.1667, -0.1667, -0.1667])
    """
    game = _check_game(game)
    graph = _check_graph(graph)
    pos = _node_positions(game.players, graph)
    if hubs is None:
        marked = [pos[u] for u, flag in graph.nodes(data="hub") if flag]
        if not marked:
            deg = dict(graph.degree())
            top = max(deg.values(), default=0)
            marked = [pos[u] for u, d in deg.items() if d == top]
        hub_names = tuple(game.players[i] for i in sorted(marked))
    else:
        hub_names = _names([hubs] if isinstance(hubs, str) else hubs, "hubs")
        players = set(game.players)
        unknown = [h for h in hub_names if h not in players]
        if unknown:
            raise InvalidParameterError(f"`hubs` names {_listing(unknown)}, which are not players")
    degree = np.zeros(game.n)
    for u, d in graph.degree():
        degree[pos[u]] = d
    method = _check_method(method)
    opts = dict(budget=budget, tol=tol, confidence=confidence, seed=seed)
    sh = _shapley_any(game, method=method, estimator=estimator, threads=threads, **opts)
    my = myerson(game, graph, method=method, estimator=estimator, threads=threads, **opts)
    return HubReport(
        game.players,
        my.x,
        "myerson",
        game.kind,
        shapley=sh.x,
        premium=my.x - sh.x,
        degree=degree,
        hubs=hub_names,
        method="sampled" if isinstance(my, Estimate) or isinstance(sh, Estimate) else "exact",
    )


def _shapley_any(game: Game, *, method: str, estimator: str, **kwargs: Any) -> Allocation:
    from .values import shapley

    if method != "sample" and (game._shapley_fast() is not None or method == "exact" or _dense_ok(game)):
        return shapley(game)
    return _sampled(game, "shapley", method=estimator, **kwargs)
