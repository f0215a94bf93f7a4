"""Grading speed, printed as times and ratios (budgets live here, not in timed tests).

Run: .venv/bin/python bench/grading_speed.py [SLUG ...]   (default: the five core katas)

It grades the stubs and the solutions with the cache off (the cost a learner pays after an
edit), then again with the cache on (an unchanged tree), and one kata alone after an edit
(what `nox -s watch` pays per save).
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from rich.console import Console

from pykata.catalog import Kata
from pykata.grading import grade
from pykata.project import Project
from pykata.watch import run_watch

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
            module.write(f"\n# an edit at {time.time_ns()}\n")
        single = timed(
            f"one kata after an edit ({first.slug}), as watch does",
            lambda: grade(project, root, (first,)),
        )
        print(f"per-save re-grade: {single:.2f} s")
    print(f"watch, from saving a file to its verdict: {watch_latency(project, katas[0]):.2f} s")


def watch_latency(project: Project, kata: Kata) -> float:
    """Run the real watch loop on a scratch copy of the project and time one save."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch)
        shutil.copytree(project.katas_dir, copy / "katas")
        for shared in ("catalog.toml", "tests", "solutions"):
            (copy / shared).symlink_to(project.root / shared)
        scratch_project = Project(copy)
        screen = io.StringIO()
        stop = threading.Event()
        watcher = threading.Thread(
            target=run_watch,
            args=(scratch_project, Console(file=screen, width=100)),
            kwargs={"slug": kata.slug, "stop": stop, "read_commands": False},
        )
        watcher.start()
        _wait_for(screen, "graded in", count=1)
        time.sleep(1)  # the watcher is listening
        saved = time.perf_counter()
        (copy / "katas" / kata.module_file).write_text(
            (project.solutions_dir / kata.module_file).read_text()
        )
        _wait_for(screen, "graded in", count=2)
        latency = time.perf_counter() - saved
        stop.set()
        watcher.join()
        return latency


def _wait_for(screen: io.StringIO, text: str, count: int) -> None:
    deadline = time.monotonic() + 120
    while screen.getvalue().count(text) < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no {text!r} after 120 s")
        time.sleep(0.01)


if __name__ == "__main__":
    main()
