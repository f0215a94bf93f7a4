"""Copy a root's learner files into a private directory: the engine never grades in place.

Only the catalog's files for each kata are taken from the root; the ``katas`` package's
``__init__.py`` and every check file come from the trusted project.
"""

from __future__ import annotations

import ast
import hashlib
import io
import shutil
import tokenize
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pykata.catalog import Kata
from pykata.channel import UnitReport, read_unit_report
from pykata.project import Project
from pykata.results import truncate

PACKAGE_INIT = '"""Staged kata modules."""\n'


@dataclass
class Stage:
    """One grading run's private copy of the root, with the problems found on the way."""

    directory: Path
    problems: dict[str, str] = field(default_factory=dict)
    # verify grades a known-wrong variant with the checks that decide its verdict only: these
    # pytest checks (per kata slug), or for a test suite these mutants
    only_checks: dict[str, frozenset[str]] = field(default_factory=dict)
    only_mutants: dict[str, frozenset[str]] = field(default_factory=dict)

    def runs_check(self, slug: str, check_id: str) -> bool:
        chosen = self.only_checks.get(slug)
        return chosen is None or check_id in chosen

    def runs_mutant(self, slug: str, mutant: str) -> bool:
        chosen = self.only_mutants.get(slug)
        return chosen is None or mutant in chosen

    @property
    def katas_dir(self) -> Path:
        return self.directory / "katas"

    @property
    def checks_dir(self) -> Path:
        return self.directory / "checks"

    @property
    def home(self) -> Path:
        return self.directory / "home"

    @property
    def results_dir(self) -> Path:
        return self.directory / "results"

    @property
    def runs_dir(self) -> Path:
        """Private roots for runs that need other files beside the learner's (mutants)."""
        return self.directory / "runs"

    def report(self, unit_id: str) -> UnitReport:
        """What a unit's checks reported over the verdict channel, validated."""
        return read_unit_report(self.results_dir / f"{unit_id}.jsonl")

    def records(self, unit_id: str) -> list[dict[str, Any]]:
        return self.report(unit_id).records

    def output(self, unit_id: str, limit: int = 400) -> str:
        """The end of what the learner's code printed during a unit."""
        path = self.results_dir / f"{unit_id}.out"
        text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        return truncate(text[-max(limit * 5, 2000) :], limit)


def stage_root(project: Project, root: Path, katas: tuple[Kata, ...], directory: Path) -> Stage:
    learners_own = root.resolve() == project.katas_dir.resolve()
    stage = Stage(directory)
    for sub in (stage.katas_dir, stage.checks_dir, stage.home, stage.results_dir, stage.runs_dir):
        sub.mkdir(parents=True, exist_ok=True)
    (stage.katas_dir / "__init__.py").write_text(PACKAGE_INIT, encoding="utf-8")
    for kata in katas:
        problem = copy_learner_files(root, kata, stage.katas_dir, learners_own)
        if problem:
            stage.problems[kata.slug] = problem
        if kata.target_file:
            trusted_target = project.solutions_dir / kata.target_file
            shutil.copyfile(trusted_target, stage.katas_dir / kata.target_file)
        else:
            checks = stage.checks_dir / kata.slug
            checks.mkdir()
            shutil.copyfile(project.pytest_checks_file(kata.slug), checks / f"test_{kata.slug}.py")
    return stage


def copy_learner_files(
    root: Path, kata: Kata, destination: Path, learners_own: bool = False
) -> str | None:
    """Copy the kata's files; return a learner-facing problem (missing file, syntax error).
    Only a learner grading their own ``katas/`` is told the local command that restores it."""
    for name in kata.files:
        source = root / name
        if source.is_symlink() or not source.is_file():
            restore = f": restore it with `nox -s reset -- {kata.slug}`" if learners_own else ""
            return f"{root.name}/{name} is missing{restore}"
        text = source.read_bytes()
        (destination / name).write_bytes(text)
        if problem := syntax_problem(text, f"{root.name}/{name}"):
            return problem
    return None


def syntax_problem(source: bytes, display_name: str) -> str | None:
    try:
        ast.parse(source, filename=display_name)
    except SyntaxError as error:
        where = f"{display_name}, line {error.lineno}"
        return f"syntax error in {where}: {error.msg}"
    except ValueError as error:  # e.g. NUL bytes
        return f"{display_name} cannot be parsed: {error}"
    except (RecursionError, MemoryError):
        return f"{display_name} is nested too deeply for Python to parse"
    return None


def decode_source(data: bytes) -> str:
    """Source text in the encoding it declares (PEP 263, UTF-8 by default); undecodable bytes
    are replaced, never an error."""
    try:
        encoding, _lines = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        encoding = "utf-8"
    return data.decode(encoding, errors="replace")


def files_digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()
