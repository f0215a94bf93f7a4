"""Grade one implementation root: stage a copy, run both check groups, combine the verdicts.

The pytest group runs in the worker (``pykata.worker``), the mypy group in one batched mypy
process started alongside it. Neither ever writes into the graded root.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pykata import containment, mutation
from pykata.advice import ruff_advice
from pykata.cache import ResultCache, engine_fingerprint
from pykata.catalog import TESTS_KIND, Kata
from pykata.checklist import (
    PYTEST_GROUP,
    ExpectedCheck,
    imported_names,
    mypy_checks,
    pytest_checks,
)
from pykata.limits import load_timings, unit_limit
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
    GradeReport,
    KataResult,
    truncate,
)
from pykata.staging import Stage, files_digest, stage_root
from pykata.stub_credit import load_stub_checks, weigh_checks
from pykata.typecheck import (
    MypyError,
    collect_mypy_errors,
    mypy_results,
    not_run_results,
    start_mypy,
)

PYTEST_CONFIG = """\
[pytest]
asyncio_mode = auto
asyncio_default_fixture_loop_scope = function
addopts = --import-mode=importlib
"""
# One warning policy for learners, instructors and verify: a coroutine never awaited and an
# unclosed resource prove a rule broken (the code forgot an await or a close), so they fail
# the check during which they occur, also when they surface in a finalizer. Other warnings
# never fail a learner's check. A kata adds its own (``failing_warnings`` in the catalog).
FAILING_WARNINGS = """\
filterwarnings =
    default
    error:coroutine .* was never awaited:RuntimeWarning
    error::ResourceWarning
    error:(?s).*(ResourceWarning|was never awaited):pytest.PytestUnraisableExceptionWarning
"""
# verify grades reference solutions with every warning as an error. The worker imports
# pytest-asyncio before pytest starts (to fork warm): that is not a warning about the checks.
STRICT_WARNINGS = """\
filterwarnings =
    error
    ignore::pytest.PytestAssertRewriteWarning
