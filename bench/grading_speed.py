"""Grading speed as ratios to a bare baseline measured in the same run (budgets live here, not
in timed tests).

Run: .nox/check/bin/python bench/grading_speed.py [--quick]

Figures (each printed with its goal):

1. the bare limit: one plain pytest process over the hidden checks with ``--kata-root`` (no
   isolation, no staging) plus one mypy over the same type checks; for the katas where the
   learner writes the tests, their tests on the correct module and on each mutant, one plain
   pytest process per run (a plain process cannot swap the module under test mid-session);
2. ``kata check --root solutions --no-cache`` on the catalog / the bare limit (goal <= 1.3);
   and the same for the katas without mutants only (no process per mutant in the bare);
3. the same on the stubs / the bare limit on the stubs;
4. one kata after an edit (what watch pays) / a bare single-kata pytest + mypy;
5. the worst case: every kata spinning at import (seconds, goal <= 120 s on 2 cores);
6. classroom: 10 mixed submissions of the first CLASS_KATAS katas with ``--jobs 1`` / with
   every core (goal >= 1.8 on 2);
7. one whole submission (every kata: half solved, half stubs, three spinning at import) on one
   core (``taskset``), as Gradescope's default
   container would run it (goal well inside 10 minutes), and the largest per-unit memory limit
   against Gradescope's 768 MB.

``--quick`` grades the first five katas only (for a smoke run of the bench itself).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pykata.catalog import Kata
from pykata.classroom import grade_submissions
from pykata.grading import available_cpus, grade
from pykata.project import Project

GRADESCOPE_MEMORY_MB = 768
CLASS_KATAS = 8  # the classroom figures grade this many katas per submission
SPIN = "while True:\n    pass\n"


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def show(label: str, value: float, goal: str, unit: str = "") -> None:
    print(f"{label:<62} {value:8.2f}{unit}   goal: {goal}")


def bare_run(project: Project, root: Path, katas: tuple[Kata, ...]) -> None:
    """The checks with no isolation: one pytest process over the code katas' checks, one per
    run of a tests kata (the correct module, then each mutant), one mypy over the type checks."""
    tests = [str(project.pytest_checks_file(kata.slug)) for kata in katas if not kata.target_file]
    plain_pytest(project, root, tests)
    with tempfile.TemporaryDirectory() as scratch:
        for kata in katas:
            if kata.target_file:
                for number, module in enumerate(module_versions(project, kata)):
                    run_root = Path(scratch) / f"{kata.slug}-{number}"
                    shutil.copytree(root, run_root)
                    shutil.copyfile(module, run_root / kata.target_file)
                    plain_pytest(project, run_root, [str(run_root / kata.module_file)])
        stage = Path(scratch) / "mypy"
        stage.mkdir()
        (stage / "katas").symlink_to(root.resolve(), target_is_directory=True)
        types = []
        for kata in katas:
            shutil.copyfile(project.mypy_checks_file(kata.slug), stage / f"types_{kata.slug}.py")
            types.append(f"types_{kata.slug}.py")
        modules = [f"katas/{kata.module_file}" for kata in katas]
        subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(bare_mypy_cache(project)),
             "katas/__init__.py", *modules, *types],
            cwd=stage, capture_output=True, check=False,
        )  # fmt: skip


def bare_mypy_cache(project: Project) -> Path:
    """Kept between runs, as the engine keeps its own: both are warmed before any timing."""
    return project.cache_dir / "bench-mypy"


def module_versions(project: Project, kata: Kata) -> list[Path]:
    """The module under test of a tests kata: the correct one, then each mutant."""
    assert kata.target_file is not None
    return [project.solutions_dir / kata.target_file, *project.mutants(kata.slug)]


def plain_pytest(project: Project, root: Path, tests: list[str]) -> None:
    if not tests:
        return
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--kata-root",
         str(root), "-o", "addopts=--import-mode=importlib", "-o", "asyncio_mode=auto",
         "-o", "filterwarnings=", *tests],
        cwd=project.root, capture_output=True, check=False,
    )  # fmt: skip


def spinning_root(project: Project, katas: tuple[Kata, ...], directory: Path) -> Path:
    directory.mkdir()
    shutil.copyfile(project.katas_dir / "__init__.py", directory / "__init__.py")
    for kata in katas:
        for name in kata.files:
            (directory / name).write_text(SPIN if name.endswith(".py") else "")
        if kata.target_file:
            shutil.copyfile(project.katas_dir / kata.target_file, directory / kata.target_file)
    return directory


def mixed_class(project: Project, katas: tuple[Kata, ...], folder: Path) -> list[Path]:
    """Ten submissions: solutions, stubs and half-done copies, one spinning at import."""
    submissions = []
    for number in range(10):
        submission = folder / f"student{number}"
        submission.mkdir()
        for index, kata in enumerate(katas):
            for name in (*kata.files, *([kata.target_file] if kata.target_file else [])):
                source = project.solutions_dir if (number + index) % 2 else project.katas_dir
                shutil.copyfile(source / name, submission / name)
        if number == 9:
            spinning_root(project, katas[:3], folder / "spin")
            for path in (folder / "spin").iterdir():
                shutil.copyfile(path, submission / path.name)
        submissions.append(submission)
    return submissions


def main() -> None:
    project = Project.locate()
    katas = project.catalog.katas[:5] if "--quick" in sys.argv else project.catalog.katas
    cpus = available_cpus()
    print(f"{len(katas)} katas, {cpus} CPUs")

    def check(root: Path, selection: tuple[Kata, ...] = katas, jobs: int | None = None) -> None:
        grade(project, root, selection, use_cache=False, jobs=jobs)

    # Warm-up, untimed: both mypy caches and the file system's, so no figure pays a cold start.
    bare_run(project, project.solutions_dir, katas)
    check(project.solutions_dir)
    bare_solutions = timed(lambda: bare_run(project, project.solutions_dir, katas))
    show("bare pytest + mypy, solutions (s)", bare_solutions, "the baseline", " s")
    graded = timed(lambda: check(project.solutions_dir))
    show("kata check, solutions, no cache / bare", graded / bare_solutions, "<= 1.3")
    code = tuple(kata for kata in katas if not kata.target_file)  # no mutant runs at all
    bare_code = timed(lambda: bare_run(project, project.solutions_dir, code))
    graded_code = timed(lambda: check(project.solutions_dir, code))
    show("  the same, katas without mutants only", graded_code / bare_code, "<= 1.3")
    bare_stubs = timed(lambda: bare_run(project, project.katas_dir, katas))
    stubs = timed(lambda: check(project.katas_dir))
    show("kata check, stubs, no cache / bare on the stubs", stubs / bare_stubs, "<= 1.3")

    first = katas[:1]
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "one"
        root.mkdir()
        for name in first[0].files:
            shutil.copyfile(project.solutions_dir / name, root / name)
        shutil.copyfile(project.katas_dir / "__init__.py", root / "__init__.py")
        with (root / first[0].module_file).open("a") as module:
            module.write(f"\n# an edit at {time.time_ns()}\n")
        one = timed(lambda: grade(project, root, first))
        bare_one = timed(lambda: bare_run(project, root, first))
        show(f"one kata after an edit ({first[0].slug}) / bare", one / bare_one, "<= 1.5")

        spinning = spinning_root(project, katas, Path(scratch) / "spinning")
        worst = timed(lambda: check(spinning))
        show("worst case: every kata spinning at import (s)", worst, "<= 120 s on 2 cores", " s")

        folder = Path(scratch) / "class"
        folder.mkdir()
        some = katas[:CLASS_KATAS]
        submissions = mixed_class(project, some, folder)
        serial = timed(lambda: grade_submissions(project, submissions, some, jobs=1))
        parallel = timed(lambda: grade_submissions(project, submissions, some, jobs=cpus))
        show(f"classroom, 10 submissions: --jobs 1 / --jobs {cpus}", serial / parallel, ">= 1.8")

        whole = Path(scratch) / "whole"
        whole.mkdir()
        full = mixed_class(project, katas, whole)[-1]  # every kata; three spin at import
        one_core = [sys.executable, "-c", _ONE_SUBMISSION, str(full)]
        if shutil.which("taskset"):
            one_core = ["taskset", "-c", "0", *one_core]
        single = timed(lambda: subprocess.run(one_core, cwd=project.root, check=False))
        show("one submission, worst case included, on one core (s)", single, "< 600 s", " s")
    largest = max(kata.memory_mb for kata in katas)
    show("largest per-unit memory limit (MB)", largest, f"<= {GRADESCOPE_MEMORY_MB} MB")


_ONE_SUBMISSION = """
import sys
from pathlib import Path
from pykata.classroom import grade_submissions
from pykata.project import Project
project = Project.locate()
grade_submissions(project, [Path(sys.argv[1])], project.catalog.katas, jobs=1)
"""


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
