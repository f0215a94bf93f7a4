"""The learner's commands besides grading: hints, the progress list, reset and the debrief."""

from __future__ import annotations

import ast
import re
import shutil
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.panel import Panel
from rich.syntax import Syntax
from rich.table import Table

from pykata.catalog import Kata
from pykata.drill import DrillState
from pykata.progress import (
    NOT_STARTED,
    Progress,
    StubNotFoundError,
    is_untouched,
    shipped_stub,
)
from pykata.project import Project
from pykata.results import SOLVED

STATUS_COLOUR = {SOLVED: "green", NOT_STARTED: "dim", "failed": "red", "not checked": "yellow"}

WELCOME = """\
[bold]Welcome to pykata.[/] Each kata is one interview question: a stub module under \
`katas/` whose docstring is your task. Fill it in, then grade it; hidden pytest and mypy \
checks decide.

  nox -s check -- SLUG     grade one kata (or all, without SLUG)
  nox -s watch             re-grade the current kata every time you save it
  nox -s hint -- SLUG      one more hint each time you ask
  nox -s list              your progress by track
  nox -s explain -- SLUG   once solved: the interview question and how to answer it
  nox -s reset -- SLUG     start a kata again (your version is kept as a backup)
"""

FINALE = """\
[bold green]Every kata is solved.[/] You can write each answer; now make sure you can say \
it: run `nox -s explain -- SLUG` for each and answer the question out loud before you read on.
"""


class LearnerError(Exception):
    """A learner command cannot do what was asked (shown as a plain message, exit 2)."""


# "Rule 4: ...", "Rules 1, 6 and 8: ...", "Rules 1 to 3, WSGI: ..."
HINT_RULES = re.compile(r"^Rules? ((?:\d+|,|and|to|\s)+?)(?::|,\s*(?=[^\d\s]))")


def status_of(project: Project, progress: Progress, kata: Kata) -> str:
    """solved / failed / error ... from the last grading, or not started for an untouched stub."""
    if all(is_untouched(project, name) for name in kata.files):
        return NOT_STARTED
    return progress.statuses.get(kata.slug, "not checked")


def next_kata(project: Project, progress: Progress) -> Kata | None:
    return next(
        (k for k in project.catalog.katas if status_of(project, progress, k) != SOLVED), None
    )


def hint_rules(hint: str) -> set[int]:
    """The rules a hint names at its start: "Rule 4: ..." or "Rules 1, 6 and 8: ..."."""
    match = HINT_RULES.match(hint)
    if not match:
        return set()
    numbers: set[int] = set()
    for part in re.split(r",|\band\b", match.group(1)):
        bounds = [int(n) for n in re.findall(r"\d+", part)]
        if len(bounds) == 2 and "to" in part:
            numbers |= set(range(bounds[0], bounds[1] + 1))
        else:
            numbers |= set(bounds)
    return numbers


def next_hint(hints: tuple[str, ...], seen: list[int], failing_rules: list[int]) -> int | None:
    """The next hint to reveal: the first unseen one that helps with the first failing rule
    (in rule order), else the first unseen one."""
    unseen = [index for index in range(len(hints)) if index not in seen]
    for rule in failing_rules:
        for index in unseen:
            if rule in hint_rules(hints[index]):
                return index
    return unseen[0] if unseen else None


def show_hint(
    console: Console,
    project: Project,
    slug: str,
    *,
    again: bool = False,
    failing_rules: list[int] | None = None,
) -> None:
    """Reveal one more hint, for the first failing rule when the last grading knows it (all
    hints seen so far are shown); ``again`` repeats without revealing."""
    kata = project.catalog.get(slug)
    progress = Progress.load(project)
    seen = progress.hints_seen.setdefault(slug, [])
    upcoming = next_hint(kata.hints, seen, failing_rules or [])
    if upcoming is not None and (not again or not seen):
        seen.append(upcoming)
    progress.save()
    console.print(f"[bold]{escape(kata.title)}[/] — {len(seen)} of {len(kata.hints)} hints")
    for index in sorted(seen):
        console.print(
            Panel(Markdown(kata.hints[index]), title=f"hint {index + 1}", title_align="left"),
            soft_wrap=False,  # a box's text wraps inside it, even when lines elsewhere do not
        )
    if len(seen) < len(kata.hints):
        console.print(f"Still stuck? `nox -s hint -- {slug}` again reveals another one.")
    else:
        console.print(
            "That was the last hint. The kata's docstring and docs links help too: "
            f"`nox -s explain -- {slug}` lists the links."
        )


