"""Hidden pytest checks for the concurrency_choice kata: threads for I/O, processes for CPU.

Nothing here measures wall-clock time. Overlap is proven by counting calls in flight with a
threading.Barrier (it only opens when several calls wait at once), and completion order is
forced with events. Functions sent to worker processes come from the standard library, so
they can be pickled under any multiprocessing start method; the events and barriers that
worker processes share live in a multiprocessing manager (their proxies pickle too). Timeouts
only bound how long a wrong answer can hold a check up, except in the two "at most
max_workers" checks, where a correct answer waits HOLD_SECONDS for an extra call that must
never come.
"""

from __future__ import annotations

import functools
import math
import operator
import os
import threading
from collections.abc import Callable, Iterator
from multiprocessing.managers import SyncManager

import pytest

from katas.concurrency_choice import map_cpu, map_io
from pykata.leaks import no_leaks

# Long enough never to be reached by a correct solution on a loaded machine; it only bounds
# how long a wrong (serial) solution waits before its check fails.
PATIENCE_SECONDS = 5.0
# How long the first calls hold their worker in the max_workers checks (a correct solution
# spends exactly this long in each of them).
HOLD_SECONDS = 1.0
CPU_HOLD_SECONDS = 2.0  # a worker process takes longer to start than a thread
MAX_CPUS_CHECKED = 16  # on bigger machines, "one worker per CPU" is checked for 16 of them


@pytest.fixture(scope="module")
def manager() -> Iterator[SyncManager]:
    """Events and barriers that worker processes can share (through picklable proxies)."""
    with SyncManager() as started:
        yield started


def in_sequence(*calls: Callable[[], object]) -> Callable[[], list[object]]:
    """One picklable callable that makes the given calls in order (stdlib pieces only)."""
    return functools.partial(list, map(operator.call, calls))


