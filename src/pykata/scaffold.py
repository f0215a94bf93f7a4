"""``kata new SLUG``: write a new kata's skeleton files and its catalog entry."""

from __future__ import annotations

from pathlib import Path

from pykata.catalog import SLUG_PATTERN, CatalogError
from pykata.project import CATALOG_FILE, Project
from pykata.variants import VARIANT_SUFFIX, make_variant

STUB = '''"""TODO: one line naming the task.

Task
----
What the learner builds, in two or three sentences.

Rules
-----
1. ``answer(value)`` returns twice ``value``.
2. Types: ``answer`` takes and returns an ``int``; mypy rejects ``answer("2")``.

Example::

    answer(2)  # 4

Where to start: ``answer``.
"""


def answer(value: int) -> int:
    raise NotImplementedError
'''

SOLUTION = '''"""Reference solution for {slug}."""


def answer(value: int) -> int:
    return 2 * value
'''

PYTEST_CHECKS = '''import pytest

from katas.{slug} import answer


@pytest.mark.rule(1)
def test_answer_doubles() -> None:
    """answer doubles its input"""
    result = answer(2)
    assert result == 4, f"expected answer(2) to be 4, got {{result!r}}"
'''

MYPY_CHECKS = '''from typing import assert_type

from katas.{slug} import answer


def check_answer_returns_int() -> None:
    """answer returns an int

    Rules: 2
    """
    assert_type(answer(2), int)


def check_answer_rejects_str() -> None:
    """answer rejects a str

    Rules: 2
    """
    answer("2")  # type: ignore[arg-type]
'''

# Known-wrong variants: (file name, header, the wrong solution). Stored as patches.
WRONG_VARIANTS = (
    (
        "adds",
        "Adds one instead of doubling.\n\nBreaks: 1\nCaught by: test_answer_doubles",
        SOLUTION.replace("2 * value", "value + 1"),
    ),
    (
        "untyped",
        "Types everything as Any: mypy no longer rejects a str.\n\n"
        "Breaks: 2\nCaught by: check_answer_rejects_str",
        SOLUTION.replace(
            "def answer(value: int) -> int:", "def answer(value: Any) -> Any:"
        ).replace('"""\n\n\n', '"""\n\nfrom typing import Any\n\n\n'),
    ),
)

CATALOG_ENTRY = '''
[[kata]]
slug = "{slug}"
title = "TODO title"
track = "{track}"
difficulty = "medium"
points = 10
concepts = ["TODO"]
hints = ["TODO: a nudge.", "TODO: a bigger nudge."]
docs = ["https://docs.python.org/3/"]

[kata.interview]
question = "TODO: the interview question this kata trains"
answer = """
- TODO: the outline of a strong spoken answer
"""
wrong_answers = ["TODO: a common wrong answer, and why it is wrong"]
'''


def new_kata(project: Project, slug: str, track: str) -> list[Path]:
    """Create the kata's files; refuse to overwrite anything that exists."""
    if not SLUG_PATTERN.match(slug):
        raise CatalogError(f"{slug!r}: a slug is a lowercase Python identifier")
    if track not in {t.id for t in project.catalog.tracks}:
        known = ", ".join(t.id for t in project.catalog.tracks)
        raise CatalogError(f"unknown track {track!r}; tracks: {known}")
    checks = project.checks_dir(slug)
    files = {
        project.katas_dir / f"{slug}.py": STUB,
        project.solutions_dir / f"{slug}.py": SOLUTION.format(slug=slug),
        checks / f"test_{slug}.py": PYTEST_CHECKS.format(slug=slug),
        checks / f"types_{slug}.py": MYPY_CHECKS.format(slug=slug),
    }
    solution = SOLUTION.format(slug=slug)
    for name, header, wrong in WRONG_VARIANTS:
        files[checks / "wrong" / f"{name}{VARIANT_SUFFIX}"] = make_variant(
            header, f"{slug}.py", solution, wrong.format(slug=slug)
        )
    existing = [path for path in files if path.exists()]
    if existing or slug in {k.slug for k in project.catalog.katas}:
        raise CatalogError(f"kata {slug!r} already exists")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    catalog = project.root / CATALOG_FILE
    with catalog.open("a", encoding="utf-8") as handle:
        handle.write(CATALOG_ENTRY.format(slug=slug, track=track))
    return [*files, catalog]
