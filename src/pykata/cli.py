"""The ``kata`` command. Exit codes: 0 all graded katas solved, 1 some not, 2 usage or
infrastructure error."""

from __future__ import annotations

import argparse
import json
import sys
import termios
import tty
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
from rich.progress import Progress as ProgressBar
from rich.table import Table

from pykata import containment
from pykata.authoring import RuleRow, catalog_problems, verify
from pykata.catalog import CatalogError, Kata
from pykata.classroom import (
    GRADEBOOK_ENCODING,
    BundleError,
    SubmissionError,
    combined_json,
    grade_submissions,
    gradebook_csv,
    gradescope_results,
    markdown_summary_file,
    merge_documents,
    write_gradescope_bundle,
)
from pykata.drill import (
    Answer,
    DrillError,
    DrillState,
    Option,
    Question,
    choose_round,
    load_questions,
    play,
)
from pykata.grading import GradingInfrastructureError, grade
from pykata.learner import (
    LearnerError,
    explain,
    finale,
    reset_kata,
    restore_backup,
    show_hint,
    show_list,
    show_not_started,
    terminal_confirm,
    welcome,
)
from pykata.limits import write_timings
from pykata.progress import Progress, all_untouched, write_stub_hashes
from pykata.project import Project, ProjectNotFoundError
from pykata.report_text import render_report
from pykata.scaffold import new_kata
from pykata.stub_credit import STUB_CHECKS_FILE, write_stub_checks
from pykata.typecheck import TypecheckInfrastructureError
from pykata.variants import (
    VARIANT_SUFFIX,
    VariantError,
    read_variant,
    variant_from_module,
)
from pykata.watch import run_watch

EXIT_SOLVED, EXIT_UNSOLVED, EXIT_USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace, Project], int]


