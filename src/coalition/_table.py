"""Render a table of partners against sharing rules as text, JSON or CSV.

Used by the ``coalition`` command. Each column is one rule's allocation (or
the reason the rule does not apply to the game); each cell shows a share and
its percent of the grand coalition's worth (its cost, for a cost game).
"""

from __future__ import annotations

import csv
import json
import math
import textwrap
from dataclasses import dataclass
from io import StringIO

from .game import Game
from .results import Allocation

__all__ = ["Column", "render", "OUTPUT_FORMATS"]

OUTPUT_FORMATS = ("table", "json", "csv")
_WIDTH = 78


@dataclass(frozen=True)
class Column:
    """One rule of the table: its allocation, or why it has none."""

    rule: str
    label: str
    allocation: Allocation | None = None
    error: str | None = None


def render(
    fmt: str,
    game: Game,
    columns: list[Column],
    *,
    source: str,
    title: str | None = None,
    description: str | None = None,
) -> str:
    """The table in format `fmt` ("table", "json" or "csv"), ending in a newline."""
    if fmt == "json":
        return _json(game, columns, source, title, description)
    if fmt == "csv":
        return _csv(game, columns)
    return _text(game, columns, source, title, description)


def _percents(game: Game, x) -> list[float | None]:
    total = game.grand_value
    return [100.0 * float(v) / total if total != 0 else None for v in x]


def _json(game: Game, columns: list[Column], source: str, title: str | None, description: str | None) -> str:
    rules = []
    for col in columns:
        entry: dict = {"rule": col.rule, "label": col.label}
        if col.allocation is None:
            entry["error"] = col.error
        else:
            entry["shares"] = col.allocation.as_dict()
            entry["percent"] = dict(zip(game.players, _percents(game, col.allocation.x)))
        rules.append(entry)
    doc = {
        "source": source,
        "title": title,
        "description": description,
        "kind": game.kind,
        "players": list(game.players),
        "grand_value": game.grand_value,
        "rules": rules,
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _csv(game: Game, columns: list[Column]) -> str:
    out = StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["player", "rule", "share", "percent"])
    for col in columns:
        if col.allocation is None:
            writer.writerows([p, col.rule, "", ""] for p in game.players)
            continue
        pct = _percents(game, col.allocation.x)
        for p, v, q in zip(game.players, col.allocation.x, pct):
            writer.writerow([p, col.rule, repr(float(v)), "" if q is None else repr(q)])
    return out.getvalue()


def _decimals(values: list[float]) -> int:
    """Digits after the point: about four significant digits for the largest
    number, at least two and at most six."""
    big = max((abs(v) for v in values), default=0.0)
    if big == 0 or not math.isfinite(big):
        return 2
    return min(6, max(2, 3 - math.floor(math.log10(big))))


def _text(game: Game, columns: list[Column], source: str, title: str | None, description: str | None) -> str:
    total = game.grand_value
    worth = "c(N)" if game.kind == "cost" else "v(N)"
    digits = _decimals([total] + [float(v) for c in columns if c.allocation is not None for v in c.allocation.x])

    def cell(value: float, pct: float | None) -> str:
        shown = "-" if pct is None else f"{pct:.1f}%"
        return f"{value:,.{digits}f} {shown:>6}"

    # One list per rule: its label, a cell per partner, then the total.
    grid: list[list[str]] = []
    for col in columns:
        if col.allocation is None:
            grid.append([col.label] + ["n/a"] * game.n + [""])
            continue
        x = [float(v) for v in col.allocation.x] + [col.allocation.total]
        grid.append([col.label] + [cell(v, q) for v, q in zip(x, _percents(game, x))])
    first = max(len("partner"), *(len(p) for p in game.players))
    widths = [max(len(c) for c in cells) for cells in grid]

    def line(name: str, row: int) -> str:
        cells = "".join("   " + rule[row].rjust(w) for rule, w in zip(grid, widths))
        return (name.ljust(first) + cells).rstrip()

    what = "cost shares (what each partner pays)" if game.kind == "cost" else "shares of the profit"
    out = [title or source]
    if description:
        out += textwrap.wrap(description, _WIDTH)
    out.append(f"{game.kind} game of {game.n} partners, {worth} = {total:,.{digits}f}.")
    out.append(f"Each cell: {what} and its percent of {worth}.")
    out.append("")
    out.append(line("partner", 0))
    out += [line(p, k + 1) for k, p in enumerate(game.players)]
    out.append((" " * first + "".join("   " + "-" * w for w in widths)).rstrip())
    out.append(line("total", game.n + 1))
    notes = [f"{c.label}: not available. {c.error}" for c in columns if c.allocation is None]
    if notes:
        out.append("")
        for note in notes:
            out += textwrap.wrap(note, _WIDTH, subsequent_indent="  ")
    return "\n".join(out) + "\n"
