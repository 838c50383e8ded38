"""Bargaining splits: Nash, Kalai-Smorodinsky, egalitarian and Rubinstein.

Negotiators think in outside options ("what do we each get if the deal
fails?"), bargaining strength and patience rather than in the worth of every
coalition. The rules here answer "how should we split what the deal creates?"
for two or more partners:

* with transferable utility (money): the problem is a :class:`~coalition.Game`
  and the partners split ``v(N)``; only the grand coalition and the
  disagreement point matter, not the worths of smaller coalitions;
* without transferable utility: the problem is a :class:`FeasibleSet` of
  utility vectors the partners can reach together (a list of outcomes with
  free disposal, linear constraints ``A u <= b``, or a concave frontier).

:func:`rubinstein` gives the split that patient, rational negotiators reach in
alternating offers, and shows where the Nash split comes from.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from . import _feasible as _fz
from .errors import InfeasibleError, InvalidParameterError, SolverError
from .game import Game, _check_players, _default_players
from .results import BargainingSolution, RubinsteinSplit

__all__ = [
    "FeasibleSet",
    "nash_bargaining",
    "kalai_smorodinsky",
    "egalitarian",
    "rubinstein",
]

_FORMS = ("points", "constraints", "frontier")
# most partners a frontier may have (its Nash solution takes O(n^2) evaluations per step)
_MAX_PARTNERS = 1000


# ---------------------------------------------------------------------------
# feasible sets
# ---------------------------------------------------------------------------
def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _first_odd(value: Any) -> Any:
    """The first entry of nested lists/tuples that is not a real number
    (None, a bool, a complex number, a string), or ``None`` if there is none."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
        elif item is None or isinstance(item, (bool, np.bool_, complex, np.complexfloating, str, bytes)):
            return (item,)
    return None


def _real_array(value: Any, arg: str, expected: str) -> np.ndarray:
    """`value` as a float array, with a clear error for strings, None, bools,
    complex numbers, ragged nesting and numbers too large for a float."""
    if value is None or isinstance(value, (str, bytes)):
        raise InvalidParameterError(f"`{arg}` must be {expected}, got {value!r}")
    if isinstance(value, (list, tuple)):
        odd = _first_odd(value)
        if odd is not None:
            raise InvalidParameterError(
                f"`{arg}` must be {expected}; it holds {odd[0]!r} ({type(odd[0]).__name__})"
            )
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError, OverflowError):
        raise InvalidParameterError(f"`{arg}` must be {expected}, got {_short(value)}") from None
    kind = arr.dtype.kind
    if kind in "bcUSVMm":
        what = {"b": "booleans", "c": "complex numbers"}.get(kind, f"values of type {arr.dtype}")
        raise InvalidParameterError(f"`{arg}` must be {expected}, got {what}: {_short(value)}")
    if kind == "O":
        odd = next((x for x in arr.flat if x is None or isinstance(x, (bool, complex, str, bytes))), False)
        if odd is not False:
            raise InvalidParameterError(f"`{arg}` must be {expected}; it holds {odd!r} ({type(odd).__name__})")
    try:
        with np.errstate(over="ignore"):
            out = arr.astype(np.float64)
    except OverflowError:
        raise InvalidParameterError(
            f"`{arg}` holds a number too large for a float (about 1.8e308 at most): {_short(value)}"
        ) from None
    except (TypeError, ValueError):
        raise InvalidParameterError(f"`{arg}` must be {expected}, got {_short(value)}") from None
    return out


def _real_scalar(value: Any, arg: str, expected: str) -> float:
    if isinstance(value, (bool, np.bool_)):
        raise InvalidParameterError(f"`{arg}` must be {expected}, got {value!r}")
    arr = _real_array(value, arg, expected)
    if arr.ndim != 0:
        raise InvalidParameterError(f"`{arg}` must be {expected}, got an array of shape {arr.shape}")
    return float(arr)


