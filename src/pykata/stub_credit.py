"""Checks the untouched stub already passes are guards, not achievements: they earn nothing.

``kata verify`` grades every stub and records the checks it passes in ``tests/stub_checks.json``
(generated; a project test keeps it in sync). Every report gives those checks weight 0: they
must still pass for a kata to be solved, but an untouched stub scores 0 points.
"""

from __future__ import annotations

import json
from pathlib import Path

from pykata.project import Project
from pykata.results import KataResult

STUB_CHECKS_FILE = Path("tests") / "stub_checks.json"


def load_stub_checks(project: Project) -> dict[str, frozenset[str]]:
    path = project.root / STUB_CHECKS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {slug: frozenset(ids) for slug, ids in data.items() if isinstance(ids, list)}


def write_stub_checks(project: Project, passed: dict[str, list[str]]) -> bool:
    """Record these katas' stub-passing checks; True when the file changed."""
    path = project.root / STUB_CHECKS_FILE
    current = {slug: sorted(ids) for slug, ids in load_stub_checks(project).items()}
    updated = {**current, **{slug: sorted(ids) for slug, ids in passed.items()}}
    listed = {kata.slug for kata in project.catalog.katas}
    updated = {slug: updated[slug] for slug in sorted(updated) if slug in listed}
    if updated == current and path.exists():
        return False
    path.write_text(json.dumps(updated, indent=2) + "\n", encoding="utf-8")
    return True


def weigh_checks(
    result: KataResult, stub_passes: frozenset[str], rules: dict[str, tuple[int, ...]]
) -> None:
    """Give the checks the stub passes weight 0, every other check weight 1, and name the
    rules each check enforces."""
    for check in result.checks:
        check.weight = 0.0 if check.id in stub_passes else 1.0
        check.rules = rules.get(check.id, ())
