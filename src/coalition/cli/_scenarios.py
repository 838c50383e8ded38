"""The ``scenarios`` command: shares as distributions over a file's weighted scenarios (private)."""

from __future__ import annotations

import argparse
import csv
import json
import math
from collections.abc import Callable
from io import StringIO
from typing import Any

from ..errors import GameFileError, InvalidParameterError
from ..io.scenarios import _read
from ..results import RobustCore, ShareDistribution, StressReport
from ..terms import read_terms
from ..uncertain import robust_core, share_distribution
from ._table import Meta, _Block, _decimals, _display, _Grid, _num, _walk, _write

__all__ = ["add_command"]

_SCENARIO_RULES = ("Shapley", "nucleolus")


def add_command(commands: Any, options: dict[str, Callable[..., Any]]) -> None:
    """Add ``scenarios``; `options` holds the shared helpers (see :mod:`._lifecycle`)."""
    cmd = commands.add_parser(
        "scenarios", help="each partner's share over the weighted scenarios in a game file",
        description="Read the [[scenario]] entries of GAMEFILE (TOML or JSON) and give each partner's share "
        "under each rule as a distribution over the scenarios: mean, standard deviation, 5/50/95% quantiles "
        "and the probability of being offered less than its standalone worth. --robust adds the stakes that "
        "hold in every scenario; --terms the probability that the file's [terms] sheet is stable. The exit "
        "status is 0 when done, 1 when --robust finds no stakes stable in every scenario or --terms finds "
        "the sheet unstable in some scenario, 2 on bad input.")
    cmd.add_argument("file", metavar="GAMEFILE", help="a game file with [[scenario]] entries: .toml or .json")
    cmd.add_argument("--input-format", choices=("toml", "json"),
                     help="the format of GAMEFILE, when its extension does not tell")
    options["rules"](cmd, _SCENARIO_RULES)
    cmd.add_argument("--robust", action="store_true",
                     help="also find the stakes (fractions of each scenario's total) that no coalition would "
                     "leave in any scenario, or the coalition and scenario that block them")
    cmd.add_argument("--terms", action="store_true",
                     help="also evaluate the term sheet in GAMEFILE's [terms] section in every scenario and "
                     "give the probability that it is stable")
    options["output"](cmd)
    cmd.set_defaults(run=lambda args: _run(args, options))


def _run(args: argparse.Namespace, options: dict[str, Callable[..., Any]]) -> int:
    if args.file == "-":
        raise InvalidParameterError("`GAMEFILE`: the scenarios command reads a file path, not standard input")
    parsed = _read(args.file, format=args.input_format)
    sg = parsed.game
    if args.robust:
        _check_totals(parsed.source, parsed.names, sg)
    dists = [share_distribution(sg, rule) for rule in args.rules]
    robust = robust_core(sg) if args.robust else None
    stress = read_terms(args.file, format=args.input_format).stress(sg) if args.terms else None
    meta = Meta(parsed.source, parsed.title, parsed.description)
    names = parsed.names
    options["emit"](lambda fmt, width: _render(fmt, width, meta, names, sg.weights, dists, robust, stress), args)
    unstable = (robust is not None and not robust.nonempty) or (stress is not None and stress.in_core_rate < 1)
    return 1 if unstable else 0


def _check_totals(source: str, names: tuple[str, ...], sg: Any) -> None:
    """Stakes are fractions of each scenario's total: name the scenario whose total is not above 0."""
    for k, g in enumerate(sg.scenarios):
        total = float(g.values[-1])
        if total <= 0:
            raise GameFileError(f"`{source}`, key `scenario[{k}]`: --robust needs every scenario's grand "
                                f"coalition above 0 (stakes are fractions of it); scenario {names[k]!r} has {total!r}")


