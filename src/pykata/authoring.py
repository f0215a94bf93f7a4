"""Author tools: prove a kata's checks are sound, and scaffold a new kata.

A kata is sound when its stub fails, its reference solution passes every check, and every
known-wrong variant is rejected by the checks its docstring names (``Caught by: ...``).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pykata import mutation
from pykata.catalog import Kata
from pykata.checklist import ExpectedCheck, mypy_checks, pytest_checks
from pykata.grading import OnProgress, grade
from pykata.project import Project
from pykata.results import GradeReport, KataResult

CAUGHT_BY = re.compile(r"^\s*Caught by:\s*(?P<ids>.+)$", re.MULTILINE)
MINIMUM_WRONG_VARIANTS = 2


@dataclass
class Verification:
    """Everything ``nox -s verify`` checks for a set of katas, gathered in four grading runs."""

    stubs: dict[str, KataResult] = field(default_factory=dict)
    solutions: dict[str, KataResult] = field(default_factory=dict)
    variants: dict[str, list[tuple[Path, KataResult]]] = field(default_factory=dict)
    layout_problems: dict[str, list[str]] = field(default_factory=dict)

    def problems(self, slug: str) -> list[str]:
        found = list(self.layout_problems.get(slug, []))
        stub = self.stubs.get(slug)
        if stub is not None and stub.solved:
            found.append("the stub is solved: its checks cannot fail")
        solution = self.solutions.get(slug)
        if solution is not None and not solution.solved:
            failing = "; ".join(
                f"{c.id}: {c.message.splitlines()[0] if c.message else c.status}"
                for c in solution.failing_checks()
            )
            found.append(
                f"the reference solution is {solution.status}: {solution.message or failing}"
            )
        for variant, result in self.variants.get(slug, []):
            found.extend(_variant_problems(variant, result))
        return found


def caught_by(variant: Path) -> list[str]:
    match = CAUGHT_BY.search(variant.read_text(encoding="utf-8"))
    return [name.strip() for name in match.group("ids").split(",")] if match else []


def layout_problems(project: Project, kata: Kata) -> list[str]:
    """Missing parts of a kata, judged from the files alone."""
    problems = []
    for name in kata.files:
        for directory in (project.katas_dir, project.solutions_dir):
            if not (directory / name).is_file():
                problems.append(f"{directory.name}/{name} is missing")
    if not project.mypy_checks_file(kata.slug).is_file():
        problems.append(f"tests/checks/{kata.slug}/types_{kata.slug}.py is missing")
    if kata.target_file:
        problems += _target_problems(project, kata)
    elif not project.pytest_checks_file(kata.slug).is_file():
        problems.append(f"tests/checks/{kata.slug}/test_{kata.slug}.py is missing")
    if problems:
        return problems
    known = {c.id for c in expected_pytest_group(project, kata)}
    known |= {c.id for c in mypy_checks(project.mypy_checks_file(kata.slug), kata.slug)}
    if not expected_pytest_group(project, kata):
        problems.append("the kata defines no behaviour check")
    variants = project.wrong_variants(kata.slug)
    if len(variants) < MINIMUM_WRONG_VARIANTS:
        problems.append(
            f"{len(variants)} known-wrong variants; at least {MINIMUM_WRONG_VARIANTS} are required"
        )
    for variant in variants:
        names = caught_by(variant)
        if not names:
            problems.append(f"{variant.name}: no `Caught by:` line in its docstring")
        for name in names:
            if name not in known:
                problems.append(f"{variant.name}: `Caught by: {name}` names no check")
    return problems


def expected_pytest_group(project: Project, kata: Kata) -> list[ExpectedCheck]:
    """The behaviour checks: hidden pytest checks, or for a tests kata its mutants."""
    if kata.target_file:
        return mutation.expected_checks(project, kata)
    return pytest_checks(project.pytest_checks_file(kata.slug))


def _target_problems(project: Project, kata: Kata) -> list[str]:
    assert kata.target_file is not None
    shipped = project.katas_dir / kata.target_file
    trusted = project.solutions_dir / kata.target_file
    if not (shipped.is_file() and trusted.is_file()):
        return [f"katas/{kata.target_file} and solutions/{kata.target_file} must both exist"]
    problems = []
    if shipped.read_bytes() != trusted.read_bytes():
        problems.append(f"katas/{kata.target_file} differs from solutions/{kata.target_file}")
    if not project.mutants(kata.slug):
        problems.append("a tests kata needs mutants in tests/checks/<slug>/mutants/")
    return problems


def catalog_problems(project: Project) -> list[str]:
    """Kata files on disk that the catalog does not list."""
    listed = {kata.slug for kata in project.catalog.katas}
    listed_files = {name for kata in project.catalog.katas for name in kata.files}
    listed_files |= {k.target_file for k in project.catalog.katas if k.target_file}
    problems = []
    for directory in (project.katas_dir, project.solutions_dir):
        for path in sorted(directory.glob("*.py*")):
            if path.name != "__init__.py" and path.name not in listed_files:
                problems.append(f"{directory.name}/{path.name} is not in the catalog")
    for path in sorted(project.checks_root.iterdir()):
        if path.is_dir() and not path.name.startswith((".", "_")) and path.name not in listed:
            problems.append(f"tests/checks/{path.name} is not in the catalog")
    return problems


def verify(
    project: Project, katas: tuple[Kata, ...], progress: OnProgress | None = None
) -> Verification:
    verification = Verification()
    for kata in katas:
        verification.layout_problems[kata.slug] = layout_problems(project, kata)
    sound = tuple(k for k in katas if not verification.layout_problems[k.slug])

    def by_slug(report: GradeReport) -> dict[str, KataResult]:
        return {result.slug: result for result in report.katas}

    verification.solutions = by_slug(
        grade(
            project,
            project.solutions_dir,
            sound,
            use_cache=False,
            warnings_as_errors=True,
            progress=progress,
        )
    )
    verification.stubs = by_slug(
        grade(project, project.katas_dir, sound, use_cache=False, progress=progress)
    )
    for placed in _variant_placements(project, sound):
        with _variant_root(project, placed) as directory:
            graded = by_slug(
                grade(project, directory, tuple(placed), use_cache=False, progress=progress)
            )
        for kata, variant in placed.items():
            verification.variants.setdefault(kata.slug, []).append((variant, graded[kata.slug]))
    return verification


def _variant_placements(project: Project, katas: tuple[Kata, ...]) -> list[dict[Kata, Path]]:
    """Placement number i holds the i-th wrong variant of every kata that has one."""
    variants = {kata: project.wrong_variants(kata.slug) for kata in katas}
    deepest = max((len(found) for found in variants.values()), default=0)
    return [
        {kata: found[index] for kata, found in variants.items() if index < len(found)}
        for index in range(deepest)
    ]


@contextmanager
def _variant_root(project: Project, placed: dict[Kata, Path]) -> Iterator[Path]:
    """A root of solution files with one wrong variant swapped in per kata."""
    with tempfile.TemporaryDirectory(prefix="pykata-wrong-") as temporary:
        root = Path(temporary) / "katas"
        root.mkdir()
        for kata, variant in placed.items():
            for name in kata.files:
                shutil.copyfile(project.solutions_dir / name, root / name)
            target = next(n for n in kata.files if Path(n).suffix == variant.suffix)
            shutil.copyfile(variant, root / target)
        yield root


def _variant_problems(variant: Path, result: KataResult) -> list[str]:
    label = f"wrong/{variant.name}"
    if result.solved:
        return [f"{label} is solved: the checks do not reject this mistake"]
    named = caught_by(variant)
    failing = {check.id for check in result.checks if not check.passed}
    if result.status == "error":
        return [
            f"{label} is rejected only because it does not import ({result.message}); "
            "a wrong variant should import and fail the named checks"
        ]
    if not failing & set(named):
        return [
            f"{label} is rejected, but not by {', '.join(named)} "
            f"(failing: {', '.join(sorted(failing))})"
        ]
    return []
