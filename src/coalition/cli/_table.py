"""Render what the ``coalition`` command shows: a comparison of sharing rules
(``solve``, ``demo``) and the check of a proposal (``check``).

Each result is first laid out once as a small document (a title, paragraphs,
tables, bullet lists), which is then written as plain text, rich text (for a
terminal, when ``rich`` is installed), or Markdown. JSON and CSV carry the
same numbers, unrounded, for programs.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import textwrap
from dataclasses import dataclass
from io import StringIO
from typing import Any, Union

import numpy as np

from ..comparison import Comparison
from ..results import CoreReport, NearestCore

__all__ = ["OUTPUT_FORMATS", "Meta", "Check", "render_comparison", "render_check"]

#: The formats a user can ask for; "rich" is "table" styled for a terminal.
OUTPUT_FORMATS = ("table", "json", "csv", "markdown")
_WIDTH = 78
_NORM_WORDS = {
    "max": "the largest change of any one share",
    "total": "the total change of all shares",
}


@dataclass(frozen=True)
class Meta:
    """Where a game came from: a file name and the file's own title and text."""

    source: str
    title: str | None = None
    description: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"source": self.source, "title": self.title, "description": self.description}


@dataclass(frozen=True)
class Check:
    """A proposal checked against the core: the report, and the nearest core
    allocation (None when the core is empty)."""

    report: CoreReport
    nearest: NearestCore | None
    norm: str


# ---------------------------------------------------------------------------
# the document model: a title, then blocks
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Grid:
    """A table: the first column left-aligned, the others right-aligned; the
    `foot` rows (totals, verdicts) come after a rule."""

    head: list[str]
    body: list[list[str]]
    foot: list[list[str]]


# A block is a paragraph (str), a bullet list (list of str) or a table.
_Block = Union[str, list, _Grid]


def _plain(title: str, blocks: list[_Block]) -> str:
    out = [title]
    for block in blocks:
        out.append("")
        if isinstance(block, _Grid):
            out += _grid_lines(block)
        elif isinstance(block, list):
            for item in block:
                out += textwrap.wrap(item, _WIDTH, initial_indent="- ", subsequent_indent="  ")
        else:
            out += textwrap.wrap(block, _WIDTH)
    return "\n".join(out) + "\n"


def _grid_lines(grid: _Grid) -> list[str]:
    rows = [grid.head, *grid.body, *grid.foot]
    widths = [max(len(row[c]) for row in rows) for c in range(len(grid.head))]

    def line(row: list[str]) -> str:
        cells = "".join("   " + cell.rjust(w) for cell, w in zip(row[1:], widths[1:]))
        return (row[0].ljust(widths[0]) + cells).rstrip()

    rule = (" " * widths[0] + "".join("   " + "-" * w for w in widths[1:])).rstrip()
    return [line(grid.head), *map(line, grid.body)] + ([rule, *map(line, grid.foot)] if grid.foot else [])


