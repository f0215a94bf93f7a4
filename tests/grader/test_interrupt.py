"""No stray processes: interrupting a grading of a hanging kata ends every process it started."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from pykata.project import Project

HANGS = "def double(x: int) -> int:\n    while True:\n        pass\n"


def descendants(pid: int) -> set[int]:
    found: set[int] = set()
    pending = [pid]
    while pending:
        parent = pending.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = {int(c) for c in (task / "children").read_text().split()}
            except OSError:
                continue
            pending.extend(children - found)
            found |= children
    return found


def cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def is_worker(pid: int) -> bool:
    try:
        return b"pykata.worker" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "killed"])
def test_stopping_the_grader_of_a_hanging_kata_leaves_no_process(
    make_project: Any, stop: signal.Signals
) -> None:
    """Ctrl-C, or the grader killed outright (no clean-up of its own can run)."""
    project: Project = make_project({"hangs": HANGS}, timeout=600)
    grader = subprocess.Popen(
        [sys.executable, "-m", "pykata.cli", "check", "--no-cache"],
        env={**os.environ, "PYKATA_PROJECT": str(project.root)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # As a shell starts a foreground job: Ctrl-C is not ignored, even when these tests run
        # in the background (where a shell starts them with SIGINT ignored, inherited by all).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        stop_while_spinning(grader, stop)
    finally:
        if grader.poll() is None:
            grader.kill()
        grader.wait()


def stop_while_spinning(grader: subprocess.Popen[bytes], stop: signal.Signals) -> None:
    units: set[int] = set()
    deadline = time.monotonic() + 120
    # Wait until the hanging check is spinning: some process below the worker burns CPU.
    while time.monotonic() < deadline and not any(cpu_ticks(pid) > 20 for pid in units):
        workers = [pid for pid in descendants(grader.pid) if is_worker(pid)]
        units = {pid for worker in workers for pid in descendants(worker)}
        time.sleep(0.1)
    assert units, "the grading never reached its unit"
    started = units | set(workers)
    grader.send_signal(stop)
    grader.wait(timeout=60)
    lingering = {pid for pid in started if alive(pid)}
    for _ in range(100):  # the kernel's kills are asynchronous: allow them to land
        if not lingering:
            break
        time.sleep(0.05)
        lingering = {pid for pid in lingering if alive(pid)}
    assert lingering == set(), f"processes left running: {sorted(lingering)}"
