"""Writing game files in TOML, JSON or CSV.
"""

from __future__ import annotations

import csv
import json
import math
import os
from io import StringIO

from ..errors import (
    GameFileError,
)
from ..families.bankruptcy import BankruptcyGame
from ..game import Game
from ..game.game import _check_game
from ._common import (
    _check_format,
    _format_of,
    _fspath,
    _toml_key,
    _toml_string,
    _unprintable,
)
from .atomic import _atomic_write

__all__ = ['write_game', 'dumps']


def write_game(game: Game, path: str | os.PathLike[str], *, format: str | None = None) -> None:
    """Write a game to a TOML, JSON or CSV file, atomically.

    The text goes to a temporary file in the folder of `path` (of the file
    it links to, for a symbolic link), which then replaces the file in one
    step, so a reader never sees a half-written file and a failed write
    leaves an existing file as it was. A link stays a link, and the file
    keeps its permissions; a new file gets those :func:`open` would give it.
    Every non-empty
    coalition is written, so :func:`read_game` gives the same game back. A
    CSV file keeps the kind in its header (``coalition,cost`` for a cost
    game). A bankruptcy game (:func:`coalition.families.bankruptcy`) is
    written in TOML and JSON as its estate and claims, so that it is read
    back as the same claims problem, of any number of claimants; in CSV as
    its table.

    Parameters
    ----------
    game : Game
        The game. Its table is built if it has none yet.
    path : str or path-like
        The file to write. Its extension gives the format unless `format`
        is given.
    format : {"toml", "json", "csv"}, optional
        The format, when the extension does not tell it.

    Raises
    ------
    GameFileError
        If a player name contains ``"+"``, starts or ends with spaces or is
        not valid Unicode text (it could not be read back), or the file
        cannot be written (the message names the file and says why).
    InvalidParameterError
        If `path` is not a file path, or `format` is unknown or cannot be
        told from the extension.
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`.

    See Also
    --------
    read_game, dumps

    References
    ----------
    TOML v1.0.0 specification (2021), https://toml.io/en/v1.0.0.

    Examples
    --------
    >>> import os, tempfile
    >>> import coalition as co
    >>> g = co.Game([0, 8, 11, 11], players=["A", "B"], kind="cost")
    >>> path = os.path.join(tempfile.mkdtemp(), "pair.json")
    >>> co.io.write_game(g, path)
    >>> back = co.io.read_game(path)
    >>> back.kind, back.values
    ('cost', array([ 0.,  8., 11., 11.]))
    """
    target = _fspath(path)
    fmt = _format_of(target, format)
    data = dumps(game, format=fmt).encode("utf-8")
    _atomic_write(target, lambda fh: fh.write(data))


def dumps(game: Game, *, format: str = "toml") -> str:
    """The text of a game file for `game`, as :func:`write_game` writes it.

    Parameters
    ----------
    game : Game
    format : {"toml", "json", "csv"}, default "toml"

    Returns
    -------
    str

    Raises
    ------
    GameFileError
        If a player name contains ``"+"`` or starts or ends with spaces.
    InvalidParameterError
        If `format` is unknown.
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`.

    See Also
    --------
    write_game, loads

    References
    ----------
    TOML v1.0.0 specification (2021), https://toml.io/en/v1.0.0.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game([0, 10, 5, 40], players=["Hub", "Battery"])
    >>> print(co.io.dumps(g, format="csv"), end="")
    coalition,value
    Hub,10
    Battery,5
    Hub+Battery,40
    >>> print(co.io.dumps(g), end="")
    players = ["Hub", "Battery"]
    kind = "profit"
    <BLANKLINE>
    [values]
    Hub = 10
    Battery = 5
    "Hub+Battery" = 40
    """
    game = _check_game(game)
    fmt = _check_format(format)
    for p in game.players:
        if "+" in p:
            raise GameFileError(
                f"`game` has the player {p!r}, whose name contains '+'; game files join "
                "names with '+', so it could not be read back. Rename the player"
            )
        if p != p.strip():
            raise GameFileError(
                f"`game` has the player {p!r}, whose name starts or ends with spaces; "
                "game files strip them, so it could not be read back. Rename the player"
            )
        bad = _unprintable(p)
        if bad is not None:
            raise GameFileError(
                f"`game` has the player {p!a}, whose name holds {bad}; game files refuse it, "
                "so it could not be read back. Rename the player"
            )
    if isinstance(game, BankruptcyGame) and fmt != "csv":
        return _claims_text(game, fmt)
    table = game.values
    names = _all_names(game.players)
    worths = [_plain_number(float(v)) for v in table[1:]]
    if fmt == "toml":
        lines = [
            "players = [" + ", ".join(_toml_string(p) for p in game.players) + "]",
            f"kind = {_toml_string(game.kind)}",
            "",
            "[values]",
        ]
        lines += [f"{_toml_key(k)} = {_number_text(v)}" for k, v in zip(names, worths)]
        return "\n".join(lines) + "\n"
    if fmt == "json":
        doc = {"players": list(game.players), "kind": game.kind, "values": dict(zip(names, worths))}
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    out = StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["coalition", "cost" if game.kind == "cost" else "value"])
    writer.writerows([k, _number_text(v)] for k, v in zip(names, worths))
    return out.getvalue()


def _claims_text(game: BankruptcyGame, fmt: str) -> str:
    """A bankruptcy game as its claims problem: the estate and one claim per
    claimant (what :func:`read_game` reads back as the same game)."""
    estate = _plain_number(float(game.estate))
    claims = [_plain_number(float(c)) for c in game.claims]
    if fmt == "toml":
        lines = ["players = [" + ", ".join(_toml_string(p) for p in game.players) + "]",
                 f"estate = {_number_text(estate)}", "", "[claims]"]
        lines += [f"{_toml_key(p)} = {_number_text(c)}" for p, c in zip(game.players, claims)]
        return "\n".join(lines) + "\n"
    doc = {"players": list(game.players), "estate": estate, "claims": dict(zip(game.players, claims))}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _all_names(players: tuple[str, ...]) -> list[str]:
    """The name of every non-empty coalition, in bitmask order: each is the
    name of its lowest member joined to the name of the rest, built once."""
    names = [""] * (1 << len(players))
    for m in range(1, len(names)):
        rest = m & (m - 1)
        low = players[(m ^ rest).bit_length() - 1]
        names[m] = low + "+" + names[rest] if rest else low
    return names[1:]


def _plain_number(value: float) -> int | float:
    """An integral float as an int (exact below 2**53), so files read `40`, not `40.0`."""
    if value.is_integer() and abs(value) < 2.0**53 and not (value == 0.0 and math.copysign(1.0, value) < 0):
        return int(value)
    return value


def _number_text(value: int | float) -> str:
    return str(value) if isinstance(value, int) else repr(value)
