"""The mypy check group: one batched ``mypy --strict`` run over every graded kata.

Each kata contributes its learner files and its trusted ``types_<slug>.py``. mypy's errors are
mapped back to the check function they occur in; an unused ``# type: ignore[code]`` in a check
file means the learner's types accepted a misuse they should reject.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tokenize
from dataclasses import dataclass
from pathlib import Path

from pykata.catalog import Kata
from pykata.checklist import MODULE_TYPES_ID, MYPY_GROUP, PRAGMAS_ID, ExpectedCheck, mypy_checks
from pykata.project import Project
from pykata.results import CHECK_FAILED, NOT_RUN, PASSED, CheckResult, truncate
from pykata.staging import decode_source

PRAGMA_PATTERN = re.compile(r"#\s*(type:\s*ignore|mypy:|pyright:)")
MYPY_CONFIG = """\
[mypy]
python_version = 3.11
strict = True
warn_unreachable = True
show_error_codes = True
"""
IGNORE_WITH_CODES = re.compile(r"#\s*type:\s*ignore\[[^\]]*\]")
EXACT_CODE = re.compile(r"#\s*exact\s*$")
ACCEPTED_MISUSE = "your types accept a misuse that they should reject"
MAX_ERRORS_SHOWN = 5


class TypecheckInfrastructureError(Exception):
    """mypy itself could not run (not a type error in the learner's code)."""


CONTENT_STAMP_EPOCH = 1_000_000_000  # 2001: any fixed second will do


@dataclass(frozen=True)
class MypyRun:
    process: subprocess.Popen[str]
    command: list[str]
    cwd: Path


@dataclass(frozen=True)
class MypyError:
    file: str
    line: int
    message: str
    code: str


def pragma_lines(source: str) -> list[int]:
    """Lines whose comments carry ``# type: ignore``, ``# mypy:`` or ``# pyright:``."""
    found: list[int] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT and PRAGMA_PATTERN.search(token.string):
                found.append(token.start[0])
    except (tokenize.TokenError, SyntaxError):
        pass
    return found


def any_error_negatives(source: str) -> str:
    """Make each negative line pass on any error: ``# type: ignore[code]`` becomes a bare
    ``# type: ignore``, unless the comment ends ``# exact`` (the rule is about that error).

    Line numbers are unchanged, so errors still map to their check functions.
    """
    lines = source.splitlines(keepends=True)
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return source
    for token in tokens:
        if token.type != tokenize.COMMENT or EXACT_CODE.search(token.string):
            continue
        loosened = IGNORE_WITH_CODES.sub("# type: ignore", token.string)
        if loosened != token.string:
            row, column = token.start
            line = lines[row - 1]
            lines[row - 1] = line[:column] + loosened + line[column + len(token.string) :]
    return "".join(lines)


def stamp_with_content(path: Path) -> None:
    """Give ``path`` a modification time derived from its content.

    mypy trusts a cached module whose size and whole-second mtime match, without hashing it.
    Two different learner files of one size, staged in the same second for runs sharing the
    cache, would then be judged by whichever was checked first; with the mtime a hash of the
    content, equal stamps mean equal content (but for a 32-bit collision at the same size).
    """
    digest = hashlib.blake2b(path.read_bytes(), digest_size=4).digest()
    stamp = CONTENT_STAMP_EPOCH + int.from_bytes(digest, "big")
    os.utime(path, (stamp, stamp))


def start_mypy(
    project: Project, katas: list[Kata], learner_dir: Path, stage: Path
) -> MypyRun | None:
    """Write the mypy stage and start mypy in the background; None when nothing to check."""
    if not katas:
        return None
    if stage.exists():
        shutil.rmtree(stage)
    (stage / "katas").mkdir(parents=True)
    shutil.copyfile(learner_dir / "__init__.py", stage / "katas" / "__init__.py")
    (stage / "mypy.ini").write_text(MYPY_CONFIG, encoding="utf-8")
    targets = ["katas/__init__.py"]
    for kata in katas:
        for name in (*kata.files, *([kata.target_file] if kata.target_file else [])):
            shutil.copyfile(learner_dir / name, stage / "katas" / name)
        targets.append(f"katas/{kata.module_file}")
        checks = project.mypy_checks_file(kata.slug).read_text(encoding="utf-8")
        (stage / f"types_{kata.slug}.py").write_text(any_error_negatives(checks), "utf-8")
        targets.append(f"types_{kata.slug}.py")
    for staged in (stage / "katas").iterdir():
        stamp_with_content(staged)
    for staged in stage.glob("types_*.py"):
        stamp_with_content(staged)
    command = [
        sys.executable, "-m", "mypy",
        "--config-file", "mypy.ini",
        "--cache-dir", str(project.cache_dir / "mypy"),
        "--output", "json",
        "--no-error-summary",
        *targets,
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=stage, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    return MypyRun(process, command, stage)


def collect_mypy_errors(run: MypyRun) -> list[MypyError]:
    """mypy's errors; a crash of mypy (its cache written by two runs at once, say) is retried
    once with a private cache before it counts as an infrastructure error."""
    stdout, stderr = run.process.communicate()
    if run.process.returncode not in (0, 1):
        stdout, stderr, returncode = _rerun_without_shared_cache(run)
        if returncode not in (0, 1):
            message = truncate(stderr or stdout)
            raise TypecheckInfrastructureError(f"mypy failed to run:\n{message}")
    errors: list[MypyError] = []
    for line in stdout.splitlines():
        if not line.startswith("{"):
            continue
        data = json.loads(line)
        if data.get("severity") == "error":
            errors.append(
                MypyError(data["file"], int(data["line"]), data["message"], data.get("code") or "")
            )
    return errors


def _rerun_without_shared_cache(run: MypyRun) -> tuple[str, str, int]:
    command = list(run.command)
    with tempfile.TemporaryDirectory(prefix="pykata-mypy-cache-") as cache:
        command[command.index("--cache-dir") + 1] = cache
        completed = subprocess.run(
            command, cwd=run.cwd, capture_output=True, text=True, check=False
        )
    return completed.stdout, completed.stderr, completed.returncode


def mypy_results(
    project: Project, kata: Kata, learner_dir: Path, errors: list[MypyError]
) -> list[CheckResult]:
    expected = mypy_checks(project.mypy_checks_file(kata.slug), kata.slug)
    module_errors = [
        e for e in errors if e.file.startswith("katas/") and Path(e.file).name in kata.files
    ]
    check_errors = [e for e in errors if e.file == f"types_{kata.slug}.py"]
    pragmas = {
        name: pragma_lines(decode_source((learner_dir / name).read_bytes())) for name in kata.files
    }
    functions = [c for c in expected if c.id not in (MODULE_TYPES_ID, PRAGMAS_ID)]
    outside = [e for e in check_errors if _enclosing(functions, e.line) is None]
    results: list[CheckResult] = []
    for check in expected:
        if check.id == MODULE_TYPES_ID:
            messages = [
                f"katas/{Path(e.file).name}:{e.line}: {e.message} [{e.code}]" for e in module_errors
            ]
        elif check.id == PRAGMAS_ID:
            messages = [
                f"katas/{name}:{line}: remove this pragma; the checks need your real types"
                for name, lines in pragmas.items()
                for line in lines
            ]
        else:
            mine = [e for e in check_errors if _enclosing(functions, e.line) is check]
            messages = [_learner_message(e) for e in mine + outside]
        results.append(_result(check, messages))
    return results


def not_run_results(project: Project, kata: Kata, reason: str) -> list[CheckResult]:
    return [
        CheckResult(c.id, c.name, MYPY_GROUP, NOT_RUN, reason)
        for c in mypy_checks(project.mypy_checks_file(kata.slug), kata.slug)
    ]


def _enclosing(functions: list[ExpectedCheck], line: int) -> ExpectedCheck | None:
    return next((f for f in functions if f.first_line <= line <= f.last_line), None)


def _learner_message(error: MypyError) -> str:
    if error.code in ("unused-ignore", "") and "type: ignore" in error.message:
        return ACCEPTED_MISUSE
    return f"{error.message} [{error.code}]"


def _result(check: ExpectedCheck, messages: list[str]) -> CheckResult:
    if not messages:
        return CheckResult(check.id, check.name, MYPY_GROUP, PASSED)
    unique = list(dict.fromkeys(messages))
    shown = unique[:MAX_ERRORS_SHOWN]
    if len(unique) > MAX_ERRORS_SHOWN:
        shown.append(f"… and {len(unique) - MAX_ERRORS_SHOWN} more")
    return CheckResult(check.id, check.name, MYPY_GROUP, CHECK_FAILED, truncate("\n".join(shown)))
