"""Every hint is tried: the code a hint gives (a fenced ``python`` block) type-checks under
``mypy --strict`` and runs, so following a hint never leads into a new error. A hint without a
block gives no code to copy, only sketches in backticks."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pykata.project import Project

PROJECT = Project(Path(__file__).resolve().parents[2])
SNIPPET = re.compile(r"```python\n(?P<code>.*?)```", re.DOTALL)


def snippets() -> list[tuple[str, int, str]]:
    return [
        (kata.slug, number, found.group("code"))
        for kata in PROJECT.catalog.katas
        for number, hint in enumerate(kata.hints, start=1)
        for found in SNIPPET.finditer(hint)
    ]


def test_hints_that_give_code_carry_it_as_snippets() -> None:
    assert len(snippets()) >= 9


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.mark.parametrize(
    ("slug", "number", "code"), snippets(), ids=[f"{s}-hint{n}" for s, n, _ in snippets()]
)
def test_a_hints_code_type_checks_and_runs(
    slug: str, number: int, code: str, tmp_path: Path, mypy_cache: Path
) -> None:
    module = tmp_path / f"{slug}_hint{number}.py"
    module.write_text(code, encoding="utf-8")
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(mypy_cache), module.name],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, f"hint {number} of {slug}: mypy --strict\n{checked.stdout}"
    ran = subprocess.run(
        [sys.executable, module.name], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, f"hint {number} of {slug} does not run:\n{ran.stderr}"
