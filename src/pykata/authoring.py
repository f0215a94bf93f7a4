"""Author tools: prove a kata's checks are sound, and enforce the rule contract.

A kata is sound when its stub fails, its reference solution passes every check, and every
known-wrong variant is rejected by the checks its header names (``Caught by: ...``). The rule
contract: the stub numbers its rules; every check names the rules it enforces; every rule has a
check and a variant that breaks it (``Breaks: N``), and each variant is rejected by a check of
the rule it names.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pykata import mutation
from pykata.catalog import Kata
from pykata.checklist import (
    MODULE_TYPES_ID,
    PRAGMAS_ID,
    ExpectedCheck,
    mypy_checks,
    pytest_checks,
    stub_rules,
)
from pykata.grading import OnProgress, grade
from pykata.project import Project
from pykata.results import FAILED, GradeReport, KataResult
from pykata.variants import Variant, VariantError, read_variant

MINIMUM_WRONG_VARIANTS = 2
# Checks the engine adds to every kata: guards, not rules.
GUARD_CHECKS = frozenset({MODULE_TYPES_ID, PRAGMAS_ID, mutation.TESTS_PASS_ID})


@dataclass
class VariantOutcome:
    variant: Variant
    result: KataResult | None  # None when it could not be applied
    problem: str = ""

    @property
    def failing(self) -> set[str]:
        if self.result is None:
            return set()
        return {check.id for check in self.result.checks if not check.passed}


@dataclass(frozen=True)
class RuleRow:
    """One line of the rule table: a rule, the checks enforcing it, the variants breaking it."""

    rule: int
    checks: tuple[str, ...]
    variants: tuple[tuple[str, bool], ...]  # (variant, rejected by a check of this rule)


@dataclass
class Verification:
    """Everything ``nox -s verify`` checks for a set of katas, gathered in a few grading runs."""

    stubs: dict[str, KataResult] = field(default_factory=dict)
    solutions: dict[str, KataResult] = field(default_factory=dict)
    variants: dict[str, list[VariantOutcome]] = field(default_factory=dict)
    layout_problems: dict[str, list[str]] = field(default_factory=dict)
    contract_problems: dict[str, list[str]] = field(default_factory=dict)
    rule_tables: dict[str, list[RuleRow]] = field(default_factory=dict)
    checks_by_id: dict[str, dict[str, ExpectedCheck]] = field(default_factory=dict)

    def problems(self, slug: str) -> list[str]:
        found = list(self.layout_problems.get(slug, []))
        found += self.contract_problems.get(slug, [])
        stub = self.stubs.get(slug)
        if stub is not None and stub.solved:
            found.append("the stub is solved: its checks cannot fail")
        elif stub is not None and stub.status != FAILED:
            # a stub that hangs or crashes a check hides every check after it from a learner
            found.append(f"the stub should import and fail its checks, not {stub.status}")
        solution = self.solutions.get(slug)
        if solution is not None and not solution.solved:
            failing = "; ".join(
                f"{c.id}: {c.message.splitlines()[0] if c.message else c.status}"
                for c in solution.failing_checks()
            )
            found.append(
                f"the reference solution is {solution.status}: {solution.message or failing}"
            )
        checks = self.checks_by_id.get(slug, {})
        for outcome in self.variants.get(slug, []):
            found.extend(_variant_problems(outcome, checks))
        return found

    def stub_passes(self, slug: str) -> list[str]:
        """The checks the untouched stub passes: worth nothing in every report."""
        stub = self.stubs.get(slug)
        return sorted(check.id for check in stub.checks if check.passed) if stub else []


def expected_checks(project: Project, kata: Kata) -> list[ExpectedCheck]:
    """Every check of a kata, both groups."""
    return expected_pytest_group(project, kata) + mypy_checks(
        project.mypy_checks_file(kata.slug), kata.slug
    )


def read_variants(project: Project, slug: str) -> tuple[list[Variant], list[str]]:
    variants, problems = [], []
    for path in project.wrong_variants(slug):
        try:
            variants.append(read_variant(path))
        except (VariantError, UnicodeDecodeError) as error:
            problems.append(str(error))
    return variants, problems


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
    known = {c.id for c in expected_checks(project, kata)}
    if not expected_pytest_group(project, kata):
        problems.append("the kata defines no behaviour check")
    variants, unreadable = read_variants(project, kata.slug)
    problems += unreadable
    if len(project.wrong_variants(kata.slug)) < MINIMUM_WRONG_VARIANTS:
        problems.append(
            f"{len(variants)} known-wrong variants; at least {MINIMUM_WRONG_VARIANTS} are required"
        )
    for variant in variants:
        if variant.target not in kata.files:
            problems.append(f"wrong/{variant.name}: patches {variant.target}, not a kata file")
        if not variant.caught_by:
            problems.append(f"wrong/{variant.name}: no `Caught by:` line in its header")
        for name in variant.caught_by:
            if name not in known:
                problems.append(f"wrong/{variant.name}: `Caught by: {name}` names no check")
    return problems


def rule_contract(project: Project, kata: Kata) -> tuple[list[str], list[RuleRow]]:
    """Problems with the rule contract, judged from the files alone, and the rule table's
    skeleton (variants not yet graded count as not rejected)."""
    stub = project.katas_dir / kata.module_file
    rules = stub_rules(stub.read_text(encoding="utf-8"))
    where = f"katas/{kata.module_file}"
    if not rules:
        return [f"{where}: its docstring has no numbered `Rules` section (1. ..., 2. ...)"], []
    problems = []
    if rules != list(range(1, len(rules) + 1)):
        problems.append(f"{where}: rules must be numbered 1..N in order, found {rules}")
    known = set(rules)
    checks = [c for c in expected_checks(project, kata) if c.id not in GUARD_CHECKS]
    for check in checks:
        if not check.rules:
            problems.append(f"check {check.id} names no rule (@pytest.mark.rule(N) / `Rules: N`)")
        for number in sorted(set(check.rules) - known):
            problems.append(f"check {check.id} names rule {number}, which the stub does not have")
    variants, _unreadable = read_variants(project, kata.slug)
    for variant in variants:
        if not variant.breaks:
            problems.append(f"wrong/{variant.name}: no `Breaks: N` line in its header")
        for number in sorted(set(variant.breaks) - known):
            problems.append(f"wrong/{variant.name} breaks rule {number}, which the stub lacks")
    table = []
    for rule in rules:
        enforcing = tuple(c.id for c in checks if rule in c.rules)
        breaking = tuple((v.name, False) for v in variants if rule in v.breaks)
        if not enforcing:
            problems.append(f"rule {rule} has no check that enforces it")
        if not breaking:
            problems.append(f"rule {rule} has no known-wrong variant that breaks it")
        table.append(RuleRow(rule, enforcing, breaking))
    return problems, table


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
    for kata in sound:
        problems, table = rule_contract(project, kata)
        verification.contract_problems[kata.slug] = problems
        verification.rule_tables[kata.slug] = table
        verification.checks_by_id[kata.slug] = {c.id: c for c in expected_checks(project, kata)}

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
    applied = _applied_variants(project, sound, verification)
    for placed in _placements(applied):
        with _variant_root(project, placed) as directory:
            katas_here = tuple(kata for kata, _outcome, _text in placed)
            graded = by_slug(
                grade(
                    project,
                    directory,
                    katas_here,
                    use_cache=False,
                    progress=progress,
                    only_checks=_checks_that_decide(verification, placed),
                    only_mutants=_mutants_that_decide(verification, placed),
                )
            )
        for kata, outcome, _text in placed:
            outcome.result = graded[kata.slug]
    for kata in sound:
        verification.rule_tables[kata.slug] = _graded_table(
            verification.rule_tables[kata.slug],
            verification.variants.get(kata.slug, []),
            verification.checks_by_id[kata.slug],
        )
    return verification


Placed = tuple[Kata, VariantOutcome, str]


def _applied_variants(
    project: Project, katas: tuple[Kata, ...], verification: Verification
) -> dict[Kata, list[Placed]]:
    """Each kata's variants applied to its current solution; the ones that do not apply are
    recorded with their problem and not graded."""
    applied: dict[Kata, list[Placed]] = {}
    for kata in katas:
        variants, _unreadable = read_variants(project, kata.slug)
        for variant in variants:
            outcome = VariantOutcome(variant, None)
            verification.variants.setdefault(kata.slug, []).append(outcome)
            solution = project.solutions_dir / variant.target
            try:
                text = variant.apply(solution.read_text(encoding="utf-8"))
            except VariantError as error:
                outcome.problem = str(error)
                continue
            applied.setdefault(kata, []).append((kata, outcome, text))
    return applied


def _checks_that_decide(
    verification: Verification, placed: list[Placed]
) -> dict[str, frozenset[str]]:
    """For a known-wrong variant, the pytest checks that decide its verdict: those of the rule
    it breaks and those its header names (the mypy group always runs whole)."""
    chosen: dict[str, frozenset[str]] = {}
    for kata, outcome, _text in placed:
        if kata.target_file:
            continue
        breaks = set(outcome.variant.breaks)
        chosen[kata.slug] = frozenset(
            check_id
            for check_id, check in verification.checks_by_id[kata.slug].items()
            if breaks & set(check.rules) or check_id in outcome.variant.caught_by
        )
    return chosen


def _mutants_that_decide(
    verification: Verification, placed: list[Placed]
) -> dict[str, frozenset[str]]:
    """For a weak test suite (a tests kata's variant), the mutants that decide its verdict:
    those of the rule it breaks and those its header names. The others would only repeat
    what the solution's grading showed, at the cost of a run each."""
    chosen: dict[str, frozenset[str]] = {}
    for kata, outcome, _text in placed:
        if not kata.target_file:
            continue
        checks = verification.checks_by_id[kata.slug]
        breaks = set(outcome.variant.breaks)
        names = {
            check_id.removeprefix("mutant_")
            for check_id, check in checks.items()
            if check_id.startswith("mutant_")
            and (breaks & set(check.rules) or check_id in outcome.variant.caught_by)
        }
        chosen[kata.slug] = frozenset(names)
    return chosen


def _placements(applied: dict[Kata, list[Placed]]) -> list[list[Placed]]:
    """Placement number i holds the i-th applicable variant of every kata that has one."""
    deepest = max((len(found) for found in applied.values()), default=0)
    return [
        [found[index] for found in applied.values() if index < len(found)]
        for index in range(deepest)
    ]


@contextmanager
def _variant_root(project: Project, placed: list[Placed]) -> Iterator[Path]:
    """A root of solution files with one wrong variant swapped in per kata."""
    with tempfile.TemporaryDirectory(prefix="pykata-wrong-") as temporary:
        root = Path(temporary) / "katas"
        root.mkdir()
        for kata, outcome, text in placed:
            for name in kata.files:
                shutil.copyfile(project.solutions_dir / name, root / name)
            (root / outcome.variant.target).write_text(text, encoding="utf-8")
        yield root


def _graded_table(
    table: list[RuleRow], outcomes: list[VariantOutcome], checks: dict[str, ExpectedCheck]
) -> list[RuleRow]:
    by_name = {outcome.variant.name: outcome for outcome in outcomes}
    return [
        RuleRow(
            row.rule,
            row.checks,
            tuple(
                (name, row.rule in _rules_rejecting(by_name[name], checks))
                for name, _rejected in row.variants
            ),
        )
        for row in table
    ]


def _rules_rejecting(outcome: VariantOutcome, checks: dict[str, ExpectedCheck]) -> set[int]:
    """The rules whose checks reject this variant."""
    if outcome.result is None or outcome.result.solved or outcome.result.status == "error":
        return set()
    return {rule for check_id in outcome.failing for rule in checks[check_id].rules}


def _variant_problems(outcome: VariantOutcome, checks: dict[str, ExpectedCheck]) -> list[str]:
    label = f"wrong/{outcome.variant.name}"
    result = outcome.result
    if outcome.problem or result is None:
        return [outcome.problem or f"{label} was not graded"]
    if result.solved:
        return [f"{label} is solved: the checks do not reject this mistake"]
    if result.status == "error":
        return [
            f"{label} is rejected only because it does not import ({result.message}); "
            "a wrong variant should import and fail the named checks"
        ]
    failing = outcome.failing
    named = outcome.variant.caught_by
    problems = []
    if not failing & set(named):
        problems.append(
            f"{label} is rejected, but not by {', '.join(named)} "
            f"(failing: {', '.join(sorted(failing))})"
        )
    breaks = set(outcome.variant.breaks)
    if breaks and not breaks & _rules_rejecting(outcome, checks):
        rules = ", ".join(str(rule) for rule in sorted(breaks))
        problems.append(
            f"{label} breaks rule {rules}, but no check of that rule rejects it "
            f"(failing: {', '.join(sorted(failing))})"
        )
    return problems
