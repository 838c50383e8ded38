"""What a game offers the rules: the capability protocol.

Rules never test a game's class. They ask the game for what it can do,
through the methods below, and fall back to the generic route when the
answer is ``None``. :class:`~coalition.Game` implements every method with the
generic answer; a structured family (:mod:`coalition.families`), a
graph-restricted game (:class:`~coalition.game.restricted.RestrictedGame`) or
a model overrides the ones it can do better. A new kind of game therefore
needs no edit in :mod:`coalition.values` or :mod:`coalition.sampling`: the
call goes rule -> game capability -> kernel, never back up.

The names start with an underscore because they are not for users of a
game; they are public to anyone who writes a new kind of game.

=====================  ========================================================
method                 contract
=====================  ========================================================
``_evaluate(members)`` worths of a batch of coalitions given as a boolean
                       ``(k, n)`` array, as float64 ``(k,)``; every game has it
``_dense_table()``     the read-only float64 table of all ``2**n`` worths in
                       bitmask order, built once (may raise
                       :class:`~coalition.GameTooLargeError`)
``_shapley_fast()``    the exact Shapley value (in worth units, float64
                       ``(n,)``) by the game's own algorithm, or ``None``
``_banzhaf_fast()``    the exact raw Banzhaf value likewise, or ``None``
``_power_fast(index)`` a power index of a simple game without a table, or
                       ``None``: ``"johnston"``, ``"deegan_packel"`` and
                       ``"public_good"`` (float64 ``(n,)``, summing to 1),
                       ``"coleman"`` (a pair of float64 ``(n,)``: power to
                       prevent, to initiate), ``"minimal_winning"`` and
                       ``"minimal_blocking"`` (lists of tuples of player
                       positions); may raise
                       :class:`~coalition.GameTooLargeError`
``_sampler_spec()``    ``(name, arrays)`` naming an incremental kernel of
                       :mod:`coalition._kernels.incremental` and the plain
                       arrays it needs, or ``None`` (the sampler then calls
                       ``_evaluate`` in batches)
``_subgame_fast(pos)`` the game restricted to the players at positions
                       ``pos`` as a game of the same family (no table), or
                       ``None`` (:meth:`~coalition.Game.subgame` then slices
                       the table, or asks this game for each worth)
``_params()``          the constructor arguments that rebuild the game, for
                       :meth:`~coalition.Game.replace`
=====================  ========================================================
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

import numpy as np

__all__ = ["GameCapabilities"]


@runtime_checkable
class GameCapabilities(Protocol):
    """The methods through which a rule asks a game for a fast path."""

    def _evaluate(self, members: np.ndarray) -> np.ndarray:
        """Worths of the coalitions in the rows of a boolean array."""

    def _dense_table(self) -> np.ndarray:
        """The read-only table of all ``2**n`` worths in bitmask order."""

    def _shapley_fast(self) -> np.ndarray | None:
        """The exact Shapley value by the game's own algorithm, or None."""

    def _banzhaf_fast(self) -> np.ndarray | None:
        """The exact raw Banzhaf value by the game's own algorithm, or None."""

    def _power_fast(self, index: str) -> Any:
        """A power index of a simple game by the game's own algorithm, or None."""

    def _sampler_spec(self) -> tuple[str, dict[str, Any]] | None:
        """The incremental sampling kernel and its arrays, or None."""

    def _subgame_fast(self, pos: list[int]) -> Any:
        """The subgame of the players at `pos` as a game of the family, or None."""

    def _params(self) -> dict[str, Any]:
        """The constructor arguments that rebuild the game."""
