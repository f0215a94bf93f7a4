"""Classroom grading: many students' submissions, graded with the trusted checks, exported.

A submission is a student's copy of the repository (its ``katas/`` holds the work), a directory
holding the kata files themselves, or a ``.zip`` of either. Only the catalog's kata files are
taken from it; files that would tamper with grading if the engine honoured them (``conftest.py``,
``sitecustomize.py``, pytest or mypy settings, ``.pth`` files, edited trusted checks,
type-checker pragmas, symlinked kata files) are reported as flags beside the grade. The
submission is never written to: a zip is extracted, with safety checks, into a temporary
directory.

Exports: one combined JSON document, a CSV gradebook, Gradescope's ``results.json`` for one
submission, a Markdown job summary of one JSON report (for the student repositories' GitHub
Actions workflow), and a Gradescope autograder bundle.
"""

from __future__ import annotations

import configparser
import csv
import hashlib
import io
import json
import os
import re
import shutil
import stat
import tempfile
import tomllib
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import Any

from pykata.catalog import Kata
from pykata.grading import OnProgress, grade
from pykata.project import Project
from pykata.results import REPORT_VERSION, SOLVED, GradeReport, KataResult
from pykata.typecheck import pragma_lines

CLASSROOM_VERSION = 1
MAX_ARCHIVE_BYTES = 50 * 1024 * 1024
MAX_ARCHIVE_ENTRIES = 10_000

# Files Python or pytest would execute or obey, were the engine to honour them.
STARTUP_FILES = {
    "conftest.py": "pytest plugin code (conftest.py)",
    "sitecustomize.py": "code Python runs at start-up (sitecustomize.py)",
    "usercustomize.py": "code Python runs at start-up (usercustomize.py)",
    "pytest.ini": "pytest settings (pytest.ini)",
    ".pytest.ini": "pytest settings (.pytest.ini)",
    "mypy.ini": "mypy settings (mypy.ini)",
    ".mypy.ini": "mypy settings (.mypy.ini)",
}
PTH_REASON = "a .pth file: paths or code Python loads at start-up"
SETTINGS_FILES = ("pyproject.toml", "setup.cfg", "tox.ini")
TEST_TOOLS = ("pytest", "mypy")
TEST_TOOL_SECTION = re.compile(r"^(pytest|tool:pytest|mypy(-.*)?)$")
SKIPPED_DIRECTORIES = (".git", ".cache", "__pycache__")  # git, the engine's cache
WRAPPER_JUNK = ("__MACOSX", ".DS_Store")
GRADESCOPE_VISIBILITY = "visible"
STATUS_ICONS = {
    "solved": "✅",
    "failed": "❌",
    "error": "⚠️",
    "timeout": "⏱️",
    "crashed": "💥",
}
FAILING_CHECKS_SHOWN = 5  # per kata, in the job summary
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
BUNDLE_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc")

SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image.
# It installs Python 3.11 (or, on images without it, the image's python3 if that is 3.11 or
# newer) and the grader with its pinned tools, in /autograder/venv.
set -euo pipefail

apt-get update
apt-get install -y python3.11 python3.11-venv || apt-get install -y python3 python3-venv
python="$(command -v python3.11 || command -v python3)"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "the grader needs Python 3.11 or newer: choose a newer Gradescope base image" >&2
    exit 1
fi
"$python" -m venv /autograder/venv
/autograder/venv/bin/python -m pip install --quiet /autograder/source
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for every submission. The grader takes only the catalog's kata files
# from a copy of the submission and grades them with the trusted checks in /autograder/source;
# tamper attempts are reported in the output. If the grader cannot run, a zero score with a
# message is written, so the student is never left without a result.
set -uo pipefail

results=/autograder/results/results.json
work="$(mktemp -d)"
cp -a /autograder/submission "$work/submission"
mkdir -p /autograder/results
PYKATA_PROJECT=/autograder/source /autograder/venv/bin/kata grade \\
    --gradescope "$results" "$work/submission"
