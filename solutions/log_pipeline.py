"""A lazy log-processing pipeline built from generators: reference solution."""

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
    with file:  # exhausted, .close()d or garbage-collected: the file is closed either way
        for line in file:
            yield line.rstrip("\r\n")


def parse(lines: Iterable[str]) -> Iterator[Record]:
    """Yield a Record for each well-formed line; skip blank and malformed lines."""
    for line in lines:
        fields = line.split(maxsplit=4)
        if len(fields) < 4:
            continue
        timestamp, level, service, latency = fields[:4]
        if level not in LEVELS or not latency.endswith("ms") or not latency[:-2].isdecimal():
            continue
        message = fields[4].rstrip() if len(fields) == 5 else ""
        yield Record(timestamp, level, service, int(latency[:-2]), message)


def at_least(records: Iterable[Record], level: str) -> Iterator[Record]:
    """Yield the records whose level is ``level`` or more severe."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; expected one of {LEVELS}")
    wanted = set(LEVELS[LEVELS.index(level) :])
    return (record for record in records if record.level in wanted)


def aggregate(records: Iterable[Record]) -> dict[str, ServiceStats]:
    """Count, total and maximum latency per service, in one pass."""
    stats: dict[str, ServiceStats] = {}
    for record in records:
        entry = stats.setdefault(record.service, ServiceStats())
        entry.count += 1
        entry.total_ms += record.latency_ms
        entry.max_ms = max(entry.max_ms, record.latency_ms)
    return stats


def summarize(file: IO[str], min_level: str = "WARNING") -> dict[str, ServiceStats]:
    """read -> parse -> filter -> aggregate, in constant memory; closes the file."""
    # read_lines closes the file once it has started; `with` also closes it when the pipeline
    # fails before reading any line (an unknown min_level).
    with file:
        return aggregate(at_least(parse(read_lines(file)), min_level))
