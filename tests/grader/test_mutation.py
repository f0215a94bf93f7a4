"""The mutants check group: learner-written tests must pass on the correct module and catch
every mutant; tests that assert nothing score nothing."""

from __future__ import annotations

from typing import Any

import pytest

from pykata.grading import grade
from pykata.project import Project
from pykata.results import KataResult


@pytest.fixture(scope="module")
def graded(make_tests_project: Any, learner_test_modules: dict[str, str]) -> dict[str, KataResult]:
    project: Project = make_tests_project(learner_test_modules)
    report = grade(project, project.katas_dir, project.catalog.katas, use_cache=False)
    return {kata.slug: kata for kata in report.katas}


def statuses(result: KataResult) -> dict[str, str]:
    return {check.id: check.status for check in result.checks if check.group == "mutants"}


def test_thorough_tests_pass_and_catch_every_mutant(graded: dict[str, KataResult]) -> None:
    failing = [(c.id, c.message) for c in graded["thorough"].failing_checks()]
    assert graded["thorough"].status == "solved", failing
    assert statuses(graded["thorough"]) == {
        "tests_pass_on_correct_code": "passed",
        "mutant_applied_twice": "passed",
        "mutant_no_validation": "passed",
    }


@pytest.mark.parametrize("slug", ["empty", "assert_true", "no_asserts", "catches_everything"])
def test_tests_that_check_nothing_score_nothing(graded: dict[str, KataResult], slug: str) -> None:
    result = graded[slug]
    assert result.status == "failed"
    mutants = [c for c in result.checks if c.id.startswith("mutant_")]
    assert mutants
    assert all(not c.passed for c in mutants)
    mutant_points = sum(c.passed for c in mutants)
    assert mutant_points == 0


def test_a_missed_mutant_is_described_by_behaviour_not_source(
    graded: dict[str, KataResult],
) -> None:
    missed = next(c for c in graded["assert_true"].checks if c.id == "mutant_applied_twice")
    assert missed.name == "catches: a discount applied twice"
    assert missed.message == "your tests did not notice: a discount applied twice"
    assert "percent" not in missed.message


def test_an_empty_module_is_told_it_has_no_tests(graded: dict[str, KataResult]) -> None:
    correct = next(c for c in graded["empty"].checks if c.id == "tests_pass_on_correct_code")
    assert "no tests" in correct.message


def test_tests_failing_on_the_correct_code_are_named(graded: dict[str, KataResult]) -> None:
    correct = next(
        c for c in graded["fails_on_correct"].checks if c.id == "tests_pass_on_correct_code"
    )
    assert correct.status == "failed"
    assert "test_discount" in correct.message


def test_tests_failing_on_the_correct_code_earn_no_mutant_credit(
    graded: dict[str, KataResult],
) -> None:
    result = graded["fails_on_correct"]
    mutants = [c for c in result.checks if c.group == "mutants" and c.id.startswith("mutant_")]
    assert [c.status for c in mutants] == ["not_run", "not_run"]
    assert not any(c.passed for c in result.checks if c.group == "mutants")
