"""Log pipeline: process a huge log file lazily with generators.

Interview question: "How would you compute statistics over a 50 GB log file on a machine with
1 GB of memory? What does a generator give you, and what happens to the open file if the
consumer stops early?"

The task
--------
Each line of the log looks like this (the message is optional and may contain spaces)::

    2024-05-01T12:00:00Z ERROR billing 135ms charge failed for order 7
    <timestamp>          <level> <service> <latency>ms <message ...>

Build a pipeline of small stages, each taking an iterable and returning an iterator, so that a
line is read, parsed, filtered and counted before the next line is even read:

    summarize(file) == aggregate(at_least(parse(read_lines(file)), "WARNING"))

``read_lines(file)`` reads an open text file, ``parse(lines)`` turns lines into ``Record``
objects, ``at_least(records, level)`` filters them by severity, ``aggregate(records)`` computes
statistics per service, and ``summarize(file, min_level="WARNING")`` runs the whole pipeline.

Rules
-----
1. ``read_lines(file)`` yields the lines of the file without their trailing newline and
   nothing else: blank lines are yielded as ``""``, and spaces or tabs at the end of a line
   are kept.
2. ``read_lines`` owns the file: it closes it when the last line has been read.
3. ``read_lines`` also closes the file when a consumer that has started it stops early: at
   once on ``gen.close()``, or when the generator is garbage-collected. Use ``with file:`` (or
   ``try``/``finally``) around the loop: ``close()`` raises ``GeneratorExit`` at the paused
   ``yield``, which runs the cleanup. (A generator that was never started runs none of its
   code, so closing it cannot close the file: see rule 9.)
4. ``parse(lines)`` yields a ``Record`` per well-formed line (a trailing newline is allowed):
   ``<timestamp> <level> <service> <latency>ms <message ...>``. The message is the rest of
   the line, with the spaces and tabs between its words kept as written, ``""`` if absent.
5. ``parse`` skips blank and malformed lines silently, never raising: fewer than four fields,
   a level not in ``LEVELS`` (exactly as written there), or a latency that is not decimal
   digits followed by ``ms`` and nothing else (``"5ms"`` and ``"0ms"`` are fine; ``"5"``,
   ``"5s"``, ``"5msx"``, ``"-5ms"``, ``"+5ms"``, ``"1.5ms"``, ``"5_000ms"``, ``"²ms"`` are not).
6. ``at_least(records, level)`` keeps the records whose level is ``level`` or more severe
   (``LEVELS`` is in increasing severity), in their order. An unknown level (one not in
   ``LEVELS`` exactly as written: ``"warning"`` is unknown) raises a ``ValueError`` that
   names it, at the latest when the result is first iterated, even when there are no records
   at all.
7. ``aggregate(records)`` makes one pass over any iterable (an iterator can be read only
   once) and returns ``{service: ServiceStats(count, total_ms, max_ms)}``.
8. Constant memory: never hold the whole input. No ``readlines()``, no ``read()`` of
   everything, no list of all lines or records (``list(...)``, list comprehensions). Generator
   functions and generator expressions are the tools. Iterate the file line by line
   (``for line in file``); if you prefer reading chunks, keep them small (64 KiB). The checks
   measure peak memory with ``tracemalloc`` over a 100 000-line input: the pipeline must stay
   under 4 MiB, where a list of those lines alone takes about 10 MiB.
9. ``summarize(file, min_level="WARNING")`` returns the aggregate of the records at
   ``min_level`` or above, and closes the file in every case: when it returns, and when it
   raises (an unknown ``min_level`` raises ``ValueError``, before any line is used).
10. Each stage pulls only what it needs (the checks count the lines pulled): ``read_lines``
    reads a bounded part of the file for its first line, the first record out of ``parse``
    needs one line, and ``at_least`` pulls up to its first matching record.
11. Types: ``read_lines`` returns a ``Generator`` (so a consumer can ``close()`` it), and the
    stages are typed by their items (``str`` lines, ``Record``, ``dict[str, ServiceStats]``),
    so mypy rejects lines given where records are expected, and the reverse.

Example
-------
>>> lines = ["t1 INFO api 12ms GET /", "oops", "t2 ERROR api 30ms boom", "t3 ERROR db 5ms"]
>>> [r.service for r in at_least(parse(lines), "ERROR")]
['api', 'db']
>>> aggregate(parse(lines))["api"]
ServiceStats(count=2, total_ms=42, max_ms=30)

Where to start
--------------
Write ``parse`` as a generator function (``for line in lines: ... yield Record(...)``) and run
``nox -s check -- log_pipeline``. Then ``read_lines`` with ``with file:`` around its loop: try
``next()`` once on it, then ``.close()``, and check ``file.closed``.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import IO

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


@dataclass(frozen=True, slots=True)
class Record:
    """One parsed log line."""

    timestamp: str
    level: str
    service: str
    latency_ms: int
    message: str


@dataclass
class ServiceStats:
    """Aggregates for one service."""

    count: int = 0
    total_ms: int = 0
    max_ms: int = 0

    @property
    def mean_ms(self) -> float:
        return self.total_ms / self.count if self.count else 0.0


def read_lines(file: IO[str]) -> Generator[str, None, None]:
    """Yield the file's lines without their line endings; close the file when done or closed."""
    raise NotImplementedError


def parse(lines: Iterable[str]) -> Iterator[Record]:
    """Yield a Record for each well-formed line; skip blank and malformed lines."""
    raise NotImplementedError


def at_least(records: Iterable[Record], level: str) -> Iterator[Record]:
    """Yield the records whose level is ``level`` or more severe."""
    raise NotImplementedError


def aggregate(records: Iterable[Record]) -> dict[str, ServiceStats]:
    """Count, total and maximum latency per service, in one pass."""
    raise NotImplementedError


def summarize(file: IO[str], min_level: str = "WARNING") -> dict[str, ServiceStats]:
    """read -> parse -> filter -> aggregate, in constant memory; closes the file."""
    raise NotImplementedError