def _clean(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _as_dict(meta: Meta, names: tuple[str, ...], weights: Any, dists: list[ShareDistribution],
             robust: RobustCore | None, stress: StressReport | None) -> dict[str, Any]:
    doc: dict[str, Any] = {
        **meta.as_dict(),
        "scenarios": [{"name": s, "weight": float(w)} for s, w in zip(names, weights)],
        "distributions": {d.rule: {"mean_exact": d.mean_exact, "shares": d.as_dict()} for d in dists},
    }
    if robust is not None:
        doc["robust"] = {
            "nonempty": robust.nonempty, "stakes": robust.as_dict(), "max_excess": robust.max_excess,
            "blocking": [{"scenario": names[k], "coalition": c, "gain": g} for k, c, g in robust.blocking],
        }
    if stress is not None:
        doc["terms"] = {
            "stable_probability": stress.in_core_rate, "n_infeasible": stress.n_infeasible,
            "max_excess": {s: _clean(e) for s, e in zip(names, stress.max_excess)},
            "worst_scenario": names[stress.worst], "worst_blocking": stress.worst_blocking,
            "mean": {p: _clean(v) for p, v in zip(stress.players, stress.mean)},
            "errors": list(stress.errors),
        }
    return doc


def _csv(doc: dict[str, Any]) -> str:
    """Long format: one number a row, ``section,rule,partner,statistic,value``."""
    out = StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "rule", "partner", "statistic", "value"])
    for s in doc["scenarios"]:
        writer.writerow(["scenario", "", "", s["name"], repr(s["weight"])])
    for rule, d in doc["distributions"].items():
        for p, stats in d["shares"].items():
            writer.writerows(["distribution", rule, p, k, repr(v)] for k, v in stats.items())
    if "robust" in doc:
        r = doc["robust"]
        writer.writerows(["robust", "", p, "stake", repr(v)] for p, v in r["stakes"].items())
        writer.writerow(["robust", "", "", "max excess", repr(r["max_excess"])])
    if "terms" in doc:
        writer.writerow(["terms", "", "", "stable probability", repr(doc["terms"]["stable_probability"])])
    return out.getvalue()


def _render(fmt: str, width: int, meta: Meta, names: tuple[str, ...], weights: Any,
            dists: list[ShareDistribution], robust: RobustCore | None, stress: StressReport | None) -> str:
    if fmt in ("json", "csv"):
        doc = _as_dict(meta, names, weights, dists, robust, stress)
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n" if fmt == "json" else _csv(doc)
    kind = dists[0].kind
    listed = ", ".join(f"{s} ({w:.4g})" for s, w in zip(names, weights))
    blocks: list[_Block] = [f"{len(names)} scenarios, with their probabilities: {listed}."]
    for d in dists:
        digits = _decimals([*d.x.tolist(), *d.quantiles.ravel().tolist()])
        levels = [f"{q:.0%}" if round(100 * q, 6) == round(100 * q) else f"{q:.2%}" for q in d.levels]
        body = [[p, _num(d.x[i], digits), _num(d.std[i], digits), *(_num(v, digits) for v in d.quantiles[:, i]),
                 f"{d.below_standalone[i]:.1%}"] for i, p in enumerate(d.players)]
        blocks.append(f"{_display(d.rule)}: each partner's share over the scenarios"
                      + ("" if d.mean_exact else " (mean: weighted mean of the scenarios' shares)")
                      + ". P(walk): the probability of being offered less than its standalone worth.")
        blocks.append(_Grid(["partner", "mean", "std", *levels, "P(walk)"], body, []))
    if robust is not None:
        body = [[p, f"{robust.x[i]:.2%}", _num(robust.scenario_shares[:, i].min(), 2),
                 _num(robust.scenario_shares[:, i].max(), 2)] for i, p in enumerate(robust.players)]
        worst = _num(robust.max_excess, _decimals([robust.max_excess]))
        if robust.nonempty:
            verdict = (f"Robust stakes: fractions of each scenario's total that no coalition would leave in any "
                       f"scenario (worst excess {worst}).")
        else:
            verdict = (f"No stakes hold in every scenario; the stakes below leave the least worst excess ({worst}).")
        blocks += [verdict, _Grid(["partner", "stake", "least paid", "most paid"], body, [])]
        if robust.blocking:
            blocks.append([f"in scenario {names[k]}: {_walk(kind, c, _num(g, _decimals([g])))}"
                           for k, c, g in robust.blocking])
    if stress is not None:
        line = f"The term sheet is stable with probability {stress.in_core_rate:.1%}."
        if stress.worst_blocking:
            gain = float(stress.max_excess[stress.worst])
            line += (f" Worst scenario: {names[stress.worst]}, where "
                     f"{_walk(kind, stress.worst_blocking, _num(gain, _decimals([gain])))}.")
        if stress.n_infeasible:
            line += f" It cannot be applied in {stress.n_infeasible} scenario(s): {'; '.join(stress.errors)}"
        blocks.append(line)
    return _write(fmt, meta.title or meta.source, blocks, width)
