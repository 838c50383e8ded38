"""The clauses a term sheet is written in.

Each clause is a small frozen record that checks its own arguments when it
is built; :class:`~coalition.terms.TermSheet` checks how they fit together
and the game they are applied to.

* :class:`Fixed`: payments made first, off the top (cost recovery, fees);
* :class:`Tranche`: a slice of what is left (an amount, a percentage of the
  total, or the rest), split by a rule of the library, a mix of rules, the
  partners' stakes or equally; tranches are paid in order (a waterfall);
* :class:`Floor` and :class:`Ceiling`: the least and the most a partner
  may get, as an amount, a percentage of the total or a multiple of its
  standalone worth;
* :class:`LossSharing`: how the floors are cut when the total cannot cover
  them;
* :class:`ExitTerms`: what a partner who leaves is paid.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .._rules import rule_label
from ..errors import InvalidParameterError

__all__ = ["Fixed", "Tranche", "Floor", "Ceiling", "LossSharing", "ExitTerms"]

#: How a tranche may be split besides a rule of the library.
SPLITS = ("stakes", "equal")
#: How a shortfall or a redistribution is shared.
SHARINGS = ("pro rata", "stakes", "equal")


def _number(value: Any, arg: str, *, low: float = -math.inf, high: float = math.inf) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InvalidParameterError(f"`{arg}` must be a finite number, got {value!r}")
    if not low <= value <= high:
        raise InvalidParameterError(f"`{arg}` must be between {low:g} and {high:g}, got {value!r}")
    return float(value)


def _name(value: Any, arg: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidParameterError(f"`{arg}` must be a non-empty string, got {value!r}")
    return value


def _partners(value: Any, arg: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Sequence) or not value or not all(isinstance(p, str) for p in value):
        raise InvalidParameterError(f"`{arg}` must be a partner's name or a list of names, got {value!r}")
    if len(set(value)) != len(value):
        raise InvalidParameterError(f"`{arg}` names a partner twice: {list(value)}")
    return tuple(value)


def _amounts(value: Any, arg: str, *, nonnegative: bool = True) -> dict[str, float]:
    if not isinstance(value, Mapping) or not value:
        raise InvalidParameterError(f"`{arg}` must be a non-empty mapping {{partner: amount}}, got {value!r}")
    out = {}
    for partner, amount in value.items():
        if not isinstance(partner, str):
            raise InvalidParameterError(f"`{arg}` keys must be partner names, got {partner!r}")
        out[partner] = _number(amount, f"{arg}[{partner!r}]", low=0.0 if nonnegative else -math.inf)
    return out


@dataclass(frozen=True)
class Fixed:
    """Payments made first, before any tranche (cost recovery, management fees).

    Parameters
    ----------
    payments : mapping of str to float
        ``{partner: amount}``, each amount at least 0.
    name : str, optional
        How the breakdown calls the clause; ``"fixed"`` by default.

    Examples
    --------
    >>> from coalition.terms import Fixed
    >>> Fixed({"Battery": 5.0}).payments
    {'Battery': 5.0}
    """

    payments: Mapping[str, float]
    name: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "payments", _amounts(self.payments, "payments"))
        object.__setattr__(self, "name", _name(self.name, "name"))


@dataclass(frozen=True)
class Tranche:
    """A slice of what is left after the fixed payments and earlier tranches.

    Give at most one of `amount` and `percent`; with neither, the tranche is
    the rest, and it must be the last one. A tranche takes its size or what
    is left, whichever is less. When the alliance makes a loss, a
    percentage is a share of the loss and the rest is what is left of it.
    Fixed payments beyond a positive total are cut (as the sheet's
    `redistribute` says), and the result's notes say so.

    Parameters
    ----------
    amount : float, optional
        The tranche's size in worth units (``"the first 20"``).
    percent : float, optional
        The tranche's size as a percentage of the total worth ``v(N)``
        (``"the next 20% of profit"``), between 0 and 100.
    split : str or mapping, default "Shapley"
        How the tranche is shared: the name of a rule of the library (it then
        gets the tranche in proportion to the rule's shares of the whole game,
        so a sheet with one tranche split by a rule gives that rule);
        ``"stakes"`` (the sheet's stakes); ``"equal"``; or a mix of rules
        ``{"Shapley": 0.5, "proportional": 0.5}`` with weights summing to 1.
    name : str, optional
        How the breakdown calls the tranche; ``"tranche k"`` by default.

    Raises
    ------
    InvalidParameterError
        If both `amount` and `percent` are given, either is negative, the
        percentage exceeds 100, a rule is unknown or mix weights do not sum
        to 1.

    Examples
    --------
    >>> from coalition.terms import Tranche
    >>> Tranche(percent=20, split="stakes").percent
    20.0
    >>> Tranche(split={"Shapley": 0.5, "proportional": 0.5}).is_rest
    True
    """

    amount: float | None = None
    percent: float | None = None
    split: Any = "Shapley"
    name: str | None = None
    mix: dict[str, float] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.amount is not None and self.percent is not None:
            raise InvalidParameterError("a tranche takes `amount` or `percent`, not both")
        if self.amount is not None:
            object.__setattr__(self, "amount", _number(self.amount, "amount", low=0.0))
        if self.percent is not None:
            object.__setattr__(self, "percent", _number(self.percent, "percent", low=0.0, high=100.0))
        object.__setattr__(self, "name", _name(self.name, "name"))
        object.__setattr__(self, "mix", _mix(self.split))

    @property
    def is_rest(self) -> bool:
        """Whether the tranche takes all that is left."""
        return self.amount is None and self.percent is None


def _mix(split: Any) -> dict[str, float]:
    if isinstance(split, str):
        key = split.strip().lower()
        if key in SPLITS:
            return {key: 1.0}
        return {rule_label(split, "split"): 1.0}
    if isinstance(split, Mapping) and split:
        out: dict[str, float] = {}
        for rule, weight in split.items():
            label = rule.strip().lower() if isinstance(rule, str) and rule.strip().lower() in SPLITS \
                else rule_label(rule, "split")
            if label in out:
                raise InvalidParameterError(f"`split` names the rule {label!r} twice")
            out[label] = _number(weight, f"split[{rule!r}]", low=0.0, high=1.0)
        if abs(sum(out.values()) - 1.0) > 1e-9:
            raise InvalidParameterError(
                f"`split` weights must sum to 1, got {sum(out.values()):g} for {dict(split)}"
            )
        return out
    raise InvalidParameterError(
        f"`split` must be a rule name, 'stakes', 'equal' or a mapping {{rule: weight}}, got {split!r}"
    )


@dataclass(frozen=True)
class _Bound:
    amount: float | None = None
    percent: float | None = None
    standalone: float | None = None
    partners: Any = None
    name: str | None = None

    def __post_init__(self) -> None:
        given = [k for k in ("amount", "percent", "standalone") if getattr(self, k) is not None]
        kind = type(self).__name__.lower()
        if len(given) != 1:
            raise InvalidParameterError(
                f"a {kind} takes exactly one of `amount`, `percent` and `standalone`, got {given or 'none'}"
            )
        if self.amount is not None:
            object.__setattr__(self, "amount", _number(self.amount, "amount"))
        if self.percent is not None:
            object.__setattr__(self, "percent", _number(self.percent, "percent", low=0.0, high=100.0))
        if self.standalone is not None:
            object.__setattr__(self, "standalone", _number(self.standalone, "standalone", low=0.0))
        object.__setattr__(self, "partners", _partners(self.partners, "partners"))
        object.__setattr__(self, "name", _name(self.name, "name"))

    @property
    def level(self) -> tuple[str, float]:
        """``(how, value)``: ``("amount", 10.0)``, ``("percent", 40.0)`` or ``("standalone", 1.0)``."""
        for key in ("amount", "percent", "standalone"):
            value = getattr(self, key)
            if value is not None:
                return key, value
        raise AssertionError  # pragma: no cover - checked at construction


class Floor(_Bound):
    """The least a partner may get.

    Give exactly one of `amount` (worth units), `percent` (of the total
    worth) and `standalone` (a multiple of the partner's own worth ``v({i})``:
    ``standalone=1`` is individual rationality).

    Parameters
    ----------
    amount, percent, standalone : float
        The floor's level, one of the three.
    partners : str or list of str, optional
        Whom it protects; everyone by default.
    name : str, optional
        How messages call the clause; ``"floor k"`` by default.

    Examples
    --------
    >>> from coalition.terms import Floor
    >>> Floor(standalone=1).level
    ('standalone', 1.0)
    """


class Ceiling(_Bound):
    """The most a partner may get: the same arguments as :class:`Floor`.

    Examples
    --------
    >>> from coalition.terms import Ceiling
    >>> Ceiling(percent=40, partners="Hub").partners
    ('Hub',)
    """



@dataclass(frozen=True)
class LossSharing:
    """How the floors are cut when the total cannot cover them all.

    Parameters
    ----------
    method : {"pro rata", "stakes", "equal"} or a rule name, default "pro rata"
        The shortfall is borne in proportion to the floors, to the stakes,
        equally, or in proportion to a rule's shares of the game (e.g.
        ``"Shapley"``).

    Examples
    --------
    >>> from coalition.terms import LossSharing
    >>> LossSharing("stakes").method
    'stakes'
    """

    method: str = "pro rata"

    def __post_init__(self) -> None:
        if not isinstance(self.method, str):
            raise InvalidParameterError(f"`method` must be one of {list(SHARINGS)} or a rule name, got {self.method!r}")
        key = self.method.strip().lower()
        try:
            method = key if key in SHARINGS else rule_label(self.method, "method")
        except InvalidParameterError:
            raise InvalidParameterError(
                f"`method` must be one of {list(SHARINGS)} or a rule name, got {self.method!r}"
            ) from None
        object.__setattr__(self, "method", method)


@dataclass(frozen=True)
class ExitTerms:
    """What a partner who leaves the alliance is paid.

    Parameters
    ----------
    payment : "standalone", "share" or mapping of str to float
        Its standalone worth ``v({i})``, its share under the sheet, or given
        amounts per partner (a capital account); partners missing from the
        mapping are paid nothing.

    Examples
    --------
    >>> from coalition.terms import ExitTerms
    >>> ExitTerms({"Hub": 12.0}).payment
    {'Hub': 12.0}
    """

    payment: Any = "standalone"

    def __post_init__(self) -> None:
        if isinstance(self.payment, str):
            if self.payment not in ("standalone", "share"):
                raise InvalidParameterError(
                    f"`payment` must be 'standalone', 'share' or a mapping {{partner: amount}}, got {self.payment!r}"
                )
        else:
            object.__setattr__(self, "payment", _amounts(self.payment, "payment", nonnegative=False))
