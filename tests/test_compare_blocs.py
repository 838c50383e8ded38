"""Rules of a coalition structure in `compare` and on the command line
(`--blocs`): the Owen value, the Aumann-Dreze value and the (pre)nucleolus
of the blocs, against orders enumerated by hand and the rules called
directly."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest

import coalition as co
from coalition.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
G = co.Game.from_dict({"A": 1, "B": 2, "C": 0, "D": 1, "A+B": 6, "A+C": 5, "A+D": 3, "B+C": 4, "B+D": 4,
                       "C+D": 2, "A+B+C": 10, "A+B+D": 9, "A+C+D": 8, "B+C+D": 7, "A+B+C+D": 14})
BLOCS = [["A", "B"], ["C", "D"]]


def v_of(game, members):
    return game.worths[sum(1 << game.players.index(p) for p in members)]


def average_over_orders(game, players, keep=lambda order: True):
    """Each player's marginal contribution averaged over the orders of
    `players` that `keep` accepts (a plain loop over permutations)."""
    total = dict.fromkeys(players, 0.0)
    count = 0
    for order in itertools.permutations(players):
        if not keep(order):
            continue
        count += 1
        for k, p in enumerate(order):
            total[p] += v_of(game, order[:k + 1]) - v_of(game, order[:k])
    return np.array([total[p] / count for p in players])


def contiguous(order):
    where = [next(b for b, bloc in enumerate(BLOCS) if p in bloc) for p in order]
    return all(where[k] == where[k + 1] or where[k] not in where[k + 1:] for k in range(len(where) - 1))


def test_compare_with_blocs_adds_the_structure_rules():
    c = co.compare(G, blocs=BLOCS)
    assert c.rules == ("Shapley", "nucleolus", "equal surplus", "proportional", "Nash",
                       "Owen", "Aumann-Dreze", "nucleolus (blocs)")
    # Owen: the orders in which each bloc arrives as one group
    np.testing.assert_allclose([c["Owen"][p] for p in G.players],
                               average_over_orders(G, G.players, contiguous), atol=1e-12)
    # Aumann-Dreze: the Shapley value of each bloc's own game
    ad = np.concatenate([average_over_orders(G, tuple(b)) for b in BLOCS])
    np.testing.assert_allclose([c["Aumann-Dreze"][p] for p in G.players], ad, atol=1e-12)
    direct = co.nucleolus(G, structure=BLOCS).x
    np.testing.assert_allclose([c["nucleolus (blocs)"][p] for p in G.players], direct, atol=1e-12)
    for bloc in BLOCS:  # each bloc gets its own worth
        assert sum(c["nucleolus (blocs)"][p] for p in bloc) == pytest.approx(v_of(G, bloc))


def test_structure_rules_by_name_and_without_blocs():
    c = co.compare(G, rules=["aumann_dreze", "owen", "Prenucleolus (blocs)"], blocs=["A+B", "C+D"])
    assert c.rules == ("Aumann-Dreze", "Owen", "prenucleolus (blocs)")
    np.testing.assert_allclose([c["prenucleolus (blocs)"][p] for p in G.players],
                               co.prenucleolus(G, structure=BLOCS).x, atol=1e-12)
    c = co.compare(G, rules=["Shapley", "Owen"])
    assert np.isnan(c.shares[:, 1]).all()
    assert any(note.startswith("Owen: not applicable") and "`blocs`" in note for note in c.notes)


def test_bad_blocs_are_refused_before_any_rule():
    with pytest.raises(co.InvalidParameterError, match="`blocs`"):
        co.compare(G, blocs=[["A", "B"], ["C"]])
    with pytest.raises(co.CoalitionError, match="`blocs`"):
        co.compare(G, blocs=[["A", "B"], ["C", "E", "D"]])


def test_command_line_blocs(capsys):
    path = EXAMPLES / "rd_consortium.toml"
    game = co.io.read_game(path)
    blocs = "University+Lab,Startup+Pharma"
    assert main(["solve", str(path), "--blocs", blocs, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    rules = [r["rule"] for r in doc["rules"]]
    assert rules[-3:] == ["Owen", "Aumann-Dreze", "nucleolus (blocs)"]
    want = co.compare(game, rules=["Owen", "Aumann-Dreze", "nucleolus (blocs)"], blocs=blocs.split(","))
    for j, entry in enumerate(doc["rules"][-3:]):
        np.testing.assert_allclose(entry["shares"], want.shares[:, j], atol=1e-12)
    assert main(["solve", str(path), "--blocs", "University+Lab", "--format", "json"]) == 2
    assert "`blocs`" in capsys.readouterr().err
    assert main(["solve", str(path), "--rules", "Shapley,owen", "--blocs", blocs, "--format", "json"]) == 0
    assert [r["rule"] for r in json.loads(capsys.readouterr().out)["rules"]] == ["Shapley", "Owen"]


def test_command_line_blocs_need_every_worth(capsys):
    path = EXAMPLES / "consortium_ranges.toml"
    assert main(["solve", str(path), "--blocs", "A"]) == 2
    assert "`--blocs` needs every worth" in capsys.readouterr().err


def test_bloc_names_written_badly_name_the_argument():
    for blocs, message in ((["A+B+", "C+D"], "empty name"), (["A+A+B", "C+D"], "names 'A' twice")):
        with pytest.raises(co.InvalidParameterError, match=rf"`blocs` entry #0, .*{message}"):
            co.compare(G, blocs=blocs)


def test_owen_of_a_game_without_a_table_is_estimated():
    # 40 voters in two blocs: the second bloc wins alone, so the first bloc's
    # members get nothing (the quotient game has a dictator); the Owen value
    # is estimated, with its interval and a note saying so
    w = np.arange(1, 41)
    g = co.families.weighted_voting(w.tolist(), int(w.sum() // 2 + 1))
    c = co.compare(g, rules=["Owen"], blocs=[list(g.players[:20]), list(g.players[20:])])
    assert np.all(c.shares[:20, 0] == 0) and c.shares[20:, 0].sum() == pytest.approx(1.0)
    assert "Owen" in c.intervals and any(note.startswith("Owen: estimated") for note in c.notes)


def test_cost_games_say_costs():
    cost = co.Game(np.abs(G.worths) + np.arange(G.worths.size) * (G.worths > 0), players=G.players, kind="cost")
    c = co.compare(cost, rules=["Aumann-Dreze"], blocs=BLOCS)
    assert any("each bloc bears its own cost" in note and "c(N)" in note for note in c.notes)
