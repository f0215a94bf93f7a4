"""The Gradescope autograder bundle: what grading needs of the project, and the two scripts."""

from __future__ import annotations

import shutil
import stat
import zipfile
from pathlib import Path

from pykata.project import Project

ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
# Only what grading needs: no known-wrong variants (they are the authors' proof, not checks).
BUNDLE_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "wrong")

SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image.
# It installs Python 3.11 (or, on images without it, the image's python3 if that is 3.11 or
# newer) and the grader with its pinned tools, in /autograder/venv.
set -euo pipefail

apt-get update
apt-get install -y python3.11 python3.11-venv || apt-get install -y python3 python3-venv
python="$(command -v python3.11 || command -v python3)"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "the grader needs Python 3.11 or newer: choose a newer Gradescope base image" >&2
    exit 1
fi
"$python" -m venv /autograder/venv
/autograder/venv/bin/python -m pip install --quiet /autograder/source
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for every submission. The grader takes only the catalog's kata files
# from a copy of the submission and grades them with the trusted checks in /autograder/source;
# tamper attempts are reported in the output. If the grader cannot run, a zero score with a
# message is written, so the student is never left without a result.
set -uo pipefail

results=/autograder/results/results.json
work="$(mktemp -d)"
cp -a /autograder/submission "$work/submission"
mkdir -p /autograder/results
PYKATA_PROJECT=/autograder/source /autograder/venv/bin/kata grade \\
    --gradescope "$results" "$work/submission"
status=$?
if [ ! -s "$results" ]; then
    message="The grader could not run (exit code $status): please tell your instructor."
    printf '{"score": 0, "output": "%s", "tests": []}\\n' "$message" >"$results"
fi
"""


class BundleError(Exception):
    """The Gradescope bundle cannot be built from this project."""


def write_gradescope_bundle(project: Project, directory: Path) -> Path:
    """Write Gradescope's autograder into ``directory`` (``setup.sh``, ``run_autograder`` and
    what grading needs of the project) and zip it beside it as ``<directory>.zip``."""
    engine = project.root / "src" / "pykata"
    if not (project.root / "pyproject.toml").is_file() or not engine.is_dir():
        raise BundleError(
            f"{project.root} is not the kata repository's source checkout "
            "(pyproject.toml and src/pykata/ are needed)"
        )
    if directory.exists() and any(directory.iterdir()):
        raise BundleError(f"{directory} is not empty: choose a new directory for the bundle")
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("pyproject.toml", "README.md", "catalog.toml"):
        shutil.copyfile(project.root / name, directory / name)
    shutil.copytree(engine, directory / "src" / "pykata", ignore=BUNDLE_IGNORE)
    shutil.copytree(project.checks_root, directory / "tests" / "checks", ignore=BUNDLE_IGNORE)
    # Only the modules under test that tests katas ship complete: no reference solution.
    for target in sorted({kata.target_file for kata in project.catalog.katas if kata.target_file}):
        (directory / "solutions").mkdir(exist_ok=True)
        shutil.copyfile(project.solutions_dir / target, directory / "solutions" / target)
    _write_script(directory / "setup.sh", SETUP_SH)
    _write_script(directory / "run_autograder", RUN_AUTOGRADER)
    archive = directory.with_name(f"{directory.name}.zip")
    _zip_directory(directory, archive)
    return archive


def _write_script(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)


def _zip_directory(directory: Path, archive: Path) -> None:
    """Files at the archive's root (as Gradescope wants), modes kept, in a stable order."""
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            member = zipfile.ZipInfo(path.relative_to(directory).as_posix(), ZIP_TIMESTAMP)
            member.external_attr = (stat.S_IFREG | stat.S_IMODE(path.stat().st_mode)) << 16
            member.compress_type = zipfile.ZIP_DEFLATED
            zipped.writestr(member, path.read_bytes())