def show_list(
    console: Console, project: Project, track: str | None = None, status: str | None = None
) -> None:
    progress = Progress.load(project)
    catalog = project.catalog
    if track and track not in {t.id for t in catalog.tracks}:
        raise LearnerError(
            f"unknown track {track!r}; tracks: " + ", ".join(t.id for t in catalog.tracks)
        )
    earned = total = solved = 0
    for each_track in catalog.tracks:
        if track and each_track.id != track:
            continue
        table = Table(title=each_track.title, title_justify="left", show_edge=False)
        for column in ("kata", "title", "difficulty", "status", "points"):
            table.add_column(column, justify="right" if column == "points" else "left")
        for kata in (k for k in catalog.katas if k.track == each_track.id):
            current = status_of(project, progress, kata)
            total += kata.points
            if current == SOLVED:
                earned += kata.points
                solved += 1
            if status and current.replace(" ", "-") != status:
                continue
            colour = STATUS_COLOUR.get(current, "magenta")
            table.add_row(
                kata.slug,
                escape(kata.title),
                kata.difficulty,
                f"[{colour}]{current}[/]",
                f"{kata.points if current == SOLVED else 0}/{kata.points}",
            )
        if table.row_count:
            console.print(table)
    console.print(f"\n[bold]{solved} solved[/] · {earned}/{total} points")
    drill = DrillState.load(project)
    if drill.answered:
        right = sum(1 for q in drill.answered if drill.correct.get(q))
        console.print(
            f"Drill: {len(drill.answered)} questions answered, {right} answered right at least "
            f"once, {len(drill.missed)} to retry (`nox -s drill`)"
        )
    upcoming = next((k for k in catalog.katas if (not track or k.track == track)
                     and status_of(project, progress, k) != SOLVED), None)  # fmt: skip
    if upcoming:
        console.print(
            f"Next: [bold]{upcoming.slug}[/] — {escape(upcoming.title)} "
            f"(katas/{upcoming.module_file})"
        )


def original_stub(project: Project, name: str) -> bytes:
    try:
        return shipped_stub(project, name)
    except StubNotFoundError as missing:
        raise LearnerError(str(missing)) from None


def reset_kata(
    console: Console,
    project: Project,
    slug: str,
    *,
    confirm: Callable[[str], bool],
) -> list[Path]:
    """Restore the stub, keeping the learner's version as a backup; returns the backups."""
    kata = project.catalog.get(slug)
    originals = {name: original_stub(project, name) for name in kata.shipped_files}
    changed = [
        n
        for n in kata.shipped_files
        if (project.katas_dir / n).is_file()
        and (project.katas_dir / n).read_bytes() != originals[n]
    ]
    missing = [n for n in kata.shipped_files if not (project.katas_dir / n).is_file()]
    if not changed and not missing:
        console.print(f"katas/{slug}: already the original stub; nothing to do.")
        return []
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    backups = {n: project.state_dir / "backups" / slug / f"{stamp}-{n}" for n in changed}
    question = ", ".join(f"katas/{n}" for n in changed + missing)
    if changed:
        question = (
            f"Replace {question} with the original stub? Your version is kept as "
            + ", ".join(str(p.relative_to(project.root)) for p in backups.values())
        )
    if not confirm(question):
        console.print("Nothing changed.")
        return []
    for name, backup in backups.items():
        backup.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(project.katas_dir / name, backup)
    for name in changed + missing:
        (project.katas_dir / name).write_bytes(originals[name])
    progress = Progress.load(project)
    progress.statuses.pop(slug, None)
    progress.save()
    for backup in backups.values():
        console.print(f"Your version is saved as [bold]{backup.relative_to(project.root)}[/]")
    console.print(f"katas/{slug} is the original stub again.")
    return list(backups.values())


