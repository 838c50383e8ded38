"""Additive games with pairwise synergies.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .._numbers import _show
from ..errors import InvalidParameterError
from ..game import Game
from ..game._checks import _check_kind, _check_players, _default_players
from ..game._masks import _freeze
from ._base import _scalar, _Structured, _vector

__all__ = ['additive_with_synergies', 'SynergyGame']


class SynergyGame(_Structured):
    """Additive standalone worths plus pairwise synergies inside the coalition."""

    __slots__ = ("_standalone_worths", "_edges", "_synergies")
    _PARAMS = ("standalone", "synergies", "kind")
    family = "additive with synergies"

    @property
    def standalone_worths(self) -> np.ndarray:
        """Each player's worth alone (read-only)."""
        return self._standalone_worths

    @property
    def edges(self) -> np.ndarray:
        """The pairs with a synergy, as ``(m, 2)`` player positions (read-only)."""
        return self._edges

    @property
    def synergies(self) -> np.ndarray:
        """The synergy of each pair of `edges` (read-only)."""
        return self._synergies

    def _params(self):
        names = self.players
        return {
            "standalone": dict(zip(names, self._standalone_worths.tolist())),
            "synergies": {(names[i], names[j]): s for (i, j), s in zip(self._edges.tolist(), self._synergies.tolist())},
            "kind": self.kind,
        }

    @staticmethod
    def _rebuild(params):
        return additive_with_synergies(**params)

    def _evaluate(self, members):
        out = members @ self.standalone_worths
        if self.synergies.size:
            both = members[:, self.edges[:, 0]] & members[:, self.edges[:, 1]]
            out = out + both @ self.synergies
        return out

    def _shapley_fast(self):
        # Each pair's synergy is a dividend of the pair: split half and half.
        x = np.array(self.standalone_worths, dtype=np.float64)
        half = 0.5 * self.synergies
        np.add.at(x, self.edges[:, 0], half)
        np.add.at(x, self.edges[:, 1], half)
        return x

    def _sampler_spec(self):
        return "pairwise", {"a": self.standalone_worths, "edges": self.edges, "weights": self.synergies}

    def _pairwise_dividends(self):
        """``(standalone, edges, synergies)``: the game's Harsanyi dividends,
        all on singletons and pairs, in the game's units."""
        return self.standalone_worths, self.edges, self.synergies


def additive_with_synergies(standalone: Any, synergies: Any = None, *, kind: str = "profit") -> Game:
    """Standalone worths plus a synergy for every pair that cooperates.

    ``v(S) = sum of standalone[i] over S + sum of synergies[i, j] over the
    pairs {i, j} inside S``: the simplest model a negotiation team can fill
    in. Its Shapley value is each partner's standalone worth plus half of
    every synergy it takes part in, computed without any table.

    Parameters
    ----------
    standalone : dict or array_like
        ``{player: worth}`` (names taken in order), or worths of players
        ``P1, P2, ...``.
    synergies : dict or array_like, optional
        ``{(a, b): synergy}`` (also ``"a+b"`` keys), or a symmetric ``n x n``
        matrix with a zero diagonal. Missing pairs have no synergy.
    kind : {"profit", "cost"}, default "profit"

    Returns
    -------
    Game
        With attributes ``standalone_worths``, ``edges`` (pairs of player
        positions) and ``synergies``.

    Raises
    ------
    InvalidParameterError
        On a non-finite worth, a pair that is not two distinct players, a
        pair given twice, or a matrix that is not symmetric with zero diagonal.

    References
    ----------
    Harsanyi, J. C. (1963). A simplified bargaining model for the n-person
    cooperative game. International Economic Review 4(2), 194-220 (pairwise
    synergies are the dividends of the pairs).

    Examples
    --------
    >>> import coalition as co
    >>> g = co.families.additive_with_synergies(
    ...     {"Hub": 10, "Battery": 5, "Plant": 3},
    ...     {("Hub", "Battery"): 20, ("Hub", "Plant"): 6})
    >>> g.value("Hub+Battery+Plant"), co.shapley(g).as_dict()
    (44.0, {'Hub': 23.0, 'Battery': 15.0, 'Plant': 6.0})
    """
    if isinstance(standalone, Mapping):
        names = _check_players(list(standalone), arg="standalone")
        a = _vector([standalone[p] for p in standalone], "standalone", nonneg=False)
    else:
        a = _vector(standalone, "standalone", nonneg=False)
        names = _default_players(a.size)
    n = a.size
    index = {p: i for i, p in enumerate(names)}
    if synergies is None:
        edges = np.zeros((0, 2), dtype=np.int64)
        s = np.zeros(0)
    elif isinstance(synergies, Mapping):
        rows, vals, seen = [], [], set()
        for key, val in synergies.items():
            pair = Game._split_key(key, "synergies", unique=False)
            if len(pair) != 2 or pair[0] == pair[1]:
                raise InvalidParameterError(f"`synergies` key {key!r} must name two distinct players")
            for p in pair:
                if p not in index:
                    raise InvalidParameterError(f"`synergies` key {key!r} names {p!r}, not a player of {list(names)}")
            i, j = sorted((index[pair[0]], index[pair[1]]))
            if (i, j) in seen:
                raise InvalidParameterError(f"`synergies` gives the pair {names[i]}+{names[j]} twice")
            seen.add((i, j))
            rows.append((i, j))
            vals.append(_scalar(val, f"synergies[{key!r}]"))
        edges = np.array(rows, dtype=np.int64).reshape(-1, 2)
        s = np.array(vals, dtype=np.float64)
    else:
        if isinstance(synergies, (str, bytes, int, float, complex, np.number, np.bool_)):
            raise InvalidParameterError(
                f"`synergies` must be a dict of pairs or an n x n matrix, got {_show(synergies)}"
            )
        m = _vector(synergies, "synergies", nonneg=False, ndim=2)
        if m.shape != (n, n):
            raise InvalidParameterError(f"`synergies` matrix has shape {m.shape}; expected ({n}, {n})")
        if not np.allclose(m, m.T, rtol=0, atol=0) or np.any(np.diag(m) != 0):
            raise InvalidParameterError("`synergies` matrix must be symmetric with a zero diagonal")
        i, j = np.nonzero(np.triu(m, 1))
        edges = np.stack([i, j], axis=1).astype(np.int64)
        s = m[i, j]
    return _synergy_from_arrays(names, a, edges, s, _check_kind(kind))


def _synergy_from_arrays(names, standalone, edges, synergies, kind):
    """A :class:`SynergyGame` from checked arrays: player names, standalone
    worths (n,), pairs of distinct positions (m, 2) given once each, and
    finite synergies (m,). No per-pair Python work, for large graphs."""
    game = SynergyGame._lazy(tuple(names), kind)
    game._init(
        _standalone_worths=_freeze(standalone),
        _edges=_freeze(np.reshape(edges, (-1, 2)), np.int64),
        _synergies=_freeze(synergies),
    )
    return game
