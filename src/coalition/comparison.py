"""Side-by-side comparison of sharing rules for one game.

:func:`compare` computes several rules for a game (and a proposal, if one is
on the table), and for each tells whether the split is stable (in the core)
and, if not, which coalition would walk away and what it would gain. It also
gives each partner's floor and ceiling over the core: the range inside which
any stable deal must fall.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._rules import DEFAULT, DEFAULT_BLOCS, RULES, apply, dense_ok, resolve_rules, takes_blocs
from .errors import (
    CoalitionError,
)
from .game import Game
from .game._partition import partition_masks
from .results import BlockingCoalition, CoreBounds
from .results._format import _fmt, _frozen_array
from .stability import core_bounds, core_report
from .values._checks import _check_game

__all__ = ["RULES", "Comparison", "compare"]




@dataclass(frozen=True, repr=False, eq=False)
class Comparison:
    """Rules side by side, with a stability verdict under each.

    Attributes
    ----------
    players : tuple of str
    kind : {"profit", "cost"}
        For a cost game every number is a cost share.
    grand_value : float
        ``v(N)`` (``c(N)`` for a cost game): what the shares add up to.
    standalone : numpy.ndarray
        Each partner's worth (cost) alone.
    rules : tuple of str
        Column labels, in order (``"proposal"`` last when one was given).
    shares : numpy.ndarray
        ``(n_players, n_rules)``; a column of NaN for a rule that was skipped.
    in_core : tuple of (bool or None)
        Per rule: is the split in the core (None when not checked).
    worst_blocking : tuple of (BlockingCoalition or None)
        Per rule: the coalition with the largest gain from leaving, if any.
    bounds : CoreBounds or None
        Each partner's floor and ceiling over the core; None when the core is
        empty or the game is too large to check.
    intervals : dict
        ``{rule: (low, high)}`` confidence intervals of estimated rules.
    notes : tuple of str
        Why a rule or check was skipped, and how estimates were made.

    Examples
    --------
    >>> import coalition as co
    >>> c = co.compare(co.Game([0, 1, 2, 6], players=["A", "B"]), rules=["Shapley", "equal split"])
    >>> c["Shapley"], c.in_core
    ({'A': 2.5, 'B': 3.5}, (True, True))
    """

    players: tuple[str, ...]
    kind: str
    grand_value: float
    standalone: np.ndarray
    rules: tuple[str, ...]
    shares: np.ndarray
    in_core: tuple[bool | None, ...]
    worst_blocking: tuple[BlockingCoalition | None, ...]
    bounds: CoreBounds | None
    intervals: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "shares", _frozen_array(self.shares).reshape(len(self.players), len(self.rules)))
        object.__setattr__(self, "standalone", _frozen_array(self.standalone))

    # -- access -------------------------------------------------------------
    def __getitem__(self, rule: str) -> dict[str, float]:
        """``{player: share}`` under one rule."""
        try:
            j = self.rules.index(rule)
        except ValueError:
            raise KeyError(f"{rule!r} is not a rule of this comparison; rules are {list(self.rules)}") from None
        return {p: float(v) for p, v in zip(self.players, self.shares[:, j])}

    def as_dict(self) -> dict[str, Any]:
        """Everything as plain Python values (what :meth:`to_json` writes)."""

        def clean(v: float) -> float | None:
            return None if np.isnan(v) else float(v)

        return {
            "kind": self.kind,
            "players": list(self.players),
            "grand_value": self.grand_value,
            "standalone": [float(v) for v in self.standalone],
            "rules": [
                {
                    "rule": r,
                    "shares": [clean(v) for v in self.shares[:, j]],
                    "in_core": self.in_core[j],
                    "worst_blocking": None
                    if self.worst_blocking[j] is None
                    else {"coalition": list(self.worst_blocking[j].members), "gain": self.worst_blocking[j].gain},
                    **(
                        {"ci": [[float(v) for v in self.intervals[r][0]], [float(v) for v in self.intervals[r][1]]]}
                        if r in self.intervals
                        else {}
                    ),
                }
                for j, r in enumerate(self.rules)
            ],
            "core_bounds": None
            if self.bounds is None
            else {p: [lo, hi] for p, (lo, hi) in self.bounds.as_dict().items()},
            "notes": list(self.notes),
        }

    def to_json(self, **kwargs: Any) -> str:
        """The comparison as JSON text (``kwargs`` go to :func:`json.dumps`)."""
        kwargs.setdefault("indent", 2)
        return json.dumps(self.as_dict(), **kwargs)

    # -- tables ---------------------------------------------------------------
    def _rows(self) -> tuple[list[str], list[list[str]], list[list[str]]]:
        head = ["partner", *self.rules]
        if self.bounds is not None:
            head += ["core floor", "core ceiling"]
        body = []
        for i, p in enumerate(self.players):
            row = [p] + ["-" if np.isnan(v) else _fmt(float(v)) for v in self.shares[i]]
            if self.bounds is not None:
                row += [_fmt(float(self.bounds.lower[i])), _fmt(float(self.bounds.upper[i]))]
            body.append(row)
        pad = [""] * (2 if self.bounds is not None else 0)
        stable = ["in the core?"] + [
            "-" if s is None else ("yes" if s else "no") for s in self.in_core
        ] + pad
        verb = "pays less alone" if self.kind == "cost" else "would walk"
        worst = [f"who {verb}"] + [
            "" if b is None else f"{b.name} (+{_fmt(b.gain)})" for b in self.worst_blocking
        ] + pad
        return head, body, [stable, worst]

    def to_markdown(self) -> str:
        """A Markdown table: partners by rules, then the stability rows."""
        head, body, foot = self._rows()
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
        lines += ["| " + " | ".join(r) + " |" for r in body + foot]
        lines += [f"\n{n}" for n in self._note_lines()]
        return "\n".join(lines)

    def _note_lines(self) -> list[str]:
        unit = "cost shares" if self.kind == "cost" else "shares"
        total = "c(N)" if self.kind == "cost" else "v(N)"
        out = [f"{unit.capitalize()} of {total} = {_fmt(self.grand_value)}."]
        if self.bounds is None:
            out.append("Core floors and ceilings: not available (see notes).")
        for rule, (lo, hi) in self.intervals.items():
            hw = float(np.max((hi - lo) / 2))
            out.append(f"{rule} is a Monte Carlo estimate (largest 95% half-width {_fmt(hw)}).")
        return out + list(self.notes)

    def __repr__(self) -> str:
        head, body, foot = self._rows()
        rows = [head, *body, *foot]
        widths = [max(len(r[c]) for r in rows) for c in range(len(head))]

        def line(r: list[str]) -> str:
            return "  ".join(r[0].ljust(widths[0]) if c == 0 else r[c].rjust(widths[c]) for c in range(len(r)))

        sep = "  ".join("-" * w for w in widths)
        text = [f"Comparison({len(self.rules)} rules, {len(self.players)} partners)", line(head), sep]
        text += [line(r) for r in body] + [sep] + [line(r) for r in foot]
        return "\n".join(text + self._note_lines())

    def _repr_html_(self) -> str:
        head, body, foot = self._rows()
        th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in body
        )
        tail = "".join(
            "<tr>" + "".join(f"<td><i>{html.escape(c)}</i></td>" for c in r) + "</tr>" for r in foot
        )
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self._note_lines())
        return f"<div><table><thead><tr>{th}</tr></thead><tbody>{rows}{tail}</tbody></table><ul>{notes}</ul></div>"

    def to_frame(self):
        """A :class:`pandas.DataFrame`: partners by rules (needs pandas)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on environment
            raise ImportError("to_frame() needs pandas: pip install 'coalition[pandas]'") from exc
        frame = pd.DataFrame(self.shares, index=list(self.players), columns=list(self.rules))
        frame.index.name = "partner"
        return frame


