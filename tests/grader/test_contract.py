"""The rule contract on fixture katas: verify names the kata and the rule it finds unchecked,
negative type lines accept any error, the warning policy, the leak guard and stub scoring."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pykata.authoring import verify
from pykata.grading import grade
from pykata.project import Project
from pykata.results import KataResult
from pykata.stub_credit import STUB_CHECKS_FILE
from pykata.variants import VariantError, apply_diff, make_variant

THIRD_RULE = "3. ``double`` never prints anything.\n"


def one_kata(make_project: Any, learner: str) -> Project:
    project: Project = make_project({"k": learner})
    return project


def graded(project: Project, root: Path | None = None) -> KataResult:
    report = grade(project, root or project.katas_dir, project.catalog.katas, use_cache=False)
    return report.katas[0]


def contract_problems(project: Project) -> list[str]:
    return verify(project, project.catalog.katas).problems("k")


def checks_file(project: Project) -> Path:
    return project.pytest_checks_file("k")


def test_a_sound_kata_has_a_complete_rule_table(make_project: Any, stub_source: str) -> None:
    project = one_kata(make_project, stub_source)
    verification = verify(project, project.catalog.katas)
    assert verification.problems("k") == []
    table = {row.rule: row for row in verification.rule_tables["k"]}
    assert table[1].checks == ("test_doubles", "test_doubles_any_number")
    assert table[1].variants == (("adds.diff", True),)
    assert table[2].checks == ("check_returns_int", "check_rejects_str")


def test_a_rule_without_a_check_fails_verify(make_project: Any, stub_source: str) -> None:
    project = one_kata(
        make_project, stub_source.replace('"""\n\n\ndef', THIRD_RULE + '"""\n\n\ndef')
    )
    problems = contract_problems(project)
    assert "rule 3 has no check that enforces it" in problems
    assert "rule 3 has no known-wrong variant that breaks it" in problems


def test_a_rule_without_a_wrong_variant_fails_verify(make_project: Any, stub_source: str) -> None:
    project = one_kata(make_project, stub_source)
    (project.checks_dir("k") / "wrong" / "loose.diff").unlink()
    (project.checks_dir("k") / "wrong" / "adds_more.diff").write_text(
        make_variant(
            "Adds three.\n\nBreaks: 1\nCaught by: test_doubles",
            "k.py",
            (project.solutions_dir / "k.py").read_text(),
            "def double(x: int) -> int:\n    return x + 3\n",
        )
    )
    assert "rule 2 has no known-wrong variant that breaks it" in contract_problems(project)


def test_an_unmarked_check_fails_verify(make_project: Any, stub_source: str) -> None:
    project = one_kata(make_project, stub_source)
    checks = checks_file(project)
    checks.write_text(
        checks.read_text().replace("@pytest.mark.rule(1)\ndef test_doubles(", "def test_doubles(")
    )
    assert any("test_doubles names no rule" in p for p in contract_problems(project))


def test_a_variant_rejected_only_by_another_rule_fails_verify(
    make_project: Any, stub_source: str
) -> None:
    """The variant breaks rule 1 but says it breaks rule 2, whose checks all pass on it."""
    project = one_kata(make_project, stub_source)
    adds = project.checks_dir("k") / "wrong" / "adds.diff"
    adds.write_text(adds.read_text().replace("Breaks: 1", "Breaks: 2"))
    problems = contract_problems(project)
    assert any("breaks rule 2, but no check of that rule rejects it" in p for p in problems)
    assert "rule 1 has no known-wrong variant that breaks it" in problems


def test_a_variant_that_no_longer_applies_is_named(make_project: Any, stub_source: str) -> None:
    project = one_kata(make_project, stub_source)
    (project.solutions_dir / "k.py").write_text("def double(y: int) -> int:\n    return y * 2\n")
    problems = contract_problems(project)
    assert any("adds.diff no longer applies to the solution" in p for p in problems)


SOLUTION = "def double(x: int) -> int:\n    y = x\n    return y * 2\n"
WRONG = "def double(x: int) -> int:\n    y = x\n    return y + 2\n"


def test_a_variant_still_applies_when_lines_above_it_moved() -> None:
    diff = make_variant("adds", "k.py", SOLUTION, WRONG).split("\n\n", 1)[1]
    moved = '"""A docstring that was added later."""\n\n\n' + SOLUTION
    assert apply_diff(moved, diff, "adds.diff") == moved.replace("y * 2", "y + 2")


def test_a_variant_whose_lines_changed_is_not_applied() -> None:
    diff = make_variant("adds", "k.py", SOLUTION, WRONG).split("\n\n", 1)[1]
    expected = r"adds.diff no longer applies.*line 2 should be '    y = x'"
    with pytest.raises(VariantError, match=expected):
        apply_diff(SOLUTION.replace("y = x", "y = +x"), diff, "adds.diff")


NEGATIVE_BY_BOUND = """\
from typing import Protocol, TypeVar


class Doubling(Protocol):
    def double(self, x: int) -> int: ...


D = TypeVar("D", bound=Doubling)


def use(item: D) -> D:
    return item
