"""Round-trip only, over st.text(): a consistent but wrong pair still round-trips.

No invariant of the format, no long runs, no refused input: runs split at 9, the character
written before its count, a lenient decoder and a lenient encoder all survive.

Caught by: mutant_runs_split_at_nine, mutant_character_before_count, mutant_lenient_decode
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
def test_decode_reverses_encode(text: str) -> None:
    assert decode(encode(text)) == text
