"""The life-cycle commands: ``exit``, ``enter`` and ``sensitivity`` (private)."""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
from collections.abc import Callable
from io import StringIO
from typing import Any

from ..errors import GameFileError, InvalidParameterError
from ..io._parse import _document_number, _load_json, _load_toml
from ..io.read import _read_bytes
from ..lifecycle import entry_report, exit_report, sensitivity
from ..results import EntryReport, ExitReport, Sensitivity
from ..terms import read_terms
from ._table import Meta, _Block, _decimals, _display, _Grid, _num, _worth_name, _write

__all__ = ["add_commands"]

_LIFECYCLE_RULES = ("Shapley", "nucleolus")


def add_commands(commands: Any, options: dict[str, Callable[..., Any]]) -> None:
    """Add the three commands; `options` holds the shared argument helpers
    (``game``, ``output``, ``rules``) and the runners' helpers (``load``, ``emit``)."""
    out = commands.add_parser(
        "exit", help="what a partner's exit does to every other partner's share",
        description="Solve the game in GAMEFILE with and without PARTNER: each remaining partner's share "
        "before and after, whether the old split of the rest still holds, and the exit payments that "
        "leave nobody worse off.")
    options["game"](out)
    out.add_argument("partner", metavar="PARTNER", help="the partner who leaves")
    out.add_argument("--terms", action="store_true",
                     help="check the exit payment of the term sheet in GAMEFILE's [terms] section (its "
                     "[terms.exit] clause) against the range that leaves the rest no worse off")
    options["rules"](out, _LIFECYCLE_RULES)
    options["output"](out)
    out.set_defaults(run=lambda args: _run_exit(args, options))

    enter = commands.add_parser(
        "enter", help="what a newcomer's entry does to every partner's share",
        description="Solve the game in GAMEFILE with and without a newcomer whose worths are in NEWCOMER "
        "(TOML or JSON: `newcomer = \"Name\"` and a [values] table of the coalitions it joins, keyed like "
        "\"Hub+Name\"). Coalitions left out are filled by --newcomer-fill and flagged.")
    options["game"](enter)
    enter.add_argument("newcomer", metavar="NEWCOMER", help="the newcomer's file (.toml or .json)")
    enter.add_argument("--newcomer-fill", choices=("superadditive", "additive", "none"), default="superadditive",
                       help="how to fill the newcomer's coalitions the file leaves out (default: superadditive)")
    enter.add_argument("--monotone", action="store_true",
                       help="refuse a newcomer who lowers some coalition's worth (raises its cost)")
    options["rules"](enter, _LIFECYCLE_RULES)
    options["output"](enter)
    enter.set_defaults(run=lambda args: _run_enter(args, options))

    sens = commands.add_parser(
        "sensitivity", help="which worths move a partner's share most",
        description="How each partner's share moves with each coalition's worth: exact for Shapley and "
        "Banzhaf, exact and local for the nucleolus, prenucleolus and least core (valid while the same "
        "coalitions settle them), finite differences for other rules (valid near the game as given).")
    options["game"](sens)
    sens.add_argument("--partner", metavar="NAME", help="show only this partner (default: every partner)")
    sens.add_argument("--rule", metavar="NAME", default="Shapley", help="the rule (default: Shapley)")
    sens.add_argument("--top", metavar="K", type=_positive, default=5,
                      help="coalitions to list per partner (default: 5)")
    options["output"](sens)
    sens.set_defaults(run=lambda args: _run_sensitivity(args, options))


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number, 1 or more, got {text!r}")
    return value


# ---------------------------------------------------------------------------
# runners
# ---------------------------------------------------------------------------
def _run_exit(args: argparse.Namespace, options: dict[str, Callable[..., Any]]) -> int:
    if args.terms and args.file == "-":
        raise InvalidParameterError("`--terms` reads the term sheet of a game file, not of standard input")
    game, meta = options["load"](args)
    if args.terms:
        report = read_terms(args.file, format=args.input_format).exit_report(game, args.partner,
                                                                              rules=list(args.rules))
    else:
        report = exit_report(game, args.partner, rules=list(args.rules))
    return options["emit"](lambda fmt, width: _render(fmt, report, meta, width), args)


def _run_enter(args: argparse.Namespace, options: dict[str, Callable[..., Any]]) -> int:
    game, meta = options["load"](args)
    name, worths = _read_newcomer(args.newcomer)
    fill = None if args.newcomer_fill == "none" else args.newcomer_fill
    report = entry_report(game, name, worths, rules=list(args.rules), fill=fill, monotone=args.monotone)
    return options["emit"](lambda fmt, width: _render(fmt, report, meta, width), args)


def _run_sensitivity(args: argparse.Namespace, options: dict[str, Callable[..., Any]]) -> int:
    game, meta = options["load"](args)
    if args.partner is not None and args.partner not in game.players:
        raise InvalidParameterError(f"`--partner` must be one of {list(game.players)}, got {args.partner!r}")
    result = sensitivity(game, args.rule, top=args.top)
    who = game.players if args.partner is None else (args.partner,)
    return options["emit"](lambda fmt, width: _render_sensitivity(fmt, result, who, meta, width), args)


