"""The position value (Borm, Owen and Tijs 1992): each link's worth split between its ends.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from .._kernels import graph as _kg
from ..errors import GameTooLargeError
from ..game import Game
from ..game._checks import _check_table_size
from ..game._graph import _csr, _links
from ..results import Allocation
from ..values._checks import _check_game
from ..values._semivalues import _semivalue, _shapley_weights

__all__ = ['position_value']


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
    try:
        _check_table_size(n_links)
    except GameTooLargeError:
        raise GameTooLargeError(
            f"the position value's link game of {n_links} links needs a table of 2**{n_links} worths, "
            "more than the memory cap allows: the exact route takes up to about 25 links (any number "
            "for pairwise synergy games on forests); use a sparser graph or raise the cap with "
            "coalition.set_max_table_bytes"
        ) from None
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
