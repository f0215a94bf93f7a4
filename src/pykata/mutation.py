"""The mutants check group, for katas where the learner writes the tests.

The learner's test module runs against the correct module under test (every test must pass)
and against each hidden mutant of it (some test must fail). A module that asserts nothing,
skips everything or catches every exception passes on the correct code but catches no mutant,
so it scores nothing. A mutant is stored as a patch of the module under test, like a
known-wrong variant (``mutants/<name>.diff``: the behaviour it breaks on its first line, a
``Breaks: N`` line, then the diff); it is shown to the learner only as that behaviour, never as
its source.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from pykata.catalog import Kata
from pykata.checklist import ExpectedCheck, line_numbers
from pykata.limits import unit_limit
from pykata.project import Project
from pykata.results import (
    CHECK_FAILED,
    CRASHED,
    ERROR,
    FAILED,
    NOT_RUN,
    PASSED,
    SOLVED,
    TIMEOUT,
    CheckResult,
    truncate,
)
from pykata.staging import Stage
from pykata.variants import BREAKS, apply_diff, read_variant

MUTANTS_GROUP = "mutants"
CORRECT_RUN = "correct"
UNITS_DIR = "units"  # units/<slug>: each run's files, at the same path for every run
TESTS_PASS_ID = "tests_pass_on_correct_code"


def mutant_behaviour(mutant: Path) -> str:
    header = read_variant(mutant).header
    return header.splitlines()[0] if header else mutant.stem.replace("_", " ")


def mutant_breaks(mutant: Path) -> tuple[int, ...]:
    """The stub's rule a mutant breaks, from the ``Breaks: N`` line of its header."""
    return line_numbers(BREAKS, read_variant(mutant).header)


def expected_checks(project: Project, kata: Kata) -> list[ExpectedCheck]:
    checks = [ExpectedCheck(TESTS_PASS_ID, "your tests pass on the correct code", MUTANTS_GROUP)]
    checks += [
        ExpectedCheck(
            f"mutant_{m.stem}",
            f"catches: {mutant_behaviour(m)}",
            MUTANTS_GROUP,
            rules=mutant_breaks(m),
        )
        for m in project.mutants(kata.slug)
    ]
    return checks


def run_names(stage: Stage, kata: Kata) -> list[str]:
    """The runs of a tests kata that reported anything ([] for other katas)."""
    prefix = f"{kata.slug}@"
    return sorted(
        path.stem.removeprefix(prefix) for path in stage.results_dir.glob(f"{prefix}*.jsonl")
    )


def unit_id(kata: Kata, run: str) -> str:
    return f"{kata.slug}@{run}"


def units(
    project: Project, stage: Stage, kata: Kata, measured: float | None = None
) -> list[dict[str, Any]]:
    """One run on the correct module under test, then one per mutant.

    Every run looks the same to the learner's tests: the worker puts the module under test and
    the tests at the same paths for each run, and a mutant is the correct module with its one
    bug patched in (its docstring included), so only behaviour tells them apart.
    """
    assert kata.target_file is not None
    correct = (project.solutions_dir / kata.target_file).read_text(encoding="utf-8")
    modules = [(CORRECT_RUN, correct)]
    modules += [
        (m.stem, apply_diff(correct, read_variant(m).diff, f"mutants/{m.name}"))
        for m in project.mutants(kata.slug)
        if stage.runs_mutant(kata.slug, m.stem)
    ]
    unit_dir = stage.directory / UNITS_DIR / kata.slug
    limit = unit_limit(kata, measured, len(modules))
    learner_tests = unit_dir / f"{kata.slug}.py"
    runs = []
    for run, text in modules:
        source = stage.runs_dir / f"{secrets.token_hex(8)}.py"
        source.write_text(text, encoding="utf-8")
        runs.append(
            {
                "id": unit_id(kata, run),
                "slug": kata.slug,
                "group": kata.slug,
                "probe": run == CORRECT_RUN,  # a hang or crash here skips the mutants
                "katas_dir": str(unit_dir),
                "files": {
                    kata.target_file: str(source),
                    learner_tests.name: str(stage.katas_dir / f"{kata.slug}.py"),
                },
                "tests": str(learner_tests),
                "import_learner": False,
                "imports": [],
                "preimport": [f"katas.{Path(kata.target_file).stem}"],
                "learner_files": [str(learner_tests)],
                "hidden": [str(unit_dir / kata.target_file)],
                "timeout": limit,
                "memory_mb": kata.memory_mb,
                "warning_filters": list(kata.failing_warnings),
            }
        )
    return runs


