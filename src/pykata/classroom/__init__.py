"""Classroom grading: many students' submissions, graded with the trusted checks, exported.

A submission is a student's copy of the repository (its ``katas/`` holds the work), a directory
holding the kata files themselves, or a ``.zip`` of either. Only the catalog's kata files are
taken from it; files that would tamper with grading if the engine honoured them are reported as
flags beside the grade. One module per job: ``intake`` (reading and grading submissions),
``tamper`` (flags), ``exports`` (JSON, gradebook, Gradescope results, job summary), ``bundle``
(the Gradescope autograder).
"""

from pykata.classroom.bundle import BundleError, write_gradescope_bundle
from pykata.classroom.exports import (
    GRADEBOOK_ENCODING,
    check_shares,
    combined_json,
    gradebook_csv,
    gradescope_results,
    markdown_summary,
    markdown_summary_file,
    merge_documents,
    split_points,
)
from pykata.classroom.intake import (
    GRADER_FAILED,
    SubmissionError,
    UnsafeArchiveError,
    extract_archive,
    grade_submission,
    grade_submissions,
    locate_submission,
    submission_ids,
)
from pykata.classroom.submission import SubmissionGrade, SubmissionTree
from pykata.classroom.tamper import tamper_flags

__all__ = [
    "GRADEBOOK_ENCODING",
    "GRADER_FAILED",
    "BundleError",
    "SubmissionError",
    "SubmissionGrade",
    "SubmissionTree",
    "UnsafeArchiveError",
    "check_shares",
    "combined_json",
    "extract_archive",
    "grade_submission",
    "grade_submissions",
    "gradebook_csv",
    "gradescope_results",
    "locate_submission",
    "markdown_summary",
    "markdown_summary_file",
    "merge_documents",
    "split_points",
    "submission_ids",
    "tamper_flags",
    "write_gradescope_bundle",
]
