"""The result of :func:`coalition.network.hub_report`."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import InvalidGameError
from ._format import _fmt, _frozen_array
from .allocation import Allocation

__all__ = ['HubReport']


@dataclass(frozen=True, repr=False, eq=False)
class HubReport(Allocation):
    """What a network does to each partner's share (see
    :func:`coalition.network.hub_report`).

    ``x`` is the Myerson value (shares when value flows along links only).

    Attributes
    ----------
    shapley : numpy.ndarray
        Shapley value without the network (everyone can deal with everyone).
    premium : numpy.ndarray
        ``x - shapley``: what each partner's position in the network earns it
        (negative for a partner the network cuts off).
    degree : numpy.ndarray
        Number of links of each partner.
    hubs : tuple of str
        The partners reported as hubs.
    method : str
        ``"exact"`` or ``"sampled"`` (then the figures are Monte Carlo
        estimates).

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_function(lambda s: float(len(s) >= 2), ["H", "A", "B"])
    >>> rep = co.network.hub_report(g, co.network.hub_and_spoke("H", ["A", "B"]))
    >>> rep.hub_premium, rep.premium_of("A")
    (0.3333, -0.1667)
    """

    shapley: np.ndarray = field(default_factory=lambda: np.zeros(0))
    premium: np.ndarray = field(default_factory=lambda: np.zeros(0))
    degree: np.ndarray = field(default_factory=lambda: np.zeros(0))
    hubs: tuple[str, ...] = ()
    method: str = "exact"

    def __post_init__(self) -> None:
        super().__post_init__()
        n = len(self.players)
        for name in ("shapley", "premium", "degree"):
            arr = _frozen_array(getattr(self, name))
            if arr.shape != (n,):
                raise InvalidGameError(f"`{name}` has shape {arr.shape}; expected ({n},)")
            object.__setattr__(self, name, arr)
        object.__setattr__(self, "hubs", tuple(self.hubs))

    @property
    def hub_premium(self) -> float:
        """Total premium of the hubs."""
        idx = [self.players.index(h) for h in self.hubs]
        return float(self.premium[idx].sum())

    def premium_of(self, player: str) -> float:
        """Premium of one partner."""
        self[player]
        return float(self.premium[self.players.index(player)])

    def _columns(self) -> dict[str, np.ndarray]:
        return {
            "degree": self.degree,
            "shapley": self.shapley,
            "myerson": self.x,
            "premium": self.premium,
        }

    def _title(self) -> str:
        hubs = ", ".join(self.hubs) if self.hubs else "none"
        unit = "cost shares" if self.kind == "cost" else "shares"
        return (
            f"HubReport({unit}, {self.method}; hubs: {hubs}, "
            f"hub premium {_fmt(self.hub_premium)})"
        )
