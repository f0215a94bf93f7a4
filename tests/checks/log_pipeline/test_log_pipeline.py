"""Hidden pytest checks for the log_pipeline kata: a lazy generator pipeline."""

from __future__ import annotations

import gc
import io
import itertools
import string
import tracemalloc
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from katas.log_pipeline import (
    Record,
    ServiceStats,
    aggregate,
    at_least,
    parse,
    read_lines,
    summarize,
)
from pykata.leaks import no_leaks

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
SERVICES = ("api", "billing", "search")
PERIOD = 997  # lines repeat with this period; line 0 of each period is malformed


def fields(i: int) -> tuple[str, str, int] | None:
    """(level, service, latency) of line i of the generated log; None for a malformed line."""
    j = i % PERIOD
    if j == 0:
        return None
    return LEVELS[j % 4], SERVICES[j % 3], 300 + j % 500  # > 256: each parsed int is new


def line_start(i: int) -> str:
    """Line i of the generated log up to its final word (the request number)."""
    parsed = fields(i)
    if parsed is None:
        return "garbage line "
    level, service, latency = parsed
    return f"2024-05-01T12:00:{i % 60:02d}Z {level} {service} {latency}ms request "


def log_line(i: int) -> str:
    """Line i of the generated log (with its newline)."""
    return f"{line_start(i)}{i}\n"


STARTS = [line_start(i) for i in range(PERIOD)]
POOL = [log_line(i) for i in range(PERIOD)]


class GeneratedLog(io.TextIOBase):
    """A read-only text file whose lines are generated on demand (never held in memory).

    It supports iteration, readline(), readlines() and read(size); ``lines_pulled`` counts the
    lines generated so far, ``closed`` tells whether close() was called.
    """

    def __init__(self, n_lines: int) -> None:
        super().__init__()
        # every line is a new string object, as when reading a real file
        self._lines = (f"{STARTS[i % PERIOD]}{i}\n" for i in range(n_lines))
        self._buffer = ""
        self.lines_pulled = 0
        self.sample_at: set[int] = set()  # after these many lines, record the traced memory
        self.samples: dict[int, int] = {}

    def readable(self) -> bool:
        return True

    def _next_line(self) -> str:
        line = next(self._lines, "")
        if line:
            self.lines_pulled += 1
            if self.lines_pulled in self.sample_at and tracemalloc.is_tracing():
                self.samples[self.lines_pulled] = tracemalloc.get_traced_memory()[0]
        return line

    def readline(self, size: int | None = -1) -> str:
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        if self._buffer:
            line, newline, rest = self._buffer.partition("\n")
            if newline:
                self._buffer = rest
                return line + newline
            self._buffer = ""
            return line + self._next_line()
        return self._next_line()

    def read(self, size: int | None = -1) -> str:
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        parts = [self._buffer]
        have = len(self._buffer)
        while size is None or size < 0 or have < size:
            line = self._next_line()
            if not line:
                break
            parts.append(line)
            have += len(line)
        text = "".join(parts)
        if size is None or size < 0:
            self._buffer = ""
            return text
        self._buffer = text[size:]
        return text[:size]


