"""An empty test module: a strategy but no test functions, so nothing is checked.

Caught by: tests_pass_on_correct_code
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from katas.rle import decode, encode

DIGITS = "0123456789"


def texts() -> SearchStrategy[str]:
    return st.text(alphabet=st.characters(exclude_characters=DIGITS))
