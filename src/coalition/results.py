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
from typing import Any, NamedTuple

import numpy as np

from .errors import InvalidGameError

__all__ = [
    "Allocation", "Estimate", "HubReport",
    # stability
    "BlockingCoalition", "CoreReport", "LeastCore", "Balancedness", "CoreBounds",
    "NucleolusResult", "KohlbergCheck", "NearestCore",
    # bargaining
    "BargainingSolution", "RubinsteinSplit",
]


def _frozen_array(values: Any) -> np.ndarray:
    arr = np.array(values, dtype=np.float64, copy=True)
    arr.setflags(write=False)
    return arr


def _fmt(value: float) -> str:
    if value == 0:
        return "0"
    if 1e-4 <= abs(value) < 1e9:
        return f"{value:,.6g}" if abs(value) < 1e4 else f"{value:,.2f}"
    return f"{value:.6g}"


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


# ---------------------------------------------------------------------------
# stability: the core, the least core, the nucleolus (coalition.stability)
# ---------------------------------------------------------------------------
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
        exactly when ``epsilon <= 0``. With ``nonnegative=True`` it is
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
        The least-core epsilon (``<= 0`` exactly when balanced).
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
    """The nucleolus or prenucleolus, with how it was found.

    Attributes
    ----------
    levels : numpy.ndarray
        The largest excess settled at each stage of the sequential LPs, in
        the game's worth units (savings for a cost game); ``levels[0]`` is
        the least-core epsilon (over imputations for the nucleolus).
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
    rule : {"nucleolus", "prenucleolus"}
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
