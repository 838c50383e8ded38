"""A violin or ridge plot of each partner's share over the scenarios."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InvalidParameterError
from ..results.scenarios import ShareDistribution
from ._style import _axes, _color

__all__ = ["distribution"]

# Points at which each density is drawn.
_GRID = 200


def _density(shares: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """``(grid, density)`` of a weighted Gaussian kernel density estimate
    (Scott's bandwidth), or None when every share is the same."""
    from scipy.stats import gaussian_kde

    keep = weights > 0
    s, w = shares[keep], weights[keep]
    lo, hi = float(s.min()), float(s.max())
    if not hi - lo > 1e-12 * max(abs(lo), abs(hi), 1.0) or s.size < 2:
        return None
    kde = gaussian_kde(s, weights=w)
    pad = 3.0 * float(np.sqrt(kde.covariance[0, 0]))
    grid = np.linspace(lo - pad, hi + pad, _GRID)
    return grid, kde(grid)


def distribution(dist: ShareDistribution, *, style: str = "violin", ax: Any = None) -> Any:
    """Each partner's share over the scenarios, as violins or as a ridge plot.

    Every partner gets the kernel density of its share over the scenarios
    (a Gaussian kernel, Scott's bandwidth, the scenarios' weights), scaled to
    the same height, with its mean (a dot) and the quantiles of the
    distribution (ticks) marked. A share that is the same in every scenario
    is drawn as a line.

    Parameters
    ----------
    dist : ShareDistribution
        From :func:`coalition.share_distribution`.
    style : {"violin", "ridge"}, default "violin"
        Violins side by side (shares upwards), or one density per row
        (shares across), the first partner on top.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    InvalidParameterError
        If `dist` is not a ShareDistribution or `style` is unknown.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import coalition as co
    >>> def draw(rng):
    ...     return co.Game.from_dict({"A": 10, "B": 5, "A+B": rng.uniform(20, 40)})
    >>> d = co.share_distribution(co.ScenarioGame(draw, players=["A", "B"]), n_scenarios=500, seed=0)
    >>> fig = co.plot.distribution(d)
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
    ['A', 'B']
    """
    if not isinstance(dist, ShareDistribution):
        raise InvalidParameterError(
            f"`dist` must be a ShareDistribution (from coalition.share_distribution), got {type(dist).__name__}"
        )
    if style not in ("violin", "ridge"):
        raise InvalidParameterError(f"`style` must be 'violin' or 'ridge', got {style!r}")
    n = len(dist.players)
    violin = style == "violin"
    size = (max(4.0, 0.9 * n + 2.0), 4.5) if violin else (7.0, 0.7 * n + 1.5)
    fig, ax = _axes(ax, size)
    half = 0.4  # half the width of a violin, the height of a ridge
    for i, player in enumerate(dist.players):
        pos = i if violin else n - 1 - i
        col = dist.shares[:, i]
        dens = _density(col, dist.weights)
        c = _color(i)
        if dens is None:
            v = float(col[np.flatnonzero(dist.weights > 0)[0]])  # a scenario that happens
            seg = ([pos - half, pos + half], [v, v]) if violin else ([v, v], [pos, pos + 2 * half])
            ax.plot(*seg, color=c, linewidth=2)
        else:
            grid, f = dens
            f = f / f.max() * half
            if violin:
                ax.fill_betweenx(grid, pos - f, pos + f, color=c, alpha=0.5, linewidth=0.8, edgecolor=c)
            else:
                ax.fill_between(grid, pos, pos + 2 * f, color=c, alpha=0.5, linewidth=0.8, edgecolor=c)
        mean = float(dist.x[i])
        ax.plot(*((pos, mean) if violin else (mean, pos)), "o", color="black", markersize=4)
        for q in dist.quantiles[:, i]:
            q = float(q)
            tick = ([pos - half / 3, pos + half / 3], [q, q]) if violin else ([q, q], [pos, pos + half / 2])
            ax.plot(*tick, color="black", linewidth=1)
    unit = "cost share" if dist.kind == "cost" else "share"
    levels = ", ".join(f"{100 * q:g}%" for q in dist.levels)
    if violin:
        ax.set_xticks(range(n), list(dist.players))
        ax.set_ylabel(f"{dist.rule} {unit}")
    else:
        ax.set_yticks([n - 1 - i + half for i in range(n)], list(dist.players))
        ax.set_xlabel(f"{dist.rule} {unit}")
    how = "exact" if dist.exact else "drawn"
    ax.set_title(f"{dist.rule} {unit}s over {dist.n_scenarios:,} scenarios ({how}); "
                 f"dot: mean, ticks: {levels}", fontsize=9)
    return fig
