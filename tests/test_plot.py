"""Figures of coalition.plot, rendered headlessly (Agg) to PNG files.

Each figure is saved, read back and checked to be a real picture (size, share
of non-background pixels); its drawn data are checked against independent
oracles: bar heights against the comparison table, the shaded core polygon
against a brute-force enumeration of the core's vertices of a 3-player game,
marker positions against the allocations, node sizes against the shares.
Budget: under 30 s.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import sys

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib", reason="coalition.plot needs matplotlib (the `plots` extra)")
matplotlib.use("Agg")

import matplotlib.image as mpimg  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.patches import Polygon  # noqa: E402

import coalition as co  # noqa: E402
from coalition import plot  # noqa: E402
from coalition.errors import InvalidAllocationError, InvalidGameError, InvalidParameterError  # noqa: E402

# A symmetric game whose core is the triangle x_i <= 6 (each pair claims 6 of 12).
SYM = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 6, "A+C": 6, "B+C": 6, "A+B+C": 12})
# An asymmetric game with a pentagonal core.
ASYM = co.Game.from_dict({"Volt": 20, "Cell": 10, "Fab": 5, "Volt+Cell": 55, "Volt+Fab": 35,
                          "Cell+Fab": 18, "Volt+Cell+Fab": 80})
# A cost game (three towns sharing a water plant).
COST = co.Game.from_dict({"A": 10, "B": 8, "C": 6, "A+B": 14, "A+C": 13, "B+C": 11, "A+B+C": 18}, kind="cost")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def render(fig, tmp_path, name="figure.png", min_ink=0.02):
    """Save `fig` as a PNG, read it back, check it is a real picture."""
    path = tmp_path / name
    fig.savefig(path, dpi=60)
    assert path.stat().st_size > 4_000
    img = mpimg.imread(path)
    h, w = img.shape[:2]
    assert h >= 200 and w >= 300, (h, w)
    ink = np.any(img[:, :, :3] < 0.95, axis=2).mean()
    assert ink > min_ink, f"only {ink:.1%} of the pixels are not background"
    colours = np.unique((img[:, :, :3] * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert len(colours) > 20
    return img


# ---------------------------------------------------------------------------
# oracles
# ---------------------------------------------------------------------------
def brute_core_vertices_3(game):
    """Vertices of the core of a 3-player game (in the game's units), by
    intersecting every pair of constraint lines on the efficiency plane."""
    w = game.worths
    vN = w[7]
    # constraints x_i >= v(i) and x_i <= v(N) - v(N \\ i), each as (i, bound, sense)
    lines = []
    for i in range(3):
        lines.append((i, w[1 << i]))
        lines.append((i, vN - w[7 & ~(1 << i)]))
    pts = []
    for (i, a), (j, b) in itertools.combinations(lines, 2):
        if i == j:
            continue
        x = np.zeros(3)
        x[i], x[j] = a, b
        k = 3 - i - j
        x[k] = vN - a - b
        ok = all(x[p] >= w[1 << p] - 1e-9 and x[p] <= vN - w[7 & ~(1 << p)] + 1e-9 for p in range(3))
        if ok:
            pts.append(game._from_worth_units(x))
    if not pts:
        return np.empty((0, 3))
    pts = np.unique(np.round(np.array(pts), 9), axis=0)
    return pts


def brute_in_core(game, y):
    x = game._to_worth_units(np.asarray(y, float))
    w = game.worths
    return abs(x.sum() - w[-1]) < 1e-9 and all(
        x[[i for i in range(game.n) if m >> i & 1]].sum() >= w[m] - 1e-9 for m in range(1, 1 << game.n)
    )


def xy_to_allocation(game, xy):
    """Invert the barycentric map of plot.core: a point -> shares."""
    from coalition.plot._triangle import _CORNERS as corners
    m = np.vstack([corners.T, np.ones(3)])
    lam = np.linalg.solve(m, np.array([xy[0], xy[1], 1.0]))
    x = game.worths[[1, 2, 4]] + lam * game.surplus
    return game._from_worth_units(x)


def same_rows(a, b, tol=1e-6):
    if len(a) != len(b):
        return False
    return all(np.min(np.max(np.abs(b - r), axis=1)) < tol for r in a)


# ---------------------------------------------------------------------------
# compare
# ---------------------------------------------------------------------------
def test_compare_bars_reproduce_the_table(tmp_path):
    c = co.compare(SYM, proposal=[8, 2, 2])
    fig = plot.compare(c)
    render(fig, tmp_path)
    ax = fig.axes[0]
    bars = [cont for cont in ax.containers if hasattr(cont, "patches")]
    # proportional to zero standalone worths does not apply: 5 of the 6 columns
    shown = [j for j in range(len(c.rules)) if not np.isnan(c.shares[0, j])]
    assert c.rules[3] == "proportional" and shown == [0, 1, 2, 4, 5]
    assert len(bars) == len(shown)
    for j, cont in zip(shown, bars):
        heights = [p.get_height() for p in cont.patches]
        np.testing.assert_allclose(heights, c.shares[:, j])
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    # [8, 2, 2] is blocked by B+C (v = 6 > 4): brute force agrees with the legend
    assert not brute_in_core(SYM, [8, 2, 2])
    assert any(lab.startswith("proposal: B+C would walk (+2)") for lab in labels)
    assert any(lab.startswith("Shapley: in the core") for lab in labels)
    # standalone worths drawn as one black segment per partner
    segs = [ln for ln in ax.lines if ln.get_color() == "black" and ln.get_linewidth() == 2]
    assert sorted(float(ln.get_ydata()[0]) for ln in segs) == sorted(SYM.standalone.tolist())
    assert "v(N) = 12" in ax.get_title()


def test_compare_skips_rules_without_shares_and_shows_cost_shares(tmp_path):
    # negative standalone worths: the proportional rule does not apply
    g = co.Game.from_dict({"A": -1, "B": 2, "C": 1, "A+B": 4, "A+C": 3, "B+C": 5, "A+B+C": 9})
    c = co.compare(g)
    skipped = [r for j, r in enumerate(c.rules) if np.all(np.isnan(c.shares[:, j]))]
    assert skipped, "the oracle game should make a rule inapplicable"
    fig = plot.compare(c)
    render(fig, tmp_path)
    bars = [cont for cont in fig.axes[0].containers if hasattr(cont, "patches")]
    assert len(bars) == len(c.rules) - len(skipped)

    # A and B pay 9 + 6 = 15 under the proposal, 14 alone (brute force agrees)
    assert not brute_in_core(COST, [9, 6, 3])
    fig = plot.compare(co.compare(COST, proposal=[9, 6, 3]))
    render(fig, tmp_path, "cost.png")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "proposal: A+B would pay 1 less alone" in labels
    assert ax.get_ylabel() == "cost share"
    assert "c(N) = 18" in ax.get_title()


def test_compare_draws_into_given_axes_and_many_partners(tmp_path):
    fig0, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4))
    out = plot.compare(co.compare(SYM), ax=ax2)
    assert out is fig0 and ax2.containers and not ax1.containers
    render(out, tmp_path)
    g = co.families.additive_with_synergies({f"P{i}": float(i) for i in range(9)})
    render(plot.compare(co.compare(g, rules=["Shapley", "equal split"])), tmp_path, "wide.png")


def test_compare_bad_input():
    with pytest.raises(InvalidParameterError, match="`comparison` must be a coalition.Comparison"):
        plot.compare(co.shapley(SYM))
    c = co.compare(SYM)
    with pytest.raises(InvalidParameterError, match="`ax` must be a matplotlib Axes"):
        plot.compare(c, ax="left")
    empty = co.Comparison(players=("A", "B"), kind="profit", grand_value=1.0, standalone=[0, 0],
                          rules=("x",), shares=[[np.nan], [np.nan]], in_core=(None,),
                          worst_blocking=(None,), bounds=None)
    with pytest.raises(InvalidParameterError, match="`comparison` has no rule with shares"):
        plot.compare(empty)


def test_missing_matplotlib_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"pip install 'coalition\[plots\]'"):
        plot.compare(co.compare(SYM))
    with pytest.raises(ImportError, match="matplotlib"):
        plot.core(SYM)


# ---------------------------------------------------------------------------
# core
# ---------------------------------------------------------------------------
def core_polygon(ax):
    polys = [p for p in ax.patches if isinstance(p, Polygon) and p.get_label() == "core"]
    assert len(polys) == 1
    return polys[0].get_xy()[:-1]  # closed: last vertex repeats the first


@pytest.mark.parametrize("game", [SYM, ASYM, COST], ids=["symmetric", "asymmetric", "cost"])
def test_core_polygon_is_the_brute_force_core(game, tmp_path):
    fig = plot.core(game)
    render(fig, tmp_path)
    drawn = np.array([xy_to_allocation(game, xy) for xy in core_polygon(fig.axes[0])])
    expected = brute_core_vertices_3(game)
    assert len(expected) >= 3
    assert same_rows(drawn, expected), (drawn, expected)


def test_core_marks_allocations_where_they_are(tmp_path):
    shap = co.shapley(ASYM)
    outside = {"Volt": 66, "Cell": 9, "Fab": 5}  # Cell+Fab get 14 < 18
    fig = plot.core(ASYM, {"Shapley": shap, "term sheet": outside, "vector": [40, 25, 15]})
    render(fig, tmp_path)
    ax = fig.axes[0]
    marks = {ln.get_label(): ln for ln in ax.lines if ln.get_label().endswith("core)")}
    assert set(marks) == {"Shapley (in the core)", "term sheet (outside the core)", "vector (in the core)"}
    for label, y in [("Shapley (in the core)", shap.x), ("term sheet (outside the core)", [66, 9, 5]),
                     ("vector (in the core)", [40, 25, 15])]:
        ln = marks[label]
        xy = (ln.get_xdata()[0], ln.get_ydata()[0])
        np.testing.assert_allclose(xy_to_allocation(ASYM, xy), y, atol=1e-9)
        assert (ln.get_markerfacecolor() != "white") == brute_in_core(ASYM, y)


def test_core_accepts_a_comparison_and_allocation_lists(tmp_path):
    c = co.compare(COST, proposal={"A": 9, "B": 6, "C": 3})
    fig = plot.core(COST, c)
    render(fig, tmp_path)
    labels = [ln.get_label() for ln in fig.axes[0].lines if ln.get_label().endswith("core)")]
    assert len(labels) == sum(not np.any(np.isnan(c.shares[:, j])) for j in range(len(c.rules)))
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "pays" in texts and "pay ≤" in texts
    fig = plot.core(COST, [co.shapley(COST), co.nucleolus(COST)])
    labels = [ln.get_label() for ln in fig.axes[0].lines if ln.get_label().endswith("core)")]
    assert [lab.split(" (")[0] for lab in labels] == ["shapley", "nucleolus"]


def test_core_empty_point_and_segment(tmp_path):
    # majority game: empty core
    maj = co.Game.from_function(lambda s: float(len(s) >= 2), ["A", "B", "C"])
    assert len(brute_core_vertices_3(maj)) == 0
    fig = plot.core(maj, {"Shapley": co.shapley(maj)})
    render(fig, tmp_path, "empty.png", min_ink=0.01)
    ax = fig.axes[0]
    assert any("the core is empty" in t.get_text() for t in ax.texts)
    assert not [p for p in ax.patches if p.get_label() == "core"]
    # glove market, one left glove: the core is one point
    glove = co.Game.from_function(lambda s: float("L" in s and ("R1" in s or "R2" in s)), ["L", "R1", "R2"])
    fig = plot.core(glove)
    ax = fig.axes[0]
    (pt,) = [ln for ln in ax.lines if ln.get_label() == "core (one point)"]
    np.testing.assert_allclose(xy_to_allocation(glove, (pt.get_xdata()[0], pt.get_ydata()[0])), [1, 0, 0],
                               atol=1e-9)
    # A and B each claim the whole surplus with C: x_C = 0 and the core is a segment
    seg = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 1, "A+C": 0, "B+C": 0, "A+B+C": 1})
    fig = plot.core(seg)
    (line,) = [ln for ln in fig.axes[0].lines if ln.get_label() == "core (a segment)"]
    ends = np.array([xy_to_allocation(seg, xy) for xy in line.get_xydata()])
    assert same_rows(ends, np.array([[1.0, 0, 0], [0, 1.0, 0]]))


def test_core_bad_input():
    four = co.Game.from_function(lambda s: len(s) ** 2, ["A", "B", "C", "D"])
    with pytest.raises(InvalidGameError, match="`game` has 4 players"):
        plot.core(four)
    with pytest.raises(InvalidGameError, match="`game` has 2 players"):
        plot.core(co.Game([0, 1, 2, 6]))
    with pytest.raises(InvalidGameError, match="`game` must be a coalition.Game"):
        plot.core([0, 1, 2])
    additive = co.Game.from_function(lambda s: float(len(s)), ["A", "B", "C"])
    with pytest.raises(InvalidGameError, match="`game` creates no surplus"):
        plot.core(additive)
    with pytest.raises(InvalidAllocationError, match=r"`allocations\['half'\]` adds up to 6"):
        plot.core(SYM, {"half": [2, 2, 2]})
    with pytest.raises(InvalidAllocationError, match=r"`allocations\['short'\]` has shape \(2,\)"):
        plot.core(SYM, {"short": [6, 6]})
    with pytest.raises(InvalidAllocationError, match=r"`allocations\['nan'\]` has non-finite"):
        plot.core(SYM, {"nan": [np.nan, 6, 6]})
    with pytest.raises(InvalidAllocationError, match=r"`allocations\['other'\]` is for the players"):
        plot.core(SYM, {"other": co.shapley(ASYM)})
    with pytest.raises(InvalidAllocationError, match=r"holds cost shares"):
        plot.core(SYM, {"cost": co.Allocation(("A", "B", "C"), [4, 4, 4], "x", "cost")})
    with pytest.raises(InvalidParameterError, match="`allocations` must be a dict"):
        plot.core(SYM, "Shapley")
    with pytest.raises(InvalidParameterError, match="`allocations` is a comparison of"):
        plot.core(SYM, co.compare(ASYM))


# ---------------------------------------------------------------------------
# convergence
# ---------------------------------------------------------------------------
VOTE = co.families.weighted_voting([8, 6, 5, 4, 3, 2, 1, 1], quota=16, players=list("ABCDEFGH"))


@functools.lru_cache(maxsize=1)
def _runs():
    return tuple(co.estimate_shapley(VOTE, budget=int(b), method="permutation", seed=3)
                 for b in (400, 1_600, 6_400, 25_600))


def traced_estimate():
    """An estimate with a trace assembled from real runs at growing budgets
    (same seed), in the layout the estimator records."""
    runs = _runs()
    est = dataclasses.replace(runs[-1])
    trace = (np.array([r.n_evaluations for r in runs]), np.array([r.x for r in runs]),
             np.array([(r.ci[1] - r.ci[0]) / 2 for r in runs]))
    object.__setattr__(est, "trace", trace)
    return est, trace


def test_convergence_draws_the_trace(tmp_path):
    est, (evals, xs, hw) = traced_estimate()
    fig = plot.convergence(est)
    render(fig, tmp_path)
    ax = fig.axes[0]
    # 8 players: the 6 largest shares by default
    top = sorted(np.argsort(-est.x, kind="stable")[:6])
    assert [ln.get_label() for ln in ax.lines] == [est.players[i] for i in top]
    for ln, i in zip(ax.lines, top):
        np.testing.assert_allclose(ln.get_xdata(), evals)
        np.testing.assert_allclose(ln.get_ydata(), xs[:, i])
    assert ax.get_xscale() == "log"
    assert f"{np.max(hw[-1]):.3g}" in ax.get_title()

    fig = plot.convergence(est, players=["H", "A"], show="half_width")
    render(fig, tmp_path, "hw.png")
    ax = fig.axes[0]
    lines = {ln.get_label(): ln for ln in ax.lines}
    np.testing.assert_allclose(lines["H"].get_ydata(), hw[:, 7])
    np.testing.assert_allclose(lines["largest over all partners"].get_ydata(), hw.max(axis=1))
    assert ax.get_yscale() == "log"


def test_convergence_of_a_real_estimate(tmp_path):
    est = co.estimate_shapley(VOTE, budget=20_000, method="permutation", seed=5)
    if getattr(est, "trace", None) is None:
        pytest.skip("coalition.Estimate has no `trace` yet: the estimator does not record its rounds")
    evals, xs, hw = est.trace
    assert np.all(np.diff(evals) > 0) and evals[-1] == est.n_evaluations
    np.testing.assert_allclose(xs[-1], est.x)
    render(plot.convergence(est), tmp_path)


def test_convergence_bad_input():
    est, trace = traced_estimate()
    with pytest.raises(InvalidParameterError, match="`estimate` must be a coalition.Estimate"):
        plot.convergence(co.shapley(VOTE))
    bare = co.estimate_shapley(VOTE, budget=2_000, method="permutation", seed=1)
    object.__setattr__(bare, "trace", None)
    with pytest.raises(InvalidParameterError, match="`estimate` carries no trace"):
        plot.convergence(bare)
    object.__setattr__(bare, "trace", (trace[0], trace[1][:, :3], trace[2]))
    with pytest.raises(InvalidParameterError, match=r"expected \(4, 8\)"):
        plot.convergence(bare)
    object.__setattr__(bare, "trace", (np.zeros(0), np.zeros((0, 8)), np.zeros((0, 8))))
    with pytest.raises(InvalidParameterError, match="`estimate.trace` is empty"):
        plot.convergence(bare)
    object.__setattr__(bare, "trace", 3)
    with pytest.raises(InvalidParameterError, match="`estimate.trace` must be"):
        plot.convergence(bare)
    with pytest.raises(InvalidParameterError, match="`players` names 'Z'"):
        plot.convergence(est, players=["A", "Z"])
    with pytest.raises(InvalidParameterError, match="`players` is empty"):
        plot.convergence(est, players=[])
    with pytest.raises(InvalidParameterError, match="`show` must be"):
        plot.convergence(est, show="bands")


# ---------------------------------------------------------------------------
# network
# ---------------------------------------------------------------------------
def node_collections(ax):
    return [c for c in ax.collections if isinstance(c, PathCollection)]


def test_network_sizes_nodes_by_share(tmp_path):
    net = co.network.hub_and_spoke("Hub", ["A", "B", "C", "D"], weights=[8, 4, 2, 1])
    g = co.network.synergy_game(net, standalone=1)
    sh = co.shapley(g)
    # closed form: standalone + half of each synergy
    np.testing.assert_allclose(sh.x, [1 + 7.5, 5, 3, 2, 1.5])
    fig = plot.network(net, sh)
    render(fig, tmp_path)
    ax = fig.axes[0]
    (nodes,) = node_collections(ax)
    sizes = np.asarray(nodes.get_sizes())
    assert np.all(np.diff(sizes) < 0)  # shares fall from the hub to D
    np.testing.assert_allclose((sizes - sizes.min()) / (sizes.max() - sizes.min()),
                               (sh.x - sh.x.min()) / (sh.x.max() - sh.x.min()))
    faces = nodes.get_facecolors()
    assert not np.allclose(faces[0], faces[1]) and np.allclose(faces[1], faces[4])  # the hub stands out
    texts = [t.get_text() for t in ax.texts]
    assert "Hub\n8.5" in texts and "D\n1.5" in texts
    assert ax.get_title().startswith("Shapley shares")


def test_network_accepts_dicts_vectors_positions_and_cost_shares(tmp_path):
    graph = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    fig = plot.network(graph, {"a": 1, "b": -2, "c": 3, "d": 0.5})
    render(fig, tmp_path)
    (nodes,) = node_collections(fig.axes[0])
    rims = nodes.get_edgecolors()
    assert not np.allclose(rims[1], rims[0])  # the negative share gets a red rim
    pos = {u: (i, i % 2) for i, u in enumerate(graph)}
    fig = plot.network(graph, [1, 2, 3, 4], pos=pos)
    np.testing.assert_allclose(node_collections(fig.axes[0])[0].get_offsets(), [pos[u] for u in graph])
    cost = co.Game.from_function(lambda s: 10.0 + 2 * len(s), ["a", "b", "c", "d"], kind="cost")
    fig = plot.network(graph, co.myerson(cost, graph))
    assert "cost shares" in fig.axes[0].get_title()
    # a disconnected graph gets a spring layout
    two = nx.Graph([("a", "b"), ("c", "d")])
    render(plot.network(two, [1, 1, 1, 1]), tmp_path, "two.png", min_ink=0.01)


def test_network_bad_input():
    net = co.network.hub_and_spoke("Hub", ["A", "B"])
    with pytest.raises(InvalidParameterError, match="`graph` must be a networkx.Graph"):
        plot.network({"Hub": ["A"]}, [1, 2, 3])
    with pytest.raises(InvalidParameterError, match="`graph` is directed"):
        plot.network(nx.DiGraph(net), [1, 2, 3])
    with pytest.raises(InvalidParameterError, match="`graph` lacks 1 players|`graph` has 1 nodes that are not"):
        plot.network(net, {"Hub": 1, "A": 2})
    with pytest.raises(InvalidParameterError, match="`graph` has 1 nodes that are not players"):
        plot.network(net, {"Hub": 1, "A": 2, "Z": 3})
    with pytest.raises(InvalidAllocationError, match=r"`allocation` has shape \(2,\)"):
        plot.network(net, [1, 2])
    with pytest.raises(InvalidAllocationError, match="`allocation` must hold one finite share"):
        plot.network(net, [1, np.inf, 2])
    with pytest.raises(InvalidAllocationError, match="`allocation` must map names to numbers"):
        plot.network(net, {"Hub": "big", "A": 1, "B": 1})
    with pytest.raises(InvalidParameterError, match="`pos` has no position for the nodes"):
        plot.network(net, [1, 2, 3], pos={"Hub": (0, 0)})
    with pytest.raises(InvalidParameterError, match="`ax` must be a matplotlib Axes"):
        plot.network(net, [1, 2, 3], ax=1)
