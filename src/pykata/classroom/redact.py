"""Nothing hidden leaks: student-visible text never carries lines of the hidden checks.

A learner's code can raise an exception whose message quotes a hidden check file, or print it.
Every message of a classroom grade is cut to a cap and loses each line that also occurs in a
hidden check, a mutant or a reference solution (lines long enough to be specific).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pykata.project import Project
from pykata.results import KataResult, truncate

SPECIFIC_LINE = 16  # characters: shorter lines ("return x") are common to any code
MESSAGE_CAP = 600
REDACTED = "[a line of the hidden checks was removed]"


@dataclass(frozen=True)
class Redactor:
    hidden_lines: frozenset[str]

    @classmethod
    def of_project(cls, project: Project) -> Redactor:
        files = [path for path in project.checks_root.rglob("*") if path.is_file()]
        files += [p for p in project.solutions_dir.glob("*.py*") if p.name != "__init__.py"]
        lines = {
            _code(line, path)
            for path in files
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
        }
        return cls(frozenset(line for line in lines if len(line) >= SPECIFIC_LINE))

    def text(self, message: str) -> str:
        kept = [REDACTED if self._leaks(line) else line for line in message.splitlines()]
        return truncate("\n".join(kept), MESSAGE_CAP)

    def redact(self, kata: KataResult) -> None:
        kata.message = self.text(kata.message)
        for check in kata.checks:
            check.message = self.text(check.message)

    def _leaks(self, line: str) -> bool:
        """Whether the line quotes a whole hidden line (a message that merely shares words
        with a check, like its assertion text, is kept)."""
        stripped = line.strip()
        if len(stripped) < SPECIFIC_LINE:
            return False
        return stripped in self.hidden_lines or any(h in stripped for h in self.hidden_lines)


def _code(line: str, path: Path) -> str:
    """The line's code: in a patch (a variant or a mutant), without its ``+``/``-`` marker."""
    if path.suffix == ".diff" and line[:1] in ("+", "-", " "):
        line = line[1:]
    return line.strip()