status=$?
if [ ! -s "$results" ]; then
    message="The grader could not run (exit code $status): please tell your instructor."
    printf '{"score": 0, "output": "%s", "tests": []}\\n' "$message" >"$results"
fi
"""


class SubmissionError(Exception):
    """A submission cannot be read: not a directory or zip, or an unreadable archive."""


class UnsafeArchiveError(SubmissionError):
    """A zip that would write outside its directory, holds symlinks, or is too large."""


class BundleError(Exception):
    """The Gradescope bundle cannot be built from this project."""


@dataclass(frozen=True)
class SubmissionTree:
    """Where a submission's files are: its repository root and the directory of kata files."""

    root: Path
    katas_dir: Path

    def shown(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


@dataclass
class SubmissionGrade:
    """One submission's grade: the trusted report (None when it could not be read) and flags."""

    id: str
    path: str
    flags: list[str]
    report: GradeReport | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "flags": self.flags,
            "report": self.report.to_json() if self.report else None,
        }


# Grading


def grade_submissions(
    project: Project,
    paths: Sequence[Path],
    katas: tuple[Kata, ...],
    *,
    progress: OnProgress | None = None,
) -> list[SubmissionGrade]:
    """Grade each submission; one that cannot be read gets no report and a flag saying why."""
    grades: list[SubmissionGrade] = []
    for submission_id, path in zip(submission_ids(paths), paths, strict=True):
        try:
            grades.append(grade_submission(project, path, katas, submission_id, progress=progress))
        except SubmissionError as error:
            grades.append(SubmissionGrade(submission_id, str(path), [f"not graded: {error}"], None))
    return grades


def grade_submission(
    project: Project,
    path: Path,
    katas: tuple[Kata, ...],
    submission_id: str | None = None,
    *,
    progress: OnProgress | None = None,
) -> SubmissionGrade:
    """Grade one submission's catalog kata files with the trusted checks, never in place."""
    with tempfile.TemporaryDirectory(prefix="pykata-classroom-") as scratch:
        scratch_dir = Path(scratch)
        tree = locate_submission(_unpacked(path, scratch_dir / "unpacked"))
        flags = tamper_flags(project, tree, katas)
        staged = _copy_kata_files(tree.katas_dir, katas, scratch_dir / "katas")
        report = grade(project, staged, katas, use_cache=False, progress=progress)
    identifier = submission_id or submission_ids([path])[0]
    return SubmissionGrade(identifier, str(path), flags, GradeReport(report.katas, str(path)))


def submission_ids(paths: Sequence[Path]) -> list[str]:
    """Each submission's name (``alice`` for ``alice/`` or ``alice.zip``), made unique."""
    used: set[str] = set()
    identifiers: list[str] = []
    for path in paths:
        resolved = path.resolve()
        base = (resolved.stem if resolved.suffix.lower() == ".zip" else resolved.name) or "root"
        candidate, number = base, 1
        while candidate in used:
            number += 1
            candidate = f"{base}-{number}"
        used.add(candidate)
        identifiers.append(candidate)
    return identifiers


def locate_submission(directory: Path) -> SubmissionTree:
    """A repository copy (``katas/`` inside), or the kata files themselves; a lone wrapper
    directory, as in a zip of a folder, is looked into."""
    while True:
        entries = [entry for entry in directory.iterdir() if entry.name not in WRAPPER_JUNK]
        lone = entries[0] if len(entries) == 1 else None
        if not lone or lone.name == "katas" or lone.is_symlink() or not lone.is_dir():
            break
        directory = lone
    nested = directory / "katas"
    if nested.is_dir() and not nested.is_symlink():
        return SubmissionTree(directory, nested)
    return SubmissionTree(directory, directory)


