"""The `coalition scenarios` command: its JSON and CSV parsed back and equal to
share_distribution, robust_core and TermSheet.stress called directly (which
test_uncertain_scenarios checks against brute force), a few figures checked
by hand, and bad files refused with exit status 2."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import coalition as co
from coalition.cli import main
from coalition.io import read_scenarios
from coalition.terms import read_terms

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "consortium_scenarios.toml"

# Two partners; each scenario favours one of them so much that no stakes hold in both.
SPLIT = """players = ["A", "B"]
[values]
A = 8
B = 0
"A+B" = 10
[[scenario]]
name = "A strong"
weight = 0.5
[[scenario]]
name = "B strong"
weight = 0.5
values = {A = 0, B = 8}
"""


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["scenarios", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_equals_the_library_called_directly(capsys):
    code, out, _ = _run(capsys, EXAMPLE, "--rules", "Shapley,nucleolus,equal split", "--robust", "--terms",
                        "--format", "json")
    doc = json.loads(out)
    sg = read_scenarios(EXAMPLE)
    for rule in ("Shapley", "nucleolus", "equal split"):
        d = co.share_distribution(sg, rule)
        assert doc["distributions"][d.rule]["shares"] == d.as_dict()  # JSON keeps every float exactly
        assert doc["distributions"][d.rule]["mean_exact"] is d.mean_exact
    r = co.robust_core(sg)
    assert doc["robust"]["nonempty"] is True and doc["robust"]["stakes"] == pytest.approx(r.as_dict())
    assert doc["robust"]["max_excess"] == pytest.approx(r.max_excess)
    stress = read_terms(EXAMPLE).stress(sg)
    assert doc["terms"]["stable_probability"] == pytest.approx(stress.in_core_rate)
    assert [s["name"] for s in doc["scenarios"]] == ["slump", "base", "boom"]
    assert [s["weight"] for s in doc["scenarios"]] == [0.2, 0.5, 0.3]
    # By hand: 20% of v(N) split 40/40/20, the rest equally. In the slump (v(N) = 32) the Factory and
    # the Distributor get 2.56 + 1.28 + 2 * 25.6 / 3 = 20.9067 < 22 = v(Factory+Distributor); in the
    # base and boom scenarios every coalition gets at least its worth. So P(stable) = 0.5 + 0.3.
    assert doc["terms"]["stable_probability"] == pytest.approx(0.8)
    assert doc["terms"]["worst_scenario"] == "slump"
    assert doc["terms"]["worst_blocking"] == "Factory+Distributor"
    assert doc["terms"]["max_excess"]["slump"] == pytest.approx(22 - (2.56 + 1.28 + 2 * 25.6 / 3))
    # By hand: the Shapley value is linear, so its mean is that of the mean game; the Lab's share is
    # 0.2 * 23/3 + 0.5 * 44/3 + 0.3 * 28 (each scenario's Shapley value of a three-player game).
    assert doc["distributions"]["Shapley"]["shares"]["Lab"]["mean"] == pytest.approx(
        0.2 * 23 / 3 + 0.5 * 44 / 3 + 0.3 * 28)
    assert code == 1  # the sheet is not stable in the slump


def test_csv_equals_the_library_called_directly(capsys):
    code, out, _ = _run(capsys, EXAMPLE, "--robust", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    sg = read_scenarios(EXAMPLE)
    for rule in ("Shapley", "nucleolus"):
        d = co.share_distribution(sg, rule)
        got = {(r["partner"], r["statistic"]): float(r["value"]) for r in rows
               if r["section"] == "distribution" and r["rule"] == rule}
        want = {(p, k): v for p, stats in d.as_dict().items() for k, v in stats.items()}
        assert got == pytest.approx(want)
    stakes = {r["partner"]: float(r["value"]) for r in rows if r["section"] == "robust" and r["partner"]}
    assert stakes == pytest.approx(co.robust_core(sg).as_dict())
    assert {r["statistic"]: float(r["value"]) for r in rows if r["section"] == "scenario"} == {
        "slump": 0.2, "base": 0.5, "boom": 0.3}
    assert code == 0  # robust stakes exist, and no term sheet was asked for


def test_an_empty_robust_core_exits_1_and_names_the_blocking_scenario(tmp_path, capsys):
    path = tmp_path / "split.toml"
    path.write_text(SPLIT)
    code, out, _ = _run(capsys, path, "--robust", "--format", "json")
    doc = json.loads(out)
    # By hand: x_A >= 0.8 in one scenario and x_B >= 0.8 in the other; the least worst excess is at
    # x = (1/2, 1/2), where the strong partner alone would gain 8 - 5 = 3 in its scenario.
    assert code == 1 and doc["robust"]["nonempty"] is False
    assert doc["robust"]["stakes"] == pytest.approx({"A": 0.5, "B": 0.5})
    assert doc["robust"]["max_excess"] == pytest.approx(3)
    assert {(b["scenario"], b["coalition"]) for b in doc["robust"]["blocking"]} == {("A strong", "A"),
                                                                                     ("B strong", "B")}
    code, out, _ = _run(capsys, path, "--robust")
    assert code == 1 and "in scenario A strong: A would gain 3" in out


def test_table_and_markdown_name_the_scenarios_and_the_probability(capsys):
    code, out, _ = _run(capsys, EXAMPLE, "--terms")
    assert code == 1
    assert "slump (0.2), base (0.5), boom (0.3)" in out and "stable with probability 80.0%" in out
    assert "P(walk)" in out
    code, out, _ = _run(capsys, EXAMPLE, "--format", "markdown", "--rules", "Shapley")
    assert code == 0 and out.startswith("## Research consortium") and "| Lab | 17.27 |" in out


def test_output_file_is_written_with_what_stdout_would_show(tmp_path, capsys):
    target = tmp_path / "out.json"
    code, out, _ = _run(capsys, EXAMPLE, "--format", "json", "-o", target)
    assert code == 0 and out == ""
    code, out, _ = _run(capsys, EXAMPLE, "--format", "json")
    assert code == 0 and json.loads(target.read_text()) == json.loads(out)


@pytest.mark.parametrize(("text", "args", "words"), [
    (('[values]\nA = 1\nB = 1\n"A+B" = 3\n[[scenario]]\nname = "x"\nweight = 0.5\n[[scenario]]\nname = "y"\n'
     'weight = 0.6\n'), [], ["`scenario`", "add up to 1"]),
    ('[values]\nA = 1\nB = 1\n"A+B" = 3\n[[scenario]]\nname = "x"\nweight = 1\nprobability = 1\n', [],
     ["`scenario[0].probability`", "unknown key", "name, weight, values, inherit"]),
    ('[values]\nA = 1\nB = 1\n"A+B" = 3\n[[scenario]]\nname = "x"\nweight = 1\nvalues = {"A+Q" = 4}\n', [],
     ["'Q'", "not in `players`"]),
    (('[values]\nA = 1\nB = 1\n"A+B" = 3\n[[scenario]]\nname = "x"\nweight = 1\ninherit = false\n'
     'values = {A = 1, B = 2}\n'), [], ["`scenario[0].values`", "lacks 1", "A+B"]),
    ('[values]\nA = 1\nB = 1\n"A+B" = 3\n', [], ["has no `scenario` entries"]),
    ('[values]\nA = 1\nB = 1\n"A+B" = 3\n[[scenario]]\nname = "x"\n', ["--terms"], ["has no `terms` section"]),
])
def test_bad_files_exit_2_with_the_problem_named(tmp_path, capsys, text, args, words):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    code, out, err = _run(capsys, path, *args)
    assert code == 2 and out == ""
    assert err.startswith("coalition: error:") and str(path) in err
    for word in words:
        assert word in err


def test_robust_stakes_need_a_positive_total_in_every_scenario(tmp_path, capsys):
    path = tmp_path / "loss.toml"
    path.write_text('[values]\nA = 1\nB = 1\n"A+B" = 3\n[[scenario]]\nname = "ok"\n'
                    '[[scenario]]\nname = "loss"\nvalues = {"A+B" = -2}\n')
    code, _, err = _run(capsys, path, "--robust")
    assert code == 2 and "`scenario[1]`" in err and "'loss' has -2.0" in err
    assert _run(capsys, path, "--rules", "Shapley")[0] == 0  # a distribution needs no positive total


def test_standard_input_and_unknown_rules_are_refused(capsys):
    code, _, err = _run(capsys, "-")
    assert code == 2 and "not standard input" in err
    code, _, err = _run(capsys, EXAMPLE, "--rules", "no such rule")
    assert code == 2 and "unknown rule" in err