"""
PARAMETERS = re.compile(r"\[.*\]$")

OnProgress = Callable[[Kata, str], None]


class GradingInfrastructureError(Exception):
    """The engine could not grade (not a problem with the learner's code)."""


def grade(
    project: Project,
    root: Path,
    katas: tuple[Kata, ...],
    *,
    use_cache: bool = True,
    warnings_as_errors: bool = False,
    progress: OnProgress | None = None,
    jobs: int | None = None,
    only_checks: dict[str, frozenset[str]] | None = None,
    only_mutants: dict[str, frozenset[str]] | None = None,
) -> GradeReport:
    """Grade ``katas`` of ``root``, running up to ``jobs`` units at once (default: every CPU
    this process may use). ``only_checks`` and ``only_mutants`` (for verify) limit a kata to
    those pytest checks, or a tests kata to those mutants: the others are reported not run."""
    root = root.resolve()
    if not root.is_dir():
        raise GradingInfrastructureError(f"{root} is not a directory")
    # Verdicts graded with warnings as errors are neither taken from nor put into the cache,
    # which holds the lenient verdicts learners get.
    use_cache = use_cache and not warnings_as_errors
    cache = ResultCache(project.cache_dir / "results")
    stub_passes = load_stub_checks(project)
    with tempfile.TemporaryDirectory(prefix="pykata-") as temporary:
        stage = stage_root(project, root, katas, Path(temporary))
        stage.only_checks = dict(only_checks or {})
        stage.only_mutants = dict(only_mutants or {})
        (stage.directory / "tmp").mkdir()
        keys = {kata.slug: _cache_key(project, stage, kata) for kata in katas}
        cached = {k.slug: r for k in katas if use_cache and (r := cache.get(keys[k.slug]))}
        runnable = [k for k in katas if k.slug not in stage.problems and k.slug not in cached]
        # Each run has its own mypy stage (two gradings of one root may run at once); the
        # cache under the project keeps mypy warm across runs.
        mypy_stage = stage.directory / "mypy"
        mypy_process = start_mypy(project, runnable, stage.katas_dir, mypy_stage)
        advice = ruff_advice(project, stage.katas_dir, runnable)
        config = PYTEST_CONFIG + (STRICT_WARNINGS if warnings_as_errors else FAILING_WARNINGS)
        (stage.directory / "pytest.ini").write_text(config, encoding="utf-8")
        outcomes = _run_worker(project, stage, runnable, progress, jobs or available_cpus())
        errors = collect_mypy_errors(mypy_process) if mypy_process else []
        results: list[KataResult] = []
        for kata in katas:
            if kata.slug in cached:
                result = cached[kata.slug]
            elif kata.slug in stage.problems:
                result = _unreadable_result(project, kata, stage.problems[kata.slug])
            else:
                result = _combine(project, kata, stage, outcomes, errors)
                result.advice = advice.get(kata.slug, [])
                if result.status in (SOLVED, FAILED, ERROR) and not warnings_as_errors:
                    cache.put(keys[kata.slug], result)
            weigh_checks(result, stub_passes.get(kata.slug, frozenset()), _rules(project, kata))
            results.append(result)
    return GradeReport(katas=results, root=str(root), containment=containment.probe().describe())


def _rules(project: Project, kata: Kata) -> dict[str, tuple[int, ...]]:
    """Each check's rules, from the trusted check files."""
    if kata.kind == TESTS_KIND:
        expected = mutation.expected_checks(project, kata)
    else:
        expected = pytest_checks(project.pytest_checks_file(kata.slug))
    expected += mypy_checks(project.mypy_checks_file(kata.slug), kata.slug)
    return {check.id: check.rules for check in expected}


def _selected_tests(stage: Stage, kata: Kata, test_file: Path) -> list[str]:
    """The test file, or only the chosen checks' node ids (at least one: the import counts)."""
    if kata.slug not in stage.only_checks:
        return [str(test_file)]
    chosen = [c.id for c in pytest_checks(test_file) if stage.runs_check(kata.slug, c.id)]
    chosen = chosen or [pytest_checks(test_file)[0].id]
    return [f"{test_file}::{check_id}" for check_id in chosen]


def available_cpus() -> int:
    return len(os.sched_getaffinity(0)) or 1


def _cache_key(project: Project, stage: Stage, kata: Kata) -> str:
    learner = files_digest([stage.katas_dir / name for name in kata.files])
    trusted = files_digest(project.trusted_files(kata))
    return hashlib.sha256(
        f"{engine_fingerprint()}|{kata!r}|{learner}|{trusted}".encode()
    ).hexdigest()


def _units(
    project: Project, stage: Stage, kata: Kata, measured: float | None
) -> list[dict[str, Any]]:
    """The pytest runs a kata needs: its hidden checks, or the learner's tests per mutant."""
    if kata.kind == TESTS_KIND:
        return mutation.units(project, stage, kata, measured)
    checks = stage.checks_dir / kata.slug
    return [
        {
            "id": kata.slug,
            "slug": kata.slug,
            "katas_dir": str(stage.katas_dir),
            "tests": _selected_tests(stage, kata, checks / f"test_{kata.slug}.py"),
            "group": kata.slug,
            "import_learner": True,
            "imports": imported_names(checks / f"test_{kata.slug}.py", kata.slug),
            "learner_files": [str(stage.katas_dir / name) for name in kata.files],
            "timeout": unit_limit(kata, measured, 1),
            "memory_mb": kata.memory_mb,
            "warning_filters": list(kata.failing_warnings),
        }
    ]


def _worker_environment(stage: Stage) -> dict[str, str]:
    temporary = stage.directory / "tmp"
    return {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(stage.home),
        "TMPDIR": str(temporary),
        "LANG": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        "NO_COLOR": "1",
        # Two malloc arenas, not eight per core: each thread's arena reserves 64 MB of address
        # space, which counts against the units' RLIMIT_AS.
        "MALLOC_ARENA_MAX": "2",
        "PYKATA_GRADER_PID": str(os.getpid()),
    }


def _run_worker(
    project: Project, stage: Stage, katas: list[Kata], progress: OnProgress | None, jobs: int
) -> dict[str, dict[str, Any]]:
    """Run every unit in one worker; return each unit's outcome by unit id."""
    if not katas:
        return {}
    config = stage.directory / "pytest.ini"
    timings = load_timings(project)
    units = [
        unit for kata in katas for unit in _units(project, stage, kata, timings.get(kata.slug))
    ]
    plan = containment.probe()
    containment.prepare_stage(plan, stage.directory, [stage.home, stage.directory / "tmp"])
    job = {
        "stage": str(stage.directory),
        "pytest_config": str(config),
        "units": units,
        "jobs": jobs,
        "containment": dataclasses.asdict(plan),
        "hidden": [
            str(path)
            for path in (
                stage.checks_dir,
                stage.results_dir,
                stage.runs_dir,
                stage.directory / "mypy",
                project.root / "tests",
                project.solutions_dir,
            )
        ],
    }
    by_slug = {kata.slug: kata for kata in katas}
    pending = {kata.slug: sum(u["slug"] == kata.slug for u in units) for kata in katas}
    slug_of = {unit["id"]: unit["slug"] for unit in units}
    outcomes: dict[str, dict[str, Any]] = {}
    with subprocess.Popen(
        [sys.executable, "-I", "-m", "pykata.worker"],
        cwd=stage.directory,
        env=_worker_environment(stage),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as worker:
        assert worker.stdin is not None
        assert worker.stdout is not None
        try:
            worker.stdin.write(json.dumps(job))
            worker.stdin.close()
            for line in worker.stdout:
                event = json.loads(line)
                slug = slug_of[event["id"]]
                if event["event"] == "finished":
                    outcomes[event["id"]] = event
                    pending[slug] -= 1
                if progress and (event["event"] == "started" or not pending[slug]):
                    progress(by_slug[slug], event["event"])
        except BaseException:  # Ctrl-C included: the units die with the worker
            worker.kill()
            raise
        stderr = worker.stderr.read() if worker.stderr else ""
    if worker.returncode != 0 and len(outcomes) < len(units):
        raise GradingInfrastructureError(f"the grading worker failed:\n{truncate(stderr)}")
    return outcomes


def _combine(
    project: Project,
    kata: Kata,
    stage: Stage,
    outcomes: dict[str, dict[str, Any]],
    errors: list[MypyError],
) -> KataResult:
    if kata.kind == TESTS_KIND:
        status, message, pytest_results = mutation.verdict(project, kata, stage, outcomes)
    else:
        expected = pytest_checks(project.pytest_checks_file(kata.slug))
        report = stage.report(kata.slug)
        if report.problem:  # nothing of a tampered report is trusted
            status, message = FAILED, report.problem
            pytest_results = [
                CheckResult(c.id, c.name, PYTEST_GROUP, CHECK_FAILED, report.problem)
                for c in expected
            ]
        else:
            status, message, pytest_results = _pytest_verdict(
                kata, expected, report.records, outcomes.get(kata.slug, {}), stage
            )
            pytest_results = [
                c
                if stage.runs_check(kata.slug, c.id) or c.passed
                else CheckResult(c.id, c.name, c.group, NOT_RUN, "not run")
                for c in pytest_results
            ]
    typing_results = mypy_results(project, kata, stage.katas_dir, errors)
    checks = pytest_results + typing_results
    if status == SOLVED and not all(check.passed for check in checks):
        status = FAILED
    duration = sum(check.duration for check in checks)
    return KataResult(
        kata.slug,
        kata.title,
        kata.track,
        status,
        float(kata.points),
        checks,
        message,
        duration=duration,
        flags=_refusals(kata, stage),
        elapsed=max(
            (float(o.get("elapsed", 0.0)) for i, o in outcomes.items() if _unit_of(i, kata)),
            default=0.0,
        ),
    )


def _unit_of(unit: str, kata: Kata) -> bool:
    return unit == kata.slug or unit.startswith(f"{kata.slug}@")


def _refusals(kata: Kata, stage: Stage) -> list[str]:
    """What the sentinel refused the learner's code, in every unit of the kata."""
    units = [mutation.unit_id(kata, run) for run in mutation.run_names(stage, kata)]
    reasons = [reason for unit in units or [kata.slug] for reason in stage.report(unit).refused]
    return [f"refused while grading: {reason}" for reason in dict.fromkeys(reasons)]


def _pytest_verdict(
    kata: Kata,
    expected: list[ExpectedCheck],
    records: list[dict[str, Any]],
    outcome: dict[str, Any],
    stage: Stage,
) -> tuple[str, str, list[CheckResult]]:
    kinds = {record["kind"]: record for record in records}
    if "import_error" in kinds:
        failure = kinds["import_error"]
        return (
            failure["status"],
            failure["message"],
            _all_not_run(expected, "not run: the module did not import"),
        )
    if "collect_error" in kinds:
        message = f"the checks could not be collected:\n{kinds['collect_error']['message']}"
        return ERROR, truncate(message), _all_not_run(expected, "not run: collection failed")
    by_check = _records_by_check(records)
    running = (
        _check_id(records[-1]["nodeid"]) if records and records[-1]["kind"] == "begin" else None
    )
    if outcome.get("timed_out"):
        status = TIMEOUT
        limit = outcome.get("limit", 0.0)
        where = "importing the module" if outcome.get("in_import") else "the checks"
        message = (
            f"{where} did not finish within {limit:g}s: an infinite loop, "
            "a deadlock or a call that blocks forever?"
        )
        if stuck := stuck_at(stage.output(kata.slug, limit=20000), stage.katas_dir):
            message += f"\nyour code was at {stuck}"
        interrupted = "did not finish before the time limit"
    elif "done" not in kinds:
        status = CRASHED
        where = "while being imported" if "imported" not in kinds else "during its checks"
        message = (
            f"the process running katas/{kata.slug}.py exited {where} "
            f"(exit code {outcome.get('exit', '?')})"
        )
        if output := stage.output(kata.slug):
            message += f"\nlast output:\n{output}"
        interrupted = "the process exited during this check"
    else:
        status, message, interrupted = SOLVED, "", "no result was reported for this check"
    results = []
    for check in expected:
        instances = by_check.get(check.id, [])
        if check.id == running:
            results.append(
                CheckResult(check.id, check.name, PYTEST_GROUP, CHECK_FAILED, interrupted)
            )
        elif not instances:
            not_reached = status != SOLVED
            results.append(
                CheckResult(
                    check.id,
                    check.name,
                    PYTEST_GROUP,
                    NOT_RUN if not_reached else CHECK_FAILED,
                    "not run" if not_reached else interrupted,
                )
            )
        else:
            results.append(_check_from_instances(check, instances))
    unexpected = sorted(set(by_check) - {check.id for check in expected})
    if unexpected and status == SOLVED:
        status, message = FAILED, f"unexpected check results: {', '.join(unexpected)}"
    return status, message, results


STACK_LINE = re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+) in (?P<function>\S+)')


def stuck_at(output: str, learner_dir: Path) -> str | None:
    """The learner's innermost frame in the last stack dump before the limit."""
    prefix = str(learner_dir.resolve())
    dumps = output.rsplit("Timeout (", 1)
    frames = [m for m in STACK_LINE.finditer(dumps[-1]) if m.group("file").startswith(prefix)]
    if not frames:
        return None
    first = frames[0]  # faulthandler lists the most recent call first
    return (
        f"katas/{Path(first.group('file')).name}:{first.group('line')} in {first.group('function')}"
    )


def _records_by_check(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        if record["kind"] == "test":
            grouped.setdefault(_check_id(record["nodeid"]), []).append(record)
    return grouped


def _check_id(nodeid: str) -> str:
    """``checks/x/test_x.py::TestA::test_b[case]`` -> ``TestA::test_b``."""
    return PARAMETERS.sub("", nodeid.split("::", 1)[-1])


def _check_from_instances(check: ExpectedCheck, instances: list[dict[str, Any]]) -> CheckResult:
    duration = sum(float(i["duration"]) for i in instances)
    bad = [i for i in instances if i["outcome"] != "passed"]
    if not bad:
        return CheckResult(check.id, check.name, PYTEST_GROUP, PASSED, duration=duration)
    first = bad[0]
    case = PARAMETERS.search(first["nodeid"])
    if first["outcome"] == "skipped":
        message = "skipped: a check that reports nothing counts as a failure"
    else:
        message = first["message"]
    if case and len(instances) > 1:
        message = f"case {case.group(0)} ({len(bad)} of {len(instances)} cases failed): {message}"
    return CheckResult(
        check.id, check.name, PYTEST_GROUP, CHECK_FAILED, truncate(message or "failed"), duration
    )


def _all_not_run(expected: list[ExpectedCheck], reason: str) -> list[CheckResult]:
    return [CheckResult(c.id, c.name, PYTEST_GROUP, NOT_RUN, reason) for c in expected]


def _unreadable_result(project: Project, kata: Kata, problem: str) -> KataResult:
    if kata.kind == TESTS_KIND:
        expected = mutation.expected_checks(project, kata)
    else:
        expected = pytest_checks(project.pytest_checks_file(kata.slug))
    checks = [CheckResult(c.id, c.name, c.group, NOT_RUN, "not run") for c in expected]
    checks += not_run_results(project, kata, "not run")
    return KataResult(kata.slug, kata.title, kata.track, ERROR, float(kata.points), checks, problem)
