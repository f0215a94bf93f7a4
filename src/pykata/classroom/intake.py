"""Intake: read a submission (a repository copy, a folder of kata files, or a ``.zip``) without
ever writing to it, and grade its catalog kata files with the trusted checks."""

from __future__ import annotations

import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PureWindowsPath

from pykata.catalog import Kata
from pykata.classroom.redact import Redactor
from pykata.classroom.submission import SubmissionGrade, SubmissionTree
from pykata.classroom.tamper import is_kata_file, tamper_flags
from pykata.grading import OnProgress, available_cpus, grade
from pykata.project import Project
from pykata.results import GradeReport, truncate

MAX_ARCHIVE_BYTES = 50 * 1024 * 1024
MAX_ARCHIVE_ENTRIES = 10_000
WRAPPER_JUNK = ("__MACOSX", ".DS_Store")
GRADER_FAILED = "not graded: the grader failed on it"


class SubmissionError(Exception):
    """A submission cannot be read: not a directory or zip, or an unreadable archive."""


class UnsafeArchiveError(SubmissionError):
    """A zip that would write outside its directory, holds symlinks, or is too large."""


def grade_submissions(
    project: Project,
    paths: Sequence[Path],
    katas: tuple[Kata, ...],
    *,
    progress: OnProgress | None = None,
    shard: tuple[int, int] = (1, 1),
    jobs: int | None = None,
) -> list[SubmissionGrade]:
    """Grade each submission. One that cannot be read or graded gets no report and a flag
    saying why; it never stops the grading of the others. ``shard=(k, n)`` grades only every
    n-th submission from the k-th, in the order given (ids are those of the whole class)."""
    number, count = shard
    chosen = [
        (submission_id, path)
        for index, (submission_id, path) in enumerate(
            zip(submission_ids(paths), paths, strict=True)
        )
        if index % count == number - 1
    ]
    # Several submissions at once, each on its share of the cores: one submission's last
    # slow unit then never leaves a core idle. Results keep the order given.
    cores = jobs or available_cpus()
    at_once = max(1, min(cores, len(chosen)))

    def grade_one(chosen_submission: tuple[str, Path]) -> SubmissionGrade:
        submission_id, path = chosen_submission
        try:
            return grade_submission(
                project, path, katas, submission_id, progress=progress, jobs=cores // at_once
            )
        except SubmissionError as error:
            return SubmissionGrade(submission_id, str(path), [f"not graded: {error}"], None)
        except Exception as error:  # any failure is this submission's, never the class's
            reason = f"{GRADER_FAILED} ({type(error).__name__}: {error})"
            return SubmissionGrade(submission_id, str(path), [truncate(reason, 400)], None)

    pool = ThreadPoolExecutor(max_workers=at_once, thread_name_prefix="submission")
    try:
        return list(pool.map(grade_one, chosen))
    finally:  # on Ctrl-C, nothing more starts (the running workers got the signal too)
        pool.shutdown(wait=False, cancel_futures=True)


def grade_submission(
    project: Project,
    path: Path,
    katas: tuple[Kata, ...],
    submission_id: str | None = None,
    *,
    progress: OnProgress | None = None,
    jobs: int | None = None,
) -> SubmissionGrade:
    """Grade one submission's catalog kata files with the trusted checks, never in place.

    No result cache: each submission is graded from scratch in its own stage.
    """
    with tempfile.TemporaryDirectory(prefix="pykata-classroom-") as scratch:
        scratch_dir = Path(scratch)
        tree = locate_submission(_unpacked(path, scratch_dir / "unpacked"))
        flags = tamper_flags(project, tree, katas)
        staged = _copy_kata_files(tree.katas_dir, katas, scratch_dir / "katas")
        report = grade(project, staged, katas, use_cache=False, progress=progress, jobs=jobs)
    redactor = Redactor.of_project(project)
    for kata in report.katas:
        redactor.redact(kata)
        flags += [f"katas/{kata.slug}: {flag}" for flag in kata.flags]
    identifier = submission_id or submission_ids([path])[0]
    return SubmissionGrade(
        identifier, str(path), flags, GradeReport(report.katas, str(path), report.containment)
    )


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
    """Only the catalog's files, only regular files of a sane size: anything else is graded as
    missing (and flagged by the tamper flags)."""
    destination.mkdir()
    for name in sorted({name for kata in katas for name in kata.files}):
        source = katas_dir / name
        if is_kata_file(source):
            shutil.copyfile(source, destination / name)
    return destination


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
