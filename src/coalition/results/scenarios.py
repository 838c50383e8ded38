"""Results of games with uncertain worths: share distributions and the robust core."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._format import _fmt, _frozen_array

__all__ = ["RobustCore", "ShareDistribution"]


def _level(q: float) -> str:
    return f"{100 * q:g}%"


def _text_table(head: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[j]) for r in [head, *rows]) for j in range(len(head))]
    def fmt(r: list[str]) -> str:
        return "  " + "  ".join(c.ljust(w) if j == 0 else c.rjust(w) for j, (c, w) in enumerate(zip(r, widths)))

    return [fmt(head), *(fmt(r) for r in rows)]


def _pandas():
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on environment
        raise ImportError("to_frame() needs pandas: pip install 'coalition[pandas]'") from exc
    return pd


def _index(players: tuple[str, ...], player: str) -> int:
    try:
        return players.index(player)
    except ValueError:
        raise KeyError(f"{player!r} is not a player; players are {list(players)}") from None


@dataclass(frozen=True, repr=False, eq=False)
class ShareDistribution:
    """Each partner's share under a rule, over the scenarios of the worths.

    Attributes
    ----------
    players : tuple of str
    x : numpy.ndarray
        The mean share of each partner (cost share for a cost game).
    rule : str
    kind : {"profit", "cost"}
    std : numpy.ndarray
        Standard deviation of each share over the scenarios: weighted (the
        distribution's own) for listed scenarios, the sample's (``ddof=1``)
        for draws.
    levels : tuple of float
        The probability levels of `quantiles`.
    quantiles : numpy.ndarray
        ``(len(levels), n)``: the inverse of each share's distribution
        function at each level (the smallest share ``q`` with
        ``P(share <= q) >= level``; numpy's ``"inverted_cdf"`` for draws).
    below_standalone : numpy.ndarray
        Per partner: the probability that its share is below what it earns
        alone (for a cost game: above its standalone cost), so it would walk.
    n_scenarios : int
    exact : bool
        True for listed scenarios: every figure is an exact weighted sum.
    mean_exact : bool
        True when `x` is exact: listed scenarios, or a linear rule with the
        random model's mean game known (then `x` is the rule of the mean game).
    mean_stderr : numpy.ndarray
        The standard error of `x` from drawing scenarios (0 when exact).
    mc_stderr : numpy.ndarray or None
        Where the scenarios' shares were estimated by Monte Carlo sampling
        (large games): the root mean square of their standard errors, the
        noise within one scenario; kept apart from the scenario spread
        `std`, which includes it. None where every scenario was exact.
    shares : numpy.ndarray
        ``(n_scenarios, n)``: each scenario's shares.
    weights : numpy.ndarray
        ``(n_scenarios,)``: each scenario's probability.
    method : str
        How each scenario was solved.

    Examples
    --------
    >>> import coalition as co
    >>> sg = co.ScenarioGame([co.Game.from_dict({"A": 10, "B": 5, "A+B": v}) for v in (20, 40)])
    >>> d = co.share_distribution(sg)
    >>> d["A"]["mean"], d["A"]["std"]
    (17.5, 5.0)
    """

    players: tuple[str, ...]
    x: np.ndarray
    rule: str
    kind: str
    std: np.ndarray
    levels: tuple[float, ...]
    quantiles: np.ndarray
    below_standalone: np.ndarray
    n_scenarios: int
    exact: bool
    mean_exact: bool
    mean_stderr: np.ndarray
    mc_stderr: np.ndarray | None
    shares: np.ndarray
    weights: np.ndarray
    method: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "players", tuple(self.players))
        object.__setattr__(self, "levels", tuple(float(q) for q in self.levels))
        for name in ("x", "std", "quantiles", "below_standalone", "mean_stderr", "shares", "weights"):
            object.__setattr__(self, name, _frozen_array(getattr(self, name)))
        if self.mc_stderr is not None:
            object.__setattr__(self, "mc_stderr", _frozen_array(self.mc_stderr))

    @property
    def mean(self) -> np.ndarray:
        """The mean shares (the same array as `x`)."""
        return self.x

    def __getitem__(self, player: str) -> dict[str, float]:
        i = _index(self.players, player)
        out = {"mean": float(self.x[i]), "std": float(self.std[i])}
        out.update({_level(q): float(self.quantiles[j, i]) for j, q in enumerate(self.levels)})
        out["below standalone"] = float(self.below_standalone[i])
        return out

    def as_dict(self) -> dict[str, dict[str, float]]:
        """``{player: {"mean", "std", each quantile level, "below standalone"}}`` with Python floats."""
        return {p: self[p] for p in self.players}

    def _rows(self) -> tuple[list[str], list[list[str]]]:
        head = ["partner", "mean", "std", *(_level(q) for q in self.levels), "below standalone"]
        rows = [[p, _fmt(float(self.x[i])), _fmt(float(self.std[i])),
                 *(_fmt(float(v)) for v in self.quantiles[:, i]), f"{self.below_standalone[i]:.1%}"]
                for i, p in enumerate(self.players)]
        return head, rows

    def __repr__(self) -> str:
        how = "exact over" if self.exact else "drawn:"
        unit = "cost shares" if self.kind == "cost" else "shares"
        lines = [f"ShareDistribution({self.rule} {unit}, {how} {self.n_scenarios:,} scenarios; mean "
                 + ("exact" if self.mean_exact else f"stderr up to {_fmt(float(self.mean_stderr.max()))}") + ")"]
        lines += _text_table(*self._rows())
        if self.mc_stderr is not None:
            lines.append(f"  Monte Carlo error within a scenario (rms stderr): up to "
                         f"{_fmt(float(self.mc_stderr.max()))} ({self.method})")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(repr(self))}</pre>"

    def to_frame(self):
        """Return a :class:`pandas.DataFrame`, one row per partner."""
        pd = _pandas()
        data: dict[str, Any] = {"mean": self.x, "std": self.std}
        data.update({_level(q): self.quantiles[j] for j, q in enumerate(self.levels)})
        data["below standalone"] = self.below_standalone
        data["mean stderr"] = self.mean_stderr
        if self.mc_stderr is not None:
            data["mc stderr"] = self.mc_stderr
        frame = pd.DataFrame(data, index=list(self.players))
        frame.index.name = "player"
        return frame


@dataclass(frozen=True, repr=False, eq=False)
class RobustCore:
    """The split that holds in every scenario, or the one that comes closest.

    Shares are stakes: fractions ``x`` of the grand coalition's worth, paid
    as ``x * v_k(N)`` in scenario ``k`` (see :func:`coalition.robust_core`).

    Attributes
    ----------
    players : tuple of str
    x : numpy.ndarray
        Each partner's stake (fractions adding up to one).
    rule : str
        ``"robust least core"``.
    kind : {"profit", "cost"}
    nonempty : bool
        Whether some stakes are in the core of every scenario.
    max_excess : float
        The worst gain from walking away over every scenario and coalition
        at `x`: at most 0 (up to the tolerance) when `nonempty`.
    status : str
        ``"in every core"`` or ``"blocked"``.
    blocking : tuple of (int, str, float)
        When blocked: (scenario, coalition, excess) at the worst excess,
        worst first.
    scenario_shares : numpy.ndarray
        ``(n_scenarios, n)``: the stakes paid out in each scenario.
    n_scenarios : int
    n_rows : int
        Coalition rows the LP needed (of ``n_scenarios * (2**n - 2)``).
    message : str
        The LP solver's message.

    Examples
    --------
    >>> import coalition as co
    >>> a = co.Game.from_dict({"A": 2, "B": 2, "A+B": 10})
    >>> b = co.Game.from_dict({"A": 4, "B": 2, "A+B": 10})
    >>> r = co.robust_core(co.ScenarioGame([a, b]))
    >>> r.nonempty, r.status
    (True, 'in every core')
    """

    players: tuple[str, ...]
    x: np.ndarray
    rule: str
    kind: str
    nonempty: bool
    max_excess: float
    status: str
    blocking: tuple[tuple[int, str, float], ...]
    scenario_shares: np.ndarray
    n_scenarios: int
    n_rows: int
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "players", tuple(self.players))
        object.__setattr__(self, "x", _frozen_array(self.x))
        object.__setattr__(self, "scenario_shares", _frozen_array(self.scenario_shares))
        object.__setattr__(self, "max_excess", float(self.max_excess))
        object.__setattr__(self, "blocking", tuple((int(k), str(s), float(e)) for k, s, e in self.blocking))

    def __getitem__(self, player: str) -> float:
        return float(self.x[_index(self.players, player)])

    def as_dict(self) -> dict[str, float]:
        """``{player: stake}`` with Python floats."""
        return {p: float(v) for p, v in zip(self.players, self.x)}

    def __repr__(self) -> str:
        verdict = ("in the core of every scenario" if self.nonempty
                   else "no stakes are in the core of every scenario")
        title = f"RobustCore({self.rule}, {self.n_scenarios:,} scenarios: {verdict}; worst excess "
        lines = [title + f"{_fmt(self.max_excess)})"]
        rows = [[p, f"{self.x[i]:.4%}", _fmt(float(self.scenario_shares[:, i].min())),
                 _fmt(float(self.scenario_shares[:, i].max()))] for i, p in enumerate(self.players)]
        lines += _text_table(["partner", "stake", "least paid", "most paid"], rows)
        for k, s, e in self.blocking:
            lines.append(f"  blocked in scenario #{k} by {s} (would gain {_fmt(e)})")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(repr(self))}</pre>"

    def to_frame(self):
        """Return a :class:`pandas.DataFrame` with each partner's stake and its least and most payment."""
        pd = _pandas()
        frame = pd.DataFrame({"stake": self.x, "least paid": self.scenario_shares.min(axis=0),
                              "most paid": self.scenario_shares.max(axis=0)}, index=list(self.players))
        frame.index.name = "player"
        return frame
