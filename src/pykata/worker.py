"""The grading worker: pays Python and pytest start-up once, then forks one child per kata.

Run as ``python -I -m pykata.worker`` with a job (JSON) on stdin. The job lists units: one
pytest run each (a kata's checks, or a learner's tests against one mutant). Each unit runs in a
forked child in its own process group, with resource limits, no network and its output sent to
a file, so a unit that hangs, exits or eats memory affects only its own result. The worker
writes JSON lines to stdout: ``{"id", "event": "started"}``, then ``{"id", "event": "finished",
"exit": int, "timed_out": bool}``. What the checks did travels line by line over a pipe to the
worker, which alone writes ``results/<id>.jsonl``, so a crash keeps everything reported before
it and the unit's code cannot write the results file. Each child is contained by the kernel
(``pykata.containment``) before it imports the learner's code.
"""

from __future__ import annotations

import contextlib
import faulthandler
import functools
import gc
import importlib
import json
import math
import os
import select
import shutil
import signal
import socket
import sys
import time
import traceback
import types
from collections import deque
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TextIO

import pytest

from pykata import containment, sentinel
from pykata.containment import Containment
from pykata.failures import describe_exception
from pykata.kata_package import install_kata_package
from pykata.limits import IMPORT_CPU_SECONDS, PRELOAD_THRESHOLD

PRELOADED_MODULES = (
    "asyncio",
    "hypothesis",
    "pytest_asyncio",
    "pytest_asyncio.plugin",
    "_hypothesis_pytestplugin",
    "pykata.pytest_plugin",
    "unittest.mock",
    "sqlalchemy",
    "sqlalchemy.orm",
    "sqlalchemy.ext.asyncio",
    "fastapi",
    "httpx",
)

Record = dict[str, Any]
GRADER_PID = "PYKATA_GRADER_PID"  # the worker dies with the grader that started it
IMPORT_BUDGET_EXIT = 87  # the unit's exit status when the import ran out of CPU time


def _emit_record(sink: TextIO, record: Record, dumps: Any = json.dumps) -> None:
    sink.write(dumps(record) + "\n")
    sink.flush()


class Recorder:
    """pytest plugin writing one record per test as soon as the test ends.

    Built before the learner's module is imported, it holds what it writes with as instance
    attributes bound then, so patching this class or this module afterwards changes nothing;
    :func:`tampered_with` tells whether someone tried.
    """

    def __init__(self, sink: TextIO, learner_dir: Path) -> None:
        self.write = functools.partial(_emit_record, sink)
        self.learner_dir = learner_dir
        self.messages: dict[str, str] = {}
        self.outcomes: dict[str, str] = {}
        self.durations: dict[str, float] = {}

    def hooks(self) -> types.SimpleNamespace:
        """The hook methods, bound now: what pytest calls even if the class is patched later."""
        return types.SimpleNamespace(
            **{name: getattr(self, name) for name in dir(type(self)) if name.startswith("pytest_")}
        )

    def pytest_runtest_logstart(self, nodeid: str) -> None:
        self.write({"kind": "begin", "nodeid": nodeid})

    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> None:
        failure = call.excinfo
        if failure is None or item.nodeid in self.messages:
            return
        if not isinstance(failure.value, pytest.skip.Exception):
            self.messages[item.nodeid] = describe_exception(failure.value, self.learner_dir)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        previous = self.outcomes.get(report.nodeid, "passed")
        if report.failed or previous == "failed":
            self.outcomes[report.nodeid] = "failed"
        elif report.skipped:
            self.outcomes[report.nodeid] = "skipped"
        self.durations[report.nodeid] = self.durations.get(report.nodeid, 0.0) + report.duration
        if report.when == "teardown":
            self.write(
                {
                    "kind": "test",
                    "nodeid": report.nodeid,
                    "outcome": self.outcomes.get(report.nodeid, "passed"),
                    "message": self.messages.get(report.nodeid, ""),
                    "duration": self.durations[report.nodeid],
                }
            )

    @pytest.hookimpl(trylast=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> None:
        """Finalize what the check left unreachable while the check is still the current one,
        so a coroutine never awaited (or a file never closed) in a reference cycle fails this
        check, not the end of the session."""
        gc.collect()

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            lines = [ln[2:] for ln in report.longreprtext.splitlines() if ln.startswith("E ")]
            self.write({"kind": "collect_error", "message": "\n".join(lines[-8:])})


def grader_snapshot() -> dict[str, int]:
    """Identities of this module's and the recorder class's attributes."""
    module = sys.modules[__name__]
    snapshot = {f"module.{k}": id(v) for k, v in vars(module).items()}
    snapshot.update({f"Recorder.{k}": id(v) for k, v in vars(Recorder).items()})
    return snapshot


def tampered_with(before: dict[str, int]) -> list[str]:
    after = grader_snapshot()
    return sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))


