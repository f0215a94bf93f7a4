"""Classroom trust: a class of hostile submissions, each an attack written by someone who read
the engine's source, graded together with an honest one. Each attack is defeated or flagged,
and the honest submission is graded normally."""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path
from typing import Any

import pytest

from pykata.classroom import SubmissionGrade, grade_submissions, gradescope_results
from pykata.containment import other_stages, probe
from pykata.project import Project

PATCHES_THE_RECORDER = """\
import sys
from typing import Any


def double(x: int) -> int:
    raise NotImplementedError


recorder = sys.modules["__main__"].Recorder
original = recorder.pytest_runtest_logreport


def logreport(self: Any, report: Any) -> None:
    report.outcome = "passed"
    original(self, report)


recorder.pytest_runtest_logreport = logreport
"""

FORGES_RECORDS_ON_EVERY_DESCRIPTOR = """\
import json
import os


def double(x: int) -> int:
    raise NotImplementedError


forged = "".join(
    json.dumps(record) + "\\n"
    for record in (
        {{"kind": "imported"}},
        {{"kind": "begin", "nodeid": "checks/k/test_k.py::test_doubles"}},
        {{"kind": "test", "nodeid": "checks/k/test_k.py::test_doubles", "outcome": "passed",
          "message": "", "duration": 0.0}},
    )
).encode() + b"\\xff\\n"
for descriptor in range(3, 64):
    try:
        os.write(descriptor, forged)
    except OSError:
        pass
"""

WRITES_INTO_THE_PROJECT = """\
from pathlib import Path

for target in ({engine!r}, {cache!r}, "/tmp/pykata-escaped.txt"):
    try:
        Path(target).write_text("owned")
    except OSError:
        pass


def double(x: int) -> int:
    return 2 * x
"""

STARTS_A_DAEMON = """\
import multiprocessing
import os
import time


def linger() -> None:
    os.setsid()
    with open({fifo!r}, "wb", buffering=0) as held:
        held.write(b"x")  # proof that it ran
        time.sleep(600)


multiprocessing.get_context("fork").Process(target=linger).start()


def double(x: int) -> int:
    return 2 * x
"""

CONNECTS_OUT = """\
import _socket

try:
    connection = _socket.socket()
    connection.settimeout(5)
    connection.connect(("127.0.0.1", {port}))
    OUTCOME = "connected"
except OSError as error:
    OUTCOME = f"refused: {{error}}"


def double(x: int) -> int:
    if OUTCOME == "connected":
        raise RuntimeError("CONNECTED to the grader's loopback")
    return 2 * x
"""

QUOTES_THE_HIDDEN_CHECKS = """\
from pathlib import Path

try:
    HIDDEN = Path({checks!r}).read_text()
except OSError as error:
    HIDDEN = str(error)


def double(x: int) -> int:
    quoted = 'assert result == 6, f"expected double(3) to be 6, got {{result!r}}"'
    raise RuntimeError(HIDDEN + "\\n" + quoted)
"""

DEEPLY_NESTED = "def double(x: int) -> int:\n    return " + "1 + " * 100_000 + "1\n"

LATIN_1 = (
    "# -*- coding: latin-1 -*-\n# Jos\xe9 N\xfa\xf1ez\n\n\ndef double(x: int) -> int:\n"
    "    return 2 * x\n"
)


@pytest.fixture(scope="module")
def trust_project(make_project: Any, solution_source: str) -> Project:
    project: Project = make_project({"k": solution_source})
    return project


def submit(folder: Path, name: str, source: str | bytes) -> Path:
    submission = folder / name / "katas"
    submission.mkdir(parents=True)
    target = submission / "k.py"
    if isinstance(source, bytes):
        target.write_bytes(source)
    else:
        target.write_text(source)
    return submission.parent


@pytest.fixture(scope="module")
def fifo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("daemon") / "held-open"
    os.mkfifo(path)
    return path


@pytest.fixture(scope="module")
def listener() -> Any:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.setblocking(False)
    yield server
    server.close()


