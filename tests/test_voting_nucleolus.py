"""The nucleolus of weighted voting games without a table: the oracle kernel
against brute force, the route against the table engine, published nucleoli,
the certificate, and bad input."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coalition as co
from coalition._kernels import voting_oracle as ko
from coalition.stability import _voting_nucleolus as vn


def _table_nucleolus(weights, quota):
    """The nucleolus by the table engine (a plain game of the same worths)."""
    return co.nucleolus(co.Game(co.families.weighted_voting(weights, quota).worths))


def _all_counts(sizes):
    return np.array(list(itertools.product(*[range(s + 1) for s in sizes])), dtype=np.int64)


# the oracle kernel against brute force
@pytest.mark.parametrize("seed", range(6))
def test_oracle_lists_every_count_vector_in_order(seed):
    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 5))
    weights = rng.integers(1, 7, size=m).astype(np.int64)
    sizes = rng.integers(1, 4, size=m).astype(np.int64)
    q = int(rng.integers(1, int(weights @ sizes) + 1))
    y = rng.normal(size=m) * 0.3
    counts = _all_counts(sizes)
    excess = (counts @ weights >= q) - counts @ y
    h = ko.best_completion(weights, sizes, q, y)
    assert h[0, 0] == pytest.approx(excess.max(), abs=1e-12)
    # identity basis: every vector but the empty one, best first
    got, exc, n_out, status, skipped = ko.top_coalitions(
        weights, sizes, q, y, h, np.eye(m), 1e-9, -10.0, counts.shape[0] + 1, 100_000)
    assert status == 0 and n_out == counts.shape[0] - 1 and skipped == 1
    assert np.all(np.diff(exc[:n_out]) <= 1e-10)
    want = {tuple(k) for k in counts if k.any()}
    assert {tuple(k) for k in got[:n_out]} == want
    recomputed = (got[:n_out] @ weights >= q) - got[:n_out] @ y
    np.testing.assert_allclose(exc[:n_out], recomputed, atol=1e-12)
    # a threshold keeps exactly the vectors above it
    cut = float(np.median(excess))
    got, exc, n_out, status, _ = ko.top_coalitions(
        weights, sizes, q, y, h, np.eye(m), 1e-9, cut, counts.shape[0] + 1, 100_000)
    assert status == 0 and n_out == int(np.sum((excess > cut) & counts.any(axis=1)))


def test_oracle_skips_the_span_and_stops_at_max_out():
    weights = np.array([3, 2, 1], dtype=np.int64)
    sizes = np.array([2, 2, 3], dtype=np.int64)
    q, y = 6, np.array([0.2, 0.1, 0.05])
    h = ko.best_completion(weights, sizes, q, y)
    basis = vn.complement(sizes[None, :].astype(float), 3)  # L = span of the grand coalition
    counts = _all_counts(sizes)
    in_span = [k for k in counts if np.linalg.matrix_rank(np.vstack([sizes, k])) < 2]
    _, _, n_out, status, skipped = ko.top_coalitions(
        weights, sizes, q, y, h, basis, 1e-9, -10.0, counts.shape[0], 100_000)
    assert status == 0 and skipped == len(in_span)  # the empty and the grand coalition
    assert n_out == counts.shape[0] - len(in_span)
    _, _, n_out, status, _ = ko.top_coalitions(weights, sizes, q, y, h, basis, 1e-9, -10.0, 3, 100_000)
    assert (n_out, status) == (3, 1)
    _, _, _, status, _ = ko.top_coalitions(weights, sizes, q, y, h, basis, 1e-9, -10.0, 100, 4)
    assert status == 2  # out of room: said, not a short list


# the route against the table engine
@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(0, 20), min_size=2, max_size=14), st.floats(0.0, 1.0))
def test_equals_the_table_nucleolus(weights, where):
    total = sum(weights)
    if total == 0:
        return
    quota = max(1, min(total, round(where * total)))
    units = np.array(weights, dtype=np.int64)
    try:
        ref = _table_nucleolus(weights, quota)
    except co.InfeasibleError:
        with pytest.raises(co.InfeasibleError):
            vn.nucleolus_of_threshold(units, quota)
        return
    out = vn.nucleolus_of_threshold(units, quota)
    np.testing.assert_allclose(out.x, ref.x, atol=1e-8)
    if out.stages:
        assert out.levels[0] == pytest.approx(ref.levels[0], abs=1e-8)  # the least-core epsilon


def test_majority_games_of_14_players_equal_the_table():
    rng = np.random.default_rng(14)
    for weights in (rng.integers(1, 21, size=14), rng.choice(np.arange(1, 200), size=14, replace=False)):
        quota = int(weights.sum()) // 2 + 1
        out = vn.nucleolus_of_threshold(weights.astype(np.int64), quota)
        np.testing.assert_allclose(out.x, _table_nucleolus(weights, quota).x, atol=1e-8)


def test_nucleolus_dispatches_at_17_players_and_agrees_with_the_table():
    weights = [9, 9, 7, 7, 7, 5, 4, 4, 3, 3, 2, 2, 1, 1, 1, 0, 0]
    g = co.families.weighted_voting(weights, 36)
    got = co.nucleolus(g)
    ref = co.nucleolus(co.Game(g.worths))
    assert "without a table" in got.message and "certified" in got.message
    np.testing.assert_allclose(got.x, ref.x, atol=1e-8)
    assert got.x[-2:].tolist() == [0.0, 0.0]  # null players
    assert got.levels[0] == pytest.approx(ref.levels[0], abs=1e-8)
    assert bool(co.verify_nucleolus(g, got.x))


def test_a_large_programme_falls_back_to_the_table(monkeypatch):
    g = co.families.weighted_voting([5, 4, 4, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1], 21)
    fast = co.nucleolus(g)
    monkeypatch.setattr(vn, "MAX_CELLS", 10)
    slow = co.nucleolus(g)
    assert "without a table" in fast.message and "without a table" not in slow.message
    np.testing.assert_allclose(fast.x, slow.x, atol=1e-8)


def test_a_failure_of_the_route_falls_back_to_the_table(monkeypatch):
    g = co.families.weighted_voting([5, 4, 4, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1], 21)
    monkeypatch.setattr(vn, "MAX_NODES", 2)
    with pytest.raises(co.SolverError, match="oracle held 2 partial"):
        vn.solve(g)
    out = co.nucleolus(g)
    assert "without a table" not in out.message
    np.testing.assert_allclose(out.x, co.nucleolus(co.Game(g.worths)).x, atol=1e-12)


# published nucleoli
def test_constant_sum_homogeneous_game_is_proportional_to_its_weights():
    # Peleg (1968), On weights of constant-sum majority games, SIAM J. Appl.
    # Math. 16(3): the nucleolus of a constant-sum homogeneous weighted
    # majority game is its minimal homogeneous representation, normalized.
    # [5; 3, 2, 2, 1, 1] is one (every minimal winning coalition weighs 5).
    w = np.array([3, 2, 2, 1, 1])
    out = vn.nucleolus_of_threshold(w.astype(np.int64), 5)
    np.testing.assert_allclose(out.x, w / 9, atol=1e-9)
    np.testing.assert_allclose(_table_nucleolus(w, 5).x, w / 9, atol=1e-9)


@pytest.mark.parametrize("n", [6, 40, 120])
def test_apex_game(n):
    # The apex game [n-1; n-2, 1, ..., 1] is constant-sum and homogeneous, so
    # (Peleg 1968) its nucleolus is (n-2, 1, ..., 1) / (2n-3).
    g = co.families.weighted_voting([n - 2] + [1] * (n - 1), n - 1)
    x = vn.nucleolus_of_threshold(np.array([n - 2] + [1] * (n - 1), dtype=np.int64), n - 1).x
    want = np.array([n - 2] + [1] * (n - 1)) / (2 * n - 3)
    np.testing.assert_allclose(x, want, atol=1e-9)
    np.testing.assert_allclose(co.nucleolus(g).x, want, atol=1e-9)  # the table engine below MIN_N


def test_un_security_council():
    # [39; 7 x 5, 1 x 10]: the permanent members are veto players, so the
    # core is their splits and the nucleolus (in the core, Schmeidler 1969)
    # splits equally among them; the table engine gives the same.
    weights = [7] * 5 + [1] * 10
    x = vn.nucleolus_of_threshold(np.array(weights, dtype=np.int64), 39).x
    np.testing.assert_allclose(x, [0.2] * 5 + [0.0] * 10, atol=1e-12)
    np.testing.assert_allclose(_table_nucleolus(weights, 39).x, x, atol=1e-8)


# the certificate
def test_certificate_rejects_a_perturbed_answer():
    weights = np.array([6, 5, 3, 2, 1], dtype=np.int64)
    sizes = np.array([2, 3, 3, 4, 5], dtype=np.int64)
    q = int(weights @ sizes) // 2 + 1
    out = vn._class_nucleolus(weights, sizes, q)
    ok, why = vn.certify(weights, sizes, q, out.x, out.stages)
    assert ok, why
    moved = out.x.copy()
    moved[0] += 1e-4 / sizes[0]
    moved[1] -= 1e-4 / sizes[1]  # still efficient, no longer the nucleolus
    ok, why = vn.certify(weights, sizes, q, moved, out.stages)
    assert not ok and "stage" in why
    ok, why = vn.certify(weights, sizes, q, out.x * 1.01, out.stages)
    assert not ok and "add up" in why
    ok, why = vn.certify(weights, sizes, q, out.x, out.stages[:-1] if len(out.stages) > 1 else [])
    assert not ok


# bad input and other games
def test_two_dictators_leave_no_imputation():
    g = co.families.weighted_voting([10, 10] + [1] * 16, 10)
    with pytest.raises(co.InfeasibleError, match="no imputation"):
        co.nucleolus(g)


def test_a_dictator_gets_everything():
    g = co.families.weighted_voting([30] + [1] * 19, 25)
    assert co.nucleolus(g).x.tolist() == [1.0] + [0.0] * 19


def test_unanimity_game_of_20_players():
    g = co.families.unanimity([f"P{i}" for i in range(20)], ["P1", "P4", "P7"])
    x = co.nucleolus(g).x
    assert x[[1, 4, 7]].tolist() == pytest.approx([1 / 3] * 3) and x.sum() == pytest.approx(1.0)


def test_not_a_game():
    with pytest.raises(co.InvalidGameError, match="`game`"):
        co.nucleolus([1, 2, 3])


def test_other_games_and_variants_keep_the_table_route():
    g = co.families.weighted_voting([3, 2, 2, 1, 1], 5)
    assert vn.solve(g) is None  # below MIN_N
    assert vn.threshold_spec(co.Game(g.worths)) is None  # no threshold description
    big = co.families.weighted_voting([2] * 17, 18)
    assert vn.threshold_spec(big) is not None
    assert "without a table" not in co.per_capita_nucleolus(big).message


def test_prenucleolus_without_a_table_and_with_a_dictator():
    # zero-monotonic (no dictator): the prenucleolus is the nucleolus
    weights = [9, 9, 7, 7, 7, 5, 4, 4, 3, 3, 2, 2, 1, 1, 1, 0, 0]
    g = co.families.weighted_voting(weights, 36)
    pre = co.prenucleolus(g)
    assert pre.rule == "prenucleolus" and "without a table" in pre.message
    np.testing.assert_allclose(pre.x, co.prenucleolus(co.Game(g.worths)).x, atol=1e-8)
    # two dictators: no imputation, but a prenucleolus, from the table
    g = co.families.weighted_voting([10, 10] + [1] * 15, 10)
    pre = co.prenucleolus(g)
    assert "without a table" not in pre.message
    np.testing.assert_allclose(pre.x, co.prenucleolus(co.Game(g.worths)).x, atol=1e-8)


def test_compare_uses_the_route_beyond_the_table():
    weights = np.random.default_rng(40).integers(1, 21, size=40)
    g = co.families.weighted_voting(weights, int(weights.sum()) // 2 + 1)
    c = co.compare(g, rules=["nucleolus"])
    assert not any("nucleolus" in note for note in c.notes)
    np.testing.assert_allclose(c.shares[:, 0], co.nucleolus(g).x, atol=1e-12)
