"""Results of term sheets: the split with its breakdown, the check, the
stress test and the repair."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._format import _fmt, _frozen_array
from .allocation import Allocation
from .core import CoreReport
from .lifecycle import _table_text as _text_table

__all__ = ["TermsAllocation", "TermsCheck", "StressReport", "RepairReport", "RepairOption"]


def _md_table(head: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|",
            *("| " + " | ".join(r) + " |" for r in rows)]


class _Text:
    """``repr`` as plain text, ``_repr_html_`` and ``to_markdown`` from one list of blocks."""

    def _blocks(self) -> list[tuple[str, Any]]:  # pragma: no cover - overridden
        raise NotImplementedError

    def _render(self, table) -> str:
        out: list[str] = []
        for kind, item in self._blocks():
            if kind == "table":
                out.extend(table(*item))
            else:
                out.append(item)
            out.append("")
        return "\n".join(out).rstrip()

    def __repr__(self) -> str:
        return self._render(_text_table)

    def to_markdown(self) -> str:
        """The report as Markdown, ready to paste into a memo."""
        return self._render(_md_table)

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(repr(self))}</pre>"


@dataclass(frozen=True, repr=False, eq=False)
class TermsAllocation(Allocation):
    """A term sheet's split, with how much of each share each clause gave.

    Attributes
    ----------
    players, x, rule, kind
        As for every :class:`~coalition.results.Allocation`; ``rule`` is
        ``"term sheet"``.
    clauses : tuple of str
        The breakdown's columns: the fixed payments, each tranche, and the
        adjustment made by the floors and ceilings or by the loss sharing.
    breakdown : numpy.ndarray
        ``(n, len(clauses))``: what each clause gave each partner; each row
        sums to the partner's share.
    notes : tuple of str
        What the evaluation had to decide (a rule that was estimated, a
        redistribution that fell back to equal weights).

    Examples
    --------
    >>> import coalition as co
    >>> from coalition.terms import TermSheet, Fixed, Tranche
    >>> g = co.Game.from_dict({"A": 10, "B": 0, "A+B": 40})
    >>> a = TermSheet([Fixed({"B": 4}), Tranche(split="equal")]).evaluate(g)
    >>> a.as_dict(), a.clauses
    ({'A': 18.0, 'B': 22.0}, ('fixed', 'tranche 1'))
    """

    clauses: tuple[str, ...] = ()
    breakdown: np.ndarray = None  # type: ignore[assignment]
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "clauses", tuple(self.clauses))
        object.__setattr__(self, "breakdown", _frozen_array(self.breakdown))
        object.__setattr__(self, "notes", tuple(self.notes))
        if self.breakdown.shape != (len(self.players), len(self.clauses)):
            raise ValueError(f"`breakdown` has shape {self.breakdown.shape}; expected "
                             f"({len(self.players)}, {len(self.clauses)})")

    def _columns(self) -> dict[str, np.ndarray]:
        cols = {c: self.breakdown[:, k] for k, c in enumerate(self.clauses)}
        cols["share"] = self.x
        return cols

    def to_markdown(self) -> str:
        """The breakdown as a Markdown table, one row per partner."""
        cols = self._columns()
        rows = [[p, *(_fmt(float(v[i])) for v in cols.values())] for i, p in enumerate(self.players)]
        return "\n".join(_md_table(["partner", *cols], rows))


@dataclass(frozen=True, repr=False, eq=False)
class TermsCheck(_Text):
    """Is a term sheet's split efficient, individually rational and stable,
    and how far is it from the reference rules.

    Attributes
    ----------
    allocation : TermsAllocation
        The split, with its breakdown.
    core : CoreReport
        Core membership with the blocking coalitions, worst first.
    in_core : bool
        Shorthand for ``core.in_core``.
    efficient : bool
        The shares add up to the total worth.
    below_standalone : tuple of str
        Partners offered less than they earn alone (for a cost game: asked to
        pay more than alone).
    rules : tuple of str
        The reference rules.
    reference : numpy.ndarray
        ``(n, len(rules))``: each rule's shares (NaN where it does not apply).
    distance : numpy.ndarray
        ``(len(rules),)``: the largest gap between the sheet and each rule.
    subsidy : numpy.ndarray
        ``(n, len(rules))``: sheet minus rule, per partner; a positive entry
        means the sheet gives the partner more than the rule (it is
        subsidised by the partners with negative entries).
    exit_payment : numpy.ndarray or None
        What each partner would be paid on leaving (None without an exit clause).
    would_leave : tuple of str
        Partners paid more for leaving than for staying.
    notes : tuple of str
    """

    allocation: TermsAllocation
    core: CoreReport
    below_standalone: tuple[str, ...]
    rules: tuple[str, ...]
    reference: np.ndarray
    distance: np.ndarray
    subsidy: np.ndarray
    exit_payment: np.ndarray | None
    would_leave: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def in_core(self) -> bool:
        """Whether the split is in the core."""
        return self.core.in_core

    @property
    def efficient(self) -> bool:
        """Whether the shares add up to the total worth."""
        return self.core.efficient

    @property
    def players(self) -> tuple[str, ...]:
        return self.allocation.players

    def _blocks(self) -> list[tuple[str, Any]]:
        a = self.allocation
        verdict = "stable (in the core)" if self.in_core else "NOT stable"
        out: list[tuple[str, Any]] = [("text", f"Term sheet: {verdict}; total {_fmt(a.total)}")]
        head = ["partner", *a.clauses, "share", *(f"{r} gap" for r in self.rules)]
        rows = [[p, *(_fmt(float(v)) for v in a.breakdown[i]), _fmt(float(a.x[i])),
                 *(_fmt(float(v)) for v in self.subsidy[i])] for i, p in enumerate(a.players)]
        out.append(("table", (head, rows)))
        if self.core.blocking:
            worst = ", ".join(f"{b.name} (gains {_fmt(b.gain)})" for b in self.core.blocking[:5])
            out.append(("text", f"Would walk away: {worst}"
                        + (f" and {self.core.n_blocking - 5} more" if self.core.n_blocking > 5 else "")))
        if self.below_standalone:
            out.append(("text", "Below standalone: " + ", ".join(self.below_standalone)))
        if self.would_leave:
            out.append(("text", "Paid more to leave than to stay: " + ", ".join(self.would_leave)))
        out.extend(("text", f"Note: {note}") for note in self.notes + a.notes)
        return out


@dataclass(frozen=True, repr=False, eq=False)
class StressReport(_Text):
    """How a term sheet fares over many scenarios of the worths.

    Attributes
    ----------
    players : tuple of str
    n_scenarios : int
    n_infeasible : int
        Scenarios where the sheet could not be applied (its floors or
        ceilings could not be met); their rows of `shares` are NaN.
    in_core_rate : float
        Share of all scenarios in which the split is in the core (an
        infeasible scenario counts as not in the core).
    shares : numpy.ndarray
        ``(n_scenarios, n)``: each scenario's split.
    mean, std : numpy.ndarray
        Per partner, over the feasible scenarios: weighted by the
        scenarios' probabilities for a scenario game with weights (the
        standard deviation of that distribution), else the sample mean and
        standard deviation (``ddof=1``), as in :func:`share_distribution`.
    quantiles : numpy.ndarray
        ``(3, n)``: the 5th, 50th and 95th percentiles per partner, the
        inverse of the (weighted) distribution function of the shares.
    below_standalone_rate : numpy.ndarray
        Per partner: share of the feasible scenarios in which it is offered
        less than its standalone worth (it would walk).
    max_excess : numpy.ndarray
        ``(n_scenarios,)``: the largest gain from walking away in each
        scenario (NaN where infeasible).
    worst : int
        Index of the scenario with the largest `max_excess` (among those
        of positive weight, for a scenario game with weights).
    worst_blocking : str
        The coalition that gains most from walking away in that scenario
        (empty when every scenario is stable).
    errors : tuple of str
        The distinct reasons scenarios were infeasible.
    weights : numpy.ndarray or None
        The scenarios' probabilities when they came weighted (a listed
        :class:`~coalition.ScenarioGame`): every rate, mean, standard
        deviation (the distribution's own) and quantile (the inverse of the
        weighted distribution function) is then an exact weighted figure.
        None for equally likely draws.
    """

    players: tuple[str, ...]
    n_scenarios: int
    n_infeasible: int
    in_core_rate: float
    shares: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    quantiles: np.ndarray
    below_standalone_rate: np.ndarray
    max_excess: np.ndarray
    worst: int
    worst_blocking: str
    errors: tuple[str, ...]
    weights: np.ndarray | None = None

    def _blocks(self) -> list[tuple[str, Any]]:
        stable = (f"{self.n_scenarios:,} weighted scenarios: stable with probability {self.in_core_rate:.1%}"
                  if self.weights is not None else
                  f"{self.n_scenarios:,} scenarios: stable in {self.in_core_rate:.1%}")
        out: list[tuple[str, Any]] = [("text", f"Stress test over {stable}"
            + (f", infeasible in {self.n_infeasible:,}" if self.n_infeasible else ""))]
        head = ["partner", "mean", "std", "5%", "50%", "95%", "below standalone"]
        rows = [[p, _fmt(float(self.mean[i])), _fmt(float(self.std[i])),
                 *(_fmt(float(q)) for q in self.quantiles[:, i]), f"{self.below_standalone_rate[i]:.1%}"]
                for i, p in enumerate(self.players)]
        out.append(("table", (head, rows)))
        if self.worst_blocking:
            out.append(("text", f"Worst scenario: #{self.worst}, where {self.worst_blocking} would gain "
                                f"{_fmt(float(self.max_excess[self.worst]))} by walking away"))
        out.extend(("text", f"Infeasible: {e}") for e in self.errors)
        return out


@dataclass(frozen=True, repr=False, eq=False)
class RepairOption:
    """The smallest change of one free parameter that makes the sheet stable.

    Attributes
    ----------
    parameter : str
        ``"clause.field"``, e.g. ``"tranche 2.percent"``.
    before : float
    after : float
        The repaired value (NaN when no value in `bounds` works).
    bounds : tuple of float
        The range searched.
    success : bool
    allocation : TermsAllocation or None
        The repaired split (None when no value works).
    max_excess : float
        At the repaired value, or at the best value found when none works.
    blocking : str
        When no value works: the coalition that still gains most from
        walking away at the best value found.
    """

    parameter: str
    before: float
    after: float
    bounds: tuple[float, float]
    success: bool
    allocation: TermsAllocation | None
    max_excess: float
    blocking: str

    @property
    def change(self) -> float:
        """``after - before`` (NaN when no value works)."""
        return self.after - self.before


@dataclass(frozen=True, repr=False, eq=False)
class RepairReport(_Text):
    """The smallest changes that put a term sheet in the core.

    Attributes
    ----------
    already_stable : bool
    options : tuple of RepairOption
        One per free parameter, each changed alone.
    best : RepairOption or None
        The working option with the smallest change relative to its range.
    message : str
    """

    already_stable: bool
    options: tuple[RepairOption, ...]
    best: RepairOption | None
    message: str

    @property
    def success(self) -> bool:
        """Whether the sheet is stable as it is or after one of the changes."""
        return self.already_stable or self.best is not None

    def _blocks(self) -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = [("text", self.message)]
        if self.options:
            head = ["parameter", "now", "repaired", "change", "stable"]
            rows = [[o.parameter, _fmt(o.before), "none" if not o.success else _fmt(o.after),
                     "" if not o.success else _fmt(o.change),
                     "yes" if o.success else f"no: {o.blocking} gains {_fmt(o.max_excess)}"]
                    for o in self.options]
            out.append(("table", (head, rows)))
        return out

