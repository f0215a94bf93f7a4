"""What grading produces: check results, kata results and the whole report (schema version 1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

REPORT_VERSION = 2

SOLVED = "solved"
FAILED = "failed"
ERROR = "error"
TIMEOUT = "timeout"
CRASHED = "crashed"
KATA_STATUSES = (SOLVED, FAILED, ERROR, TIMEOUT, CRASHED)

PASSED = "passed"
CHECK_FAILED = "failed"
NOT_RUN = "not_run"

MESSAGE_LIMIT = 800


def truncate(text: str, limit: int = MESSAGE_LIMIT) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[: limit - 20].rstrip() + "\n… (output truncated)"


@dataclass
class CheckResult:
    id: str
    name: str
    group: str
    status: str
    message: str = ""
    duration: float = 0.0
    # 0 for a check the untouched stub already passes: it must pass, but it earns nothing.
    weight: float = 1.0
    rules: tuple[int, ...] = ()  # the numbered rules of the stub this check enforces

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "group": self.group,
            "status": self.status,
            "message": self.message,
            "duration": round(self.duration, 3),
            "weight": self.weight,
            "rules": list(self.rules),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CheckResult:
        return cls(
            id=data["id"],
            name=data["name"],
            group=data["group"],
            status=data["status"],
            message=data["message"],
            duration=data["duration"],
            weight=float(data.get("weight", 1.0)),
            rules=tuple(int(rule) for rule in data.get("rules", ())),
        )


@dataclass
class KataResult:
    slug: str
    title: str
    track: str
    status: str
    max_score: float
    checks: list[CheckResult]
    message: str = ""
    advice: list[str] = field(default_factory=list)
    duration: float = 0.0
    cached: bool = False
    # What the learner's code tried that reaches into the grader (refused, and for review).
    flags: list[str] = field(default_factory=list)
    elapsed: float = 0.0  # wall seconds of the slowest unit (not reported; verify times it)

    @property
    def solved(self) -> bool:
        return self.status == SOLVED

    @property
    def score(self) -> float:
        """Partial credit: the kata's points times the weighted share of its checks that pass
        (checks the untouched stub passes weigh nothing)."""
        if self.solved:
            return self.max_score
        total = sum(check.weight for check in self.checks)
        if not total:
            return 0.0
        passed = sum(check.weight for check in self.checks if check.passed)
        return round(self.max_score * passed / total, 2)

    def failing_checks(self) -> list[CheckResult]:
        return [check for check in self.checks if not check.passed]

    def to_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "title": self.title,
            "track": self.track,
            "status": self.status,
            "score": self.score,
            "max_score": self.max_score,
            "message": self.message,
            "duration": round(self.duration, 3),
            "checks": [check.to_json() for check in self.checks],
            "advice": self.advice,
            "flags": self.flags,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KataResult:
        return cls(
            slug=data["slug"],
            title=data["title"],
            track=data["track"],
            status=data["status"],
            max_score=data["max_score"],
            checks=[CheckResult.from_json(c) for c in data["checks"]],
            message=data["message"],
            advice=list(data["advice"]),
            duration=data["duration"],
            flags=list(data.get("flags", [])),
        )


@dataclass
class GradeReport:
    katas: list[KataResult]
    root: str
    containment: str = ""  # what the kernel contained the learner's code with

    @property
    def all_solved(self) -> bool:
        return all(kata.solved for kata in self.katas)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": REPORT_VERSION,
            "root": self.root,
            "containment": self.containment,
            "solved": sum(kata.solved for kata in self.katas),
            "total": len(self.katas),
            "score": round(sum(kata.score for kata in self.katas), 2),
            "max_score": sum(kata.max_score for kata in self.katas),
            "katas": [kata.to_json() for kata in self.katas],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GradeReport:
        return cls(
            katas=[KataResult.from_json(kata) for kata in data["katas"]],
            root=data["root"],
            containment=data.get("containment", ""),
        )
