"""Exports: one combined JSON document, a CSV gradebook, Gradescope's ``results.json`` for one
submission, and a Markdown job summary of one JSON report (the student repositories' GitHub
Actions workflow)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pykata.catalog import Kata
from pykata.classroom.submission import SubmissionGrade
from pykata.results import REPORT_VERSION, SOLVED, KataResult

CLASSROOM_VERSION = 1
GRADEBOOK_ENCODING = "utf-8-sig"  # the byte-order mark tells spreadsheets the file is UTF-8
GRADESCOPE_VISIBILITY = "visible"
STATUS_ICONS = {
    "solved": "✅",
    "failed": "❌",
    "error": "⚠️",
    "timeout": "⏱️",
    "crashed": "💥",
}
FAILING_CHECKS_SHOWN = 5  # per kata, in the job summary


def combined_json(grades: Sequence[SubmissionGrade]) -> dict[str, Any]:
    """Every submission's grade in one versioned document (docs/classroom.md), sorted by id
    (so shards merged with :func:`merge_documents` give the same document)."""
    ordered = sorted(grades, key=lambda submission: submission.id)
    return {
        "version": CLASSROOM_VERSION,
        "submissions": [submission.to_json() for submission in ordered],
    }


def merge_documents(documents: Sequence[dict[str, Any]]) -> list[SubmissionGrade]:
    """The submissions of several combined JSON documents (one per shard)."""
    grades: list[SubmissionGrade] = []
    for document in documents:
        if not isinstance(document, dict) or document.get("version") != CLASSROOM_VERSION:
            raise ValueError(f"not a version {CLASSROOM_VERSION} classroom JSON document")
        grades += [SubmissionGrade.from_json(entry) for entry in document["submissions"]]
    seen = [grade.id for grade in grades]
    duplicates = sorted({identifier for identifier in seen if seen.count(identifier) > 1})
    if duplicates:
        raise ValueError(f"submissions graded in more than one shard: {', '.join(duplicates)}")
    return grades


def gradebook_csv(grades: Sequence[SubmissionGrade], katas: tuple[Kata, ...]) -> str:
    """One row per submission, sorted by id: the submission's path, totals (``total`` is the
    number of katas graded), the number of flags, whether the grade needs review, then each
    kata's score. Write it with :data:`GRADEBOOK_ENCODING` so spreadsheets read names like
    "José Núñez" correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "id",
            "path",
            "score",
            "max_score",
            "solved",
            "total",
            "flags",
            "review",
            *(k.slug for k in katas),
        ]
    )
    ordered = sorted(grades, key=lambda submission: submission.id)
    writer.writerows(_gradebook_row(submission, katas) for submission in ordered)
    return buffer.getvalue()


def _gradebook_row(submission: SubmissionGrade, katas: tuple[Kata, ...]) -> list[str | int]:
    results = {kata.slug: kata for kata in submission.report.katas} if submission.report else {}
    scores = [results[kata.slug].score if kata.slug in results else 0.0 for kata in katas]
    return [
        _spreadsheet_safe(submission.id),
        _spreadsheet_safe(submission.path),
        _number(sum(scores)),
        _number(sum(kata.points for kata in katas)),
        sum(result.solved for result in results.values()),
        len(results),
        len(submission.flags),
        "yes" if submission.needs_review else "",
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
        lines += ["", "Flagged for your instructor, who will review this grade:"]
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
