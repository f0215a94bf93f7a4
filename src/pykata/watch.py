"""``kata watch``: re-grade the current kata every time one of its files is saved.

The current kata is the one named, or the first unsolved one in catalog order. Only the kata
whose file changed is graded again; when the current kata is solved, watch moves to the next.
File events come from watchfiles; polling is used where events do not arrive (WSL, network
drives) or when asked for.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from watchfiles import watch as watch_files

from pykata.catalog import Kata
from pykata.grading import grade
from pykata.learner import next_kata, show_hint
from pykata.progress import Progress
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


class Watcher:
    def __init__(self, project: Project, console: Console, current: Kata | None) -> None:
        self.project = project
        self.console = console
        self.current = current
        self.files = {name: kata for kata in project.catalog.katas for name in kata.files}

    def grade_kata(self, kata: Kata) -> KataResult:
        started = time.perf_counter()
        report = grade(self.project, self.project.katas_dir, (kata,))
        elapsed = time.perf_counter() - started
        progress = Progress.load(self.project)
        progress.record(report)
        progress.save()
        render_report(self.console, report, self.project.catalog)
        self.console.print(f"[dim]graded in {elapsed:.2f}s[/]")
        return report.katas[0]

    def announce(self) -> None:
        if self.current is None:
            self.console.print("[green]Every kata is solved.[/] Nothing left to watch.")
            return
        self.console.rule(f"{self.current.slug}: {self.current.title}")
        self.console.print(
            f"Watching katas/{self.current.module_file}. Save it to grade it. "
            "Type h + Enter for a hint, q + Enter to quit (or Ctrl-C)."
        )

    def changed(self, paths: Iterable[str]) -> None:
        """Grade each kata whose file changed; move on when the current one is solved."""
        katas = {self.files[name] for name in {Path(p).name for p in paths} if name in self.files}
        for kata in sorted(katas, key=self.project.catalog.katas.index):
            result = self.grade_kata(kata)
            if result.solved and kata == self.current:
                self.console.print(
                    f"[bold green]{kata.slug} solved![/] "
                    f"`nox -s explain -- {kata.slug}` for the interview debrief."
                )
                self.current = next_kata(self.project, Progress.load(self.project))
                self.announce()

    def hint(self) -> None:
        if self.current is not None:
            show_hint(self.console, self.project, self.current.slug)


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
    watcher.grade_kata(current)
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
            if watcher.current is None:
                break
    except KeyboardInterrupt:
        pass
    console.print("Stopped watching. Your progress is saved; `nox -s list` shows it.")
    return 0


def _read_commands(watcher: Watcher, stop: threading.Event) -> None:
    for line in sys.stdin:
        command = line.strip().lower()
        if command == "q":
            stop.set()
            return
        if command == "h":
            watcher.hint()
