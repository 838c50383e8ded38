"""Each partner's share bounds as interval bars."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InvalidParameterError
from ..results.bounds import ShareBounds
from ._style import _axes, _color

__all__ = ["share_bounds"]


def share_bounds(results: Any, *, ax: Any = None) -> Any:
    """Interval bars: each partner's lowest and highest share, one bar per result.

    Each partner gets a horizontal bar from its low to its high share for
    every :class:`~coalition.ShareBounds` given (say one per assumption),
    stacked so that narrower assumptions can be read against wider ones. A
    side with no bound runs to the edge of the plot with an arrow; sampled
    results are drawn hatched (their range is an inner estimate).

    Parameters
    ----------
    results : ShareBounds or sequence of ShareBounds
        From :func:`coalition.share_bounds`, all for the same players.
    ax : matplotlib.axes.Axes, optional
        Draw into these axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    InvalidParameterError
        If `results` holds anything but ShareBounds of the same players, or
        `ax` is not an Axes.
    ImportError
        If matplotlib is not installed.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import coalition as co
    >>> g = co.IntervalGame.from_dict({"A": 1, "B": 2, "C": 3, "A+B+C": 12})
    >>> fig = co.plot.share_bounds([co.share_bounds(g, assume=a) for a in ("monotone", "superadditive")])
    >>> len(fig.axes[0].patches)
    6
    """
    items = [results] if isinstance(results, ShareBounds) else list(results) if isinstance(results, (list, tuple)) else None
    if not items or not all(isinstance(r, ShareBounds) for r in items):
        raise InvalidParameterError(
            "`results` must be a coalition.ShareBounds or a list of them (from coalition.share_bounds), "
            f"got {type(results).__name__}"
        )
    players = items[0].players
    if any(r.players != players for r in items):
        raise InvalidParameterError("`results` must all be for the same players")
    n, m = len(players), len(items)
    fig, ax = _axes(ax, (7.0, 0.5 + 0.45 * n * m))
    finite = np.concatenate([np.concatenate([r.low, r.high]) for r in items])
    finite = finite[np.isfinite(finite)]
    lo_edge, hi_edge = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    pad = 0.08 * max(hi_edge - lo_edge, 1e-9 + abs(hi_edge))
    left, right = lo_edge - pad, hi_edge + pad
    height = 0.8 / m
    from matplotlib.patches import Rectangle

    for j, r in enumerate(items):
        label = f"{r.rule}, assume={r.assume}" + (" (sampled)" if r.sampled else "")
        for i in range(n):
            y = n - 1 - i + 0.4 - (j + 1) * height
            a = left if np.isnan(r.low[i]) else float(r.low[i])
            b = right if np.isnan(r.high[i]) else float(r.high[i])
            ax.add_patch(Rectangle((a, y), max(b - a, 1e-12 * (abs(a) + 1)), height * 0.9, facecolor=_color(j),
                                   alpha=0.75, hatch="//" if r.sampled else None, edgecolor="black" if r.sampled else "none",
                                   label=label if i == 0 else None))
            for end, side in ((a, r.low[i]), (b, r.high[i])):
                if np.isnan(side):
                    ax.annotate("", xy=(end, y + height * 0.45), xytext=(end - np.sign(end - a - 1e-12) * pad * 0.6,
                                y + height * 0.45), arrowprops={"arrowstyle": "->"})
    ax.set_xlim(left, right)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_yticks(range(n))
    ax.set_yticklabels(list(reversed(players)))
    ax.set_xlabel("share")
    ax.set_title("Share bounds over the completions of the game")
    ax.legend(loc="best", fontsize="small")
    return fig
