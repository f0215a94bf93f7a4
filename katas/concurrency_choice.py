"""Threads for waiting, processes for computing: GIL-aware concurrency helpers.

Task
----
Write two helpers with the same shape as the built-in ``map`` (but eager, returning a list):
``map_io(fn, items, max_workers=8)`` for I/O-bound work (HTTP calls, database queries, file
reads: calls that mostly WAIT), and ``map_cpu(fn, items, max_workers=None)`` for CPU-bound
work (parsing, hashing, number crunching: calls that mostly COMPUTE). Use the standard library
only (``concurrent.futures`` is the tool; ``threading`` and ``multiprocessing`` are fine too).

A thread that blocks on I/O releases the GIL, so the waits of several threads overlap. Threads
running Python code take turns holding the GIL and run one at a time; each process has its own
interpreter and its own GIL.

Rules
-----
1. ``map_io`` runs the calls on threads of the calling process (so ``fn`` may be a lambda or
   a closure), and really runs up to ``max_workers`` calls at the same time.
2. ``map_cpu`` runs the calls in worker processes, never in the calling process, and really
   runs up to ``max_workers`` calls at the same time; ``max_workers=None`` means one worker
   per CPU.
3. Both return the results in the order of ``items``, whatever order the calls finish in.
4. Both run at most ``max_workers`` calls at the same time.
5. Both propagate exceptions: if calls fail, the exception of the FIRST failing item in input
   order is raised, unchanged (same type, same message): not a wrapper, and not the one that
   failed first in time.
6. Both accept any iterable (a list, a generator...) and return ``[]`` for an empty one.
7. Both leave nothing running: when they return or raise, their pool is shut down and no
   worker thread or process is left (a pool kept alive between calls counts as left running).
8. Work sent to another process is pickled, so ``map_cpu`` must work for any picklable ``fn``,
   items and results, such as module-level functions (``math.factorial``, ``zlib.crc32``, your
   own top-level ``def``): hand ``fn`` straight to the pool; do not wrap it in a lambda or local
   function of your own (that cannot be pickled).
9. The types stay as in the stub: the result is a ``list`` of ``fn``'s return type, items
   that ``fn`` cannot take and a non-``int`` ``max_workers`` are rejected by mypy.

Example
-------
>>> map_io(str.upper, ["a", "b", "c"], max_workers=2)
['A', 'B', 'C']
>>> import math
>>> map_cpu(math.factorial, [5, 3, 10], max_workers=2)
[120, 6, 3628800]
>>> map_io(int, ["1", "x", "3", "y"])
Traceback (most recent call last):
...
ValueError: invalid literal for int() with base 10: 'x'

Where to start
--------------
``concurrent.futures.ThreadPoolExecutor`` and ``ProcessPoolExecutor`` share one interface.
Read what ``Executor.map`` promises about result order and exceptions, and use the executor as
a context manager.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def map_io(fn: Callable[[T], R], items: Iterable[T], max_workers: int = 8) -> list[R]:
    """Apply fn to every item on a pool of threads; results in input order."""
    raise NotImplementedError


def map_cpu(fn: Callable[[T], R], items: Iterable[T], max_workers: int | None = None) -> list[R]:
    """Apply fn to every item on a pool of processes; results in input order."""
    raise NotImplementedError