def run_unit(job: dict[str, Any], unit: dict[str, Any], sink: TextIO) -> int:
    """In the forked child: import the learner's module, then run the unit's checks."""
    learner_dir = Path(unit["katas_dir"])
    recorder = Recorder(sink, learner_dir)
    hooks = recorder.hooks()
    snapshot = grader_snapshot()
    install_kata_package(learner_dir)
    for name in unit.get("preimport", []):  # the module under test, before the sentinel
        importlib.import_module(name)
    sentinel.install(
        [Path(path) for path in unit.get("learner_files", [])],
        [Path(path) for path in [*job.get("hidden", []), *unit.get("hidden", [])]],
        lambda reason: recorder.write({"kind": "refused", "reason": reason}),
    )
    if unit["import_learner"] and not _import_with_cpu_budget(unit, recorder):
        return 0
    recorder.write({"kind": "imported"})
    tests = unit["tests"] if isinstance(unit["tests"], list) else [unit["tests"]]
    arguments = [
        *tests,
        "-c", job["pytest_config"],
        "--rootdir", job["stage"],
        "-q", "--tb=short", "--no-header",
        "-p", "no:cacheprovider",
        "-p", "pytest_asyncio.plugin",
        "-p", "_hypothesis_pytestplugin",
        "-p", "pykata.pytest_plugin",
        "--kata-root", str(learner_dir),
        *(part for rule in unit.get("warning_filters", []) for part in ("-W", rule)),
    ]  # fmt: skip
    plugins: list[object] = [hooks]
    if unit.get("learner_files") and not unit["import_learner"]:  # the learner wrote the tests
        plugins.append(CollectionBudget())
    exit_code = int(pytest.main(arguments, plugins=plugins))
    for name in tampered_with(snapshot):
        recorder.write({"kind": "refused", "reason": f"the grader's {name} was patched"})
    recorder.write({"kind": "done", "exit": exit_code})
    return exit_code


def materialize(unit: dict[str, Any]) -> None:
    """Put a run's files at the unit's fixed path (the same for every run of a kata)."""
    files: dict[str, str] = unit.get("files", {})
    if not files:
        return
    directory = Path(unit["katas_dir"])
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    for name, source in files.items():
        shutil.copyfile(source, directory / name)


@contextlib.contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    """Allow the code inside at most ``seconds`` more CPU time: past it the kernel sends
    SIGXCPU, and the process exits with IMPORT_BUDGET_EXIT. CPU time, unlike wall time, does
    not stretch when the machine is busy, so a busy loop at import is found in seconds and
    nothing else is. (A handler is needed: as the first process of its PID namespace, the
    unit would ignore SIGXCPU's default action.)"""
    import resource

    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = used.ru_utime + used.ru_stime
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    budget = math.ceil(spent + seconds)
    previous = signal.signal(signal.SIGXCPU, lambda number, frame: os._exit(IMPORT_BUDGET_EXIT))
    resource.setrlimit(resource.RLIMIT_CPU, (budget if hard < 0 else min(budget, hard), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))
        signal.signal(signal.SIGXCPU, previous)


class CollectionBudget:
    """The learner's test module is imported while pytest collects: the same CPU budget as
    an import, so tests that spin at import cost seconds, not the unit's whole limit."""

    @pytest.hookimpl(wrapper=True)
    def pytest_collection(self, session: pytest.Session) -> Generator[None, object, object]:
        with cpu_budget(IMPORT_CPU_SECONDS):
            return (yield)


def _import_with_cpu_budget(unit: dict[str, Any], recorder: Recorder) -> bool:
    with cpu_budget(IMPORT_CPU_SECONDS):
        return _import_learner_module(unit, recorder)


