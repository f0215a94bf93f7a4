"""A thread pool for CPU-bound work too: "threads are concurrency, so it is parallel".

Under the GIL only one thread runs Python bytecode at a time, so CPU-bound calls on threads
take turns instead of running in parallel. Everything else (order, exceptions) is right.

Caught by: test_map_cpu_runs_in_other_processes
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def map_io(fn: Callable[[T], R], items: Iterable[T], max_workers: int = 8) -> list[R]:
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        return list(pool.map(fn, items))


def map_cpu(fn: Callable[[T], R], items: Iterable[T], max_workers: int | None = None) -> list[R]:
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        return list(pool.map(fn, items))
