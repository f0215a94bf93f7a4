"""Hidden pytest checks for the paged_results kata: a lazy sequence over a paginated API."""

from __future__ import annotations

import gc
import itertools
import weakref
from collections import Counter
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from katas.paged_results import Page, PagedResults


class FakeApi:
    """A paginated API over ``items``: page n holds items[n*size:(n+1)*size].

    Pages past the end come back empty (with the total); a negative page number is an error.
    ``calls`` lists every page number requested, in order.
    """

    def __init__(self, items: list[Any], page_size: int) -> None:
        self.items = items
        self.page_size = page_size
        self.calls: list[int] = []

    def fetch(self, number: int) -> Page[Any]:
        self.calls.append(number)
        if number < 0:
            raise ValueError(f"the API has no page {number}")
        start = number * self.page_size
        return Page(self.items[start : start + self.page_size], len(self.items))

    @property
    def pages(self) -> int:
        """How many pages the items fill (an empty result still has page 0)."""
        return max(1, -(-len(self.items) // self.page_size))


def results(total: int, page_size: int) -> tuple[PagedResults[Any], FakeApi]:
    api = FakeApi([f"item{n}" for n in range(total)], page_size)
    return PagedResults(api.fetch, page_size), api


def assert_fetched(calls: list[int], needed: set[int], what: str) -> None:
    """``calls`` has every page of ``needed`` once, and at most one other page (for the total)."""
    assert needed <= set(calls), f"{what} needs pages {sorted(needed)}; pages fetched: {calls}"
    others = sorted(set(calls) - needed)
    assert len(others) <= 1, (
        f"{what} needs pages {sorted(needed)} and at most one other to learn the total; "
        f"it also fetched {others}"
    )
    assert len(calls) == len(set(calls)), f"{what} fetched a page twice: {calls}"


@pytest.mark.rule(1)
def test_nothing_is_fetched_on_construction() -> None:
    """creating PagedResults fetches no page"""
    _, api = results(42, 10)
    assert api.calls == [], f"expected no fetch when PagedResults is created, got {api.calls}"


@pytest.mark.rule(2)
def test_page_size_below_one_is_rejected() -> None:
    """page_size 0 or negative raises ValueError when PagedResults is created"""
    for size in (0, -1, -10):
        api = FakeApi(["a", "b"], 1)
        with pytest.raises(ValueError):  # noqa: PT011 - any message will do
            PagedResults(api.fetch, size)
        assert api.calls == [], f"page_size={size}: expected no fetch, got {api.calls}"
    one = PagedResults(FakeApi(["a", "b"], 1).fetch, 1)
    assert one[1] == "b", f"page_size=1 is valid: expected x[1] == 'b', got {one[1]!r}"


@pytest.mark.rule(3)
def test_len_is_the_total_and_fetches_at_most_one_page() -> None:
    """len() is the API's total, learned from at most one page fetch"""
    paged, api = results(42, 10)
    assert len(paged) == 42, f"expected len() == 42 (the total), got {len(paged)}"
    assert len(api.calls) <= 1, f"len() should fetch at most one page, it fetched {api.calls}"
    assert len(paged) == 42, "a second len() should give the same total"
    assert len(api.calls) <= 1, f"a second len() fetched again: pages fetched {api.calls}"
    paged, api = results(42, 10)
    assert paged[25] == "item25", f"expected x[25] == 'item25', got {paged[25]!r}"
    fetched = list(api.calls)
    assert len(paged) == 42, f"expected len() == 42 (the total), got {len(paged)}"
    assert api.calls == fetched, (
        f"every page carries the total: after x[25] fetched pages {fetched}, len() should "
        f"fetch nothing more, but pages fetched became {api.calls}"
    )


@pytest.mark.rule(4, 5)
def test_index_fetches_only_the_page_it_needs() -> None:
    """x[0] fetches one page; x[25] adds only the page holding item 25"""
    paged, api = results(42, 10)
    assert paged[0] == "item0", f"expected x[0] == 'item0', got {paged[0]!r}"
    assert api.calls == [0], f"x[0] should fetch exactly page 0, fetched {api.calls}"
    assert paged[25] == "item25", f"expected x[25] == 'item25', got {paged[25]!r}"
    assert api.calls == [0, 2], (
        f"x[25] with 10 items per page should add only page 2; pages fetched: {api.calls}"
    )


@pytest.mark.rule(11)
def test_repeated_access_uses_the_cache() -> None:
    """pages already fetched are never fetched again"""
    paged, api = results(42, 10)
    for _ in range(3):
        _ = (paged[3], paged[7], paged[-1], paged[41], len(paged), bool(paged), paged[30:35])
    counts = Counter(api.calls)
    again = {page: n for page, n in counts.items() if n > 1}
    assert again == {}, f"these pages were fetched more than once (page: times): {again}"


@pytest.mark.rule(11)
def test_each_object_has_its_own_cache() -> None:
    """two PagedResults never share fetched pages or totals"""
    users, users_api = results(42, 10)
    orders_api = FakeApi([f"order{n}" for n in range(7)], 10)
    orders = PagedResults(orders_api.fetch, 10)
    assert users[3] == "item3", f"expected users[3] == 'item3', got {users[3]!r}"
    assert orders[3] == "order3", (
        f"expected orders[3] == 'order3', got {orders[3]!r}: is the page cache shared "
        "between PagedResults objects (a class attribute)?"
    )
    assert len(orders) == 7, f"expected len(orders) == 7, got {len(orders)}"
    assert orders_api.calls == [0], f"orders needs its own page 0, fetched {orders_api.calls}"
    assert len(users) == 42, f"expected len(users) == 42, got {len(users)}"
    assert users_api.calls == [0], f"users fetched {users_api.calls}"


@pytest.mark.rule(11)
def test_cache_goes_away_with_its_object() -> None:
    """a dropped PagedResults is freed with its cache: no cache is shared by every instance"""
    paged, api = results(42, 10)
    _ = (paged[3], paged[-1], len(paged), list(paged), "item7" in paged)
    api_ref = weakref.ref(api)
    del paged, api
    gc.collect()
    assert api_ref() is None, (
        "a dropped PagedResults is still alive (its fetch_page with it): a cache outside the "
        "object, such as functools.cache on a method, keeps every instance and its pages"
    )


@pytest.mark.rule(4, 5)
def test_negative_indices() -> None:
    """negative indices count from the end, exactly like a list"""
    paged, api = results(42, 10)
    got = (paged[-1], paged[-2], paged[-10], paged[-11], paged[-42])
    expected = ("item41", "item40", "item32", "item31", "item0")
    assert got == expected, (
        f"expected x[-1], x[-2], x[-10], x[-11], x[-42] == {expected}, got {got}"
    )
    with pytest.raises(IndexError):
        paged[-43]
    assert all(number >= 0 for number in api.calls), f"negative page requested: {api.calls}"


@pytest.mark.rule(5)
def test_last_item_costs_at_most_two_fetches() -> None:
    """x[-1] fetches at most two pages: one to learn the total, then the last page"""
    paged, api = results(95, 10)
    assert paged[-1] == "item94", f"expected x[-1] == 'item94', got {paged[-1]!r}"
    assert 9 in api.calls, f"x[-1] should fetch the last page (9); fetched {api.calls}"
    assert len(api.calls) <= 2, (
        f"x[-1] should fetch the last page and at most one other; fetched {api.calls}"
    )


@pytest.mark.rule(4)
def test_out_of_range_raises_index_error() -> None:
    """an index past either end raises IndexError, as a list does"""
    paged, _ = results(42, 10)
    for index in (42, 43, 1000, -43, -1000):
        with pytest.raises(IndexError):
            paged[index]


@pytest.mark.rule(5)
def test_out_of_range_index_fetches_nothing_once_the_total_is_known() -> None:
    """an index past either end raises IndexError without a fetch once the total is known"""
    for total in (42, 40):
        paged, api = results(total, 10)
        with pytest.raises(IndexError):
            paged[1000]
        assert len(api.calls) <= 1, (
            f"x[1000] with {total} items: at most one page to learn the total, fetched {api.calls}"
        )
        len(paged)
        fetched = list(api.calls)
        for index in (total, total + 1, total + 9, -total - 1):
            with pytest.raises(IndexError):
                paged[index]
        assert api.calls == fetched, (
            f"with the total ({total}) known, an index out of range needs no page, but pages "
            f"fetched went from {fetched} to {api.calls}"
        )


@pytest.mark.rule(4)
def test_non_integer_index_raises_type_error() -> None:
    """an index that is neither an int nor a slice raises TypeError"""
    paged, _ = results(42, 10)
    for index in ("1", 1.0, None):
        with pytest.raises(TypeError):
            paged[index]


@pytest.mark.rule(6)
def test_slices_match_a_list() -> None:
    """slices (negative bounds, steps, reversed) give the same list as slicing a list"""
    paged, api = results(42, 10)
    reference = api.items
    cases = [
        slice(None),
        slice(1, 3),
        slice(8, 23),
        slice(-5, None),
        slice(None, -38),
        slice(40, 100),
        slice(100, 200),
        slice(None, None, 7),
        slice(None, None, -1),
        slice(30, 5, -4),
        slice(-1, -42, -13),
    ]
    for case in cases:
        got = paged[case]
        expected = reference[case]
        assert isinstance(got, list), f"x[{case}] should be a list, got {type(got).__name__}"
        assert got == expected, f"x[{case}]: expected {expected}, got {got}"


@pytest.mark.rule(6)
def test_zero_step_raises_value_error() -> None:
    """a slice step of 0 raises ValueError, as it does for a list"""
    paged, _ = results(12, 5)
    with pytest.raises(ValueError):  # noqa: PT011 - any message will do
        paged[::0]
    with pytest.raises(ValueError):  # noqa: PT011
        paged[3:1:0]


@pytest.mark.rule(6)
def test_slice_fetches_only_the_pages_it_covers() -> None:
    """a slice fetches only the pages holding its items (and at most one other for the total)"""
    cases = [
        ((31, 35, None), {3}),
        ((5, 95, 30), {0, 3, 6}),
        ((12, 88, 25), {1, 3, 6, 8}),
        ((None, None, -40), {9, 5, 1}),
    ]
    for (start, stop, step), needed in cases:
        paged, api = results(95, 10)
        what = f"x[{start}:{stop}:{step}] (10 per page)".replace("None", "")
        got = paged[start:stop:step]
        expected = api.items[start:stop:step]
        assert got == expected, f"{what}: expected {expected}, got {got}"
        assert_fetched(api.calls, needed, what)


@pytest.mark.rule(7, 11)
def test_iteration_fetches_each_page_once() -> None:
    """iterating yields every item in order and fetches each page exactly once"""
    paged, api = results(42, 10)
    assert list(paged) == api.items, "iteration should yield item0 ... item41 in order"
    assert sorted(api.calls) == [0, 1, 2, 3, 4], (
        f"expected pages 0-4 fetched once each (the total says there are 5), got {api.calls}"
    )
    assert list(paged) == api.items, "a second iteration should yield the same items"
    assert sorted(api.calls) == [0, 1, 2, 3, 4], f"a second iteration re-fetched: {api.calls}"
    exact, exact_api = results(30, 10)
    assert list(exact) == exact_api.items, "iteration over 30 items in pages of 10"
    assert sorted(exact_api.calls) == [0, 1, 2], (
        f"30 items in pages of 10 are pages 0-2; do not ask for page 3: fetched {exact_api.calls}"
    )


@pytest.mark.rule(7)
def test_iteration_is_lazy() -> None:
    """iteration fetches a page only when it reaches it"""
    paged, api = results(42, 10)
    iterator = iter(paged)
    assert api.calls == [], f"iter() alone should not fetch, fetched {api.calls}"
    assert next(iterator) == "item0", "the first item is item0"
    assert api.calls == [0], f"the first item needs only page 0, fetched {api.calls}"
    assert list(itertools.islice(iterator, 14)) == [f"item{n}" for n in range(1, 15)]
    assert api.calls == [0, 1], f"items 0-14 need pages 0 and 1 only, fetched {api.calls}"


@pytest.mark.rule(8)
def test_contains_stops_at_the_first_match() -> None:
    """`in` scans lazily: it stops at the page holding the item, or checks every page once"""
    paged, api = results(42, 10)
    assert "item5" in paged, "'item5' is in the results"
    assert api.calls == [0], f"'item5' is on page 0, but pages {api.calls} were fetched"
    assert "item99" not in paged, "'item99' is not in the results"
    assert sorted(api.calls) == [0, 1, 2, 3, 4], (
        f"a missing item needs every page once; pages fetched: {api.calls}"
    )


@pytest.mark.rule(9)
def test_bool_is_false_only_when_empty() -> None:
    """bool() is False for no results and True otherwise, with at most one fetch"""
    empty, empty_api = results(0, 10)
    assert not empty, "PagedResults with a total of 0 should be falsy"
    full, full_api = results(3, 10)
    assert full, "PagedResults with 3 items should be truthy"
    assert len(empty_api.calls) <= 1, f"bool() fetched more than one page: {empty_api.calls}"
    assert len(full_api.calls) <= 1, f"bool() fetched more than one page: {full_api.calls}"


@pytest.mark.rule(3, 4, 6, 7)
def test_empty_results_behave_like_an_empty_list() -> None:
    """with no results: len 0, nothing to iterate, x[0] and x[-1] raise IndexError"""
    paged, api = results(0, 10)
    assert len(paged) == 0, f"expected len 0, got {len(paged)}"
    assert list(paged) == [], f"expected no items, got {list(paged)}"
    assert paged[:] == [], f"expected x[:] == [], got {paged[:]}"
    for index in (0, -1):
        with pytest.raises(IndexError):
            paged[index]
    assert api.calls == [0], f"an empty result needs only page 0, fetched {api.calls}"


@pytest.mark.rule(10)
def test_repr_shows_what_is_known_without_fetching() -> None:
    """repr() names the class and never fetches; once the total is known it shows it"""
    paged, api = results(42, 10)
    text = repr(paged)
    assert text.startswith("PagedResults("), f"expected repr to start 'PagedResults(', got {text}"
    assert api.calls == [], f"repr() should not fetch anything, it fetched {api.calls}"
    assert "total=?" in text, f"before any fetch the total is unknown: expected total=?, got {text}"
    len(paged)
    fetched = list(api.calls)
    text = repr(paged)
    assert "42" in text, f"after len(), repr should show the total 42: {text}"
    assert api.calls == fetched, "repr() fetched a page"
    paged[25]
    fetched = list(api.calls)
    text = repr(paged)
    assert "42" in text, f"repr should still show the total 42: {text}"
    assert api.calls == fetched, "repr() fetched a page"


operations = st.one_of(
    st.integers(min_value=-45, max_value=45),
    st.builds(
        slice,
        st.none() | st.integers(-45, 45),
        st.none() | st.integers(-45, 45),
        st.none() | st.integers(-5, 5).filter(bool),
    ),
)


@pytest.mark.rule(4, 5, 6, 11)
@given(
    total=st.integers(min_value=0, max_value=40),
    page_size=st.integers(min_value=1, max_value=7),
    accesses=st.lists(operations, max_size=15),
)
def test_indexing_matches_a_list(total: int, page_size: int, accesses: list[int | slice]) -> None:
    """for any total, page size, index and slice, x[...] behaves exactly like a list"""
    paged, api = results(total, page_size)
    reference = api.items
    for access in accesses:
        try:
            expected = reference[access]
        except IndexError:
            with pytest.raises(IndexError):
                paged[access]
            continue
        got = paged[access]
        assert got == expected, f"x[{access}] with {total} items: expected {expected}, got {got}"
    assert len(paged) == total, f"len() should be {total}, got {len(paged)}"
    again = {page: n for page, n in Counter(api.calls).items() if n > 1}
    assert again == {}, f"pages fetched more than once (page: times): {again}"
    assert all(number >= 0 for number in api.calls), f"negative page requested: {api.calls}"