class InFlight:
    """Counts calls running at the same time."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.peak = 0

    def enter(self) -> None:
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)

    def leave(self) -> None:
        with self.lock:
            self.now -= 1


# --- map_io ------------------------------------------------------------------------------------


@pytest.mark.rule(3, 6)
def test_map_io_returns_results_in_input_order() -> None:
    """map_io returns fn(item) for each item, in input order, for lists, generators and []"""
    assert map_io(str.upper, ["a", "b", "c"], max_workers=2) == ["A", "B", "C"], (
        "map_io(str.upper, ['a', 'b', 'c']) should be ['A', 'B', 'C']"
    )
    squares = map_io(lambda n: n * n, (n for n in range(20)), max_workers=4)
    assert squares == [n * n for n in range(20)], (
        f"map_io over a generator of 0..19 squared gave {squares}"
    )
    assert map_io(str, [], max_workers=2) == [], "map_io(fn, []) should be []"


@pytest.mark.rule(3)
def test_map_io_order_survives_reverse_completion() -> None:
    """results follow the input order even when the calls finish in reverse order"""
    count = 4
    finished = [threading.Event() for _ in range(count)]
    completion: list[int] = []

    def call(index: int) -> str:
        # Item i finishes only after item i + 1 has finished: completion order is 3, 2, 1, 0.
        if index + 1 < count and not finished[index + 1].wait(PATIENCE_SECONDS):
            raise TimeoutError(
                f"item {index} waited {PATIENCE_SECONDS}s for item {index + 1} to finish: "
                "the calls do not run concurrently"
            )
        completion.append(index)
        finished[index].set()
        return f"result {index}"

    results = map_io(call, range(count), max_workers=count)
    expected = [f"result {i}" for i in range(count)]
    assert results == expected, (
        f"the calls finished in the order {completion}; expected results in input order "
        f"{expected}, got {results}"
    )


@pytest.mark.rule(1)
@pytest.mark.parametrize("workers", [None, 3, 40])
def test_map_io_overlaps_blocking_calls(workers: int | None) -> None:
    """map_io runs max_workers blocking calls at the same time (8 by default, 40 if asked)"""
    parties = 8 if workers is None else workers
    in_flight = InFlight()
    barrier = threading.Barrier(parties, timeout=PATIENCE_SECONDS)

    def blocking_call(index: int) -> int:
        in_flight.enter()
        try:
            barrier.wait()  # opens only when `parties` calls are waiting at the same time
        except threading.BrokenBarrierError:
            return -1
        finally:
            in_flight.leave()
        return index

    items = range(2 * parties)
    if workers is None:
        results = map_io(blocking_call, items)
    else:
        results = map_io(blocking_call, items, max_workers=workers)
    assert -1 not in results, (
        f"expected {parties} blocking calls in flight at the same time (max_workers={parties}), "
        f"but at most {in_flight.peak} were: the calls ran one after another, or fewer "
        "threads than max_workers ran them"
    )
    assert results == list(items), f"expected results 0..{2 * parties - 1} in order, got {results}"


@pytest.mark.rule(4)
def test_map_io_respects_max_workers() -> None:
    """map_io never runs more than max_workers calls at the same time"""
    workers = 2
    in_flight = InFlight()
    exceeded = threading.Event()

    def call(index: int) -> int:
        in_flight.enter()
        try:
            if in_flight.peak > workers:
                exceeded.set()
            if index < workers:
                # Hold the first calls for a while: a helper that starts more than
                # `workers` calls at once shows it now (a correct one just waits).
                exceeded.wait(HOLD_SECONDS)
        finally:
            in_flight.leave()
        return index

    results = map_io(call, range(4 * workers), max_workers=workers)
    assert in_flight.peak <= workers, (
        f"with max_workers={workers}, {in_flight.peak} calls were in flight at the same time"
    )
    assert results == list(range(4 * workers)), f"expected results in input order, got {results}"


@pytest.mark.rule(5)
def test_map_io_raises_first_failure() -> None:
    """the exception of the first failing item (by input order) propagates unchanged"""
    item_two_started = threading.Event()

    def call(index: int) -> int:
        if index == 0:
            # Fail only after item 1 has failed and its worker moved on to item 2.
            item_two_started.wait(PATIENCE_SECONDS)
            raise ValueError("item 0 failed")
        if index == 1:
            raise LookupError("item 1 failed")
        item_two_started.set()
        return index

    try:
        results = map_io(call, [0, 1, 2], max_workers=2)
    except Exception as error:
        raised = (type(error), str(error))
    else:
        pytest.fail(f"items 0 and 1 fail, but map_io returned {results!r}")
    assert raised == (ValueError, "item 0 failed"), (
        "item 0 and item 1 both fail (item 1 first in time): expected item 0's "
        f"ValueError('item 0 failed') to propagate as is, got {raised[0].__name__}: {raised[1]}"
    )


# --- map_cpu -----------------------------------------------------------------------------------


@pytest.mark.rule(3, 6, 8)
def test_map_cpu_returns_results_in_input_order() -> None:
    """map_cpu returns fn(item) for each item, in input order, for lists, generators and []"""
    numbers = [20, 3, 0, 12, 7, 1]
    got = map_cpu(math.factorial, numbers, max_workers=2)
    expected = [math.factorial(n) for n in numbers]
    assert got == expected, f"map_cpu(math.factorial, {numbers}) gave {got}, expected {expected}"
    got = map_cpu(abs, (n for n in range(-3, 3)), max_workers=2)
    assert got == [3, 2, 1, 0, 1, 2], f"map_cpu(abs, generator of -3..2) gave {got}"
    assert map_cpu(abs, [], max_workers=2) == [], "map_cpu(fn, []) should be []"


@pytest.mark.rule(3)
def test_map_cpu_order_survives_reverse_completion(manager: SyncManager) -> None:
    """map_cpu returns results in input order even when the calls finish in reverse order"""
    count = 3
    finished = [manager.Event() for _ in range(count)]
    # Item i waits until item i + 1 has finished, then finishes: completion order is 2, 1, 0.
    calls = [
        in_sequence(
            *([functools.partial(finished[i + 1].wait, PATIENCE_SECONDS)] if i + 1 < count else []),
            finished[i].set,
            functools.partial(str, f"result {i}"),
        )
        for i in range(count)
    ]
    results = [steps[-1] for steps in map_cpu(operator.call, calls, max_workers=count)]
    expected = [f"result {i}" for i in range(count)]
    assert results == expected, (
        f"the calls finished in reverse order; expected results in input order {expected}, "
        f"got {results}"
    )


@pytest.mark.rule(2)
def test_map_cpu_runs_in_other_processes() -> None:
    """map_cpu runs the calls in worker processes (their pids differ from this process)"""
    # operator.call(os.getpid) runs os.getpid() wherever the call happens.
    for count in (4, 1):
        pids = map_cpu(operator.call, [os.getpid] * count, max_workers=2)
        assert len(pids) == count, f"expected {count} results, got {pids}"
        assert os.getpid() not in pids, (
            f"with {count} item(s), the calls reported pid {os.getpid()}, the pid of the "
            "calling process: CPU-bound work ran in this process (in threads, which share one "
            "GIL, or inline); always use worker processes"
        )


@pytest.mark.rule(5)
def test_map_cpu_raises_first_failure(manager: SyncManager) -> None:
    """map_cpu propagates the first failing item's exception (by input order) unchanged"""
    # With two workers, one is held by item 1 until item 5 has run; the other runs items 2 to
    # 5 in order, so item 3's failure is sent back before item 1 even starts failing.
    item_five_ran = manager.Event()
    calls = [
        functools.partial(int, "1"),
        in_sequence(
            functools.partial(item_five_ran.wait, PATIENCE_SECONDS), functools.partial(int, "x")
        ),
        functools.partial(int, "2"),
        functools.partial(int, "y"),
        functools.partial(int, "3"),
        item_five_ran.set,
    ]
    try:
        results = map_cpu(operator.call, calls, max_workers=2)
    except Exception as error:
        raised = (type(error), str(error))
    else:
        pytest.fail(f"items 1 and 3 fail, but map_cpu returned {results!r}")
    expected = (ValueError, "invalid literal for int() with base 10: 'x'")
    assert raised == expected, (
        "items 1 and 3 both fail (item 3 first in time): expected item 1's "
        f"ValueError({expected[1]!r}) to propagate as is, got {raised[0].__name__}: {raised[1]}"
    )


