"""Atomic writes: a short temporary file beside the target, then a rename; links, modes and old files are kept.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from typing import IO, Callable, NoReturn

from ..errors import (
    GameFileError,
)
from ._common import _check_path_text, _fspath, _printable


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
