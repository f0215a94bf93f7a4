"""Thin nox sessions: every one installs the project once, then calls the ``kata`` engine.

Virtual environments are reused between runs, and the project is reinstalled only when
``pyproject.toml`` changes, so a second ``nox -s check`` starts grading at once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["check"]

PROJECT = Path(__file__).parent
INSTALLED_MARKER = ".pykata-installed"


def install_project(session: nox.Session) -> None:
    """Install the project (editable) unless this venv already has this exact pyproject."""
    fingerprint = hashlib.sha256((PROJECT / "pyproject.toml").read_bytes()).hexdigest()
    location = session.virtualenv.location
    marker = Path(location) / INSTALLED_MARKER if location else None
    if marker and marker.exists() and marker.read_text() == fingerprint:
        return
    session.install("-e", str(PROJECT))
    if marker:
        marker.write_text(fingerprint)


def kata(session: nox.Session, command: str) -> None:
    install_project(session)
    session.run("kata", command, *session.posargs, external=False)


@nox.session
def check(session: nox.Session) -> None:
    """Grade your katas: `nox -s check`, `nox -s check -- SLUG`, `-- --format json`."""
    kata(session, "check")


@nox.session
def verify(session: nox.Session) -> None:
    """The project's own tests: katas sound, engine tested, ruff and mypy --strict clean."""
    install_project(session)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy", "src", "solutions", "katas", "tests/grader", "tests/project", "bench")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff and mypy --strict over the engine."""
    install_project(session)
    session.run("ruff", "check", "src", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "noxfile.py")
    session.run("mypy", "src")


@nox.session
def watch(session: nox.Session) -> None:
    """Re-grade the current kata every time you save it: `nox -s watch [-- SLUG] [-- --poll]`."""
    kata(session, "watch")


@nox.session
def hint(session: nox.Session) -> None:
    """One more hint each time: `nox -s hint -- SLUG`."""
    kata(session, "hint")


@nox.session(name="list")
def list_(session: nox.Session) -> None:
    """Progress by track: `nox -s list [-- --track core --status failed --regrade]`."""
    kata(session, "list")


@nox.session
def reset(session: nox.Session) -> None:
    """Restore a kata's stub, backing up your version: `nox -s reset -- SLUG`."""
    kata(session, "reset")


@nox.session
def explain(session: nox.Session) -> None:
    """The interview debrief of a solved kata: `nox -s explain -- SLUG [--solution]`."""
    kata(session, "explain")


@nox.session
def new(session: nox.Session) -> None:
    """(Authors) scaffold a kata: `nox -s new -- SLUG --track TRACK`."""
    kata(session, "new")


@nox.session
def grade(session: nox.Session) -> None:
    """(Instructors) grade submissions: `nox -s grade -- SUBMISSION... --csv grades.csv`."""
    kata(session, "grade")
