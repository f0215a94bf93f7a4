"""Classroom grading: submissions graded with the trusted checks, tamper flags, the exports and
the Gradescope bundle. Three submissions are graded once, together, for the whole module."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import stat
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from pykata.classroom import (
    BundleError,
    SubmissionError,
    SubmissionGrade,
    UnsafeArchiveError,
    combined_json,
    extract_archive,
    grade_submission,
    grade_submissions,
    gradebook_csv,
    gradescope_results,
    locate_submission,
    markdown_summary,
    markdown_summary_file,
    split_points,
    submission_ids,
    tamper_flags,
    write_gradescope_bundle,
)
from pykata.classroom.redact import REDACTED, Redactor
from pykata.project import Project

REPOSITORY = Path(__file__).resolve().parents[2]
WRONG = "def double(x: int) -> int:\n    return x + 2\n"
PRAGMA = "def double(x: int) -> int:\n    return 2 * x  # type: ignore\n"
FORCE_PASS = (
    "import pytest\n\n\n@pytest.hookimpl(hookwrapper=True)\n"
    "def pytest_runtest_makereport(item, call):\n"
    '    (yield).get_result().outcome = "passed"\n'
)
TRUSTED_PYPROJECT = '[tool.pytest.ini_options]\naddopts = ["-p", "no:cacheprovider"]\n'
TRUSTED_CONFTEST = '"""The project\'s own fixtures."""\n'


def snapshot(root: Path) -> dict[str, str]:
    """Every file's checksum (a symlink's target) and mode, to prove nothing was written."""
    return {
        str(path.relative_to(root)): (
            f"-> {os.readlink(path)}"
            if path.is_symlink()
            else f"{hashlib.sha256(path.read_bytes()).hexdigest()} {path.stat().st_mode:o}"
        )
        for path in sorted(root.rglob("*"))
        if path.is_symlink() or path.is_file()
    }


