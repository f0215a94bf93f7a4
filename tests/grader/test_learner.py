"""The learner's loop: hints, progress list, reset with backups, the debrief, watch."""

from __future__ import annotations

import io
import subprocess
import threading
import time
from typing import Any

import pytest
from rich.console import Console

from pykata.cli import main
from pykata.learner import (
    LearnerError,
    explain,
    next_hint,
    reset_kata,
    restore_backup,
    show_hint,
    show_list,
)
from pykata.progress import Progress, write_stub_hashes
from pykata.project import Project
from pykata.watch import Watcher, run_watch

STUB = "def double(x: int) -> int:\n    raise NotImplementedError\n"


def recording_console() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, width=120, color_system=None), buffer


@pytest.fixture
def project(make_project: Any, monkeypatch: pytest.MonkeyPatch) -> Project:
    """Two untouched stubs, committed to git with their hashes, as a fresh clone has them."""
    built: Project = make_project({"first": STUB, "second": STUB})
    write_stub_hashes(built)
    for command in (
        ["git", "init", "-q"],
        ["git", "add", "-A"],
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "stubs"],
    ):
        subprocess.run(command, cwd=built.root, check=True)
    monkeypatch.setenv("PYKATA_PROJECT", str(built.root))
    return built


def solve(project: Project, slug: str) -> None:
    (project.katas_dir / f"{slug}.py").write_text(
        (project.solutions_dir / f"{slug}.py").read_text()
    )


def test_each_hint_request_reveals_one_more_and_is_remembered(project: Project) -> None:
    console, out = recording_console()
    show_hint(console, project, "first")
    assert "1 of 2 hints" in out.getvalue()
    assert "By two." not in out.getvalue()
    show_hint(console, project, "first")
    assert "2 of 2 hints" in out.getvalue()
    assert "By two." in out.getvalue()
    show_hint(console, project, "first")
    assert "That was the last hint" in out.getvalue()
    assert Progress.load(project).hints_seen == {"first": [0, 1]}


def test_the_next_hint_is_for_the_first_failing_rule() -> None:
    hints = ("Rule 1: start here.", "Rules 2 and 3: then this.", "Rule 3: finally.", "Any.")
    assert next_hint(hints, [], [3]) == 1
    assert next_hint(hints, [1], [3]) == 2
    assert next_hint(hints, [1, 2], [3]) == 0  # nothing left for rule 3: the next in order
    assert next_hint(hints, [], []) == 0
    assert next_hint(hints, [0, 1, 2, 3], [1]) is None


def test_list_tells_not_started_failed_and_solved(project: Project) -> None:
    (project.katas_dir / "first.py").write_text("def double(x: int) -> int:\n    return x\n")
    assert main(["check", "first"]) == 1
    console, out = recording_console()
    show_list(console, project)
    rows = {line.split()[0]: line for line in out.getvalue().splitlines() if "Fixture" in line}
    assert "failed" in rows["first"]
    assert "not started" in rows["second"]
    solve(project, "second")
    assert main(["check", "second"]) == 0
    console, out = recording_console()
    show_list(console, project, status="solved")
    listed = [line.split()[0] for line in out.getvalue().splitlines() if "Fixture:" in line]
    assert listed[:-1] == ["second"], "only solved katas are listed, then the next kata"
    assert "5/10 points" in out.getvalue()


def test_reset_keeps_a_backup_and_restores_the_stub(project: Project) -> None:
    mine = "def double(x: int) -> int:\n    return x * 2  # my work\n"
    (project.katas_dir / "first.py").write_text(mine)
    console, out = recording_console()
    backups = reset_kata(console, project, "first", confirm=lambda question: True)
    assert (project.katas_dir / "first.py").read_text() == STUB
    assert [b.read_text() for b in backups] == [mine]
    assert str(backups[0].relative_to(project.root)) in out.getvalue()


def test_reset_declined_changes_nothing(project: Project) -> None:
    mine = "def double(x: int) -> int:\n    return x * 2\n"
    (project.katas_dir / "first.py").write_text(mine)
    console, _ = recording_console()
    assert reset_kata(console, project, "first", confirm=lambda question: False) == []
    assert (project.katas_dir / "first.py").read_text() == mine
    assert not (project.state_dir / "backups").exists()


def test_reset_without_a_terminal_asks_for_yes(project: Project) -> None:
    (project.katas_dir / "first.py").write_text("x = 1\n")
    assert main(["reset", "first"]) == 2
    assert (project.katas_dir / "first.py").read_text() == "x = 1\n"
    assert main(["reset", "first", "--yes"]) == 0
    assert (project.katas_dir / "first.py").read_text() == STUB


def test_reset_of_an_untouched_stub_does_nothing(project: Project) -> None:
    console, out = recording_console()
    assert reset_kata(console, project, "first", confirm=lambda question: True) == []
    assert "nothing to do" in out.getvalue()


