"""The interview drill: question files validated with the question named, a round played
without a terminal and in a pseudo-terminal, missed questions first next time."""

from __future__ import annotations

import json
import os
import pty
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from pykata.cli import main
from pykata.drill import DrillError, DrillState, choose_round, load_questions, parse_questions
from pykata.project import Project


def question(identifier: str, best: int = 1, track: str = "basics") -> str:
    options = "".join(
        f'\n[[question.option]]\ntext = "option {n} of {identifier}"\n'
        f'why = "why {n}"\n' + ("best = true\n" if n == best else "")
        for n in range(1, 5)
    )
    return (
        f'\n[[question]]\nid = "{identifier}"\ntopic = "topic {identifier}"\n'
        f'track = "{track}"\nkatas = []\nquestion = "What is {identifier}?"\n'
        f'chain = "a → b → c"\n{options}'
    )


@pytest.fixture
def project(make_project: Any, solution_source: str, monkeypatch: pytest.MonkeyPatch) -> Project:
    built: Project = make_project({"first": solution_source})
    (built.root / "drill").mkdir()
    (built.root / "drill" / "basics.toml").write_text(
        "format = 1\n" + "".join(question(name) for name in ("alpha", "beta", "gamma"))
    )
    monkeypatch.setenv("PYKATA_PROJECT", str(built.root))
    return built


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (question("two-best").replace('why = "why 2"\n', 'why = "why 2"\nbest = true\n'),
         "question 'two-best': exactly one option must have `best = true`"),
        (question("no-why").replace('why = "why 3"', 'why = ""'),
         "question 'no-why': every option explains itself"),
        (question("elsewhere", track="nowhere"), "question 'elsewhere': track 'nowhere'"),
        (question("alpha"), "question 'alpha' duplicates 'alpha'"),
    ],
)  # fmt: skip
def test_a_malformed_question_is_named(project: Project, broken: str, message: str) -> None:
    with (project.root / "drill" / "basics.toml").open("a") as handle:
        handle.write(broken)
    with pytest.raises(DrillError, match=message.replace("(", r"\(")):
        load_questions(project)


def test_a_round_without_a_terminal_scores_and_remembers_the_missed(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["drill", "--seed", "7", "--count", "3", "--answers", "1,1,1", "--format", "json"])
        == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert result["total"] == 3
    right = [a["id"] for a in result["answers"] if a["right"]]
    missed = [a["id"] for a in result["answers"] if not a["right"]]
    assert result["score"] == len(right)
    assert DrillState.load(project).missed == missed
    # the same seed gives the same round, the missed questions first
    again = choose_round(load_questions(project), DrillState.load(project), count=3, seed=7)
    assert [q.id for q, _options in again][: len(missed)] == sorted(
        missed, key=[q.id for q, _o in again].index
    )
    assert {q.id for q, _options in again[: len(missed)]} == set(missed)


def test_the_options_are_shuffled_reproducibly(project: Project) -> None:
    questions = parse_questions("format = 1\n" + question("solo", best=3), "x.toml", project)
    state = DrillState(project.state_dir / "unused.json")
    first = choose_round(questions, state, count=1, seed=1)
    second = choose_round(questions, state, count=1, seed=1)
    assert [o.text for o in first[0][1]] == [o.text for o in second[0][1]]
    assert sorted(o.text for o in first[0][1]) == [f"option {n} of solo" for n in range(1, 5)]


def test_a_round_in_a_terminal_takes_one_keypress_per_question(project: Project) -> None:
    pid, terminal = pty.fork()
    if pid == 0:  # the child: the drill, on a pseudo-terminal
        os.environ.update(PYKATA_PROJECT=str(project.root), NO_COLOR="1", TERM="dumb")
        os.execv(sys.executable, [sys.executable, "-m", "pykata.cli", "drill", "--count", "2"])
    output = b""
    deadline = time.monotonic() + 120
    for _answer in range(2):
        while b"your answer (1-4)" not in output.split(b"\n")[-1] and time.monotonic() < deadline:
            output += _read(terminal)
        os.write(terminal, b"1")
        output += _read(terminal)
    while b"Score:" not in output and time.monotonic() < deadline:
        output += _read(terminal)
    if b"Score:" not in output:
        os.kill(pid, 9)
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, output.decode(errors="replace")
    assert b"1 / 2" in output
    assert b"2 / 2" in output
    assert b"Score:" in output


def _read(terminal: int) -> bytes:
    import select

    ready, _, _ = select.select([terminal], [], [], 0.5)
    if not ready:
        return b""
    try:
        return os.read(terminal, 4096)
    except OSError:
        return b""


def test_the_shipped_questions_are_valid() -> None:
    root = Path(__file__).resolve().parents[2]
    assert load_questions(Project(root))
