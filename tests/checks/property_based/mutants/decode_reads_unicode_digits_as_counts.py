"""decode mistakes a non-ASCII digit such as '٣' for part of a count

Breaks: 1
"""

from __future__ import annotations

import re

DIGITS = "0123456789"
_ENCODED = re.compile(r"(?:[1-9]\d*\D)*")
_RUN = re.compile(r"([1-9]\d*)(\D)")


def encode(text: str) -> str:
    """The run-length encoding of ``text``.

    - ``text`` may hold any characters (spaces, newlines, emoji, non-ASCII letters, and
      non-ASCII digits such as ``"²"`` or ``"٣"``, which are ordinary characters here) except
      the ASCII digits ``0``-``9``, which would be mistaken for counts: a text with an ASCII
      digit anywhere raises ``ValueError``.
    - Each run is written as its length in decimal (no leading zeros), then its character.
    - Runs are maximal and counts have no size limit: ``"aaaa"`` gives ``"4a"``, never
      ``"2a2a"``, and twelve ``x`` give ``"12x"``, never ``"9x3x"``. So two neighbouring runs
      never have the same character, and ``encode("")`` is ``""``.
    - ``decode(encode(text)) == text``.
    """
    if any(char in DIGITS for char in text):
        raise ValueError("encode() takes text without the digits 0-9")
    parts: list[str] = []
    run_char, run_length = "", 0
    for char in text:
        if char == run_char:
            run_length += 1
        else:
            if run_length:
                parts.append(f"{run_length}{run_char}")
            run_char, run_length = char, 1
    if run_length:
        parts.append(f"{run_length}{run_char}")
    return "".join(parts)


def decode(encoded: str) -> str:
    """The text whose run-length encoding is ``encoded``.

    ``encoded`` must be a sequence of runs, each a count then one character: the count is
    a decimal number of at least 1, of any length (``"10a"`` is ten ``a``), without leading
    zeros, the character anything but an ASCII digit. ``decode("")`` is ``""``. Anything
    else raises ``ValueError``: ``"a"`` or ``"3ab"`` (a character without a count), ``"3"``
    or ``"3a4"`` (a count without a character), ``"0a"`` (a count of zero), ``"03a"`` (a
    leading zero). Neighbouring runs of the same character are accepted
    (``decode("1a1a") == "aa"``) although ``encode`` never writes them.
    """
    if not _ENCODED.fullmatch(encoded):
        raise ValueError(f"not a run-length encoded text: {encoded!r}")
    return "".join(char * int(count) for count, char in _RUN.findall(encoded))
