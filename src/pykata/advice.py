"""Ruff's advice on the learner's files: shown beside the verdict, never counted.

A finding on a line the shipped stub already had (an import the stub provides that the learner
has not used yet, say) is left out: it is not the learner's doing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from pykata.catalog import Kata
from pykata.progress import StubNotFoundError, shipped_stub
from pykata.project import Project

RULES = "E,F,W,B,UP,SIM"
MOST_SHOWN = 10  # findings shown per kata

# (file name, rule code, the flagged line's text without surrounding blanks)
Finding = tuple[str, str, str]


def ruff_advice(project: Project, katas_dir: Path, katas: list[Kata]) -> dict[str, list[str]]:
    """Each kata's advice lines (``katas/x.py:12: F401 ...``), by slug."""
    files = {name: kata.slug for kata in katas for name in kata.files if name.endswith(".py")}
    if not files:
        return {}
    shipped = _shipped_findings(project, sorted(files))
    advice: dict[str, list[str]] = {}
    for row in _ruff(katas_dir, sorted(files)):
        name = Path(row["filename"]).name
        line = int(row["location"]["row"])
        if name not in files or _finding(katas_dir / name, line, row) in shipped:
            continue
        advice.setdefault(files[name], []).append(
            f"katas/{name}:{line}: {row['code']} {row['message']}"
        )
    return {slug: lines[:MOST_SHOWN] for slug, lines in advice.items()}


def _shipped_findings(project: Project, names: list[str]) -> set[Finding]:
    """What ruff finds in the shipped stubs of these files (those git still has)."""
    with tempfile.TemporaryDirectory(prefix="pykata-stubs-") as scratch:
        directory = Path(scratch)
        written = []
        for name in names:
            try:
                (directory / name).write_bytes(shipped_stub(project, name))
            except StubNotFoundError:
                continue
            written.append(name)
        if not written:
            return set()
        return {
            _finding(directory / Path(row["filename"]).name, int(row["location"]["row"]), row)
            for row in _ruff(directory, written)
        }


def _finding(path: Path, line: int, row: dict[str, Any]) -> Finding:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").splitlines()[line - 1]
    except (OSError, IndexError):
        text = ""
    return path.name, str(row["code"]), text.strip()


def _ruff(directory: Path, names: list[str]) -> list[dict[str, Any]]:
    completed = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache",
         "--output-format", "json", "--select", RULES, "--line-length", "100", *names],
        cwd=directory, capture_output=True, text=True, check=False,
    )  # fmt: skip
    try:
        findings = json.loads(completed.stdout or "[]")
    except ValueError:
        return []
    return [row for row in findings if isinstance(row, dict) and row.get("location")]
