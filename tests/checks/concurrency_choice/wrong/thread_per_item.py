"""One thread per item: overlapping, ordered, but max_workers is ignored.

Starting a thread for every item overlaps the waits, but with 10,000 items that is 10,000
threads and 10,000 simultaneous connections to the service being called. A pool bounds it.

Caught by: test_map_io_respects_max_workers
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def map_io(fn: Callable[[T], R], items: Iterable[T], max_workers: int = 8) -> list[R]:
    inputs = list(items)
    results: list[R | None] = [None] * len(inputs)
    errors: list[BaseException | None] = [None] * len(inputs)

    def run(index: int, item: T) -> None:
        try:
            results[index] = fn(item)
        except BaseException as error:
            errors[index] = error

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(inputs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for error in errors:
        if error is not None:
            raise error
    return results  # type: ignore[return-value]


def map_cpu(fn: Callable[[T], R], items: Iterable[T], max_workers: int | None = None) -> list[R]:
    with ProcessPoolExecutor(max_workers=max_workers) as pool:
        return list(pool.map(fn, items))
