"""Read and write game files: TOML, JSON and CSV.

A game file lists the worth of every coalition, each coalition written as
player names joined by ``"+"``. Files are read whole and checked before a
:class:`~coalition.Game` is built; every problem raises
:class:`~coalition.GameFileError` naming the file, the key (TOML, JSON) or
line (CSV), and what was expected.

TOML and JSON files hold one table (object) with these keys:

``values`` (required)
    The worth of each coalition, keyed by ``"A+B"`` strings. The empty
    coalition may be left out (its worth is 0).
``players`` (optional)
    Player names, in order. Default: the order in which names first appear
    in ``values``.
``kind`` (optional)
    ``"profit"`` (default) or ``"cost"`` (the worths are costs).
``fill`` (optional)
    ``"additive"`` or ``"superadditive"``: how to fill the coalitions that
    ``values`` leaves out (see :meth:`coalition.Game.from_dict`). Without it
    every non-empty coalition must be given.
``title``, ``description`` (optional)
    Free text, shown by ``coalition solve`` and ignored by :func:`read_game`.

A CSV file has the header ``coalition,value`` (or ``coalition,cost`` for a
cost game) and one ``coalition,worth`` row per coalition.

Files are UTF-8 text (a leading byte-order mark is skipped) of at most
:data:`MAX_FILE_BYTES` bytes, read only if they are regular files (never a
named pipe or a device). Player names are Unicode text without control
characters; worths are finite numbers of at most 1e150 in magnitude.

A TOML file for two partners::

    players = ["Hub", "Battery"]
    kind = "profit"

    [values]
    Hub = 10
    Battery = 5
    "Hub+Battery" = 40

The same game in CSV::

    coalition,value
    Hub,10
    Battery,5
    Hub+Battery,40
"""

from __future__ import annotations

import contextlib
import csv
import errno
import json
import math
import os
import re
import secrets
import stat
import sys
from dataclasses import dataclass
from io import StringIO
from typing import IO, Any, Callable, NoReturn

from .errors import GameFileError, GameTooLargeError, InvalidGameError, InvalidParameterError
from .game import Game

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["read_game", "write_game", "loads", "dumps", "MAX_FILE_BYTES"]

_FORMATS = ("toml", "json", "csv")
_EXTENSIONS = {".toml": "toml", ".json": "json", ".csv": "csv"}
_KINDS = ("profit", "cost")
_FILLS = ("additive", "superadditive")
_TOP_KEYS = ("players", "kind", "fill", "values", "title", "description")
_EXPECTED = {
    "toml": 'a TOML game file with a [values] table, e.g. "A+B" = 5',
    "json": 'a JSON object with a "values" object, e.g. {"values": {"A": 1, "B": 2, "A+B": 5}}',
    "csv": "the header `coalition,value` and one `coalition,worth` row per coalition",
}
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SHOWN = 6  # how many missing coalitions a message lists
#: The largest game file :func:`read_game` reads unless told otherwise (1 GiB):
#: far more than the dense table of the largest game it could build in memory
#: would need as text, and little enough to refuse a runaway file at once.
MAX_FILE_BYTES = 1 << 30
# An integer literal longer than this is far outside the worths a game may
# hold (|v| <= 1e150) and is not converted at all: converting decimal text of
# thousands of digits is refused by Python (sys.get_int_max_str_digits).
_MAX_INT_DIGITS = 400
_MAX_SHOWN_CHARS = 60  # a value quoted in a message is cut to this length


@dataclass(frozen=True)
class _GameFile:
    """A parsed game file: the game and the free text that came with it."""

    game: Game
    source: str
    title: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class _Entry:
    """One coalition of a file: its members, worth and where it stood."""

    members: tuple[str, ...]
    worth: float
    where: str


