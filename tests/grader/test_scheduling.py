"""Grading on every core: the same report whatever the number of jobs, a hang at import paid
once per kata, limits from measured times, and shards that merge into one class's grades."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pykata.catalog import Kata
from pykata.classroom import combined_json, grade_submissions, gradebook_csv, merge_documents
from pykata.containment import claim_slots, release_locks
from pykata.grading import grade
from pykata.limits import (
    FLOOR_SECONDS,
    KATA_CAP_SECONDS,
    MULTIPLE,
    UNMEASURED_SECONDS,
    load_timings,
    unit_limit,
    write_timings,
)
from pykata.project import Project
from pykata.results import GradeReport

SPINS_AT_IMPORT = "while True:\n    pass\n"


def without_timings(report: GradeReport) -> dict[str, Any]:
    data = report.to_json()
    data["root"] = "<root>"
    for kata in data["katas"]:
        kata["duration"] = 0
        for check in kata["checks"]:
            check["duration"] = 0
    return data


def test_the_report_is_the_same_whatever_the_number_of_jobs(
    make_project: Any, outcome_modules: dict[str, str]
) -> None:
    chosen = ("passes", "fails", "missing_name", "exits_in_check", "mypy_error")
    project: Project = make_project({slug: outcome_modules[slug] for slug in chosen})
    one = grade(project, project.katas_dir, project.catalog.katas, use_cache=False, jobs=1)
    three = grade(project, project.katas_dir, project.catalog.katas, use_cache=False, jobs=3)
    assert without_timings(one) == without_timings(three)
    assert [kata.slug for kata in three.katas] == list(chosen)


def test_a_module_spinning_at_import_is_stopped_by_its_cpu_budget(
    make_project: Any, solution_source: str
) -> None:
    """The kata's own limit is a minute; the import's CPU budget ends it long before."""
    project: Project = make_project({"spins": SPINS_AT_IMPORT, "fine": solution_source}, timeout=60)
    report = grade(project, project.katas_dir, project.catalog.katas, use_cache=False)
    spins, fine = report.katas
    assert spins.status == "timeout"
    assert "importing the module did not finish" in spins.message
    assert fine.status == "solved"


def test_tests_that_hang_on_the_correct_module_skip_every_mutant(
    make_tests_project: Any,
) -> None:
    """Tests that spin at import are stopped by the import's CPU budget during collection, long
    before the unit's minute, and no mutant runs after that."""
    project: Project = make_tests_project({"hangs": SPINS_AT_IMPORT}, timeout=60)
    kata: Kata = project.catalog.get("hangs")
    assert kata.timeout is not None
    report = grade(project, project.katas_dir, (kata,), use_cache=False)
    (result,) = report.katas
    assert result.status == "timeout"
    assert "still being imported" in result.message
    mutants = [check for check in result.checks if check.id.startswith("mutant_")]
    assert mutants
    assert all(check.status == "not_run" for check in mutants)
    assert result.elapsed < kata.timeout  # the CPU budget, not the unit's limit, ended it


@pytest.mark.parametrize(
    ("measured", "units", "expected"),
    [
        (None, 1, UNMEASURED_SECONDS),
        (0.1, 1, FLOOR_SECONDS),
        (10.0, 1, 10.0 * MULTIPLE),
        (100.0, 1, KATA_CAP_SECONDS),
        (10.0, 100, FLOOR_SECONDS),
    ],
)
def test_a_unit_limit_is_a_multiple_of_the_measured_time_with_a_floor_and_a_cap(
    make_project: Any, solution_source: str, measured: float | None, units: int, expected: float
) -> None:
    project: Project = make_project({"k": solution_source})
    measured_kata = _without_override(project.catalog.get("k"))
    assert unit_limit(measured_kata, measured, units) == expected


def test_the_catalog_timeout_overrides_the_measured_limit(
    make_project: Any, solution_source: str
) -> None:
    project: Project = make_project({"k": solution_source}, timeout=7)
    assert unit_limit(project.catalog.get("k"), 100.0, 1) == 7


def test_measured_times_are_recorded_per_kata(make_project: Any, solution_source: str) -> None:
    project: Project = make_project({"a": solution_source, "b": solution_source})
    write_timings(project, {"a": 1.234})
    write_timings(project, {"b": 2.0, "not_a_kata": 3.0})
    assert load_timings(project) == {"a": 1.23, "b": 2.0}


def _without_override(kata: Kata) -> Kata:
    return dataclasses.replace(kata, timeout=None)


def four_submissions(directory: Path) -> list[Path]:
    paths = []
    for name, body in (("ann", "2 * x"), ("bob", "x"), ("cy", "x + x"), ("dee", "x * 3")):
        folder = directory / name
        folder.mkdir()
        (folder / "k.py").write_text(f"def double(x: int) -> int:\n    return {body}\n")
        paths.append(folder)
    return paths


@pytest.fixture
def a_class(make_project: Any, solution_source: str, tmp_path: Path) -> tuple[Project, list[Path]]:
    """One kata, four students' submissions of it."""
    return make_project({"k": solution_source}), four_submissions(tmp_path)


def test_submissions_graded_at_once_keep_their_order_and_grades(
    a_class: tuple[Project, list[Path]],
) -> None:
    project, paths = a_class
    katas = project.catalog.katas
    one_at_a_time = grade_submissions(project, paths, katas, jobs=1)
    three_at_once = grade_submissions(project, paths, katas, jobs=3)
    assert [grade.path for grade in three_at_once] == [str(path) for path in paths]
    assert _stable(combined_json(three_at_once)) == _stable(combined_json(one_at_a_time))


def test_shards_merge_into_the_grades_of_one_run(a_class: tuple[Project, list[Path]]) -> None:
    project, paths = a_class
    katas = project.catalog.katas
    whole = grade_submissions(project, paths, katas)
    shards = [grade_submissions(project, paths, katas, shard=(k, 3)) for k in (1, 2, 3)]
    documents = [json.loads(json.dumps(combined_json(shard))) for shard in shards]
    merged = merge_documents(documents)
    assert _stable(combined_json(merged)) == _stable(combined_json(whole))
    assert gradebook_csv(merged, katas) == gradebook_csv(whole, katas)


def _stable(document: dict[str, Any]) -> dict[str, Any]:
    for submission in document["submissions"]:
        report = submission["report"]
        for kata in report["katas"]:
            kata["duration"] = 0
            for check in kata["checks"]:
                check["duration"] = 0
    return document


def test_two_gradings_at_once_never_share_a_unit_slot() -> None:
    """Slots are uids: a grading claims its own, machine-wide, until its worker exits."""
    script = (
        "import sys; from pykata.containment import claim_slots; "
        "print(claim_slots(2)[0]); sys.stdout.flush(); sys.stdin.read()"
    )
    first = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert first.stdout is not None
    assert first.stdin is not None
    held = set(json.loads(first.stdout.readline()))
    mine, locks = claim_slots(2)
    try:
        assert len(held) == len(set(mine)) == 2
        assert held.isdisjoint(mine)
    finally:
        release_locks(locks)
    first.stdin.close()
    first.wait()
    first.stdout.close()
    again, locks = claim_slots(4)  # the first grading's slots are free again
    release_locks(locks)
    assert held <= set(again)
