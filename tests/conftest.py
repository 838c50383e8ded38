import os

import numpy as np
import pytest
from hypothesis import settings
from hypothesis import strategies as st

settings.register_profile("default", max_examples=40, deadline=None)
settings.register_profile("ci", max_examples=40, deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture
def rng():
    return np.random.default_rng(20261123)


@st.composite
def dense_tables(draw, min_n=1, max_n=6, integer=False):
    """A random characteristic function as a dense binary-order table."""
    n = draw(st.integers(min_n, max_n))
    elems = (
        st.integers(-50, 50).map(float)
        if integer
        else st.floats(-100, 100, allow_nan=False, allow_infinity=False)
    )
    vals = draw(st.lists(elems, min_size=(1 << n) - 1, max_size=(1 << n) - 1))
    return n, np.array([0.0, *vals])
