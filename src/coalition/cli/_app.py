"""The commands of ``coalition``: arguments, files in, results out (private).

See :mod:`coalition.cli` for the commands and their exit status.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import math
import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from importlib import resources
from typing import IO

from ..io._common import MAX_FILE_BYTES, _GameFile
from ..io.atomic import _atomic_write
from ..io.read import _parse, _parse_bytes, _read
from ._bounds import render_bounds, solve_bounds
from ._lifecycle import add_commands as add_lifecycle_commands
from ._scenarios import add_command as add_scenarios_command
from ._terms import add_command as add_terms_command
from ._table import OUTPUT_FORMATS, Check, Meta, _count, render_check, render_comparison
from .._version import __version__
from .._rules import DEFAULT_BLOCS, rule_label
from ..families.bankruptcy import BankruptcyGame
from ..comparison import RULES, Comparison, compare
from ..errors import CoalitionError, EmptyCoreError, GameFileError, InvalidAllocationError, InvalidParameterError
from ..game import Game, IntervalGame
from ..stability import core_report, nearest_core

__all__ = ["main"]

#: The rules of ``solve`` and ``demo``, in column order (names from coalition.comparison.RULES).
_RULES = ("Shapley", "nucleolus", "Banzhaf (normalized)", "equal surplus", "proportional", "Nash")
# the default for a claims file (an estate and claims)
_CLAIMS_RULES = ("proportional claims", "adjusted proportional", "CEA", "CEL", "Talmud", "random arrival")
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
        The exit status: 0 when done, 1 when ``check`` finds the proposal
        not stable, 2 on bad input (one line on standard error, without a
        traceback), 130 when interrupted by Ctrl-C.

    Examples
    --------
    >>> from coalition.cli import main
    >>> main(["solve", "no-such-file.toml"])
    2
    """
    try:
        parser = _parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help, --version or a usage error, already printed
            return exc.code if isinstance(exc.code, int) else 2
        return args.run(args)
    except CoalitionError as exc:
        _say(f"coalition: error: {exc}")
        return 2
    except KeyboardInterrupt:
        _say("coalition: interrupted")
        return 130
    except BrokenPipeError:  # pragma: no cover - e.g. `coalition demo | head -1`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:  # standard output failed, e.g. a full disk
        _say(f"coalition: error: cannot write the output: {exc.strerror or exc}")
        return 2


def _say(line: str) -> None:
    """Write `line` as one line on standard error: control characters (a
    newline in a file name, a terminal escape) are shown escaped."""
    text = "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
                   for ch in line)
    with contextlib.suppress(OSError):
        print(text, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# arguments
# ---------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coalition",
        description="Share the value that partners create together, and check that the split holds.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND", required=True)

    demo = commands.add_parser(
        "demo",
        help="compare the rules on an example alliance (illustrative numbers)",
        description="Compare sharing rules on an embedded example alliance: an electric-car maker with a "
        "battery supplier, a manufacturing partner and an investor (illustrative numbers).",
    )
    _output_options(demo)
    demo.set_defaults(run=_run_demo)

    solve = commands.add_parser(
        "solve",
        help="compare the sharing rules on a game file (TOML, JSON or CSV)",
        description="Share the worth of the game in GAMEFILE by several rules, side by side, with each "
        "split's stability and each partner's floor and ceiling over the core.",
    )
    _game_options(solve)
    solve.add_argument("--proposal", metavar="SPLIT", help='a split to show beside the rules, e.g. "A=40,B=35,C=25"')
    _rules_option(solve, claims_note=True)
    _blocs_option(solve)
    solve.add_argument("--assume", choices=("superadditive", "monotone", "none"), default="superadditive",
                       help="for a file with ranges or unknown worths: what every completion satisfies "
                       "(default: superadditive)")
    _output_options(solve)
    solve.set_defaults(run=_run_solve)

    check = commands.add_parser(
        "check",
        help="check whether a proposed split is stable (exit status 1 if not)",
        description="Check whether a proposed split of the game in GAMEFILE is in the core: who would "
        "walk away and what they would gain, and the nearest stable split. Exit status 0 when the split "
        "is stable, 1 when it is not, 2 on bad input.",
    )
    _game_options(check)
    check.add_argument("--proposal", metavar="SPLIT", required=True,
                       help='one share per partner, e.g. "A=40,B=35,C=25" (cost shares for a cost game)')
    check.add_argument("--norm", choices=("max", "total"), default="max",
                       help="the change the nearest core allocation minimises: the largest change of one "
                       "share (max, the default) or the total change (total)")
    check.add_argument("--top", metavar="N", type=_count, default=5,
                       help="how many blocking coalitions to list, worst first (default: 5)")
    _output_options(check)
    check.set_defaults(run=_run_check)

    plot = commands.add_parser(
        "plot",
        help="draw the comparison or the core as an image (needs matplotlib)",
        description="Draw the game in GAMEFILE: the rules' shares as grouped bars, or for three partners "
        "the core in the imputation triangle. The format follows the extension of FIGURE.",
    )
    _game_options(plot)
    plot.add_argument("-o", "--output", metavar="FIGURE", required=True,
                      help="the image to write (atomically), e.g. figure.png or figure.svg")
    plot.add_argument("--figure", choices=("compare", "core"), default="compare",
                      help="compare: the rules' shares as bars (default); core: the core triangle (3 partners)")
    plot.add_argument("--proposal", metavar="SPLIT", help='a split to draw beside the rules, e.g. "A=40,B=35,C=25"')
    _rules_option(plot)
    plot.set_defaults(run=_run_plot)
    shared = {"game": _game_options, "output": _output_options, "rules": _rules_option, "load": _load_exact, "emit": _emit}
    add_lifecycle_commands(commands, shared)
    add_terms_command(commands, shared)
    add_scenarios_command(commands, shared)
    return parser


