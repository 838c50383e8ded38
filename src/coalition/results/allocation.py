"""Result objects returned by the rules.

Every rule returns a frozen dataclass. Allocation results share one shape:
``players``, ``x`` (a read-only array in ``players`` order), ``rule``,
``kind`` (``"profit"`` or ``"cost"``), :meth:`Allocation.as_dict`, item
access by player name, a readable ``repr``, an HTML ``repr`` for notebooks and
:meth:`Allocation.to_frame` when pandas is installed.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import InvalidGameError
from ._format import _fmt, _frozen_array

__all__ = ['Allocation', 'Estimate']


@dataclass(frozen=True, repr=False, eq=False)
class Allocation:
    """One share per player, as produced by a sharing rule.

    Attributes
    ----------
    players : tuple of str
        Player names, in the order of the game.
    x : numpy.ndarray
        The shares, read-only, in ``players`` order. For a cost game these are
        cost shares (what each partner pays).
    rule : str
        Name of the rule that produced the allocation (e.g. ``"shapley"``).
    kind : {"profit", "cost"}
        Whether the shares are profits (worth) or costs.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game([0, 1, 2, 6], players=["A", "B"])
    >>> a = co.shapley(g)
    >>> a["A"], a.as_dict()
    (2.5, {'A': 2.5, 'B': 3.5})
    """

    players: tuple[str, ...]
    x: np.ndarray
    rule: str
    kind: str = "profit"

    def __post_init__(self) -> None:
        object.__setattr__(self, "players", tuple(self.players))
        object.__setattr__(self, "x", _frozen_array(self.x))
        if self.x.shape != (len(self.players),):
            raise ValueError(
                f"`x` has shape {self.x.shape}; expected ({len(self.players)},)"
            )

    @classmethod
    def _owned(cls, fields: dict[str, Any]):
        """A result from every field at once, its arrays taken over as they
        are: for the library's own fast paths, which pass fresh float64
        arrays of the right shapes, already read-only, that nothing else
        holds (so there is nothing to copy or check)."""
        obj = object.__new__(cls)
        obj.__dict__.update(fields)
        return obj

    # -- access -----------------------------------------------------------
    def as_dict(self) -> dict[str, float]:
        """Return ``{player: share}`` with Python floats."""
        return {p: float(v) for p, v in zip(self.players, self.x)}

    def __getitem__(self, player: str) -> float:
        try:
            i = self.players.index(player)
        except ValueError:
            raise KeyError(
                f"{player!r} is not a player; players are {list(self.players)}"
            ) from None
        return float(self.x[i])

    def __len__(self) -> int:
        return len(self.players)

    def __iter__(self):
        return iter(self.players)

    def __array__(self, dtype=None, copy=None):
        return np.array(self.x, dtype=dtype, copy=True)

    @property
    def total(self) -> float:
        """Sum of the shares."""
        return float(self.x.sum())

    # -- display ----------------------------------------------------------
    def _columns(self) -> dict[str, np.ndarray]:
        return {self.rule: self.x}

    def _title(self) -> str:
        unit = "cost shares" if self.kind == "cost" else "shares"
        return f"{type(self).__name__}({self.rule}, {unit}, total {_fmt(self.total)})"

    def __repr__(self) -> str:
        cols = self._columns()
        names = list(cols)
        width = max([len(p) for p in self.players] + [6])
        cells = {c: [_fmt(float(v)) for v in cols[c]] for c in names}
        cw = {c: max(len(c), *(len(s) for s in cells[c])) for c in names}
        lines = [self._title()]
        lines.append(" " * (width + 4) + "  ".join(c.rjust(cw[c]) for c in names))
        for k, p in enumerate(self.players):
            row = "  ".join(cells[c][k].rjust(cw[c]) for c in names)
            lines.append(f"  {p.ljust(width)}  {row}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        cols = self._columns()
        head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
        body = "".join(
            "<tr><th>{}</th>{}</tr>".format(
                html.escape(p),
                "".join(f"<td>{_fmt(float(cols[c][k]))}</td>" for c in cols),
            )
            for k, p in enumerate(self.players)
        )
        return (
            f"<div><p><b>{html.escape(self._title())}</b></p>"
            f"<table><thead><tr><th>player</th>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></div>"
        )

    def to_frame(self):
        """Return a :class:`pandas.DataFrame` indexed by player (needs pandas)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on environment
            raise ImportError(
                "to_frame() needs pandas: pip install 'coalition[pandas]'"
            ) from exc
        frame = pd.DataFrame(self._columns(), index=list(self.players))
        frame.index.name = "player"
        return frame


@dataclass(frozen=True, repr=False, eq=False)
class Estimate(Allocation):
    """A Monte Carlo estimate of an allocation, with its uncertainty.

    Attributes
    ----------
    stderr : numpy.ndarray
        Standard error of each share.
    ci : tuple of numpy.ndarray
        ``(low, high)`` bounds of the confidence interval of each share.
    confidence : float
        Confidence level of ``ci`` (e.g. 0.95).
    n_evaluations : int
        Number of value-function evaluations spent.
    n_permutations : int
        Number of permutations (or samples) drawn.
    converged : bool
        Whether the requested tolerance was met (``True`` when only a budget
        was asked for and it was spent).
    method : str
        The estimator that ran.
    trace : tuple of numpy.ndarray or None
        ``(n_evaluations, x, half_width)`` after each round of the estimator:
        evaluations spent so far (k,), the estimate then (k, n) and each
        share's confidence-interval half-width then (k, n); for
        :func:`coalition.plot.convergence`.

    Examples
    --------
    >>> import coalition as co
    >>> est = co.estimate_shapley(co.families.glove(1, 2), budget=3_000, method="permutation", seed=0)
    >>> low, high = est.ci
    >>> bool(low[0] <= est["L1"] <= high[0]), est.confidence
    (True, 0.95)
    """

    stderr: np.ndarray = field(default_factory=lambda: np.zeros(0))
    ci: tuple[np.ndarray, np.ndarray] = field(
        default_factory=lambda: (np.zeros(0), np.zeros(0))
    )
    confidence: float = 0.95
    n_evaluations: int = 0
    n_permutations: int = 0
    converged: bool = False
    method: str = ""
    trace: Any = None

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "stderr", _frozen_array(self.stderr))
        low, high = self.ci
        object.__setattr__(self, "ci", (_frozen_array(low), _frozen_array(high)))
        n = len(self.players)
        for name, arr in (("stderr", self.stderr), ("ci[0]", self.ci[0]), ("ci[1]", self.ci[1])):
            if arr.shape != (n,):
                raise InvalidGameError(f"`{name}` has shape {arr.shape}; expected ({n},)")

    @property
    def half_width(self) -> float:
        """Largest confidence-interval half-width over the players."""
        return float(np.max((self.ci[1] - self.ci[0]) / 2)) if len(self.players) else 0.0

    def _columns(self) -> dict[str, np.ndarray]:
        return {
            self.rule: self.x,
            "stderr": self.stderr,
            f"ci{int(round(self.confidence * 100))} low": self.ci[0],
            f"ci{int(round(self.confidence * 100))} high": self.ci[1],
        }

    def _title(self) -> str:
        state = "converged" if self.converged else "not converged"
        return (
            f"Estimate({self.rule} by {self.method}, {self.n_evaluations:,} evaluations, "
            f"{state})"
        )
