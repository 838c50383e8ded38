"""Shared set-up for the benchmarks (pytest-benchmark).

Run with::

    .venv/bin/python -m pytest benchmarks --benchmark-only -o addopts=""

(``-o addopts=""`` drops the doctest options of pyproject.toml, which would
otherwise collect this folder's Markdown and modules as doctests.)

The comparisons are single-threaded: numba runs its parallel regions on one
thread (``numba.set_num_threads``; numba is already imported when this file
is, since the project's warning filters name ``numba.NumbaWarning``, so
``NUMBA_NUM_THREADS`` could not be changed here any more), and Rayon, OpenMP
and BLAS pools are asked for one thread, so a peer cannot win by using a core
the others do not. Set ``BENCH_THREADS`` to change that.
"""

from __future__ import annotations

import os

_THREADS = os.environ.get("BENCH_THREADS", "1")
for _var in ("RAYON_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, _THREADS)

import numpy as np  # noqa: E402
import pytest  # noqa: E402

# Seed of the random games; every benchmark of a given n times the same table.
SEED = 20240601


@pytest.fixture(scope="session", autouse=True)
def _single_thread():
    import numba

    numba.set_num_threads(min(int(_THREADS), numba.config.NUMBA_NUM_THREADS))
    yield


_TABLES: dict[int, np.ndarray] = {}


@pytest.fixture(scope="session")
def dense_table():
    """``dense_table(n)``: a random game as a read-only binary-order table of
    ``2**n`` worths (entry ``k`` is the coalition with bitmask ``k``, bit ``i``
    = player ``i``; ``v(empty) = 0``), uniform on [0, 1), the same for every
    benchmark in the session."""

    def make(n: int) -> np.ndarray:
        if n not in _TABLES:
            v = np.random.default_rng(SEED + n).random(1 << n)
            v[0] = 0.0
            v.flags.writeable = False
            _TABLES[n] = v
        return _TABLES[n]

    return make