def restore_backup(
    console: Console, project: Project, slug: str, *, confirm: Callable[[str], bool]
) -> list[Path]:
    """Bring back the latest backup of each of the kata's files; the current version becomes
    a backup in turn. Returns the files restored."""
    kata = project.catalog.get(slug)
    folder = project.state_dir / "backups" / slug
    latest: dict[str, Path] = {}
    for name in kata.shipped_files:
        found = sorted(folder.glob(f"*-{name}")) if folder.is_dir() else []
        if found:
            latest[name] = found[-1]
    if not latest:
        raise LearnerError(f"no backup of katas/{slug} to restore (`reset` makes one)")
    shown = ", ".join(str(path.relative_to(project.root)) for path in latest.values())
    if not confirm(f"Replace katas/{slug} with {shown}? The current version is kept as a backup"):
        console.print("Nothing changed.")
        return []
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    for name, backup in latest.items():
        current = project.katas_dir / name
        if current.is_file():
            shutil.copy2(current, folder / f"{stamp}-{name}")
        shutil.copy2(backup, current)
        backup.unlink()  # restored: the next --restore goes one step further back
        console.print(f"katas/{name} is your version from {backup.name.split('-', 1)[0]} again")
    progress = Progress.load(project)
    progress.statuses.pop(slug, None)
    progress.save()
    return [project.katas_dir / name for name in latest]


def terminal_confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        raise LearnerError("reset asks for confirmation: run it in a terminal, or pass --yes")
    answer = input(f"{question} [y/N] ")
    return answer.strip().lower() in ("y", "yes")


def explain(
    console: Console,
    project: Project,
    kata: Kata,
    solved: bool,
    *,
    with_solution: bool = False,
    pause: Callable[[], None] | None = None,
) -> None:
    """The interview: the question first (also before solving), a pause to answer it out
    loud, then the outline and the common wrong answers; the reference solution once solved.
    ``pause`` waits for Enter in a terminal; without one the debrief follows at once."""
    interview = kata.interview
    console.print(
        Panel(escape(interview.question), title="The interview question", title_align="left"),
        soft_wrap=False,
    )
    if not solved:
        level = len(Progress.load(project).hints_seen.get(kata.slug, []))
        console.print(
            f"[yellow]{kata.slug} is not solved yet.[/] Think about the question while you "
            "work; the outline of a strong answer opens once the kata is solved."
        )
        console.print(
            f"Hints: {level} of {len(kata.hints)} seen; `nox -s hint -- {kata.slug}` shows the "
            "next."
        )
        return
    if pause is not None:
        console.print("Answer it out loud, as you would in the interview, then press Enter.")
        pause()
    console.print("[bold]A strong answer covers[/]")
    console.print(Markdown(interview.answer))
    console.print("\n[bold]Common wrong answers[/]")
    for wrong in interview.wrong_answers:
        console.print(f"  ✘ {escape(wrong)}")
    console.print("\n[bold]Read more[/]")
    for link in kata.docs:
        console.print(f"  {link}")
    if with_solution:
        for name in kata.files:
            source = (project.solutions_dir / name).read_text(encoding="utf-8")
            console.print(Syntax(source, "python", line_numbers=True))
    else:
        console.print(
            f"\nCompare with the reference solution: `nox -s explain -- {kata.slug} --solution`"
        )


def show_not_started(
    console: Console, project: Project, progress: Progress, untouched: list[Kata]
) -> None:
    """Untouched stubs, not graded: how many, and the task of the next one to do."""
    console.print(f"[dim]{len(untouched)} katas not started (untouched stubs are not graded)[/]")
    upcoming = next_kata(project, progress)
    if upcoming is None or upcoming not in untouched:
        return
    docstring = ast.get_docstring(
        ast.parse((project.katas_dir / upcoming.module_file).read_text(encoding="utf-8"))
    )
    task = (docstring or "").split("\n\n")[0:2]
    console.print(
        Panel(
            escape("\n\n".join(task)),
            title=f"Next: katas/{upcoming.module_file}",
            title_align="left",
        ),
        soft_wrap=False,
    )
    console.print(
        f"Open katas/{upcoming.module_file}, read its rules, and save: `nox -s watch` grades "
        "it on every save."
    )


def welcome(console: Console, progress: Progress) -> None:
    """The welcome, on the learner's very first run."""
    if not progress.welcomed:
        console.print(Panel(WELCOME, title="pykata", title_align="left"), soft_wrap=False)
        progress.welcomed = True
        progress.save()


def finale(console: Console, project: Project, progress: Progress) -> None:
    """The final message, once every kata of the catalog is solved."""
    all_solved = all(progress.is_solved(k.slug) for k in project.catalog.katas)
    if all_solved and not progress.finale_shown:
        console.print(Panel(FINALE, title="Done", title_align="left"), soft_wrap=False)
        progress.finale_shown = True
        progress.save()