# ---------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------
def read_game(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    kind: str | None = None,
    fill: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> Game:
    """Read a game from a TOML, JSON or CSV file.

    Parameters
    ----------
    path : str or path-like
        The file. Its extension (``.toml``, ``.json``, ``.csv``) gives the
        format unless `format` is given.
    format : {"toml", "json", "csv"}, optional
        The format, when the extension does not tell it.
    kind : {"profit", "cost"}, optional
        The kind of game, for a file that does not say (a CSV file with the
        header ``coalition,value``). A file that says otherwise is an error.
    fill : {"additive", "superadditive"}, optional
        How to fill coalitions the file leaves out, for a file that does not
        say. A file that says otherwise is an error.
    max_bytes : int, default MAX_FILE_BYTES (1 GiB)
        The largest file to read; a larger one is refused before it is read.

    Returns
    -------
    Game

    Raises
    ------
    GameFileError
        If the file is missing, not a regular file (a folder, a named pipe,
        a device), larger than `max_bytes`, unreadable, empty, not UTF-8, not
        valid TOML/JSON/CSV, or does not describe a game: an unknown key,
        kind or fill, a worth that is not a finite number (or an integer of
        hundreds of digits), a name that is not valid Unicode text, a
        coalition naming a player not in ``players``, a coalition given
        twice, or missing coalitions. The message names the file, the key or
        line, and what was expected.
    InvalidParameterError
        If `path` is not a file path, or `format`, `kind`, `fill` or
        `max_bytes` is not one of the values listed above.
    GameTooLargeError
        If the game has too many players for a dense table (the error is
        also a :class:`~coalition.GameFileError`).

    See Also
    --------
    write_game, loads

    References
    ----------
    TOML v1.0.0 specification (2021), https://toml.io/en/v1.0.0; RFC 8259
    (2017), The JavaScript Object Notation (JSON) Data Interchange Format;
    RFC 4180 (2005), Common Format and MIME Type for Comma-Separated Values.

    Examples
    --------
    >>> import os, tempfile
    >>> import coalition as co
    >>> folder = tempfile.mkdtemp()
    >>> path = os.path.join(folder, "alliance.csv")
    >>> with open(path, "w") as fh:
    ...     _ = fh.write("coalition,value\\nHub,10\\nBattery,5\\nHub+Battery,40\\n")
    >>> g = co.io.read_game(path)
    >>> g.players, g.grand_value
    (('Hub', 'Battery'), 40.0)
    >>> co.io.read_game(path, kind="cost").kind
    'cost'
    """
    return _read(path, format=format, kind=kind, fill=fill, max_bytes=max_bytes).game


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
    game).

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


def loads(
    text: str,
    *,
    format: str,
    kind: str | None = None,
    fill: str | None = None,
    source: str = "<string>",
) -> Game:
    """Read a game from the text of a TOML, JSON or CSV game file.

    Parameters
    ----------
    text : str
        The text of a game file (see the module documentation).
    format : {"toml", "json", "csv"}
        The format of `text`.
    kind, fill : str, optional
        As in :func:`read_game`.
    source : str, default "<string>"
        The name that error messages give the text.

    Returns
    -------
    Game

    Raises
    ------
    GameFileError
        As in :func:`read_game`.
    InvalidParameterError
        If `format`, `kind` or `fill` is unknown.

    See Also
    --------
    read_game, dumps

    References
    ----------
    TOML v1.0.0 specification (2021), https://toml.io/en/v1.0.0.

    Examples
    --------
    >>> import coalition as co
    >>> text = '''
    ... players = ["A", "B", "C"]
    ... fill = "additive"
    ... [values]
    ... A = 1
    ... B = 2
    ... C = 3
    ... "A+B+C" = 12
    ... '''
    >>> g = co.io.loads(text, format="toml")
    >>> g.value("A+C"), g.grand_value
    (4.0, 12.0)
    >>> co.io.loads('{"values": {"A": 1, "B": "two"}}', format="json")
    Traceback (most recent call last):
    ...
    coalition.errors.GameFileError: `<string>`, key `values.B`: expected a number, got the string 'two'
    """
    if not isinstance(text, str):
        raise InvalidParameterError(f"`text` must be a string, got {type(text).__name__}")
    fmt = _check_format(format)
    kind, fill = _check_options(kind, fill)
    return _parse(text, fmt, str(source), kind, fill).game


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
    if not isinstance(game, Game):
        raise InvalidGameError(f"`game` must be a coalition.Game, got {type(game).__name__}")
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
    table = game.values
    names = [Game._name(m, game.players) for m in range(1, table.size)]
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


