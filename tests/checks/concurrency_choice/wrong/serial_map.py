"""map_io is a plain loop: "the GIL means threads cannot help anyway".

The GIL is released while a thread blocks on I/O, so threads DO overlap waiting; a serial
loop pays the sum of all the waits. The results and exceptions are right.

Caught by: test_map_io_overlaps_blocking_calls
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def map_io(fn: Callable[[T], R], items: Iterable[T], max_workers: int = 8) -> list[R]:
    return [fn(item) for item in items]


def map_cpu(fn: Callable[[T], R], items: Iterable[T], max_workers: int | None = None) -> list[R]:
    with ProcessPoolExecutor(max_workers=max_workers) as pool:
        return list(pool.map(fn, items))