def _unpacked(path: Path, destination: Path) -> Path:
    if path.is_dir():
        return path
    if path.is_file() and path.suffix.lower() == ".zip":
        destination.mkdir()
        extract_archive(path, destination)
        return destination
    raise SubmissionError(f"{path}: not a directory or a .zip archive")


def _copy_kata_files(katas_dir: Path, katas: tuple[Kata, ...], destination: Path) -> Path:
    """Only the catalog's files, only regular files: anything else is graded as missing."""
    destination.mkdir()
    for name in sorted({name for kata in katas for name in kata.files}):
        source = katas_dir / name
        if source.is_file() and not source.is_symlink():
            shutil.copyfile(source, destination / name)
    return destination


# Safe extraction


def extract_archive(archive: Path, destination: Path, max_bytes: int = MAX_ARCHIVE_BYTES) -> None:
    """Extract a zip into ``destination`` after checking every entry; nothing is written when
    an entry is absolute, climbs out with ``..``, is a symlink, or the whole is too large."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = zipped.infolist()
            _check_members(archive, members, max_bytes)
            for member in members:
                _extract_member(zipped, member, destination)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as error:
        raise SubmissionError(f"{archive.name}: cannot be extracted ({error})") from None


def _check_members(archive: Path, members: list[zipfile.ZipInfo], max_bytes: int) -> None:
    if len(members) > MAX_ARCHIVE_ENTRIES:
        raise UnsafeArchiveError(f"{archive.name}: more than {MAX_ARCHIVE_ENTRIES} entries")
    # zipfile never inflates an entry beyond its declared size, so the declared sizes bound it.
    size = sum(member.file_size for member in members)
    if size > max_bytes:
        raise UnsafeArchiveError(
            f"{archive.name}: {size} bytes uncompressed, over the limit of {max_bytes}"
        )
    seen: set[tuple[str, ...]] = set()
    for member in members:
        parts = _member_parts(member.filename)
        if problem := _member_problem(member, parts, seen):
            raise UnsafeArchiveError(
                f"{archive.name}: entry {member.filename!r} {problem}; nothing was extracted"
            )
        seen.add(parts)


def _member_parts(name: str) -> tuple[str, ...]:
    return tuple(part for part in re.split(r"[\\/]", name) if part not in ("", "."))


def _member_problem(
    member: zipfile.ZipInfo, parts: tuple[str, ...], seen: set[tuple[str, ...]]
) -> str | None:
    name = member.filename
    if name.startswith(("/", "\\")) or PureWindowsPath(name).drive:
        return "has an absolute path"
    if ".." in parts:
        return "points outside the archive (..)"
    if stat.S_ISLNK(member.external_attr >> 16):
        return "is a symbolic link"
    if member.flag_bits & 0x1:
        return "is encrypted"
    if parts in seen:
        return "appears twice"
    return None


def _extract_member(zipped: zipfile.ZipFile, member: zipfile.ZipInfo, destination: Path) -> None:
    target = destination.joinpath(*_member_parts(member.filename))
    if member.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipped.open(member) as source, target.open("xb") as sink:
        shutil.copyfileobj(source, sink)


# Tamper flags


def tamper_flags(project: Project, tree: SubmissionTree, katas: tuple[Kata, ...]) -> list[str]:
    """What the submission ships that would tamper with grading if the engine honoured it.

    A file identical to the trusted project's file at the same place (the repository's own
    ``tests/grader/conftest.py``, an unchanged ``pyproject.toml``) is not flagged.
    """
    flags = [
        f"{tree.shown(path)}: {reason}"
        for path in _submission_files(tree.root)
        if (reason := _suspect_reason(path, project.root / tree.shown(path)))
    ]
    flags += _checks_tree_flags(project, tree)
    flags += _kata_file_flags(tree, katas)
    if (tree.root / "katas").is_symlink():
        flags.append("katas: a symlink, not a directory (its files were not graded)")
    return flags


def _submission_files(root: Path) -> Iterator[Path]:
    """Every file, not following symlinks, skipping git's data and virtual environments."""
    for directory, subdirectories, files in os.walk(root):
        here = Path(directory)
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if name not in SKIPPED_DIRECTORIES and not (here / name / "pyvenv.cfg").is_file()
        )
        yield from (here / name for name in sorted(files))