def verdict(
    project: Project, kata: Kata, stage: Stage, outcomes: dict[str, dict[str, Any]]
) -> tuple[str, str, list[CheckResult]]:
    expected = expected_checks(project, kata)
    correct_id = unit_id(kata, CORRECT_RUN)
    correct_report = stage.report(correct_id)
    status, message, correct_check = _correct_run(
        expected[0], correct_report.records, outcomes.get(correct_id, {}), kata
    )
    if correct_report.problem and correct_check.passed:
        status, message = FAILED, correct_report.problem
        correct_check = CheckResult(
            correct_check.id, correct_check.name, MUTANTS_GROUP, CHECK_FAILED, message
        )
    if status != SOLVED or not correct_check.passed:
        # A mutant caught by tests that fail anyway proves nothing: no credit for it.
        reason = "not run: your tests must first pass on the correct code"
        rest = [CheckResult(c.id, c.name, MUTANTS_GROUP, NOT_RUN, reason) for c in expected[1:]]
        return status, message, [correct_check, *rest]
    checks = [correct_check]
    for check, mutant in zip(expected[1:], project.mutants(kata.slug), strict=True):
        if not stage.runs_mutant(kata.slug, mutant.stem):
            checks.append(CheckResult(check.id, check.name, MUTANTS_GROUP, NOT_RUN, "not run"))
            continue
        run_id = unit_id(kata, mutant.stem)
        report = stage.report(run_id)
        if report.problem:  # an untrustworthy report catches nothing
            checks.append(
                CheckResult(check.id, check.name, MUTANTS_GROUP, CHECK_FAILED, report.problem)
            )
            continue
        checks.append(_mutant_check(check, report.records, outcomes.get(run_id, {})))
    return SOLVED, "", checks


def _correct_run(
    check: ExpectedCheck, records: list[dict[str, Any]], outcome: dict[str, Any], kata: Kata
) -> tuple[str, str, CheckResult]:
    def failed(message: str) -> CheckResult:
        return CheckResult(check.id, check.name, MUTANTS_GROUP, CHECK_FAILED, truncate(message))

    collect_errors = [r["message"] for r in records if r["kind"] == "collect_error"]
    if collect_errors:
        message = f"your test module could not be collected:\n{collect_errors[0]}"
        return ERROR, truncate(message), failed("your test module did not load")
    if outcome.get("timed_out"):
        limit = outcome.get("limit", 0.0)
        message = f"your tests did not finish within {limit:g}s on the correct code"
        if outcome.get("in_import"):
            message = (
                f"your test module was still being imported after {limit:g} CPU seconds: "
                "code at module level runs on import (an infinite loop?)"
            )
        return TIMEOUT, message, failed(message)
    if not any(r["kind"] == "done" for r in records):
        message = "the process running your tests exited early"
        return CRASHED, message, failed(message)
    tests = [r for r in records if r["kind"] == "test"]
    if not tests:
        return SOLVED, "", failed("your module has no tests (functions named test_...)")
    broken = [r for r in tests if r["outcome"] != "passed"]
    if broken:
        lines = [
            f"{r['nodeid'].split('::', 1)[-1]}: {r['outcome']} {r['message']}".strip()
            for r in broken[:3]
        ]
        return SOLVED, "", failed("your tests must pass on the correct code:\n" + "\n".join(lines))
    duration = sum(float(r["duration"]) for r in tests)
    return SOLVED, "", CheckResult(check.id, check.name, MUTANTS_GROUP, PASSED, duration=duration)


def _mutant_check(
    check: ExpectedCheck, records: list[dict[str, Any]], outcome: dict[str, Any]
) -> CheckResult:
    tests = [r for r in records if r["kind"] == "test"]
    caught = outcome.get("timed_out") or any(r["outcome"] == "failed" for r in tests)
    duration = sum(float(r["duration"]) for r in tests)
    if caught:
        return CheckResult(check.id, check.name, MUTANTS_GROUP, PASSED, duration=duration)
    behaviour = check.name.removeprefix("catches: ")
    return CheckResult(
        check.id,
        check.name,
        MUTANTS_GROUP,
        CHECK_FAILED,
        f"your tests did not notice: {behaviour}",
        duration,
    )
