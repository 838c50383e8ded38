"""A claims (bankruptcy) problem read from a game file, as the bankruptcy
game of its estate and claims (private).
"""

from __future__ import annotations

from ..errors import CoalitionError, GameFileError
from ..families.bankruptcy import bankruptcy
from ..game import Game
from ._common import _fail, _printable


def _build_claims(source: str, problem: tuple[float, tuple[str, ...], list[float]],
                  players: tuple[str, ...] | None) -> Game:
    """The bankruptcy game of ``(estate, claimants, claims)``, its players in
    the order of `players` when the file lists them."""
    estate, names, claims = problem
    if players is not None:
        if set(players) != set(names) or len(players) != len(names):
            missing = [p for p in players if p not in names]
            extra = [p for p in names if p not in players]
            what = f"no claim for {', '.join(missing)}" if missing else f"claims of {', '.join(extra)}, not in `players`"
            _fail(source, f"`players` and the claimants differ: {what}", "key `claims`")
        order = {p: k for k, p in enumerate(names)}
        claims = [claims[order[p]] for p in players]
        names = tuple(players)
    try:
        return bankruptcy(estate, claims, players=names)
    except CoalitionError as exc:
        raise GameFileError(_printable(f"`{source}`, key `claims`: {exc}")) from None
