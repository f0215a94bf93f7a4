"""What classroom grading knows of one submission: where its files are, and its grade."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pykata.results import GradeReport


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

    @property
    def needs_review(self) -> bool:
        """A flagged grade is for the instructor to look at before it counts."""
        return bool(self.flags)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "flags": self.flags,
            "review": self.needs_review,
            "report": self.report.to_json() if self.report else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SubmissionGrade:
        report = data.get("report")
        return cls(
            id=data["id"],
            path=data["path"],
            flags=list(data["flags"]),
            report=GradeReport.from_json(report) if report else None,
        )