def _import_learner_module(unit: dict[str, Any], recorder: Recorder) -> bool:
    """Import ``katas.<slug>`` and check the names the checks need; report what went wrong."""
    slug = unit["slug"]
    try:
        module = importlib.import_module(f"katas.{slug}")
    except SystemExit as exit_request:
        message = (
            f"katas/{slug}.py called sys.exit({exit_request.code!r}) while being imported: "
            "code at module level runs on import; move it into a function"
        )
        recorder.write({"kind": "import_error", "status": "crashed", "message": message})
        return False
    except BaseException as error:
        message = describe_exception(error, recorder.learner_dir)
        recorder.write({"kind": "import_error", "status": "error", "message": message})
        return False
    missing = [name for name in unit["imports"] if not hasattr(module, name)]
    if missing:
        names = ", ".join(f"`{name}`" for name in missing)
        message = (
            f"katas/{slug}.py does not define {names}: the checks import these names "
            "(the module docstring describes them)"
        )
        recorder.write({"kind": "import_error", "status": "error", "message": message})
        return False
    return True


def _refuse_network() -> None:
    """Checks never need the network: connecting anywhere but a local socket fails fast."""
    original_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise ConnectionRefusedError("network access is disabled while grading")
        original_connect(self, address)

    def getaddrinfo(*args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror("network access is disabled while grading")

    socket.socket.connect = connect  # type: ignore[method-assign,assignment]
    socket.getaddrinfo = getaddrinfo


def child_main(
    job: dict[str, Any],
    unit: dict[str, Any],
    channel: int,
    slot: int,
    worker: int,
    slot_locks: list[int],
) -> None:
    """In the forked child: contain this process, then run the unit, reporting on ``channel``.

    The verdict channel is a pipe the worker reads; the unit never writes a results file.
    """
    os.setpgid(0, 0)
    containment.die_with_parent(worker)
    containment.release_locks(slot_locks)
    _no_core_dumps()
    results = Path(job["stage"]) / "results"
    output = os.open(results / f"{unit['id']}.out", os.O_WRONLY | os.O_CREAT, 0o600)
    status = 0
    try:
        stage = Path(job["stage"])
        containment.enter(
            Containment(**job["containment"]),
            stage,
            writable=[stage / "home", stage / "tmp"],
            slot=slot,
        )
        _limit_resources(int(unit["memory_mb"]) * 1024**2)
        if not job["containment"]["namespaces"]:
            _refuse_network()
        os.dup2(output, 1)
        os.dup2(output, 2)
        # Just before the limit, every thread's stack goes to the output (on a descriptor of
        # its own: pytest captures 1 and 2): the timeout message then names the learner's line.
        dumps = os.fdopen(output, "w")
        faulthandler.dump_traceback_later(
            max(float(unit["timeout"]) - 1.0, 0.5), exit=False, file=dumps
        )
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        with os.fdopen(channel, "w", encoding="utf-8") as sink:
            run_unit(job, unit, sink)
    except BaseException:
        traceback.print_exc()  # lands in the unit's output file, shown with the crash
        status = 3
    finally:
        os._exit(status)


def _no_core_dumps() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _limit_resources(memory_limit: int) -> None:
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)  # core dumps: _no_core_dumps
    capped = memory_limit if hard == resource.RLIM_INFINITY else min(memory_limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (capped, hard))


@dataclass
class Running:
    """One unit's child and what the worker knows of it."""

    unit: dict[str, Any]
    pid: int
    slot: int
    channel: int
    records: BinaryIO
    deadline: float
    started: float

    def copy_available(self) -> None:
        """Copy what the channel holds now into the unit's records file."""
        while True:
            try:
                chunk = os.read(self.channel, 65536)
            except BlockingIOError:
                return
            if not chunk:
                return
            self.records.write(chunk)
            self.records.flush()


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _preload() -> None:
    """Import the heavy libraries and pytest's own plugins once, before forking, so each unit
    starts warm."""
    from _pytest.config import default_plugins

    names = [*PRELOADED_MODULES, *(f"_pytest.{name}" for name in default_plugins)]
    for name in names:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def _freeze_heap() -> None:
    """Move every object the worker holds now out of the collector's sight: each check's
    teardown collects garbage, and without this every collection would walk the preloaded
    libraries again (tens of milliseconds per check). The units only add their own objects."""
    gc.collect()
    gc.freeze()


def emit(record: Record) -> None:
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


