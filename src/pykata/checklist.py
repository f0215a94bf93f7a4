"""The expected checks of a kata, read from its trusted check files before any learner code runs.

A check is one test function (all its parametrized cases together) or one mypy check function.
Its learner-facing name is the first line of its docstring.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from typing_extensions import TypeIs

PYTEST_GROUP = "pytest"
MYPY_GROUP = "mypy"
MODULE_TYPES_ID = "module_type_checks"
PRAGMAS_ID = "no_type_checker_pragmas"


@dataclass(frozen=True)
class ExpectedCheck:
    id: str
    name: str
    group: str
    first_line: int = 0
    last_line: int = 0


def pytest_checks(test_file: Path) -> list[ExpectedCheck]:
    """Test functions and ``Test*`` class methods, in file order."""
    tree = ast.parse(test_file.read_text(encoding="utf-8"), filename=str(test_file))
    checks: list[ExpectedCheck] = []
    for node in tree.body:
        if _is_test_function(node):
            checks.append(_expected(node, node.name, PYTEST_GROUP))
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            checks.extend(
                _expected(member, f"{node.name}::{member.name}", PYTEST_GROUP)
                for member in node.body
                if _is_test_function(member)
            )
    return checks


def mypy_checks(types_file: Path, slug: str) -> list[ExpectedCheck]:
    """The two checks on the learner's module itself, then the file's ``check_*`` functions."""
    tree = ast.parse(types_file.read_text(encoding="utf-8"), filename=str(types_file))
    own = [
        ExpectedCheck(MODULE_TYPES_ID, f"katas/{slug} type-checks under mypy --strict", MYPY_GROUP),
        ExpectedCheck(PRAGMAS_ID, "no `# type: ignore` or type-checker pragmas", MYPY_GROUP),
    ]
    return own + [
        _expected(node, node.name, MYPY_GROUP)
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("check_")
    ]


def imported_names(test_file: Path, slug: str) -> list[str]:
    """Names the checks import from ``katas.<slug>``: each must exist in the learner's module."""
    tree = ast.parse(test_file.read_text(encoding="utf-8"), filename=str(test_file))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == f"katas.{slug}":
            names.extend(alias.name for alias in node.names if alias.name not in names)
    return names


def _is_test_function(node: ast.stmt) -> TypeIs[ast.FunctionDef | ast.AsyncFunctionDef]:
    return isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test")


def _expected(
    node: ast.FunctionDef | ast.AsyncFunctionDef, check_id: str, group: str
) -> ExpectedCheck:
    docstring = ast.get_docstring(node)
    name = docstring.strip().splitlines()[0] if docstring else check_id.replace("_", " ")
    first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    return ExpectedCheck(check_id, name, group, first, node.end_lineno or node.lineno)
