"""Tiny fixture katas, one per outcome, built fresh in a temporary project for each test."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from pykata.project import Project
from pykata.variants import make_variant, variant_from_module

SOLUTION = "def double(x: int) -> int:\n    return 2 * x\n"
# An untouched stub: the task's numbered rules, the typed signature, no implementation.
STUB = '''"""Double a number.

Rules
-----
1. ``double(x)`` returns ``2 * x`` for every int.
2. Types: ``double`` takes and returns an ``int``; mypy rejects ``double("x")``.
"""


def double(x: int) -> int:
    raise NotImplementedError
'''

# One learner module per outcome the engine must tell apart.
OUTCOMES = {
    "passes": SOLUTION,
    "fails": "def double(x: int) -> int:\n    return x + 2\n",
    "syntax_error": "def double(x: int) -> int\n    return 2 * x\n",
    "missing_name": "def triple(x: int) -> int:\n    return 3 * x\n",
    "import_error": "import not_a_real_module\n",
    "hangs": "def double(x: int) -> int:\n    while True:\n        pass\n",
    "exits_at_import": "import sys\n\nsys.exit(0)\n",
    "exits_in_check": "import os\n\n\ndef double(x: int) -> int:\n    os._exit(0)\n",
    "mypy_error": "def double(x):  # no annotations: mypy --strict rejects this\n"
    "    return 2 * x\n",
    "type_ignore": "def double(x: int) -> int:\n    return 2 * x  # type: ignore\n",
    "eats_memory": "def double(x: int) -> int:\n    hoard = []\n    while True:\n"
    "        hoard.append(bytearray(10**9))\n",
    "loose_types": "from typing import Any\n\n\ndef double(x: Any) -> Any:\n    return 2 * x\n",
}

CHECKS = '''\
import pytest
from katas.{slug} import double


@pytest.mark.rule(1)
def test_doubles() -> None:
    """doubles a small number"""
    result = double(3)
    assert result == 6, f"expected double(3) to be 6, got {{result!r}}"


@pytest.mark.rule(1)
@pytest.mark.parametrize("n", [0, 1, -5])
def test_doubles_any_number(n: int) -> None:
    """doubles any number"""
    assert double(n) == 2 * n
'''

TYPE_CHECKS = '''\
from typing import assert_type

from katas.{slug} import double


def check_returns_int() -> None:
    """double returns an int

    Rules: 2
    """
    assert_type(double(2), int)


def check_rejects_str() -> None:
    """double rejects a str

    Rules: 2
    """
    double("x")  # type: ignore[arg-type]
'''

WRONG_VARIANTS = {
    "adds.diff": make_variant(
        "Adds two instead of doubling.\n\nBreaks: 1\nCaught by: test_doubles",
        "{slug}.py",
        SOLUTION,
        "def double(x: int) -> int:\n    return x + 2\n",
    ),
    "loose.diff": make_variant(
        "Types the function with Any.\n\nBreaks: 2\nCaught by: check_rejects_str",
        "{slug}.py",
        SOLUTION,
        "from typing import Any\n\n\ndef double(x: Any) -> Any:\n    return 2 * x\n",
    ),
}

KATA_ENTRY = """
[[kata]]
slug = "{slug}"
title = "Fixture: {slug}"
track = "basics"
difficulty = "easy"
points = 5
concepts = ["functions"]
hints = ["Multiply.", "By two."]
docs = ["https://docs.python.org/3/tutorial/controlflow.html#defining-functions"]
timeout = {timeout}
memory_mb = 1024

[kata.interview]
question = "What does double do?"
answer = "It doubles."
wrong_answers = ["It adds two."]
"""

MakeProject = Callable[..., Project]
CATALOG_HEADER = 'format = 1\n\n[[track]]\nid = "basics"\ntitle = "Basics"\n'


def start_project(root: Path) -> str:
    """Create the ``katas`` and ``solutions`` packages; return the catalog's header."""
    for directory in ("katas", "solutions"):
        (root / directory).mkdir()
        (root / directory / "__init__.py").write_text("")
    return CATALOG_HEADER