class UsageError(Exception):
    """The command line asks for something that cannot be done."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kata", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="grade katas (all, or the ones named)")
    check.add_argument("slugs", nargs="*", metavar="SLUG")
    check.add_argument("--root", type=Path, help="implementation root to grade (default katas/)")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--no-cache", action="store_true", help="grade even unchanged katas")
    add_jobs_option(check)
    check.set_defaults(handler=run_check)

    verify_parser = commands.add_parser(
        "verify", help="prove katas are sound: stub fails, solution passes, variants rejected"
    )
    verify_parser.add_argument("slugs", nargs="*", metavar="SLUG")
    verify_parser.set_defaults(handler=run_verify)

    variant = commands.add_parser(
        "variant",
        help="(authors) store a wrong module (or with --mutant a mutant) as a patch, or print one",
    )
    variant.add_argument("slug", metavar="SLUG")
    variant.add_argument(
        "source", metavar="FILE_OR_NAME", help="a wrong module (its docstring is the header)"
    )
    variant.add_argument("--print", action="store_true", help="print variant NAME applied")
    variant.add_argument(
        "--mutant",
        action="store_true",
        help="a mutant of the module under test (katas where the learner writes the tests)",
    )
    variant.set_defaults(handler=run_variant)

    drill = commands.add_parser("drill", help="interview drill: pick the best-structured answer")
    drill.add_argument("--track", help="only this track's questions")
    drill.add_argument("--topic", help="only questions whose topic contains this")
    drill.add_argument("--count", type=positive_int, default=5, help="questions in the round")
    drill.add_argument("--seed", type=int, default=None, help="the same round every time")
    drill.add_argument(
        "--answers", type=answer_list, default=None, help="play without asking: e.g. 2,1,4,3,1"
    )
    drill.add_argument("--format", choices=("text", "json"), default="text")
    drill.set_defaults(handler=run_drill)

    hint = commands.add_parser("hint", help="show the next hint for a kata")
    hint.add_argument("slug", metavar="SLUG")
    hint.add_argument("--again", action="store_true", help="repeat the hints seen so far")
    hint.set_defaults(handler=run_hint)

    listing = commands.add_parser("list", help="progress by track, with points and the next kata")
    listing.add_argument("--track", help="only this track (an id from catalog.toml)")
    listing.add_argument(
        "--status",
        choices=("solved", "failed", "error", "timeout", "crashed", "not-started", "not-checked"),
        help="only katas with this status",
    )
    listing.add_argument("--regrade", action="store_true", help="grade every kata first")
    listing.set_defaults(handler=run_list)

    reset = commands.add_parser("reset", help="restore a kata's stub (your version is backed up)")
    reset.add_argument("slug", metavar="SLUG")
    reset.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    reset.add_argument(
        "--restore", action="store_true", help="bring back your latest backup instead"
    )
    reset.set_defaults(handler=run_reset)

    explain_parser = commands.add_parser("explain", help="the interview debrief of a solved kata")
    explain_parser.add_argument("slug", metavar="SLUG")
    explain_parser.add_argument(
        "--solution", action="store_true", help="also show the reference solution"
    )
    explain_parser.set_defaults(handler=run_explain)

    watch = commands.add_parser("watch", help="re-grade the current kata on every save")
    watch.add_argument("slug", nargs="?", metavar="SLUG")
    watch.add_argument("--poll", action="store_true", help="poll instead of file events")
    watch.set_defaults(handler=run_watch_command)

    grade_parser = commands.add_parser(
        "grade", help="(instructors) grade student submissions: directories or .zip files"
    )
    grade_parser.add_argument("submissions", nargs="+", type=Path, metavar="SUBMISSION")
    grade_parser.add_argument("--json", type=Path, help="write the combined JSON report here")
    grade_parser.add_argument("--csv", type=Path, help="write the gradebook (CSV) here")
    grade_parser.add_argument(
        "--gradescope", type=Path, help="write Gradescope's results.json (one submission)"
    )
    grade_parser.add_argument(
        "--shard",
        type=shard_spec,
        default=(1, 1),
        metavar="K/N",
        help="grade only every N-th submission from the K-th (merge shards with `kata merge`)",
    )
    add_jobs_option(grade_parser, "cores to use: up to N submissions graded at once")
    grade_parser.add_argument(
        "--unsafe",
        action="store_true",
        help="grade even where students' code cannot be contained (no root, no namespaces)",
    )
    grade_parser.set_defaults(handler=run_grade)

    merge = commands.add_parser(
        "merge", help="(instructors) join the JSON reports of `kata grade --shard` runs"
    )
    merge.add_argument("reports", nargs="+", type=Path, metavar="SHARD_JSON")
    merge.add_argument("--json", type=Path, help="write the combined JSON report here")
    merge.add_argument("--csv", type=Path, help="write the gradebook (CSV) here")
    merge.set_defaults(handler=run_merge)

    bundle = commands.add_parser("bundle", help="(instructors) write a Gradescope autograder")
    bundle.add_argument("directory", type=Path, metavar="DIR")
    bundle.set_defaults(handler=run_bundle)

    summary = commands.add_parser("summary", help="a JSON report as a Markdown job summary")
    summary.add_argument("report", type=Path, metavar="REPORT.json")
    summary.set_defaults(handler=run_summary)

    stubs = commands.add_parser("stubs", help="(authors) record the stubs' hashes for reset")
    stubs.set_defaults(handler=run_stubs)

    new = commands.add_parser("new", help="scaffold a new kata and its catalog entry")
    new.add_argument("slug", metavar="SLUG")
    new.add_argument("--track", required=True, help="track id from catalog.toml")
    new.set_defaults(handler=run_new)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    handler: Handler = arguments.handler
    error_console = Console(stderr=True)
    try:
        project = Project.locate()
        return handler(arguments, project)
    except (
        UsageError,
        ProjectNotFoundError,
        CatalogError,
        LearnerError,
        SubmissionError,
        BundleError,
        VariantError,
        DrillError,
    ) as error:
        error_console.print(f"[red]error:[/] {error}")
        return EXIT_USAGE
    except (GradingInfrastructureError, TypecheckInfrastructureError) as error:
        error_console.print(f"[red]the grader could not run:[/] {error}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        error_console.print("interrupted")
        return EXIT_USAGE


def output_console() -> Console:
    """The terminal's console; when the output is a file or a pipe, lines are not wrapped."""
    return Console(soft_wrap=not sys.stdout.isatty())