def test_reset_without_the_stub_in_history_fails_clearly(project: Project) -> None:
    (project.root / "tests" / "stubs.json").write_text('{"format": 1, "stubs": {}}')
    console, _ = recording_console()
    with pytest.raises(LearnerError, match="does not list"):
        reset_kata(console, project, "first", confirm=lambda question: True)


def test_restore_brings_back_the_latest_backup_and_keeps_the_current(project: Project) -> None:
    console, _out = recording_console()
    mine = "def double(x: int) -> int:\n    return x * 2  # mine\n"
    (project.katas_dir / "first.py").write_text(mine)
    reset_kata(console, project, "first", confirm=lambda question: True)
    stub = (project.katas_dir / "first.py").read_text()
    restore_backup(console, project, "first", confirm=lambda question: True)
    assert (project.katas_dir / "first.py").read_text() == mine
    backups = list((project.state_dir / "backups" / "first").iterdir())
    assert [path.read_text() for path in backups] == [stub]
    with pytest.raises(LearnerError, match="no backup"):
        restore_backup(console, project, "second", confirm=lambda question: True)


def test_explain_asks_first_and_answers_once_solved(project: Project) -> None:
    kata = project.catalog.get("first")
    console, out = recording_console()
    explain(console, project, kata, solved=False, with_solution=True)
    assert "What does double do?" in out.getvalue()  # the question, also before solving
    assert "not solved yet" in out.getvalue()
    assert "It doubles." not in out.getvalue()
    assert "return 2 * x" not in out.getvalue()
    console, out = recording_console()
    shown_before_enter: list[str] = []
    explain(
        console,
        project,
        kata,
        solved=True,
        with_solution=True,
        pause=lambda: shown_before_enter.append(out.getvalue()),
    )
    assert "What does double do?" in shown_before_enter[0]
    assert "It doubles." not in shown_before_enter[0]  # the outline waits for Enter
    text = out.getvalue()
    for expected in ("It doubles.", "It adds two.", "return 2 * x"):
        assert expected in text


def test_boxes_wrap_their_text_when_lines_elsewhere_do_not(project: Project) -> None:
    """Output that is not a terminal does not wrap lines (commands stay whole); a box's text
    still wraps inside the box instead of being cut at its edge."""
    buffer = io.StringIO()
    narrow = Console(file=buffer, width=18, color_system=None, soft_wrap=True)
    explain(narrow, project, project.catalog.get("first"), solved=False, with_solution=False)
    show_hint(narrow, project, "first")
    shown = " ".join(line.strip("│ ") for line in buffer.getvalue().splitlines())
    assert "What does double do?" in " ".join(shown.split())
    assert "Multiply." in shown


def test_explain_command_grades_before_it_decides(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["explain", "first"]) == 1
    assert "not solved yet" in capsys.readouterr().out
    solve(project, "first")
    assert main(["explain", "first"]) == 0
    assert "What does double do?" in capsys.readouterr().out


def test_welcome_comes_once_and_the_finale_when_all_is_solved(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check"])
    assert "Welcome to pykata" in capsys.readouterr().out
    main(["check"])
    assert "Welcome to pykata" not in capsys.readouterr().out
    solve(project, "first")
    solve(project, "second")
    main(["check"])
    assert "Every kata is solved" in capsys.readouterr().out


def wait_for(buffer: io.StringIO, text: str, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in buffer.getvalue():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("poll", [True, False], ids=["polling", "file-events"])
def test_watch_regrades_on_save_and_moves_on_when_asked(project: Project, poll: bool) -> None:
    console, out = recording_console()
    stop = threading.Event()
    watcher = threading.Thread(
        target=run_watch,
        args=(project, console),
        kwargs={"poll": poll, "stop": stop, "read_commands": False},
    )
    watcher.start()
    try:
        assert wait_for(out, "katas/first.py is still the stub"), out.getvalue()
        assert "grading first" not in out.getvalue()  # an untouched stub is not graded
        # Save until the watcher sees it: when it starts listening depends on the machine's load.
        seen = False
        for _ in range(30):
            solve(project, "first")
            if seen := wait_for(out, "grading first…", seconds=3):
                break
        assert seen, out.getvalue()
        assert wait_for(out, "first solved!"), out.getvalue()
        assert "second: Fixture: second" not in out.getvalue()  # it waits for the learner
        watcher_keys = Watcher(project, console, project.catalog.get("first"))
        assert watcher_keys.command("x")
        assert "unknown key 'x'" in out.getvalue()
        assert watcher_keys.command("n")
        assert wait_for(out, "second: Fixture: second"), out.getvalue()
        assert "katas/second.py is still the stub" in out.getvalue()
        assert not watcher_keys.command("q")
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert not watcher.is_alive()
    assert "Stopped watching" in out.getvalue()
    assert Progress.load(project).statuses["first"] == "solved"