"""

NEGATIVE_CHECK = '''\
from katas.k import use


def check_rejects_int() -> None:
    """use rejects an int

    Rules: 2
    """
    use(3)  # type: ignore[arg-type]{exact}
'''


@pytest.mark.parametrize(("exact", "status"), [("", "passed"), ("  # exact", "failed")])
def test_a_negative_line_accepts_any_error_unless_exact(
    make_project: Any, exact: str, status: str
) -> None:
    """mypy refuses ``use(3)`` with [type-var], not the [arg-type] the comment names."""
    project = one_kata(make_project, NEGATIVE_BY_BOUND)
    project.mypy_checks_file("k").write_text(NEGATIVE_CHECK.format(exact=exact))
    check = next(c for c in graded(project).checks if c.id == "check_rejects_int")
    assert check.status == status, check.message


def test_a_negative_line_without_any_error_still_fails(make_project: Any) -> None:
    accepts_anything = NEGATIVE_BY_BOUND.replace("bound=Doubling", "bound=object")
    project = one_kata(make_project, accepts_anything)
    project.mypy_checks_file("k").write_text(NEGATIVE_CHECK.format(exact=""))
    check = next(c for c in graded(project).checks if c.id == "check_rejects_int")
    assert check.status == "failed"
    assert "accept a misuse" in check.message


ASYNC_CHECKS = '''\
import pytest
from katas.{slug} import double


@pytest.mark.rule(1)
async def test_doubles() -> None:
    """doubles a small number"""
    assert await double(3) == 6


@pytest.mark.rule(1)
async def test_doubles_any_number() -> None:
    """doubles any number"""
    assert await double(-5) == -10
'''

ASYNC_RIGHT = """\
import asyncio
import warnings


async def double(x: int) -> int:
    warnings.warn("a harmless note", UserWarning, stacklevel=1)
    await asyncio.sleep(0)
    return 2 * x
"""

ASYNC_FORGETS_AN_AWAIT = """\
import asyncio


async def double(x: int) -> int:
    asyncio.sleep(0)  # never awaited
    return 2 * x
"""


@pytest.mark.parametrize(
    ("learner", "status"), [(ASYNC_RIGHT, "passed"), (ASYNC_FORGETS_AN_AWAIT, "failed")]
)
def test_a_never_awaited_coroutine_fails_the_check_for_learners_too(
    make_project: Any, learner: str, status: str
) -> None:
    """Other warnings (the UserWarning) never fail a learner's check."""
    project = one_kata(make_project, learner)
    checks_file(project).write_text(ASYNC_CHECKS.format(slug="k"))
    check = next(c for c in graded(project).checks if c.id == "test_doubles")
    assert check.status == status, check.message


LEAK_CHECKS = '''\
import pytest
from pykata.leaks import no_leaks
from katas.{slug} import double


@pytest.mark.rule(1)
def test_doubles() -> None:
    """doubles a small number and leaves nothing running"""
    with no_leaks():
        assert double(3) == 6


@pytest.mark.rule(1)
def test_doubles_any_number() -> None:
    """doubles any number"""
    assert double(-5) == -10
'''

JOINS_ITS_THREAD = """\
import threading


def double(x: int) -> int:
    result: list[int] = []
    worker = threading.Thread(target=lambda: result.append(2 * x))
    worker.start()
    worker.join()
    return result[0]
"""

LEAVES_A_THREAD = """\
import threading

_stop = threading.Event()


def double(x: int) -> int:
    threading.Thread(target=_stop.wait, name="poller", daemon=True).start()
    return 2 * x
"""

LEAVES_A_FILE_OPEN = """\
import os

_kept = []


def double(x: int) -> int:
    _kept.append(open(os.devnull))
    return 2 * x
"""


@pytest.mark.parametrize(
    ("learner", "leak"),
    [(JOINS_ITS_THREAD, None), (LEAVES_A_THREAD, "thread 'poller'"), (LEAVES_A_FILE_OPEN, "file")],
)
def test_the_leak_guard_names_what_was_left_behind(
    make_project: Any, learner: str, leak: str | None
) -> None:
    project = one_kata(make_project, learner)
    checks_file(project).write_text(LEAK_CHECKS.format(slug="k"))
    check = next(c for c in graded(project).checks if c.id == "test_doubles")
    if leak is None:
        assert check.status == "passed", check.message
    else:
        assert check.status == "failed"
        assert leak in check.message


def test_the_untouched_stub_scores_nothing_and_the_solution_full_marks(
    make_project: Any, stub_source: str
) -> None:
    project = one_kata(make_project, stub_source)
    verification = verify(project, project.catalog.katas)
    passes_on_stub = verification.stub_passes("k")
    assert "check_returns_int" in passes_on_stub  # the stub already carries the signature
    (project.root / STUB_CHECKS_FILE).write_text(json.dumps({"k": passes_on_stub}))
    stub = graded(project)
    assert stub.score == 0
    assert {c.id for c in stub.checks if c.weight == 0} == set(passes_on_stub)
    assert graded(project, project.solutions_dir).score == stub.max_score
