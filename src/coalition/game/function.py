"""Games defined by a Python function, tabulated only on demand.
"""

from __future__ import annotations

import numbers
from decimal import Decimal
from typing import Any

import numpy as np

from .._numbers import _is_bool, _real, _real_array, _show
from ..errors import (
    InvalidGameError,
)
from ._checks import MAX_ABS_WORTH
from .game import Game


class _FunctionGame(Game):
    """A game defined by a Python function, tabulated only on demand."""

    __slots__ = ("_func", "_vectorized")
    _PARAMS = ("func", "players", "vectorized", "kind")

    def _params(self) -> dict[str, Any]:
        return {"func": self._func, "players": self.players, "vectorized": self._vectorized, "kind": self.kind}

    @staticmethod
    def _rebuild(params: dict[str, Any]) -> Game:
        return Game.from_function(**params)

    def _evaluate(self, members: np.ndarray) -> np.ndarray:
        members = np.asarray(members, dtype=bool)
        k = members.shape[0]
        if self._vectorized:
            raw = self._func(members)
            try:
                if np.asarray(raw).dtype.kind == "b":
                    raw = np.asarray(raw, dtype=np.float64)  # a win/lose test: 1 or 0
            except (TypeError, ValueError):
                pass
            try:
                out = _real_array(raw, "func", ndim=1, error=InvalidGameError)
            except InvalidGameError as exc:
                raise InvalidGameError(f"`func` did not return numbers for a batch of {k} coalitions: {exc}") from None
            if out.shape != (k,):
                raise InvalidGameError(
                    f"`func` returned shape {out.shape} for a batch of {k} coalitions; expected ({k},)"
                )
        else:
            out = np.empty(k)
            names = np.array(self._players, dtype=object)
            for r in range(k):
                coalition = tuple(names[members[r]])
                val = self._func(coalition)
                if _is_bool(val):
                    out[r] = float(val)  # a win/lose test: 1 or 0
                    continue
                try:
                    out[r] = _real(val, "func", error=InvalidGameError)
                except InvalidGameError:
                    what = "a finite number" if isinstance(val, (numbers.Real, Decimal)) else "a number"
                    raise InvalidGameError(
                        f"`func` returned {_show(val)} for coalition {'+'.join(coalition) or '{}'}; expected {what}"
                    ) from None
        bad = np.flatnonzero(~np.isfinite(out) | (np.abs(out) > MAX_ABS_WORTH))
        if bad.size:
            row = members[bad[0]]
            who = "+".join(p for p, inside in zip(self._players, row) if inside) or "{}"
            raise InvalidGameError(
                f"`func` returned {out[bad[0]]!r} for coalition {who}; worths must be finite "
                f"and at most {MAX_ABS_WORTH:g} in magnitude"
            )
        return out
