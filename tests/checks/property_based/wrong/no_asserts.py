"""A property that calls encode and decode but never compares anything.

It still notices a crash (encoding the empty text), but no wrong result.

Caught by: mutant_last_run_dropped, mutant_single_digit_counts, mutant_character_before_count
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from katas.rle import decode, encode

DIGITS = "0123456789"


def texts() -> SearchStrategy[str]:
    return st.text(alphabet=st.characters(exclude_characters=DIGITS))


@given(texts())
def test_encode_and_decode_run(text: str) -> None:
    decode(encode(text))
