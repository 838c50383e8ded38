"""A graph of partners as arrays: node positions, links, CSR form, adjacency masks (private).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np

from .._kernels import graph as _kg
from .._numbers import _show
from ..errors import InvalidParameterError

# Work arrays of the lazy evaluator are kept near this many entries.
_CHUNK_ENTRIES = 1 << 22


# helpers
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
            f"`{arg}` has a name that cannot be written as text: {_show(node)}"
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
