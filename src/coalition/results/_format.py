"""Number formatting and frozen arrays shared by the result objects."""

from __future__ import annotations

from typing import Any

import numpy as np


def _frozen_array(values: Any) -> np.ndarray:
    arr = np.array(values, dtype=np.float64, copy=True)
    arr.setflags(write=False)
    return arr


def _fmt(value: float) -> str:
    if value == 0:
        return "0"
    if 1e-4 <= abs(value) < 1e9:
        return f"{value:,.6g}" if abs(value) < 1e4 else f"{value:,.2f}"
    return f"{value:.6g}"
