"""Graph-restricted games (Myerson 1977): a coalition earns the sum of the worths of its connected parts.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np

from .._kernels import graph as _kg
from ._checks import (
    _MAX_MASK_BITS,
    _check_table_size,
)
from ._graph import (
    _CHUNK_ENTRIES,
    _adjacency_masks,
    _classify_pairs,
    _csr,
    _links,
    _pairwise_myerson,
    _player_keys,
)
from ._masks import _freeze
from .game import Game, _check_game

__all__ = ['RestrictedGame']


# graph-restricted games
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
        return _restricted(_check_game(params["game"]), params["graph"], tabulate=True)

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
            from .._kernels.incremental import COMPONENT_ADDITIVE

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


def _restricted(game: Game, graph: nx.Graph, *, tabulate: bool) -> RestrictedGame:
    """The restricted game of a checked `game`; with `tabulate`, its table is
    built at once when the base game has one."""
    links = _links(game.players, graph)
    rg = RestrictedGame._lazy(game.players, game.kind)
    rg._init(base=game, links=_freeze(links, np.int64), _csr_arrays=None)
    if tabulate and game._table is not None and game.n <= _MAX_MASK_BITS:
        rg._dense_table()
    return rg
