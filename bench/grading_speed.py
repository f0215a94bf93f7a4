"""Grading speed, printed as times and ratios (budgets live here, not in timed tests).

Run: .venv/bin/python bench/grading_speed.py [SLUG ...]   (default: the five core katas)

It grades the stubs and the solutions with the cache off (the cost a learner pays after an
edit), then again with the cache on (an unchanged tree), and one kata alone after an edit
(what `nox -s watch` pays per save).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from pykata.grading import grade
from pykata.project import Project

CORE = ["retry", "transaction", "repository_protocol", "n_plus_one", "dependency_overrides"]


def timed(action: str, run: object) -> float:
    assert callable(run)
    started = time.perf_counter()
    run()
    elapsed = time.perf_counter() - started
    print(f"{action:<52} {elapsed:7.2f} s")
    return elapsed


def main() -> None:
    project = Project.locate()
    katas = project.catalog.select(sys.argv[1:] or CORE)
    print(f"{len(katas)} katas: {', '.join(k.slug for k in katas)}")
    for label, root in (("stubs", project.katas_dir), ("solutions", project.solutions_dir)):
        uncached = timed(
            f"{label}: grade, cache off",
            lambda root=root: grade(project, root, katas, use_cache=False),
        )
        cached = timed(
            f"{label}: grade again, nothing changed", lambda root=root: grade(project, root, katas)
        )
        print(f"{label}: cached / uncached = {cached / uncached:.2f}")
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        first = katas[0]
        for name in first.files:
            shutil.copyfile(project.solutions_dir / name, root / name)
        grade(project, root, (first,))
        with (root / first.module_file).open("a") as module:
            module.write("\n# an edit\n")
        single = timed(
            f"one kata after an edit ({first.slug}), as watch does",
            lambda: grade(project, root, (first,)),
        )
        print(f"per-save re-grade: {single:.2f} s")


if __name__ == "__main__":
    main()