class CountingLines:
    """An iterator over lines that counts how many were pulled."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self.pulled = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.pulled += 1
        return line


def expected_summary(n_lines: int, min_level: str) -> dict[str, ServiceStats]:
    """What summarize() must return for GeneratedLog(n_lines), computed without parsing."""
    wanted = set(LEVELS[LEVELS.index(min_level) :])
    per_line = [fields(j) for j in range(PERIOD)]
    stats: dict[str, ServiceStats] = {}
    for i in range(n_lines):
        parsed = per_line[i % PERIOD]
        if parsed is None or parsed[0] not in wanted:
            continue
        _, service, latency = parsed
        entry = stats.setdefault(service, ServiceStats())
        entry.count += 1
        entry.total_ms += latency
        entry.max_ms = max(entry.max_ms, latency)
    return stats


def as_tuples(stats: dict[str, ServiceStats]) -> dict[str, tuple[int, int, int]]:
    return {name: (s.count, s.total_ms, s.max_ms) for name, s in stats.items()}


def record(level: str, service: str, latency: int) -> Record:
    return Record("2024-05-01T12:00:00Z", level, service, latency, "msg")


# --- read ------------------------------------------------------------------------------------


@pytest.mark.rule(1)
def test_read_lines_strips_line_endings(tmp_path: Path) -> None:
    """read_lines() yields each line of a file without its newline, blank lines included"""
    path = tmp_path / "app.log"
    path.write_text("first line\n\nthird line\nlast, no newline", encoding="utf-8")
    with path.open(encoding="utf-8") as file:
        got = list(read_lines(file))
    assert got == ["first line", "", "third line", "last, no newline"], (
        f"expected the 4 lines without newlines, got {got}"
    )


@pytest.mark.rule(1)
def test_read_lines_keeps_everything_but_the_newline(tmp_path: Path) -> None:
    """read_lines() removes only the newline: spaces and tabs at either end are kept"""
    path = tmp_path / "app.log"
    path.write_text("  indented\ntrailing space \n\t\n\ttab at the end\t\n \n", encoding="utf-8")
    with path.open(encoding="utf-8") as file:
        got = list(read_lines(file))
    expected = ["  indented", "trailing space ", "\t", "\ttab at the end\t", " "]
    assert got == expected, f"expected {expected} (only the newline removed), got {got}"


@pytest.mark.rule(2)
def test_read_lines_closes_the_file_when_exhausted(tmp_path: Path) -> None:
    """read_lines() closes the file once every line has been read"""
    path = tmp_path / "app.log"
    path.write_text("a\nb\n", encoding="utf-8")
    file = path.open(encoding="utf-8")
    try:
        lines = list(read_lines(file))
        assert lines == ["a", "b"], f"expected ['a', 'b'], got {lines}"
        assert file.closed, "the file is still open after read_lines() yielded its last line"
    finally:
        file.close()


@pytest.mark.rule(3)
def test_read_lines_closes_the_file_when_closed_early(tmp_path: Path) -> None:
    """closing the read_lines() generator after one line closes the file at once"""
    path = tmp_path / "app.log"
    path.write_text("a\nb\nc\n", encoding="utf-8")
    file = path.open(encoding="utf-8")
    try:
        lines = read_lines(file)
        assert next(lines) == "a", "expected the first line 'a'"
        assert not file.closed, "the file was closed before the consumer was done with it"
        lines.close()
        assert file.closed, (
            "the file is still open after generator.close(): close() raises GeneratorExit at "
            "the paused yield, so release the file in a `with` block or `finally`"
        )
    finally:
        file.close()
    generated = GeneratedLog(1000)
    lines = read_lines(generated)
    next(lines)
    lines.close()
    assert generated.closed, "closing the generator did not close a file-like object"


@pytest.mark.rule(3)
def test_read_lines_closes_the_file_when_garbage_collected(tmp_path: Path) -> None:
    """a started read_lines() generator that is dropped closes its file when collected"""
    path = tmp_path / "app.log"
    path.write_text("a\nb\nc\n", encoding="utf-8")
    with no_leaks():
        file = path.open(encoding="utf-8")
        lines = read_lines(file)
        assert next(lines) == "a", "expected the first line 'a'"
        del lines
        gc.collect()
        assert file.closed, (
            "the file is still open after the started generator was garbage-collected: "
            "collecting it calls close(), which must run the cleanup"
        )


@pytest.mark.rule(10)
def test_read_lines_is_lazy() -> None:
    """read_lines() reads only a bounded prefix of the file to produce its first line"""
    source = GeneratedLog(200_000)
    lines = read_lines(source)
    first = next(lines)
    assert first == POOL[0].rstrip("\n"), f"expected the first line, got {first!r}"
    assert source.lines_pulled <= 25_000, (
        f"producing the first line read {source.lines_pulled} of 200000 lines: read the file "
        "line by line (or in bounded chunks), not all at once"
    )
    lines.close()


# --- parse -----------------------------------------------------------------------------------


@pytest.mark.rule(4)
def test_parse_builds_records() -> None:
    """parse() turns a line into a Record (message optional, trailing newline allowed)"""
    lines = [
        "2024-05-01T12:00:00Z ERROR billing 135ms charge failed for order 7\n",
        "2024-05-01T12:00:01Z INFO api 4ms",
    ]
    got = list(parse(lines))
    expected = [
        Record("2024-05-01T12:00:00Z", "ERROR", "billing", 135, "charge failed for order 7"),
        Record("2024-05-01T12:00:01Z", "INFO", "api", 4, ""),
    ]
    assert got == expected, f"expected {expected}, got {got}"


@pytest.mark.rule(5)
def test_parse_skips_malformed_lines() -> None:
    """parse() skips blank lines, missing fields, unknown levels and bad latencies"""
    good = "2024-05-01T12:00:00Z WARNING search 20ms slow query"
    bad = [
        "",
        "   ",
        "garbage",
        "2024-05-01T12:00:00Z ERROR billing",
        "2024-05-01T12:00:00Z LOUD billing 5ms x",
        "2024-05-01T12:00:00Z ERROR billing 5 x",
        "2024-05-01T12:00:00Z ERROR billing ms x",
        "2024-05-01T12:00:00Z ERROR billing 5s x",
        "2024-05-01T12:00:00Z ERROR billing -5ms x",
        "2024-05-01T12:00:00Z ERROR billing 1.5ms x",
        "2024-05-01T12:00:00Z ERROR billing +5ms x",
        "2024-05-01T12:00:00Z ERROR billing 5_000ms x",
        "2024-05-01T12:00:00Z ERROR billing ²ms x",
        "2024-05-01T12:00:00Z ERROR billing 5MS x",
        "2024-05-01T12:00:00Z ERROR billing 5msx x",
        "2024-05-01T12:00:00Z ERROR billing 5ms5 x",
        "2024-05-01T12:00:00Z ERROR billing 5ms.",
        "2024-05-01T12:00:00Z error billing 5ms x",
        "2024-05-01T12:00:00Z Warning billing 5ms x",
    ]
    try:
        got = list(parse([*bad, good, *bad]))
    except Exception as error:
        pytest.fail(f"parse() must skip malformed lines silently, but it raised {error!r}")
    assert got == [Record("2024-05-01T12:00:00Z", "WARNING", "search", 20, "slow query")], (
        f"expected only the one well-formed line to be parsed, got {got}"
    )


WORD = st.text(alphabet=string.ascii_letters + string.digits + "-_:./=", min_size=1, max_size=8)
GAP = st.sampled_from([" ", "  ", "\t", " \t "])


@st.composite
def messages(draw: st.DrawFn) -> str:
    """A few words with the whitespace between them kept as written (spaces, tabs, runs)."""
    words = draw(st.lists(WORD, max_size=4))
    return "".join(word if n == 0 else draw(GAP) + word for n, word in enumerate(words))


@pytest.mark.rule(4)
@given(
    timestamp=WORD,
    level=st.sampled_from(LEVELS),
    service=WORD,
    latency=st.integers(min_value=0, max_value=10**9),
    message=messages(),
)
def test_parse_round_trips_any_record(
    timestamp: str, level: str, service: str, latency: int, message: str
) -> None:
    """any record written in the log format parses back to the same Record"""
    line = f"{timestamp} {level} {service} {latency}ms {message}".rstrip() + "\n"
    got = list(parse([line]))
    expected = [Record(timestamp, level, service, latency, message)]
    assert got == expected, f"parsing {line!r}: expected {expected}, got {got}"


@pytest.mark.rule(10)
def test_parse_is_lazy() -> None:
    """parse() pulls only as many lines as it needs: the first record needs one line"""
    source = CountingLines(line.rstrip("\n") for line in itertools.islice(POOL * 200, 1, None))
    records = parse(source)
    first = next(records)
    assert first.level == LEVELS[1], f"expected the first record to be the INFO line, got {first}"
    assert source.pulled <= 2, (
        f"parse() pulled {source.pulled} lines to produce its first record: it should pull "
        "them one at a time (a generator), not build a list"
    )


# --- filter ----------------------------------------------------------------------------------


@pytest.mark.rule(6)
def test_at_least_keeps_severe_records_in_order() -> None:
    """at_least(records, level) keeps records at that level or worse, in their order"""
    records = [record(level, f"s{n}", n) for n, level in enumerate(LEVELS * 2)]
    got = [(r.level, r.latency_ms) for r in at_least(records, "WARNING")]
    expected = [("WARNING", 2), ("ERROR", 3), ("WARNING", 6), ("ERROR", 7)]
    assert got == expected, f"expected {expected}, got {got}"
    assert list(at_least(records, "DEBUG")) == records, "at_least('DEBUG') should keep every record"
    assert [r.latency_ms for r in at_least(iter(records), "ERROR")] == [3, 7], (
        "at_least('ERROR') should keep only the ERROR records, and accept any iterable"
    )


@pytest.mark.rule(6)
def test_at_least_rejects_an_unknown_level() -> None:
    """at_least() with an unknown level raises ValueError naming that level"""
    with pytest.raises(ValueError, match="LOUD"):
        list(at_least([record("INFO", "api", 1)], "LOUD"))
    with pytest.raises(ValueError, match="QUIET"):
        list(at_least([], "QUIET"))  # no records at all: still an unknown level
    with pytest.raises(ValueError, match="warning"):
        list(at_least([record("ERROR", "api", 1)], "warning"))  # levels are exact: not WARNING


@pytest.mark.rule(10)
def test_filter_is_lazy() -> None:
    """parse -> at_least pulls lines only up to the first matching record"""
    lines = [line.rstrip("\n") for line in POOL[1:] * 50]
    first_error = next(n for n, line in enumerate(lines) if " ERROR " in line)
    source = CountingLines(lines)
    errors = at_least(parse(source), "ERROR")
    found = next(errors)
    assert found.level == "ERROR", f"expected an ERROR record, got {found}"
    assert source.pulled <= first_error + 2, (
        f"the first ERROR is line {first_error + 1}, but {source.pulled} of {len(lines)} lines "
        "were pulled: every stage should be lazy"
    )


# --- aggregate and the whole pipeline --------------------------------------------------------


@pytest.mark.rule(7)
def test_aggregate_per_service() -> None:
    """aggregate() counts records and sums and maximises latency per service"""
    records = [
        record("INFO", "api", 10),
        record("ERROR", "billing", 300),
        record("INFO", "api", 30),
        record("WARNING", "api", 20),
    ]
    got = aggregate(iter(records))
    expected = {"api": ServiceStats(3, 60, 30), "billing": ServiceStats(1, 300, 300)}
    assert as_tuples(got) == as_tuples(expected), (
        f"expected (count, total_ms, max_ms) {as_tuples(expected)}, got {as_tuples(got)}"
    )
    assert got["api"].mean_ms == 20.0, f"expected api mean 20.0, got {got['api'].mean_ms}"
    assert aggregate([]) == {}, "aggregate() of no records should be an empty dict"


@pytest.mark.rule(9)
def test_summarize_end_to_end(tmp_path: Path) -> None:
    """summarize() reads, parses, filters (WARNING by default) and aggregates a log file"""
    path = tmp_path / "app.log"
    path.write_text("".join(log_line(i) for i in range(5000)), encoding="utf-8")
    file = path.open(encoding="utf-8")
    try:
        got = summarize(file)
        assert file.closed, "summarize() should leave the file closed"
    finally:
        file.close()
    expected = expected_summary(5000, "WARNING")
    assert as_tuples(got) == as_tuples(expected), (
        f"expected {as_tuples(expected)}, got {as_tuples(got)}"
    )
    source = GeneratedLog(3000)
    got = summarize(source, "DEBUG")
    expected = expected_summary(3000, "DEBUG")
    assert as_tuples(got) == as_tuples(expected), (
        f"with min_level='DEBUG': expected {as_tuples(expected)}, got {as_tuples(got)}"
    )


MEMORY_LINES = 100_000
# Calibrated: streaming line by line peaks at ~5 KiB, reading 64 KiB chunks at ~0.5 MiB;
# readlines() alone reaches ~10 MiB and lists at every stage ~42 MiB.
MEMORY_BOUND = 4 * 1024 * 1024


# Memory still in use after line 20 000 and after the last line: a pipeline that keeps
# something per line (a list of latencies, say) grows by ~2 MiB in between; streaming, even
# in 64 KiB chunks, does not grow at all.
GROWTH_SAMPLES = (20_000, MEMORY_LINES)
GROWTH_BOUND = 1024 * 1024


@pytest.mark.rule(8)
def test_peak_memory_is_bounded() -> None:
    """summarize() runs in constant memory: 100k lines peak under 4 MiB, with no growth"""
    source = GeneratedLog(MEMORY_LINES)
    source.sample_at = set(GROWTH_SAMPLES)
    tracemalloc.start()
    try:
        got = summarize(source, "INFO")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    expected = expected_summary(MEMORY_LINES, "INFO")
    assert as_tuples(got) == as_tuples(expected), (
        f"expected {as_tuples(expected)}, got {as_tuples(got)}"
    )
    assert peak < MEMORY_BOUND, (
        f"summarize() over {MEMORY_LINES} lines peaked at {peak / 2**20:.1f} MiB of traced "
        f"memory (bound {MEMORY_BOUND / 2**20:.0f} MiB): some stage holds the whole input "
        "(readlines(), read(), a list comprehension, list(...)) instead of streaming it"
    )
    early, late = (source.samples.get(n) for n in GROWTH_SAMPLES)
    assert early is not None, f"summarize() read only {source.lines_pulled} lines"
    assert late is not None, f"summarize() read only {source.lines_pulled} lines"
    assert late - early < GROWTH_BOUND, (
        f"memory in use grew by {(late - early) / 2**20:.1f} MiB between line "
        f"{GROWTH_SAMPLES[0]} and line {GROWTH_SAMPLES[1]}: some stage keeps data for every "
        "line or record (a list, all the latencies...) instead of constant-size state"
    )


@pytest.mark.rule(9)
def test_summarize_closes_the_file_in_every_case(tmp_path: Path) -> None:
    """summarize() closes the file when it returns and when it raises for an unknown level"""
    path = tmp_path / "app.log"
    path.write_text("".join(log_line(i) for i in range(50)), encoding="utf-8")
    with no_leaks():
        file = path.open(encoding="utf-8")
        summarize(file, "ERROR")
        assert file.closed, "summarize() should leave the file closed"
    with no_leaks():
        file = path.open(encoding="utf-8")
        try:
            with pytest.raises(ValueError, match="LOUD"):
                summarize(file, "LOUD")
            assert file.closed, (
                "summarize(file, 'LOUD') raised, but left the file open: the read_lines() "
                "generator never started, so its cleanup never ran; summarize() must close "
                "the file itself (`with file:`)"
            )
        finally:
            file.close()
    source = GeneratedLog(10)
    with pytest.raises(ValueError, match="LOUD"):
        summarize(source, "LOUD")
    assert source.closed, "summarize() with an unknown level did not close a file-like object"
    assert source.lines_pulled == 0, (
        f"summarize() with an unknown level read {source.lines_pulled} lines before raising: "
        "the level must be rejected before any line is used"
    )
