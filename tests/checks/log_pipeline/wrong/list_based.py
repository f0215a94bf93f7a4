"""Builds lists at every stage (readlines, list comprehensions), so memory grows with the file.

Each stage finishes before the next starts: the whole file is held as a list of lines, then as
a list of records, then as a filtered list. The results are right, but a 10 GB log needs 10 GB
of memory (and more), and nothing is produced until everything has been read.

Caught by: test_parse_is_lazy, test_filter_is_lazy, test_peak_memory_is_bounded
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import IO

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


@dataclass(frozen=True, slots=True)
class Record:
    timestamp: str
    level: str
    service: str
    latency_ms: int
    message: str


@dataclass
class ServiceStats:
    count: int = 0
    total_ms: int = 0
    max_ms: int = 0

    @property
    def mean_ms(self) -> float:
        return self.total_ms / self.count if self.count else 0.0


def read_lines(file: IO[str]) -> Generator[str, None, None]:
    with file:
        lines = [line.rstrip("\r\n") for line in file.readlines()]
    yield from lines


def _parse_one(line: str) -> Record | None:
    fields = line.split(maxsplit=4)
    if len(fields) < 4:
        return None
    timestamp, level, service, latency = fields[:4]
    if level not in LEVELS or not latency.endswith("ms") or not latency[:-2].isdecimal():
        return None
    message = fields[4].rstrip() if len(fields) == 5 else ""
    return Record(timestamp, level, service, int(latency[:-2]), message)


def parse(lines: Iterable[str]) -> Iterator[Record]:
    parsed = [_parse_one(line) for line in lines]
    return iter([record for record in parsed if record is not None])


def at_least(records: Iterable[Record], level: str) -> Iterator[Record]:
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    wanted = LEVELS[LEVELS.index(level) :]
    return iter([record for record in records if record.level in wanted])


def aggregate(records: Iterable[Record]) -> dict[str, ServiceStats]:
    stats: dict[str, ServiceStats] = {}
    for record in list(records):
        entry = stats.setdefault(record.service, ServiceStats())
        entry.count += 1
        entry.total_ms += record.latency_ms
        entry.max_ms = max(entry.max_ms, record.latency_ms)
    return stats


def summarize(file: IO[str], min_level: str = "WARNING") -> dict[str, ServiceStats]:
    return aggregate(at_least(parse(read_lines(file)), min_level))
