"""The rules of a comparison side by side."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..comparison import Comparison
from ..errors import InvalidParameterError
from ..results._format import _fmt
from ._style import (
    _axes,
    _color,
    _rectangle,
)

__all__ = ['compare']


def compare(comparison: Comparison, *, ax: Any = None) -> Any:
    """Grouped bars: each partner's share under each rule.

    One group of bars per partner, one bar per rule (and the proposal, if the
    comparison has one). A black line across each group marks the partner's
    standalone worth (cost, for a cost game), a shaded band its floor and
    ceiling over the core, and the title gives ``v(N)`` (``c(N)``). The
    legend says of each rule whether its split is in the core or which
    coalition would walk away. Rules skipped by :func:`coalition.compare`
    are left out; estimated rules get error bars (their confidence interval).

    Parameters
    ----------
    comparison : Comparison
        From :func:`coalition.compare`.
    ax : matplotlib.axes.Axes, optional
        Draw into these axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    InvalidParameterError
        If `comparison` is not a :class:`~coalition.Comparison`, has no rule
        with shares, or `ax` is not an Axes.
    ImportError
        If matplotlib is not installed.

    References
    ----------
    Gillies, D. B. (1959). Solutions to general non-zero-sum games. In
    Contributions to the Theory of Games IV, 47-85 (the core whose floors
    and ceilings are shaded).

    Examples
    --------
    >>> import os, tempfile
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 6, "A+C": 6,
    ...                        "B+C": 6, "A+B+C": 12})
    >>> fig = co.plot.compare(co.compare(g, proposal=[8, 2, 2]))
    >>> path = os.path.join(tempfile.mkdtemp(), "compare.png")
    >>> fig.savefig(path)
    >>> os.path.getsize(path) > 10_000
    True
    """
    if not isinstance(comparison, Comparison):
        raise InvalidParameterError(
            "`comparison` must be a coalition.Comparison (from coalition.compare), "
            f"got {type(comparison).__name__}"
        )
    shown = [j for j in range(len(comparison.rules)) if not np.all(np.isnan(comparison.shares[:, j]))]
    if not shown:
        raise InvalidParameterError("`comparison` has no rule with shares to draw (every rule was skipped)")
    n = len(comparison.players)
    m = len(shown)
    fig, ax = _axes(ax, (min(max(9.5, 4.5 + 0.3 * n * (m + 1)), 26.0), 4.8))
    cost = comparison.kind == "cost"
    width = 0.8 / m
    centers = np.arange(n, dtype=float)
    bounds = comparison.bounds
    if bounds is not None:
        for i in range(n):
            lo, hi = float(bounds.lower[i]), float(bounds.upper[i])
            ax.add_patch(_rectangle((i - 0.46, lo), 0.92, max(hi - lo, 0.0), "#d9d9d9", zorder=0))
            if hi - lo <= 1e-9 * max(1.0, abs(hi)):
                ax.plot([i - 0.46, i + 0.46], [lo, lo], color="#969696", lw=3, zorder=0.5)
        ax.add_patch(_rectangle((0, 0), 0, 0, "#d9d9d9", label="core range (floor to ceiling)"))
    for k, j in enumerate(shown):
        rule = comparison.rules[j]
        y = comparison.shares[:, j]
        stable = comparison.in_core[j]
        worst = comparison.worst_blocking[j]
        if stable is None:
            verdict = ""
        elif stable:
            verdict = ": in the core"
        elif worst is not None and cost:
            verdict = f": {worst.name} would pay {_fmt(worst.gain)} less alone"
        elif worst is not None:
            verdict = f": {worst.name} would walk (+{_fmt(worst.gain)})"
        else:
            verdict = ": not in the core"
        xs = centers - 0.4 + (k + 0.5) * width
        yerr = None
        if rule in comparison.intervals:
            lo, hi = comparison.intervals[rule]
            yerr = np.vstack([y - np.asarray(lo), np.asarray(hi) - y])
        ax.bar(
            xs, y, width * 0.92, color=_color(k), label=f"{rule}{verdict}",
            hatch=None if stable is not False else "//", edgecolor="white" if stable is not False else "black",
            linewidth=0.5, yerr=yerr, capsize=2 if yerr is not None else 0, zorder=2,
        )
    for i in range(n):
        ax.plot([i - 0.46, i + 0.46], [comparison.standalone[i]] * 2, color="black", lw=2, zorder=3,
                label=("standalone cost" if cost else "standalone worth") if i == 0 else None)
    ax.axhline(0, color="black", lw=0.6, zorder=1)
    ax.set_xticks(centers)
    ax.set_xticklabels(comparison.players, rotation=0 if n <= 8 else 45, ha="center" if n <= 8 else "right")
    ax.set_xlim(-0.6, n - 0.4)
    ax.set_ylabel("cost share" if cost else "share")
    total = "c(N)" if cost else "v(N)"
    what = "Cost shares" if cost else "Shares"
    ax.set_title(f"{what} of {total} = {_fmt(comparison.grand_value)} under {m} rules")
    ax.grid(axis="y", color="#eeeeee", zorder=0)
    ax.set_axisbelow(True)
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return fig