def _markdown(title: str, blocks: list[_Block]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    out = [f"## {title}"]
    for block in blocks:
        out.append("")
        if isinstance(block, _Grid):
            out.append("| " + " | ".join(map(cell, block.head)) + " |")
            out.append("|" + "|".join([" --- "] + [" ---: "] * (len(block.head) - 1)) + "|")
            out += ["| " + " | ".join(map(cell, row)) + " |" for row in block.body + block.foot]
        elif isinstance(block, list):
            out += [f"- {item}" for item in block]
        else:
            out.append(block)
    return "\n".join(out) + "\n"


def _rich(title: str, blocks: list[_Block], width: int) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    colours = {"yes": "green", "no": "bold red"}
    buffer = StringIO()
    console = Console(file=buffer, force_terminal=True, width=width, highlight=False)
    console.print(Text(title, style="bold"))
    for block in blocks:
        console.print()
        if isinstance(block, _Grid):
            table = Table(header_style="bold", show_edge=False, pad_edge=False)
            for k, head in enumerate(block.head):
                # Narrow terminals wrap a cell at its spaces; never cut a word or number.
                words = [w for row in [block.head, *block.body, *block.foot] for w in row[k].split()]
                table.add_column(head, justify="left" if k == 0 else "right", overflow="fold",
                                 min_width=max(map(len, words), default=1))
            for k, row in enumerate(block.body):
                table.add_row(*row, end_section=k == len(block.body) - 1 and bool(block.foot))
            for row in block.foot:
                table.add_row(*(Text(c, style=colours.get(c, "")) for c in row))
            console.print(table, crop=False)  # too narrow a terminal wraps lines rather than lose columns
        elif isinstance(block, list):
            for item in block:
                console.print(Text("- " + item))
        else:
            console.print(Text(block))
    return buffer.getvalue()


def _write(fmt: str, title: str, blocks: list[_Block], width: int) -> str:
    if fmt == "markdown":
        return _markdown(title, blocks)
    if fmt == "rich":
        return _rich(title, blocks, width)
    return _plain(title, blocks)


# ---------------------------------------------------------------------------
# numbers
# ---------------------------------------------------------------------------
def _decimals(values: list[float]) -> int:
    """Digits after the point: about four significant digits for the largest
    number, at least two and at most fifteen (worths in billionths print as
    such, not as zeros)."""
    big = max((abs(v) for v in values if math.isfinite(v)), default=0.0)
    if big == 0:
        return 2
    return min(15, max(2, 3 - math.floor(math.log10(big))))


def _num(value: float, digits: int, sign: str = "") -> str:
    value = float(value)
    if round(value, digits) == 0:  # no "-0.00" for a rounding residue
        return f"{0.0:,.{digits}f}"
    return f"{value:{sign},.{digits}f}"


def _percent(value: float, total: float) -> float | None:
    return None if total == 0 or not math.isfinite(value) else 100.0 * value / total


def _clean(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _worth_name(kind: str) -> str:
    return "c(N)" if kind == "cost" else "v(N)"


def _walk(kind: str, members: str, gain: str) -> str:
    if kind == "cost":
        return f"{members} would save {gain} by going alone"
    return f"{members} would gain {gain} by leaving"


def _display(rule: str) -> str:
    return rule[:1].upper() + rule[1:]


# ---------------------------------------------------------------------------
# a comparison of rules
# ---------------------------------------------------------------------------
def render_comparison(fmt: str, comparison: Comparison, meta: Meta, *, width: int = 100) -> str:
    """`comparison` as "table", "rich", "markdown", "json" or "csv" text,
    ending in a newline (`width` is the terminal width, for "rich")."""
    if fmt == "json":
        return _comparison_json(comparison, meta)
    if fmt == "csv":
        return _comparison_csv(comparison)
    return _write(fmt, meta.title or meta.source, _comparison_blocks(comparison, meta), width)


def _comparison_json(c: Comparison, meta: Meta) -> str:
    doc: dict[str, Any] = {**meta.as_dict(), **c.as_dict()}
    for j, entry in enumerate(doc["rules"]):
        entry["percent"] = [_percent(float(v), c.grand_value) for v in c.shares[:, j]]
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _comparison_csv(c: Comparison) -> str:
    out = StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["player", "rule", "share", "percent", "in_core", "worst_blocking", "worst_gain",
                     "core_floor", "core_ceiling"])

    def text(value: Any) -> str:
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            return ""
        return str(value).lower() if isinstance(value, bool) else repr(float(value))

    for j, rule in enumerate(c.rules):
        worst = c.worst_blocking[j]
        for i, player in enumerate(c.players):
            share = float(c.shares[i, j])
            writer.writerow([
                player, rule, text(share), text(_percent(share, c.grand_value)), text(c.in_core[j]),
                "" if worst is None else worst.name, "" if worst is None else text(worst.gain),
                "" if c.bounds is None else text(c.bounds.lower[i]),
                "" if c.bounds is None else text(c.bounds.upper[i]),
            ])
    return out.getvalue()


def _comparison_blocks(c: Comparison, meta: Meta) -> list[_Block]:
    worth = _worth_name(c.kind)
    bounds = c.bounds
    numbers = [c.grand_value, *c.shares.ravel().tolist()]
    if bounds is not None:
        numbers += [*bounds.lower.tolist(), *bounds.upper.tolist()]
    digits = _decimals(numbers)

    def cell(value: float) -> str:
        pct = _percent(value, c.grand_value)
        return f"{_num(value, digits)} {'-' if pct is None else f'{pct:.1f}%':>6}"

    head = ["partner", *map(_display, c.rules)]
    body = [[p, *("n/a" if math.isnan(v) else cell(v) for v in c.shares[i])] for i, p in enumerate(c.players)]
    total = ["total", *("" if np.isnan(col).any() else cell(float(col.sum())) for col in c.shares.T)]
    verdict = ["in the core?", *("-" if s is None else ("yes" if s else "no") for s in c.in_core)]
    if bounds is not None:
        head += ["Core floor", "Core ceiling"]
        for i, row in enumerate(body):
            row += [cell(bounds.lower[i]), cell(bounds.upper[i])]
        total += ["", ""]
        verdict += ["", ""]

    what = "cost shares (what each partner pays)" if c.kind == "cost" else "shares of the profit"
    blocks: list[_Block] = [meta.description] if meta.description else []
    intro = (f"A {c.kind} game of {len(c.players)} partners, {worth} = {_num(c.grand_value, digits)}. "
             f"Each cell: {what} and its percent of {worth}.")
    if bounds is not None:
        gets = "be asked to pay" if c.kind == "cost" else "get"
        intro += (f" Core floor and ceiling: the least and the most a partner can {gets} in a split "
                  "that no group of partners would walk away from.")
    blocks += [intro, _Grid(head, body, [total, verdict])]

    unstable = []
    for j, rule in enumerate(c.rules):
        worst, col = c.worst_blocking[j], c.shares[:, j]
        short = (f"its shares add up to {_num(float(col.sum()), digits)}, not {worth} = "
                 f"{_num(c.grand_value, digits)}")
        efficient = abs(float(col.sum()) - c.grand_value) <= 1e-9 * max(1.0, abs(c.grand_value))
        if worst is not None:
            walk = _walk(c.kind, worst.name, _num(worst.gain, digits))
            unstable.append(f"{_display(rule)}: {walk if efficient else short + '; ' + walk}.")
        elif c.in_core[j] is False:
            unstable.append(f"{_display(rule)}: {short}.")
    checked = [s for s in c.in_core if s is not None]
    if unstable:
        blocks += ["Not in the core (the coalition that would gain most by leaving):", unstable]
    elif checked:
        blocks.append("Every split checked is in the core: no group of partners would gain by leaving.")
    notes = [f"{_display(rule)}: a Monte Carlo estimate; 95% intervals up to "
             f"{_num(float(np.max(hi - lo)) / 2, digits)} either side." for rule, (lo, hi) in c.intervals.items()]
    notes += list(c.notes)
    if notes:
        blocks += ["Notes:", notes]
    return blocks


# ---------------------------------------------------------------------------
# the check of a proposal
# ---------------------------------------------------------------------------
def render_check(fmt: str, check: Check, meta: Meta, *, width: int = 100) -> str:
    """`check` as "table", "rich", "markdown", "json" or "csv" text, ending
    in a newline."""
    if fmt == "json":
        return _check_json(check, meta)
    if fmt == "csv":
        return _check_csv(check)
    return _write(fmt, meta.title or meta.source, _check_blocks(check, meta), width)


def _coalition_share(report: CoreReport, members: tuple[str, ...]) -> float:
    return float(sum(report.x[report.players.index(m)] for m in members))


def _check_json(check: Check, meta: Meta) -> str:
    rep, near = check.report, check.nearest
    doc = {
        **meta.as_dict(),
        "kind": rep.kind,
        "players": list(rep.players),
        "grand_value": rep.grand_value,
        "proposal": [float(v) for v in rep.x],
        "total": rep.total,
        "efficient": rep.efficient,
        "in_core": rep.in_core,
        "max_excess": _clean(rep.max_excess),
        "n_blocking": rep.n_blocking,
        "blocking": [{"coalition": list(b.members), "gain": b.gain} for b in rep.blocking],
        "core_empty": near is None,
        "nearest_core": None if near is None else {
            "norm": near.norm,
            "distance": near.distance,
            "shares": [float(v) for v in near.x],
            "change": [float(v) for v in near.change],
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _check_csv(check: Check) -> str:
    rep, near = check.report, check.nearest
    out = StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "coalition", "proposal", "nearest_core", "change", "gain"])
    for i, p in enumerate(rep.players):
        writer.writerow(["partner", p, repr(float(rep.x[i])),
                         "" if near is None else repr(float(near.x[i])),
                         "" if near is None else repr(float(near.change[i])), ""])
    for b in rep.blocking:
        writer.writerow(["blocking", b.name, repr(_coalition_share(rep, b.members)), "", "", repr(b.gain)])
    return out.getvalue()


def _check_blocks(check: Check, meta: Meta) -> list[_Block]:
    rep, near = check.report, check.nearest
    worth = _worth_name(rep.kind)
    numbers = [rep.grand_value, *rep.x.tolist(), *(b.gain for b in rep.blocking)]
    if near is not None:
        numbers += near.x.tolist()
    digits = _decimals(numbers)
    shares = ", ".join(f"{p} {_num(v, digits)}" for p, v in zip(rep.players, rep.x))
    unit = "cost shares" if rep.kind == "cost" else "shares"
    blocks: list[_Block] = [f"Proposal ({unit}): {shares}; total {_num(rep.total, digits)}, "
                            f"{worth} = {_num(rep.grand_value, digits)}."]
    if rep.in_core:
        blocks.append("Stable: the proposal is in the core. No group of partners would gain by leaving.")
        return blocks

    blocks.append("Not stable: the proposal is not in the core.")
    if not rep.efficient:
        blocks.append(f"Its {unit} add up to {_num(rep.total, digits)}, not {worth} = "
                      f"{_num(rep.grand_value, digits)}; a split in the core shares out exactly {worth}.")
    if rep.n_blocking:
        gets = "pay" if rep.kind == "cost" else "get"
        walk = []
        for b in rep.blocking:
            here = _coalition_share(rep, b.members)
            own = here - b.gain if rep.kind == "cost" else here + b.gain
            walk.append(f"{_walk(rep.kind, b.name, _num(b.gain, digits))} "
                        f"(they {gets} {_num(here, digits)} here, {_num(own, digits)} on their own).")
        more = rep.n_blocking - len(rep.blocking)
        if more and walk:
            walk.append(f"... and {more} more coalition{'s' if more > 1 else ''} with less to gain.")
        many = rep.n_blocking
        blocks.append(f"Who would walk: {many} coalition{'s, worst first' if many > 1 else ''}.")
        blocks += [walk] if walk else []

    if near is None:
        blocks.append(f"The core is empty: every split of {worth} leaves some group of partners better off "
                      "on its own, so no proposal can be stable. The least core (coalition.least_core) is "
                      "the split that keeps the largest gain from leaving as small as possible.")
        return blocks
    blocks.append(f"The nearest core allocation, minimising {_NORM_WORDS[near.norm]} "
                  f"(--norm {near.norm}): {_num(near.distance, digits)}.")
    body = [[p, _num(a, digits), _num(b, digits), _num(d, digits, "+")]
            for p, a, b, d in zip(rep.players, near.proposal, near.x, near.change)]
    total = ["total", _num(float(near.proposal.sum()), digits), _num(float(near.x.sum()), digits),
             _num(float(near.change.sum()), digits, "+")]
    blocks.append(_Grid(["partner", "proposal", "nearest core", "change"], body, [total]))
    return blocks


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more, got {text!r}")
    return value
