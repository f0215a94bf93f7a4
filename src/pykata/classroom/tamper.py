"""Tamper flags: what a submission ships that would change grading if the engine honoured it,
and code the static screen finds reaching into the grader. Flags are shown beside the grade;
the grader never honours what they name."""

from __future__ import annotations

import configparser
import hashlib
import os
import re
import stat
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pykata.catalog import TESTS_KIND, Kata
from pykata.classroom.submission import SubmissionTree
from pykata.project import Project
from pykata.screen import screen
from pykata.staging import decode_source
from pykata.typecheck import pragma_lines

MAX_KATA_FILE_BYTES = 1024 * 1024

# Files Python or pytest would execute or obey, were the engine to honour them.
STARTUP_FILES = {
    "conftest.py": "pytest plugin code (conftest.py)",
    "sitecustomize.py": "code Python runs at start-up (sitecustomize.py)",
    "usercustomize.py": "code Python runs at start-up (usercustomize.py)",
    "pytest.ini": "pytest settings (pytest.ini)",
    ".pytest.ini": "pytest settings (.pytest.ini)",
    "mypy.ini": "mypy settings (mypy.ini)",
    ".mypy.ini": "mypy settings (.mypy.ini)",
}
PTH_REASON = "a .pth file: paths or code Python loads at start-up"
SETTINGS_FILES = ("pyproject.toml", "setup.cfg", "tox.ini")
TEST_TOOLS = ("pytest", "mypy")
TEST_TOOL_SECTION = re.compile(r"^(pytest|tool:pytest|mypy(-.*)?)$")
SKIPPED_DIRECTORIES = (".git", ".cache", "__pycache__")  # git, the engine's cache


def tamper_flags(project: Project, tree: SubmissionTree, katas: tuple[Kata, ...]) -> list[str]:
    """What the submission ships that would tamper with grading if the engine honoured it.

    A file identical to the trusted project's file at the same place (the repository's own
    ``tests/grader/conftest.py``, an unchanged ``pyproject.toml``) is not flagged.
    """
    flags = [
        f"{tree.shown(path)}: {reason}"
        for path in _submission_files(tree.root)
        if (reason := _suspect_reason(path, project.root / tree.shown(path)))
    ]
    flags += _checks_tree_flags(project, tree)
    flags += _kata_file_flags(tree, katas)
    if (tree.root / "katas").is_symlink():
        flags.append("katas: a symlink, not a directory (its files were not graded)")
    return flags


def is_kata_file(path: Path) -> bool:
    """A regular file (not a symlink, device or pipe) no larger than a kata file can be."""
    try:
        info = path.lstat()
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size <= MAX_KATA_FILE_BYTES


def _submission_files(root: Path) -> Iterator[Path]:
    """Every file, not following symlinks, skipping git's data and virtual environments;
    unreadable directories are skipped."""
    for directory, subdirectories, files in os.walk(root, onerror=lambda error: None):
        here = Path(directory)
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if name not in SKIPPED_DIRECTORIES and not (here / name / "pyvenv.cfg").is_file()
        )
        yield from (here / name for name in sorted(files))


def _suspect_reason(path: Path, trusted: Path) -> str | None:
    if path.name in STARTUP_FILES or path.suffix == ".pth":
        reason = STARTUP_FILES.get(path.name, PTH_REASON)
        ours = _regular_bytes(path)
        return None if ours is not None and ours == _regular_bytes(trusted) else reason
    if path.name not in SETTINGS_FILES:
        return None
    if path.is_symlink():
        return f"a symlinked {path.name}: pytest or mypy settings could hide behind it"
    settings = _test_tool_settings(path)
    if settings and settings != _test_tool_settings(trusted):
        return f"pytest or mypy settings ({', '.join(sorted(settings))})"
    return None


def _regular_bytes(path: Path) -> bytes | None:
    if not is_kata_file(path):
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def _test_tool_settings(path: Path) -> dict[str, Any]:
    """The pytest and mypy settings a pyproject.toml, setup.cfg or tox.ini holds."""
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.name == "pyproject.toml":
        try:
            tools = tomllib.loads(text).get("tool")
        except tomllib.TOMLDecodeError:
            return {}
        if not isinstance(tools, dict):
            return {}
        return {name: tools[name] for name in TEST_TOOLS if name in tools}
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        return {}
    return {name: dict(parser[name]) for name in parser.sections() if TEST_TOOL_SECTION.match(name)}


def _checks_tree_flags(project: Project, tree: SubmissionTree) -> list[str]:
    """Edits to the trusted checks in the submission's own ``tests/checks``, if it has one."""
    submitted = tree.root / "tests" / "checks"
    if any(part.is_symlink() for part in (submitted.parent, submitted)):
        return ["tests/checks: a symlink where the trusted checks belong"]
    if not submitted.is_dir():
        return []
    trusted, theirs = _tree_digests(project.checks_root), _tree_digests(submitted)
    flags: list[str] = []
    for relative in sorted(trusted.keys() | theirs.keys()):
        if relative not in theirs:
            change = "a trusted check file was removed"
        elif relative not in trusted:
            change = "added to the trusted checks"
        elif trusted[relative] != theirs[relative]:
            change = "differs from the trusted checks"
        else:
            continue
        flags.append(f"tests/checks/{relative}: {change}")
    return flags


def _tree_digests(directory: Path) -> dict[str, str]:
    return {
        path.relative_to(directory).as_posix(): _digest(path)
        for path in _submission_files(directory)
    }


def _digest(path: Path) -> str:
    if not is_kata_file(path):
        return "not a regular file of a sane size"
    data = _regular_bytes(path)
    return hashlib.sha256(data).hexdigest() if data is not None else "not a regular file"


def _kata_file_flags(tree: SubmissionTree, katas: tuple[Kata, ...]) -> list[str]:
    flags: list[str] = []
    for kata in katas:
        for name in kata.files:
            path = tree.katas_dir / name
            if path.is_symlink():
                flags.append(f"{tree.shown(path)}: a symlink, not a file (graded as missing)")
            elif path.exists() and not is_kata_file(path):
                flags.append(
                    f"{tree.shown(path)}: not a regular file of at most "
                    f"{MAX_KATA_FILE_BYTES // 1024} KiB (graded as missing)"
                )
            elif path.is_file():
                flags += _source_flags(tree.shown(path), path.read_bytes(), kata)
    return flags


def _source_flags(shown: str, data: bytes, kata: Kata) -> list[str]:
    source = decode_source(data)
    flags = [
        f"{shown}:{line}: a type-checker pragma (# type: ignore, # mypy:, # pyright:)"
        for line in pragma_lines(source)
    ]
    flags += [
        f"{shown}:{finding.line}: {finding.reason}"
        for finding in screen(source, writes_tests=kata.kind == TESTS_KIND)
    ]
    return flags
