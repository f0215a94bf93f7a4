"""Audit hooks in the unit's process: the learner's code may not reach into the grader.

Installed before the learner's module is imported. When the code that asks for an audited
action is the learner's own (the nearest frame outside the standard-library helpers that only
forward a request, such as ``pathlib`` or ``inspect``), these actions are refused with a
``PermissionError`` and recorded, and the grade carries a flag:

- patching a class of the grader or the test machinery (``pykata``, ``pytest``, ``pluggy``,
  ``hypothesis``);
- frame and garbage-collector introspection (``sys._getframe``, ``gc.get_objects``,
  ``tb_frame``...), the ways to reach the grader's objects;
- ``ctypes``, starting or signalling processes directly, adding audit hooks;
- opening the hidden checks, the results, or (where the learner writes the tests) the module
  under test: tests must exercise its behaviour, not its source.

In-process forging cannot be made impossible in Python; this makes it fail loudly, and the
static screen (``pykata.screen``) flags the rest before anything runs.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

# "__main__" is the grading worker itself (run as ``python -m pykata.worker``).
PROTECTED_PACKAGES = (
    "pykata",
    "__main__",
    "_pytest",
    "pytest",
    "pluggy",
    "hypothesis",
    "_hypothesis",
)
INTROSPECTION = frozenset(
    {
        "sys._getframe",
        "sys._current_frames",
        "sys._current_exceptions",
        "gc.get_objects",
        "gc.get_referrers",
        "gc.get_referents",
        "sys.addaudithook",
        "sys.setprofile",
        "sys.settrace",
    }
)
FRAME_ATTRIBUTES = frozenset({"tb_frame", "gi_frame", "cr_frame", "ag_frame", "f_back"})
PROCESS_EVENTS = frozenset(
    {
        "os.fork",
        "os.forkpty",
        "os.exec",
        "os.posix_spawn",
        "os.spawn",
        "os.system",
        "os.kill",
        "os.killpg",
        "subprocess.Popen",
        "pty.spawn",
    }
)
# Standard-library modules that only forward a request: the asker is the frame above them.
FORWARDERS = (
    "pathlib",
    "io",
    "_pyio",
    "codecs",
    "linecache",
    "tokenize",
    "inspect",
    "importlib",
    "shutil",
    "os",
    "subprocess",
    "ctypes",
    "traceback",
    "dis",
    "hashlib",
    "runpy",
    "pkgutil",
)

Record = Callable[[str], None]


class Sentinel:
    """The audit hook: decides whether an audited action comes from the learner's code."""

    def __init__(
        self, learner_files: Sequence[Path], hidden: Sequence[Path], record: Record
    ) -> None:
        self.learner_files = frozenset(str(path.resolve()) for path in learner_files)
        self.hidden = tuple(str(path.resolve()) for path in hidden)
        self.record = record
        self.busy = threading.local()

    def __call__(self, event: str, arguments: tuple[Any, ...]) -> None:
        if getattr(self.busy, "active", False):
            return
        reason = self._reason(event, arguments)
        if reason is None:
            return
        self.busy.active = True
        try:
            if not self._asked_by_learner():
                return
            self.record(reason)
        finally:
            self.busy.active = False
        raise PermissionError(f"refused while grading: {reason}")

    def _reason(self, event: str, arguments: tuple[Any, ...]) -> str | None:
        if event in INTROSPECTION:
            return f"{event}() reaches into the grader"
        if event in PROCESS_EVENTS:
            return f"{event}: the checks start no processes for your code"
        if event.startswith("ctypes."):
            return "ctypes gives access to the grader's memory"
        if event in ("object.__setattr__", "object.__delattr__") and _protected(arguments[0]):
            return f"patching {_name(arguments[0])}.{arguments[1]} of the grader or test machinery"
        if event == "object.__getattr__" and arguments[1] in FRAME_ATTRIBUTES:
            return f"{arguments[1]} gives access to the grader's frames"
        if event == "open" and isinstance(arguments[0], str | bytes | Path):
            path = _absolute(arguments[0])
            if path.startswith(self.hidden):
                return (
                    f"opening {Path(path).name}: your code may not read the checks, the "
                    "results or the module under test"
                )
        return None

    def _asked_by_learner(self) -> bool:
        frame: FrameType | None = sys._getframe(2)
        while frame is not None:
            name = frame.f_globals.get("__name__", "")
            if not (isinstance(name, str) and name.split(".")[0] in FORWARDERS):
                return frame.f_code.co_filename in self.learner_files
            frame = frame.f_back
        return False


def install(learner_files: Sequence[Path], hidden: Sequence[Path], record: Record) -> None:
    """Install the sentinel for the rest of this process (audit hooks cannot be removed)."""
    sys.addaudithook(Sentinel(learner_files, hidden, record))


def _protected(target: object) -> bool:
    if isinstance(target, ModuleType):
        owner = target.__name__
    elif isinstance(target, type):
        owner = target.__module__
    else:
        return False
    return owner.split(".")[0] in PROTECTED_PACKAGES


def _name(target: object) -> str:
    return str(getattr(target, "__qualname__", getattr(target, "__name__", type(target).__name__)))


def _absolute(path: str | bytes | Path) -> str:
    text = path.decode(errors="replace") if isinstance(path, bytes) else str(path)
    return str(Path(text).absolute())
