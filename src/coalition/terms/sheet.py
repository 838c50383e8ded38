"""A term sheet: a gain-sharing formula as negotiation teams write it."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from .._rules import RULES, apply, resolve_rules
from ..errors import InfeasibleError, InvalidParameterError
from ..game import Game
from ..results.terms import TermsAllocation, TermsCheck
from ..stability import core_report
from ._waterfall import fit_total, proportions
from .clauses import SHARINGS, Ceiling, ExitTerms, Fixed, Floor, LossSharing, Tranche

__all__ = ["TermSheet"]

_CLAUSES = (Fixed, Tranche, Floor, Ceiling, LossSharing, ExitTerms)


class TermSheet:
    """A gain-sharing formula built from clauses.

    The total worth ``v(N)`` is shared in three steps:

    1. the :class:`Fixed` payments come off the top;
    2. the :class:`Tranche` clauses share what is left, in order (a
       waterfall); the last tranche takes the rest;
    3. the :class:`Floor` and :class:`Ceiling` clauses are enforced: a share
       above its ceiling is cut and one below its floor topped up, and the
       difference is taken from (or given to) the other partners in
       proportion to their shares from step 2 (`redistribute`), so that the
       shares still add up to ``v(N)``. When the total cannot cover every
       floor, the :class:`LossSharing` clause says who bears the shortfall;
       without one the sheet cannot be applied and says so.

    Parameters
    ----------
    clauses : sequence of clauses
        :class:`Fixed`, :class:`Tranche`, :class:`Floor`, :class:`Ceiling`,
        :class:`LossSharing` and :class:`ExitTerms` objects; at least one
        tranche, the last one without a size (the rest).
    stakes : mapping of str to float, optional
        Each partner's stake (equity), for tranches split ``"stakes"`` and
        for sharing by stake; partners left out hold none.
    redistribute : {"pro rata", "stakes", "equal"}, default "pro rata"
        How step 3 spreads what it moves between partners.

    Raises
    ------
    InvalidParameterError
        If a clause is not one of the clause types, the waterfall has no rest
        tranche or a tranche follows it, tranche percentages add up to more
        than 100, two clauses share a name, stakes are needed but missing,
        or floors and ceilings contradict each other; the message names the
        clauses.

    See Also
    --------
    coalition.core_report, coalition.nearest_core

    References
    ----------
    Gillies, D. B. (1959). Solutions to general non-zero-sum games. In
    Contributions to the Theory of Games IV, Annals of Mathematics Studies
    40, 47-85 (the core, against which a sheet is checked). The clauses
    follow the waterfall and floor/cap conventions of joint-venture and
    gain-sharing agreements; they are a notation, not a solution concept.

    Examples
    --------
    "Each partner first recovers its costs; the next 20% of the profit is
    split by equity stake; the rest by Shapley; nobody gets less than it
    earns alone":

    >>> import coalition as co
    >>> from coalition.terms import TermSheet, Fixed, Tranche, Floor
    >>> g = co.Game.from_dict({"A": 10, "B": 20, "C": 0, "A+B": 50, "A+C": 30,
    ...                        "B+C": 40, "A+B+C": 100})
    >>> sheet = TermSheet([
    ...     Fixed({"A": 5, "C": 5}),
    ...     Tranche(percent=20, split="stakes"),
    ...     Tranche(split="Shapley"),
    ...     Floor(standalone=1)],
    ...     stakes={"A": 50, "B": 30, "C": 20})
    >>> a = sheet.evaluate(g)
    >>> [round(float(v), 2) for v in a.x]
    [38.33, 36.33, 25.33]
    >>> sheet.check(g).in_core
    True
    """

    def __init__(self, clauses: Sequence[Any], *, stakes: Mapping[str, float] | None = None,
                 redistribute: str = "pro rata") -> None:
        if isinstance(clauses, (str, bytes)) or not isinstance(clauses, Sequence) or not clauses:
            raise InvalidParameterError(f"`clauses` must be a non-empty list of clauses, got {clauses!r}")
        counts: dict[type, int] = {}
        named = []
        for k, clause in enumerate(clauses):
            if not isinstance(clause, _CLAUSES):
                raise InvalidParameterError(
                    f"`clauses[{k}]` must be one of {', '.join(c.__name__ for c in _CLAUSES)}, got {clause!r}"
                )
            kind = type(clause)
            counts[kind] = counts.get(kind, 0) + 1
            if kind in (LossSharing, ExitTerms) and counts[kind] > 1:
                raise InvalidParameterError(f"`clauses` has more than one {kind.__name__} clause")
            if hasattr(clause, "name") and clause.name is None:
                default = "fixed" if kind is Fixed and counts[kind] == 1 else f"{kind.__name__.lower()} {counts[kind]}"
                clause = replace(clause, name=default)
            named.append(clause)
        self.clauses: tuple[Any, ...] = tuple(named)
        names = [c.name for c in self.clauses if hasattr(c, "name")]
        twice = sorted({x for x in names if names.count(x) > 1})
        if twice:
            raise InvalidParameterError(f"`clauses` names must be distinct; used twice: {twice}")
        self.stakes = None if stakes is None else _stakes(stakes)
        if not isinstance(redistribute, str) or redistribute.strip().lower() not in SHARINGS:
            raise InvalidParameterError(f"`redistribute` must be one of {list(SHARINGS)}, got {redistribute!r}")
        self.redistribute = redistribute.strip().lower()
        self._check_shape()

    # -- construction checks ----------------------------------------------
    def _of(self, kind: type) -> list[Any]:
        return [c for c in self.clauses if isinstance(c, kind)]

    def _check_shape(self) -> None:
        tranches = self._of(Tranche)
        if not tranches or not tranches[-1].is_rest:
            raise InvalidParameterError(
                "`clauses`: the waterfall must end with a tranche that takes the rest "
                "(a Tranche without `amount` or `percent`), so that every unit of worth has an owner"
            )
        rests = [t.name for t in tranches[:-1] if t.is_rest]
        if rests:
            raise InvalidParameterError(
                f"`clauses`: {rests[0]!r} takes the rest, so the tranches after it would get nothing"
            )
        percents = [t for t in tranches if t.percent is not None]
        if sum(t.percent for t in percents) > 100 + 1e-9:
            raise InvalidParameterError(
                "`clauses`: the tranches " + ", ".join(repr(t.name) for t in percents)
                + f" overlap: their percentages add up to {sum(t.percent for t in percents):g} > 100"
            )
        uses_stakes = any("stakes" in t.mix for t in tranches) or self.redistribute == "stakes" or any(
            c.method == "stakes" for c in self._of(LossSharing))
        if uses_stakes and self.stakes is None:
            raise InvalidParameterError("`stakes` are needed: a clause shares by stake, but no stakes were given")
        floors = [f for f in self._of(Floor) if f.partners is not None and f.level[0] == "percent"]
        listed: dict[str, float] = {}
        for f in floors:
            for p in f.partners:
                listed[p] = max(listed.get(p, 0.0), f.percent)
        if sum(listed.values()) > 100 + 1e-9:
            raise InvalidParameterError(
                "`clauses`: the floors " + ", ".join(repr(f.name) for f in floors)
                + f" promise {sum(listed.values()):g}% of the total, more than all of it"
            )
        for f in self._of(Floor):
            for c in self._of(Ceiling):
                if f.level[0] == c.level[0] and f.level[1] > c.level[1] and (
                        f.partners is None or c.partners is None or set(f.partners) & set(c.partners)):
                    raise InvalidParameterError(
                        f"`clauses`: {f.name!r} ({f.level[0]} {f.level[1]:g}) is above "
                        f"{c.name!r} ({c.level[0]} {c.level[1]:g})"
                    )

    def _check_game(self, game: Game) -> None:
        if not isinstance(game, Game):
            raise InvalidParameterError(f"`game` must be a coalition.Game, got {type(game).__name__}")
        players = set(game.players)
        for c in self.clauses:
            named = list(getattr(c, "payments", None) or {}) + list(getattr(c, "partners", None) or ())
            if isinstance(c, ExitTerms) and isinstance(c.payment, Mapping):
                named += list(c.payment)
            unknown = [p for p in named if p not in players]
            if unknown:
                where = getattr(c, "name", None) or type(c).__name__
                raise InvalidParameterError(
                    f"clause {where!r} names {unknown}, who are not partners; partners are {list(game.players)}"
                )
        if self.stakes is not None:
            unknown = [p for p in self.stakes if p not in players]
            if unknown:
                raise InvalidParameterError(f"`stakes` names {unknown}, who are not partners")

    # -- evaluation -----------------------------------------------------------
    def evaluate(self, game: Game) -> TermsAllocation:
        """Share the game's total worth by the sheet.

        Parameters
        ----------
        game : Game

        Returns
        -------
        TermsAllocation
            The shares and the breakdown by clause.

        Raises
        ------
        InvalidParameterError
            If a clause names someone who is not a partner.
        InfeasibleError
            If the floors exceed the total and there is no loss-sharing
            clause, the ceilings cannot absorb the total, a floor is above a
            ceiling for some partner, or a rule used by a tranche does not
            apply to the game; the message names the clauses.
        """
        self._check_game(game)
        return self._evaluate(game, {})

    def _evaluate(self, game: Game, cache: dict[str, Any]) -> TermsAllocation:
        n, total = game.n, float(game.grand_value)
        index = {p: i for i, p in enumerate(game.players)}
        notes: list[str] = []
        cols: list[np.ndarray] = []
        names: list[str] = []
        for clause in self._of(Fixed):
            col = np.zeros(n)
            for p, amount in clause.payments.items():
                col[index[p]] += amount
            cols.append(col)
            names.append(clause.name)
        left = total - sum(float(c.sum()) for c in cols)
        for tranche in self._of(Tranche):
            if tranche.is_rest:
                # all that is left; of a loss, what is left of the loss (a
                # sheet whose one tranche is split by a rule gives that rule,
                # whatever the sign of v(N)); fixed payments beyond a positive
                # total are cut below, not charged to the others
                take = left if total < 0 else max(left, 0.0)
                if left < 0 <= total:
                    notes.append(
                        f"the clauses before {tranche.name!r} pay out {total - left:g}, more than the total "
                        f"{total:g}: the payments are cut {self.redistribute} by {-left:g} in all"
                    )
            else:
                size = tranche.amount if tranche.amount is not None else tranche.percent / 100.0 * total
                # a slice of what is left, of the same sign (a share of a loss is a loss)
                take = min(size, max(left, 0.0)) if size >= 0 else max(size, min(left, 0.0))
            left -= take
            cols.append(take * self._weights(game, tranche, cache, notes))
            names.append(tranche.name)
        x0 = np.sum(cols, axis=0)
        lo, hi, lo_by, hi_by = self._bounds(game, total, cache)
        bad = np.flatnonzero(lo > hi)
        if bad.size:
            i = int(bad[0])
            raise InfeasibleError(
                f"for {game.players[i]!r} the floor {lo_by[i]!r} ({lo[i]:g}) is above the ceiling "
                f"{hi_by[i]!r} ({hi[i]:g})"
            )
        scale = max(abs(total), float(np.abs(x0).max(initial=0.0)), 1.0)
        if lo.sum() > total + 1e-9 * scale:
            x = self._share_loss(game, total, lo, lo_by, cache, notes)
            label = "loss sharing"
        elif hi.sum() < total - 1e-9 * scale:
            raise InfeasibleError(
                f"the ceilings {sorted(set(hi_by) - {''})} cap the shares at {hi.sum():g} in all, "
                f"below the total {total:g}: the rest would have no owner"
            )
        else:
            x = self._fit(x0, lo, hi, total, self._spread(game, x0, self.redistribute), notes)
            label = "floors and ceilings"
        if self._of(Floor) or self._of(Ceiling) or label == "loss sharing" or not np.allclose(x, x0):
            cols.append(x - x0)
            names.append(label)
        return TermsAllocation(players=game.players, x=x, rule="term sheet", kind=game.kind,
                               clauses=tuple(names), breakdown=np.column_stack(cols), notes=tuple(notes))

    def _rule_shares(self, game: Game, label: str, cache: dict[str, Any], notes: list[str]) -> np.ndarray:
        if label not in cache:
            shares, rule_notes, _ = apply(game, resolve_rules([label]))
            x = shares[:, 0]
            if np.isnan(x).any():
                raise InfeasibleError(f"the rule {label!r} does not apply: {'; '.join(rule_notes)}")
            notes.extend(rule_notes)
            cache[label] = x
        return cache[label]

    def _weights(self, game: Game, tranche: Tranche, cache: dict[str, Any], notes: list[str]) -> np.ndarray:
        n = game.n
        w = np.zeros(n)
        for label, weight in tranche.mix.items():
            if label == "equal":
                part = np.full(n, 1.0 / n)
            elif label == "stakes":
                part = self._stake_vector(game)
            else:
                part = proportions(self._rule_shares(game, label, cache, notes))
                if part is None:
                    raise InfeasibleError(
                        f"{tranche.name!r} is split by {label}, whose shares add up to nothing on this "
                        "game, so they give no proportions"
                    )
            w += weight * part
        return w

    def _stake_vector(self, game: Game) -> np.ndarray:
        s = np.array([self.stakes.get(p, 0.0) for p in game.players])  # type: ignore[union-attr]
        if s.sum() <= 0:
            raise InfeasibleError("`stakes`: no partner of this game holds a stake")
        return s / s.sum()

    def _bounds(self, game: Game, total: float, cache: dict[str, Any]):
        n = game.n
        lo, hi = np.full(n, -np.inf), np.full(n, np.inf)
        lo_by, hi_by = [""] * n, [""] * n
        standalone = cache.get("standalone")
        for clause in self._of(Floor) + self._of(Ceiling):
            how, value = clause.level
            if how == "standalone" and standalone is None:
                standalone = cache["standalone"] = np.asarray(game.standalone, dtype=np.float64)
            targets = range(n) if clause.partners is None else [game.players.index(p) for p in clause.partners]
            for i in targets:
                level = value if how == "amount" else value / 100.0 * total if how == "percent" \
                    else value * standalone[i]
                if isinstance(clause, Floor) and level > lo[i]:
                    lo[i], lo_by[i] = level, clause.name
                elif isinstance(clause, Ceiling) and level < hi[i]:
                    hi[i], hi_by[i] = level, clause.name
        return lo, hi, lo_by, hi_by

    def _spread(self, game: Game, base: np.ndarray, how: str) -> np.ndarray:
        if how == "stakes":
            return self._stake_vector(game)
        if how == "pro rata":
            return np.maximum(base, 0.0)
        return np.ones(game.n)

    def _fit(self, x0: np.ndarray, lo: np.ndarray, hi: np.ndarray, total: float, w: np.ndarray,
             notes: list[str]) -> np.ndarray:
        if np.all(x0 >= lo) and np.all(x0 <= hi) and math.isclose(x0.sum(), total, rel_tol=1e-12, abs_tol=1e-12):
            return x0
        x = fit_total(x0, lo, hi, w, total)
        if x is None:
            x = fit_total(x0, lo, hi, np.ones(x0.size), total)
            notes.append(f"the partners sharing {self.redistribute} could not absorb the change "
                         "within their floors and ceilings; it was spread equally instead")
        if x is None:  # pragma: no cover - excluded by the checks on the sums of the bounds
            raise InfeasibleError("the floors and ceilings cannot be met with the total")
        return x

    def _share_loss(self, game: Game, total: float, lo: np.ndarray, lo_by: list[str], cache: dict[str, Any],
                    notes: list[str]) -> np.ndarray:
        sharing = self._of(LossSharing)
        promised = lo.sum()
        if not sharing:
            floors = sorted(set(lo_by) - {""})
            raise InfeasibleError(
                f"the floors {floors} promise {promised:g} in all, more than the total {total:g}; "
                "add a LossSharing clause to say who bears the shortfall"
            )
        method = sharing[0].method
        if method == "stakes":
            weights = self._stake_vector(game)
        elif method == "equal":
            weights = np.full(game.n, 1.0 / game.n)
        elif method == "pro rata":
            weights = proportions(lo)
            if weights is None:
                weights = np.full(game.n, 1.0 / game.n)
        else:
            weights = proportions(self._rule_shares(game, method, cache, notes))
            if weights is None:
                raise InfeasibleError(f"loss sharing by {method}: its shares add up to nothing on this game")
        return lo - (promised - total) * weights

    # -- everything else --------------------------------------------------
    def check(self, game: Game, *, against: Any = ("Shapley", "nucleolus"), tol: float = 1e-9,
              max_blocking: int = 20) -> TermsCheck:
        """Evaluate the sheet and check it: efficiency, individual
        rationality, the core with the blocking coalitions, the distance to
        reference rules and, with an exit clause, who is paid more to leave
        than to stay.

        Parameters
        ----------
        game : Game
        against : list of rule names or functions, default ("Shapley", "nucleolus")
            The reference rules, named as in :func:`coalition.compare`.
        tol, max_blocking
            As for :func:`coalition.core_report`.

        Returns
        -------
        TermsCheck

        Raises
        ------
        InvalidParameterError, InfeasibleError
            As for :meth:`evaluate`, or if `against` names an unknown rule.
        """
        chosen = resolve_rules(against, arg="against")
        self._check_game(game)
        cache: dict[str, Any] = {}
        a = self._evaluate(game, cache)
        report = core_report(game, a.x, tol=tol, max_blocking=max_blocking)
        reference, notes = self._reference(game, chosen, cache)
        standalone = np.asarray(game.standalone, dtype=np.float64)
        scale = max(abs(float(game.grand_value)), 1.0) * tol
        below = a.x < standalone - scale if game.kind == "profit" else a.x > standalone + scale
        payment = self._exit_payments(game, a.x, standalone)
        leave: tuple[str, ...] = ()
        if payment is not None:
            more = payment > a.x + scale if game.kind == "profit" else payment < a.x - scale
            leave = tuple(p for p, m in zip(game.players, more) if m)
        subsidy = a.x[:, None] - reference
        with np.errstate(invalid="ignore"):
            distance = np.abs(subsidy).max(axis=0)
        return TermsCheck(
            allocation=a, core=report,
            below_standalone=tuple(p for p, b in zip(game.players, below) if b),
            rules=tuple(r[0] for r in chosen), reference=reference, distance=distance, subsidy=subsidy,
            exit_payment=payment, would_leave=leave, notes=tuple(notes),
        )

    @staticmethod
    def _reference(game: Game, chosen: list[Any], cache: dict[str, Any]) -> tuple[np.ndarray, list[str]]:
        """Each reference rule's shares, reusing those a tranche has already solved."""
        reference = np.full((game.n, len(chosen)), np.nan)
        todo = []
        for k, (label, func, _) in enumerate(chosen):
            if label in cache and RULES.get(label, (None,))[0] is func:
                reference[:, k] = cache[label]
            else:
                todo.append(k)
        notes: list[str] = []
        if todo:
            shares, notes, _ = apply(game, [chosen[k] for k in todo])
            reference[:, todo] = shares
        return reference, notes

    def _exit_payments(self, game: Game, x: np.ndarray, standalone: np.ndarray) -> np.ndarray | None:
        terms = self._of(ExitTerms)
        if not terms:
            return None
        payment = terms[0].payment
        if payment == "standalone":
            return standalone.copy()
        if payment == "share":
            return x.copy()
        return np.array([payment.get(p, 0.0) for p in game.players])

    def exit_payment(self, game: Game, partner: str) -> float:
        """What the exit clause pays `partner` for leaving `game`.

        Raises
        ------
        InvalidParameterError
            If the sheet has no exit clause or `partner` is not a partner.
        """
        if not self._of(ExitTerms):
            raise InvalidParameterError("the sheet has no ExitTerms clause")
        self._check_game(game)
        if partner not in game.players:
            raise InvalidParameterError(f"`partner` must be one of {list(game.players)}, got {partner!r}")
        x = self._evaluate(game, {}).x
        pay = self._exit_payments(game, x, np.asarray(game.standalone, dtype=np.float64))
        return float(pay[game.players.index(partner)])  # type: ignore[index]

    def exit_report(self, game: Game, partner: str, *, rules: Any = None):
        """What `partner`'s exit does to every share, with the exit clause's
        payment checked against the range that leaves the rest no worse off.

        See :func:`coalition.terms.exit_clause_report`.
        """
        from .exit import exit_clause_report

        return exit_clause_report(self, game, partner, rules=rules)

    def stress(self, scenarios: Any, *, n_scenarios: int | None = None, seed: Any = None,
               tol: float = 1e-9):
        """How the sheet fares over many scenarios of the worths.

        See :func:`coalition.terms.stress`.
        """
        from .stress import stress

        return stress(self, scenarios, n_scenarios=n_scenarios, seed=seed, tol=tol)

    def repair(self, game: Game, free: Sequence[str], *, bounds: Mapping[str, tuple[float, float]] | None = None,
               tol: float = 1e-9, grid: int = 401):
        """The smallest change of a free parameter that puts the split in the core.

        See :func:`coalition.terms.repair`.
        """
        from .repair import repair

        return repair(self, game, free, bounds=bounds, tol=tol, grid=grid)

    # -- parameters -------------------------------------------------------------
    def parameters(self) -> dict[str, float]:
        """The scalar parameters a repair may change: ``{"clause.field": value}``.

        A tranche with a size has ``"size"`` (its amount or percentage) and a
        tranche mixing two rules has ``"mix"`` (the weight of the first);
        floors and ceilings have ``"level"``.

        Examples
        --------
        >>> from coalition.terms import TermSheet, Tranche, Floor
        >>> TermSheet([Tranche(percent=20, split="stakes"), Tranche(split="Shapley"),
        ...            Floor(standalone=1)], stakes={"A": 1}).parameters()
        {'tranche 1.size': 20.0, 'floor 1.level': 1.0}
        """
        out: dict[str, float] = {}
        for c in self.clauses:
            if isinstance(c, Tranche):
                if not c.is_rest:
                    out[f"{c.name}.size"] = c.amount if c.amount is not None else c.percent  # type: ignore[assignment]
                if len(c.mix) == 2:
                    out[f"{c.name}.mix"] = next(iter(c.mix.values()))
            elif isinstance(c, (Floor, Ceiling)):
                out[f"{c.name}.level"] = c.level[1]
        return out

    def with_parameter(self, parameter: str, value: float) -> TermSheet:
        """A copy of the sheet with one parameter (see :meth:`parameters`) changed.

        Raises
        ------
        InvalidParameterError
            If `parameter` is not one of :meth:`parameters`, or `value` is out
            of the clause's range.
        """
        known = self.parameters()
        if parameter not in known:
            raise InvalidParameterError(f"`parameter` must be one of {list(known)}, got {parameter!r}")
        name, field = parameter.rsplit(".", 1)
        clauses = []
        for c in self.clauses:
            if getattr(c, "name", None) == name:
                if field == "mix":
                    first, second = list(c.mix)
                    c = replace(c, split={first: value, second: 1.0 - value})
                elif field == "size":
                    c = replace(c, **{"amount" if c.amount is not None else "percent": value})
                else:
                    c = replace(c, **{c.level[0]: value})
            clauses.append(c)
        return TermSheet(clauses, stakes=self.stakes, redistribute=self.redistribute)

    def __repr__(self) -> str:
        lines = ["TermSheet(["]
        lines += [f"    {c!r}," for c in self.clauses]
        tail = f"], stakes={self.stakes!r}" if self.stakes else "]"
        if self.redistribute != "pro rata":
            tail += f", redistribute={self.redistribute!r}"
        return "\n".join(lines) + "\n" + tail + ")"


def _stakes(stakes: Any) -> dict[str, float]:
    if not isinstance(stakes, Mapping) or not stakes:
        raise InvalidParameterError(f"`stakes` must be a non-empty mapping {{partner: stake}}, got {stakes!r}")
    out = {}
    for p, s in stakes.items():
        if not isinstance(p, str):
            raise InvalidParameterError(f"`stakes` keys must be partner names, got {p!r}")
        if isinstance(s, bool) or not isinstance(s, (int, float)) or not math.isfinite(s) or s < 0:
            raise InvalidParameterError(f"`stakes[{p!r}]` must be a finite number >= 0, got {s!r}")
        out[p] = float(s)
    if sum(out.values()) <= 0:
        raise InvalidParameterError("`stakes` must not all be zero")
    return out

