"""The `kata` command: exit codes, the JSON report on stdout, grading another root."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from pykata.cli import main
from pykata.project import Project


@pytest.fixture
def project(make_project: Any, solution_source: str, monkeypatch: pytest.MonkeyPatch) -> Project:
    built: Project = make_project(
        {"first": solution_source, "second": "def double(x: int) -> int:\n    return x\n"}
    )
    monkeypatch.setenv("PYKATA_PROJECT", str(built.root))
    return built


def test_exit_code_is_1_while_a_kata_is_unsolved(project: Project) -> None:
    assert main(["check", "--no-cache"]) == 1


def test_exit_code_is_0_when_the_named_katas_are_solved(project: Project) -> None:
    assert main(["check", "first"]) == 0


def test_json_report_goes_to_stdout(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert (report["version"], report["solved"], report["total"]) == (2, 1, 2)
    assert [k["status"] for k in report["katas"]] == ["solved", "failed"]


def test_another_root_can_be_graded(project: Project, tmp_path: Path) -> None:
    submission = tmp_path / "submission"
    shutil.copytree(project.solutions_dir, submission)
    assert main(["check", "--root", str(submission)]) == 0


def test_text_report_names_the_failing_check_and_the_next_kata(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check"])
    out = capsys.readouterr().out
    assert "doubles a small number" in out
    assert "expected double(3) to be 6, got 3" in out
    assert "Next: second" in out
    assert "Traceback" not in out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["check", "nope"], "no kata named 'nope'"),
        (["check", "--root", "/does/not/exist"], "no such directory"),
    ],
)
def test_usage_errors_exit_2_with_a_clear_message(
    project: Project, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    assert main(arguments) == 2
    assert message in capsys.readouterr().err


def test_verify_accepts_sound_fixture_katas(
    project: Project, stub_source: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (project.katas_dir / "first.py").write_text(stub_source)
    (project.katas_dir / "second.py").write_text(stub_source)
    assert main(["verify"]) == 0, capsys.readouterr().out


def test_verify_reports_a_stub_that_passes(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", "first"]) == 1
    assert "the stub is solved" in capsys.readouterr().out


def test_new_scaffolds_a_sound_kata(project: Project) -> None:
    assert main(["new", "fresh", "--track", "basics"]) == 0
    assert (project.katas_dir / "fresh.py").exists()
    assert main(["verify", "fresh"]) == 0
    assert main(["new", "fresh", "--track", "basics"]) == 2
