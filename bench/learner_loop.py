"""The learner's loop from a fresh clone, timed in one run (the figures of issue 17).

Run: .nox/check/bin/python bench/learner_loop.py [SOURCE]   (SOURCE: the repository to clone,
default this one; the clone goes to a temporary directory and is removed afterwards)

Prints, as a Markdown list: clone -> first verdict; the first ``hint``, ``list`` and
``explain``; in ``watch``, save -> "grading" shown and save -> verdict; Ctrl-C on a hanging kata
and the grading's processes left afterwards (none expected); two gradings of one clone at once.
``nox`` must be on PATH (the README's quick start installs it).
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NEVER = "\0never printed\0"


def note(label: str, value: float, unit: str = "s", extra: str = "") -> None:
    print(f"- {label}: {value:.1f} {unit}{extra}", flush=True)


def timed(clone: Path, command: str) -> tuple[float, int]:
    started = time.monotonic()
    done = subprocess.run(
        command.split(), cwd=clone, capture_output=True, stdin=subprocess.DEVNULL, check=False
    )
    return time.monotonic() - started, done.returncode


def in_terminal(clone: Path, command: str) -> tuple[int, int]:
    """Start ``command`` on a pseudo-terminal of its own, as a learner's shell would."""
    pid, terminal = pty.fork()
    if pid == 0:
        os.chdir(clone)
        os.execvp(command.split()[0], command.split())
    return pid, terminal


def read_until(terminal: int, text: str, seconds: float, seen: list[str]) -> float | None:
    """Keep reading the terminal (as a real one does) until ``text`` shows, it closes, or
    ``seconds`` pass; the seconds it took, or None."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        ready, _, _ = select.select([terminal], [], [], 0.05)
        if not ready:
            continue
        try:
            chunk = os.read(terminal, 65536)
        except OSError:  # the other side closed
            return None
        if not chunk:
            return None
        seen.append(chunk.decode(errors="replace"))
        if text in "".join(seen):
            return time.monotonic() - started
    return None


def processes_of(clone: Path) -> list[str]:
    rows = subprocess.run(
        ["ps", "-eo", "pid,args"], capture_output=True, text=True, check=False
    ).stdout.splitlines()
    return [row.strip() for row in rows if str(clone) in row]


def first_runs(source: str, clone: Path) -> None:
    started = time.monotonic()
    subprocess.run(["git", "clone", "-q", source, str(clone)], check=True)
    cloned = time.monotonic() - started
    first, status = timed(clone, "nox -s check")
    note("clone", cloned)
    note("first `nox -s check` (sets up .nox/check; welcome, list, first task)", first,
         extra=f", exit {status}")  # fmt: skip
    shutil.copyfile(clone / "solutions" / "retry.py", clone / "katas" / "retry.py")
    verdict, status = timed(clone, "nox -s check -- retry")
    note("then a verdict on an edited kata (`nox -s check -- retry`)", verdict,
         extra=f", exit {status}")  # fmt: skip
    note("clone → that first verdict, in all", cloned + first + verdict)
    for command in ("nox -s hint -- transaction", "nox -s list", "nox -s explain -- retry"):
        seconds, status = timed(clone, command)
        note(f"first `{command}`", seconds, extra=f", exit {status}")


def watch(clone: Path) -> None:
    pid, terminal = in_terminal(clone, "nox -s watch -- transaction")
    seen: list[str] = []
    shown = read_until(terminal, "is still the stub", 120, seen)
    note("`nox -s watch -- transaction`: first screen (untouched stub: no grading)", shown or -1)
    time.sleep(1)  # the watcher listens
    seen.clear()
    saved = time.monotonic()
    shutil.copyfile(clone / "solutions" / "transaction.py", clone / "katas" / "transaction.py")
    grading = read_until(terminal, "grading transaction", 30, seen)
    note('watch: save → "grading transaction…" shown', -1 if grading is None else grading)
    verdict = read_until(terminal, "graded in", 120, seen)
    note("watch: save → verdict shown", -1 if verdict is None else time.monotonic() - saved)
    os.write(terminal, b"q")
    os.waitpid(pid, 0)
    os.close(terminal)


def interrupt(clone: Path) -> None:
    retry = clone / "katas" / "retry.py"
    spinning = retry.read_text().replace("    if times < 1:", "    while True:\n        pass\n"
                                         "    if times < 1:", 1)  # fmt: skip
    retry.write_text(spinning)
    pid, terminal = in_terminal(clone, "nox -s check -- retry")
    seen: list[str] = []
    read_until(terminal, NEVER, 6, seen)
    before = processes_of(clone)
    os.write(terminal, b"\x03")
    pressed = time.monotonic()
    read_until(terminal, NEVER, 60, seen)  # until the terminal closes
    os.waitpid(pid, 0)
    ended = time.monotonic() - pressed
    os.close(terminal)
    time.sleep(0.5)
    after = processes_of(clone)
    note("Ctrl-C on a hanging kata: grading processes before", len(before), "processes")
    note("Ctrl-C → every process gone, terminal closed", ended)
    note("grading processes left 0.5 s later", len(after), "processes", f" {after}")
    shutil.copyfile(clone / "solutions" / "retry.py", retry)


def concurrent(clone: Path, tries: int = 3) -> None:
    command = ["nox", "-s", "check", "--", "retry", "transaction", "--no-cache"]
    for attempt in range(1, tries + 1):
        started = time.monotonic()
        runs = [
            subprocess.Popen(
                command, cwd=clone, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
            for _ in range(2)
        ]
        outputs = [run.communicate()[0] for run in runs]
        statuses = [run.returncode for run in runs]
        solved = all("2/2 solved" in output for output in outputs)
        note(f"two `{' '.join(command)}` at once, try {attempt}", time.monotonic() - started,
             extra=f": exit {statuses}, both solved: {solved}")  # fmt: skip
        if not solved:
            print(*outputs, sep="\n----\n")


def main() -> None:
    source = sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parents[1])
    with tempfile.TemporaryDirectory(prefix="pykata-loop-") as scratch:
        clone = Path(scratch) / "clone"
        first_runs(source, clone)
        watch(clone)
        interrupt(clone)
        concurrent(clone)


if __name__ == "__main__":
    main()
