"""Threads for waiting, processes for computing: GIL-aware concurrency helpers.

Task
----
Write two helpers with the same shape as the built-in ``map`` (but eager, returning a list):

- ``map_io(fn, items, max_workers=8)`` for I/O-bound work (HTTP calls, database queries,
  file reads: calls that mostly WAIT). Use threads. A thread that blocks on I/O releases the
  GIL, so the waits of several calls overlap.
- ``map_cpu(fn, items, max_workers=None)`` for CPU-bound work (parsing, hashing, number
  crunching: calls that mostly COMPUTE). Use processes. Threads would take turns holding the
  GIL and run one at a time; each process has its own interpreter and its own GIL.
  ``max_workers=None`` means one worker per CPU.

Both helpers:
- return the results in the order of ``items``, whatever order the calls finish in;
- run at most ``max_workers`` calls at the same time (``map_io`` really does run up to
  ``max_workers`` at once);
- propagate exceptions: if calls fail, the exception of the FIRST failing item (in input
  order) is raised, unchanged (same type, same message) — not a wrapper, not whichever
  failed first in time;
- accept any iterable (a list, a generator...) and return ``[]`` for an empty one;
- shut their pool down before returning (no threads or processes left running).

Rules
-----
- Standard library only (``concurrent.futures`` is the tool; ``threading`` and
  ``multiprocessing`` are fine too).
- Work sent to another process is pickled: ``fn`` and the items must be picklable, which means
  module-level functions (``math.factorial``, ``hashlib.sha256``, your own top-level ``def``),
  not lambdas or nested functions. Hand ``fn`` straight to the pool; do not wrap it in a local
  function or lambda of your own (that cannot be pickled).

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