def _suspect_reason(path: Path, trusted: Path) -> str | None:
    if path.name in STARTUP_FILES or path.suffix == ".pth":
        reason = STARTUP_FILES.get(path.name, PTH_REASON)
        ours = _regular_bytes(path)
        return None if ours is not None and ours == _regular_bytes(trusted) else reason
    if path.name not in SETTINGS_FILES:
        return None
    if path.is_symlink():
        return f"a symlinked {path.name}: pytest or mypy settings could hide behind it"
    settings = _test_tool_settings(path)
    if settings and settings != _test_tool_settings(trusted):
        return f"pytest or mypy settings ({', '.join(sorted(settings))})"
    return None


def _regular_bytes(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() and not path.is_symlink() else None


def _test_tool_settings(path: Path) -> dict[str, Any]:
    """The pytest and mypy settings a pyproject.toml, setup.cfg or tox.ini holds."""
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.name == "pyproject.toml":
        try:
            tools = tomllib.loads(text).get("tool")
        except tomllib.TOMLDecodeError:
            return {}
        if not isinstance(tools, dict):
            return {}
        return {name: tools[name] for name in TEST_TOOLS if name in tools}
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        return {}
    return {name: dict(parser[name]) for name in parser.sections() if TEST_TOOL_SECTION.match(name)}


def _checks_tree_flags(project: Project, tree: SubmissionTree) -> list[str]:
    """Edits to the trusted checks in the submission's own ``tests/checks``, if it has one."""
    submitted = tree.root / "tests" / "checks"
    if not submitted.is_dir():
        return []
    trusted, theirs = _tree_digests(project.checks_root), _tree_digests(submitted)
    flags: list[str] = []
    for relative in sorted(trusted.keys() | theirs.keys()):
        if relative not in theirs:
            change = "a trusted check file was removed"
        elif relative not in trusted:
            change = "added to the trusted checks"
        elif trusted[relative] != theirs[relative]:
            change = "differs from the trusted checks"
        else:
            continue
        flags.append(f"tests/checks/{relative}: {change}")
    return flags


def _tree_digests(directory: Path) -> dict[str, str]:
    return {
        path.relative_to(directory).as_posix(): _digest(path)
        for path in _submission_files(directory)
    }


def _digest(path: Path) -> str:
    data = _regular_bytes(path)
    return hashlib.sha256(data).hexdigest() if data is not None else "not a regular file"


def _kata_file_flags(tree: SubmissionTree, katas: tuple[Kata, ...]) -> list[str]:
    flags: list[str] = []
    for name in sorted({name for kata in katas for name in kata.files}):
        path = tree.katas_dir / name
        if path.is_symlink():
            flags.append(f"{tree.shown(path)}: a symlink, not a file (graded as missing)")
        elif path.is_file():
            source = path.read_text(encoding="utf-8", errors="replace")
            flags += [
                f"{tree.shown(path)}:{line}: a type-checker pragma (# type: ignore, # mypy:, "
                "# pyright:)"
                for line in pragma_lines(source)
            ]
    return flags


# Exports


def combined_json(grades: Sequence[SubmissionGrade]) -> dict[str, Any]:
    """Every submission's grade in one versioned document (docs/classroom.md)."""
    return {
        "version": CLASSROOM_VERSION,
        "submissions": [submission.to_json() for submission in grades],
    }


def gradebook_csv(grades: Sequence[SubmissionGrade], katas: tuple[Kata, ...]) -> str:
    """One row per submission: totals, the number of flags, then each kata's score."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["id", "score", "max_score", "solved", "total", "flags", *(k.slug for k in katas)]
    )
    writer.writerows(_gradebook_row(submission, katas) for submission in grades)
    return buffer.getvalue()


def _gradebook_row(submission: SubmissionGrade, katas: tuple[Kata, ...]) -> list[str | int]:
    results = {kata.slug: kata for kata in submission.report.katas} if submission.report else {}
    scores = [results[kata.slug].score if kata.slug in results else 0.0 for kata in katas]
    return [
        _spreadsheet_safe(submission.id),
        _number(sum(scores)),
        _number(sum(kata.points for kata in katas)),
        sum(result.solved for result in results.values()),
        len(katas),
        len(submission.flags),
        *(_number(score) for score in scores),
    ]


def gradescope_results(submission: SubmissionGrade) -> dict[str, Any]:
    """Gradescope's ``results.json``: one test per check, each worth its share of the kata's
    points; the top-level score is the grade's (it overrides the tests' total on Gradescope)."""
    report = submission.report
    return {
        "score": report.to_json()["score"] if report else 0,
        "output": _gradescope_output(submission),
        "output_format": "text",
        "visibility": GRADESCOPE_VISIBILITY,
        "stdout_visibility": "hidden",
        "extra_data": {"flags": submission.flags},
        "tests": [
            test
            for number, kata in enumerate(report.katas if report else [], start=1)
            for test in _gradescope_tests(number, kata)
        ],
    }


def _gradescope_tests(number: int, kata: KataResult) -> list[dict[str, Any]]:
    shares = check_shares(kata)
    return [
        {
            "name": f"{kata.slug}: {check.name}",
            "number": f"{number}.{index}",
            "score": share if check.passed else 0.0,
            "max_score": share,
            "status": "passed" if check.passed else "failed",
            "output": check.message,
            "visibility": GRADESCOPE_VISIBILITY,
        }
        for index, (check, share) in enumerate(zip(kata.checks, shares, strict=True), start=1)
    ]


def check_shares(kata: KataResult) -> list[float]:
    """Each check's share of the kata's points, to the cent: about equal, with the passing
    checks' shares adding up to the kata's score and all of them to its points. A check the
    untouched stub passes has no share."""
    counted = [check for check in kata.checks if check.weight]
    passed = sum(check.passed for check in counted)
    earned = iter(split_points(kata.score, passed))
    missed = iter(split_points(kata.max_score - kata.score, len(counted) - passed))
    return [
        0.0 if not check.weight else next(earned) if check.passed else next(missed)
        for check in kata.checks
    ]


def split_points(points: float, parts: int) -> list[float]:
    """``points`` in ``parts`` shares to the cent that add up exactly (5 in 6: 0.84, 0.84,
    0.83, …)."""
    if not parts:
        return []
    share, remainder = divmod(round(points * 100), parts)
    return [(share + (1 if index < remainder else 0)) / 100 for index in range(parts)]


def _gradescope_output(submission: SubmissionGrade) -> str:
    if not submission.report:
        lines = ["This submission was not graded."]
    else:
        data = submission.report.to_json()
        lines = [
            f"{_number(data['score'])} / {_number(data['max_score'])} points, "
            f"{data['solved']} of {data['total']} katas solved."
        ]
        lines += [
            f"{kata.slug}: {kata.status}" + (f": {kata.message}" if kata.message else "")
            for kata in submission.report.katas
        ]
    if submission.flags:
        lines += ["", "Flagged for your instructor (the grader ignored these):"]
        lines += [f"- {flag}" for flag in submission.flags]
    return "\n".join(lines)


def markdown_summary(report_json: dict[str, Any]) -> str:
    """A GitHub job summary of one ``kata check --format json`` report: a table of katas,
    then the failing checks."""
    lines = [
        f"### Kata grade: {_number(report_json['score'])} / "
        f"{_number(report_json['max_score'])} points, "
        f"{report_json['solved']} of {report_json['total']} katas solved",
        "",
        "| kata | status | score |",
        "| --- | --- | ---: |",
    ]
    lines += [
        f"| {_cell(kata['title'])} (`{kata['slug']}`) | "
        f"{STATUS_ICONS.get(kata['status'], '')} {kata['status']} | "
        f"{_number(kata['score'])} / {_number(kata['max_score'])} |"
        for kata in report_json["katas"]
    ]
    failing = [line for kata in report_json["katas"] for line in _failing_lines(kata)]
    if failing:
        lines += ["", "<details><summary>Failing checks</summary>", "", *failing, "", "</details>"]
    return "\n".join(lines) + "\n"


def markdown_summary_file(path: Path) -> str:
    """The job summary of a JSON report file, or a short note when grading produced none."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        report = None
    if not isinstance(report, dict) or report.get("version") != REPORT_VERSION:
        return "### Kata grade\n\nGrading produced no report: see the job's log.\n"
    return markdown_summary(report)