def _game_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("file", metavar="GAMEFILE",
                         help="a game file: .toml, .json or .csv (- reads standard input; give --input-format)")
    command.add_argument("--input-format", choices=("toml", "json", "csv"),
                         help="the format of GAMEFILE, when its extension does not tell")
    command.add_argument("--kind", choices=("profit", "cost"),
                         help="the kind of game, for a file that does not say (a CSV file headed coalition,value)")
    command.add_argument("--fill", choices=("additive", "superadditive", "unknown"),
                         help="how to fill coalitions the file leaves out, for a file that does not say "
                         "(unknown: keep them unknown; `solve` then prints each share's bounds)")


def _output_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--format", choices=OUTPUT_FORMATS, default="table", help="output format (default: table)")
    command.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of standard output")


def _proposal(text: str, game: Game) -> dict[str, float]:
    """``"A=40, B=35, C=25"`` -> ``{"A": 40.0, ...}``, one share per partner."""
    shares: dict[str, float] = {}
    for item in text.split(","):
        name, eq, value = (part.strip() for part in item.rpartition("="))
        if not eq or not name:
            raise InvalidAllocationError(
                f"`--proposal` must be NAME=SHARE pairs separated by commas, e.g. \"{game.players[0]}=10\"; "
                f"got {item.strip()!r}"
            )
        if name not in game.players:
            raise InvalidAllocationError(
                f"`--proposal` names {name!r}, who is not a partner; partners are {list(game.players)}"
            )
        if name in shares:
            raise InvalidAllocationError(f"`--proposal` gives a share for {name!r} twice")
        try:
            shares[name] = float(value)
        except ValueError:
            shares[name] = math.nan
        if not math.isfinite(shares[name]):
            raise InvalidAllocationError(f"`--proposal`: the share of {name!r} must be a finite number, got {value!r}")
    missing = [p for p in game.players if p not in shares]
    if missing:
        raise InvalidAllocationError(
            f"`--proposal` has no share for {missing}; give one for every partner: {', '.join(game.players)}"
        )
    return shares


# ---------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------
def _load(args: argparse.Namespace) -> tuple[Game | IntervalGame, Meta]:
    if args.file == "-":
        parsed = _read_stdin(args)
    else:
        parsed = _read(args.file, format=args.input_format, kind=args.kind, fill=args.fill)
    return parsed.game, Meta(parsed.source, parsed.title, parsed.description)


def _load_exact(args: argparse.Namespace) -> tuple[Game, Meta]:
    """The game of a file that gives every worth (ranges are for `solve` only)."""
    game, meta = _load(args)
    if isinstance(game, IntervalGame):
        raise GameFileError(f"`{meta.source}`: holds ranges or unknown worths; `coalition solve` gives the "
                            "bounds of each share for such a file, this command needs every worth")
    return game, meta