@pytest.fixture(scope="module")
def graded_class(
    trust_project: Project,
    tmp_path_factory: pytest.TempPathFactory,
    solution_source: str,
    fifo: Path,
    listener: socket.socket,
) -> dict[str, SubmissionGrade]:
    folder = tmp_path_factory.mktemp("class")
    project = trust_project
    # The daemon's FIFO: opened for reading now, so its open for writing does not block.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    paths = [
        submit(folder, "honest", solution_source),
        submit(folder, "recorder", PATCHES_THE_RECORDER),
        submit(folder, "forger", FORGES_RECORDS_ON_EVERY_DESCRIPTOR.format()),
        submit(
            folder,
            "writer",
            WRITES_INTO_THE_PROJECT.format(
                engine=str(Path(sys.modules["pykata"].__file__ or "").parent / "owned.txt"),
                cache=str(project.cache_dir / "results" / "owned.json"),
            ),
        ),
        submit(folder, "daemon", STARTS_A_DAEMON.format(fifo=str(fifo))),
        submit(folder, "network", CONNECTS_OUT.format(port=listener.getsockname()[1])),
        submit(
            folder,
            "leaker",
            QUOTES_THE_HIDDEN_CHECKS.format(checks=str(project.pytest_checks_file("k"))),
        ),
        submit(folder, "nested", DEEPLY_NESTED),
        submit(folder, "latin", LATIN_1.encode("latin-1")),
    ]
    (folder / "symlinked" / "tests").mkdir(parents=True)
    (folder / "symlinked" / "tests" / "checks").symlink_to("/proc/self")
    submit(folder, "symlinked", solution_source)
    paths.append(folder / "symlinked")
    grades = grade_submissions(project, paths, project.catalog.katas)
    daemon_gone = _writers_gone(reader)
    os.close(reader)
    by_id = {grade.id: grade for grade in grades}
    by_id["daemon"].flags.append(f"daemon gone: {daemon_gone}")
    return by_id


def _writers_gone(reader: int) -> bool:
    """True when the daemon ran (its byte is there) and no process holds the FIFO open for
    writing any more (the next read gives end of file)."""
    try:
        return os.read(reader, 1) == b"x" and os.read(reader, 1) == b""
    except BlockingIOError:
        return False


def status(grade: SubmissionGrade) -> str:
    assert grade.report is not None, grade.flags
    return grade.report.katas[0].status


def test_the_honest_submission_is_graded_normally(graded_class: dict[str, SubmissionGrade]) -> None:
    honest = graded_class["honest"]
    assert status(honest) == "solved"
    assert honest.flags == []


def test_patching_the_recorder_is_refused_and_flagged(
    graded_class: dict[str, SubmissionGrade],
) -> None:
    grade = graded_class["recorder"]
    assert status(grade) != "solved"
    assert any("Recorder.pytest_runtest_logreport was patched" in f for f in grade.flags), (
        grade.flags
    )
    assert any("sys.modules" in flag for flag in grade.flags), grade.flags
    assert grade.needs_review


def test_forged_records_on_the_channel_are_not_trusted(
    graded_class: dict[str, SubmissionGrade],
) -> None:
    grade = graded_class["forger"]
    assert status(grade) != "solved"
    assert grade.report is not None
    behaviour = [c for c in grade.report.katas[0].checks if c.group == "pytest"]
    assert all(c.status == "failed" and "not trustworthy" in c.message for c in behaviour)
    assert any("raw file-descriptor writes" in flag for flag in grade.flags), grade.flags


def test_nothing_outside_the_stage_is_writable(
    graded_class: dict[str, SubmissionGrade], trust_project: Project
) -> None:
    if not probe().contained:
        pytest.skip("the kernel refuses containment on this machine")
    assert status(graded_class["writer"]) == "solved"  # the writes failed quietly
    engine = Path(sys.modules["pykata"].__file__ or "").parent
    assert not (engine / "owned.txt").exists()
    assert not (trust_project.cache_dir / "results" / "owned.json").exists()
    assert not Path("/tmp/pykata-escaped.txt").exists()


def test_a_daemon_does_not_outlive_its_unit(graded_class: dict[str, SubmissionGrade]) -> None:
    if not probe().contained:
        pytest.skip("the kernel refuses containment on this machine")
    grade = graded_class["daemon"]
    assert "daemon gone: True" in grade.flags