def _matrix(value: Any, arg: str) -> np.ndarray:
    arr = _real_array(value, arg, "a 2-D array of numbers")
    arr = np.array(arr, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] == 0:
        raise InvalidParameterError(f"`{arg}` must be a non-empty 2-D array, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        r, c = np.argwhere(~np.isfinite(arr))[0]
        raise InvalidParameterError(f"`{arg}` has a non-finite entry at row {r}, column {c}: {float(arr[r, c])}")
    arr.setflags(write=False)
    return arr


def _names_for(players: Sequence[str] | None, n: int, what: str) -> tuple[str, ...]:
    if players is None:
        return _default_players(n)
    names = _check_players(players)
    if len(names) != n:
        raise InvalidParameterError(f"`players` has {len(names)} names but {what} {n} columns, one per partner")
    return names


class FeasibleSet:
    """The utility vectors the partners can reach by agreeing (no money transfers).

    Use one of the constructors:

    * :meth:`from_points`: a list of possible deals, one row per deal and one
      column per partner, giving each partner's utility. The partners may
      also agree on any lottery (mix) of deals, and anyone may give up
      utility (free disposal): the feasible set is the convex hull of the
      points, extended downwards.
    * :meth:`from_constraints`: all ``u`` with ``A u <= b``.
    * :meth:`from_frontier`: the best utility of the last partner as a
      concave, non-increasing function of the others' utilities.

    Bargaining functions also accept the raw forms: a 2-D array of points, a
    pair ``(A, b)``, or a function (a two-partner frontier).

    Examples
    --------
    >>> import coalition as co
    >>> s = co.FeasibleSet.from_points([[4, 0], [3, 2], [0, 3]], players=["Buyer", "Seller"])
    >>> s
    <FeasibleSet: 2 players (Buyer, Seller), 3 outcomes with free disposal>
    >>> s.contains([2, 2]), s.contains([3.5, 2])
    (True, False)
    """

    __slots__ = ("_form", "_players", "_points", "_A", "_b", "_frontier")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise InvalidParameterError(
            "build a FeasibleSet with FeasibleSet.from_points, from_constraints or from_frontier"
        )

    @classmethod
    def _make(cls, form: str, players: tuple[str, ...], **data: Any) -> FeasibleSet:
        obj = object.__new__(cls)
        obj._form = form
        obj._players = players
        obj._points = data.get("points")
        obj._A = data.get("A")
        obj._b = data.get("b")
        obj._frontier = data.get("frontier")
        return obj

    @classmethod
    def from_points(cls, points: Any, players: Sequence[str] | None = None) -> FeasibleSet:
        """The deals on the table, with lotteries and free disposal.

        Parameters
        ----------
        points : array_like, shape (m, n)
            One row per possible outcome, one column per partner: the utility
            each partner gets from that outcome.
        players : sequence of str, optional
            Partner names (default ``P1, P2, ...``).

        Returns
        -------
        FeasibleSet

        Raises
        ------
        InvalidParameterError
            If `points` is not a non-empty 2-D array of finite numbers.
        InvalidGameError
            If `players` does not name one partner per column.

        Examples
        --------
        >>> import coalition as co
        >>> co.FeasibleSet.from_points([[1, 0], [0, 1]]).n
        2
        """
        pts = _matrix(points, "points")
        names = _names_for(players, pts.shape[1], "the points have")
        return cls._make("points", names, points=pts)

    @classmethod
    def from_constraints(cls, A: Any, b: Any, players: Sequence[str] | None = None) -> FeasibleSet:
        """All utility vectors ``u`` with ``A u <= b``.

        Parameters
        ----------
        A : array_like, shape (k, n)
            One row per constraint, one column per partner.
        b : array_like, shape (k,)
        players : sequence of str, optional
            Partner names (default ``P1, P2, ...``).

        Returns
        -------
        FeasibleSet

        Raises
        ------
        InvalidParameterError
            If `A` is not a 2-D array of finite numbers or `b` does not have
            one finite entry per row of `A`.

        Examples
        --------
        >>> import coalition as co
        >>> s = co.FeasibleSet.from_constraints([[1, 1], [1, 0]], [10, 4])
        >>> s.contains([4, 6]), s.contains([5, 5])
        (True, False)
        """
        A = _matrix(A, "A")
        bb = np.array(_real_array(b, "b", "numbers, one per row of `A`"), dtype=np.float64)
        if bb.ndim != 1 or bb.size != A.shape[0]:
            raise InvalidParameterError(
                f"`b` has shape {bb.shape}; `A` has {A.shape[0]} row(s), so `b` needs {A.shape[0]} entries"
            )
        if not np.all(np.isfinite(bb)):
            raise InvalidParameterError(f"`b` has non-finite entries: {bb.tolist()}")
        bb.setflags(write=False)
        names = _names_for(players, A.shape[1], "`A` has")
        return cls._make("constraints", names, A=A, b=bb)

    @classmethod
    def from_frontier(
        cls,
        frontier: Callable[[Any], float],
        players: Sequence[str] | None = None,
        *,
        n: int | None = None,
    ) -> FeasibleSet:
        """A set bounded by a concave frontier: ``u_n <= frontier(u_1..u_{n-1})``.

        Parameters
        ----------
        frontier : callable
            The best utility the last partner can get given the others'
            utilities. With two partners it takes a float ``u1``; with more,
            a 1-D array of the first ``n - 1`` utilities. It must be concave
            and must not increase (the others gaining never helps the last
            partner); this is checked at sample points. Return NaN (or raise
            ``ValueError``) where the others' utilities cannot be reached.
        players : sequence of str, optional
            Partner names; default ``P1, ..., Pn``.
        n : int, optional
            Number of partners when `players` is not given (default 2).

        Returns
        -------
        FeasibleSet

        Raises
        ------
        InvalidParameterError
            If `frontier` is not callable, or `n` is not an integer from 2 to
            1,000, or disagrees with `players`.

        Notes
        -----
        Solutions on a frontier are found by bisection and, for the Nash
        solution, from finite-difference slopes: exact to about ``1e-10``
        relative for a smooth frontier. For a frontier with corners, prefer
        :meth:`from_points` with its corner points, which is exact.

        Examples
        --------
        >>> import numpy as np
        >>> import coalition as co
        >>> s = co.FeasibleSet.from_frontier(lambda u1: np.sqrt(1 - u1))
        >>> s.contains([0.75, 0.5]), s.contains([0.75, 0.6])
        (True, False)
        """
        if not callable(frontier):
            raise InvalidParameterError(f"`frontier` must be callable, got {type(frontier).__name__}")
        if n is not None and (
            isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or not 2 <= n <= _MAX_PARTNERS
        ):
            raise InvalidParameterError(
                f"`n` must be an integer from 2 to {_MAX_PARTNERS}, got {_short(n)}"
            )
        if players is None:
            names = _default_players(2 if n is None else int(n))
        else:
            names = _check_players(players)
            if n is not None and int(n) != len(names):
                raise InvalidParameterError(f"`n` is {n} but `players` has {len(names)} names")
        if len(names) < 2:
            raise InvalidParameterError(f"a frontier needs at least 2 partners, got {len(names)}")
        return cls._make("frontier", names, frontier=frontier)

    # -- properties -----------------------------------------------------------
    @property
    def players(self) -> tuple[str, ...]:
        """Partner names, in column order."""
        return self._players

    @property
    def n(self) -> int:
        """Number of partners."""
        return len(self._players)

    @property
    def form(self) -> str:
        """``"points"``, ``"constraints"`` or ``"frontier"``."""
        return self._form

    def contains(self, u: Any, *, tol: float = 1e-9) -> bool:
        """Whether the utility vector `u` is feasible.

        Parameters
        ----------
        u : array_like or dict
            One utility per partner.
        tol : float, default 1e-9
            Relative tolerance on the constraints.

        Returns
        -------
        bool

        Raises
        ------
        InvalidParameterError
            If `u` does not give one finite number per partner, or `tol` is
            not a finite non-negative number.

        Examples
        --------
        >>> import coalition as co
        >>> co.FeasibleSet.from_points([[2, 0], [0, 2]]).contains([1, 1])
        True
        """
        arr = _vector_of(u, self._players, "u")
        tol = _real_scalar(tol, "tol", "a non-negative number")
        if not (math.isfinite(tol) and tol >= 0):
            raise InvalidParameterError(f"`tol` must be a finite non-negative number, got {tol!r}")
        if self._form == "constraints":
            # in units of the largest number involved: no overflow
            s = max(1.0, float(np.max(np.abs(arr))), float(np.max(np.abs(self._b))))
            with np.errstate(over="ignore", invalid="ignore"):
                lhs = self._A @ (arr / s) - self._b / s
                scale = 1.0 + np.abs(self._b) / s + np.abs(self._A) @ np.abs(arr / s)
                return bool(np.all(lhs <= tol * scale))
        if self._form == "points":
            return _contains_points(self._points, arr, tol)
        f = _fz.Frontier(self._frontier, self.n)
        val = _frontier_eval(f, arr[:-1])
        return bool(not math.isnan(val) and arr[-1] <= val + tol * (1.0 + abs(val)))

    def __repr__(self) -> str:
        shown = ", ".join(self._players[:6]) + (", ..." if self.n > 6 else "")
        if self._form == "points":
            what = f"{self._points.shape[0]} outcomes with free disposal"
        elif self._form == "constraints":
            what = f"{self._A.shape[0]} linear constraints"
        else:
            what = "concave frontier"
        return f"<FeasibleSet: {self.n} players ({shown}), {what}>"


# ---------------------------------------------------------------------------
# argument handling
# ---------------------------------------------------------------------------
def _vector_of(value: Any, players: tuple[str, ...], arg: str) -> np.ndarray:
    """One finite number per player, from a sequence or a {player: value} dict."""
    if isinstance(value, Mapping):
        unknown = [k for k in value if k not in players]
        if unknown:
            raise InvalidParameterError(f"`{arg}` names {unknown[0]!r}, which is not a player {list(players)}")
        absent = [p for p in players if p not in value]
        if absent:
            raise InvalidParameterError(f"`{arg}` has no entry for {absent}")
        value = [value[p] for p in players]
    arr = _real_array(value, arg, "numbers, one per player")
    if arr.shape != (len(players),):
        raise InvalidParameterError(
            f"`{arg}` has shape {arr.shape}; there are {len(players)} players {list(players)}"
        )
    if not np.all(np.isfinite(arr)):
        raise InvalidParameterError(f"`{arg}` has non-finite entries: {arr.tolist()}")
    return arr


def _weights_of(value: Any, players: tuple[str, ...], arg: str) -> np.ndarray:
    if value is None:
        return np.full(len(players), 1.0 / len(players))
    w = _vector_of(value, players, arg)
    if np.any(w <= 0):
        k = int(np.flatnonzero(w <= 0)[0])
        raise InvalidParameterError(
            f"`{arg}` must be positive for every partner; {players[k]!r} has {float(w[k]):g}"
        )
    w = w / w.max()  # no overflow in the sum, whatever the scale
    return w / w.sum()


def _as_problem(problem: Any) -> Game | FeasibleSet:
    if isinstance(problem, (Game, FeasibleSet)):
        return problem
    if callable(problem):
        return FeasibleSet.from_frontier(problem)
    if isinstance(problem, tuple) and len(problem) == 2 and _ndim(problem[0]) == 2 and _ndim(problem[1]) == 1:
        return FeasibleSet.from_constraints(problem[0], problem[1])
    if isinstance(problem, (list, tuple, np.ndarray)) and _ndim(problem) == 2:
        return FeasibleSet.from_points(problem)
    raise InvalidParameterError(
        "`problem` must be a Game, a FeasibleSet, a 2-D array of outcomes, a pair (A, b) "
        f"of linear constraints or a frontier function, got {type(problem).__name__}"
    )


def _ndim(value: Any) -> int:
    try:
        return int(np.ndim(value))
    except (TypeError, ValueError, OverflowError):
        return -1


def _scale(*arrays: np.ndarray) -> float:
    return max([1.0] + [float(np.max(np.abs(a))) for a in arrays if np.size(a)])


# ---------------------------------------------------------------------------
# transferable utility: closed forms
# ---------------------------------------------------------------------------
def _tu_setup(game: Game, disagreement: Any) -> tuple[np.ndarray, float]:
    """Disagreement point in worth units, and the surplus left to share."""
    # only v(N) and the standalone worths are needed: no dense table, so
    # structured games of any size work
    standalone = np.array(game.standalone, dtype=float)
    if game.kind == "cost":
        total = float(standalone.sum()) - game.grand_value
        own = np.zeros(game.n)
    else:
        total = game.grand_value
        own = standalone
    if disagreement is None or (isinstance(disagreement, str) and disagreement == "standalone"):
        d = own
    elif isinstance(disagreement, str) and disagreement == "zero":
        d = game._to_worth_units(np.zeros(game.n))
    elif isinstance(disagreement, str):
        raise InvalidParameterError(
            f"`disagreement` must be 'standalone', 'zero', a vector or a dict of outside options, got {disagreement!r}"
        )
    else:
        d = game._to_worth_units(_vector_of(disagreement, game.players, "disagreement"))
    with np.errstate(over="ignore", invalid="ignore"):
        gain = total - float(d.sum())
    if not math.isfinite(gain):
        raise _overflow("`disagreement` and the worth of the grand coalition")
    scale = max(abs(total), float(np.max(np.abs(d))) if d.size else 0.0, 1e-300)
    if 0 < gain <= 1e-12 * scale and scale > 1e12 * max(abs(total), 1e-300):
        raise InfeasibleError(
            f"`disagreement` has outside options as large as {float(np.max(np.abs(d))):.6g}: the gain "
            f"of {gain:.6g} to share is lost in their rounding; express them relative to the worths"
        )
    if gain <= 1e-12 * scale:
        if game.kind == "cost":
            d_cost = game._from_worth_units(d)
            grand = game.grand_value
            what = (
                f"the costs the partners face without a deal sum to {float(d_cost.sum()):.6g}, "
                f"{'no more than' if gain > -1e-12 * scale else 'less than'} the joint cost c(N) = {grand:.6g}"
            )
        else:
            what = (
                f"the outside options sum to {float(d.sum()):.6g}, "
                f"{'as much as' if gain > -1e-12 * scale else 'more than'} the v(N) = {total:.6g} "
                "the partners create together"
            )
        if gain < -1e-12 * scale:
            raise InfeasibleError(
                f"`disagreement` is not feasible: {what}, short by {-gain:.6g}; no split gives "
                "every partner its outside option"
            )
        raise InfeasibleError(f"`disagreement` leaves no gain to share: {what}")
    return d, gain


def _tu_result(game: Game, x: np.ndarray, d: np.ndarray, w: np.ndarray, rule: str, ideal=None) -> BargainingSolution:
    if not np.all(np.isfinite(x)) or (ideal is not None and not np.all(np.isfinite(ideal))):
        raise _overflow("the shares")
    return BargainingSolution(
        game.players,
        game._from_worth_units(x),
        rule,
        game.kind,
        disagreement=game._from_worth_units(d),
        weights=w,
        ideal=None if ideal is None else game._from_worth_units(ideal),
        status="optimal",
        message="closed form (transferable utility)",
    )


# ---------------------------------------------------------------------------
# non-transferable utility: shared checks
# ---------------------------------------------------------------------------
def _ntu_disagreement(fs: FeasibleSet, disagreement: Any) -> np.ndarray:
    if disagreement is None or (isinstance(disagreement, str) and disagreement == "zero"):
        return np.zeros(fs.n)
    if isinstance(disagreement, str):
        if disagreement == "standalone":
            raise InvalidParameterError(
                "`disagreement='standalone'` needs a Game; for a feasible set give the utility "
                "each partner gets without an agreement (a vector or a dict), or 'zero'"
            )
        raise InvalidParameterError(
            f"`disagreement` must be 'zero', a vector or a dict of utilities, got {disagreement!r}"
        )
    return _vector_of(disagreement, fs.players, "disagreement")


def _fmt_vec(v: np.ndarray) -> str:
    return "[" + ", ".join(f"{x:.6g}" for x in v) + "]"


def _ray_points(points: np.ndarray, d: np.ndarray, r: np.ndarray) -> tuple[float, np.ndarray | None]:
    """Largest ``t`` with ``d + t r`` in the free-disposal hull of `points`
    (an LP; ``t`` may be negative when ``d`` is outside). Returns ``(t, lam)``."""
    m, n = points.shape
    # variables (lam_1..lam_m, t): minimise -t
    # d_i + t r_i <= sum_k lam_k v_ki  ->  -V^T lam + t r <= -d
    A_ub = np.hstack([-points.T, r[:, None]])
    A_eq = np.zeros((1, m + 1))
    A_eq[0, :m] = 1.0
    cost = np.zeros(m + 1)
    cost[m] = -1.0
    res = _fz.lp(cost, A_ub, -d, A_eq, [1.0], bounds=[(0, None)] * m + [(None, None)])
    if res.status == 3:
        return math.inf, None
    if res.status != 0 or res.x is None:
        raise SolverError(f"the linear program over the outcomes failed (HiGHS status {res.status}: {res.message})")
    return float(res.x[m]), res.x[:m]


def _contains_points(points: np.ndarray, u: np.ndarray, tol: float) -> bool:
    """Whether `u` is in the free-disposal hull of `points`, up to `tol`
    relative to the spread of the outcomes around `u` (scale-free)."""
    with np.errstate(over="ignore", invalid="ignore"):
        V = points - u
    if not np.all(np.isfinite(V)):
        raise _overflow("`points` and `u`")
    unit = float(np.max(np.abs(V))) or 1.0
    t, _ = _ray_points(V / unit, np.zeros(u.size), np.ones(u.size))
    return bool(t >= -tol)


def _frontier_eval(f: _fz.Frontier, head: np.ndarray) -> float:
    try:
        return f(head)
    except _fz.FrontierValueError as exc:
        shown = f.origin[:-1] + f.unit * np.asarray(head, dtype=float)
        raise InvalidParameterError(
            f"the frontier returned {exc.value!r} at {_fmt_vec(shown)}; it must return one number (a real float)"
        ) from None
    except _fz.FrontierUnbounded as exc:
        raise InvalidParameterError(
            f"the frontier is +inf at {_fmt_vec(exc.head)}: the feasible set is unbounded"
        ) from None


def _overflow(what: str) -> InvalidParameterError:
    return InvalidParameterError(
        f"{what} are too large to combine in floating point (an intermediate overflows); "
        "express the utilities in a larger unit"
    )


class _Frontier:
    """A frontier problem in normalised units: the disagreement point at the
    origin and the last partner's best gain there equal to 1. Feasibility
    predicate, rays, ideal point and sample checks of concavity and
    monotonicity; messages speak the user's units."""

    def __init__(self, fs: FeasibleSet, d: np.ndarray) -> None:
        self.fs = fs
        self.n = fs.n
        self.d_user = d
        top = _frontier_eval(_fz.Frontier(fs._frontier, fs.n), d[:-1])
        if math.isnan(top):
            raise InfeasibleError(
                f"`disagreement` {_fmt_vec(d)} is not feasible: the frontier is undefined at "
                f"the others' utilities {_fmt_vec(d[:-1])}"
            )
        if d[-1] > top:
            raise InfeasibleError(
                f"`disagreement` {_fmt_vec(d)} is not feasible: {fs.players[-1]!r} can get at "
                f"most {top:.6g} there, short by {d[-1] - top:.6g}"
            )
        with np.errstate(over="ignore", invalid="ignore"):
            unit = top - float(d[-1])
        if not math.isfinite(unit):
            raise _overflow("the frontier's values and `disagreement`")
        if unit <= 0:
            raise InfeasibleError(
                f"no feasible point gives every partner more than its disagreement utility "
                f"{_fmt_vec(d)}: there is nothing to bargain over"
            )
        self.unit = unit
        self.d = np.zeros(self.n)
        self.f = _fz.Frontier(fs._frontier, fs.n, origin=d, unit=unit)

    def up(self, y: np.ndarray) -> np.ndarray:
        """From normalised units back to the user's."""
        return self.d_user + self.unit * np.asarray(y, dtype=float)

    def value(self, head: np.ndarray) -> float:
        return _frontier_eval(self.f, np.asarray(head, dtype=float))

    def feasible(self, u: np.ndarray) -> bool:
        val = self.value(u[:-1])
        return not math.isnan(val) and u[-1] <= val

    def ray(self, r: np.ndarray) -> float:
        t = _fz.ray_max(lambda t: self.feasible(t * r), 1.0)
        if math.isinf(t):
            raise InvalidParameterError(
                "the feasible set is unbounded: along the direction "
                f"{_fmt_vec(r)} from the disagreement point the frontier never binds"
            )
        return t

    def check_disagreement(self) -> None:
        if self.ray(np.ones(self.n)) <= 1e-9:
            raise InfeasibleError(
                f"no feasible point gives every partner more than its disagreement utility "
                f"{_fmt_vec(self.d_user)}: there is nothing to bargain over"
            )

    def ideal(self) -> np.ndarray:
        out = np.empty(self.n)
        for i in range(self.n - 1):
            e = np.zeros(self.n)
            e[i] = 1.0
            out[i] = self.ray(e)
        out[-1] = self.value(self.d[:-1])
        return out

    def check_shape(self, upper: np.ndarray) -> None:
        """Sampled checks that the frontier is concave and non-increasing on
        the box between the disagreement point and `upper` (normalised)."""
        m = self.n - 1
        span = np.maximum(upper[:-1], 0.0)
        tol = 1e-9 * _scale(upper)
        players = self.fs.players
        head = lambda g: self.d_user[:-1] + self.unit * np.asarray(g)  # noqa: E731
        val = lambda v: float(self.d_user[-1] + self.unit * v)  # noqa: E731
        if m == 1:
            grid = span[0] * np.linspace(0.0, 1.0, 65)
            fv = np.array([self.value(np.array([g])) for g in grid])
            ok = ~np.isnan(fv)
            for k in range(1, 64):
                if ok[k - 1] and ok[k] and ok[k + 1]:
                    chord = 0.5 * (fv[k - 1] + fv[k + 1])
                    if fv[k] < chord - tol:
                        g0, g1, g2 = head([grid[k - 1], grid[k], grid[k + 1]])
                        raise InvalidParameterError(
                            f"the frontier is not concave: at {players[0]} = {g1:.6g} it is "
                            f"{val(fv[k]):.6g}, below the chord {val(chord):.6g} between {g0:.6g} and {g2:.6g}"
                        )
            for k in range(64):
                if ok[k] and ok[k + 1] and fv[k + 1] > fv[k] + tol:
                    g0, g1 = head([grid[k], grid[k + 1]])
                    raise InvalidParameterError(
                        f"the frontier increases: {val(fv[k]):.6g} at {players[0]} = {g0:.6g} but "
                        f"{val(fv[k + 1]):.6g} at {g1:.6g}; with free disposal a frontier never "
                        "rises as the other partners gain"
                    )
            return
        rng = np.random.default_rng(20240527)
        for _ in range(48):
            a = span * rng.random(m)
            b = span * rng.random(m)
            fa, fb = self.value(a), self.value(b)
            if math.isnan(fa) or math.isnan(fb):
                continue
            fm = self.value(0.5 * (a + b))
            if not math.isnan(fm) and fm < 0.5 * (fa + fb) - tol:
                raise InvalidParameterError(
                    f"the frontier is not concave: at {_fmt_vec(head(0.5 * (a + b)))} it is {val(fm):.6g}, "
                    f"below the chord {val(0.5 * (fa + fb)):.6g} between {_fmt_vec(head(a))} and "
                    f"{_fmt_vec(head(b))}"
                )
            up = np.maximum(a, b)
            fu = self.value(up)
            if not math.isnan(fu) and fu > fa + tol:
                raise InvalidParameterError(
                    f"the frontier increases: {val(fa):.6g} at {_fmt_vec(head(a))} but {val(fu):.6g} at "
                    f"{_fmt_vec(head(up))}; with free disposal a frontier never rises as the other "
                    "partners gain"
                )


class _Polyhedral:
    """Outcome points or linear constraints in normalised units: ``u = d +
    unit * y``, so the disagreement point is the origin and the data are of
    order one whatever units the partners' utilities are measured in."""

    def __init__(self, fs: FeasibleSet, d: np.ndarray) -> None:
        self.fs = fs
        self.n = fs.n
        self.d_user = d
        self.d = np.zeros(fs.n)
        self.start: np.ndarray | None = None
        if fs.form == "points":
            with np.errstate(over="ignore", invalid="ignore"):
                V = fs._points - d
            if not np.all(np.isfinite(V)):
                raise _overflow("`points` and `disagreement`")
            gains = np.max(V)
            self.unit = float(gains) if gains > 0 else 1.0
            self.V = V / self.unit
            self.start = _check_points(self.V, self)
        else:
            A, b = fs._A, fs._b
            with np.errstate(over="ignore", invalid="ignore"):
                c = b - A @ d
            if not np.all(np.isfinite(c)):
                raise _overflow("`A`, `b` and `disagreement`")
            rn = np.max(np.abs(A), axis=1)
            rn[rn == 0] = 1.0
            An, cn = A / rn[:, None], c / rn
            # unit: the largest equal gain along the diagonal, ignoring caps far away
            diag = An.sum(axis=1)
            hit = diag > 1e-12
            reach = float(np.min(cn[hit] / diag[hit])) if hit.any() else 0.0
            if not reach > 0:
                pool = np.abs(cn[np.any(An > 0, axis=1)])
                reach = float(pool.max()) if pool.size and pool.max() > 0 else 1.0
            self.unit = reach
            self.A, self.c = An, cn / reach
            _check_constraints(self)

    def up(self, y: np.ndarray) -> np.ndarray:
        """From normalised units back to the user's."""
        return self.d_user + self.unit * np.asarray(y, dtype=float)


def _check_points(V: np.ndarray, prob: _Polyhedral) -> np.ndarray:
    """Checks the origin (the disagreement point) against normalised
    outcomes; returns a few outcomes whose hull holds a point above it."""
    mins = V.min(axis=1)
    k = int(np.argmax(mins))
    if mins[k] > 1e-9:
        return np.array([k])  # one outcome beats the disagreement point for everyone
    t, lam = _ray_points(V, prob.d, np.ones(prob.n))
    if t < -1e-9:
        raise InfeasibleError(
            f"`disagreement` {_fmt_vec(prob.d_user)} is not feasible: no mix of the outcomes gives every "
            f"partner its disagreement utility; the best falls short by {-t * prob.unit:.6g} for each"
        )
    if t <= 1e-9:
        raise InfeasibleError(
            f"no feasible point gives every partner more than its disagreement utility "
            f"{_fmt_vec(prob.d_user)}: there is nothing to bargain over"
        )
    return np.flatnonzero(lam > 0)


def _check_constraints(prob: _Polyhedral) -> None:
    """Checks the origin against normalised constraints ``A y <= c``: feasible,
    bounded above, and room for every partner to gain."""
    A, c, d = prob.A, prob.c, prob.d_user
    viol = -c / (1.0 + np.abs(c))
    worst = int(np.argmax(viol))
    if viol[worst] > 1e-9:
        Ao, bo = prob.fs._A, prob.fs._b
        with np.errstate(all="ignore"):
            lhs = float(Ao[worst] @ d)
        raise InfeasibleError(
            f"`disagreement` {_fmt_vec(d)} is not feasible: it breaks constraint {worst} "
            f"(A[{worst}] @ d = {lhs:.6g} > b[{worst}] = {float(bo[worst]):.6g}, "
            f"by {lhs - float(bo[worst]):.6g})"
        )
    # bounded above: no direction rho >= 0 with A rho <= 0
    if not np.any(np.all(A > 0, axis=1)):
        n = A.shape[1]
        res = _fz.lp(-np.ones(n), A, np.zeros(A.shape[0]), bounds=[(0, 1)] * n)
        if res.status != 0 or res.x is None:
            raise SolverError(f"the boundedness check failed (HiGHS status {res.status}: {res.message})")
        if -res.fun > 1e-9:
            grow = [prob.fs.players[i] for i in np.flatnonzero(res.x > 1e-9)]
            raise InvalidParameterError(
                f"the feasible set is unbounded: the utilities of {grow} can grow without limit; "
                "add constraints that cap them"
            )
    binding = np.any(A > 0, axis=1)
    # fast path: the origin is clearly inside every constraint that can bind above it
    if not np.all(c[binding] > 1e-9 * (1.0 + np.abs(c[binding]))) and _maxmin_constraints(A, c, prob.d) <= 1e-9:
        raise InfeasibleError(
            f"no feasible point gives every partner more than its disagreement utility "
            f"{_fmt_vec(d)}: there is nothing to bargain over"
        )


def _maxmin_constraints(A: np.ndarray, b: np.ndarray, d: np.ndarray) -> float:
    """``max min_i (u_i - d_i)`` over ``A u <= b``."""
    n = A.shape[1]
    # variables (u, s): maximise s; u_i - s >= d_i
    A_ub = np.vstack([np.hstack([A, np.zeros((A.shape[0], 1))]), np.hstack([-np.eye(n), np.ones((n, 1))])])
    b_ub = np.concatenate([b, -d])
    cost = np.zeros(n + 1)
    cost[n] = -1.0
    res = _fz.lp(cost, A_ub, b_ub, bounds=[(None, None)] * (n + 1))
    if res.status != 0 or res.x is None:
        raise SolverError(f"the linear program over the constraints failed (HiGHS status {res.status}: {res.message})")
    return float(res.x[n])


def _ntu_setup(fs: FeasibleSet, disagreement: Any) -> _Polyhedral | _Frontier:
    """The problem in normalised units, after its checks."""
    d = _ntu_disagreement(fs, disagreement)
    if fs.form == "frontier":
        fr = _Frontier(fs, d)
        fr.check_disagreement()
        return fr
    return _Polyhedral(fs, d)


def _ntu_result(prob, y, w, rule, message, ideal=None) -> BargainingSolution:
    """The solution `y` (normalised units) in the user's units."""
    x = prob.up(y)
    ideal_u = None if ideal is None else prob.up(ideal)
    if not np.all(np.isfinite(x)) or (ideal_u is not None and not np.all(np.isfinite(ideal_u))):
        raise _overflow("the solution's utilities")
    return BargainingSolution(
        prob.fs.players,
        x,
        rule,
        "utility",
        disagreement=prob.d_user,
        weights=w,
        ideal=ideal_u,
        status="optimal",
        message=message,
    )


# ---------------------------------------------------------------------------
# Nash
# ---------------------------------------------------------------------------
def _nash_polyhedral(M: np.ndarray, c: np.ndarray, w: np.ndarray) -> _fz.ProgramResult:
    y0, depth = _fz.interior_start(M, c)
    if y0 is None:
        raise InfeasibleError(
            "the feasible set has no interior point above the disagreement point (are some "
            "constraints equalities written as two inequalities?); loosen them slightly"
        )
    try:
        with np.errstate(over="ignore"):  # ratio tests may overflow harmlessly to inf
            return _fz.log_program(M, c, w, y0)
    except _fz.ProgramFailure as exc:
        raise SolverError(f"the Nash program could not be solved: {exc}") from None


def nash_bargaining(problem: Any, *, disagreement: Any = None, power: Any = None) -> BargainingSolution:
    r"""Nash bargaining solution: the deal that maximises the product of gains.

    Each partner compares the deal with what it gets if talks fail (its
    disagreement point or outside option, :math:`d_i`). The Nash solution
    picks the feasible deal that maximises

    .. math:: \prod_i (u_i - d_i)^{w_i} \quad\text{i.e.}\quad
              \sum_i w_i \log(u_i - d_i),

    where the weights :math:`w_i` are the partners' bargaining power. In
    plain words: no partner can be made better off in proportion without
    making the others worse off in a larger proportion. A better outside
    option or more bargaining power moves the split towards that partner.
    It is the only rule that is Pareto optimal, symmetric, independent of how
    each partner's utility is scaled, and unaffected by removing deals that
    were not chosen (Nash 1950); it is also where patient negotiators end up
    in alternating offers (see :func:`rubinstein`).

    With money (a :class:`~coalition.Game`) the solution is a closed form:
    each partner gets its outside option plus its power's share of the gain,

    .. math:: x_i = d_i + \frac{w_i}{\sum_j w_j}\Bigl(v(N) - \sum_j d_j\Bigr).

    Parameters
    ----------
    problem : Game, FeasibleSet, array_like, (A, b) or callable
        A game (the partners split ``v(N)``), or a feasible set of utility
        vectors: a :class:`FeasibleSet`, a 2-D array of outcomes (rows),
        a pair ``(A, b)`` meaning ``A u <= b``, or a two-partner frontier
        function ``u2 = f(u1)``.
    disagreement : "standalone", "zero", array_like or dict, optional
        What each partner gets without a deal. For a game, ``"standalone"``
        (the default, ``v({i})``; for a cost game, paying its standalone
        cost), ``"zero"``, or explicit outside options in the game's units
        (costs for a cost game). For a feasible set, a utility vector (default
        ``"zero"``, the origin).
    power : array_like or dict, optional
        Positive bargaining power of each partner (default equal). Only the
        ratios matter.

    Returns
    -------
    BargainingSolution
        ``x`` (shares of ``v(N)``, cost shares for a cost game, or utilities),
        ``disagreement``, ``weights`` (the powers, normalised), ``status`` and
        ``message``.

    Raises
    ------
    InfeasibleError
        If the disagreement point is not feasible (the outside options exceed
        what the partners can create together: the message says by how much)
        or no feasible point gives every partner a gain.
    InvalidParameterError
        On a power that is not positive, vectors of the wrong length, an
        unknown `disagreement` keyword, an unbounded feasible set, or a
        frontier that is not concave or rises.
    SolverError
        If the optimality conditions of the computed point cannot be
        verified (never observed on well-posed problems).

    Notes
    -----
    Every feasible set is first expressed in normalised units, gains over
    the disagreement point divided by a scale of the problem, so the answer
    does not depend on the units of the utilities (from ``1e-300`` to
    ``1e300``) and tolerances are relative.

    Two partners with outcome points (a sampled Pareto frontier, say): the
    solution is exact. The Pareto part of the outcomes' convex hull is found
    by Andrew's monotone chain; on each of its edges the maximum of the
    weighted log product has a closed form, and the best edge wins. Tens of
    thousands of outcomes take milliseconds.

    Otherwise, for a polyhedral feasible set the Nash program is solved by a
    barrier (interior-point) method, polished on the face of the optimum by
    Newton's method on the Karush-Kuhn-Tucker equations, and certified:
    multipliers are recomputed by non-negative least squares and every
    optimality condition is checked to ``1e-10``. For outcome points the
    program is solved in its dual form: ``u = d + w / p`` with ``p``
    maximising ``sum w_i log p_i`` subject to ``(v_k - d) . p <= sum(w)`` for
    every outcome ``v_k``; with more than 100 outcomes by constraint
    generation, on the few outcomes that the solution needs, adding the
    outcome that violates its constraint most until none does (then the
    solution of the small program solves the whole one). A two-partner
    frontier is solved by bisection on the slope of the objective; more
    partners by Newton's method with finite-difference derivatives.

    The Nash point of sampled outcomes is that of their convex hull, which
    differs from that of the curve they sample by up to about the spacing
    of the samples: the objective is flat at its maximum, so a chord just
    below the curve moves it along the frontier. Include the points near
    the expected solution, or use :meth:`FeasibleSet.from_frontier`.

    References
    ----------
    Nash, J. F. (1950). The bargaining problem. Econometrica 18(2), 155-162.
    Kalai, E. (1977). Nonsymmetric Nash solutions and replications of
    2-person bargaining. International Journal of Game Theory 6(3), 129-133.
    Boyd, S. and Vandenberghe, L. (2004). Convex Optimization, section 11.3
    (barrier method). Cambridge University Press.
    Andrew, A. M. (1979). Another efficient algorithm for convex hulls in
    two dimensions. Information Processing Letters 9(5), 216-219.

    Examples
    --------
    Two partners create 100 together; the hub could earn 30 alone, the
    battery maker 10. Equal power splits the 60 of gain equally:

    >>> import coalition as co
    >>> g = co.Game.from_dict({"Hub": 30, "Battery": 10, "Hub+Battery": 100})
    >>> co.nash_bargaining(g).as_dict()
    {'Hub': 60.0, 'Battery': 40.0}

    With twice the bargaining power, the hub takes two thirds of the gain:

    >>> co.nash_bargaining(g, power={"Hub": 2, "Battery": 1}).as_dict()
    {'Hub': 70.0, 'Battery': 30.0}

    Without money: the frontier ``u2 = sqrt(1 - u1)``, disagreement at 0.
    The solution is ``u1 = 2/3``, ``u2 = 1/sqrt(3)``:

    >>> import numpy as np
    >>> s = co.nash_bargaining(lambda u1: np.sqrt(1 - u1))
    >>> s.x.round(4)
    array([0.6667, 0.5774])

    The same frontier sampled at 30,001 points (a frontier known by its
    points), solved exactly on their convex hull in milliseconds:

    >>> u1 = np.linspace(0, 1, 30001)
    >>> co.nash_bargaining(np.column_stack([u1, np.sqrt(1 - u1)])).x.round(6)
    array([0.666667, 0.57735 ])
    """
    prob = _as_problem(problem)
    if isinstance(prob, Game):
        d, gain = _tu_setup(prob, disagreement)
        w = _weights_of(power, prob.players, "power")
        return _tu_result(prob, d + w * gain, d, w, "nash")
    w = _weights_of(power, prob.players, "power")
    pr = _ntu_setup(prob, disagreement)
    if prob.form == "points":
        y, msg = _nash_points(pr, w)
    elif prob.form == "constraints":
        res = _nash_polyhedral(pr.A, pr.c, w)
        y, msg = res.y, _ipm_message(res)
    else:
        ideal = pr.ideal()
        pr.check_shape(ideal)
        y, msg = _nash_frontier(pr, w, ideal)
    return _ntu_result(pr, y, w, "nash", msg)


def _nash_points(pr: _Polyhedral, w: np.ndarray) -> tuple[np.ndarray, str]:
    """Nash point of normalised outcome points: exact on the hull's edges with
    two partners, constraint generation on the dual program with more."""
    V = pr.V
    if pr.n == 2:
        chain = _fz.pareto_chain_2d(V)
        y = _fz.nash_chain_2d(chain, w)
        if y is None:  # pragma: no cover - the setup checks rule this out
            raise InfeasibleError("no outcome gives both partners more than their disagreement utility")
        return y, (
            f"exact: closed-form maximum on each of the {chain.shape[0] - 1} Pareto edges of the "
            "outcomes' convex hull"
        )
    if V.shape[0] <= _DIRECT_OUTCOMES:
        # few outcomes: the whole dual program at once is the cheapest
        y0, _ = _fz.interior_start(V, np.ones(V.shape[0]))
        if y0 is not None:
            try:
                res = _fz.log_program(V, np.ones(V.shape[0]), w, y0)
                return w / res.y, _ipm_message(res)
            except _fz.ProgramFailure:
                pass  # constraint generation below works on fewer, better-spread outcomes
    try:
        y, res, rounds = _fz.nash_points_cuts(V, w, pr.start)
    except _fz.ProgramFailure as exc:
        raise SolverError(f"the Nash program could not be solved: {exc}") from None
    return y, f"{_ipm_message(res)}; {rounds} round(s) of constraint generation over the outcomes"


# up to this many outcomes the Nash dual program is solved whole
_DIRECT_OUTCOMES = 100


def _ipm_message(res: _fz.ProgramResult) -> str:
    how = "polished on its face and " if res.polished else ""
    return (
        f"barrier method ({res.iterations} Newton steps), {how}KKT conditions verified "
        f"(stationarity {res.stationarity:.1e}, feasibility {res.feasibility:.1e})"
    )


def _nash_frontier(fr: _Frontier, w: np.ndarray, ideal: np.ndarray) -> tuple[np.ndarray, str]:
    """Nash point on a frontier, in normalised units."""
    d = fr.d
    n = fr.n
    if n == 2:
        u1 = _fz.nash_frontier_2(fr.f, d, w, float(ideal[0]))
        x = np.array([u1, fr.value(np.array([u1]))])
        return x, f"bisection on the slope of the Nash objective along the frontier ({fr.f.calls} evaluations)"
    t = fr.ray(np.ones(n))
    y0 = np.full(n - 1, 0.5 * t)
    try:
        y, gnorm, its = _fz.nash_frontier_n(fr.f, d, w, y0)
    except _fz.ProgramFailure as exc:
        raise SolverError(f"the Nash program on the frontier could not be solved: {exc}") from None
    if not gnorm <= 1e-8:
        raise SolverError(
            f"Newton's method on the frontier stopped after {its} steps with a scaled gradient of "
            f"{gnorm:.2e}; is the frontier smooth near the solution? Pass its corner points instead"
        )
    head = d[:-1] + y
    x = np.append(head, fr.value(head))
    return x, f"Newton's method on the frontier ({its} steps, scaled gradient {gnorm:.1e})"


# ---------------------------------------------------------------------------
# Kalai-Smorodinsky and egalitarian: rays from the disagreement point
# ---------------------------------------------------------------------------
def _block_ideal_lp(blocks_needed, n_var, build):
    """Solve the ideal-point LPs of several partners as one block-diagonal LP
    (one solver call instead of one per partner)."""
    from scipy import sparse

    k = len(blocks_needed)
    A_ub, b_ub, A_eq, b_eq, cost, bounds = build
    big_ub = sparse.block_diag([A_ub] * k, format="csr")
    big_eq = None if A_eq is None else sparse.block_diag([A_eq] * k, format="csr")
    c = np.concatenate([cost(i) for i in blocks_needed])
    res = _fz.lp(
        c,
        big_ub,
        np.tile(b_ub, k),
        big_eq,
        None if b_eq is None else np.tile(b_eq, k),
        bounds=bounds * k,
    )
    if res.status == 3:
        raise InvalidParameterError("the feasible set is unbounded: a partner's ideal utility is infinite")
    if res.status != 0 or res.x is None:
        raise SolverError(f"the ideal-point LP failed (HiGHS status {res.status}: {res.message})")
    return res.x.reshape(k, n_var)


def _halfplanes_2d(pr: _Polyhedral) -> tuple[np.ndarray, np.ndarray]:
    """Two partners: the free-disposal hull of the outcomes as ``Q y <= beta``
    (its Pareto edges and two caps), computed once per problem."""
    if getattr(pr, "_halfplanes", None) is None:
        pr._halfplanes = _fz.chain_halfplanes(_fz.pareto_chain_2d(pr.V))
    return pr._halfplanes


def _ideal_points(pr: _Polyhedral) -> np.ndarray:
    """Each partner's best gain in the free-disposal hull of the normalised
    outcomes, everyone else keeping at least its disagreement utility."""
    V, d = pr.V, pr.d
    m, n = V.shape
    if n == 2:
        # with the other partner at 0 each facet y_i <= beta / q_i binds
        Q, beta = _halfplanes_2d(pr)
        out = np.empty(2)
        for i in range(2):
            pos = Q[:, i] > 0
            out[i] = float(np.min(beta[pos] / Q[pos, i]))
        return out
    out = np.empty(n)
    dominating = np.all(V >= d, axis=1)
    need = []
    for i in range(n):
        k = int(np.argmax(V[:, i]))
        if dominating[k]:
            out[i] = V[k, i]  # the best outcome for i already suits everyone
        else:
            need.append(i)
    if need:
        # max (V^T lam)_i subject to V^T lam >= d, sum lam = 1, lam >= 0
        lam = _block_ideal_lp(
            need,
            m,
            (-V.T, -d, np.ones((1, m)), np.ones(1), lambda i: -V[:, i], [(0, None)] * m),
        )
        for row, i in enumerate(need):
            out[i] = float(V[:, i] @ lam[row])
    return out


def _ideal_constraints(A: np.ndarray, b: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Each partner's best utility with A u <= b and u >= d."""
    n = A.shape[1]

    def cost(i):
        c = np.zeros(n)
        c[i] = -1.0
        return c

    u = _block_ideal_lp(list(range(n)), n, (A, b, None, None, cost, [(float(di), None) for di in d]))
    return u.diagonal().copy()


def _ray_solution(pr: _Polyhedral | _Frontier, r: np.ndarray) -> tuple[np.ndarray, str]:
    """``t* r`` with ``t*`` the largest feasible step (normalised units)."""
    if isinstance(pr, _Frontier):
        return pr.ray(r) * r, "bisection along the ray to the frontier"
    if pr.fs.form == "constraints":
        A, c = pr.A, pr.c
        ar = A @ r
        pos = ar > 1e-15 * (np.abs(A) @ np.abs(r))
        if not np.any(pos):
            raise InvalidParameterError(
                f"the feasible set is unbounded in the direction {_fmt_vec(r)} from the disagreement point"
            )
        return float(np.min(c[pos] / ar[pos])) * r, "exact ray intersection with the constraints"
    if pr.n == 2:
        Q, beta = _halfplanes_2d(pr)
        qr = Q @ r
        pos = qr > 0
        t = float(np.min(beta[pos] / qr[pos]))
        return t * r, f"exact ray intersection with the {Q.shape[0] - 2} Pareto edges of the outcomes' convex hull"
    t, _ = _ray_points(pr.V, pr.d, r)
    return t * r, "linear program (HiGHS dual simplex) along the ray"


def kalai_smorodinsky(problem: Any, *, disagreement: Any = None) -> BargainingSolution:
    r"""Kalai-Smorodinsky solution: equal shares of each partner's best hope.

    For each partner, its *ideal* utility is the most it could get if every
    other partner got no more than its disagreement utility. The
    Kalai-Smorodinsky solution is the feasible deal furthest along the line
    from the disagreement point to the ideal point: every partner gets the
    same fraction of the way from its fallback to its best hope. It suits
    negotiations framed as "we each concede the same proportion of our
    maximum claim". Unlike Nash, it rewards a partner whose best hope grows:
    when the set grows so that one partner can hope for more while the
    others' hopes stay put, that partner never loses (individual
    monotonicity, Kalai and Smorodinsky 1975).

    With money (a :class:`~coalition.Game`) every partner's ideal is ``v(N)``
    minus the others' outside options, and the solution gives each partner
    its outside option plus an equal share of the gain.

    Parameters
    ----------
    problem : Game, FeasibleSet, array_like, (A, b) or callable
        See :func:`nash_bargaining`.
    disagreement : "standalone", "zero", array_like or dict, optional
        See :func:`nash_bargaining`.

    Returns
    -------
    BargainingSolution
        With ``ideal``, the ideal point.

    Raises
    ------
    InfeasibleError
        If the disagreement point is not feasible or leaves no gain.
    InvalidParameterError
        On vectors of the wrong length, an unbounded feasible set, or a
        frontier that is not concave or rises.
    SolverError
        If a linear program fails.

    Notes
    -----
    With three or more partners the solution is only weakly Pareto optimal:
    for the comprehensive hull of (1, 1, 0) and (1, 0, 1) it is
    (1/2, 1/2, 1/2), although (1, 1/2, 1/2) is feasible (Roth 1979).
    Ideal points come from one linear program per partner; the final step
    is an exact ray intersection (constraints), a linear program (points) or
    a bisection (frontier). Two partners with outcome points need no linear
    program: the ideal point and the ray's exit are read off the edges of
    the Pareto part of the outcomes' convex hull, exactly. The computation
    runs in normalised units, so the answer scales with the utilities.

    References
    ----------
    Kalai, E. and Smorodinsky, M. (1975). Other solutions to Nash's
    bargaining problem. Econometrica 43(3), 513-518.
    Roth, A. E. (1979). Axiomatic Models of Bargaining. Lecture Notes in
    Economics and Mathematical Systems 170, Springer.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_dict({"Hub": 30, "Battery": 10, "Hub+Battery": 100})
    >>> co.kalai_smorodinsky(g).as_dict()
    {'Hub': 60.0, 'Battery': 40.0}

    Kalai and Smorodinsky's (1975) example: the hull of (0, 1), (3/4, 3/4)
    and (1, 0.7). Both can hope for 1; Kalai-Smorodinsky gives both 10/13:

    >>> s = co.kalai_smorodinsky([[0, 1], [0.75, 0.75], [1, 0.7], [1, 0]])
    >>> s.x.round(4), s.ideal
    (array([0.7692, 0.7692]), array([1., 1.]))
    """
    prob = _as_problem(problem)
    if isinstance(prob, Game):
        d, gain = _tu_setup(prob, disagreement)
        n = prob.n
        return _tu_result(prob, d + gain / n, d, np.full(n, 1.0 / n), "kalai-smorodinsky", ideal=d + gain)
    pr = _ntu_setup(prob, disagreement)
    if prob.form == "points":
        ideal = _ideal_points(pr)
    elif prob.form == "constraints":
        ideal = _ideal_constraints(pr.A, pr.c, pr.d)
    else:
        ideal = pr.ideal()
        pr.check_shape(ideal)
    y, how = _ray_solution(pr, ideal)
    w = np.full(prob.n, 1.0 / prob.n)
    return _ntu_result(pr, y, w, "kalai-smorodinsky", f"ideal point, then {how}", ideal=ideal)


def egalitarian(problem: Any, *, disagreement: Any = None, weights: Any = None) -> BargainingSolution:
    r"""Egalitarian solution: the largest equal gain for every partner.

    Every partner gains the same amount over its disagreement point, as much
    as the feasible set allows (with `weights`, gains in proportion to the
    weights). It suits partners whose utilities are measured in a common
    unit, so that "equal gains" means something, and is the rule that never
    makes anyone worse off when the set of possible deals grows (Kalai 1977).
    It is not independent of how utilities are scaled.

    With money (a :class:`~coalition.Game`), each partner gets its outside
    option plus its weight's share of the gain, like the weighted Nash split.

    Parameters
    ----------
    problem : Game, FeasibleSet, array_like, (A, b) or callable
        See :func:`nash_bargaining`.
    disagreement : "standalone", "zero", array_like or dict, optional
        See :func:`nash_bargaining`.
    weights : array_like or dict, optional
        Positive weights: gains are proportional to them (default equal).

    Returns
    -------
    BargainingSolution

    Raises
    ------
    InfeasibleError
        If the disagreement point is not feasible or leaves no gain.
    InvalidParameterError
        On a weight that is not positive, vectors of the wrong length, an
        unbounded feasible set, or a frontier that is not concave or rises.
    SolverError
        If a linear program fails.

    Notes
    -----
    The solution is ``d + t* w`` with ``t*`` the largest feasible step: an
    exact ray intersection for constraints, one linear program for points
    (for two partners an exact intersection with the edges of the outcomes'
    convex hull), a bisection for a frontier. With three or more partners it
    is only weakly Pareto optimal. Multiplying every utility by the same
    positive number multiplies the solution by it too.

    References
    ----------
    Kalai, E. (1977). Proportional solutions to bargaining situations:
    interpersonal utility comparisons. Econometrica 45(7), 1623-1630.

    Examples
    --------
    >>> import coalition as co
    >>> co.egalitarian([[4, 0], [0, 2]]).x.round(4)
    array([1.3333, 1.3333])
    >>> g = co.Game.from_dict({"Hub": 30, "Battery": 10, "Hub+Battery": 100})
    >>> co.egalitarian(g, weights=[3, 1]).as_dict()
    {'Hub': 75.0, 'Battery': 25.0}
    """
    prob = _as_problem(problem)
    if isinstance(prob, Game):
        d, gain = _tu_setup(prob, disagreement)
        w = _weights_of(weights, prob.players, "weights")
        return _tu_result(prob, d + w * gain, d, w, "egalitarian")
    w = _weights_of(weights, prob.players, "weights")
    pr = _ntu_setup(prob, disagreement)
    if isinstance(pr, _Frontier):
        pr.check_shape(pr.ideal())
    y, how = _ray_solution(pr, w / w.max())
    return _ntu_result(pr, y, w, "egalitarian", how)


# ---------------------------------------------------------------------------
# Rubinstein
# ---------------------------------------------------------------------------
def _pair(value: Any, arg: str) -> tuple[float, float]:
    if isinstance(value, (bool, np.bool_)):
        raise InvalidParameterError(f"`{arg}` must be a number or a pair of numbers, got {value!r}")
    arr = _real_array(value, arg, "a number or a pair of numbers")
    if arr.ndim == 0:
        arr = np.array([arr, arr])
    if arr.shape != (2,):
        raise InvalidParameterError(f"`{arg}` must have one entry per partner (2), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise InvalidParameterError(f"`{arg}` has non-finite entries: {arr.tolist()}")
    return float(arr[0]), float(arr[1])


def _rubinstein_shares(pie, dP, dR, oP, oR):
    """Proposer's share ``M_P`` and responder's proposing share ``M_R``.

    Stationary subgame-perfect play: the proposer offers the responder just
    enough, the larger of its outside option and what it gets by waiting,
    ``M_P = pie - max(oR, dR M_R)`` and ``M_R = pie - max(oP, dP M_P)``.
    The map is a contraction (factor ``dP dR < 1``); its fixed point is found
    by checking the four cases of which options bind.
    """
    den = 1.0 - dP * dR
    cases = [
        ((pie * (1 - dR) / den), (pie * (1 - dP) / den)),  # neither binds
        (pie - oR, pie - dP * (pie - oR)),  # the responder's option binds
        (pie - dR * (pie - oP), pie - oP),  # the proposer's option binds
        (pie - oR, pie - oP),  # both bind
    ]
    best = None
    for MP, MR in cases:
        res = abs(MP - (pie - max(oR, dR * MR))) + abs(MR - (pie - max(oP, dP * MP)))
        if best is None or res < best[0]:
            best = (res, MP, MR)
    _, MP, MR = best
    return MP, MR


def _check_outside_options(opts: np.ndarray, names: tuple[str, ...], pie: float) -> tuple[float, float]:
    """Outside options that a deal can beat, as used by the model.

    Each must be below the pie, and what the partners can walk away with
    must sum to less than the pie. An option below zero never binds (a
    responder is always offered a positive share), so the model works with
    ``max(option, 0)``.
    """
    for k in range(2):
        if opts[k] >= pie:
            raise InfeasibleError(
                f"`outside_options` gives {names[k]!r} {float(opts[k]):.6g}, at least the whole pie "
                f"of {pie:.6g}: walking away beats any deal for it"
            )
    eff = np.maximum(opts, 0.0)
    total = float(eff[0] + eff[1])
    if total >= pie:
        raise InfeasibleError(
            f"`outside_options` sum to {total:.6g}, at least the pie of {pie:.6g} "
            f"(by {total - pie:.6g}): walking away beats any deal"
        )
    return float(eff[0]), float(eff[1])


def rubinstein(
    discount: Any = None,
    *,
    rates: Any = None,
    step: float | None = None,
    pie: float = 1.0,
    first: int | str = 0,
    outside_options: Any = None,
    players: Sequence[str] | None = None,
) -> RubinsteinSplit:
    r"""Rubinstein's alternating offers: the split patient negotiators reach.

    Two partners take turns proposing how to split a pie; the other accepts
    or rejects and proposes next round. Delay is costly: a partner with
    discount factor :math:`\delta_i` values a payoff one round later at
    :math:`\delta_i` of its value now. In the only subgame-perfect
    equilibrium (Rubinstein 1982) the first proposer offers at once what the
    other would get by waiting, and the offer is accepted:

    .. math:: x_{\text{proposer}} = \frac{1 - \delta_r}{1 - \delta_p \delta_r}\,\text{pie},
              \qquad x_{\text{responder}} = \text{pie} - x_{\text{proposer}}.

    The more patient partner (larger :math:`\delta`) gets more, and so does
    the first proposer. In plain words: your share is what your
    counterpart's impatience is worth to you.

    **Outside options** (Binmore, Shaked and Sutton 1989; Osborne and
    Rubinstein 1990, chapter 3): a partner who has just rejected an offer
    may, instead of making the next proposal, walk away and end the game
    with its outside option :math:`o_i`, the other getting nothing. In the
    unique subgame-perfect equilibrium the proposer offers the responder
    :math:`\max(o_r, \delta_r M_r)`, where :math:`M_r` is what the responder
    would get as the next proposer, and keeps the rest. An outside option
    matters only if it beats what the partner gets without it; then the
    partner gets exactly its outside option (when responding) and the other
    side keeps the rest: the *outside option principle*. A weak outside
    option is an empty threat, however loudly it is made. Outside options
    are not a disagreement point: they cap the bargaining from below
    instead of shifting it (Binmore, Rubinstein and Wolinsky 1986,
    section 5). The model needs a deal that beats walking away: each option
    below the pie and their sum below the pie (negative options, walking
    away at a loss, never bind).

    **Continuous time** (Binmore, Rubinstein and Wolinsky 1986): with
    discount rates :math:`r_i` and time :math:`\Delta` between offers,
    :math:`\delta_i = e^{-r_i \Delta}`. As :math:`\Delta \to 0` the
    first-mover advantage vanishes and the split tends to the asymmetric
    Nash split with bargaining powers proportional to :math:`1 / r_i` and
    disagreement point zero (see the examples). This is why the Nash
    solution describes patient negotiators.

    Parameters
    ----------
    discount : float or pair of float, optional
        Each partner's discount factor per round, in (0, 1). One number
        applies to both. Give either `discount` or `rates` and `step`.
    rates : pair of float, optional
        Each partner's discount rate per unit of time, positive.
    step : float, optional
        Time between offers, positive (with `rates`).
    pie : float, default 1.0
        The amount to split, positive.
    first : int or str, default 0
        The partner who makes the first offer (position or name).
    outside_options : pair of float or dict, optional
        What each partner gets by walking away after rejecting an offer, in
        the units of `pie`. Each must be below `pie`, and the non-negative
        ones must sum to less than `pie`.
    players : sequence of str, optional
        The two partners' names (default ``P1, P2``).

    Returns
    -------
    RubinsteinSplit
        ``x`` (shares in `players` order), ``discount``, ``first``,
        ``outside_options``, ``binding`` (whose option shapes the split).

    Raises
    ------
    InvalidParameterError
        On a discount factor outside (0, 1), a rate or step that is not
        positive, both or neither of `discount` and `rates`, a pie that is not
        positive, an unknown first proposer, or pairs of the wrong length.
    InfeasibleError
        If an outside option is `pie` or more, or the outside options sum to
        `pie` or more (walking away beats any deal).

    References
    ----------
    Rubinstein, A. (1982). Perfect equilibrium in a bargaining model.
    Econometrica 50(1), 97-109.
    Binmore, K., Rubinstein, A. and Wolinsky, A. (1986). The Nash bargaining
    solution in economic modelling. RAND Journal of Economics 17(2), 176-188.
    Binmore, K., Shaked, A. and Sutton, J. (1989). An outside option
    experiment. Quarterly Journal of Economics 104(4), 753-770.
    Muthoo, A. (1999). Bargaining Theory with Applications, chapter 5.
    Cambridge University Press.
    Osborne, M. J. and Rubinstein, A. (1990). Bargaining and Markets,
    chapter 3. Academic Press.

    Examples
    --------
    Equal patience, 0.9 per round: the first proposer gets 1 / (1 + 0.9).

    >>> import coalition as co
    >>> co.rubinstein(0.9).x.round(4)
    array([0.5263, 0.4737])

    A buyer's outside option of 0.6 beats the 0.4737 it would get; it binds:

    >>> s = co.rubinstein(0.9, outside_options=[0, 0.6], players=["Seller", "Buyer"])
    >>> s.as_dict(), s.binding
    ({'Seller': 0.4, 'Buyer': 0.6}, (False, True))

    Short time steps give the Nash split with powers 1 / rate:

    >>> co.rubinstein(rates=(0.1, 0.3), step=1e-6).x.round(4)
    array([0.75, 0.25])
    >>> co.nash_bargaining(co.Game([0, 0, 0, 1]), power=[1 / 0.1, 1 / 0.3]).x.round(4)
    array([0.75, 0.25])
    """
    names = _default_players(2) if players is None else _check_players(players)
    if len(names) != 2:
        raise InvalidParameterError(f"`players` must name 2 partners, got {len(names)}")
    if discount is not None and rates is not None:
        raise InvalidParameterError("give either `discount` or `rates` (with `step`), not both")
    if discount is None and rates is None:
        raise InvalidParameterError("give `discount` factors, or `rates` with a time `step`")
    rate_pair = None
    step_val = None
    if rates is not None:
        rate_pair = _pair(rates, "rates")
        if min(rate_pair) <= 0:
            raise InvalidParameterError(f"`rates` must be positive, got {list(rate_pair)}")
        if step is None:
            raise InvalidParameterError("`step`, the time between offers, is needed with `rates`")
        step_val = _real_scalar(step, "step", "a positive number")
        if not (math.isfinite(step_val) and step_val > 0):
            raise InvalidParameterError(f"`step` must be a positive number, got {step!r}")
        deltas = (math.exp(-rate_pair[0] * step_val), math.exp(-rate_pair[1] * step_val))
        if max(deltas) >= 1.0 or min(deltas) <= 0.0:
            raise InvalidParameterError(
                f"`rates` times `step` must give discount factors in (0, 1); got {list(deltas)}"
            )
    else:
        if step is not None:
            raise InvalidParameterError("`step` goes with `rates`; with `discount` factors leave it out")
        deltas = _pair(discount, "discount")
        bad = [v for v in deltas if not 0.0 < v < 1.0]
        if bad:
            raise InvalidParameterError(
                f"`discount` must be in (0, 1) for each partner (the value of a payoff one round "
                f"later), got {list(deltas)}"
            )
    pie_val = _real_scalar(pie, "pie", "a positive number")
    if not (math.isfinite(pie_val) and pie_val > 0):
        raise InvalidParameterError(f"`pie` must be a positive number, got {pie!r}")
    if isinstance(first, str):
        if first not in names:
            raise InvalidParameterError(f"`first` names {first!r}, which is not a player {list(names)}")
        p = names.index(first)
    elif isinstance(first, (int, np.integer)) and not isinstance(first, bool) and int(first) in (0, 1):
        p = int(first)
    else:
        raise InvalidParameterError(f"`first` must be 0, 1 or a player name, got {first!r}")
    q = 1 - p
    if outside_options is None:
        opts = None
        o = (-math.inf, -math.inf)
    else:
        opts = _vector_of(outside_options, names, "outside_options")
        o = _check_outside_options(opts, names, pie_val)
    MP, MR = _rubinstein_shares(pie_val, deltas[p], deltas[q], o[p], o[q])
    x = np.empty(2)
    x[p] = MP
    x[q] = pie_val - MP
    binding = [False, False]
    if opts is not None:
        binding[q] = o[q] > deltas[q] * MR
        binding[p] = o[p] > deltas[p] * MP
    return RubinsteinSplit(
        names,
        x,
        "rubinstein",
        "profit",
        pie=pie_val,
        discount=deltas,
        first=names[p],
        outside_options=opts,
        binding=tuple(binding),
        rates=rate_pair,
        step=step_val,
    )