def add_jobs_option(parser: argparse.ArgumentParser, what: str = "units graded at once") -> None:
    parser.add_argument(
        "--jobs",
        type=positive_int,
        default=None,
        metavar="N",
        help=f"{what} (default: the CPUs this process may use)",
    )


def positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return int(text)


def answer_list(text: str) -> list[int]:
    numbers = [part.strip() for part in text.split(",")]
    if not all(number in ("1", "2", "3", "4") for number in numbers):
        raise argparse.ArgumentTypeError(f"{text!r}: answers are numbers 1 to 4, comma-separated")
    return [int(number) for number in numbers]


def shard_spec(text: str) -> tuple[int, int]:
    number, _, count = text.partition("/")
    if not (number.isdigit() and count.isdigit() and 1 <= int(number) <= int(count)):
        raise argparse.ArgumentTypeError(f"{text!r}: a shard is K/N with 1 <= K <= N")
    return int(number), int(count)


def run_check(arguments: argparse.Namespace, project: Project) -> int:
    katas = project.catalog.select(arguments.slugs)
    root = arguments.root or project.katas_dir
    if not root.is_dir():
        raise UsageError(f"--root {root}: no such directory")
    learners_own = root.resolve() == project.katas_dir.resolve()
    text = arguments.format == "text"
    console = output_console()
    progress = Progress.load(project)
    if learners_own and text:
        welcome(console, progress)
    # An untouched stub carries no information: in the learner's own loop it is "not started"
    # without grading (the JSON report and --no-cache grade everything).
    skip_untouched = learners_own and text and not arguments.no_cache
    untouched = [k for k in katas if skip_untouched and all_untouched(project, k)]
    graded = tuple(k for k in katas if k not in untouched)
    with grading_progress(len(graded), enabled=text) as on_progress:
        report = grade(
            project,
            root,
            graded,
            use_cache=not arguments.no_cache,
            progress=on_progress,
            jobs=arguments.jobs,
        )
    if learners_own:
        progress.record(report)
        progress.forget([kata.slug for kata in untouched])
        progress.save()
    if text:
        if report.katas:
            render_report(
                console, report, project.catalog, focus=learners_own and not arguments.slugs
            )
        if untouched:
            show_not_started(console, project, progress, untouched)
        if learners_own:
            finale(console, project, progress)
    else:
        print(json.dumps(report.to_json(), indent=2))
    return EXIT_SOLVED if report.all_solved else EXIT_UNSOLVED


def run_drill(arguments: argparse.Namespace, project: Project) -> int:
    questions = load_questions(project)
    state = DrillState.load(project)
    round_ = choose_round(
        questions,
        state,
        count=arguments.count,
        seed=arguments.seed,
        track=arguments.track,
        topic=arguments.topic,
    )
    if not round_:
        raise UsageError("no drill question matches that track or topic")
    scripted: list[int] | None = arguments.answers
    if scripted is not None and len(scripted) < len(round_):
        raise UsageError(f"--answers gives {len(scripted)} answers for {len(round_)} questions")
    text = arguments.format == "text"
    console = Console(quiet=not text)

    def ask(number: int, total: int, question: Question, options: list[Option]) -> int:
        console.rule(f"{number} / {total} · {question.topic}")
        console.print(f"[bold]{escape(question.question)}[/]")
        for index, option in enumerate(options, start=1):
            console.print(f"  [bold]{index}[/]. {escape(option.text)}")
        if scripted is not None:
            return scripted[number - 1] - 1
        return read_choice(console)

    def tell(answer: Answer, number: int, total: int) -> None:
        state.record(answer.question, answer.right)
        verdict = "[green]✔ right[/]" if answer.right else "[red]✘ not the best[/]"
        best = next(i for i, o in enumerate(answer.options, start=1) if o.best)
        console.print(f"{verdict}: the best answer is {best}.")
        console.print(f"  [bold]Why:[/] {escape(answer.question.best.why)}")
        console.print(f"  [bold]Its structure:[/] {escape(answer.question.chain)}")
        for index, option in enumerate(answer.options, start=1):
            if not option.best:
                console.print(f"  {index} misses: {escape(option.why)}")

    answers = play(round_, ask, tell)
    state.save()
    score = sum(answer.right for answer in answers)
    console.print(f"\n[bold]Score: {score} / {len(answers)}[/]")
    if state.missed:
        console.print("Missed questions come back first next time.")
    if not text:
        result = {"score": score, "total": len(answers), "answers": [a.to_json() for a in answers]}
        print(json.dumps(result, indent=2))
    return EXIT_SOLVED


