"""Thin nox sessions calling the ``kata`` engine, all in ONE environment (``.nox/check``).

Whichever session runs first creates it and installs the project (with uv when it is there);
every later session, whatever its name, starts at once. The project is reinstalled only when
``pyproject.toml`` changes.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import nox

nox.options.sessions = ["check"]
nox.options.verbose = False
# The learner sees the kata command's output only: nox's own lines ("Running session ...",
# the command, "Session ... was successful") are kept for warnings and errors. `verify` and
# `lint` turn them back on. An install still says what it is doing.
logging.getLogger("nox").setLevel(logging.WARNING)

PROJECT = Path(__file__).parent
ENVIRONMENT = PROJECT / ".nox" / "check"
INSTALLED_MARKER = ".pykata-installed"


def run(session: nox.Session, *arguments: str) -> None:
    session.run(*arguments, external=True)


def environment(session: nox.Session) -> Path:
    """The shared environment's ``bin``: created and installed once, by the first session."""
    python = ENVIRONMENT / "bin" / "python"
    uv = shutil.which("uv")
    if not python.exists():
        if uv:
            run(session, uv, "venv", "--quiet", "--python", sys.executable, str(ENVIRONMENT))
        else:
            run(session, sys.executable, "-m", "venv", str(ENVIRONMENT))
    fingerprint = hashlib.sha256((PROJECT / "pyproject.toml").read_bytes()).hexdigest()
    marker = ENVIRONMENT / INSTALLED_MARKER
    if not (marker.exists() and marker.read_text() == fingerprint):
        print("Installing pykata into .nox/check (once, shared by every session)…", flush=True)
        if uv:
            run(
                session,
                uv,
                "pip",
                "install",
                "--quiet",
                "--python",
                str(python),
                "-e",
                str(PROJECT),
            )
        else:
            run(session, str(python), "-m", "pip", "install", "--quiet", "-e", str(PROJECT))
        marker.write_text(fingerprint)
    return ENVIRONMENT / "bin"


def kata(session: nox.Session, command: str) -> None:
    """Run a ``kata`` command quietly; its exit status becomes nox's."""
    status = subprocess.call([str(environment(session) / "kata"), command, *session.posargs])
    if status:
        sys.exit(status)


def echo_commands() -> None:
    logging.getLogger("nox").setLevel(logging.INFO)


@nox.session(venv_backend="none")
def check(session: nox.Session) -> None:
    """Grade your katas: `nox -s check`, `nox -s check -- SLUG`, `-- --format json`."""
    kata(session, "check")


@nox.session(venv_backend="none")
def verify(session: nox.Session) -> None:
    """The project's own tests: katas sound, engine tested, ruff and mypy --strict clean."""
    echo_commands()
    tools = environment(session)
    run(session, str(tools / "ruff"), "check", ".")
    run(session, str(tools / "ruff"), "format", "--check", ".")
    run(
        session,
        str(tools / "mypy"),
        "src",
        "solutions",
        "katas",
        "tests/grader",
        "tests/project",
        "bench",
    )
    run(session, str(tools / "pytest"), *session.posargs)


@nox.session(venv_backend="none")
def lint(session: nox.Session) -> None:
    """ruff and mypy --strict over the engine."""
    echo_commands()
    tools = environment(session)
    run(session, str(tools / "ruff"), "check", "src", "noxfile.py")
    run(session, str(tools / "ruff"), "format", "--check", "src", "noxfile.py")
    run(session, str(tools / "mypy"), "src")


@nox.session(venv_backend="none")
def watch(session: nox.Session) -> None:
    """Re-grade the current kata every time you save it: `nox -s watch [-- SLUG] [-- --poll]`."""
    kata(session, "watch")


@nox.session(venv_backend="none")
def drill(session: nox.Session) -> None:
    """Interview drill, 5 questions: `nox -s drill [-- --track async --count 10 --seed 1]`."""
    kata(session, "drill")


@nox.session(venv_backend="none")
def hint(session: nox.Session) -> None:
    """One more hint each time: `nox -s hint -- SLUG`."""
    kata(session, "hint")


@nox.session(name="list", venv_backend="none")
def list_(session: nox.Session) -> None:
    """Progress by track: `nox -s list [-- --track core --status failed --regrade]`."""
    kata(session, "list")


@nox.session(venv_backend="none")
def reset(session: nox.Session) -> None:
    """Restore a kata's stub, backing up your version: `nox -s reset -- SLUG`."""
    kata(session, "reset")


@nox.session(venv_backend="none")
def explain(session: nox.Session) -> None:
    """The interview debrief of a solved kata: `nox -s explain -- SLUG [--solution]`."""
    kata(session, "explain")


@nox.session(venv_backend="none")
def new(session: nox.Session) -> None:
    """(Authors) scaffold a kata: `nox -s new -- SLUG --track TRACK`."""
    kata(session, "new")


@nox.session(venv_backend="none")
def grade(session: nox.Session) -> None:
    """(Instructors) grade submissions: `nox -s grade -- SUBMISSION... --csv grades.csv`."""
    kata(session, "grade")