def write_files(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def zip_files(archive: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(archive, "w") as zipped:
        for name, text in files.items():
            zipped.writestr(name, text)
    return archive


@pytest.fixture(scope="module")
def project(make_project: Any, solution_source: str) -> Project:
    built: Project = make_project(dict.fromkeys(("alpha", "beta", "gamma"), solution_source))
    write_files(
        built.root,
        {"pyproject.toml": TRUSTED_PYPROJECT, "tests/grader/conftest.py": TRUSTED_CONFTEST},
    )
    return built


@pytest.fixture(scope="module")
def submissions(
    project: Project, solution_source: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("submissions")
    alice = write_files(
        folder / "alice",
        {
            "katas/alpha.py": solution_source,
            "katas/beta.py": WRONG,
            "pyproject.toml": TRUSTED_PYPROJECT,
            "tests/grader/conftest.py": TRUSTED_CONFTEST,
        },
    )
    shutil.copytree(project.checks_root, alice / "tests" / "checks")
    bob = zip_files(
        folder / "bob.zip",
        {
            **{f"bob-main/{slug}.py": solution_source for slug in ("alpha", "beta", "gamma")},
            "__MACOSX/bob-main/._alpha.py": "",
        },
    )
    mallory = write_files(
        folder / "mallory",
        {
            "katas/alpha.py": PRAGMA,
            "katas/beta.py": WRONG,
            "conftest.py": FORCE_PASS,
            "sitecustomize.py": "import builtins\n",
            "evil.pth": "import os\n",
            "pyproject.toml": '[tool.pytest.ini_options]\naddopts = ["-p", "evil"]\n',
        },
    )
    shutil.copytree(project.checks_root, mallory / "tests" / "checks")
    (mallory / "tests" / "checks" / "alpha" / "test_alpha.py").write_text(
        "def test_() -> None: ...\n"
    )
    (mallory / "katas" / "gamma.py").symlink_to(project.solutions_dir / "gamma.py")
    return {"alice": alice, "bob": bob, "mallory": mallory}


@pytest.fixture(scope="module")
def graded(project: Project, submissions: dict[str, Path]) -> dict[str, Any]:
    folder = submissions["alice"].parent
    before = snapshot(folder)
    grades = grade_submissions(project, list(submissions.values()), project.catalog.katas)
    return {
        "grades": {grade.id: grade for grade in grades},
        "before": before,
        "after": snapshot(folder),
    }


def statuses(grade: SubmissionGrade) -> dict[str, str]:
    assert grade.report is not None
    return {kata.slug: kata.status for kata in grade.report.katas}


def scores(grade: SubmissionGrade) -> dict[str, float]:
    assert grade.report is not None
    return {kata.slug: kata.score for kata in grade.report.katas}


def test_submissions_are_graded_with_the_trusted_checks(graded: dict[str, Any]) -> None:
    alice, bob = graded["grades"]["alice"], graded["grades"]["bob"]
    assert statuses(alice) == {"alpha": "solved", "beta": "failed", "gamma": "error"}
    assert scores(alice) == {"alpha": 5.0, "beta": 3.33, "gamma": 0.0}
    assert statuses(bob) == dict.fromkeys(("alpha", "beta", "gamma"), "solved")
    assert (alice.flags, bob.flags) == ([], [])
    assert alice.report is not None
    assert alice.report.root == str(alice.path)


def test_tampering_is_flagged_and_graded_with_the_trusted_checks(graded: dict[str, Any]) -> None:
    mallory = graded["grades"]["mallory"]
    assert mallory.flags == [
        "conftest.py: pytest plugin code (conftest.py)",
        "evil.pth: a .pth file: paths or code Python loads at start-up",
        "pyproject.toml: pytest or mypy settings (pytest)",
        "sitecustomize.py: code Python runs at start-up (sitecustomize.py)",
        "tests/checks/alpha/test_alpha.py: differs from the trusted checks",
        "katas/alpha.py:2: a type-checker pragma (# type: ignore, # mypy:, # pyright:)",
        "katas/gamma.py: a symlink, not a file (graded as missing)",
    ]
    # The conftest.py that forces every test to pass was ignored; the symlink was not followed.
    assert statuses(mallory) == {"alpha": "failed", "beta": "failed", "gamma": "error"}
    assert mallory.report is not None
    alpha = mallory.report.katas[0]
    failing = [check.id for check in alpha.failing_checks()]
    assert failing == ["module_type_checks", "no_type_checker_pragmas"]  # unused ignore, pragma


def test_grading_writes_nothing_into_the_submissions(graded: dict[str, Any]) -> None:
    assert graded["after"] == graded["before"]


def test_combined_json_holds_every_submission(graded: dict[str, Any]) -> None:
    document = json.loads(json.dumps(combined_json(list(graded["grades"].values()))))
    assert document["version"] == 1
    assert [s["id"] for s in document["submissions"]] == ["alice", "bob", "mallory"]
    for submission in document["submissions"]:
        assert submission.keys() == {"id", "path", "flags", "review", "report"}
        assert submission["report"]["version"] == 2
    assert document["submissions"][1]["report"]["score"] == 15


def test_gradebook_has_one_row_per_submission_and_a_column_per_kata(
    graded: dict[str, Any], project: Project
) -> None:
    text = gradebook_csv(list(graded["grades"].values()), project.catalog.katas)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "id", "path", "score", "max_score", "solved", "total", "flags", "review",
        "alpha", "beta", "gamma",
    ]  # fmt: skip
    alice, bob = graded["grades"]["alice"].path, graded["grades"]["bob"].path
    assert rows[1] == ["alice", alice, "8.33", "15", "1", "3", "0", "", "5", "3.33", "0"]
    assert rows[2] == ["bob", bob, "15", "15", "3", "3", "0", "", "5", "5", "5"]
    assert rows[3][0] == "mallory"
    assert rows[3][6] == str(len(graded["grades"]["mallory"].flags))
    assert rows[3][7] == "yes"


def test_gradescope_results_have_the_documented_fields_and_add_up(
    graded: dict[str, Any],
) -> None:
    alice = graded["grades"]["alice"]
    results = json.loads(json.dumps(gradescope_results(alice)))
    assert {"score", "output", "tests"} <= results.keys()
    assert results["score"] == 8.33
    assert "8.33 / 15 points, 1 of 3 katas solved." in results["output"]
    assert len(results["tests"]) == 18
    for test in results["tests"]:
        assert {"name", "score", "max_score", "status", "output", "visibility"} <= test.keys()
        assert test["status"] in ("passed", "failed")
        assert test["score"] == (test["max_score"] if test["status"] == "passed" else 0)
    for slug, kata_score in scores(alice).items():
        tests = [t for t in results["tests"] if t["name"].startswith(f"{slug}: ")]
        assert sum(t["max_score"] for t in tests) == pytest.approx(5)
        assert sum(t["score"] for t in tests) == pytest.approx(kata_score)
    failing = next(t for t in results["tests"] if t["name"] == "beta: doubles a small number")
    assert failing["output"].startswith("expected double(3) to be 6, got 5")


def test_gradescope_output_shows_the_flags(graded: dict[str, Any]) -> None:
    output = gradescope_results(graded["grades"]["mallory"])["output"]
    assert "Flagged for your instructor" in output
    assert "- conftest.py: pytest plugin code (conftest.py)" in output


def test_points_are_split_to_the_cent_and_add_up() -> None:
    assert split_points(5, 6) == [0.84, 0.84, 0.83, 0.83, 0.83, 0.83]
    assert split_points(10, 4) == [2.5] * 4
    assert split_points(5, 0) == []


def test_markdown_summary_renders_a_table(graded: dict[str, Any]) -> None:
    report = graded["grades"]["alice"].report.to_json()
    report["katas"][0]["title"] = "Pipes | and\nnewlines"
    summary = markdown_summary(report)
    lines = summary.splitlines()
    assert lines[0] == "### Kata grade: 8.33 / 15 points, 1 of 3 katas solved"
    assert lines[2:7] == [
        "| kata | status | score |",
        "| --- | --- | ---: |",
        "| Pipes \\| and newlines (`alpha`) | ✅ solved | 5 / 5 |",
        "| Fixture: beta (`beta`) | ❌ failed | 3.33 / 5 |",
        "| Fixture: gamma (`gamma`) | ⚠️ error | 0 / 5 |",
    ]
    assert "- **beta** — doubles a small number: expected double(3) to be 6, got 5" in lines
    assert any(line.startswith("- **gamma**: katas/gamma.py is missing") for line in lines)


def test_markdown_summary_file_explains_a_missing_report(tmp_path: Path) -> None:
    assert "no report" in markdown_summary_file(tmp_path / "report.json")
    (tmp_path / "report.json").write_text("")
    assert "no report" in markdown_summary_file(tmp_path / "report.json")
    report = {"version": 2, "solved": 0, "total": 0, "score": 0, "max_score": 0, "katas": []}
    (tmp_path / "report.json").write_text(json.dumps(report))
    assert markdown_summary_file(tmp_path / "report.json") == markdown_summary(report)


def test_markdown_summary_shows_a_few_failing_checks_per_kata() -> None:
    checks = [{"name": f"check {n}", "status": "failed", "message": "wrong"} for n in range(1, 8)]
    kata = {"slug": "retry", "title": "Retry", "status": "failed", "score": 0, "max_score": 10}
    report = {"solved": 0, "total": 1, "score": 0, "max_score": 10}
    summary = markdown_summary({**report, "katas": [{**kata, "message": "", "checks": checks}]})
    assert "- **retry** — check 5: wrong" in summary
    assert "check 6" not in summary
    assert "- **retry**: … and 2 more" in summary


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("../evil", "points outside the archive"),
        ("katas/../../evil", "points outside the archive"),
        ("/tmp/evil", "has an absolute path"),
        ("C:evil", "has an absolute path"),
    ],
)
def test_an_archive_escaping_its_directory_is_rejected_whole(
    tmp_path: Path, entry: str, problem: str
) -> None:
    archive = zip_files(tmp_path / "evil.zip", {"katas/alpha.py": "x = 1\n", entry: "owned\n"})
    destination = tmp_path / "out" / "inner"
    destination.mkdir(parents=True)
    with pytest.raises(UnsafeArchiveError, match=problem) as raised:
        extract_archive(archive, destination)
    assert repr(entry) in str(raised.value)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "evil.zip",
        "out",
        "out/inner",
    ]


