"""Property-based testing: hypothesis properties for a run-length encoder/decoder pair.

Task
----
``katas/rle.py`` is a small, correct run-length codec: ``encode("aaabccdddd") == "3a1b2c4d"``
and ``decode`` reverses it. Read it first: its docstrings are the specification. Your job is to
test it, in THIS file, mostly with hypothesis properties: statements that must hold for EVERY
input, which hypothesis checks against many generated inputs (and shrinks a failure to a
minimal example).

Rules
-----
1. ``decode(encode(text)) == text`` for EVERY text without the ASCII digits ``0``-``9``,
   whatever else it holds: spaces, newlines, emoji, non-ASCII letters, and non-ASCII digits
   such as ``"²"`` or ``"٣"`` (ordinary characters here, not counts).
2. ``encode`` writes each maximal run as its length in decimal, then its character:
   ``encode("aaabccdddd") == "3a1b2c4d"`` (a run of one is ``"1b"``, never ``"b"``) and
   ``encode("x" * 12) == "12x"`` (never ``"9x3x"``, never ``"x12"``). So neighbouring runs
   never share a character, and the counts add up to ``len(text)``.
3. ``decode`` reads counts of any length: ``decode("10a")`` is ten ``a``, ``decode("123b")``
   is 123 ``b``.
4. The empty text: ``encode("") == ""`` and ``decode("") == ""``.
5. ``encode`` raises ``ValueError`` for a text with an ASCII digit ANYWHERE in it (first,
   last or among other characters), not only for a text made of digits.
6. ``decode`` raises ``ValueError`` for a character without a count: ``"a"``, ``"3ab"``,
   ``"x3a"``.
7. ``decode`` raises ``ValueError`` for a count without a character after it: ``"3"``,
   ``"3a4"``.
8. ``decode`` raises ``ValueError`` for a count of zero: ``"0a"``, ``"2b0a"``.
9. ``decode`` raises ``ValueError`` for a count with a leading zero: ``"03a"``, ``"2b010c"``.
10. ``decode`` accepts neighbouring runs of the same character, although ``encode`` never
    writes them: ``decode("1a1a") == "aa"``, ``decode("2b3b") == "bbbbb"``.
11. ``texts()`` below is typed: it takes no argument and returns a ``SearchStrategy[str]``.

How you are graded
------------------
- The grader runs your tests against the correct ``rle.py``, where every test must pass, and
  then against several hidden *mutants* of it, each with one realistic bug planted. A mutant
  is *killed* when at least one of your tests fails on it. You solve the kata when your tests
  pass on the correct code and kill every mutant; for a survivor the grader names the
  behaviour your properties missed. The grader's hypothesis runs are derandomized: same
  tests, same verdict.
- Import the module under test as ``from katas.rle import decode, encode``.
- Use ``@given(...)`` with ``hypothesis.strategies``; plain pytest examples are welcome too.
- Properties must hold on the correct code for every generated input: generate only what the
  specification allows (``encode`` refuses digits), or test the refusal as its own property.
- Never take the expected value from the code under test; a test that asserts nothing,
  swallows every exception or is skipped kills nothing.
- Complete the typed strategy ``texts()`` below and use it in your properties.
- The module must type-check under ``mypy --strict``: annotate tests ``-> None``.

Which properties?
-----------------
- Round-trip: ``decode(encode(text)) == text``. Strong, but not enough on its own: a pair of
  functions can be consistently wrong and still round-trip.
- Invariants of the output: the shape of the format, what must be true of neighbouring runs,
  what the counts add up to.
- The contract for bad input: which inputs must raise ``ValueError``?
- A few examples pin the format itself (``@pytest.mark.parametrize``).
- Generators decide what gets tested: ``st.text()`` almost never produces a run of 10 or more
  equal characters; build such inputs on purpose (``st.lists``, ``st.tuples``, ``.map``).

Example
-------
This property shows the tools; it passes on the correct code, but it is not one of the
rules::

    @given(st.text(alphabet=st.characters(exclude_characters=DIGITS), min_size=1))
    def test_encoding_at_most_doubles_the_length(text: str) -> None:
        assert len(encode(text)) <= 2 * len(text)

Where to start
--------------
Implement ``texts()`` with ``st.text(alphabet=st.characters(exclude_characters=DIGITS))``,
write the round-trip property, then add a property (and a few examples) per rule. Run your
tests with ``pytest katas/property_based.py`` and grade them with
``nox -s check -- property_based``.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from katas.rle import decode, encode

DIGITS = "0123456789"


def texts() -> SearchStrategy[str]:
    """Valid inputs of ``encode()``: texts without the digits 0-9, often with long runs."""
    raise NotImplementedError