@pytest.mark.rule(2)
def test_map_cpu_runs_max_workers_calls_at_once(manager: SyncManager) -> None:
    """map_cpu runs max_workers calls in parallel: two calls meet at a barrier"""
    barrier = manager.Barrier(2)
    meet = functools.partial(barrier.wait, PATIENCE_SECONDS)
    try:
        arrivals = map_cpu(operator.call, [meet, meet], max_workers=2)
    except threading.BrokenBarrierError:
        pytest.fail(
            "with max_workers=2, two calls never ran at the same time (a barrier for two "
            "timed out): map_cpu ran them one after another"
        )
    assert sorted(arrivals) == [0, 1], f"expected the barrier's arrival indices, got {arrivals}"


@pytest.mark.rule(2)
def test_map_cpu_default_uses_every_cpu(manager: SyncManager) -> None:
    """map_cpu with max_workers=None runs one call per CPU at the same time"""
    # The CPUs this process may use (what ProcessPoolExecutor counts from Python 3.13 on).
    cpus = min(getattr(os, "process_cpu_count", os.cpu_count)() or 1, MAX_CPUS_CHECKED)
    if cpus < 2:
        pytest.skip("one CPU: nothing to run in parallel")
    barrier = manager.Barrier(cpus)
    meet = functools.partial(barrier.wait, PATIENCE_SECONDS)
    try:
        map_cpu(operator.call, [meet] * cpus)
    except threading.BrokenBarrierError:
        pytest.fail(
            f"with max_workers=None on {cpus} CPUs, {cpus} calls never ran at the same time: "
            "None means one worker per CPU"
        )


