"""The learner's progress: a small state file under ``.kata/``, rebuilt by grading at any time.

It remembers the last verdict per kata (from real grading), the hint level reached per kata, and
whether the welcome and the final message were shown. Deleting it loses nothing that grading
cannot rebuild, except hint levels.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pykata.catalog import Kata
from pykata.project import Project
from pykata.results import SOLVED, GradeReport

STATE_VERSION = 1
STUBS_LOCK = Path("tests") / "stubs.json"
NOT_STARTED = "not started"


@dataclass
class Progress:
    path: Path
    statuses: dict[str, str] = field(default_factory=dict)
    hints_seen: dict[str, list[int]] = field(default_factory=dict)  # indices, per kata
    welcomed: bool = False
    finale_shown: bool = False

    @classmethod
    def load(cls, project: Project) -> Progress:
        path = project.state_dir / "state.json"
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path)
        if data.get("version") != STATE_VERSION:
            return cls(path)
        return cls(
            path,
            statuses=dict(data.get("statuses", {})),
            hints_seen=_hints_seen(data),
            welcomed=bool(data.get("welcomed")),
            finale_shown=bool(data.get("finale_shown")),
        )

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "version": STATE_VERSION,
            "statuses": self.statuses,
            "hints_seen": self.hints_seen,
            "welcomed": self.welcomed,
            "finale_shown": self.finale_shown,
        }
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, indent=2), encoding="utf-8")
        temporary.replace(self.path)

    def record(self, report: GradeReport) -> None:
        """Remember the verdicts of a grading run of the learner's own katas."""
        for kata in report.katas:
            self.statuses[kata.slug] = kata.status

    def forget(self, slugs: list[str]) -> None:
        """These katas are back to their stubs: not started."""
        for slug in slugs:
            self.statuses.pop(slug, None)

    def is_solved(self, slug: str) -> bool:
        return self.statuses.get(slug) == SOLVED


def _hints_seen(data: dict[str, Any]) -> dict[str, list[int]]:
    """Hints seen per kata (an older state file counted them: the first N)."""
    seen = {k: [int(i) for i in v] for k, v in data.get("hints_seen", {}).items()}
    for slug, level in data.get("hint_levels", {}).items():
        seen.setdefault(slug, list(range(int(level))))
    return seen


def git_blob_hash(content: bytes) -> str:
    """The hash git gives a file's content: lets a clone find the pristine stub in its history."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()


def load_stub_hashes(project: Project) -> dict[str, str]:
    try:
        data = json.loads((project.root / STUBS_LOCK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    stubs = data.get("stubs", {})
    return {str(name): str(digest) for name, digest in stubs.items()}


class StubNotFoundError(Exception):
    """The shipped stub of a learner file cannot be found (the message says why)."""


def shipped_stub(project: Project, name: str) -> bytes:
    """The shipped stub's content, found by its hash in the clone's git history."""
    digest = load_stub_hashes(project).get(name)
    if digest is None:
        raise StubNotFoundError(f"tests/stubs.json does not list katas/{name}")
    try:
        found = subprocess.run(
            ["git", "cat-file", "blob", digest], cwd=project.root, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise StubNotFoundError(
            "git is needed to find the original stub, and it is not installed"
        ) from None
    if found.returncode != 0:
        raise StubNotFoundError(f"the original katas/{name} is not in this clone's git history")
    return found.stdout


def current_stub_hashes(project: Project) -> dict[str, str]:
    """The hashes ``tests/stubs.json`` should hold: one per learner file of every kata."""
    return {
        name: git_blob_hash((project.katas_dir / name).read_bytes())
        for kata in project.catalog.katas
        for name in kata.shipped_files
        if (project.katas_dir / name).is_file()
    }


def write_stub_hashes(project: Project) -> Path:
    path = project.root / STUBS_LOCK
    data = {"format": 1, "stubs": current_stub_hashes(project)}
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def is_untouched(project: Project, file_name: str) -> bool:
    """True when the learner's file is still exactly the shipped stub."""
    path = project.katas_dir / file_name
    expected = load_stub_hashes(project).get(file_name)
    return expected is not None and path.is_file() and git_blob_hash(path.read_bytes()) == expected


def all_untouched(project: Project, kata: Kata) -> bool:
    """Every learner file of the kata is still exactly the shipped stub."""
    return all(is_untouched(project, name) for name in kata.files)