def test_an_archive_with_a_symlink_is_rejected(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("katas/alpha.py")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(tmp_path / "link.zip", "w") as zipped:
        zipped.writestr(link, "/etc/passwd")
    with pytest.raises(UnsafeArchiveError, match="is a symbolic link"):
        extract_archive(tmp_path / "link.zip", tmp_path)


def test_an_archive_too_large_uncompressed_is_rejected(tmp_path: Path) -> None:
    archive = zip_files(tmp_path / "big.zip", {"katas/alpha.py": "0" * 2000})
    with pytest.raises(UnsafeArchiveError, match="over the limit of 1000"):
        extract_archive(archive, tmp_path, max_bytes=1000)
    assert not (tmp_path / "katas").exists()


def test_an_archive_that_cannot_be_laid_out_is_an_error(tmp_path: Path) -> None:
    archive = zip_files(tmp_path / "clash.zip", {"katas": "a file\n", "katas/alpha.py": "x = 1\n"})
    with pytest.raises(SubmissionError, match="cannot be extracted"):
        extract_archive(archive, tmp_path / "out")


def test_an_unsafe_submission_is_reported_not_graded(project: Project, tmp_path: Path) -> None:
    archive = zip_files(tmp_path / "eve.zip", {"../evil": "owned\n"})
    with pytest.raises(UnsafeArchiveError, match=re.escape("'../evil' points outside the archive")):
        grade_submission(project, archive, project.catalog.katas)
    (eve,) = grade_submissions(project, [archive], project.catalog.katas)
    assert eve.report is None
    assert eve.flags == [
        "not graded: eve.zip: entry '../evil' points outside the archive (..); "
        "nothing was extracted"
    ]
    assert gradescope_results(eve)["score"] == 0
    row = gradebook_csv([eve], project.catalog.katas).splitlines()[1]
    assert row == f"eve,{archive},0,15,0,0,1,yes,0,0,0"  # total: no kata was graded
    assert not (tmp_path.parent / "evil").exists()


def test_a_path_that_is_neither_directory_nor_zip_is_an_error(
    project: Project, tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(SubmissionError, match=re.escape("not a directory or a .zip archive")):
        grade_submission(project, tmp_path / "notes.txt", project.catalog.katas)
    (tmp_path / "broken.zip").write_text("not a zip")
    with pytest.raises(SubmissionError, match="cannot be extracted"):
        grade_submission(project, tmp_path / "broken.zip", project.catalog.katas)


def test_identical_project_files_and_virtual_environments_are_not_flagged(
    project: Project, tmp_path: Path
) -> None:
    write_files(
        tmp_path,
        {
            "katas/alpha.py": "x = 1\n",
            "tests/grader/conftest.py": TRUSTED_CONFTEST,
            "pyproject.toml": TRUSTED_PYPROJECT + '\n[project]\nname = "mine"\n',
            ".venv/pyvenv.cfg": "home = /usr/bin\n",
            ".venv/lib/site-packages/distutils-precedence.pth": "import os\n",
            "katas/setup.cfg": "[mypy]\nignore_errors = True\n",
        },
    )
    (tmp_path / "katas" / "conftest.py").symlink_to(tmp_path / "katas" / "alpha.py")
    flags = tamper_flags(project, locate_submission(tmp_path), project.catalog.katas)
    assert flags == [
        "katas/conftest.py: pytest plugin code (conftest.py)",
        "katas/setup.cfg: pytest or mypy settings (mypy)",
    ]


def test_submission_ids_are_unique(tmp_path: Path) -> None:
    paths = [tmp_path / "a" / "alice", tmp_path / "b" / "alice.zip", tmp_path / "bob"]
    assert submission_ids(paths) == ["alice", "alice-2", "bob"]


@pytest.fixture
def source_project(
    make_tests_project: Any, learner_test_modules: dict[str, str], tmp_path: Path
) -> Project:
    """A project with the engine's source beside it, as in the kata repository itself."""
    project: Project = make_tests_project({"pricing_tests": learner_test_modules["thorough"]})
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(REPOSITORY / name, project.root / name)
    shutil.copytree(REPOSITORY / "src" / "pykata", project.root / "src" / "pykata")
    return project


def test_gradescope_bundle_holds_the_scripts_and_the_trusted_files(
    source_project: Project, tmp_path: Path
) -> None:
    archive = write_gradescope_bundle(source_project, tmp_path / "bundle")
    assert archive == tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive) as zipped:
        modes = {info.filename: info.external_attr >> 16 for info in zipped.infolist()}
    assert {
        "setup.sh",
        "run_autograder",
        "pyproject.toml",
        "README.md",
        "catalog.toml",
        "src/pykata/classroom/intake.py",
        "tests/checks/pricing_tests/types_pricing_tests.py",
        "solutions/pricing.py",
    } <= modes.keys()
    assert "solutions/pricing_tests.py" not in modes  # no reference solution is shipped
    assert not [name for name in modes if "__pycache__" in name]
    for script in ("setup.sh", "run_autograder"):
        assert modes[script] & 0o111 == 0o111
        assert os.access(tmp_path / "bundle" / script, os.X_OK)
        subprocess.run(["bash", "-n", str(tmp_path / "bundle" / script)], check=True)
    with pytest.raises(BundleError, match="not empty"):
        write_gradescope_bundle(source_project, tmp_path / "bundle")


def test_gradescope_bundle_needs_the_engine_source(project: Project, tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="source checkout"):
        write_gradescope_bundle(project, tmp_path / "bundle")


def test_a_message_quoting_a_mutant_line_is_redacted(make_tests_project: Any) -> None:
    """Mutants are patches: the code a mutant adds is hidden, without its ``+`` marker."""
    project = make_tests_project({"suite": "def test_nothing() -> None:\n    pass\n"})
    redactor = Redactor.of_project(project)
    message = "assert 162 == 180\n    return once - once * percent // 100\nat line 5"
    assert redactor.text(message).splitlines() == ["assert 162 == 180", REDACTED, "at line 5"]
