"""Results of the kernel and the bargaining set: a kernel element, a
membership check, and a justified objection."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from ._format import _fmt, _frozen_array
from .allocation import Allocation

__all__ = ["KernelPoint", "KernelCheck", "Objection", "BargainingSetCheck"]


@dataclass(frozen=True, repr=False, eq=False)
class KernelPoint(Allocation):
    """A point of the kernel or prekernel found by an iterative scheme.

    Attributes
    ----------
    imbalance : float
        The largest imbalance of maximum surpluses left at `x` (worth units):
        ``max s_ij - s_ji`` over all pairs for the prekernel; for the kernel
        each pair counts ``min(s_ij - s_ji, 2 (x_j - v({j})))``, since a
        partner held at its standalone worth may face a larger surplus.
        0 exactly at a point of the set.
    converged : bool
        Whether `imbalance` fell below the tolerance. When it did not, the
        shares are the last iterate, not a kernel point, and a
        :class:`~coalition.errors.ConvergenceWarning` was issued.
    iterations : int
        Steps taken (least-squares steps and transfers).
    status : {"converged", "max_iter"}
    message : str
    tol : float
        The absolute tolerance on `imbalance`.
    start : numpy.ndarray
        The starting allocation (game units).
    """

    imbalance: float = 0.0
    converged: bool = False
    iterations: int = 0
    status: str = ""
    message: str = ""
    tol: float = 0.0
    start: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "start", _frozen_array(self.start))

    def _title(self) -> str:
        unit = "cost shares" if self.kind == "cost" else "shares"
        state = "converged" if self.converged else "NOT converged"
        return (f"KernelPoint({self.rule}, {unit}, {state} in {self.iterations} steps, "
                f"imbalance {_fmt(self.imbalance)})")


@dataclass(frozen=True, repr=False, eq=False)
class KernelCheck:
    """Is an allocation in the kernel (or prekernel), and if not, which pair
    of partners is out of balance.

    Attributes
    ----------
    valid : bool
        Whether `x` is in the set (within `tol`).
    rule : {"kernel", "prekernel"}
    message : str
    imbalance : float
        As in :class:`KernelPoint` (NaN when `x` is not efficient, or for the
        kernel not an imputation).
    pair : tuple of str
        ``(i, j)``: the partners of the largest imbalance, ``i`` the one with
        the larger maximum surplus (empty when `imbalance` is 0 or NaN).
    surplus : numpy.ndarray
        The ``n x n`` maximum surpluses ``s_ij`` (NaN on the diagonal).
    tol : float
        The absolute tolerance used.
    players : tuple of str
    x : numpy.ndarray
        The allocation checked, as given (cost shares for a cost game).
    kind : {"profit", "cost"}
    """

    valid: bool
    rule: str
    message: str
    imbalance: float
    pair: tuple[str, ...]
    surplus: np.ndarray
    tol: float
    players: tuple[str, ...] = ()
    x: np.ndarray = field(default_factory=lambda: np.zeros(0))
    kind: str = "profit"

    def __post_init__(self) -> None:
        object.__setattr__(self, "surplus", _frozen_array(self.surplus))
        object.__setattr__(self, "x", _frozen_array(self.x))
        object.__setattr__(self, "players", tuple(self.players))
        object.__setattr__(self, "pair", tuple(self.pair))

    def __bool__(self) -> bool:
        return bool(self.valid)

    def __repr__(self) -> str:
        verdict = f"in the {self.rule}" if self.valid else f"NOT in the {self.rule}"
        return f"KernelCheck({verdict}: {self.message})"


class Objection(NamedTuple):
    """A justified objection (Davis and Maschler 1965): `objector` shows that
    with `coalition` it can pay every member more than `x` gives, and
    `target` cannot answer with any coalition of its own.

    Attributes
    ----------
    objector, target : str
    coalition : tuple of str
        The coalition of the objection: it holds `objector` and not `target`.
    payoff : tuple of float
        What each member of `coalition` gets, in its order: together its
        worth (for a cost game: cost shares adding up to its cost), each more
        than under `x`.
    margin : float
        The least gain of a member over `x`, and the least shortfall of any
        counter-objection: every coalition of `target` without `objector`
        lacks at least this much to pay its members what `x` and `payoff`
        give them (worth units).
    """

    objector: str
    target: str
    coalition: tuple[str, ...]
    payoff: tuple[float, ...]
    margin: float


@dataclass(frozen=True, repr=False, eq=False)
class BargainingSetCheck:
    """Is an allocation in the (pre)bargaining set, and if not, a justified
    objection against it.

    Attributes
    ----------
    valid : bool
        Whether `x` is in the set (no justified objection with a margin above
        `tol`).
    rule : {"bargaining set", "prebargaining set"}
    message : str
    objection : Objection or None
        A justified objection when one exists; None when `x` is in the set or
        is not efficient (or, for the bargaining set, not an imputation).
    n_lps : int
        Linear programs solved.
    tol : float
        The absolute tolerance used.
    players : tuple of str
    x : numpy.ndarray
        The allocation checked, as given (cost shares for a cost game).
    kind : {"profit", "cost"}
    """

    valid: bool
    rule: str
    message: str
    objection: Objection | None
    n_lps: int
    tol: float
    players: tuple[str, ...] = ()
    x: np.ndarray = field(default_factory=lambda: np.zeros(0))
    kind: str = "profit"

    def __post_init__(self) -> None:
        object.__setattr__(self, "x", _frozen_array(self.x))
        object.__setattr__(self, "players", tuple(self.players))

    def __bool__(self) -> bool:
        return bool(self.valid)

    def __repr__(self) -> str:
        verdict = f"in the {self.rule}" if self.valid else f"NOT in the {self.rule}"
        return f"BargainingSetCheck({verdict}: {self.message})"