def _read_stdin(args: argparse.Namespace) -> _GameFile:
    if args.input_format is None:
        raise InvalidParameterError("`GAMEFILE` is - (standard input): give its format with --input-format "
                                    "toml, json or csv")
    source, cap = "<stdin>", MAX_FILE_BYTES
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise GameFileError(f"`{source}`: standard input is closed or not a byte stream")
    try:
        data = stream.read(cap + 1)
    except OSError as exc:
        raise GameFileError(f"`{source}`: cannot be read: {exc.strerror or exc}") from None
    if len(data) > cap:
        raise GameFileError(f"`{source}`: holds more than {cap:,} bytes, the most a game file may have")
    return _parse_bytes(data, args.input_format, source, args.kind, args.fill)


class _GivenRules(argparse.Action):
    """Store --rules and remember that they were given (a list equal to the
    default is still the user's choice)."""

    def __call__(self, parser, namespace, values, option_string=None):
        setattr(namespace, self.dest, values)
        namespace.rules_given = True


def _rules_option(command: argparse.ArgumentParser, default: Sequence[str] = _RULES, *,
                  claims_note: bool = False) -> None:
    claims = "; for a file of an estate and claims: " + ", ".join(_CLAIMS_RULES) if claims_note else ""
    command.set_defaults(rules_given=False)
    command.add_argument(
        "--rules", metavar="NAMES", type=_rule_names, default=tuple(default), action=_GivenRules,
        help="the rules to compare, comma-separated, from: " + ", ".join(RULES)
        + " (default: " + ", ".join(default) + claims + ")",
    )


def _blocs_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--blocs", metavar="GROUPS", type=_bloc_groups,
        help='a partition of the partners into blocs, e.g. "A+B,C": adds the Owen value, the '
        "Aumann-Dreze value and the nucleolus of the blocs to the default rules (and lets --rules "
        "name them, with prenucleolus (blocs))",
    )


def _bloc_groups(text: str) -> list[str]:
    """``"A+B,C"`` -> ``["A+B", "C"]`` (checked against the game's partners later)."""
    groups = [part.strip() for part in text.split(",") if part.strip()]
    if not groups:
        raise argparse.ArgumentTypeError('no bloc given; write the blocs as "A+B,C"')
    return groups


def _rule_names(text: str) -> tuple[str, ...]:
    """``"Shapley,nucleolus"`` -> the rule names, each looked up in RULES as
    :func:`coalition.compare` does (case, spaces, hyphens and underscores do
    not matter, and a function's name finds its rule: ``tau_value``)."""
    names = [part.strip() for part in text.split(",") if part.strip()]
    if not names:
        raise argparse.ArgumentTypeError("no rule named; give names separated by commas")
    chosen = []
    for name in names:
        try:
            chosen.append(rule_label(name))
        except InvalidParameterError:
            raise argparse.ArgumentTypeError(f"unknown rule {name!r}; known rules: {', '.join(RULES)}") from None
    if len(set(chosen)) != len(chosen):
        raise argparse.ArgumentTypeError(f"a rule is named twice in {text!r}")
    return tuple(chosen)


def _compare(game: Game, proposal: str | None, progress: Callable[[int, int], None] | None = None,
             rules: Sequence[str] = _RULES, blocs: list[str] | None = None, given: bool = False) -> Comparison:
    if not given:  # the defaults, for the kind of file and the blocs
        if isinstance(game, BankruptcyGame):
            rules = _CLAIMS_RULES
        if blocs is not None:
            rules = tuple(rules) + DEFAULT_BLOCS
    return compare(game, rules=list(rules), proposal=None if proposal is None else _proposal(proposal, game),
                   blocs=blocs, progress=progress)


class _Progress:
    """``progress(done, total)`` for a long step: a line on standard error at
    most every second, and only once the command has run for a while."""

    def __init__(self, what: str, *, after: float = 2.0) -> None:
        self.what = what
        self.start = time.monotonic()
        self.after = after
        self.last = -math.inf

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.start < self.after or (now - self.last < 1.0 and done < total):
            return
        self.last = now
        print(f"coalition: {self.what}: {done}/{total} LPs ({now - self.start:.0f} s)", file=sys.stderr, flush=True)


