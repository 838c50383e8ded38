"""Process-wide settings: the memory cap on dense tables."""

from __future__ import annotations

import os

from .errors import InvalidParameterError

__all__ = ["get_max_table_bytes", "set_max_table_bytes"]

_DEFAULT = 2 * 1024**3
_max_table_bytes = int(os.environ.get("COALITION_MAX_TABLE_BYTES", _DEFAULT))


def get_max_table_bytes() -> int:
    """Return the largest dense table, in bytes, a game may build.

    The default is 2 GiB (a game of 28 players), or the value of the
    environment variable ``COALITION_MAX_TABLE_BYTES``.

    Examples
    --------
    >>> import coalition as co
    >>> co.get_max_table_bytes() > 0
    True
    """
    return _max_table_bytes


def set_max_table_bytes(nbytes: int) -> int:
    """Set the largest dense table, in bytes, a game may build.

    Parameters
    ----------
    nbytes : int
        The new cap, a positive number of bytes.

    Returns
    -------
    int
        The previous cap, so a caller can restore it.

    Raises
    ------
    InvalidParameterError
        If `nbytes` is not a positive integer.

    Examples
    --------
    >>> import coalition as co
    >>> old = co.set_max_table_bytes(1024)
    >>> co.Game.from_function(len, [f"P{i}" for i in range(8)]).values
    Traceback (most recent call last):
    ...
    coalition.errors.GameTooLargeError: a dense table of 8 players needs 2,048 bytes (2**8 float64 entries), more than the cap of 1,024 bytes; ...
    >>> _ = co.set_max_table_bytes(old)
    """
    global _max_table_bytes
    if isinstance(nbytes, bool) or not isinstance(nbytes, (int,)) or nbytes <= 0:
        raise InvalidParameterError(f"`nbytes` must be a positive integer, got {nbytes!r}")
    previous, _max_table_bytes = _max_table_bytes, int(nbytes)
    return previous
