"""The lowest and highest share of each partner over the completions of a game.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._format import _fmt, _frozen_array

__all__ = ["IntervalAllocation", "ShareBounds"]

_SIDES = ("low", "high")


@dataclass(frozen=True, repr=False, eq=False)
class ShareBounds:
    """Each partner's lowest and highest share over every completion of a game
    whose worths are known only within bounds.

    Attributes
    ----------
    players : tuple of str
    low, high : numpy.ndarray
        The lowest and highest share of each partner; ``NaN`` where the share
        is unbounded on that side (see `unbounded`), never an infinity.
    rule : str
        The rule whose shares are bounded.
    assume : str
        What every completion satisfies: ``"none"``, ``"monotone"`` or
        ``"superadditive"``.
    method : str
        ``"closed form"`` (interval ends picked by the sign of each worth's
        coefficient), ``"LP"`` (one linear programme per bound), or
        ``"sampled"``.
    sampled : bool
        True when the bounds are the range over sampled completions: the true
        range can be wider (an inner estimate, not a bound).
    n_samples : int
        The completions sampled (0 when exact).
    unbounded : tuple of (player, side, reason)
        Every side with no bound, and why.
    low_at, high_at : numpy.ndarray or None
        The completion (a table of ``2**n`` worths, bitmask order) that
        attains each partner's low and high share, one row per partner;
        None beyond :data:`COMPLETIONS_MAX_N` partners. Rows of unbounded
        sides hold NaN.
    notes : tuple of str

    Examples
    --------
    >>> import coalition as co
    >>> g = co.IntervalGame.from_dict({"A": 1, "B": 2, "A+B": (5, 9)})
    >>> b = co.share_bounds(g, assume="none")
    >>> b["A"], b.sampled
    ((2.0, 4.0), False)
    """

    players: tuple[str, ...]
    low: np.ndarray
    high: np.ndarray
    rule: str
    assume: str
    method: str
    sampled: bool = False
    n_samples: int = 0
    unbounded: tuple[tuple[str, str, str], ...] = ()
    low_at: np.ndarray | None = None
    high_at: np.ndarray | None = None
    notes: tuple[str, ...] = ()
    kind: str = "profit"

    def __post_init__(self) -> None:
        object.__setattr__(self, "players", tuple(self.players))
        object.__setattr__(self, "low", _frozen_array(self.low))
        object.__setattr__(self, "high", _frozen_array(self.high))
        for name in ("low_at", "high_at"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, _frozen_array(getattr(self, name)))
        object.__setattr__(self, "unbounded", tuple(tuple(u) for u in self.unbounded))
        object.__setattr__(self, "notes", tuple(self.notes))

    # -- access -----------------------------------------------------------
    def _index(self, player: str) -> int:
        try:
            return self.players.index(player)
        except ValueError:
            raise KeyError(f"{player!r} is not a player; players are {list(self.players)}") from None

    def __getitem__(self, player: str) -> tuple[float | None, float | None]:
        """``(low, high)`` of one partner; None for an unbounded side."""
        i = self._index(player)
        return _end(self.low[i]), _end(self.high[i])

    def as_dict(self) -> dict[str, tuple[float | None, float | None]]:
        """``{player: (low, high)}`` with Python floats; None for an unbounded side."""
        return {p: self[p] for p in self.players}

    @property
    def width(self) -> np.ndarray:
        """``high - low`` per partner (NaN where a side is unbounded)."""
        return self.high - self.low

    def completion(self, player: str, side: str = "low") -> np.ndarray:
        """The completion (``2**n`` worths, bitmask order) at which `player`'s
        share reaches its `side` (``"low"`` or ``"high"``) bound.

        Raises
        ------
        KeyError
            For an unknown player.
        ValueError
            For a bad `side`, an unbounded side, or when completions were not
            kept (beyond the size listed in `low_at`'s description).
        """
        i = self._index(player)
        if side not in _SIDES:
            raise ValueError(f"`side` must be 'low' or 'high', got {side!r}")
        table = self.low_at if side == "low" else self.high_at
        if table is None:
            raise ValueError("the completions were not kept for a game of this size")
        row = table[i]
        if np.isnan(row).any():
            raise ValueError(f"the {side} share of {player} is unbounded: no completion attains it")
        return row

    # -- text ---------------------------------------------------------------
    def _title(self) -> str:
        how = f"sampled, {self.n_samples:,} completions" if self.sampled else self.method
        return f"ShareBounds({self.rule}, assume={self.assume!r}, {how})"

    def _rows(self) -> tuple[list[str], list[list[str]]]:
        head = ["partner", "low", "high"]
        rows = [[p, _text(lo, "unbounded"), _text(hi, "unbounded")] for p, lo, hi in zip(self.players, self.low, self.high)]
        return head, rows

    def _lines(self) -> list[str]:
        out = [f"{p}: {side} unbounded ({why})" for p, side, why in self.unbounded]
        if self.sampled:
            out.append("Sampled: the range found over sampled completions; the true range may be wider.")
        return out + list(self.notes)

    def __repr__(self) -> str:
        head, rows = self._rows()
        widths = [max(len(r[c]) for r in [head, *rows]) for c in range(3)]
        lines = [self._title(), "  ".join(h.ljust(widths[0]) if c == 0 else h.rjust(widths[c]) for c, h in enumerate(head))]
        for r in rows:
            lines.append("  ".join(x.ljust(widths[0]) if c == 0 else x.rjust(widths[c]) for c, x in enumerate(r)))
        return "\n".join(lines + self._lines())

    def to_markdown(self) -> str:
        """The bounds as a Markdown table, then the unbounded sides and notes."""
        head, rows = self._rows()
        lines = ["| " + " | ".join(head) + " |", "|---|---:|---:|"]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        extra = self._lines()
        return "\n".join(lines + ([""] + extra if extra else []))

    def _repr_html_(self) -> str:
        head, rows = self._rows()
        th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
        items = "".join(f"<li>{html.escape(n)}</li>" for n in self._lines())
        return (f"<div><b>{html.escape(self._title())}</b><table><thead><tr>{th}</tr></thead>"
                f"<tbody>{body}</tbody></table><ul>{items}</ul></div>")

    def to_frame(self):
        """A :class:`pandas.DataFrame` with columns ``low``, ``high`` (NaN
        where unbounded) and ``sampled``, indexed by partner (needs pandas)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on environment
            raise ImportError("to_frame() needs pandas: pip install 'coalition[pandas]'") from exc
        frame = pd.DataFrame({"low": self.low, "high": self.high, "sampled": self.sampled},
                             index=list(self.players))
        frame.index.name = "partner"
        return frame


def _end(value: Any) -> float | None:
    value = float(value)
    return None if np.isnan(value) else value


def _text(value: float, open_end: str) -> str:
    return open_end if np.isnan(value) else _fmt(float(value))


@dataclass(frozen=True, repr=False, eq=False)
class IntervalAllocation:
    """One interval share ``[lower, upper]`` per player: an allocation of an
    interval game.

    Attributes
    ----------
    players : tuple of str
    lower, upper : numpy.ndarray
        The low and high end of each player's share.
    rule : str

    Examples
    --------
    >>> import coalition as co
    >>> g = co.IntervalGame.from_dict({"A": 1, "B": (1, 3), "A+B": (4, 8)})
    >>> co.interval_shapley(g)["B"]
    (2.0, 5.0)
    """

    players: tuple[str, ...]
    lower: np.ndarray
    upper: np.ndarray
    rule: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "players", tuple(self.players))
        object.__setattr__(self, "lower", _frozen_array(self.lower))
        object.__setattr__(self, "upper", _frozen_array(self.upper))

    def __getitem__(self, player: str) -> tuple[float, float]:
        try:
            i = self.players.index(player)
        except ValueError:
            raise KeyError(f"{player!r} is not a player; players are {list(self.players)}") from None
        return float(self.lower[i]), float(self.upper[i])

    def as_dict(self) -> dict[str, tuple[float, float]]:
        """``{player: (lower, upper)}`` with Python floats."""
        return {p: self[p] for p in self.players}

    def __repr__(self) -> str:
        width = max([len(p) for p in self.players] + [7])
        lines = [f"IntervalAllocation({self.rule})", " " * (width + 2) + f"{'lower':>12}  {'upper':>12}"]
        for p, lo, hi in zip(self.players, self.lower, self.upper):
            lines.append(f"  {p.ljust(width)}{_fmt(float(lo)):>12}  {_fmt(float(hi)):>12}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{html.escape(p)}</td><td>{_fmt(float(lo))}</td><td>{_fmt(float(hi))}</td></tr>"
                       for p, lo, hi in zip(self.players, self.lower, self.upper))
        return (f"<div><b>IntervalAllocation({html.escape(self.rule)})</b><table><thead><tr><th>player</th>"
                f"<th>lower</th><th>upper</th></tr></thead><tbody>{rows}</tbody></table></div>")

    def to_frame(self):
        """A :class:`pandas.DataFrame` with columns ``lower`` and ``upper`` (needs pandas)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on environment
            raise ImportError("to_frame() needs pandas: pip install 'coalition[pandas]'") from exc
        frame = pd.DataFrame({"lower": self.lower, "upper": self.upper}, index=list(self.players))
        frame.index.name = "player"
        return frame