def read_choice(console: Console) -> int:
    """One keypress 1-4 in a terminal (no Enter), else a line with the number."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline().strip()
        if line not in ("1", "2", "3", "4"):
            raise UsageError("answer with a number from 1 to 4, or pass --answers")
        return int(line) - 1
    descriptor = sys.stdin.fileno()
    saved = termios.tcgetattr(descriptor)
    try:
        tty.setcbreak(descriptor)
        while True:
            console.print("your answer (1-4): ", end="", highlight=False)
            key = sys.stdin.read(1)
            console.print(key, highlight=False)
            if key in ("1", "2", "3", "4"):
                return int(key) - 1
            if key in ("q", "\x04", ""):
                raise KeyboardInterrupt
    finally:
        termios.tcsetattr(descriptor, termios.TCSADRAIN, saved)


def run_hint(arguments: argparse.Namespace, project: Project) -> int:
    kata = project.catalog.get(arguments.slug)
    failing: list[int] = [1]
    if not all_untouched(project, kata):  # graded (or from the cache): the failing rules
        report = grade(project, project.katas_dir, (kata,))
        failing = sorted(
            {rule for check in report.katas[0].failing_checks() for rule in check.rules}
        )
    show_hint(output_console(), project, kata.slug, again=arguments.again, failing_rules=failing)
    return EXIT_SOLVED


def run_list(arguments: argparse.Namespace, project: Project) -> int:
    if arguments.regrade:
        katas = project.catalog.katas
        with grading_progress(len(katas), enabled=True) as progress_bar:
            report = grade(project, project.katas_dir, katas, progress=progress_bar)
        progress = Progress.load(project)
        progress.record(report)
        progress.save()
    show_list(output_console(), project, arguments.track, arguments.status)
    return EXIT_SOLVED


def run_reset(arguments: argparse.Namespace, project: Project) -> int:
    confirm = (lambda question: True) if arguments.yes else terminal_confirm
    if arguments.restore:
        restore_backup(output_console(), project, arguments.slug, confirm=confirm)
    else:
        reset_kata(output_console(), project, arguments.slug, confirm=confirm)
    return EXIT_SOLVED


def run_explain(arguments: argparse.Namespace, project: Project) -> int:
    kata = project.catalog.get(arguments.slug)
    report = grade(project, project.katas_dir, (kata,))
    progress = Progress.load(project)
    progress.record(report)
    progress.save()
    pause = wait_for_enter if sys.stdin.isatty() else None
    explain(
        output_console(),
        project,
        kata,
        report.all_solved,
        with_solution=arguments.solution,
        pause=pause,
    )
    return EXIT_SOLVED if report.all_solved else EXIT_UNSOLVED


def wait_for_enter() -> None:
    input()


def run_watch_command(arguments: argparse.Namespace, project: Project) -> int:
    return run_watch(project, output_console(), slug=arguments.slug, poll=arguments.poll)


def run_grade(arguments: argparse.Namespace, project: Project) -> int:
    """Exit 0 when every readable submission was graded (flags and unreadable zips are in the
    exports), 1 when some submission could not be graded, 2 when the run itself failed."""
    if arguments.gradescope and len(arguments.submissions) != 1:
        raise UsageError("--gradescope writes the results of exactly one submission")
    plan = containment.probe()
    if not plan.contained and not arguments.unsafe:
        raise UsageError(
            "the kernel refuses namespaces here and the grader is not root, so students' code "
            "could not be contained; grade as root or where namespaces are allowed, or pass "
            "--unsafe to grade uncontained (docs/classroom.md)"
        )
    katas = project.catalog.katas
    with grading_progress(len(katas) * len(arguments.submissions), enabled=True) as on_progress:
        grades = grade_submissions(
            project,
            arguments.submissions,
            katas,
            progress=on_progress,
            shard=arguments.shard,
            jobs=arguments.jobs,
        )
    outputs: list[tuple[Path | None, Callable[[], str], str]] = [
        (arguments.json, lambda: json.dumps(combined_json(grades), indent=2), "utf-8"),
        (arguments.csv, lambda: gradebook_csv(grades, katas), GRADEBOOK_ENCODING),
        (
            arguments.gradescope,
            lambda: json.dumps(gradescope_results(grades[0]), indent=2),
            "utf-8",
        ),
    ]
    for path, render, encoding in outputs:
        if path is not None:
            path.write_text(render(), encoding=encoding)
    console = output_console()
    console.print(plan.describe(), style="dim")
    for graded in grades:
        score = f"{graded.report.to_json()['score']:g}" if graded.report else "not graded"
        flags = f" · {len(graded.flags)} flags, to review" if graded.flags else ""
        console.print(f"{escape(graded.id)}: {score}{flags}")
        for flag in graded.flags:
            console.print(f"    [yellow]flag[/] {escape(flag)}")
    readable = [
        g for g in grades if not any(f.startswith("not graded: the grader") for f in g.flags)
    ]
    return EXIT_SOLVED if len(readable) == len(grades) else EXIT_UNSOLVED


def run_merge(arguments: argparse.Namespace, project: Project) -> int:
    documents = []
    for path in arguments.reports:
        try:
            documents.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as error:
            raise UsageError(f"{path}: not readable JSON ({error})") from None
    try:
        grades = merge_documents(documents)
    except (ValueError, KeyError, TypeError) as error:
        raise UsageError(f"cannot merge: {error}") from None
    if arguments.json:
        arguments.json.write_text(json.dumps(combined_json(grades), indent=2), encoding="utf-8")
    if arguments.csv:
        arguments.csv.write_text(
            gradebook_csv(grades, project.catalog.katas), encoding=GRADEBOOK_ENCODING
        )
    output_console().print(f"merged {len(grades)} submissions from {len(documents)} shards")
    return EXIT_SOLVED


def run_bundle(arguments: argparse.Namespace, project: Project) -> int:
    archive = write_gradescope_bundle(project, arguments.directory)
    output_console().print(
        f"wrote {arguments.directory} and {archive}: upload the zip to Gradescope"
    )
    return EXIT_SOLVED


def run_summary(arguments: argparse.Namespace, project: Project) -> int:
    print(markdown_summary_file(arguments.report), end="")
    return EXIT_SOLVED


def run_stubs(arguments: argparse.Namespace, project: Project) -> int:
    path = write_stub_hashes(project)
    output_console().print(f"wrote {path.relative_to(project.root)}")
    return EXIT_SOLVED


def run_verify(arguments: argparse.Namespace, project: Project) -> int:
    console = output_console()
    katas = project.catalog.select(arguments.slugs)
    problems = [] if arguments.slugs else catalog_problems(project)
    for problem in problems:
        console.print(f"[red]✘[/] catalog: {problem}")
    with grading_progress(len(katas) * 4, enabled=True) as progress:
        verification = verify(project, katas, progress)
    for kata in katas:
        found = verification.problems(kata.slug)
        variants = len(verification.variants.get(kata.slug, []))
        if found:
            console.print(f"[red]✘ {kata.slug}[/]")
        else:
            console.print(
                f"[green]✔ {kata.slug}[/]: stub fails, solution passes, "
                f"{variants} wrong variants rejected, every rule checked"
            )
        console.print(rule_table(verification.rule_tables.get(kata.slug, [])))
        for problem in found:
            console.print(f"    {escape(problem)}", soft_wrap=True)
        problems.extend(found)
    write_timings(
        project,
        {slug: result.elapsed for slug, result in verification.solutions.items() if result.solved},
    )
    graded = {
        k.slug: verification.stub_passes(k.slug) for k in katas if k.slug in verification.stubs
    }
    if write_stub_checks(project, graded):
        console.print(f"updated {STUB_CHECKS_FILE} (checks the untouched stubs pass earn nothing)")
    return EXIT_UNSOLVED if problems else EXIT_SOLVED


def rule_table(rows: list[RuleRow]) -> Table:
    """Rule → the checks enforcing it → the variants breaking it (✔ rejected by one of them)."""
    table = Table(box=None, padding=(0, 1), show_edge=False)
    table.add_column("rule", justify="right")
    table.add_column("checks")
    table.add_column("wrong variants")
    for row in rows:
        variants = ", ".join(
            f"{'[green]✔[/]' if rejected else '[red]✘[/]'} {escape(name)}"
            for name, rejected in row.variants
        )
        table.add_row(
            str(row.rule),
            escape(", ".join(row.checks)) or "[red]none[/]",
            variants or "[red]none[/]",
        )
    return table


def run_variant(arguments: argparse.Namespace, project: Project) -> int:
    kata = project.catalog.get(arguments.slug)
    kind = "mutants" if arguments.mutant else "wrong"
    if arguments.mutant and kata.target_file is None:
        raise UsageError(f"{kata.slug} has no module under test: its learner writes no tests")
    wrong_dir = project.checks_dir(kata.slug) / kind
    if arguments.print:
        name = Path(arguments.source).name
        variant = read_variant(
            wrong_dir / (name if name.endswith(VARIANT_SUFFIX) else name + VARIANT_SUFFIX)
        )
        solution = (project.solutions_dir / variant.target).read_text(encoding="utf-8")
        sys.stdout.write(variant.apply(solution))
        return EXIT_SOLVED
    source = Path(arguments.source)
    files = [kata.target_file] if arguments.mutant and kata.target_file else kata.files
    target = next((n for n in files if Path(n).suffix == source.suffix), None)
    if target is None:
        raise UsageError(f"{kata.slug} has no {source.suffix} file for {source.name}")
    solution = (project.solutions_dir / target).read_text(encoding="utf-8")
    text = variant_from_module(source.read_text(encoding="utf-8"), solution, target, kind)
    stem = source.stem if source.suffix == ".py" else f"{source.stem}_pyi"
    destination = wrong_dir / f"{stem}{VARIANT_SUFFIX}"
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(text, encoding="utf-8")
    output_console().print(f"wrote {destination.relative_to(project.root)}")
    return EXIT_SOLVED


def run_new(arguments: argparse.Namespace, project: Project) -> int:
    created = new_kata(project, arguments.slug, arguments.track)
    created.append(write_stub_hashes(project))
    console = output_console()
    for path in created:
        console.print(f"wrote {path.relative_to(project.root)}")
    console.print(f"Next: fill them in (docs/authoring.md), then `kata verify {arguments.slug}`.")
    return EXIT_SOLVED


@contextmanager
def grading_progress(total: int, *, enabled: bool) -> Iterator[Callable[[Kata, str], None]]:
    """A progress bar on stderr while grading, only when stderr is a terminal."""
    console = Console(stderr=True)
    if not (enabled and console.is_terminal):
        yield lambda kata, event: None
        return
    columns = (
        TextColumn("grading"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
    )
    with ProgressBar(*columns, console=console, transient=True) as bar:
        task = bar.add_task("", total=total)

        def advance(kata: Kata, event: str) -> None:
            if event == "started":
                bar.update(task, description=kata.slug)
            else:
                bar.advance(task)

        yield advance


if __name__ == "__main__":
    sys.exit(main())
