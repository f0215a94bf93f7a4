"""Results collected with as_completed: they come back in completion order.

as_completed yields futures as they finish, so the result list follows timing, not input,
and the first exception to surface is whichever call failed first in time.

Caught by: test_map_io_order_survives_reverse_completion, test_map_io_raises_first_failure
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _collect(pool: Executor, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
    futures = [pool.submit(fn, item) for item in items]
    return [future.result() for future in as_completed(futures)]


def map_io(fn: Callable[[T], R], items: Iterable[T], max_workers: int = 8) -> list[R]:
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        return _collect(pool, fn, items)


def map_cpu(fn: Callable[[T], R], items: Iterable[T], max_workers: int | None = None) -> list[R]:
    with ProcessPoolExecutor(max_workers=max_workers) as pool:
        return _collect(pool, fn, items)
