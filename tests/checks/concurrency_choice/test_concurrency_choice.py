"""Hidden pytest checks for the concurrency_choice kata: threads for I/O, processes for CPU.

Nothing here measures wall-clock time. Overlap is proven by counting calls in flight with a
threading.Barrier (it only opens when several calls wait at once), and completion order is
forced with events. Functions sent to worker processes come from the standard library, so
they can be pickled under any multiprocessing start method.
"""

from __future__ import annotations

import math
import operator
import os
import threading

import pytest

from katas.concurrency_choice import map_cpu, map_io

# Long enough never to be reached by a correct solution on a loaded machine; it only bounds
# how long a wrong (serial) solution waits before its check fails.
PATIENCE_SECONDS = 5.0
# How long the first calls hold their worker in the max_workers check (a correct solution
# spends exactly this long in that check).
HOLD_SECONDS = 1.0


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


def test_map_io_overlaps_blocking_calls() -> None:
    """map_io runs max_workers blocking calls at the same time"""
    workers = 3
    in_flight = InFlight()
    barrier = threading.Barrier(workers, timeout=PATIENCE_SECONDS)

    def blocking_call(index: int) -> int:
        in_flight.enter()
        try:
            barrier.wait()  # opens only when `workers` calls are waiting at the same time
        except threading.BrokenBarrierError:
            return -1
        finally:
            in_flight.leave()
        return index

    results = map_io(blocking_call, range(2 * workers), max_workers=workers)
    assert -1 not in results, (
        f"expected {workers} blocking calls in flight at the same time (max_workers={workers}), "
        f"but at most {in_flight.peak} were: the calls ran one after another"
    )
    assert results == list(range(2 * workers)), f"expected results 0..5 in order, got {results}"


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


def test_map_cpu_returns_results_in_input_order() -> None:
    """map_cpu returns fn(item) for each item, in input order, for lists, generators and []"""
    numbers = [20, 3, 0, 12, 7, 1]
    got = map_cpu(math.factorial, numbers, max_workers=2)
    expected = [math.factorial(n) for n in numbers]
    assert got == expected, f"map_cpu(math.factorial, {numbers}) gave {got}, expected {expected}"
    got = map_cpu(abs, (n for n in range(-3, 3)), max_workers=2)
    assert got == [3, 2, 1, 0, 1, 2], f"map_cpu(abs, generator of -3..2) gave {got}"
    assert map_cpu(abs, [], max_workers=2) == [], "map_cpu(fn, []) should be []"


def test_map_cpu_runs_in_other_processes() -> None:
    """map_cpu runs the calls in worker processes (their pids differ from this process)"""
    # operator.call(os.getpid) runs os.getpid() wherever the call happens.
    pids = map_cpu(operator.call, [os.getpid] * 4, max_workers=2)
    assert len(pids) == 4, f"expected 4 results, got {pids}"
    assert os.getpid() not in pids, (
        f"the calls reported pid {os.getpid()}, the pid of the calling process: CPU-bound work "
        "ran in threads, which share one GIL; use processes"
    )


def test_map_cpu_raises_first_failure() -> None:
    """map_cpu propagates the first failing item's exception (by input order) unchanged"""
    with pytest.raises(ValueError, match="'x'") as caught:
        map_cpu(int, ["1", "x", "2", "y"], max_workers=2)
    assert type(caught.value) is ValueError, (
        f"expected the original ValueError, got {type(caught.value).__name__}"
    )