@pytest.mark.rule(4)
def test_map_cpu_respects_max_workers(manager: SyncManager) -> None:
    """map_cpu never runs more than max_workers calls at the same time"""
    barrier = manager.Barrier(2)
    meet = functools.partial(barrier.wait, CPU_HOLD_SECONDS)
    try:
        arrivals = map_cpu(operator.call, [meet, meet], max_workers=1)
    except threading.BrokenBarrierError:
        return  # the only correct outcome: the first call waited alone and timed out
    pytest.fail(
        f"with max_workers=1, two calls ran at the same time (they met at a barrier, arriving "
        f"as {arrivals})"
    )


@pytest.mark.rule(8)
def test_map_cpu_takes_module_level_functions() -> None:
    """map_cpu works with module-level functions such as math.factorial and operator.neg"""
    got = map_cpu(math.factorial, [5, 3, 10], max_workers=2)
    assert got == [120, 6, 3628800], f"map_cpu(math.factorial, [5, 3, 10]) gave {got}"
    got = map_cpu(operator.neg, range(3), max_workers=2)
    assert got == [0, -1, -2], f"map_cpu(operator.neg, range(3)) gave {got}"


def process_running(pid: int) -> bool:
    """Whether process `pid` exists and has not exited (a zombie counts as exited)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@pytest.mark.rule(7)
def test_map_io_leaves_nothing_running() -> None:
    """map_io shuts its pool down before it returns or raises: no worker thread is left"""
    workers: set[threading.Thread] = set()

    def record(item: str) -> int:
        workers.add(threading.current_thread())
        return int(item)

    with no_leaks():
        assert map_io(record, ["1", "2", "3"], max_workers=2) == [1, 2, 3]
    with no_leaks(), pytest.raises(ValueError, match="'x'") as caught:
        map_io(record, ["1", "x"], max_workers=2)
    with no_leaks():
        assert map_io(str, [], max_workers=2) == []
    for worker in workers:
        worker.join(2.0)  # the same grace as the leak guard's
    alive = sorted(worker.name for worker in workers if worker.is_alive())
    assert not alive, (
        f"after map_io returned (or raised {caught.value!r}), the worker threads {alive} that "
        "ran its calls are still running: shut the pool down (a pool kept between calls is "
        "left running)"
    )


@pytest.mark.rule(7)
def test_map_io_waits_for_running_calls_before_raising() -> None:
    """when a call fails, map_io raises only once the calls still running have finished"""
    slow_started = threading.Event()
    slow_finished = threading.Event()
    caller_back = threading.Event()  # set by this check once map_io has raised

    def call(index: int) -> int:
        if index == 0:
            slow_started.wait(PATIENCE_SECONDS)
            raise ValueError("item 0 failed")
        slow_started.set()
        caller_back.wait(HOLD_SECONDS)  # a correct map_io waits this long for item 1
        slow_finished.set()
        return index

    try:
        map_io(call, [0, 1], max_workers=2)
    except ValueError:
        still_running = not slow_finished.is_set()
    else:
        pytest.fail("item 0 fails, but map_io returned normally")
    finally:
        caller_back.set()
    assert not still_running, (
        "map_io raised item 0's error while item 1 was still running in its pool: leave the "
        "pool's with block (or shut it down with wait=True) before the exception propagates"
    )


@pytest.mark.rule(7)
def test_map_cpu_leaves_nothing_running() -> None:
    """map_cpu shuts its pool down before it returns or raises: no worker process is left"""
    with no_leaks():
        pids = map_cpu(operator.call, [os.getpid] * 3, max_workers=2)
    running = [pid for pid in pids if process_running(pid)]
    assert not running, (
        f"after map_cpu returned, the worker processes {running} that ran its calls are still "
        "running: shut the pool down (a pool kept between calls is left running)"
    )
    with no_leaks(), pytest.raises(ValueError, match="'x'") as caught:
        map_cpu(int, ["1", "x"], max_workers=2)
    assert caught.value.args, "the ValueError should keep its message"
