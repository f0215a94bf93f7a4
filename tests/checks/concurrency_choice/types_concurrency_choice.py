"""Hidden mypy checks for the concurrency_choice kata."""

import math
from typing import assert_type

from katas.concurrency_choice import map_cpu, map_io


def fetch_length(url: str) -> int:
    return len(url)


def check_results_keep_the_function_type() -> None:
    """map_io and map_cpu return a list of fn's result type (not Any)

    Rules: 9
    """
    assert_type(map_io(fetch_length, ["https://a", "https://b"]), list[int])
    assert_type(map_io(str, [1, 2], max_workers=2), list[str])
    assert_type(map_cpu(math.factorial, range(5)), list[int])
    assert_type(map_cpu(float, ["1.5"], max_workers=4), list[float])


def check_items_must_fit_the_function() -> None:
    """items that fn cannot take, and a non-int max_workers, are rejected

    Rules: 9
    """
    map_io(fetch_length, [1, 2])  # type: ignore[arg-type]
    map_cpu(math.factorial, ["5"])  # type: ignore[arg-type]
    map_io(str, [1], max_workers="4")  # type: ignore[arg-type]
    map_cpu(abs, [1], max_workers="4")  # type: ignore[arg-type]
    map_cpu(math.factorial, [1], max_workers=None)
