"""Ruff's advice names only what the learner wrote, not what the shipped stub already had."""

from __future__ import annotations

import subprocess
from typing import Any

from pykata.advice import ruff_advice
from pykata.progress import write_stub_hashes

# The stub ships an import the learner may not need in the end.
STUB = "from typing import Any\n\n\ndef double(x: int) -> int:\n    raise NotImplementedError\n"
EDITED = "import os\nfrom typing import Any\n\n\ndef double(x: int) -> int:\n    return 2 * x\n"


def commit(root: Any) -> None:
    for command in (
        ["git", "init", "-q"],
        ["git", "add", "-A"],
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "stubs"],
    ):
        subprocess.run(command, cwd=root, check=True)


def test_findings_on_lines_the_stub_shipped_are_left_out(make_project: Any) -> None:
    project = make_project({"first": STUB})
    write_stub_hashes(project)
    commit(project.root)
    (project.katas_dir / "first.py").write_text(EDITED)

    advice = ruff_advice(project, project.katas_dir, list(project.catalog.katas))

    assert advice == {"first": ["katas/first.py:1: F401 `os` imported but unused"]}


def test_without_the_shipped_stub_every_finding_is_shown(make_project: Any) -> None:
    project = make_project({"first": EDITED})  # no git history: the stub cannot be found

    advice = ruff_advice(project, project.katas_dir, list(project.catalog.katas))

    assert [line.split(": ")[1].split()[0] for line in advice["first"]] == ["F401", "F401"]
