"""The expected checks of a kata, read from its trusted check files before any learner code runs.

A check is one test function (all its parametrized cases together) or one mypy check function.
Its learner-facing name is the first line of its docstring. The stub's rules it enforces come
from ``@pytest.mark.rule(N, ...)`` on a test (or its ``Test*`` class) and from a ``Rules: N, ...``
line in a mypy check's docstring.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from typing_extensions import TypeIs

PYTEST_GROUP = "pytest"
MYPY_GROUP = "mypy"
MODULE_TYPES_ID = "module_type_checks"
PRAGMAS_ID = "no_type_checker_pragmas"
RULES_LINE = re.compile(r"^\s*Rules:\s*(?P<numbers>.+)$", re.MULTILINE)
RULE_ITEM = re.compile(r"^(?P<number>\d+)\.\s", re.MULTILINE)
RULES_HEADING = re.compile(r"^Rules\n-+\n", re.MULTILINE)
NEXT_HEADING = re.compile(r"^\S.*\n[-=~]{3,}\n|^Example|^Where to start", re.MULTILINE)


@dataclass(frozen=True)
class ExpectedCheck:
    id: str
    name: str
    group: str
    first_line: int = 0
    last_line: int = 0
    rules: tuple[int, ...] = ()


def pytest_checks(test_file: Path) -> list[ExpectedCheck]:
    """Test functions and ``Test*`` class methods, in file order."""
    tree = ast.parse(test_file.read_text(encoding="utf-8"), filename=str(test_file))
    checks: list[ExpectedCheck] = []
    for node in tree.body:
        if _is_test_function(node):
            checks.append(_expected(node, node.name, PYTEST_GROUP, _marked_rules(node)))
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            class_rules = _marked_rules(node)
            checks.extend(
                _expected(
                    member,
                    f"{node.name}::{member.name}",
                    PYTEST_GROUP,
                    tuple(sorted({*class_rules, *_marked_rules(member)})),
                )
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
        _expected(node, node.name, MYPY_GROUP, docstring_rules(ast.get_docstring(node) or ""))
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("check_")
    ]


def stub_rules(stub_source: str) -> list[int]:
    """The numbers of the rules in the ``Rules`` section of a stub's module docstring."""
    try:
        docstring = ast.get_docstring(ast.parse(stub_source)) or ""
    except SyntaxError:
        return []
    heading = RULES_HEADING.search(docstring)
    if not heading:
        return []
    section = docstring[heading.end() :]
    following = NEXT_HEADING.search(section)
    if following:
        section = section[: following.start()]
    return [int(item.group("number")) for item in RULE_ITEM.finditer(section)]


def docstring_rules(docstring: str) -> tuple[int, ...]:
    return line_numbers(RULES_LINE, docstring)


def line_numbers(pattern: re.Pattern[str], text: str) -> tuple[int, ...]:
    """The numbers of a line such as ``Rules: 2, 4``; () when there is none or it is malformed."""
    match = pattern.search(text)
    if not match:
        return ()
    parts = [part.strip() for part in match.group(1).split(",")]
    return tuple(int(part) for part in parts) if all(p.isdigit() for p in parts) else ()


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


def _marked_rules(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> tuple[int, ...]:
    """The numbers in ``@pytest.mark.rule(2, 4)`` (or ``@mark.rule``) decorators."""
    numbers: list[int] = []
    for decorator in node.decorator_list:
        if (
            isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr == "rule"
        ):
            numbers += [
                argument.value
                for argument in decorator.args
                if isinstance(argument, ast.Constant) and type(argument.value) is int
            ]
    return tuple(sorted(set(numbers)))


def _expected(
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    check_id: str,
    group: str,
    rules: tuple[int, ...] = (),
) -> ExpectedCheck:
    docstring = ast.get_docstring(node)
    name = docstring.strip().splitlines()[0] if docstring else check_id.replace("_", " ")
    first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    return ExpectedCheck(check_id, name, group, first, node.end_lineno or node.lineno, rules)
