"""Results of the life-cycle reports: a partner's exit or entry."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._format import _fmt, _frozen_array
from .core import CoreReport

__all__ = ["EntryReport", "ExitReport", "Sensitivity", "Sweep"]


def _table_text(head: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[c]) for r in [head, *rows]) for c in range(len(head))]

    def line(r: list[str]) -> str:
        return "  ".join(r[0].ljust(widths[0]) if c == 0 else r[c].rjust(widths[c]) for c in range(len(r)))

    return [line(head), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def _range_text(lo: float, hi: float) -> str:
    return "none" if np.isnan(lo) else f"{_fmt(lo)} to {_fmt(hi)}"


class _Change:
    """What the two reports share: shares before and after, by rule."""

    players: tuple[str, ...]
    kind: str
    rules: tuple[str, ...]
    before: np.ndarray
    after: np.ndarray
    notes: tuple[str, ...]

    @property
    def change(self) -> np.ndarray:
        """``after - before``: each partner's gain (for a cost game: the rise in
        its cost share), partners by rules."""
        return self.after - self.before

    def __getitem__(self, rule: str) -> dict[str, tuple[float, float]]:
        """``{partner: (before, after)}`` under one rule."""
        try:
            j = self.rules.index(rule)
        except ValueError:
            raise KeyError(f"{rule!r} is not a rule of this report; rules are {list(self.rules)}") from None
        return {p: (float(b), float(a)) for p, b, a in zip(self.players, self.before[:, j], self.after[:, j])}

    def _share_rows(self) -> tuple[list[str], list[list[str]]]:
        head = ["partner"]
        for r in self.rules:
            head += [f"{r} before", f"{r} after", f"{r} change"]
        rows = []
        for i, p in enumerate(self.players):
            row = [p]
            for j in range(len(self.rules)):
                b, a = float(self.before[i, j]), float(self.after[i, j])
                row += ["-" if np.isnan(b) else _fmt(b), "-" if np.isnan(a) else _fmt(a),
                        "-" if np.isnan(a - b) else f"{'+' if a - b > 0 else ''}{_fmt(a - b)}"]
            rows.append(row)
        return head, rows

    def to_frame(self):
        """A long :class:`pandas.DataFrame`: one row per partner and rule, with
        the columns ``partner, rule, before, after, change`` (needs pandas)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on environment
            raise ImportError("to_frame() needs pandas: pip install 'coalition[pandas]'") from exc
        rows = [
            {"partner": p, "rule": r, "before": float(self.before[i, j]), "after": float(self.after[i, j]),
             "change": float(self.after[i, j] - self.before[i, j])}
            for j, r in enumerate(self.rules) for i, p in enumerate(self.players)
        ]
        return pd.DataFrame(rows, columns=["partner", "rule", "before", "after", "change"])

    def to_markdown(self) -> str:
        """The report as Markdown: the table of shares, then the lines below it."""
        head, rows = self._share_rows()
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines + [""] + self._lines())

    def __repr__(self) -> str:
        head, rows = self._share_rows()
        return "\n".join([self._title(), *_table_text(head, rows), *self._lines()])

    def _repr_html_(self) -> str:
        head, rows = self._share_rows()
        th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
        items = "".join(f"<li>{html.escape(n)}</li>" for n in self._lines())
        return (f"<div><b>{html.escape(self._title())}</b><table><thead><tr>{th}</tr></thead>"
                f"<tbody>{body}</tbody></table><ul>{items}</ul></div>")

    def _title(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def _lines(self) -> list[str]:  # pragma: no cover - overridden
        raise NotImplementedError


@dataclass(frozen=True, repr=False, eq=False)
class ExitReport(_Change):
    """What a partner's exit does to every other partner's share.

    Attributes
    ----------
    partner : str
        The partner who leaves.
    players : tuple of str
        The partners who stay, in the game's order.
    kind : {"profit", "cost"}
    rules : tuple of str
        The rules compared, in column order.
    before, after : numpy.ndarray
        ``(len(players), len(rules))``: each remaining partner's share under
        each rule, in the whole alliance and in the smaller one (the subgame
        of the remaining partners). A column of NaN for a rule that does not
        apply (see `notes`).
    partner_share : numpy.ndarray
        The leaving partner's share under each rule, before it leaves.
    marginal_contribution : float
        ``v(N) - v(N \\ {partner})``: what the alliance loses with it (for a
        cost game, ``c(N) - c(N \\ {partner})``: the cost it adds).
    standalone : float
        Its worth (cost) on its own.
    old_split : tuple of (CoreReport or None)
        Per rule: the remaining partners' old shares checked in the smaller
        alliance. `in_core` is true when they add up to its worth and no group
        of them would do better alone; `total` against `grand_value` shows
        whether the smaller alliance could keep paying them.
    max_payment : numpy.ndarray
        Per rule: the largest exit payment to the leaving partner that leaves
        the remaining partners together no worse off than before (what they
        gain together from its exit, ``share - marginal_contribution`` for an
        efficient rule; ``marginal_contribution - share`` in a cost game,
        where both are costs). Any payment up to it works. Negative: no payment
        does; the leaving partner takes more value out than its share and
        would have to pay the rest at least ``-max_payment`` to leave them
        whole (a split in the core never pays a partner more than it adds, so
        there this is at most 0).
    max_payment_ratio : numpy.ndarray
        The same as a fraction of the leaving partner's share.
    notes : tuple of str
        Rules that did not apply or were estimated, and why.
    intervals : dict
        ``{"<rule> before": (low, high), "<rule> after": (low, high)}``: 95%
        confidence intervals of the shares a rule estimated by sampling (the
        Shapley value of a game too large for a table, without an exact
        path), one entry per remaining partner.
    payment : float or None
        The exit payment checked (e.g. the one a term sheet's exit clause
        prescribes, see :meth:`coalition.terms.TermSheet.exit_report`), or
        None.
    payment_fits : tuple of (bool or None)
        Per rule: whether `payment` is at most `max_payment`, so that the
        remaining partners, paid under that rule before, are together no
        worse off after paying it (None where the rule did not apply, or
        without a payment).
    """

    partner: str
    players: tuple[str, ...]
    kind: str
    rules: tuple[str, ...]
    before: np.ndarray
    after: np.ndarray
    partner_share: np.ndarray
    marginal_contribution: float
    standalone: float
    old_split: tuple[CoreReport | None, ...]
    max_payment: np.ndarray
    max_payment_ratio: np.ndarray
    notes: tuple[str, ...] = ()
    intervals: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    payment: float | None = None
    payment_fits: tuple[bool | None, ...] = ()

    def __post_init__(self) -> None:
        for name in ("before", "after", "partner_share", "max_payment", "max_payment_ratio"):
            object.__setattr__(self, name, _frozen_array(getattr(self, name)))

    def _title(self) -> str:
        return f"ExitReport({self.partner} leaves; {len(self.players)} partners stay)"

    def _lines(self) -> list[str]:
        adds = "adds to the cost" if self.kind == "cost" else "brings to the alliance"
        out = [f"{self.partner} {adds} {_fmt(self.marginal_contribution)}; alone: {_fmt(self.standalone)}."]
        for j, r in enumerate(self.rules):
            rep = self.old_split[j]
            if rep is None:
                continue
            out.append(f"{r}: {self._verdict(rep)}; {self._payment_text(j)}.")
        return out + list(self.notes)

    def _payment_text(self, j: int) -> str:
        top = float(self.max_payment[j])
        if self.payment is not None and self.payment_fits and self.payment_fits[j] is not None:
            verdict = "within" if self.payment_fits[j] else "above"
            return (f"the exit payment of {_fmt(self.payment)} is {verdict} the most that leaves the rest "
                    f"no worse off ({_fmt(top)})")
        if top >= 0:
            return f"an exit payment of up to {_fmt(top)} leaves the rest together no worse off"
        share = float(self.partner_share[j])
        return (f"no exit payment leaves the rest whole: {self.partner} takes out "
                f"{_fmt(self.marginal_contribution)} for a share of {_fmt(share)}, so it would have "
                f"to pay them {_fmt(-top)}")

    def _verdict(self, rep: CoreReport) -> str:
        if rep.in_core:
            return "the old shares of the rest are in the core of the smaller alliance"
        what = "cost" if self.kind == "cost" else "earn"
        text = (f"the old shares of the rest add up to {_fmt(rep.total)}; without {self.partner} "
                f"they {what} {_fmt(rep.grand_value)} together")
        if rep.blocking:
            text += f", and {rep.blocking[0].name} would gain {_fmt(rep.blocking[0].gain)} alone"
        return text

    def as_dict(self) -> dict[str, Any]:
        """Everything as plain Python values."""
        return {
            "partner": self.partner, "players": list(self.players), "kind": self.kind,
            "rules": list(self.rules), "before": self.before.tolist(), "after": self.after.tolist(),
            "partner_share": self.partner_share.tolist(),
            "marginal_contribution": self.marginal_contribution, "standalone": self.standalone,
            "old_split_in_core": [None if r is None else r.in_core for r in self.old_split],
            "max_payment": self.max_payment.tolist(),
            "payment": self.payment, "payment_fits": list(self.payment_fits),
            "notes": list(self.notes),
        }


@dataclass(frozen=True, repr=False, eq=False)
class EntryReport(_Change):
    """What a newcomer's entry does to every incumbent's share.

    Attributes
    ----------
    newcomer : str
    players : tuple of str
        The incumbents, in the game's order.
    kind : {"profit", "cost"}
    rules : tuple of str
    before, after : numpy.ndarray
        ``(len(players), len(rules))``: each incumbent's share under each rule
        without and with the newcomer (NaN for a rule that does not apply).
    newcomer_share : numpy.ndarray
        The newcomer's share under each rule.
    marginal_contribution : float
        ``v(N + newcomer) - v(N)``: what the newcomer adds (cost: the cost it adds).
    standalone : float
        The newcomer's worth (cost) on its own.
    fee : numpy.ndarray
        ``(len(rules), 2)``: per rule, the range of entry fees the newcomer
        could pay the incumbents (negative: a payment to the newcomer) such
        that the incumbents together are no worse off than before and the
        newcomer is no worse off than alone (shared among the incumbents as
        the rule's shares change, one of them may still lose). NaN where none exists: the newcomer adds less
        than it earns on its own.
    fee_ratio : numpy.ndarray
        The same range as a fraction of the newcomer's share.
    filled : tuple of str
        The coalitions with the newcomer whose worths were not given and were
        filled (see `fill` of :func:`~coalition.entry_report`).
    game : Game
        The enlarged game, newcomer last.
    notes : tuple of str
        Rules that did not apply or were estimated, and why.
    intervals : dict
        ``{"<rule> before": (low, high), "<rule> after": (low, high)}``: 95%
        confidence intervals of estimated shares (as in :class:`ExitReport`;
        after the entry, the newcomer's is last).
    """

    newcomer: str
    players: tuple[str, ...]
    kind: str
    rules: tuple[str, ...]
    before: np.ndarray
    after: np.ndarray
    newcomer_share: np.ndarray
    marginal_contribution: float
    standalone: float
    fee: np.ndarray
    fee_ratio: np.ndarray
    filled: tuple[str, ...]
    game: Any
    notes: tuple[str, ...] = ()
    intervals: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("before", "after", "newcomer_share", "fee", "fee_ratio"):
            object.__setattr__(self, name, _frozen_array(getattr(self, name)))

    def _title(self) -> str:
        return f"EntryReport({self.newcomer} joins {len(self.players)} partners)"

    def _lines(self) -> list[str]:
        adds = "adds to the cost" if self.kind == "cost" else "brings to the alliance"
        out = [f"{self.newcomer} {adds} {_fmt(self.marginal_contribution)}; alone: {_fmt(self.standalone)}."]
        if self.filled:
            out.append(f"{len(self.filled)} coalitions with {self.newcomer} were filled, not given.")
        for j, r in enumerate(self.rules):
            if np.isnan(self.newcomer_share[j]):
                continue
            lo, hi = self.fee[j]
            verb = "pays" if self.kind == "cost" else "gets"
            out.append(f"{r}: {self.newcomer} {verb} {_fmt(float(self.newcomer_share[j]))}; entry fee leaving "
                       f"the incumbents together and the newcomer no worse off: {_range_text(lo, hi)}.")
        return out + list(self.notes)


@dataclass(frozen=True, repr=False, eq=False)
class Sensitivity:
    """How each partner's share moves with each coalition's worth.

    Attributes
    ----------
    players : tuple of str
    kind : {"profit", "cost"}
    rule : str
    method : {"exact", "active set", "finite differences"}
        ``"exact"``: the closed-form coefficients of a linear rule, valid for
        any change. ``"active set"``: the exact derivatives of the
        (pre)nucleolus from the linear system of the coalitions that settle
        it, valid locally: as long as the same coalitions settle it (the
        rule is piecewise linear and bends where they change).
        ``"finite differences"``: central differences of the rule, valid
        only near the game as it is.
    coalitions : tuple of str
        The coalitions of the columns of `matrix` (every non-empty coalition
        in bitmask order), or () when the game is too large for the matrix.
    matrix : numpy.ndarray or None
        ``(n, len(coalitions))``: ``d share_i / d v(S)``. None beyond the
        size guard; `top` still holds each partner's largest effects.
    kinks : numpy.ndarray or None
        For finite differences: True where the one-sided differences
        disagree (the share has a kink at that worth; `matrix` holds their
        mean), or where the rule is defined on one side only (`matrix`
        holds that side's). For the active set: True where the coalitions
        that settle the rule are degenerate (more tight equalities than
        unknowns, e.g. ties between coalitions), so that a coefficient may
        hold on one side only; those columns hold the rule's central
        finite differences (see `notes`). None for exact coefficients.
    top : dict
        ``{partner: ((coalition, coefficient, worth, effect), ...)}``: the
        coalitions whose worth moves the partner's share most, largest first,
        where ``effect = |coefficient * worth|`` is the change of the share
        when that worth changes by 100% (the ranking of a tornado chart).
    levels : numpy.ndarray or None
        For the active set: the excess levels ``e_1 > e_2 > ...`` of the
        stages that settle the (pre)nucleolus (worth units; savings for a
        cost game). ``levels[0]`` is the least core's epsilon (over the
        imputations for the nucleolus).
    level_matrix : numpy.ndarray or None
        For the active set (up to 12 partners): ``(len(levels),
        len(coalitions))``, ``d e_k / d v(S)``, valid locally; row 0 is
        how the least core's epsilon moves with each worth.
    notes : tuple of str
        What the coefficients rest on, and where they hold on one side only.
    """

    players: tuple[str, ...]
    kind: str
    rule: str
    method: str
    coalitions: tuple[str, ...]
    matrix: np.ndarray | None
    kinks: np.ndarray | None
    top: dict[str, tuple[tuple[str, float, float, float], ...]]
    levels: np.ndarray | None = None
    level_matrix: np.ndarray | None = None
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("matrix", "levels", "level_matrix"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, _frozen_array(getattr(self, name)))
        if self.kinks is not None:
            kinks = np.array(self.kinks, dtype=bool)
            kinks.setflags(write=False)
            object.__setattr__(self, "kinks", kinks)

    def __getitem__(self, partner: str) -> dict[str, float]:
        """``{coalition: coefficient}`` for one partner (needs the matrix)."""
        if partner not in self.players:
            raise KeyError(f"{partner!r} is not a partner; partners are {list(self.players)}")
        if self.matrix is None:
            raise KeyError("the game is too large for the whole matrix; read `top` instead")
        row = self.matrix[self.players.index(partner)]
        return {c: float(a) for c, a in zip(self.coalitions, row)}

    def __repr__(self) -> str:
        lines = [f"Sensitivity({self.rule}, {self.method}, {len(self.players)} partners)"]
        for p, rows in self.top.items():
            shown = ", ".join(f"{c} ({_fmt(a)})" for c, a, _, _ in rows[:3])
            lines.append(f"{p}: moved most by {shown}")
        return "\n".join(lines)


@dataclass(frozen=True, repr=False, eq=False)
class Sweep:
    """Rules evaluated over a grid of parameters, in long format.

    Attributes
    ----------
    params : tuple of str
        The parameter names, in the order of the grid.
    points : tuple of dict
        The grid points, in the order evaluated.
    rules : tuple of str
    records : tuple of dict
        One row per point, rule and partner: the parameters, then ``rule``,
        ``partner`` and ``share`` (NaN where the rule did not apply). Ready
        for :class:`pandas.DataFrame` (see :meth:`to_frame`).
    notes : tuple of str
        Rules that did not apply at some point, and why.
    """

    params: tuple[str, ...]
    points: tuple[dict[str, Any], ...]
    rules: tuple[str, ...]
    records: tuple[dict[str, Any], ...]
    notes: tuple[str, ...] = ()

    def shares(self, rule: str, partner: str) -> np.ndarray:
        """One partner's share under one rule at every point (NaN where it is
        not a partner or the rule did not apply)."""
        if rule not in self.rules:
            raise KeyError(f"{rule!r} is not a rule of this sweep; rules are {list(self.rules)}")
        out = np.full(len(self.points), np.nan)
        for row in self.records:
            if row["rule"] == rule and row["partner"] == partner:
                out[row["point"]] = row["share"]
        return out

    @property
    def partners(self) -> tuple[str, ...]:
        """Every partner seen at some point, in order of first appearance."""
        return tuple(dict.fromkeys(r["partner"] for r in self.records))

    def to_frame(self):
        """The records as a long :class:`pandas.DataFrame` (needs pandas)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on environment
            raise ImportError("to_frame() needs pandas: pip install 'coalition[pandas]'") from exc
        return pd.DataFrame(list(self.records), columns=[*self.params, "point", "rule", "partner", "share"])

    def __repr__(self) -> str:
        return (f"Sweep({len(self.points)} points of {', '.join(self.params)}; rules {', '.join(self.rules)}; "
                f"{len(self.partners)} partners; {len(self.records)} records)")
