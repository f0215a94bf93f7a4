"""Hidden mypy checks for the log_pipeline kata."""

from collections.abc import Iterator
from typing import assert_type

from katas.log_pipeline import (
    Record,
    ServiceStats,
    aggregate,
    at_least,
    parse,
    read_lines,
    summarize,
)


def check_stages_keep_their_item_types() -> None:
    """each stage yields typed items: str lines, then Record, then per-service ServiceStats

    Rules: 11
    """
    with open("app.log", encoding="utf-8") as file:
        lines = read_lines(file)
        assert_type(next(lines), str)
        records: Iterator[Record] = parse(lines)
        assert_type(next(parse(["t INFO api 1ms"])), Record)
        assert_type(next(at_least(records, "ERROR")), Record)
        assert_type(aggregate(records), dict[str, ServiceStats])
        assert_type(summarize(file), dict[str, ServiceStats])


def check_read_lines_is_a_closable_generator() -> None:
    """read_lines() returns a generator, so a consumer can close() it early

    Rules: 11
    """
    with open("app.log", encoding="utf-8") as file:
        lines = read_lines(file)
        lines.close()
        lines.send(None)
        lines.rewind()  # type: ignore[attr-defined]


def check_stages_reject_the_wrong_input() -> None:
    """parse() takes str lines and at_least()/aggregate() take Records, not lines

    Rules: 11
    """
    parse([1, 2])  # type: ignore[list-item]
    at_least(["t ERROR api 1ms"], "ERROR")  # type: ignore[list-item]
    with open("app.log", encoding="utf-8") as file:
        aggregate(read_lines(file))  # type: ignore[arg-type]
        parse(parse(["t INFO api 1ms"]))  # type: ignore[arg-type]
        summarize(file, min_level=3)  # type: ignore[arg-type]