# ---------------------------------------------------------------------------
# reading
# ---------------------------------------------------------------------------
def _read(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    kind: str | None = None,
    fill: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> _GameFile:
    source = _fspath(path)
    fmt = _format_of(source, format)
    kind, fill = _check_options(kind, fill)
    max_bytes = _check_max_bytes(max_bytes)
    data = _read_bytes(source, fmt, max_bytes)
    return _parse_bytes(data, fmt, source, kind, fill)


def _read_bytes(source: str, fmt: str, max_bytes: int) -> bytes:
    """The bytes of the regular file `source`, at most `max_bytes` of them.

    Anything but a regular file is refused before it is opened (a named pipe
    would block until a writer came, a device could be endless), and again
    after, on the open file, in case the path changed in between.
    """
    _check_path_text(source, "path")
    try:
        _check_regular(source, os.stat(source), max_bytes)
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    except (FileNotFoundError, NotADirectoryError):
        _fail(source, f"no such file; expected {_EXPECTED[fmt]}")
    except OSError as exc:
        _fail(source, f"cannot be read: {exc.strerror or exc}")
    try:
        with os.fdopen(fd, "rb") as fh:
            _check_regular(source, os.fstat(fh.fileno()), max_bytes)
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        _fail(source, f"cannot be read: {exc.strerror or exc}")
    if len(data) > max_bytes:
        _too_big(source, max_bytes)
    return data


def _check_regular(source: str, st: os.stat_result, max_bytes: int) -> None:
    if stat.S_ISDIR(st.st_mode):
        _fail(source, "is a folder, not a game file")
    if not stat.S_ISREG(st.st_mode):
        what = ("a named pipe" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode)
                else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "not a plain file")
        _fail(source, f"is {what}, not a regular file; expected a game file (the command line reads "
              "standard input as `-`)")
    if st.st_size > max_bytes:
        _too_big(source, max_bytes, st.st_size)


def _too_big(source: str, max_bytes: int, size: int | None = None) -> NoReturn:
    has = f"has {size:,} bytes" if size is not None else "is larger than that"
    _fail(source, f"{has}; `max_bytes` allows {max_bytes:,}: a game file is read whole into memory")


def _parse_bytes(data: bytes, fmt: str, source: str, kind: str | None, fill: str | None) -> _GameFile:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        _fail(source, f"is not UTF-8 text (bad byte at offset {exc.start}); expected {_EXPECTED[fmt]}")
    return _parse(text, fmt, source, kind, fill)


def _parse(text: str, fmt: str, source: str, kind: str | None, fill: str | None) -> _GameFile:
    text = text.removeprefix("\ufeff")  # a byte-order mark, as some spreadsheets write
    if not text.strip():
        _fail(source, f"is empty; expected {_EXPECTED[fmt]}")
    if fmt == "csv":
        entries, header_kind = _parse_csv(text, source)
        meta: dict[str, Any] = {"kind": header_kind}
        kind_where = "line 1 (the header)" if header_kind else None
        values_where = None
    else:
        doc = _load_toml(text, source) if fmt == "toml" else _load_json(text, source)
        entries, meta = _parse_document(doc, source, fmt)
        kind_where, values_where = "key `kind`", "key `values`"
    kind = _agree(source, kind_where, "kind", meta.get("kind"), kind) or "profit"
    fill = _agree(source, "key `fill`", "fill", meta.get("fill"), fill)
    game = _build(source, entries, meta.get("players"), kind, fill, fmt, values_where)
    return _GameFile(game, source, meta.get("title"), meta.get("description"))


