"""A set of splits given by a floor and a ceiling for each partner.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import GameTooLargeError
from ._format import _fmt, _frozen_array

__all__ = ['SetBounds']

# Vertices of a box cut by the efficiency hyperplane: n * 2**(n - 1) candidates.
_BOX_VERTICES_MAX_N = 16


@dataclass(frozen=True, repr=False, eq=False)
class SetBounds:
    """The efficient splits between a floor and a ceiling for each partner:
    ``{x : sum(x) = total, lower <= x <= upper}``.

    Attributes
    ----------
    players : tuple of str
    lower, upper : numpy.ndarray
        The floor and ceiling of each partner that define the set (for a cost
        game: the least and most cost share).
    total : float
        What the shares add up to: the worth (cost) of the grand coalition.
    name : str
        The set, e.g. ``"core cover"``.
    kind : {"profit", "cost"}

    Examples
    --------
    >>> import coalition as co
    >>> s = co.reasonable_set(co.Game([0, 1, 2, 6], players=["A", "B"]))
    >>> s["A"], s.total
    ((1.0, 4.0), 6.0)
    >>> s.vertices()
    array([[1., 5.],
           [4., 2.]])
    """

    players: tuple[str, ...]
    lower: np.ndarray
    upper: np.ndarray
    total: float
    name: str
    kind: str = "profit"

    def __post_init__(self) -> None:
        object.__setattr__(self, "players", tuple(self.players))
        object.__setattr__(self, "lower", _frozen_array(self.lower))
        object.__setattr__(self, "upper", _frozen_array(self.upper))
        object.__setattr__(self, "total", float(self.total))

    def __getitem__(self, player: str) -> tuple[float, float]:
        try:
            i = self.players.index(player)
        except ValueError:
            raise KeyError(f"{player!r} is not a player; players are {list(self.players)}") from None
        return float(self.lower[i]), float(self.upper[i])

    def as_dict(self) -> dict[str, tuple[float, float]]:
        """Return ``{player: (lower, upper)}`` with Python floats."""
        return {p: (float(lo), float(hi)) for p, lo, hi in zip(self.players, self.lower, self.upper)}

    def _atol(self) -> float:
        scale = max(float(np.max(np.abs(self.lower), initial=0.0)),
                    float(np.max(np.abs(self.upper), initial=0.0)), abs(self.total), 1e-300)
        return 1e-9 * scale

    def contains(self, x: Any) -> bool:
        """Whether the split `x` (one share per player) is in the set, up to
        1e-9 of the largest bound."""
        arr = np.asarray(x, dtype=np.float64)
        if arr.shape != self.lower.shape:
            from ..errors import InvalidAllocationError

            raise InvalidAllocationError(f"`x` has shape {arr.shape}; the set has {len(self.players)} players")
        tol = self._atol()
        return bool(abs(arr.sum() - self.total) <= tol * len(self.players)
                    and np.all(arr >= self.lower - tol) and np.all(arr <= self.upper + tol))

    def vertices(self) -> np.ndarray:
        """The corners of the set, one per row, sorted; ``(0, n)`` when it is empty.

        At a corner every partner but one sits at its floor or its ceiling.

        Raises
        ------
        GameTooLargeError
            Beyond 16 players (``n 2**(n-1)`` candidate corners).
        """
        n = len(self.players)
        if n > _BOX_VERTICES_MAX_N:
            raise GameTooLargeError(
                f"the set has {n} players; listing its corners tries n 2**(n-1) = {n * 2 ** (n - 1):,} "
                f"candidates, and takes at most {_BOX_VERTICES_MAX_N} players"
            )
        lo, hi = self.lower, self.upper
        if n == 1:
            ok = lo[0] - self._atol() <= self.total <= hi[0] + self._atol()
            return np.array([[self.total]]) if ok else np.empty((0, 1))
        bits = ((np.arange(1 << (n - 1))[:, None] >> np.arange(n - 1)) & 1).astype(bool)
        out = []
        tol = self._atol()
        for j in range(n):
            others = np.delete(np.arange(n), j)
            x = np.empty((bits.shape[0], n))
            x[:, others] = np.where(bits, hi[others], lo[others])
            x[:, j] = self.total - x[:, others].sum(axis=1)
            ok = (x[:, j] >= lo[j] - tol) & (x[:, j] <= hi[j] + tol)
            x[:, j] = np.clip(x[:, j], lo[j], hi[j])
            out.append(x[ok])
        pts = np.vstack(out)
        if pts.shape[0] == 0:
            return np.empty((0, n))
        key = np.round(pts / tol).astype(np.int64) if tol > 0 else pts
        _, first = np.unique(key, axis=0, return_index=True)
        return pts[first]  # in the order of the keys: lexicographic

    def __repr__(self) -> str:
        width = max([len(p) for p in self.players] + [6])
        unit = "cost shares" if self.kind == "cost" else "shares"
        lines = [f"SetBounds({self.name}, {unit} adding up to {_fmt(self.total)})",
                 " " * (width + 2) + f"{'lower':>12}  {'upper':>12}"]
        for p, lo, hi in zip(self.players, self.lower, self.upper):
            lines.append(f"  {p.ljust(width)}{_fmt(float(lo)):>12}  {_fmt(float(hi)):>12}")
        return "\n".join(lines)

    def to_frame(self):
        """Return a :class:`pandas.DataFrame` with columns ``lower`` and ``upper``."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on environment
            raise ImportError("to_frame() needs pandas: pip install 'coalition[pandas]'") from exc
        frame = pd.DataFrame({"lower": self.lower, "upper": self.upper}, index=list(self.players))
        frame.index.name = "player"
        return frame
