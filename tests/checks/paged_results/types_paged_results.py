"""Hidden mypy checks for the paged_results kata."""

from collections.abc import Iterator
from typing import assert_type

from katas.paged_results import Page, PagedResults


def check_item_type_is_inferred_from_the_callback() -> None:
    """PagedResults(fetch, ...) takes its item type from what fetch_page returns

    Rules: 12
    """

    def fetch(number: int) -> Page[str]:
        return Page(["a"], total=1)

    assert_type(PagedResults(fetch, page_size=10), PagedResults[str])
    assert_type(Page([1, 2], total=2), Page[int])


def check_index_is_typed_as_the_item() -> None:
    """x[0] and x[-1] are typed as the item type, not a union or Any

    Rules: 12
    """

    def fetch(number: int) -> Page[int]:
        return Page([1], total=1)

    numbers = PagedResults(fetch, page_size=10)
    assert_type(numbers[0], int)
    assert_type(numbers[-1] + 1, int)
    numbers[0].upper()  # type: ignore[attr-defined]


def check_slice_is_typed_as_a_list() -> None:
    """x[1:3] is typed as a list of the item type

    Rules: 12
    """

    def fetch(number: int) -> Page[int]:
        return Page([1], total=1)

    numbers = PagedResults(fetch, page_size=10)
    assert_type(numbers[1:3], list[int])
    assert_type(numbers[::-1], list[int])
    numbers[1:3].bit_length()  # type: ignore[attr-defined]


def check_iteration_and_sizing_are_typed() -> None:
    """iter(x) yields the item type; len() and bool() work

    Rules: 12
    """

    def fetch(number: int) -> Page[bytes]:
        return Page([b"x"], total=1)

    blobs = PagedResults(fetch, page_size=10)
    assert_type(iter(blobs), Iterator[bytes])
    assert_type(len(blobs), int)
    assert_type(b"x" in blobs, bool)
    for blob in blobs:
        assert_type(blob, bytes)
        blob.encode()  # type: ignore[attr-defined]


def check_misuse_is_rejected() -> None:
    """a str index, or a callback that does not return a Page, is rejected

    Rules: 12
    """

    def fetch(number: int) -> Page[int]:
        return Page([1], total=1)

    def not_a_page(number: int) -> list[int]:
        return [1]

    numbers = PagedResults(fetch, page_size=10)
    numbers["0"]  # type: ignore[call-overload]
    PagedResults(not_a_page, page_size=10)  # type: ignore[arg-type]
