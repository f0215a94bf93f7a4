"""Every kata in the catalog is sound: its stub fails and scores nothing, its reference solution
passes every check, every rule has a check and a known-wrong variant, and each variant is
rejected by a check of the rule it breaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from pykata.authoring import (
    Verification,
    catalog_problems,
    expected_pytest_group,
    layout_problems,
    verify,
)
from pykata.limits import load_timings
from pykata.progress import current_stub_hashes, load_stub_hashes
from pykata.project import Project
from pykata.stub_credit import STUB_CHECKS_FILE, load_stub_checks

PROJECT = Project(Path(__file__).resolve().parents[2])
SLUGS = [kata.slug for kata in PROJECT.catalog.katas]


@pytest.fixture(scope="session")
def verification() -> Verification:
    return verify(PROJECT, PROJECT.catalog.katas)


def test_catalog_lists_every_kata_on_disk() -> None:
    assert catalog_problems(PROJECT) == []


@pytest.mark.parametrize("slug", SLUGS)
def test_kata_has_every_part(slug: str) -> None:
    assert layout_problems(PROJECT, PROJECT.catalog.get(slug)) == []


@pytest.mark.parametrize("slug", SLUGS)
def test_every_check_has_a_learner_facing_name(slug: str) -> None:
    kata = PROJECT.catalog.get(slug)
    unnamed = [
        c.id
        for c in expected_pytest_group(PROJECT, kata)
        if c.name
        in (c.id.replace("_", " "), "catches: " + c.id.removeprefix("mutant_").replace("_", " "))
    ]
    assert unnamed == [], f"checks without a learner-facing description in {slug}: {unnamed}"


@pytest.mark.parametrize("slug", SLUGS)
def test_stub_fails_its_checks(verification: Verification, slug: str) -> None:
    stub = verification.stubs[slug]
    assert stub.status != "solved"
    assert stub.status in ("failed",), (
        f"the stub should import and fail, not {stub.status}: {stub.message}"
    )


@pytest.mark.parametrize("slug", SLUGS)
def test_untouched_stub_scores_nothing(verification: Verification, slug: str) -> None:
    stub = verification.stubs[slug]
    recorded = load_stub_checks(PROJECT).get(slug, frozenset())
    assert sorted(recorded) == verification.stub_passes(slug), (
        f"{STUB_CHECKS_FILE} is out of date for {slug}: run `kata verify {slug}`"
    )
    assert stub.score == 0


@pytest.mark.parametrize("slug", SLUGS)
def test_solution_passes_every_check(verification: Verification, slug: str) -> None:
    solution = verification.solutions[slug]
    failing = {c.id: c.message for c in solution.failing_checks()}
    assert solution.status == "solved", f"{solution.message} {failing}"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_rule_is_checked_and_broken_by_a_rejected_variant(
    verification: Verification, slug: str
) -> None:
    variants = verification.variants.get(slug, [])
    assert len(variants) >= 2
    assert verification.problems(slug) == []


def test_every_kata_has_a_measured_time_limit() -> None:
    """Unit limits come from the reference solutions' times: `kata verify` records them."""
    assert sorted(load_timings(PROJECT)) == sorted(SLUGS)


def test_stub_hashes_match_the_stubs() -> None:
    """`reset` finds the original stubs by these hashes: regenerate with `kata stubs`."""
    assert load_stub_hashes(PROJECT) == current_stub_hashes(PROJECT)