@pytest.fixture(scope="session")
def make_project(tmp_path_factory: pytest.TempPathFactory) -> MakeProject:
    """Build a project whose ``katas/`` holds the given learner modules (slug -> source)."""

    def build(
        modules: dict[str, str], timeout: float = 30, timeouts: dict[str, float] | None = None
    ) -> Project:
        """``timeout`` for every kata (generous: machines are loaded), ``timeouts`` per slug."""
        root = tmp_path_factory.mktemp("project")
        catalog = start_project(root)
        for slug, source in modules.items():
            limit = (timeouts or {}).get(slug, timeout)
            catalog += KATA_ENTRY.format(slug=slug, timeout=limit)
            checks = root / "tests" / "checks" / slug
            (checks / "wrong").mkdir(parents=True)
            (checks / f"test_{slug}.py").write_text(CHECKS.format(slug=slug))
            (checks / f"types_{slug}.py").write_text(TYPE_CHECKS.format(slug=slug))
            for name, variant in WRONG_VARIANTS.items():
                (checks / "wrong" / name).write_text(variant.replace("{slug}", slug))
            (root / "katas" / f"{slug}.py").write_text(textwrap.dedent(source))
            (root / "solutions" / f"{slug}.py").write_text(SOLUTION)
        (root / "catalog.toml").write_text(catalog)
        return Project(root)

    return build


@pytest.fixture(scope="session")
def outcome_modules() -> dict[str, str]:
    return dict(OUTCOMES)


@pytest.fixture(scope="session")
def solution_source() -> str:
    return SOLUTION


@pytest.fixture(scope="session")
def stub_source() -> str:
    return STUB


TARGET = '''"""The module under test."""


def discounted(price: int, percent: int) -> int:
    if not 0 <= percent <= 100:
        raise ValueError("percent must be between 0 and 100")
    return price - price * percent // 100
'''

MUTANTS = {
    "no_validation.py": '"""a percent above 100 is accepted"""\n\n\n'
    "def discounted(price: int, percent: int) -> int:\n"
    "    return price - price * percent // 100\n",
    "applied_twice.py": '"""a discount applied twice"""\n\n\n'
    "def discounted(price: int, percent: int) -> int:\n"
    "    if not 0 <= percent <= 100:\n        raise ValueError(percent)\n"
    "    once = price - price * percent // 100\n    return once - once * percent // 100\n",
}

LEARNER_TESTS = {
    "thorough": "import pytest\n\nfrom katas.pricing import discounted\n\n\n"
    "def test_discount() -> None:\n    assert discounted(200, 10) == 180\n\n\n"
    "def test_rejects_big_percent() -> None:\n    with pytest.raises(ValueError):\n"
    "        discounted(100, 101)\n",
    "empty": '"""No tests yet."""\n',
    "assert_true": "def test_nothing() -> None:\n    assert True\n",
    "no_asserts": "from katas.pricing import discounted\n\n\n"
    "def test_calls() -> None:\n    discounted(200, 10)\n",
    "catches_everything": "from katas.pricing import discounted\n\n\n"
    "def test_discount() -> None:\n    try:\n        assert discounted(200, 10) == 180\n"
    "    except Exception:\n        pass\n",
    "fails_on_correct": "from katas.pricing import discounted\n\n\n"
    "def test_discount() -> None:\n    assert discounted(200, 10) == 0\n",
}

TESTS_KATA_TYPES = '''from katas.pricing import discounted


def check_target_is_typed() -> None:
    """the module under test is used with its types"""
    discounted("1", 2)  # type: ignore[arg-type]
'''


@pytest.fixture(scope="session")
def make_tests_project(tmp_path_factory: pytest.TempPathFactory) -> MakeProject:
    """A project with one tests kata per learner test module (slug -> source)."""

    def build(modules: dict[str, str], timeout: float = 30) -> Project:
        root = tmp_path_factory.mktemp("tests-project")
        catalog = start_project(root)
        for directory in ("katas", "solutions"):
            (root / directory / "pricing.py").write_text(TARGET)
        for slug, source in modules.items():
            catalog += KATA_ENTRY.format(slug=slug, timeout=timeout).replace(
                "memory_mb = 1024\n", 'memory_mb = 1024\nkind = "tests"\ntarget = "pricing"\n'
            )
            checks = root / "tests" / "checks" / slug
            (checks / "mutants").mkdir(parents=True)
            for name, mutant in MUTANTS.items():
                patch = variant_from_module(mutant, TARGET, "pricing.py", "mutants")
                (checks / "mutants" / name).with_suffix(".diff").write_text(patch)
            (checks / f"types_{slug}.py").write_text(TESTS_KATA_TYPES)
            (root / "katas" / f"{slug}.py").write_text(source)
            (root / "solutions" / f"{slug}.py").write_text(LEARNER_TESTS["thorough"])
        (root / "catalog.toml").write_text(catalog)
        return Project(root)

    return build


@pytest.fixture(scope="session")
def learner_test_modules() -> dict[str, str]:
    return dict(LEARNER_TESTS)
