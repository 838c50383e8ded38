"""The ``terms`` command: a term sheet evaluated, checked, stress-tested and repaired (private)."""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Callable
from io import StringIO
from typing import Any

import numpy as np

from ..errors import InvalidParameterError
from ..game import Game
from ..terms import read_terms
from ._table import Meta, _count

__all__ = ["add_command"]


def add_command(commands: Any, options: dict[str, Callable[..., Any]]) -> None:
    """Add ``terms``; `options` holds the shared helpers (see :mod:`._lifecycle`)."""
    cmd = commands.add_parser(
        "terms", help="evaluate and check the term sheet in a game file",
        description="Evaluate the term sheet in the [terms] section of GAMEFILE (TOML or JSON): each "
        "partner's share clause by clause, whether the split is stable (in the core) and who would walk, "
        "and the gap to the reference rules. The exit status is 0 when the split is stable, 1 when not, "
        "2 on bad input.")
    options["game"](cmd)
    options["rules"](cmd, ("Shapley", "nucleolus"))
    cmd.add_argument("--stress", metavar="N", type=_count, default=0,
                     help="also evaluate N scenarios with every worth multiplied by 1 + NOISE * a standard "
                     "normal draw, and report how often the split stays stable")
    cmd.add_argument("--noise", metavar="SIGMA", type=_noise, default=0.1,
                     help="relative noise of the stress scenarios (default: 0.1)")
    cmd.add_argument("--seed", metavar="SEED", type=int, default=0, help="seed of the stress scenarios (default: 0)")
    cmd.add_argument("--repair", metavar="PARAMS",
                     help="comma-separated parameters the repair may change, e.g. \"tranche 1.size,floor 1\", "
                     "or \"all\"")
    options["output"](cmd)
    cmd.set_defaults(run=lambda args: _run(args, options))


def _noise(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < 10:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 10, got {text!r}")
    return value


def _run(args: argparse.Namespace, options: dict[str, Callable[..., Any]]) -> int:
    if args.file == "-":
        raise InvalidParameterError("`GAMEFILE`: the terms command reads a file path, not standard input")
    game, meta = options["load"](args)
    sheet = read_terms(args.file, format=args.input_format)
    check = sheet.check(game, against=list(args.rules))
    stress = None
    if args.stress:
        table = game.worths
        rng = np.random.default_rng(args.seed)

        def draw(r: np.random.Generator) -> Game:
            noisy = table * (1.0 + args.noise * r.standard_normal(table.shape))
            noisy[0] = 0.0
            return Game(noisy, players=game.players, kind=game.kind)

        stress = sheet.stress(draw, n_scenarios=args.stress, seed=rng)
    repair = None
    if args.repair:
        free = list(sheet.parameters()) if args.repair.strip() == "all" else [
            p.strip() for p in args.repair.split(",") if p.strip()]
        known = sheet.parameters()
        unknown = [p for p in free if p not in known and not any(k.rsplit(".", 1)[0] == p for k in known)]
        if not free or unknown:
            raise InvalidParameterError(
                f"`--repair` names {unknown or 'nothing'}; the sheet's parameters are {list(known)}")
        repair = sheet.repair(game, free)
    options["emit"](lambda fmt, width: _render(fmt, meta, check, stress, repair), args)
    return 0 if check.in_core else 1


def _render(fmt: str, meta: Meta, check: Any, stress: Any, repair: Any) -> str:
    parts = [r for r in (check, stress, repair) if r is not None]
    if fmt == "markdown":
        title = f"# {meta.title}\n\n" if meta.title else ""
        return title + "\n\n".join(p.to_markdown() for p in parts) + "\n"
    if fmt == "json":
        return json.dumps({**meta.as_dict(), **_as_dict(check, stress, repair)}, indent=2,
                          ensure_ascii=False) + "\n"
    if fmt == "csv":
        out = StringIO()
        writer = csv.writer(out, lineterminator="\n")
        a = check.allocation
        writer.writerow(["partner", *a.clauses, "share"])
        for i, p in enumerate(a.players):
            writer.writerow([p, *(repr(float(v)) for v in a.breakdown[i]), repr(float(a.x[i]))])
        return out.getvalue()
    title = f"{meta.title}\n\n" if meta.title else ""
    return title + "\n\n".join(repr(p) for p in parts) + "\n"


def _num(v: float) -> float | None:
    return None if not np.isfinite(v) else float(v)


def _as_dict(check: Any, stress: Any, repair: Any) -> dict[str, Any]:
    a = check.allocation
    out: dict[str, Any] = {
        "in_core": check.in_core,
        "shares": a.as_dict(),
        "breakdown": {p: dict(zip(a.clauses, map(float, a.breakdown[i]))) for i, p in enumerate(a.players)},
        "max_excess": float(check.core.max_excess),
        "blocking": [{"coalition": b.name, "gain": float(b.gain)} for b in check.core.blocking],
        "below_standalone": list(check.below_standalone),
        "gap": {r: {p: _num(check.subsidy[i, j]) for i, p in enumerate(a.players)}
                for j, r in enumerate(check.rules)},
        "would_leave": list(check.would_leave),
        "notes": list(check.notes + a.notes),
    }
    if stress is not None:
        out["stress"] = {
            "n_scenarios": stress.n_scenarios, "n_infeasible": stress.n_infeasible,
            "in_core_rate": stress.in_core_rate,
            "mean": dict(zip(stress.players, map(_num, stress.mean))),
            "worst_scenario": stress.worst, "worst_blocking": stress.worst_blocking,
        }
    if repair is not None:
        out["repair"] = {
            "message": repair.message, "already_stable": repair.already_stable,
            "options": [{"parameter": o.parameter, "before": o.before, "after": _num(o.after),
                         "success": o.success, "blocking": o.blocking} for o in repair.options],
        }
    return out
