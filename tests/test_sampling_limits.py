"""estimate_shapley at its limits: a `tol` that cannot be met, Ctrl-C,
hostile argument values and executors that cannot carry the game.

Oracles: the cap and the warning are checked against the arguments given;
interrupts against the clock; argument errors by their message, which must
name the argument.
"""

from __future__ import annotations

import _thread
import math
import threading
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coalition as co
import coalition.sampling._settings as cs
from coalition.errors import ConvergenceWarning

METHODS = ["permutation", "antithetic", "stratified", "svarm", "kernel"]


def big_vote():
    return co.families.weighted_voting(list(range(1, 41)), 500)


# ---------------------------------------------------------------------------
# a tol that cannot be met stops at a cap, says so and warns
# ---------------------------------------------------------------------------
def test_tol_alone_stops_at_the_default_cap_and_warns():
    # ran without end before: no budget, a tol far below the sampling noise
    with pytest.warns(ConvergenceWarning, match="`max_evaluations` of 10000000"):
        est = co.estimate_shapley(big_vote(), tol=1e-9, method="permutation", seed=1)
    assert not est.converged
    assert est.n_evaluations == cs._DEFAULT_CAP
    assert est.half_width > 1e-9


@pytest.mark.parametrize("method", METHODS + ["auto"])
def test_max_evaluations_caps_every_method(method):
    g = big_vote()  # 2**40 coalitions: no method can enumerate them
    cap = 30_000
    with pytest.warns(ConvergenceWarning, match="before every half-width reached `tol`"):
        est = co.estimate_shapley(g, tol=1e-9, max_evaluations=cap, method=method, seed=2, threads=1)
    assert not est.converged and 0 < est.n_evaluations <= cap
    exact = co.shapley(g).x
    assert np.all(np.abs(est.x - exact) <= 6 * est.stderr + 1e-9)


def test_a_tol_that_is_met_does_not_warn(recwarn):
    g = co.families.weighted_voting([3, 2, 1, 1], quota=4)
    est = co.estimate_shapley(g, tol=0.05, max_evaluations=10**6, seed=1)
    assert est.converged
    assert not [w for w in recwarn if issubclass(w.category, ConvergenceWarning)]


def test_max_evaluations_with_budget_is_refused():
    g = co.families.weighted_voting([3, 2, 1, 1], quota=4)
    with pytest.raises(co.InvalidParameterError, match="`max_evaluations` caps a call with `tol` alone"):
        co.estimate_shapley(g, budget=1000, tol=0.1, max_evaluations=2000)


def test_a_long_call_shows_a_progress_bar(monkeypatch, capsys):
    pytest.importorskip("tqdm")
    import coalition.sampling._run as run

    monkeypatch.setattr(run, "_PROGRESS_AFTER", 0.0)
    g = co.families.weighted_voting([6, 5, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1], quota=16)
    co.estimate_shapley(g, budget=200_000, method="permutation", seed=1, threads=1, chunk_size=1200)
    assert "estimate_shapley" in capsys.readouterr().err
    co.estimate_shapley(g, budget=200_000, method="permutation", seed=1, threads=1, progress=False)
    assert "estimate_shapley" not in capsys.readouterr().err


# ---------------------------------------------------------------------------
# Ctrl-C
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("method", ["permutation", "svarm", "kernel"])
def test_ctrl_c_stops_a_long_call_with_keyboard_interrupt(method, threads):
    g = big_vote()
    co.estimate_shapley(g, budget=20_000, method=method, seed=0, threads=threads)  # compiled, warm
    timer = threading.Timer(0.5, _thread.interrupt_main)
    start = time.monotonic()
    timer.start()
    try:
        # without the interrupt this runs for minutes (SystemError from
        # numba's dispatcher with one thread, before)
        with pytest.raises(KeyboardInterrupt):
            co.estimate_shapley(g, tol=1e-12, max_evaluations=10**12, method=method, seed=0, threads=threads)
        assert time.monotonic() - start < 2.5
    finally:
        timer.cancel()
        timer.join()


# ---------------------------------------------------------------------------
# hostile argument values: a result or an error that names the argument
# ---------------------------------------------------------------------------
HOSTILE = [None, float("nan"), float("inf"), -float("inf"), True, False, 1 + 2j, "abc", "10", b"1",
           10**400, -(10**400), 2**63, 1e308, -1, 0, 0.5, [1], {}, np.float64("nan"), np.int64(-3)]
ARGS = ["budget", "tol", "confidence", "method", "seed", "threads", "chunk_size", "max_evaluations",
        "progress", "executor"]


def call(arg, value):
    g = co.families.weighted_voting([3, 2, 2, 1, 1], quota=5)
    kwargs = {"budget": 400, "seed": 1, "threads": 1, "method": "permutation"}
    if arg in ("tol", "max_evaluations"):
        kwargs = {"tol": 0.2, "seed": 1, "threads": 1, "method": "permutation"}
    kwargs[arg] = value
    return co.estimate_shapley(g, **kwargs)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ARGS), st.sampled_from(HOSTILE))
def test_hostile_arguments_give_a_result_or_a_named_error(arg, value):
    try:
        est = call(arg, value)
    except co.CoalitionError as exc:
        names = {"tol": ["tol"], "budget": ["budget", "tol"]}.get(arg, [arg])
        assert any(f"`{name}" in str(exc) for name in names), str(exc)
        assert len(str(exc)) < 400
    else:
        assert np.all(np.isfinite(est.x)) and est.x.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("arg, value, message", [
    ("tol", 10**400, "`tol` is an integer of 401 digits, too large for a float"),
    ("budget", 10**400, "`budget` must be at most"),
    ("confidence", 10**5000, "`confidence` is an integer of 5,001 digits, too large for a float"),
    ("threads", 10**400, "`threads` must be at most"),
    ("chunk_size", 2**63, "`chunk_size` must be at most"),
    ("tol", 1 + 1j, "`tol` must be a positive number, got \\(1\\+1j\\)"),
    ("method", np.array(["svarm"]), "`method` must be one of"),
], ids=["tol-huge", "budget-huge", "confidence-5001-digits", "threads-huge", "chunk-huge", "tol-complex",
        "method-array"])
def test_overflowing_and_odd_values_are_named(arg, value, message):
    with pytest.raises(co.InvalidParameterError, match=message):
        call(arg, value)


# ---------------------------------------------------------------------------
# executors that cannot carry the game
# ---------------------------------------------------------------------------
def test_a_process_pool_with_a_lambda_game_says_what_to_do():
    g = co.Game.from_function(lambda s: float(len(s)) ** 2, ["A", "B", "C", "D"])
    with ProcessPoolExecutor(1) as pool:
        for method in ("permutation", "kernel"):
            with pytest.raises(co.InvalidGameError, match="top level of a module.*threads") as info:
                co.estimate_shapley(g, budget=300, seed=1, executor=pool, method=method)
            assert "`executor`" in str(info.value)
        # the pool is still usable afterwards
        assert pool.submit(math.sqrt, 4.0).result() == 2.0