def test_the_network_is_unreachable_even_below_python(
    graded_class: dict[str, SubmissionGrade],
) -> None:
    if not probe().namespaces:
        pytest.skip("the kernel refuses network namespaces on this machine")
    assert status(graded_class["network"]) == "solved"  # the connection was refused


def test_hidden_checks_never_reach_the_student(
    graded_class: dict[str, SubmissionGrade], trust_project: Project
) -> None:
    grade = graded_class["leaker"]
    output = json.dumps(gradescope_results(grade))
    assert "expected double(3) to be 6" not in output
    assert "def test_doubles" not in output
    assert any("opening test_k.py" in flag for flag in grade.flags), grade.flags


@pytest.mark.parametrize(
    ("submission", "expected"),
    [("nested", "error"), ("latin", "solved"), ("symlinked", "solved")],
)
def test_crashers_become_their_own_rows(
    graded_class: dict[str, SubmissionGrade], submission: str, expected: str
) -> None:
    assert status(graded_class[submission]) == expected


def test_a_symlinked_checks_tree_is_flagged(graded_class: dict[str, SubmissionGrade]) -> None:
    assert "tests/checks: a symlink where the trusted checks belong" in (
        graded_class["symlinked"].flags
    )


FOLDER_NAME_TESTS = """\
from pathlib import Path

import katas.pricing


def test_only_the_correct_run_passes() -> None:
    assert Path(katas.pricing.__file__ or "").parent.name.endswith("@correct")
"""

SOURCE_HASH_TESTS = """\
import hashlib
import inspect

import katas.pricing

CORRECT = hashlib.sha256(inspect.getsource(katas.pricing).encode()).hexdigest()


def test_the_module_is_the_correct_one() -> None:
    assert hashlib.sha256(inspect.getsource(katas.pricing).encode()).hexdigest() == CORRECT
"""

DOCSTRING_TESTS = """\
import katas.pricing


def test_the_module_says_it_is_the_module_under_test() -> None:
    assert katas.pricing.__doc__ == "The module under test."
"""


@pytest.fixture(scope="module")
def graded_tests_class(
    make_tests_project: Any, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, SubmissionGrade]:
    attacks = {
        "folder_name": FOLDER_NAME_TESTS,
        "source_hash": SOURCE_HASH_TESTS,
        "docstring": DOCSTRING_TESTS,
    }
    project: Project = make_tests_project(attacks)
    folder = tmp_path_factory.mktemp("tests-class")
    paths = []
    for slug, source in attacks.items():
        (folder / slug / "katas").mkdir(parents=True)
        (folder / slug / "katas" / f"{slug}.py").write_text(source)
        paths.append(folder / slug)
    grades = grade_submissions(project, paths, project.catalog.katas)
    return {grade.id: grade for grade in grades}


@pytest.mark.parametrize("attack", ["folder_name", "source_hash", "docstring"])
def test_mutant_runs_cannot_be_told_apart_but_by_behaviour(
    graded_tests_class: dict[str, SubmissionGrade], attack: str
) -> None:
    grade = graded_tests_class[attack]
    assert grade.report is not None
    result = next(kata for kata in grade.report.katas if kata.slug == attack)
    caught = [c.id for c in result.checks if c.id.startswith("mutant_") and c.passed]
    assert caught == [], f"{attack} told the mutants apart: {caught}"


def test_reading_the_module_under_test_is_flagged(
    graded_tests_class: dict[str, SubmissionGrade],
) -> None:
    flags = graded_tests_class["source_hash"].flags
    assert any("opening pricing.py" in flag for flag in flags), flags
    assert any("reading source code" in flag for flag in flags), flags


def test_other_stages_are_hidden_but_not_one_holding_the_project(tmp_path: Path) -> None:
    """A clone may itself sit in /tmp/pykata-...: hiding it would hide the unit's own Python."""
    stage, other, clone = (tmp_path / f"pykata-{name}" for name in ("stage", "other", "clone"))
    for directory in (stage, other, clone / "src"):
        directory.mkdir(parents=True)
    (tmp_path / "unrelated").mkdir()

    assert other_stages(stage, [clone / "src", Path(sys.prefix)]) == [other]
