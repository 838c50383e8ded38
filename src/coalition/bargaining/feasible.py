"""Feasible sets of utility vectors for bargaining without transferable utility.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .._numbers import _real, _real_array, _show
from ..errors import InvalidParameterError
from ..game._checks import _check_players, _default_players
from ._convert import (
    _MAX_PARTNERS,
    _matrix,
    _names_for,
    _vector_of,
)
from ._frontier_math import (
    Frontier,
)
from ._geometry import _contains_points, _frontier_eval

__all__ = ['FeasibleSet']


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
        bb = np.array(_real_array(b, "b", expected="numbers, one per row of `A`"), dtype=np.float64)
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
        solution, from finite-difference slopes of the frontier: exact to
        about ``1e-10`` relative for a smooth frontier (``1e-8`` with
        bargaining powers a thousand times apart). For a frontier with corners, prefer
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
                f"`n` must be an integer from 2 to {_MAX_PARTNERS}, got {_show(n)}"
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
        tol = _real(tol, "tol", expected="a non-negative number", allow_nonfinite=True)
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
        f = Frontier(self._frontier, self.n)
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
