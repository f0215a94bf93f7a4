"""The catalog loader: the real catalog loads, and malformed catalogs fail with clear errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pykata.catalog import CatalogError, load_catalog, parse_catalog
from pykata.checklist import stub_rules
from pykata.drill import load_questions
from pykata.learner import hint_rules
from pykata.project import Project

ROOT = Path(__file__).resolve().parents[2]


def valid() -> dict[str, Any]:
    return {
        "format": 1,
        "track": [{"id": "core", "title": "Core"}],
        "kata": [
            {
                "slug": "retry",
                "title": "Retry",
                "track": "core",
                "difficulty": "medium",
                "points": 10,
                "concepts": ["decorators"],
                "hints": ["one", "two"],
                "docs": ["https://docs.python.org/3/"],
                "interview": {"question": "q?", "answer": "a", "wrong_answers": ["w"]},
            }
        ],
    }


def test_the_project_catalog_loads() -> None:
    catalog = load_catalog(ROOT / "catalog.toml")
    assert catalog.katas, "the catalog lists no kata"
    assert {k.track for k in catalog.katas} <= {t.id for t in catalog.tracks}


def test_a_valid_catalog_parses() -> None:
    kata = parse_catalog(valid()).get("retry")
    assert kata.files == ("retry.py",)
    assert kata.timeout is None  # measured by verify (pykata.limits)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda c: c.update(format=2), "`format = 1` expected"),
        (lambda c: c["kata"][0].update(track="nope"), "track 'nope' is not one of"),
        (lambda c: c["kata"][0].update(hints=["only one"]), "at least two hints"),
        (lambda c: c["kata"][0].update(points=0), "points must be a positive integer"),
        (lambda c: c["kata"][0].update(difficulty="extreme"), "difficulty must be one of"),
        (lambda c: c["kata"][0].update(slug="Bad-Slug"), "lowercase Python identifier"),
        (lambda c: c["kata"][0].update(docs=["http://insecure"]), "https:// links"),
        (lambda c: c["kata"][0].update(colour="red"), "unknown keys ['colour']"),
        (lambda c: c["kata"][0].pop("interview"), "[kata.interview] table is required"),
        (lambda c: c["kata"].append(dict(c["kata"][0])), "kata slug 'retry' appears twice"),
    ],
)
def test_malformed_catalogs_are_rejected_with_a_clear_error(change: Any, expected: str) -> None:
    catalog = valid()
    change(catalog)
    with pytest.raises(CatalogError) as error:
        parse_catalog(catalog)
    assert expected in str(error.value)


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "catalog.toml"
    path.write_text("format = = 1")
    with pytest.raises(CatalogError, match=r"catalog\.toml: not valid TOML"):
        load_catalog(path)


PROJECT = Project(Path(__file__).resolve().parents[2])


@pytest.mark.parametrize("slug", [kata.slug for kata in PROJECT.catalog.katas])
def test_every_hint_names_the_rules_it_helps_with(slug: str) -> None:
    """`hint` picks the hint for the first failing rule: "Rule 4: ..." / "Rules 1 and 3: ..."."""
    kata = PROJECT.catalog.get(slug)
    rules = set(stub_rules((PROJECT.katas_dir / kata.module_file).read_text(encoding="utf-8")))
    for number, hint in enumerate(kata.hints, start=1):
        named = hint_rules(hint)
        assert named, f"hint {number} of {slug} does not start by naming its rules"
        assert named <= rules, f"hint {number} of {slug} names rules {sorted(named - rules)}"


def test_drill_questions_are_valid_and_cover_every_kata() -> None:
    questions = load_questions(PROJECT)
    covered = {slug for question in questions for slug in question.katas}
    missing = [kata.slug for kata in PROJECT.catalog.katas if kata.slug not in covered]
    assert missing == [], f"katas without a drill question: {missing}"
