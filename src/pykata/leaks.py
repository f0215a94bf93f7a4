"""The leak guard: a check fails when the code it ran leaves something running or open.

``with no_leaks(): ...`` (or ``async with no_leaks(): ...`` inside a coroutine) compares what
exists before and after the block: threads, child processes, asyncio tasks, open files and
sockets, and database connections checked out of a SQLAlchemy pool. Anything created inside
the block and still alive at its end fails the check with an ``AssertionError`` naming it.
Threads get a short grace period to finish (a correct ``join`` needs none); everything else is
judged at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any

THREAD_GRACE_SECONDS = 2.0
# Threads that belong to the event loop or the web framework, not to the code under test: the
# loop's default executor, and AnyIO's worker threads (FastAPI's sync endpoints), which idle
# for a while after a request by design.
OWNED_THREAD_PREFIXES = ("asyncio_", "AnyIO worker thread")


class no_leaks:  # lowercase: it reads like a function, ``with no_leaks():``
    """Fail when the block leaves threads, processes, tasks, files, sockets or connections."""

    def __init__(self, *, ignore_threads: tuple[str, ...] = ()) -> None:
        self.ignore_threads = (*OWNED_THREAD_PREFIXES, *ignore_threads)
        self._threads: set[threading.Thread] = set()
        self._children: set[int] = set()
        self._descriptors: dict[int, str] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._connections = _CheckedOutConnections()

    def __enter__(self) -> no_leaks:
        self._threads = set(threading.enumerate())
        self._children = _child_pids()
        self._descriptors = _open_descriptors()
        self._tasks = _running_tasks()
        self._connections.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        leaks = self.leaks()
        if leaks and kind is None:
            raise AssertionError("left behind after the call: " + "; ".join(leaks))

    async def __aenter__(self) -> no_leaks:
        return self.__enter__()

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.__exit__(kind, error, traceback)

    def leaks(self) -> list[str]:
        """What the block left behind, each described for the learner. Processes are looked at
        first: the threads' grace period could otherwise let a pool reap its workers."""
        found = [f"child process {pid} still running" for pid in _child_pids() - self._children]
        found += [
            f"asyncio task {task.get_name()} ({_coroutine_name(task)}) still pending"
            for task in _running_tasks() - self._tasks
            if not task.done()
        ]
        found += [
            f"{_describe_target(target)} still open"
            for fd, target in _open_descriptors().items()
            if self._descriptors.get(fd) != target
        ]
        found += self._connections.stop()
        return found + self._leaked_threads()

    def _leaked_threads(self) -> list[str]:
        deadline = time.monotonic() + THREAD_GRACE_SECONDS
        alive = []
        for thread in set(threading.enumerate()) - self._threads:
            if thread.name.startswith(self.ignore_threads):
                continue
            thread.join(max(0.0, deadline - time.monotonic()))
            if thread.is_alive():
                alive.append(f"thread {thread.name!r} still running")
        return sorted(alive)


def _running_tasks() -> set[asyncio.Task[Any]]:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return set()
    return set(asyncio.all_tasks())


def _coroutine_name(task: asyncio.Task[Any]) -> str:
    coroutine = task.get_coro()
    return getattr(coroutine, "__qualname__", type(coroutine).__name__)


def _child_pids() -> set[int]:
    children: set[int] = set()
    with contextlib.suppress(OSError):
        for task in Path("/proc/self/task").iterdir():
            with contextlib.suppress(OSError):
                text = (task / "children").read_text()
                children |= {int(pid) for pid in text.split()}
    return {pid for pid in children if _is_running(pid)}


def _is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _open_descriptors() -> dict[int, str]:
    found: dict[int, str] = {}
    with contextlib.suppress(OSError):
        for entry in os.scandir("/proc/self/fd"):
            with contextlib.suppress(OSError):
                found[int(entry.name)] = os.readlink(entry.path)
    return {fd: target for fd, target in found.items() if _is_resource(target)}


def _is_resource(target: str) -> bool:
    """Files and sockets; not the descriptor listing itself, pipes or event objects."""
    if target.startswith("/proc/") or target.startswith("anon_inode:"):
        return False
    return target.startswith(("/", "socket:"))


def _describe_target(target: str) -> str:
    return "a socket" if target.startswith("socket:") else f"file {target}"


class _CheckedOutConnections:
    """Database connections taken from any SQLAlchemy pool during the block and never returned."""

    def __init__(self) -> None:
        self._out: dict[int, str] = {}
        self._listening = False

    def start(self) -> None:
        try:
            from sqlalchemy import event
            from sqlalchemy.pool import Pool
        except ImportError:  # pragma: no cover - sqlalchemy is a dependency of the project
            return
        event.listen(Pool, "checkout", self._checkout)
        event.listen(Pool, "checkin", self._checkin)
        self._listening = True

    def stop(self) -> list[str]:
        if not self._listening:
            return []
        from sqlalchemy import event
        from sqlalchemy.pool import Pool

        event.remove(Pool, "checkout", self._checkout)
        event.remove(Pool, "checkin", self._checkin)
        self._listening = False
        return [
            f"database connection {name} checked out and never returned (close the session "
            "or connection)"
            for name in self._out.values()
        ]

    def _checkout(self, dbapi_connection: Any, record: Any, proxy: Any) -> None:
        self._out[id(record)] = f"#{len(self._out) + 1}"

    def _checkin(self, dbapi_connection: Any, record: Any) -> None:
        self._out.pop(id(record), None)
