"""Results of the bargaining rules."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import InvalidGameError
from ._format import _fmt, _frozen_array
from .allocation import Allocation

__all__ = ['BargainingSolution', 'RubinsteinSplit']


@dataclass(frozen=True, repr=False, eq=False)
class BargainingSolution(Allocation):
    """The agreed utilities of a bargaining solution (Nash, Kalai-Smorodinsky,
    egalitarian).

    Attributes
    ----------
    players, x, rule, kind
        As in :class:`Allocation`. For a problem given as a :class:`Game`,
        ``x`` are shares of ``v(N)`` (cost shares for a cost game); for a
        feasible set of utility vectors, ``kind`` is ``"utility"``.
    disagreement : numpy.ndarray
        What each partner gets if no agreement is reached (its outside option
        or BATNA), in the same units as ``x``.
    weights : numpy.ndarray
        The bargaining powers (Nash) or gain weights (egalitarian) used,
        normalised to sum to 1; equal weights for Kalai-Smorodinsky.
    ideal : numpy.ndarray or None
        Each partner's best utility given that everyone else gets at least its
        disagreement utility (Kalai-Smorodinsky only).
    status : str
        ``"optimal"`` when the solution is certified (closed form, verified
        optimality conditions, or exact line search).
    message : str
        How the solution was found.
    """

    disagreement: np.ndarray = field(default_factory=lambda: np.zeros(0))
    weights: np.ndarray = field(default_factory=lambda: np.zeros(0))
    ideal: np.ndarray | None = None
    status: str = "optimal"
    message: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "disagreement", _frozen_array(self.disagreement))
        object.__setattr__(self, "weights", _frozen_array(self.weights))
        if self.ideal is not None:
            object.__setattr__(self, "ideal", _frozen_array(self.ideal))
        n = len(self.players)
        for name in ("disagreement", "weights", "ideal"):
            arr = getattr(self, name)
            if arr is not None and arr.shape != (n,):
                raise InvalidGameError(f"`{name}` has shape {arr.shape}; expected ({n},)")

    @property
    def gain(self) -> np.ndarray:
        """What each partner gains over its disagreement point (for a cost
        game: the cost it saves, ``disagreement - x``)."""
        return self.disagreement - self.x if self.kind == "cost" else self.x - self.disagreement

    def _columns(self) -> dict[str, np.ndarray]:
        cols = {self.rule: self.x, "disagreement": self.disagreement, "gain": self.gain}
        if self.ideal is not None:
            cols["ideal"] = self.ideal
        return cols

    def _title(self) -> str:
        unit = {"cost": "cost shares", "utility": "utilities"}.get(self.kind, "shares")
        return f"BargainingSolution({self.rule}, {unit}, {self.status})"


@dataclass(frozen=True, repr=False, eq=False)
class RubinsteinSplit(Allocation):
    """The subgame-perfect split of Rubinstein's alternating-offers game.

    Attributes
    ----------
    players, x, rule, kind
        As in :class:`Allocation`: ``x`` is each partner's share of the pie,
        agreed at once on the first offer.
    pie : float
        The amount bargained over.
    discount : tuple of float
        Each partner's discount factor per round of offers.
    first : str
        The partner who makes the first offer.
    outside_options : numpy.ndarray or None
        What each partner gets by walking away when it rejects an offer.
    binding : tuple of bool
        Whether each partner's outside option shapes the split (it does only
        when it beats what the partner would get without it).
    rates : tuple of float or None
        Discount rates per unit of time, when the game was given by rates.
    step : float or None
        Time between two offers, when the game was given by rates.
    """

    pie: float = 1.0
    discount: tuple[float, float] = (0.0, 0.0)
    first: str = ""
    outside_options: np.ndarray | None = None
    binding: tuple[bool, bool] = (False, False)
    rates: tuple[float, float] | None = None
    step: float | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.outside_options is not None:
            object.__setattr__(self, "outside_options", _frozen_array(self.outside_options))
        object.__setattr__(self, "discount", tuple(float(v) for v in self.discount))
        object.__setattr__(self, "binding", tuple(bool(v) for v in self.binding))

    def _columns(self) -> dict[str, np.ndarray]:
        cols = {self.rule: self.x}
        if self.outside_options is not None:
            cols["outside option"] = self.outside_options
        return cols

    def _title(self) -> str:
        d = ", ".join(f"{v:.6g}" for v in self.discount)
        return f"RubinsteinSplit(pie {_fmt(self.pie)}, discount ({d}), {self.first} offers first)"