def _failing_lines(kata: dict[str, Any]) -> list[str]:
    if kata["status"] == SOLVED:
        return []
    lines = [f"- **{kata['slug']}**: {_first_line(kata['message'])}"] if kata["message"] else []
    failed = [check for check in kata["checks"] if check["status"] == "failed"]
    lines += [
        f"- **{kata['slug']}** — {check['name']}: {_first_line(check['message'])}"
        for check in failed[:FAILING_CHECKS_SHOWN]
    ]
    if len(failed) > FAILING_CHECKS_SHOWN:
        lines.append(f"- **{kata['slug']}**: … and {len(failed) - FAILING_CHECKS_SHOWN} more")
    return lines


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "failed"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _spreadsheet_safe(text: str) -> str:
    """Keep a spreadsheet from reading a submission's name as a formula."""
    return f"'{text}" if text.startswith(("=", "+", "-", "@")) else text


# Gradescope bundle


def write_gradescope_bundle(project: Project, directory: Path) -> Path:
    """Write Gradescope's autograder into ``directory`` (``setup.sh``, ``run_autograder`` and
    what grading needs of the project) and zip it beside it as ``<directory>.zip``."""
    engine = project.root / "src" / "pykata"
    if not (project.root / "pyproject.toml").is_file() or not engine.is_dir():
        raise BundleError(
            f"{project.root} is not the kata repository's source checkout "
            "(pyproject.toml and src/pykata/ are needed)"
        )
    if directory.exists() and any(directory.iterdir()):
        raise BundleError(f"{directory} is not empty: choose a new directory for the bundle")
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("pyproject.toml", "README.md", "catalog.toml"):
        shutil.copyfile(project.root / name, directory / name)
    shutil.copytree(engine, directory / "src" / "pykata", ignore=BUNDLE_IGNORE)
    shutil.copytree(project.checks_root, directory / "tests" / "checks", ignore=BUNDLE_IGNORE)
    # Only the modules under test that tests katas ship complete: no reference solution.
    for target in sorted({kata.target_file for kata in project.catalog.katas if kata.target_file}):
        (directory / "solutions").mkdir(exist_ok=True)
        shutil.copyfile(project.solutions_dir / target, directory / "solutions" / target)
    _write_script(directory / "setup.sh", SETUP_SH)
    _write_script(directory / "run_autograder", RUN_AUTOGRADER)
    archive = directory.with_name(f"{directory.name}.zip")
    _zip_directory(directory, archive)
    return archive


def _write_script(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)


def _zip_directory(directory: Path, archive: Path) -> None:
    """Files at the archive's root (as Gradescope wants), modes kept, in a stable order."""
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            member = zipfile.ZipInfo(path.relative_to(directory).as_posix(), ZIP_TIMESTAMP)
            member.external_attr = (stat.S_IFREG | stat.S_IMODE(path.stat().st_mode)) << 16
            member.compress_type = zipfile.ZIP_DEFLATED
            zipped.writestr(member, path.read_bytes())
