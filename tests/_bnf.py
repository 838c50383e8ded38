"""Generator of the nucleolus test games of Benedek, Fliege and Nguyen (2021).

Written from the description in ``shared/benchmarks/nucleolus-bnf/README.md``:
the games come from the linear congruential generator of the MSVC C runtime
(``state = state * 214013 + 2531011 mod 2**32``, ``rand() = (state >> 16) &
0x7FFF``), seeded with the number at the top of each published file.

Reference: M. Benedek, J. Fliege and T.-D. Nguyen (2021). Finding and
verifying the nucleolus of cooperative games. Mathematical Programming 190,
135-170.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

__all__ = ["msvc_rand", "bnf_worths", "read_bnf_file", "BNF_DIR"]



def _bnf_dir() -> Path:
    """``$COALITION_SHARED/benchmarks/nucleolus-bnf``, else the first
    ``shared/benchmarks/nucleolus-bnf`` beside the checkout or one of its
    parents (a user's clone has none: the tests that need it skip)."""
    tail = Path("benchmarks") / "nucleolus-bnf"
    if os.environ.get("COALITION_SHARED"):
        return Path(os.environ["COALITION_SHARED"]) / tail
    here = Path(__file__).resolve().parents[1]
    for folder in here.parents:
        if (folder / "shared" / tail).is_dir():
            return folder / "shared" / tail
    return here.parent / "shared" / tail


BNF_DIR = _bnf_dir()

_A = 214013
_C = 2531011
_MOD = 1 << 32


def msvc_rand(seed: int, count: int) -> np.ndarray:
    """The first `count` outputs of MSVC ``rand()`` after ``srand(seed)``.

    All states are computed at once by composing the affine step with itself
    (the m-step map is ``s -> A_m s + C_m mod 2**32``), so 2**25 draws take a
    fraction of a second.
    """
    states = np.empty(count, dtype=np.uint64)
    if count == 0:
        return states.astype(np.int64)
    mask = np.uint64(_MOD - 1)
    states[0] = (seed * _A + _C) % _MOD
    a_m, c_m, m = _A, _C, 1  # the m-step map
    while m < count:
        k = min(m, count - m)
        # products of two numbers below 2**32 fit in uint64 only up to 2**64:
        # split the multiplier in 16-bit halves to stay exact mod 2**32.
        lo, hi = np.uint64(a_m & 0xFFFF), np.uint64(a_m >> 16)
        s = states[:k]
        prod = (s * lo + (((s * hi) & mask) << np.uint64(16))) & mask
        states[m:m + k] = (prod + np.uint64(c_m)) & mask
        a_m, c_m = (a_m * a_m) % _MOD, (a_m * c_m + c_m) % _MOD
        m += k
    return ((states >> np.uint64(16)) & np.uint64(0x7FFF)).astype(np.int64)


def _popcount(masks: np.ndarray) -> np.ndarray:
    pc = np.zeros_like(masks)
    m = masks.copy()
    while np.any(m):
        pc += m & 1
        m >>= 1
    return pc


def bnf_worths(kind: int, n: int, seed: int) -> np.ndarray:
    """Worths (binary order, ``2**n`` entries with ``v(empty) = 0``) of the
    game of type `kind` (1 to 4) with `n` players and generator seed `seed`."""
    full = (1 << n) - 1
    v = np.zeros(1 << n)
    masks = np.arange(1 << n, dtype=np.int64)
    singleton = (masks & (masks - 1)) == 0  # includes 0
    if kind == 1:
        targets = masks[~singleton & (masks != full)]
        draws = msvc_rand(seed, 1 + targets.size)
        v[full] = draws[0] % 201 + 100 * (n - 2)
        v[targets] = draws[1:] % (100 * _popcount(targets)) + 1
    elif kind in (2, 4):
        r = 50 * n if kind == 2 else n
        targets = masks[~singleton]
        draws = msvc_rand(seed, targets.size)
        v[targets] = draws % r + 1
    elif kind == 3:
        draws = iter(msvc_rand(seed, 1 + n + n * (n - 1) // 2))
        v[full] = 1.0
        d = next(draws) % 10
        for i in range(n):
            if d < 9:
                v[full ^ (1 << i)] = 1.0
            d = next(draws) % 10
            for j in range(i + 1, n):
                if d < 9:
                    v[full ^ (1 << i) ^ (1 << j)] = 1.0
                d = next(draws) % 10
    else:
        raise ValueError(f"`kind` must be 1, 2, 3 or 4, got {kind!r}")
    return v


def read_bnf_file(path: Path) -> tuple[int, int, int, np.ndarray]:
    """(kind, n, seed, published nucleolus) of one ``v{t}n{n}j{l}.txt`` file."""
    name = path.stem
    kind = int(name[1:name.index("n")])
    n = int(name[name.index("n") + 1:name.index("j")])
    nums = path.read_text().split()
    seed = int(nums[0])
    body = np.array([float(t) for t in nums[1:]])
    blocks = body.reshape(4, n + 1)
    return kind, n, seed, blocks[3, :n].copy()