def _read_newcomer(path: str) -> tuple[str, dict[str, float]]:
    fmt = os.path.splitext(path)[1].lower().lstrip(".")
    if fmt not in ("toml", "json"):
        raise GameFileError(f"`{path}`: a newcomer's file must be .toml or .json, got {fmt or 'no extension'!r}")
    text = _read_bytes(path, fmt, 1 << 24).decode("utf-8", errors="strict")
    doc = _load_toml(text, path) if fmt == "toml" else _load_json(text, path)
    if not isinstance(doc, dict) or set(doc) - {"newcomer", "values"}:
        raise GameFileError(f"`{path}`: expected the keys `newcomer` (a name) and `values` (a table of worths)")
    name, values = doc.get("newcomer"), doc.get("values")
    if not isinstance(name, str) or not name.strip():
        raise GameFileError(f"`{path}`, key `newcomer`: expected the newcomer's name, got {name!r}")
    if not isinstance(values, dict) or not values:
        raise GameFileError(f"`{path}`, key `values`: expected a table of worths keyed like \"Hub+{name}\"")
    return name, {k: _document_number(v, k, path, f"key `values.{k}`") for k, v in values.items()}


# ---------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------
def _render(fmt: str, report: ExitReport | EntryReport, meta: Meta, width: int) -> str:
    if fmt == "json":
        return json.dumps({**meta.as_dict(), **_as_dict(report)}, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        out = StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["partner", "rule", "before", "after", "change"])
        for j, rule in enumerate(report.rules):
            for i, p in enumerate(report.players):
                b, a = float(report.before[i, j]), float(report.after[i, j])
                writer.writerow([p, rule, _text(b), _text(a), _text(a - b)])
        return out.getvalue()
    return _write(fmt, meta.title or meta.source, _blocks(report), width)


def _text(value: float) -> str:
    return "" if not math.isfinite(value) else repr(value)


def _as_dict(report: ExitReport | EntryReport) -> dict[str, Any]:
    def clean(values: Any) -> Any:
        return [clean(v) for v in values] if hasattr(values, "__len__") else (
            float(values) if math.isfinite(values) else None)

    doc: dict[str, Any] = {"kind": report.kind, "players": list(report.players), "rules": list(report.rules),
                           "before": clean(report.before.tolist()), "after": clean(report.after.tolist()),
                           "marginal_contribution": report.marginal_contribution,
                           "standalone": report.standalone, "notes": list(report.notes)}
    if isinstance(report, ExitReport):
        doc.update(partner=report.partner, partner_share=clean(report.partner_share.tolist()),
                   max_payment=clean(report.max_payment.tolist()), payment=report.payment,
                   payment_fits=list(report.payment_fits),
                   old_split_in_core=[None if r is None else r.in_core for r in report.old_split])
    else:
        doc.update(newcomer=report.newcomer, newcomer_share=clean(report.newcomer_share.tolist()),
                   fee=clean(report.fee.tolist()), filled=list(report.filled))
    return doc


def _blocks(report: ExitReport | EntryReport) -> list[_Block]:
    digits = _decimals([*report.before.ravel().tolist(), *report.after.ravel().tolist(),
                        report.marginal_contribution])
    head = ["partner"]
    for r in report.rules:
        head += [f"{_display(r)} before", "after", "change"]
    body = []
    for i, p in enumerate(report.players):
        row = [p]
        for j in range(len(report.rules)):
            b, a = float(report.before[i, j]), float(report.after[i, j])
            row += ["n/a" if math.isnan(b) else _num(b, digits), "n/a" if math.isnan(a) else _num(a, digits),
                    "n/a" if math.isnan(a - b) else _num(a - b, digits, "+")]
        body.append(row)
    worth = _worth_name(report.kind)
    if isinstance(report, ExitReport):
        intro = (f"{report.partner} leaves a {report.kind} game of {len(report.players) + 1} partners. Each "
                 f"remaining partner's share in the whole alliance (before) and without {report.partner} (after).")
    else:
        intro = (f"{report.newcomer} joins a {report.kind} game of {len(report.players)} partners and adds "
                 f"{_num(report.marginal_contribution, digits)} to {worth}. Each incumbent's share without "
                 f"(before) and with {report.newcomer} (after).")
    lines = report._lines()
    return [intro, _Grid(head, body, []), lines]


def _render_sensitivity(fmt: str, s: Sensitivity, who: tuple[str, ...], meta: Meta, width: int) -> str:
    rows = [(p, c, a, w, e) for p in who for c, a, w, e in s.top[p]]
    if fmt == "json":
        doc = {**meta.as_dict(), "rule": s.rule, "method": s.method, "notes": list(s.notes),
               "top": {p: [{"coalition": c, "coefficient": a, "worth": w, "effect": e}
                           for c, a, w, e in s.top[p]] for p in who}}
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        out = StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["partner", "coalition", "coefficient", "worth", "effect"])
        writer.writerows([p, c, repr(a), repr(w), repr(e)] for p, c, a, w, e in rows)
        return out.getvalue()
    digits = _decimals([w for *_, w, _ in rows] + [e for *_, e in rows])
    body = [[p, c, f"{a:.6g}", _num(w, digits), _num(e, digits)] for p, c, a, w, e in rows]
    how = {"exact": "exact coefficients (the rule is linear in the worths)",
           "active set": "exact coefficients from the coalitions that settle it, valid while the same "
                         "coalitions settle it"}.get(s.method, "finite differences, valid near the worths as given")
    blocks: list[_Block] = [
        f"{_display(s.rule)}: the coalitions whose worths move each partner's share most, by {how}. "
        "Coefficient: the change of the share per unit of the worth; effect: |coefficient x worth|, "
        "the change if that worth doubled or vanished.",
        _Grid(["partner", "coalition", "coefficient", "worth", "effect"], body, []),
    ]
    if s.notes:
        blocks.append(list(s.notes))
    return _write(fmt, meta.title or meta.source, blocks, width)