def compare(game: Game, *, rules: Any = None, proposal: Any = None, blocs: Any = None, seed: Any = 0,
            progress: Any = None) -> Comparison:
    """Compare sharing rules side by side, each with its stability verdict.

    For each rule: every partner's share, whether the split is in the core,
    and the coalition that would gain most by walking away. Under the table:
    each partner's floor and ceiling over the core, the range inside which a
    stable deal must put its share.

    Parameters
    ----------
    game : Game
    rules : list of str or dict, optional
        Rule names from :data:`RULES` (default: Shapley, nucleolus, equal
        surplus, proportional to standalone values, Nash with standalone
        outside options), or ``{label: function}`` with functions
        ``game -> allocation`` (anything with ``.x``, or an array).
    proposal : dict or array_like, optional
        A split on the table (cost shares for a cost game), shown as the last
        column ``"proposal"`` and checked like the rules.
    blocs : list of groups of player names, or dict, optional
        A partition of the partners into blocs (``[["A", "B"], ["C"]]``,
        ``["A+B", "C"]`` or ``{"Europe": ["A", "B"], "Asia": ["C"]}``), for
        the rules of a coalition structure: ``"Owen"`` (:func:`owen`),
        ``"Aumann-Dreze"`` (:func:`aumann_dreze`), ``"nucleolus (blocs)"``
        and ``"prenucleolus (blocs)"`` (:func:`nucleolus` and
        :func:`prenucleolus` with ``structure=blocs``). With blocs and no
        `rules`, the first three are added to the default rules; without
        blocs those rules are not applicable. The Aumann-Dreze value and the
        nucleoli of a structure give each bloc its own worth, so their
        shares add up to the blocs' worths, not to ``v(N)``.
    seed : int, optional
        Seed of the Monte Carlo estimate used for the Shapley value of games
        too large for a table.
    progress : callable, optional
        Passed to :func:`coalition.core_bounds` (called as
        ``progress(done, total)`` after each of its LPs).

    Returns
    -------
    Comparison

    Raises
    ------
    InvalidGameError
        If `game` is not a game.
    InvalidParameterError
        On an unknown rule name or duplicate labels, or if `blocs` is not a
        partition of the partners.
    InvalidAllocationError
        If `proposal` has the wrong length, unknown names or non-finite shares.

    Notes
    -----
    A rule that does not apply to the game (proportional with negative
    standalone worths, the nucleolus of a game with no imputation, ...) gets
    an empty column and a note saying why. For games too large for a dense
    table, the rules that need one are skipped with a note, the stability
    checks are skipped, and the Shapley value is estimated by
    :func:`coalition.estimate_shapley` (its interval is shown) unless the
    game has a closed form.

    References
    ----------
    Gillies, D. B. (1959). Solutions to general non-zero-sum games. In
    Contributions to the Theory of Games IV, 47-85 (the core).

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 6, "A+C": 6,
    ...                        "B+C": 6, "A+B+C": 12})
    >>> c = co.compare(g, proposal={"A": 8, "B": 2, "C": 2})
    >>> c.rules
    ('Shapley', 'nucleolus', 'equal surplus', 'proportional', 'Nash', 'proposal')
    >>> c["proposal"], c.in_core[-1], c.worst_blocking[-1]
    ({'A': 8.0, 'B': 2.0, 'C': 2.0}, False, BlockingCoalition(members=('B', 'C'), gain=2.0))
    >>> c.bounds["A"]
    (0.0, 6.0)
    """
    game = _check_game(game)
    if blocs is not None:
        partition_masks(blocs, game.players, "blocs")
    chosen = resolve_rules(rules, DEFAULT if blocs is None else DEFAULT + DEFAULT_BLOCS)
    proposal_x = None if proposal is None else game._check_allocation(proposal, "proposal")
    dense = dense_ok(game)
    shares, notes, intervals = apply(game, chosen, seed=seed, blocs=blocs)
    for j, (label, rule, _) in enumerate(chosen):
        total = float(np.sum(shares[:, j]))
        if takes_blocs(rule) and not np.isnan(total) and abs(total - game.grand_value) > 1e-9 * max(1.0, abs(game.grand_value)):
            if game.kind == "cost":
                notes.append(f"{label}: each bloc bears its own cost, so the cost shares add up to {total:.6g}, "
                             f"not c(N) = {game.grand_value:.6g}.")
            else:
                notes.append(f"{label}: each bloc gets its own worth, so the shares add up to {total:.6g}, "
                             f"not v(N) = {game.grand_value:.6g}.")
    labels = [c[0] for c in chosen]
    columns = list(shares.T)
    if proposal_x is not None:
        labels.append("proposal")
        columns.append(proposal_x)
    shares = np.column_stack(columns)
    in_core: list[bool | None] = []
    worst: list[BlockingCoalition | None] = []
    bounds = None
    if dense:
        for j in range(shares.shape[1]):
            if np.isnan(shares[0, j]):
                in_core.append(None)
                worst.append(None)
                continue
            rep = core_report(game, shares[:, j], max_blocking=1)
            in_core.append(bool(rep.in_core))
            worst.append(rep.blocking[0] if rep.blocking else None)
        try:
            bounds = core_bounds(game, progress=progress)
        except CoalitionError as exc:
            notes.append(f"Core floors and ceilings: {exc}")
    else:
        in_core = [None] * shares.shape[1]
        worst = [None] * shares.shape[1]
        notes.append("Stability checks skipped: they need the table of every coalition.")
    return Comparison(
        players=game.players,
        kind=game.kind,
        grand_value=game.grand_value,
        standalone=game.standalone,
        rules=tuple(labels),
        shares=shares,
        in_core=tuple(in_core),
        worst_blocking=tuple(worst),
        bounds=bounds,
        intervals=intervals,
        notes=tuple(notes),
    )
