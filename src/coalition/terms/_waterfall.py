"""The arithmetic of a term sheet: waterfall, floors and ceilings (private)."""

from __future__ import annotations

import numpy as np

__all__: list[str] = []


def fit_total(x0: np.ndarray, lo: np.ndarray, hi: np.ndarray, w: np.ndarray, total: float
              ) -> np.ndarray | None:
    """The shares ``clip(x0 + t w, lo, hi)`` that sum to `total`, or None.

    ``w >= 0``; the sum is nondecreasing and piecewise linear in ``t`` with
    kinks where a share meets a bound, so ``t`` is found exactly by checking
    the kinks in order. None when no ``t`` reaches `total` (the partners with
    weight 0 cannot move, the others meet their bounds first).
    """
    act = w > 0

    def f(t: np.ndarray) -> np.ndarray:
        return np.clip(x0[None, :] + t[:, None] * w[None, :], lo, hi).sum(axis=1)

    with np.errstate(invalid="ignore", divide="ignore"):
        kinks = np.concatenate([(lo - x0)[act] / w[act], (hi - x0)[act] / w[act]])
    ts = np.unique(np.concatenate([kinks[np.isfinite(kinks)], [0.0]]))
    fs = f(ts)
    if total < fs[0]:
        slope = w[act & np.isinf(lo)].sum()
        if slope <= 0:
            return None
        t = ts[0] - (fs[0] - total) / slope
    elif total > fs[-1]:
        slope = w[act & np.isinf(hi)].sum()
        if slope <= 0:
            return None
        t = ts[-1] + (total - fs[-1]) / slope
    else:
        k = int(np.searchsorted(fs, total, side="left"))
        if fs[k] == total or k == 0:
            t = ts[k]
        else:
            frac = (total - fs[k - 1]) / (fs[k] - fs[k - 1])
            t = ts[k - 1] + frac * (ts[k] - ts[k - 1])
    return np.clip(x0 + t * w, lo, hi)


def proportions(x: np.ndarray) -> np.ndarray | None:
    """``x / sum(x)``, or None when the sum is nil next to the shares."""
    total = float(x.sum())
    if abs(total) <= 1e-12 * max(float(np.abs(x).max(initial=0.0)), 1e-300):
        return None
    return x / total
