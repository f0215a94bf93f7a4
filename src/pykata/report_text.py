"""The terminal report: a table per track, one line per failing check, the next kata to do."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pykata.catalog import Catalog
from pykata.results import SOLVED, CheckResult, GradeReport, KataResult

STATUS_STYLE = {
    "solved": ("✔", "green"),
    "failed": ("✘", "red"),
    "error": ("!", "magenta"),
    "timeout": ("⏱", "yellow"),
    "crashed": ("✝", "magenta"),
}
CHECK_LINES_PER_KATA = 8


def render_report(
    console: Console, report: GradeReport, catalog: Catalog, *, focus: bool = False
) -> None:
    """The tables, then failing checks: of every unsolved kata, or with ``focus`` only of the
    first one (a learner grading everything works on one kata at a time)."""
    for track in catalog.tracks:
        katas = [k for k in report.katas if k.track == track.id]
        if katas:
            console.print(_track_table(track.title, katas))
    unsolved = [kata for kata in report.katas if not kata.solved]
    for kata in unsolved[:1] if focus else unsolved:
        _render_failures(console, kata)
    _render_summary(console, report)


def _track_table(title: str, katas: list[KataResult]) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    table.add_column("", width=1)
    table.add_column("kata")
    table.add_column("title")
    table.add_column("status")
    table.add_column("checks", justify="right")
    table.add_column("points", justify="right")
    for kata in katas:
        mark, colour = STATUS_STYLE[kata.status]
        passed = sum(check.passed for check in kata.checks)
        table.add_row(
            f"[{colour}]{mark}[/]",
            kata.slug,
            escape(kata.title),
            f"[{colour}]{kata.status}[/]" + (" (cached)" if kata.cached else ""),
            f"{passed}/{len(kata.checks)}",
            f"{kata.max_score if kata.solved else 0:g}/{kata.max_score:g}",
        )
    return table


def _render_failures(console: Console, kata: KataResult) -> None:
    mark, colour = STATUS_STYLE[kata.status]
    console.print(f"\n[bold {colour}]{mark} {kata.slug}[/] [dim]katas/{kata.slug}.py[/]")
    if kata.message:
        console.print(_indent(escape(kata.message), "  "))
    shown = 0
    for check in kata.failing_checks():
        if check.status == "not_run":
            continue
        if shown == CHECK_LINES_PER_KATA:
            console.print("  [dim]… more failing checks; fix these first[/]")
            break
        console.print(
            f"  [red]✘[/] {escape(f'[{check.group}]')}{_rules(check)} {escape(check.name)}"
        )
        if check.message:
            console.print(_indent(escape(check.message), "      "), style="dim")
        shown += 1
    for line in kata.advice[:3]:
        console.print(f"  [cyan]advice[/] {escape(line)}")


def _render_summary(console: Console, report: GradeReport) -> None:
    earned = sum(kata.max_score for kata in report.katas if kata.solved)
    available = sum(kata.max_score for kata in report.katas)
    solved = sum(kata.solved for kata in report.katas)
    console.print(
        f"\n[bold]{solved}/{len(report.katas)} solved[/] · {earned:g}/{available:g} points "
        "[dim](a kata's points count once all its checks pass)[/]"
    )
    upcoming = next((k for k in report.katas if k.status != SOLVED), None)
    if upcoming:
        console.print(
            f"Next: [bold]{upcoming.slug}[/] — open katas/{upcoming.slug}.py, read its "
            f"docstring, then `nox -s check -- {upcoming.slug}` "
            f"(stuck? `nox -s hint -- {upcoming.slug}`)"
        )
    else:
        console.print("[green]Every graded kata is solved.[/]")


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def _rules(check: CheckResult) -> str:
    if not check.rules:
        return ""
    label = "rule" if len(check.rules) == 1 else "rules"
    return f" {label} {', '.join(str(rule) for rule in check.rules)}:"
