"""A Monte Carlo estimate against the evaluations spent."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InvalidParameterError
from ..results import Estimate
from ._style import (
    _DEFAULT_TRACE_PLAYERS,
    _axes,
    _color,
)

__all__ = ['convergence']


def _read_trace(estimate: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not isinstance(estimate, Estimate):
        raise InvalidParameterError(
            "`estimate` must be a coalition.Estimate (from coalition.estimate_shapley), "
            f"got {type(estimate).__name__}"
        )
    trace = getattr(estimate, "trace", None)
    if trace is None:
        raise InvalidParameterError(
            "`estimate` carries no trace (its `trace` is None): the estimator records one per round; "
            "an estimate built by hand or by an exact shortcut has none"
        )
    if all(hasattr(trace, a) for a in ("n_evaluations", "x", "half_width")):
        evals, xs, hw = trace.n_evaluations, trace.x, trace.half_width
    else:
        try:
            evals, xs, hw = trace
        except (TypeError, ValueError):
            raise InvalidParameterError(
                "`estimate.trace` must be (n_evaluations, x, half_width), got "
                f"{type(trace).__name__}"
            ) from None
    n = len(estimate.players)
    evals = np.asarray(evals, dtype=float).reshape(-1)
    xs = np.asarray(xs, dtype=float)
    hw = np.asarray(hw, dtype=float)
    k = evals.size
    if k == 0:
        raise InvalidParameterError("`estimate.trace` is empty: no round was recorded")
    if xs.shape != (k, n) or hw.shape != (k, n):
        raise InvalidParameterError(
            f"`estimate.trace` has x of shape {xs.shape} and half_width of shape {hw.shape}; "
            f"expected ({k}, {n}) each ({k} rounds, {n} players)"
        )
    return evals, xs, hw


def convergence(estimate: Estimate, *, players: Any = None, show: str = "estimate", ax: Any = None) -> Any:
    """A Monte Carlo estimate and its confidence interval against the budget.

    Reads the trace the estimator records after each round: the evaluations
    spent so far, the running estimate and its confidence half-width.
    With ``show="estimate"``, one line per partner with its interval shaded;
    with ``show="half_width"``, the half-widths on log-log axes beside a
    ``1/sqrt(evaluations)`` reference line (the Monte Carlo rate).

    Parameters
    ----------
    estimate : Estimate
        From :func:`coalition.estimate_shapley`, with its ``trace``.
    players : sequence of str, optional
        The partners to draw. Default: all of them up to six; otherwise the
        six with the largest estimated shares.
    show : {"estimate", "half_width"}, default "estimate"
        What to draw against the evaluations spent.
    ax : matplotlib.axes.Axes, optional
        Draw into these axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    InvalidParameterError
        If `estimate` is not an Estimate, carries no trace, its trace is
        malformed, `players` names someone who is not a player, `show` is
        unknown, or `ax` is not an Axes.
    ImportError
        If matplotlib is not installed.

    References
    ----------
    Castro, J., Gomez, D. and Tejada, J. (2009). Polynomial calculation of
    the Shapley value based on sampling. Computers & Operations Research
    36(5), 1726-1730 (the estimator and its 1/sqrt(m) error).

    Examples
    --------
    >>> import os, tempfile
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import coalition as co
    >>> g = co.families.weighted_voting([5, 4, 3, 2, 1, 1], quota=9)
    >>> est = co.estimate_shapley(g, budget=24_000, method="permutation", seed=1)
    >>> if getattr(est, "trace", None) is not None:
    ...     fig = co.plot.convergence(est)
    ...     fig.savefig(os.path.join(tempfile.mkdtemp(), "convergence.png"))
    """
    evals, xs, hw = _read_trace(estimate)
    if show not in ("estimate", "half_width"):
        raise InvalidParameterError(f"`show` must be 'estimate' or 'half_width', got {show!r}")
    names = estimate.players
    n = len(names)
    if players is None:
        if n <= _DEFAULT_TRACE_PLAYERS:
            idx = list(range(n))
        else:
            idx = sorted(np.argsort(-np.asarray(estimate.x), kind="stable")[:_DEFAULT_TRACE_PLAYERS].tolist())
    else:
        if isinstance(players, str):
            players = [players]
        try:
            wanted = [str(p) for p in players]
        except TypeError:
            raise InvalidParameterError(f"`players` must be a list of player names, got {players!r}") from None
        unknown = [p for p in wanted if p not in names]
        if unknown:
            shown = ", ".join(map(repr, names[:6])) + (" ..." if n > 6 else "")
            raise InvalidParameterError(f"`players` names {unknown[0]!r}, which is not a player ({shown})")
        if not wanted:
            raise InvalidParameterError("`players` is empty; name at least one player")
        idx = [names.index(p) for p in wanted]
    fig, ax = _axes(ax, (7.0, 4.3))
    level = int(round(estimate.confidence * 100))
    if show == "estimate":
        for r, i in enumerate(idx):
            c = _color(r)
            ax.plot(evals, xs[:, i], color=c, lw=1.5, label=names[i], marker="." if evals.size < 30 else None)
            ax.fill_between(evals, xs[:, i] - hw[:, i], xs[:, i] + hw[:, i], color=c, alpha=0.18, lw=0)
        ax.set_ylabel("cost share" if estimate.kind == "cost" else "estimated share")
        ax.set_title(
            f"{estimate.rule.capitalize()} by {estimate.method or 'sampling'}: estimate and "
            f"{level}% interval; largest half-width {float(np.max(hw[-1])):.3g}",
            fontsize=10,
        )
    else:
        worst = np.max(hw, axis=1)
        for r, i in enumerate(idx):
            ax.plot(evals, hw[:, i], color=_color(r), lw=1, alpha=0.7, label=names[i])
        ax.plot(evals, worst, color="black", lw=2, label="largest over all partners")
        ok = (evals > 0) & (worst > 0)
        if np.any(ok):
            e_last, w_last = evals[ok][-1], worst[ok][-1]
            ref = w_last * np.sqrt(e_last / evals[ok])
            ax.plot(evals[ok], ref, ls="--", color="#969696", lw=1.2, label="∝ 1/√evaluations")
            ax.set_yscale("log")
        ax.set_ylabel(f"{level}% half-width")
        ax.set_title(f"How the interval shrinks ({estimate.method or 'sampling'})", fontsize=10)
    if evals.size > 1 and evals[evals > 0].size and evals.max() / max(evals[evals > 0].min(), 1.0) >= 10:
        ax.set_xscale("log")
    ax.set_xlabel("evaluations of the game spent")
    ax.grid(color="#eeeeee")
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
              title=None if len(idx) == n else f"{len(idx)} of {n} partners", title_fontsize="small")
    return fig
