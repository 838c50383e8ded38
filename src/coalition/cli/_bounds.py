"""``coalition solve`` on a game whose worths are ranges or unknown: each partner's share bounds (private)."""

from __future__ import annotations

import csv
import io
import json

import numpy as np

from ..game import IntervalGame
from ..results.bounds import ShareBounds
from ..uncertain import share_bounds
from ._table import Meta, _Grid, _write

__all__ = ["render_bounds", "solve_bounds"]


def solve_bounds(game: IntervalGame, rules: tuple[str, ...], assume: str) -> list[ShareBounds]:
    """The share bounds of `game` under every rule."""
    return [share_bounds(game, rule, assume=assume) for rule in rules]


def _cell(value: float) -> str:
    return "unbounded" if np.isnan(value) else f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.2f}"


def render_bounds(fmt: str, game: IntervalGame, results: list[ShareBounds], meta: Meta, width: int = 100) -> str:
    """The bounds as "table", "rich", "markdown", "json" or "csv" text."""
    if fmt == "json":
        doc = {
            "game": meta.as_dict(),
            "players": list(game.players),
            "known": int(np.count_nonzero(game.known[1:])),
            "unknown": game.unknown_coalitions(),
            "bounds": [
                {"rule": r.rule, "assume": r.assume, "method": r.method, "sampled": r.sampled,
                 "low": {p: lo for p, (lo, _) in r.as_dict().items()},
                 "high": {p: hi for p, (_, hi) in r.as_dict().items()},
                 "unbounded": [{"partner": p, "side": s, "reason": why} for p, s, why in r.unbounded]}
                for r in results
            ],
        }
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["rule", "assume", "partner", "low", "high", "sampled"])
        for r in results:
            for p, (lo, hi) in r.as_dict().items():
                writer.writerow([r.rule, r.assume, p, "" if lo is None else repr(lo), "" if hi is None else repr(hi),
                                 str(r.sampled).lower()])
        return out.getvalue()
    title = meta.title or meta.source
    unknown = game.unknown_coalitions()
    ranged = int(np.count_nonzero(~game.known & ~game.unknown))
    assumed = results[0].assume if results[0].assume != "none" else "within its ranges"
    intro = (f"{game.n} partners; {int(np.count_nonzero(game.known[1:]))} worths known, {ranged} in ranges, "
             f"{len(unknown)} unknown. Each share's lowest and highest value over every completion of the game "
             f"that is {assumed}.")
    blocks: list = [intro]
    head = ["partner"]
    for r in results:
        tag = " (sampled)" if r.sampled else ""
        head += [f"{r.rule} low{tag}", f"{r.rule} high{tag}"]
    body = []
    for i, p in enumerate(game.players):
        row = [p]
        for r in results:
            row += [_cell(float(r.low[i])), _cell(float(r.high[i]))]
        body.append(row)
    blocks.append(_Grid(head, body, []))
    notes = [f"{r.rule}: {p} {s} unbounded: {why}" for r in results for p, s, why in r.unbounded]
    notes += [f"{r.rule}: sampled over {r.n_samples:,} completions; the true range may be wider."
              for r in results if r.sampled]
    if notes:
        blocks.append(notes)
    return _write(fmt, f"Share bounds: {title}", blocks, width)
