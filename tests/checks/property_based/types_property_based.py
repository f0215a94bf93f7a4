"""Hidden mypy checks for the property_based kata: the test module's strategy is typed."""

from typing import assert_type

from hypothesis.strategies import SearchStrategy

from katas.property_based import texts


def check_texts_is_a_strategy_of_str() -> None:
    """texts() returns a hypothesis strategy that generates str

    Rules: 11
    """

    def takes_int_strategy(strategy: SearchStrategy[int]) -> None: ...

    assert_type(texts(), SearchStrategy[str])
    takes_int_strategy(texts())  # type: ignore[arg-type]
    texts(10)  # type: ignore[call-arg]
