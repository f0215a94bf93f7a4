"""Threads for waiting, processes for computing: reference solution."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def map_io(fn: Callable[[T], R], items: Iterable[T], max_workers: int = 8) -> list[R]:
    """Apply fn to every item on a pool of threads; results in input order.

    Blocking I/O releases the GIL, so up to max_workers calls wait at the same time.
    Executor.map yields results in input order and re-raises a call's exception when its
    result is reached, so list() raises the first failure by input order. Leaving the with
    block waits for the calls still running and stops the threads.
    """
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        return list(pool.map(fn, items))


def map_cpu(fn: Callable[[T], R], items: Iterable[T], max_workers: int | None = None) -> list[R]:
    """Apply fn to every item on a pool of processes; results in input order.

    Each worker process has its own interpreter and GIL, so CPU-bound calls run in parallel.
    fn and the items are pickled to reach the workers; results and exceptions come back the
    same way and surface in input order, as with map_io.
    """
    with ProcessPoolExecutor(max_workers=max_workers) as pool:
        return list(pool.map(fn, items))