def _run_demo(args: argparse.Namespace) -> int:
    text = (resources.files("coalition") / "data" / _DEMO_FILE).read_text(encoding="utf-8")
    parsed = _parse(text, "toml", _DEMO_FILE, None, None)
    meta = Meta(parsed.source, parsed.title, parsed.description)
    comparison = _compare(parsed.game, None)
    return _emit(lambda fmt, width: render_comparison(fmt, comparison, meta, width=width), args)


def _run_solve(args: argparse.Namespace) -> int:
    game, meta = _load(args)
    if isinstance(game, IntervalGame):
        if args.proposal is not None:
            raise InvalidParameterError("`--proposal` needs every worth; the file holds ranges or unknown worths")
        if args.blocs is not None:
            raise InvalidParameterError("`--blocs` needs every worth; the file holds ranges or unknown worths")
        rules = tuple(args.rules) if args.rules_given else ("Shapley",)
        results = solve_bounds(game, rules, args.assume)
        return _emit(lambda fmt, width: render_bounds(fmt, game, results, meta, width=width), args)
    comparison = _compare(game, args.proposal, _Progress("core floors and ceilings"), args.rules, args.blocs,
                          args.rules_given)
    return _emit(lambda fmt, width: render_comparison(fmt, comparison, meta, width=width), args)


def _run_check(args: argparse.Namespace) -> int:
    game, meta = _load_exact(args)
    shares = _proposal(args.proposal, game)
    report = core_report(game, shares, max_blocking=args.top)
    try:
        nearest = nearest_core(game, shares, norm=args.norm)
    except EmptyCoreError:
        nearest = None
    check = Check(report, nearest, args.norm)
    _emit(lambda fmt, width: render_check(fmt, check, meta, width=width), args)
    return 0 if report.in_core else 1


def _run_plot(args: argparse.Namespace) -> int:
    game, _ = _load_exact(args)
    extension = os.path.splitext(args.output)[1].lower().lstrip(".")
    if not extension:
        raise InvalidParameterError(
            f"`--output` must end in an image extension such as .png, .svg or .pdf, got {args.output!r}"
        )
    comparison = _compare(game, args.proposal, rules=args.rules, given=args.rules_given)
    try:
        import matplotlib

        if "matplotlib.pyplot" not in sys.modules:  # a command draws to a file, not a window
            matplotlib.use("Agg")
        from .. import plot

        figure = plot.core(game, allocations=comparison) if args.figure == "core" else plot.compare(comparison)
    except ImportError as exc:
        print(f"coalition: error: `coalition plot` needs matplotlib: pip install 'coalition[plots]' ({exc})",
              file=sys.stderr)
        return 2
    try:
        formats = figure.canvas.get_supported_filetypes()
        if extension not in formats:
            raise InvalidParameterError(
                f"`--output`: cannot write '.{extension}' images; use one of "
                f"{', '.join('.' + f for f in sorted(formats))}"
            )
        _atomic_write(args.output, lambda fh: figure.savefig(fh, format=extension, bbox_inches="tight"))
    finally:
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is not None:
            pyplot.close(figure)
    return 0


# ---------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------
def _rich_terminal(stream: IO[str]) -> bool:
    """Rich text only on a terminal, when rich is installed and NO_COLOR is unset."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    if isatty is None or not isatty():
        return False
    return importlib.util.find_spec("rich") is not None


def _emit(render: Callable[[str, int], str], args: argparse.Namespace) -> int:
    """Write ``render(format, width)`` to standard output or, atomically, to ``-o FILE``."""
    if args.output is None:
        rich = args.format == "table" and _rich_terminal(sys.stdout)
        width = shutil.get_terminal_size((100, 24)).columns
        text = render("rich" if rich else args.format, width)
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
        try:
            text.encode(encoding)
        except (UnicodeEncodeError, LookupError):  # e.g. a name beyond an ASCII terminal's characters
            text = text.encode(encoding, "backslashreplace").decode(encoding, "replace")
        sys.stdout.write(text)
        return 0
    data = render(args.format, 100).encode("utf-8")
    _atomic_write(args.output, lambda fh: fh.write(data))
    return 0