def _load_toml(text: str, source: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        _fail(source, f"not valid TOML: {exc}")
    except RecursionError:
        _fail(source, "not valid TOML: nested too deeply")
    except ValueError:  # an integer too long for Python to convert
        long_run = re.search(r"[0-9][0-9_]{%d,}" % _MAX_INT_DIGITS, text)
        where = None if long_run is None else f"line {text.count(chr(10), 0, long_run.start()) + 1}"
        _fail(source, "has an integer of thousands of digits; expected a finite number of at most "
              "1e150 in magnitude", where)


class _DuplicateKey(Exception):
    pass


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKey(key)
        obj[key] = value
    return obj


@dataclass(frozen=True)
class _LongInteger:
    """An integer literal too long to convert, kept as its digit count."""

    digits: int


def _json_int(text: str) -> int | _LongInteger:
    digits = len(text) - text.startswith("-")
    return _LongInteger(digits) if digits > _MAX_INT_DIGITS else int(text)


def _load_json(text: str, source: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_unique_pairs, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        _fail(source, f"not valid JSON: {exc.msg} (column {exc.colno})", f"line {exc.lineno}")
    except _DuplicateKey as exc:
        _fail(source, f"the key {exc.args[0]!r} appears twice in one object; each key must be unique")
    except RecursionError:
        _fail(source, "not valid JSON: nested too deeply")


def _parse_document(doc: Any, source: str, fmt: str) -> tuple[list[_Entry], dict[str, Any]]:
    if not isinstance(doc, dict):
        _fail(source, f"expected {_EXPECTED[fmt]}, got {_describe(doc)}")
    for key in doc:
        if key not in _TOP_KEYS:
            _fail(source, f"unknown key; expected some of {', '.join(_TOP_KEYS)}", f"key `{_key_text(key)}`")
    meta: dict[str, Any] = {
        "kind": _optional_choice(doc, "kind", _KINDS, source),
        "fill": _optional_choice(doc, "fill", _FILLS, source),
        "title": _optional_text(doc, "title", source),
        "description": _optional_text(doc, "description", source),
        "players": _players(doc.get("players"), source),
    }
    values = doc.get("values")
    if values is None:
        _fail(source, f"has no `values`; expected {_EXPECTED[fmt]}")
    if not isinstance(values, dict):
        _fail(source, f"expected a table of coalition worths such as \"A+B\" = 5, got {_describe(values)}", "key `values`")
    if not values:
        _fail(source, "is empty; expected the worth of each coalition, keyed like \"A+B\"", "key `values`")
    entries = []
    for key, raw in values.items():
        where = f"key `values.{_key_text(key)}`"
        members = _split(key, source, where)
        entries.append(_Entry(members, _document_number(raw, key, source, where), where))
    return entries, meta


def _optional_choice(doc: dict[str, Any], key: str, choices: tuple[str, ...], source: str) -> str | None:
    value = doc.get(key)
    if value is not None and value not in choices:
        options = " or ".join(repr(c) for c in choices)
        _fail(source, f"expected {options}, got {_describe(value)}", f"key `{key}`")
    return value


def _optional_text(doc: dict[str, Any], key: str, source: str) -> str | None:
    value = doc.get(key)
    if value is not None and not isinstance(value, str):
        _fail(source, f"expected a string, got {_describe(value)}", f"key `{key}`")
    if value is not None:
        _check_unicode(value, source, f"key `{key}`", allowed="\t\n\r")
    return value


def _players(players: Any, source: str) -> tuple[str, ...] | None:
    if players is None:
        return None
    if not isinstance(players, list):
        _fail(source, f"expected a list of player names, got {_describe(players)}", "key `players`")
    if not players:
        _fail(source, "is empty; expected a list of player names", "key `players`")
    seen: dict[str, int] = {}
    for i, p in enumerate(players):
        where = f"key `players[{i}]`"
        if not isinstance(p, str) or not p.strip():
            _fail(source, f"expected a non-empty name, got {_describe(p)}", where)
        _check_unicode(p, source, where)
        if "+" in p:
            _fail(source, f"the name {p!r} contains '+', which joins names in coalition keys", where)
        if p != p.strip():
            _fail(source, f"the name {p!r} starts or ends with spaces", where)
        if p in seen:
            _fail(source, f"the name {p!r} is listed twice (also `players[{seen[p]}]`)", where)
        seen[p] = i
    return tuple(players)


def _split(key: str, source: str, where: str) -> tuple[str, ...]:
    if not key.strip():
        return ()
    _check_unicode(key, source, where)
    members = tuple(p.strip() for p in key.split("+"))
    if not all(members):
        _fail(source, f"the coalition {_shown(key)} has an empty name; expected names joined by '+', like \"A+B\"",
              where)
    seen: set[str] = set()
    for p in members:
        if p in seen:
            _fail(source, f"the coalition {_shown(key)} names {_shown(p)} twice", where)
        seen.add(p)
    return members


def _check_unicode(text: str, source: str, where: str, *, allowed: str = "") -> None:
    """Refuse a lone surrogate (JSON can write one as \\ud800), which is no
    character, and control characters (a terminal escape, a NUL) but `allowed`."""
    bad = _unprintable(text, allowed)
    if bad is not None:
        _fail(source, f"{_shown(text)} holds {bad}; expected Unicode text", where)


def _unprintable(text: str, allowed: str = "") -> str | None:
    """What makes `text` unfit for a name, or None."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"{text[exc.start]!a}, half of a surrogate pair, which is not a character"
    for ch in text:
        if (ch < " " or "\x7f" <= ch < "\xa0") and ch not in allowed:
            return f"the control character {ch!a}"
    return None


def _document_number(raw: Any, key: str, source: str, where: str) -> float:
    if isinstance(raw, _LongInteger):
        _fail(source, f"expected a finite number of at most 1e150 in magnitude, got an integer of "
              f"{raw.digits:,} digits", where)
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        hint = ""
        if key in _TOP_KEYS:
            hint = f" (in TOML, top-level keys such as `{key}` must come before the [values] table)"
        _fail(source, f"expected a number, got {_describe(raw)}{hint}", where)
    try:
        worth = float(raw)
    except OverflowError:
        worth = math.inf
    if not math.isfinite(worth):
        _fail(source, f"expected a finite number, got {_shown(raw)}", where)
    return worth


def _parse_csv(text: str, source: str) -> tuple[list[_Entry], str | None]:
    reader = csv.reader(StringIO(text, newline=""))
    header_kind: str | None = None
    seen_header = False
    entries: list[_Entry] = []
    try:
        for row in reader:
            where = f"line {reader.line_num}"
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line
            if not seen_header:
                cells = [c.strip().lower() for c in row]
                if cells not in (["coalition", "value"], ["coalition", "cost"]):
                    _fail(source, "expected the header `coalition,value` (or `coalition,cost` for a "
                          f"cost game), got {_shown(','.join(row))}", where)
                header_kind = "cost" if cells[1] == "cost" else None
                seen_header = True
                continue
            if len(row) != 2:
                _fail(source, f"expected 2 columns (coalition, worth), got {len(row)}: {_shown(','.join(row))}",
                      where)
            members = _split(row[0], source, where)
            try:
                worth = float(row[1].strip())
            except ValueError:
                _fail(source, f"expected a number in the second column, got {_shown(row[1])}", where)
            if not math.isfinite(worth):
                _fail(source, f"expected a finite number in the second column, got {_shown(row[1])}", where)
            entries.append(_Entry(members, worth, where))
    except csv.Error as exc:
        _fail(source, f"not valid CSV: {exc}", f"line {reader.line_num}")
    if not entries:
        _fail(source, "has a header but no coalitions; expected one `coalition,worth` row per coalition")
    return entries, header_kind


def _agree(source: str, where: str | None, name: str, in_file: str | None, asked: str | None) -> str | None:
    if in_file is not None and asked is not None and in_file != asked:
        _fail(source, f"the file says {in_file!r} but {name}={asked!r} was asked", where)
    return in_file if in_file is not None else asked


def _build(
    source: str,
    entries: list[_Entry],
    players: tuple[str, ...] | None,
    kind: str,
    fill: str | None,
    fmt: str,
    values_where: str | None,
) -> Game:
    if players is None:
        order: dict[str, None] = {}
        for e in entries:
            order.update(dict.fromkeys(e.members))
        if not order:
            _fail(source, "names no player; expected coalitions such as \"A\", \"B\", \"A+B\"", values_where)
        players = tuple(order)
    index = {p: i for i, p in enumerate(players)}
    given: dict[int, str] = {}
    for e in entries:
        mask = 0
        for p in e.members:
            if p not in index:
                _fail(source, f"names {_shown(p)}, which is not in `players` {_shown(list(players))}", e.where)
            mask |= 1 << index[p]
        if mask in given:
            _fail(source, f"gives the coalition {Game._name(mask, players)} again; it was given at {given[mask]}", e.where)
        if mask == 0 and e.worth != 0:
            _fail(source, f"the empty coalition must have worth 0, got {e.worth!r}", e.where)
        given[mask] = e.where
    n = len(players)
    wanted = (1 << n) - 1
    have = len(given) - (0 in given)
    if fill is None and have < wanted:
        missing: list[str] = []
        mask = 1
        while len(missing) < _SHOWN and mask <= wanted:
            if mask not in given:
                missing.append(Game._name(mask, players))
            mask += 1
        more = ", ..." if wanted - have > len(missing) else ""
        how = {
            "toml": 'set fill = "additive" or fill = "superadditive"',
            "json": 'set "fill": "additive" or "fill": "superadditive"',
            "csv": "read it with fill='additive' or 'superadditive' (--fill on the command line)",
        }[fmt]
        _fail(
            source,
            f"lacks {wanted - have:,} of the {wanted:,} coalitions of {n} players: "
            f"{', '.join(missing)}{more}; give them, or {how}",
            values_where,
        )
    worths = {e.members: e.worth for e in entries}
    prefix = f"`{source}`" + (f", {values_where}" if values_where else "")
    try:
        return Game.from_dict(worths, players, fill=fill, kind=kind)
    except GameTooLargeError as exc:
        raise _GameFileTooLargeError(_printable(f"`{source}`: {exc}")) from None
    except (InvalidGameError, InvalidParameterError) as exc:
        msg = str(exc)
        msg = msg.replace("`mapping`", prefix, 1) if "`mapping`" in msg else f"{prefix}: {msg}"
        raise GameFileError(_printable(msg)) from None


class _GameFileTooLargeError(GameFileError, GameTooLargeError):
    """A game file describes a game too large for a dense table."""


# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------
def _fail(source: str, message: str, where: str | None = None) -> NoReturn:
    location = f"`{source}`" + (f", {where}" if where else "")
    raise GameFileError(_printable(f"{location}: {message}"))


def _printable(message: str) -> str:
    """`message` with anything that could not be printed (a lone surrogate) escaped."""
    return message.encode("utf-8", "backslashreplace").decode("utf-8")


def _fspath(path: Any) -> str:
    try:
        return os.fsdecode(os.fspath(path))
    except TypeError:
        raise InvalidParameterError(
            f"`path` must be a file path (a str or os.PathLike), got {type(path).__name__}"
        ) from None


def _check_path_text(path: str, name: str) -> None:
    """Refuse a path no file system call could take (a NUL, an unencodable name)."""
    if not path:
        raise InvalidParameterError(f"`{name}` is the empty string; expected a file path")
    if "\0" in path:
        raise InvalidParameterError(f"`{name}` {path!a} contains a NUL character, which no file name may hold")
    try:
        os.fsencode(path)
    except UnicodeEncodeError as exc:
        raise InvalidParameterError(
            f"`{name}` {path!a} holds {path[exc.start]!a}, which cannot be encoded as a file name "
            f"({sys.getfilesystemencoding()}); expected a name of Unicode characters"
        ) from None


def _check_max_bytes(max_bytes: Any) -> int:
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise InvalidParameterError(f"`max_bytes` must be a positive integer, got {_shown(max_bytes)}")
    return max_bytes


def _shown(value: Any) -> str:
    """``repr(value)``, cut to a length that fits a message."""
    if isinstance(value, int) and value.bit_length() > 1000:
        return f"an integer of about {int(value.bit_length() * 0.30103):,} digits"
    text = repr(value)
    if len(text) > _MAX_SHOWN_CHARS:
        text = f"{text[:_MAX_SHOWN_CHARS - 15]}... ({len(text):,} characters)"
    return text


def _check_format(format: Any) -> str:
    if format not in _FORMATS:
        raise InvalidParameterError(f"`format` must be 'toml', 'json' or 'csv', got {format!r}")
    return format


def _format_of(path: str, format: str | None) -> str:
    if format is not None:
        return _check_format(format)
    ext = os.path.splitext(path)[1].lower()
    if ext not in _EXTENSIONS:
        raise InvalidParameterError(
            f"`path` {path!r} has the extension {ext or '(none)'!r}; expected .toml, .json or "
            ".csv, or pass `format` (--input-format on the command line)"
        )
    return _EXTENSIONS[ext]


def _check_options(kind: Any, fill: Any) -> tuple[str | None, str | None]:
    if kind is not None and kind not in _KINDS:
        raise InvalidParameterError(f"`kind` must be 'profit' or 'cost', got {kind!r}")
    if fill is not None and fill not in _FILLS:
        raise InvalidParameterError(f"`fill` must be None, 'additive' or 'superadditive', got {fill!r}")
    return kind, fill


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, _LongInteger):
        return f"an integer of {value.digits:,} digits"
    if isinstance(value, str):
        return f"the string {_shown(value)}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {_shown(value)}"
    return f"a {type(value).__name__}"


def _plain_number(value: float) -> int | float:
    """An integral float as an int (exact below 2**53), so files read `40`, not `40.0`."""
    if value.is_integer() and abs(value) < 2.0**53:
        return int(value)
    return value


def _number_text(value: int | float) -> str:
    return str(value) if isinstance(value, int) else repr(value)


_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _toml_string(text: str) -> str:
    out = []
    for ch in text:
        if ch in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def _key_text(key: str) -> str:
    """A key as a message shows it: quoted as in TOML, cut if long."""
    if len(key) > _MAX_SHOWN_CHARS:
        return _toml_string(key[:_MAX_SHOWN_CHARS - 15]) + f"... ({len(key):,} characters)"
    return _toml_key(key)


def _atomic_write(path: str | os.PathLike[str], write: Callable[[IO[bytes]], object]) -> None:
    """Call ``write(file)`` on a new temporary file and put it in place of
    `path` in one step (:func:`os.replace`), so `path` is either the old file
    or the complete new one, and no temporary file outlives a failure.

    The temporary file has a short name of its own (a target name of the
    longest length the file system allows still works) in the folder of the
    file `path` resolves to, so a symbolic link is kept and its target is
    replaced. An existing file keeps its permission bits (and, where allowed,
    its owner); a new one gets those :func:`open` would give it (``0o666``
    less the umask). A target that exists but is not a regular file (a
    terminal, ``/dev/null``, a named pipe) is written in place, as a stream.

    Raises
    ------
    GameFileError
        If the file cannot be written; the message names `path` and says why.
    InvalidParameterError
        If `path` is not a file path.
    """
    target = _fspath(path)
    _check_path_text(target, "path")
    real = os.path.realpath(target)
    try:
        old = os.stat(real)
    except FileNotFoundError:
        old = None
    except OSError as exc:
        _write_failed(target, exc)
    if old is not None and stat.S_ISDIR(old.st_mode):
        _write_failed(target, "it is a folder")
    if old is not None and not stat.S_ISREG(old.st_mode):
        _write_stream(target, write)
        return
    temp = os.path.join(os.path.dirname(real), f".coalition-{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(temp, flags, 0o600 if old is not None else 0o666)
    except OSError as exc:
        _write_failed(target, exc, folder=True)
    try:
        if old is not None:
            _copy_mode(fd, temp, old)
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, real)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            _write_failed(target, exc)
        raise


def _copy_mode(fd: int, temp: str, old: os.stat_result) -> None:
    """Give the new file the permission bits (and, if allowed, owner) of the old."""
    if hasattr(os, "fchown") and (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(OSError):  # only the owner's group, or root, may do this
            os.fchown(fd, old.st_uid, old.st_gid)
    if os.chmod in os.supports_fd:
        os.chmod(fd, stat.S_IMODE(old.st_mode))
    else:  # pragma: no cover - Windows
        os.chmod(temp, stat.S_IMODE(old.st_mode))


def _write_stream(target: str, write: Callable[[IO[bytes]], object]) -> None:
    try:
        with open(target, "wb") as fh:
            write(fh)
    except OSError as exc:
        _write_failed(target, exc)


def _write_failed(target: str, why: OSError | str, *, folder: bool = False) -> NoReturn:
    if isinstance(why, OSError):
        reason = why.strerror or str(why)
        if folder and why.errno is not None and why.errno in _FOLDER_ERRNOS:
            reason += f" (in the folder {os.path.dirname(os.path.realpath(target)) or '.'!r})"
        why = reason
    raise GameFileError(_printable(f"`{target}`: cannot be written: {why}")) from None


_FOLDER_ERRNOS = {getattr(errno, name, None) for name in ("EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT")}
