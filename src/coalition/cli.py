"""The ``coalition`` command: share an alliance's value from the shell.

Usage::

    coalition demo  [--format table|json|csv] [-o FILE]
    coalition solve GAMEFILE [--format table|json|csv] [-o FILE]
                    [--input-format toml|json|csv]
                    [--kind profit|cost] [--fill additive|superadditive]
    coalition --version

``demo`` solves an embedded example alliance (an electric-car maker and three
partners, illustrative numbers); ``solve`` solves a game file in TOML, JSON
or CSV (see :mod:`coalition.io` for the formats). Both print a table of
partners against sharing rules (Shapley, normalized Banzhaf, equal surplus,
proportional), each share with its percent of the grand coalition's worth.
``--format json`` and ``--format csv`` give the same numbers for programs;
``-o FILE`` writes them to a file atomically.

Exit status: 0 when done, 2 on bad input, with the message on standard error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import resources

from . import io as _io
from ._table import OUTPUT_FORMATS, Column, render
from ._version import __version__
from .errors import CoalitionError, GameFileError
from .game import Game
from .values import banzhaf, equal_surplus, proportional, shapley

__all__ = ["main"]

# The columns of the table: (id, label, rule). A rule that raises a
# CoalitionError for a game shows as "n/a", with its message as a note.
_RULES = (
    ("shapley", "Shapley", shapley),
    ("banzhaf (normalized)", "Banzhaf (normalized)", lambda game: banzhaf(game, normalized=True)),
    ("equal surplus", "Equal surplus", equal_surplus),
    ("proportional", "Proportional", proportional),
)
_DEMO_FILE = "ev_alliance.toml"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``coalition`` command with `argv` (default: ``sys.argv[1:]``).

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after the program name.

    Returns
    -------
    int
        The exit status: 0 when done, 2 on bad input (the message goes to
        standard error, without a traceback).

    Examples
    --------
    >>> from coalition.cli import main
    >>> main(["solve", "no-such-file.toml"])
    2
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version or a usage error, already printed
        return int(exc.code or 0)
    try:
        return args.run(args)
    except CoalitionError as exc:
        print(f"coalition: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # pragma: no cover - e.g. `coalition demo | head -1`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coalition",
        description="Share the value that partners create together.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND", required=True)

    demo = commands.add_parser(
        "demo",
        help="solve an example alliance (illustrative numbers)",
        description="Solve an embedded example alliance: an electric-car maker with a battery "
        "supplier, a manufacturing partner and an investor (illustrative numbers).",
    )
    _output_options(demo)
    demo.set_defaults(run=_run_demo)

    solve = commands.add_parser(
        "solve",
        help="solve a game file (TOML, JSON or CSV)",
        description="Share the worth of the game in GAMEFILE by several rules.",
    )
    solve.add_argument("file", metavar="GAMEFILE", help="a game file: .toml, .json or .csv")
    solve.add_argument(
        "--input-format",
        choices=("toml", "json", "csv"),
        help="the format of GAMEFILE, when its extension does not tell",
    )
    solve.add_argument(
        "--kind",
        choices=("profit", "cost"),
        help="the kind of game, for a file that does not say (a CSV file headed coalition,value)",
    )
    solve.add_argument(
        "--fill",
        choices=("additive", "superadditive"),
        help="how to fill coalitions the file leaves out, for a file that does not say",
    )
    _output_options(solve)
    solve.set_defaults(run=_run_solve)
    return parser


def _output_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--format", choices=OUTPUT_FORMATS, default="table", help="output format (default: table)")
    command.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of standard output")


def _run_demo(args: argparse.Namespace) -> int:
    text = (resources.files("coalition") / "data" / _DEMO_FILE).read_text(encoding="utf-8")
    return _report(_io._parse(text, "toml", _DEMO_FILE, None, None), args)


def _run_solve(args: argparse.Namespace) -> int:
    return _report(_io._read(args.file, format=args.input_format, kind=args.kind, fill=args.fill), args)


def _columns(game: Game) -> list[Column]:
    columns = []
    for rule, label, func in _RULES:
        try:
            columns.append(Column(rule, label, allocation=func(game)))
        except CoalitionError as exc:
            columns.append(Column(rule, label, error=str(exc)))
    return columns


def _report(parsed: _io._GameFile, args: argparse.Namespace) -> int:
    text = render(
        args.format,
        parsed.game,
        _columns(parsed.game),
        source=parsed.source,
        title=parsed.title,
        description=parsed.description,
    )
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        _io._atomic_write_text(args.output, text)
    except OSError as exc:
        raise GameFileError(f"`{args.output}`: cannot be written: {exc.strerror or exc}") from None
    return 0
