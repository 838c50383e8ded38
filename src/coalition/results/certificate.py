"""The exact certificate of a (pre)nucleolus."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

__all__ = ["NucleolusCertificate"]


@dataclass(frozen=True, repr=False, eq=False)
class NucleolusCertificate:
    """Kohlberg's criterion checked in exact rational arithmetic.

    Attributes
    ----------
    certified : bool
        Whether the exact split `x` is proven to be the (pre)nucleolus of the
        game with the exact worths `worths`.
    rule : str
        ``"nucleolus"``, ``"prenucleolus"``, or the variant certified, named
        as by :func:`coalition.verify_nucleolus` (``"per_capita_nucleolus"``,
        ``"proportional_prenucleolus"``, ``"anti_nucleolus"``, ...).
    players : tuple of str
    kind : {"profit", "cost"}
    x : tuple of fractions.Fraction
        The exact split checked (cost shares for a cost game).
    recovered_by : str
        How `x` was obtained: ``"given"`` (exact numbers given),
        ``"settled coalitions"`` (the equalities of the top excess levels of
        the float split, solved exactly) or ``"limit_denominator"`` (each
        float share rounded to the simplest nearby fraction).
    levels : tuple of fractions.Fraction
        The distinct excess levels examined, highest first (worth units:
        savings for a cost game; divided by ``w(S)`` for a weighted variant),
        down to the one that settles every direction or the one that fails.
    weights : tuple of tuple of (tuple of str, fractions.Fraction)
        For each level at which the collection of coalitions with at least
        that excess gained a direction: exact positive weights of its
        coalitions (and non-negative ones of the partners at their
        standalone worth, for the nucleolus) adding up to 1 for every
        partner. Anyone can check them with a pencil. Under a coalition
        structure the blocs are listed too, each with a multiplier of any
        sign: the weights of the other coalitions add up, for every partner,
        to the multiplier of its bloc. When the complaints run out before
        they span every direction (coalitions worth 0 have no proportional
        complaint), a last set gives the partners at their floor positive
        multipliers and the coalitions examined and those held at their
        worth multipliers of any sign, adding up to 0 for every partner.
    failed_level : int or None
        The number (from 1, highest first) of the first level whose collection
        is not balanced, or None.
    failed_collection : tuple of tuple of str
        That collection (empty when certified or when the failure is of
        another kind).
    reason : str
        Why the split is certified, or why not.
    worths : tuple of fractions.Fraction
        The exact worths (bitmask order, savings for a cost game) the
        certificate is about: those of the dual game for ``"anti_..."``.
    """

    certified: bool
    rule: str
    players: tuple[str, ...]
    kind: str
    x: tuple[Fraction, ...]
    recovered_by: str
    levels: tuple[Fraction, ...]
    weights: tuple[tuple[tuple[tuple[str, ...], Fraction], ...], ...]
    failed_level: int | None
    failed_collection: tuple[tuple[str, ...], ...]
    reason: str
    worths: tuple[Fraction, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.certified)

    @property
    def x_float(self) -> np.ndarray:
        """The split as floats."""
        return np.array([float(a) for a in self.x])

    def as_dict(self) -> dict[str, Fraction]:
        """Return ``{player: exact share}``."""
        return dict(zip(self.players, self.x))

    def __repr__(self) -> str:
        verdict = f"CERTIFIED {self.rule}" if self.certified else f"NOT certified as the {self.rule}"
        shares = ", ".join(f"{p}: {a}" for p, a in zip(self.players, self.x))
        return f"NucleolusCertificate({verdict}; {{{shares}}}; {self.reason})"
