"""Figures of the life-cycle results: a tornado chart of sensitivities and the
lines of a sweep."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._numbers import _real
from ..errors import InvalidParameterError
from ..results.lifecycle import Sensitivity, Sweep
from ._style import _axes, _color

__all__ = ["tornado", "sweep"]


def tornado(sensitivity: Sensitivity, partner: str, *, change: float = 0.1, k: int = 10, ax: Any = None) -> Any:
    """A tornado chart: how far each of the `k` most influential worths moves
    one partner's share when it changes by ``+-change`` (a fraction).

    Each bar spans the share's change when the coalition's worth rises and
    falls by ``change`` of itself, ``+-change * coefficient * worth``; bars
    are sorted with the widest on top. For exact coefficients (Shapley,
    Banzhaf) the bars are exact for any `change`; for finite differences they
    hold for small changes only (the title says which).

    Parameters
    ----------
    sensitivity : Sensitivity
        From :func:`coalition.sensitivity`.
    partner : str
    change : float, default 0.1
        The relative change of each worth (0.1: plus and minus 10%).
    k : int, default 10
        How many coalitions to draw (at most those in ``sensitivity.top``).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    InvalidParameterError
        If `sensitivity` is not a :class:`~coalition.results.Sensitivity`,
        `partner` is unknown, `change` is not positive or `k` not a positive
        integer.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import coalition as co
    >>> g = co.Game.from_dict({"Hub": 10, "Battery": 5, "Plant": 3, "Hub+Battery": 40,
    ...                        "Hub+Plant": 20, "Battery+Plant": 8, "Hub+Battery+Plant": 60})
    >>> fig = co.plot.tornado(co.sensitivity(g), "Plant", change=0.2)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()][-1]  # the widest bar, on top
    'Hub+Battery+Plant'
    """
    if not isinstance(sensitivity, Sensitivity):
        raise InvalidParameterError(
            f"`sensitivity` must be a Sensitivity (from coalition.sensitivity), got {type(sensitivity).__name__}"
        )
    if partner not in sensitivity.players:
        raise InvalidParameterError(f"`partner` must be one of {list(sensitivity.players)}, got {partner!r}")
    change = _real(change, "change")
    if not change > 0:
        raise InvalidParameterError(f"`change` must be a positive fraction such as 0.1, got {change!r}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise InvalidParameterError(f"`k` must be a positive integer, got {k!r}")
    rows = sensitivity.top[partner][:k][::-1]  # widest last: drawn on top
    fig, ax = _axes(ax, (7.0, 0.4 * len(rows) + 1.5))
    for y, (name, coef, worth, _) in enumerate(rows):
        up = coef * worth * change
        ax.barh(y, up, color=_color(0), height=0.6)
        ax.barh(y, -up, color=_color(1), height=0.6)
    ax.set_yticks(range(len(rows)), [r[0] for r in rows])
    ax.axvline(0.0, color="black", linewidth=0.8)
    unit = "cost share" if sensitivity.kind == "cost" else "share"
    ax.set_xlabel(f"change of {partner}'s {unit}")
    how = "exact" if sensitivity.method == "exact" else "finite differences: small changes only"
    ax.set_title(f"{sensitivity.rule}: worths moved by +{change:.0%} (blue) and -{change:.0%} (orange); {how}",
                 fontsize="medium")
    return fig


def sweep(result: Sweep, rule: str, *, param: str | None = None, ax: Any = None) -> Any:
    """One line per partner: its share under `rule` against a parameter of a sweep.

    Parameters
    ----------
    result : Sweep
        From :func:`coalition.sweep`.
    rule : str
        One of ``result.rules``.
    param : str, optional
        The parameter on the horizontal axis. Default: the sweep's only
        parameter; required when it has several (the points are then drawn
        in grid order, one line per partner and value of the others).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    InvalidParameterError
        If `result` is not a :class:`~coalition.results.Sweep`, or `rule` or
        `param` is not one of it.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import coalition as co
    >>> def alliance(synergy):
    ...     return co.Game.from_dict({"Hub": 10, "Battery": 5, "Hub+Battery": 15 + synergy})
    >>> s = co.sweep(alliance, {"synergy": [0, 5, 10, 20]}, rules=["shapley"])
    >>> fig = co.plot.sweep(s, "Shapley")
    >>> len(fig.axes[0].lines)
    2
    """
    if not isinstance(result, Sweep):
        raise InvalidParameterError(f"`result` must be a Sweep (from coalition.sweep), got {type(result).__name__}")
    if rule not in result.rules:
        raise InvalidParameterError(f"`rule` must be one of {list(result.rules)}, got {rule!r}")
    if param is None:
        if len(result.params) != 1:
            raise InvalidParameterError(f"`param` must name one of {list(result.params)}: the sweep has several")
        param = result.params[0]
    if param not in result.params:
        raise InvalidParameterError(f"`param` must be one of {list(result.params)}, got {param!r}")
    others = [p for p in result.params if p != param]
    fig, ax = _axes(ax, (7.0, 4.5))
    x_all = np.array([pt[param] for pt in result.points], dtype=float)
    groups: dict[tuple, list[int]] = {}
    for k, pt in enumerate(result.points):
        groups.setdefault(tuple(pt[o] for o in others), []).append(k)
    for i, partner in enumerate(result.partners):
        y_all = result.shares(rule, partner)
        for key, idx in groups.items():
            label = partner + ("" if not others else " (" + ", ".join(f"{o}={v}" for o, v in zip(others, key)) + ")")
            ax.plot(x_all[idx], y_all[idx], marker="o", color=_color(i), label=label)
    ax.set_xlabel(param)
    ax.set_ylabel(f"{rule} share")
    ax.legend(fontsize="small")
    return fig
