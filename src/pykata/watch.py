"""``kata watch``: re-grade the current kata every time one of its files is saved.

One screen, redrawn on every run: the current kata's status and its track's progress at the
top, then the verdict. "grading <kata>…" shows the moment a save is seen. Single keys, no
Enter needed in a terminal: ``h`` hint, ``l`` list, ``n`` next kata (when *you* choose: a
solved kata stays on screen), ``r`` re-grade, ``q`` quit. File events come from watchfiles;
polling is used where events do not arrive (WSL, network drives) or when asked for.
"""

from __future__ import annotations

import sys
import termios
import threading
import time
import tty
from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from watchfiles import watch as watch_files

from pykata.catalog import Kata
from pykata.grading import grade
from pykata.learner import next_kata, show_hint, show_list
from pykata.progress import Progress, all_untouched
from pykata.project import Project
from pykata.report_text import render_report
from pykata.results import KataResult

DEBOUNCE_MS = 200


def polling_needed() -> bool:
    """WSL does not deliver file events for Windows-side saves: poll there."""
    try:
        return "microsoft" in Path("/proc/version").read_text().lower()
    except OSError:
        return False


KEYS = "h hint · l list · n next kata · r re-grade · q quit"


class Watcher:
    def __init__(self, project: Project, console: Console, current: Kata | None) -> None:
        self.project = project
        self.console = console
        self.current = current
        self.files = {name: kata for kata in project.catalog.katas for name in kata.files}
        self.screen = threading.Lock()  # the key reader and the file watcher both draw

    def grade_kata(self, kata: Kata) -> KataResult:
        with self.screen:
            self.console.print(f"[bold]grading {kata.slug}…[/]")
            started = time.perf_counter()
            report = grade(self.project, self.project.katas_dir, (kata,))
            elapsed = time.perf_counter() - started
            progress = Progress.load(self.project)
            progress.record(report)
            progress.save()
            if self.console.is_terminal:
                self.console.clear()
            self._header(kata, progress)
            render_report(self.console, report, self.project.catalog)
            self.console.print(f"[dim]graded in {elapsed:.2f}s · {KEYS}[/]")
            result = report.katas[0]
            if result.solved and kata == self.current:
                self.console.print(
                    f"[bold green]{kata.slug} solved![/] `nox -s explain -- {kata.slug}` for "
                    "the interview debrief; press n for the next kata."
                )
            return result

    def show(self, kata: Kata) -> None:
        """A kata's screen: an untouched stub says so at once (grading it would tell nothing);
        a kata the learner changed is graded."""
        if not all_untouched(self.project, kata):
            self.grade_kata(kata)
            return
        with self.screen:
            self._header(kata, Progress.load(self.project))
            self.console.print(
                f"not started: katas/{kata.module_file} is still the stub. Read its rules, write "
                f"your answer and save: it is graded at once. {KEYS}"
            )

    def _header(self, kata: Kata, progress: Progress) -> None:
        track = [k for k in self.project.catalog.katas if k.track == kata.track]
        solved = sum(progress.is_solved(k.slug) for k in track)
        bar = "█" * solved + "░" * (len(track) - solved)
        status = progress.statuses.get(kata.slug, "not started")
        title = self.project.catalog.track_title(kata.track)
        self.console.rule(f"{kata.slug}: {status}")
        self.console.print(f"{title}: {bar} {solved}/{len(track)} solved")

    def announce(self) -> None:
        if self.current is None:
            self.console.print("[green]Every kata is solved.[/] Nothing left to watch.")
            return
        self.console.rule(f"{self.current.slug}: {self.current.title}")
        self.console.print(
            f"Watching katas/{self.current.module_file}. Save it to grade it. "
            f"Keys: {KEYS} (or Ctrl-C)."
        )

    def changed(self, paths: Iterable[str]) -> None:
        """Grade each kata whose file changed."""
        katas = {self.files[name] for name in {Path(p).name for p in paths} if name in self.files}
        for kata in sorted(katas, key=self.project.catalog.katas.index):
            self.grade_kata(kata)

    def command(self, key: str) -> bool:
        """Carry out one key; False when it asks to quit."""
        if key == "q":
            return False
        if key == "h" and self.current is not None:
            with self.screen:
                show_hint(self.console, self.project, self.current.slug)
        elif key == "l":
            with self.screen:
                show_list(self.console, self.project)
        elif key == "n":
            self.current = next_kata(self.project, Progress.load(self.project))
            self.announce()
            if self.current is not None:
                self.show(self.current)
        elif key == "r" and self.current is not None:
            self.grade_kata(self.current)
        elif key.strip():
            self.console.print(f"unknown key {key!r}: {KEYS}")
        return True


def run_watch(
    project: Project,
    console: Console,
    *,
    slug: str | None = None,
    poll: bool = False,
    stop: threading.Event | None = None,
    read_commands: bool = True,
) -> int:
    stop = stop or threading.Event()
    current = project.catalog.get(slug) if slug else next_kata(project, Progress.load(project))
    watcher = Watcher(project, console, current)
    watcher.announce()
    if current is None:
        return 0
    watcher.show(current)
    if read_commands and sys.stdin.isatty():
        threading.Thread(target=_read_commands, args=(watcher, stop), daemon=True).start()
    try:
        for changes in watch_files(
            project.katas_dir,
            debounce=DEBOUNCE_MS,
            step=50,
            stop_event=stop,
            force_polling=poll or polling_needed(),
            poll_delay_ms=300,
            raise_interrupt=True,
            rust_timeout=500,
            yield_on_timeout=False,
        ):
            watcher.changed(path for _change, path in changes)
    except KeyboardInterrupt:
        pass
    console.print("Stopped watching. Your progress is saved; `nox -s list` shows it.")
    return 0


def _read_commands(watcher: Watcher, stop: threading.Event) -> None:
    """Single keys from the terminal, without Enter (cbreak mode, restored on the way out)."""
    descriptor = sys.stdin.fileno()
    saved = termios.tcgetattr(descriptor)
    try:
        tty.setcbreak(descriptor)
        while not stop.is_set():
            key = sys.stdin.read(1)
            if not key or not watcher.command(key.lower()):
                break
    finally:
        termios.tcsetattr(descriptor, termios.TCSADRAIN, saved)
        stop.set()