class Scheduler:
    """Runs the job's units on ``jobs`` slots at once. The units of one group (a kata's runs)
    run one after another in order; when the group's first unit (the probe: the kata's import,
    or the learner's tests on the correct module) times out or crashes, the rest are skipped,
    so a hang is paid once per kata. Events go to stdout as units start and finish; the
    grader orders the results, so what finishes first does not matter."""

    def __init__(self, job: dict[str, Any]) -> None:
        self.job = job
        self.plan = Containment(**job["containment"])
        self.results = Path(job["stage"]) / "results"
        self.groups: dict[str, deque[dict[str, Any]]] = {}
        for unit in job["units"]:
            self.groups.setdefault(unit.get("group", unit["id"]), deque()).append(unit)
        self.free_slots, self.slot_locks = containment.claim_slots(max(1, int(job.get("jobs", 1))))
        self.running: dict[int, Running] = {}
        self.busy_groups: set[str] = set()

    def run(self) -> None:
        while self.groups or self.running:
            self._start_ready()
            self._wait()
            self._reap()

    def _start_ready(self) -> None:
        for group in list(self.groups):
            if not self.free_slots:
                return
            if group in self.busy_groups:
                continue
            unit = self.groups[group].popleft()
            if not self.groups[group]:
                del self.groups[group]
            self._start(unit, group, self.free_slots.pop(0))

    def _start(self, unit: dict[str, Any], group: str, slot: int) -> None:
        emit({"id": unit["id"], "event": "started"})
        materialize(unit)
        reader, writer = os.pipe()
        worker = os.getpid()
        pid = os.fork()
        if pid == 0:
            os.close(reader)
            child_main(self.job, unit, writer, slot, worker, self.slot_locks)
        os.close(writer)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.setpgid(pid, pid)  # also done by the child: whichever runs first wins the race
        os.set_blocking(reader, False)
        now = time.monotonic()
        self.running[pid] = Running(
            unit,
            pid,
            slot,
            reader,
            (self.results / f"{unit['id']}.jsonl").open("ab"),
            now + float(unit["timeout"]),
            now,
        )
        self.busy_groups.add(group)

    def _wait(self) -> None:
        if not self.running:
            return
        now = time.monotonic()
        soonest = min(running.deadline for running in self.running.values())
        channels = [r.channel for r in self.running.values()]
        select.select(channels, [], [], min(max(soonest - now, 0.0), 0.05))
        for running in self.running.values():
            running.copy_available()

    def _reap(self) -> None:
        now = time.monotonic()
        for pid, running in list(self.running.items()):
            finished, status = os.waitpid(pid, os.WNOHANG)
            timed_out = not finished and now >= running.deadline
            if not (finished or timed_out):
                continue
            _kill_group(pid)
            if not finished:
                _pid, status = os.waitpid(pid, 0)
            running.copy_available()
            os.close(running.channel)
            running.records.close()
            containment.kill_unit_processes(self.plan, running.slot)
            del self.running[pid]
            self.free_slots.append(running.slot)
            self.free_slots.sort()
            exit_code = os.waitstatus_to_exitcode(status)
            in_import = exit_code == IMPORT_BUDGET_EXIT  # the import's CPU budget ran out
            timed_out = timed_out or in_import
            unit = running.unit
            group = unit.get("group", unit["id"])
            self.busy_groups.discard(group)
            emit(
                {
                    "id": unit["id"],
                    "event": "finished",
                    "exit": exit_code,
                    "timed_out": timed_out,
                    "in_import": in_import,
                    "limit": IMPORT_CPU_SECONDS if in_import else unit["timeout"],
                    "elapsed": round(time.monotonic() - running.started, 3),
                }
            )
            if unit.get("probe") and (timed_out or exit_code != 0):
                self._skip_rest(group)

    def _skip_rest(self, group: str) -> None:
        for unit in self.groups.pop(group, deque()):
            emit({"id": unit["id"], "event": "started"})
            emit({"id": unit["id"], "event": "finished", "exit": 0, "timed_out": False,
                  "skipped": True, "elapsed": 0.0})  # fmt: skip


def main() -> None:
    containment.die_with_parent(int(os.environ.get(GRADER_PID, "0")) or None)
    job = json.loads(sys.stdin.read())
    if len(job["units"]) > PRELOAD_THRESHOLD:
        _preload()
    _freeze_heap()
    sys.dont_write_bytecode = True
    Scheduler(job).run()


if __name__ == "__main__":
    main()
