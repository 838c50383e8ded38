"""The exact kernels against exactly rounded sums (math.fsum)."""

import math

import numpy as np
import pytest

from coalition._kernels import exact as kx
from coalition.values._semivalues import _shapley_weights


def _fsum_semivalue(v, n, p):
    out = []
    for i in range(n):
        terms = []
        for s in range(1 << n):
            if not s >> i & 1:
                k = bin(s).count("1")
                terms += [p[k] * v[s | (1 << i)], -p[k] * v[s]]
        out.append(math.fsum(terms))
    return np.array(out)


@pytest.mark.parametrize("n", [1, 2, 5, 10, 11, 12, 14])
def test_semivalue_kernel_is_accurate_across_block_sizes(n):
    # n = 11 is one block exactly; 12 and 14 use the high-bit path.
    rng = np.random.default_rng(n)
    v = rng.uniform(-1e3, 1e3, 1 << n)
    v[0] = 0
    p = _shapley_weights(n)
    a = np.r_[0.0, p[:-1] + p[1:]]
    sums, total = kx.size_weighted_bit_sums(v, n, a, p)
    expected = _fsum_semivalue(v, n, p)
    np.testing.assert_allclose(sums - total, expected, rtol=0, atol=1e-11 * np.abs(v).max())


def test_popcount_matches_python():
    for x in [0, 1, 2, 3, 255, 2**40 - 1, 0x5555555555555555]:
        assert kx.popcount(np.int64(x)) == bin(x).count("1")


def test_moebius_inverts_zeta():
    rng = np.random.default_rng(1)
    n = 9
    d = rng.normal(size=1 << n)
    d[0] = 0
    v = np.array([sum(d[t] for t in range(1 << n) if t & s == t) for s in range(1 << n)])
    np.testing.assert_allclose(kx.moebius(v, n), d, atol=1e-9)
