"""numba kernels: plain arrays and scalars in, arrays out; never a Game.

Every kernel is compiled with ``cache=True`` and without ``fastmath`` so that
sums are the ones written. The Python layer in the rule modules validates the
input and wraps the output.
"""
