"""The engine on fixture katas: one per outcome, all graded together in one run."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from pykata.checklist import MODULE_TYPES_ID
from pykata.grading import grade
from pykata.project import Project
from pykata.results import GradeReport

GOLDEN = Path(__file__).parent / "golden" / "outcomes.json"
UPDATE_GOLDEN = os.environ.get("PYKATA_UPDATE_GOLDEN") == "1"

EXPECTED_STATUS = {
    "passes": "solved",
    "fails": "failed",
    "syntax_error": "error",
    "missing_name": "error",
    "import_error": "error",
    "hangs": "timeout",
    "exits_at_import": "crashed",
    "exits_in_check": "crashed",
    "mypy_error": "failed",
    "type_ignore": "failed",
    "eats_memory": "failed",
    "loose_types": "failed",
}


def checksums(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def normalized(report: GradeReport) -> dict[str, Any]:
    """The report without what varies between runs (timings, paths)."""
    data = report.to_json()
    data["root"] = "<root>"
    data["containment"] = "<what this machine allows>"
    for kata in data["katas"]:
        kata["duration"] = 0
        # where a hanging check was stuck comes from a stack dump a second before the limit:
        # asserted on its own, not in the golden file
        kata["message"] = kata["message"].split("\nyour code was at ")[0]
        for check in kata["checks"]:
            check["duration"] = 0
    return data


@pytest.fixture(scope="module")
def graded(make_project: Any, outcome_modules: dict[str, str]) -> dict[str, Any]:
    project: Project = make_project(outcome_modules, timeouts={"hangs": 4})
    before = checksums(project.katas_dir)
    report = grade(project, project.katas_dir, project.catalog.katas, use_cache=False)
    return {"report": report, "before": before, "after": checksums(project.katas_dir)}


def test_each_outcome_gets_its_status(graded: dict[str, Any]) -> None:
    statuses = {kata.slug: kata.status for kata in graded["report"].katas}
    assert statuses == EXPECTED_STATUS


def test_report_matches_golden_file(graded: dict[str, Any]) -> None:
    actual = normalized(graded["report"])
    if UPDATE_GOLDEN:
        GOLDEN.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n")
    assert actual == json.loads(GOLDEN.read_text())


def test_grading_changes_no_file_in_the_root(graded: dict[str, Any]) -> None:
    assert graded["after"] == graded["before"]


def test_messages_name_the_problem(graded: dict[str, Any]) -> None:
    by_slug = {kata.slug: kata for kata in graded["report"].katas}
    assert "does not define `double`" in by_slug["missing_name"].message
    assert "syntax error in katas/syntax_error.py, line 1" in by_slug["syntax_error"].message
    assert "sys.exit(0)" in by_slug["exits_at_import"].message
    assert "did not finish within 4s" in by_slug["hangs"].message
    pragma = next(c for c in by_slug["type_ignore"].checks if c.id == "no_type_checker_pragmas")
    assert pragma.status == "failed"
    assert "katas/type_ignore.py:2" in pragma.message
    loose = next(c for c in by_slug["loose_types"].checks if c.id == "check_rejects_str")
    assert loose.status == "failed"
    memory = next(c for c in by_slug["eats_memory"].checks if c.id == "test_doubles")
    assert "MemoryError" in memory.message


def test_a_timeout_names_the_line_where_the_code_was_stuck(graded: dict[str, Any]) -> None:
    hangs = next(kata for kata in graded["report"].katas if kata.slug == "hangs")
    assert hangs.status == "timeout"
    assert "your code was at katas/hangs.py:" in hangs.message


def test_json_report_has_the_documented_fields(graded: dict[str, Any]) -> None:
    data = graded["report"].to_json()
    assert data["version"] == 2
    assert {"solved", "total", "score", "max_score", "katas"} <= data.keys()
    for kata in data["katas"]:
        assert {"slug", "title", "track", "status", "score", "max_score", "checks"} <= kata.keys()
        for check in kata["checks"]:
            assert {"name", "group", "status", "message", "weight"} <= check.keys()
            assert check["group"] in ("pytest", "mypy")


def test_unchanged_kata_comes_from_the_cache(make_project: Any, solution_source: str) -> None:
    project: Project = make_project({"passes": solution_source, "fails": solution_source})
    first = grade(project, project.katas_dir, project.catalog.katas)
    assert [k.cached for k in first.katas] == [False, False]
    (project.katas_dir / "fails.py").write_text("def double(x: int) -> int:\n    return x\n")
    second = grade(project, project.katas_dir, project.catalog.katas)
    assert [(k.slug, k.cached, k.status) for k in second.katas] == [
        ("passes", True, "solved"),
        ("fails", False, "failed"),
    ]


def test_strict_warnings_grading_of_several_katas(make_project: Any, solution_source: str) -> None:
    """Verification grades solutions with warnings as errors, with the worker preloading."""
    project: Project = make_project({slug: solution_source for slug in ("a", "b", "c")})
    report = grade(
        project, project.katas_dir, project.catalog.katas, use_cache=False, warnings_as_errors=True
    )
    assert [(k.slug, k.status) for k in report.katas] == [
        ("a", "solved"),
        ("b", "solved"),
        ("c", "solved"),
    ]


def test_a_warning_fails_a_check_only_in_strict_grading(make_project: Any) -> None:
    warns = (
        "import warnings\n\n\ndef double(x: int) -> int:\n"
        '    warnings.warn("deprecated", DeprecationWarning, stacklevel=2)\n    return 2 * x\n'
    )
    project: Project = make_project({"warns": warns})
    strict = grade(project, project.katas_dir, project.catalog.katas, warnings_as_errors=True)
    lenient = grade(project, project.katas_dir, project.catalog.katas)
    assert strict.katas[0].status == "failed"
    assert "DeprecationWarning" in strict.katas[0].checks[0].message
    assert (lenient.katas[0].status, lenient.katas[0].cached) == ("solved", False), (
        "a strict verdict must not be served from the cache to a learner"
    )


def test_mypy_never_judges_a_file_by_another_of_its_size(
    make_project: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Two learners' files of one size staged in the same second share mypy's cache: the second
    must still be type-checked itself (mypy trusts a cache entry whose size and mtime match)."""
    well_typed = "def double(x: int) -> int:\n    return 2 * x\n"
    mistyped = well_typed.replace("-> int", "-> str")  # the same size, a type error
    project: Project = make_project({"k": well_typed})
    other = tmp_path / "other"
    other.mkdir()
    (other / "__init__.py").write_bytes((project.katas_dir / "__init__.py").read_bytes())
    (other / "k.py").write_text(mistyped)
    copy = shutil.copyfile

    def copy_in_one_second(source: Path, destination: Path) -> Path:
        copied = copy(source, destination)
        os.utime(destination, (1_700_000_000, 1_700_000_000))
        return Path(copied)

    monkeypatch.setattr("pykata.typecheck.shutil.copyfile", copy_in_one_second)
    katas = project.catalog.katas
    first = grade(project, project.katas_dir, katas, use_cache=False)
    second = grade(project, other, katas, use_cache=False)
    assert [k.status for k in first.katas + second.katas] == ["solved", "failed"]
    assert MODULE_TYPES_ID in [c.id for c in second.katas[0].failing_checks()]
