"""Learner-facing descriptions of exceptions: what happened and where in the learner's code.

The check's source and its expected answer are never printed, only the exception's own
message (for assertions, the message the check's author wrote) and the learner's frame.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path

from pykata.results import truncate


def describe_exception(error: BaseException, learner_dir: Path) -> str:
    if isinstance(error, AssertionError):
        text = without_pytest_advice(str(error)) or "a check's assertion failed"
    elif isinstance(error, NotImplementedError):
        text = "not implemented yet (NotImplementedError)"
    else:
        detail = str(error)
        text = f"{type(error).__name__}: {detail}" if detail else type(error).__name__
    if location := learner_location(error, learner_dir):
        text = f"{text}\n  raised at {location}"
    notes = getattr(error, "__notes__", None)
    if isinstance(notes, list):
        text = "\n".join([text, *(str(note) for note in notes)])
    return truncate(text)


PYTEST_ADVICE = re.compile(r"^\s*(Use -v to get more diff|\.\.\.Full output truncated.*)$", re.I)


def without_pytest_advice(text: str) -> str:
    """pytest's assertion messages suggest ``-v``, which a learner cannot pass to the grader."""
    return "\n".join(line for line in text.splitlines() if not PYTEST_ADVICE.match(line))


def learner_location(error: BaseException, learner_dir: Path) -> str | None:
    """``katas/x.py:12 in fn`` for the innermost traceback frame in the learner's files."""
    prefix = str(learner_dir.resolve())
    innermost: traceback.FrameSummary | None = None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename.startswith(prefix):
            innermost = frame
    if innermost is None:
        return None
    return f"katas/{Path(innermost.filename).name}:{innermost.lineno} in {innermost.name}"
