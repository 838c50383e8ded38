"""Constants, the parsed-file records and the small checks shared by reading and writing (private).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from typing import Any, NamedTuple, NoReturn

from .._numbers import _show
from ..errors import (
    GameFileError,
    GameTooLargeError,
    InvalidParameterError,
)
from ..game import Game, IntervalGame

_FORMATS = ("toml", "json", "csv")
_EXTENSIONS = {".toml": "toml", ".json": "json", ".csv": "csv"}
_KINDS = ("profit", "cost")
_FILLS = ("additive", "superadditive", "unknown")
_TOP_KEYS = ("players", "kind", "fill", "values", "estate", "claims", "title", "description", "terms", "scenario")
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

    game: Game | IntervalGame
    source: str
    title: str | None = None
    description: str | None = None


class _Entry(NamedTuple):
    """One coalition of a file: its members, worth and where it stood (a
    named tuple: a file of 2**20 coalitions makes a million of them)."""

    members: tuple[str, ...]
    worth: float
    where: str


@dataclass(frozen=True)
class _LongInteger:
    """An integer literal too long to convert, kept as its digit count."""

    digits: int


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


class _GameFileTooLargeError(GameFileError, GameTooLargeError):
    """A game file describes a game too large for a dense table."""


# small helpers
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
        raise InvalidParameterError(f"`max_bytes` must be a positive integer, got {_show(max_bytes)}")
    return max_bytes


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
        raise InvalidParameterError(f"`fill` must be None, 'additive', 'superadditive' or 'unknown', got {fill!r}")
    return kind, fill


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, _LongInteger):
        return f"an integer of {value.digits:,} digits"
    if isinstance(value, str):
        return f"the string {_show(value)}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {_show(value)}"
    return f"a {type(value).__name__}"


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
