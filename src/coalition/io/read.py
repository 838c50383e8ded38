"""Reading game files: whole, checked, and only from regular files.
"""

from __future__ import annotations

import os
import stat
from typing import Any, NoReturn

from ..errors import (
    InvalidParameterError,
)
from ..game import Game, IntervalGame
from ._common import (
    _EXPECTED,
    MAX_FILE_BYTES,
    _check_format,
    _check_max_bytes,
    _check_options,
    _check_path_text,
    _fail,
    _format_of,
    _fspath,
    _GameFile,
)
from ._claims import _build_claims
from ._parse import _agree, _build, _load_json, _load_toml, _parse_csv, _parse_document

__all__ = ['read_game', 'loads', 'read_interval_game']


# public API
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
    return _exact(_read(path, format=format, kind=kind, fill=fill, max_bytes=max_bytes))


def _exact(parsed: _GameFile) -> Game:
    if isinstance(parsed.game, IntervalGame):
        _fail(parsed.source, "holds ranges or unknown worths; read it with coalition.io.read_interval_game")
    return parsed.game


def read_interval_game(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    fill: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> IntervalGame:
    """Read a game whose worths may be ranges or unknown from a TOML, JSON or CSV file.

    A worth is a number or, in TOML and JSON, a range ``[low, high]``
    (``"Hub+Battery" = [35, 45]``). With ``fill = "unknown"`` in the file (or
    ``fill="unknown"`` here) the coalitions it leaves out are unknown. A file
    of exact worths gives degenerate intervals.

    Parameters
    ----------
    path : str or path-like
    format : {"toml", "json", "csv"}, optional
    fill : {"unknown"}, optional
        For a file that does not say: keep missing coalitions unknown.
    max_bytes : int, default MAX_FILE_BYTES

    Returns
    -------
    IntervalGame

    Raises
    ------
    GameFileError
        As :func:`read_game`, and on a range that is not two numbers or
        whose low end is above its high end, or ranges in a cost game.

    Examples
    --------
    >>> import os, tempfile
    >>> import coalition as co
    >>> path = os.path.join(tempfile.mkdtemp(), "alliance.toml")
    >>> with open(path, "w") as fh:
    ...     _ = fh.write('fill = "unknown"\\n[values]\\nHub = 10\\nBattery = 5\\nGrid = 2\\n'
    ...                  '"Hub+Battery" = [35, 45]\\n"Hub+Battery+Grid" = 60\\n')
    >>> g = co.io.read_interval_game(path)
    >>> g.value("Hub+Battery"), g.value("Hub+Grid")
    ((35.0, 45.0), (-inf, inf))
    """
    parsed = _read(path, format=format, kind=None, fill=fill, max_bytes=max_bytes)
    return _as_interval(parsed.game)


def _as_interval(game: Game | IntervalGame) -> IntervalGame:
    return game if isinstance(game, IntervalGame) else IntervalGame.from_game(game)


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
    return _exact(_parse(text, fmt, str(source), kind, fill))


# reading
def _read(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    kind: str | None = None,
    fill: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> _GameFile:
    source = _fspath(path)
    if format is None and os.path.isdir(source):  # before its extension, which a folder seldom has
        _fail(source, "is a folder, not a game file")
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
        if "claims" in meta:
            if kind not in (None, "profit") or fill is not None:
                _fail(source, "holds a claims problem, a profit game built from its estate and claims; "
                      f"{'kind=' + repr(kind) if kind not in (None, 'profit') else 'fill=' + repr(fill)} does not apply")
            game = _build_claims(source, meta["claims"], meta.get("players"))
            return _GameFile(game, source, meta.get("title"), meta.get("description"))
        kind_where, values_where = "key `kind`", "key `values`"
    kind = _agree(source, kind_where, "kind", meta.get("kind"), kind) or "profit"
    fill = _agree(source, "key `fill`", "fill", meta.get("fill"), fill)
    game = _build(source, entries, meta.get("players"), kind, fill, fmt, values_where)
    return _GameFile(game, source, meta.get("title"), meta.get("description"))
