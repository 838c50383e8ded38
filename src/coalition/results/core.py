"""Results of the stability rules: the core, the least core, the nucleolus."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from ._format import _fmt, _frozen_array
from .allocation import Allocation

__all__ = ['BlockingCoalition', 'CoreReport', 'LeastCore', 'Balancedness', 'CoreBounds', 'NucleolusResult', 'KohlbergCheck', 'NearestCore']


class BlockingCoalition(NamedTuple):
    """A coalition that would do better on its own than under an allocation.

    Attributes
    ----------
    members : tuple of str
        The partners in the coalition.
    gain : float
        Its excess ``v(S) - x(S)``: what it would gain by leaving (for a cost
        game: how much less it would pay on its own, ``y(S) - c(S)``).
    """

    members: tuple[str, ...]
    gain: float

    @property
    def name(self) -> str:
        """The members joined by ``"+"``."""
        return "+".join(self.members)


@dataclass(frozen=True, repr=False, eq=False)
class CoreReport:
    """Is an allocation in the core, and if not, who would walk and why.

    Attributes
    ----------
    players : tuple of str
    x : numpy.ndarray
        The allocation checked (cost shares for a cost game).
    kind : {"profit", "cost"}
    in_core : bool
        Efficient and blocked by no coalition (within `tol`).
    efficient : bool
        ``x(N) = v(N)`` within `tol`.
    total : float
        ``x(N)``, the sum of the shares.
    grand_value : float
        ``v(N)`` (``c(N)`` for a cost game).
    max_excess : float
        Largest excess over the proper coalitions: what the most unhappy
        coalition would gain by leaving (negative: every coalition gets more
        than it could alone).
    blocking : tuple of BlockingCoalition
        Coalitions with positive excess, worst first (at most the number asked
        for; see `n_blocking`).
    n_blocking : int
        How many coalitions block in all.
    tol : float
        The absolute tolerance used.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 6, "A+C": 6, "B+C": 6, "A+B+C": 9})
    >>> rep = co.core_report(g, [5, 2, 2])
    >>> rep.in_core, rep.blocking[0].name, rep.blocking[0].gain
    (False, 'B+C', 2.0)
    """

    players: tuple[str, ...]
    x: np.ndarray
    kind: str
    in_core: bool
    efficient: bool
    total: float
    grand_value: float
    max_excess: float
    blocking: tuple[BlockingCoalition, ...]
    n_blocking: int
    tol: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "x", _frozen_array(self.x))
        object.__setattr__(self, "blocking", tuple(BlockingCoalition(tuple(m), float(g)) for m, g in self.blocking))

    def __bool__(self) -> bool:
        return bool(self.in_core)

    def __repr__(self) -> str:
        verdict = "in the core" if self.in_core else "NOT in the core"
        lines = [f"CoreReport({verdict}; max excess {_fmt(self.max_excess)})"]
        if not self.efficient:
            lines.append(f"  not efficient: shares add up to {_fmt(self.total)}, the grand coalition "
                         f"{'costs' if self.kind == 'cost' else 'is worth'} {_fmt(self.grand_value)}")
        verb = "would pay {} less alone" if self.kind == "cost" else "would gain {} by leaving"
        for b in self.blocking:
            lines.append(f"  {b.name} {verb.format(_fmt(b.gain))}")
        if self.n_blocking > len(self.blocking):
            lines.append(f"  ... {self.n_blocking - len(self.blocking)} more blocking coalitions")
        return "\n".join(lines)


@dataclass(frozen=True, repr=False, eq=False)
class LeastCore(Allocation):
    """A point of the least core and its epsilon.

    Attributes
    ----------
    epsilon : float
        The smallest ``e`` such that some efficient allocation gives every
        proper coalition ``S`` at least ``v(S) - e`` (for a cost game: asks
        no coalition to pay more than ``c(S) + e``). The core is non-empty
        exactly when ``epsilon <= 0``, up to the rounding of the worths
        (see :func:`~coalition.is_balanced`). With ``nonnegative=True`` it is
        ``max(epsilon, 0)``.
    nonnegative : bool
        Whether epsilon was bounded below by 0 (then the least core of a game
        with a non-empty core is the whole core).
    status, message : str
        What the LP solver reported.
    """

    epsilon: float = 0.0
    nonnegative: bool = False
    status: str = ""
    message: str = ""

    def _title(self) -> str:
        unit = "cost shares" if self.kind == "cost" else "shares"
        return f"LeastCore(epsilon {_fmt(self.epsilon)}, {unit}, total {_fmt(self.total)})"


@dataclass(frozen=True, repr=False, eq=False)
class Balancedness:
    """Is the core non-empty (Bondareva-Shapley), with a certificate.

    Attributes
    ----------
    players : tuple of str
    kind : {"profit", "cost"}
    balanced : bool
        Whether the core is non-empty (within tolerance).
    epsilon : float
        The least-core epsilon (``<= 0`` when balanced, up to the
        tolerance).
    core_point : Allocation or None
        A core allocation when the core is non-empty.
    collection : tuple of tuple of str
        When the core is empty: a balanced collection of coalitions ...
    weights : numpy.ndarray
        ... with weights ``w_S > 0`` such that every player's weights add up
        to 1 (``sum of w_S over S containing i = 1``) ...
    gap : float
        ... and ``sum of w_S v(S) - v(N) = gap > 0`` (for a cost game
        ``c(N) - sum of w_S c(S)``): the coalitions, each working a fraction
        ``w_S`` of the time, would together do better than the grand
        coalition, so no allocation can satisfy all of them. 0 when balanced.
    status, message : str
    """

    players: tuple[str, ...]
    kind: str
    balanced: bool
    epsilon: float
    core_point: Allocation | None
    collection: tuple[tuple[str, ...], ...]
    weights: np.ndarray
    gap: float
    status: str = ""
    message: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "weights", _frozen_array(self.weights))
        object.__setattr__(self, "collection", tuple(tuple(c) for c in self.collection))

    def __bool__(self) -> bool:
        return bool(self.balanced)

    def __repr__(self) -> str:
        if self.balanced:
            return f"Balancedness(core non-empty; a core point: {self.core_point.as_dict()})"
        terms = ", ".join(f"{'+'.join(c)}: {_fmt(float(w))}" for c, w in zip(self.collection, self.weights))
        return f"Balancedness(core EMPTY; balanced weights {{{terms}}} beat the grand coalition by {_fmt(self.gap)})"


@dataclass(frozen=True, repr=False, eq=False)
class CoreBounds:
    """Each partner's smallest and largest share over the core: its
    negotiating floor and ceiling.

    Attributes
    ----------
    players : tuple of str
    lower, upper : numpy.ndarray
        Smallest and largest share of each partner over the core (for a cost
        game: smallest and largest cost share).
    kind : {"profit", "cost"}
    status, message : str

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game([0, 1, 2, 6], players=["A", "B"])
    >>> co.core_bounds(g)["A"]
    (1.0, 4.0)
    """

    players: tuple[str, ...]
    lower: np.ndarray
    upper: np.ndarray
    kind: str = "profit"
    status: str = ""
    message: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "lower", _frozen_array(self.lower))
        object.__setattr__(self, "upper", _frozen_array(self.upper))

    def __getitem__(self, player: str) -> tuple[float, float]:
        try:
            i = self.players.index(player)
        except ValueError:
            raise KeyError(f"{player!r} is not a player; players are {list(self.players)}") from None
        return float(self.lower[i]), float(self.upper[i])

    def as_dict(self) -> dict[str, tuple[float, float]]:
        """Return ``{player: (lower, upper)}`` with Python floats."""
        return {p: (float(lo), float(hi)) for p, lo, hi in zip(self.players, self.lower, self.upper)}

    def __repr__(self) -> str:
        width = max([len(p) for p in self.players] + [6])
        unit = "cost shares" if self.kind == "cost" else "shares"
        lines = [f"CoreBounds({unit})", " " * (width + 2) + f"{'lower':>12}  {'upper':>12}"]
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


@dataclass(frozen=True, repr=False, eq=False)
class NucleolusResult(Allocation):
    """The nucleolus or prenucleolus (or one of their variants: per-capita,
    proportional, disruption, anti-, under a coalition structure), with how
    it was found.

    Attributes
    ----------
    levels : numpy.ndarray
        The largest excess settled at each stage of the sequential LPs, in
        the game's worth units (savings for a cost game); ``levels[0]`` is
        the least-core epsilon (over imputations for the nucleolus). For a
        variant, the largest complaint settled at each stage (an excess per
        partner, a relative excess, ...; each function's docstring says
        which), and for the anti-nucleoli the smallest excess.
    n_lps : int
        Number of LPs solved.
    n_passes : int
        Number of scans of the full table for violated coalitions (0 when
        every coalition was in the LPs from the start).
    n_coalitions : int
        Largest number of coalitions in one LP.
    status, message : str
    """

    levels: np.ndarray = field(default_factory=lambda: np.zeros(0))
    n_lps: int = 0
    n_passes: int = 0
    n_coalitions: int = 0
    status: str = ""
    message: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "levels", _frozen_array(self.levels))


@dataclass(frozen=True, repr=False, eq=False)
class KohlbergCheck:
    """Verdict of Kohlberg's criterion on a candidate (pre)nucleolus.

    Attributes
    ----------
    valid : bool
        Whether the candidate is the nucleolus (``rule="nucleolus"``) or the
        prenucleolus, within the tolerance.
    rule : str
        ``"nucleolus"``, ``"prenucleolus"``, or the variant checked
        (``"per_capita_nucleolus"``, ``"anti_prenucleolus"``, ...).
    message : str
        Why (the first level whose collection is not balanced, or why the
        candidate is not an imputation).
    levels : numpy.ndarray
        The excess levels examined, highest first.
    failed_collection : tuple of tuple of str
        The coalitions of the first collection that is not balanced (empty
        when valid).
    tol : float
        The absolute tolerance used to group equal excesses.
    players : tuple of str
        The players, in the order of `x`.
    x : numpy.ndarray
        The candidate checked, as given (cost shares for a cost game).
    kind : {"profit", "cost"}
        The game's kind.
    """

    valid: bool
    rule: str
    message: str
    levels: np.ndarray
    failed_collection: tuple[tuple[str, ...], ...]
    tol: float
    players: tuple[str, ...] = ()
    x: np.ndarray = field(default_factory=lambda: np.zeros(0))
    kind: str = "profit"

    def __post_init__(self) -> None:
        object.__setattr__(self, "levels", _frozen_array(self.levels))
        object.__setattr__(self, "x", _frozen_array(self.x))
        object.__setattr__(self, "players", tuple(self.players))
        object.__setattr__(self, "failed_collection", tuple(tuple(c) for c in self.failed_collection))

    def __bool__(self) -> bool:
        return bool(self.valid)

    def __repr__(self) -> str:
        verdict = f"is the {self.rule}" if self.valid else f"is NOT the {self.rule}"
        return f"KohlbergCheck({verdict}: {self.message})"


@dataclass(frozen=True, repr=False, eq=False)
class NearestCore(Allocation):
    """The core allocation closest to a proposal.

    Attributes
    ----------
    proposal : numpy.ndarray
        The allocation proposed (cost shares for a cost game).
    distance : float
        The deviation minimized: the largest change of one share
        (``norm="max"``) or the total change (``norm="total"``).
    norm : {"max", "total"}
    status, message : str
    """

    proposal: np.ndarray = field(default_factory=lambda: np.zeros(0))
    distance: float = 0.0
    norm: str = "max"
    status: str = ""
    message: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "proposal", _frozen_array(self.proposal))

    @property
    def change(self) -> np.ndarray:
        """``x - proposal``: how each share must move."""
        return self.x - self.proposal

    def _columns(self) -> dict[str, np.ndarray]:
        return {"proposal": self.proposal, "nearest core": self.x, "change": self.change}

    def _title(self) -> str:
        unit = "cost shares" if self.kind == "cost" else "shares"
        return f"NearestCore({unit}, {self.norm} deviation {_fmt(self.distance)})"
