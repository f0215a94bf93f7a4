"""Overloads: a parse() whose return type depends on the value of an argument.

Interview question: "How do you type a function whose return type depends on the *value* of
an argument, like open()'s mode or a parse(value, kind)?"

The task
--------
Write ``parse(value, kind)``, which turns configuration text into a Python value of the type
``kind`` names: ``"str"`` (the default), ``"int"``, ``"float"``, ``"bool"`` or ``"json"``.

The types are the main part. The placeholder signature below returns ``object``, so every
caller has to cast. Make the return type follow ``kind`` with ``typing.overload`` and
``Literal`` kinds: one overload per kind, then the single implementation. Your module must
pass ``mypy --strict`` without ``# type: ignore``; ``json.loads`` returns ``Any``, so give its
result the ``JSON`` type (an annotated local does it, no ``cast`` needed).

Rules
-----
1. ``parse(value)`` and ``parse(value, "str")`` return the text unchanged: ``"str"`` is the
   default kind.
2. ``"int"`` parses exactly like ``int(value)``: surrounding whitespace, a sign and
   underscores between digits are accepted (``parse(" -1_000 ", "int")`` is ``-1000``), and
   text that ``int()`` refuses (``"1.5"``, ``"1e3"``, ``"0x10"``, ``""``) raises
   ``ValueError``.
3. ``"float"`` parses exactly like ``float(value)`` and always returns a ``float``
   (``parse("1", "float")`` is ``1.0``; ``"inf"`` and ``"nan"`` are accepted); text that
   ``float()`` refuses raises ``ValueError``.
4. ``"bool"`` returns ``True`` for ``true``, ``yes``, ``on``, ``1`` and ``False`` for
   ``false``, ``no``, ``off``, ``0``, ignoring letter case and surrounding whitespace (any
   whitespace ``str.strip()`` removes: spaces, tabs, newlines, a no-break space...). Any
   other text, ``""`` included, raises ``ValueError``. Beware: ``bool("false")`` is ``True``.
5. ``"json"`` parses like ``json.loads(value)``: any JSON document, a bare number, string or
   ``null`` included, and the ``NaN``/``Infinity``/``-Infinity`` that ``json.loads``
   accepts; malformed text raises ``ValueError``.
6. An unknown kind (``"xml"``, ``"INT"``; only a caller who bypasses the types can pass one)
   raises ``ValueError``.
7. The return type follows ``kind``, whether it is passed by position or by keyword:
   ``parse("x")`` and ``parse("x", "str")`` are ``str``, ``"int"`` gives ``int``,
   ``"float"`` ``float``, ``"bool"`` ``bool`` and ``"json"`` ``JSON``: each exactly that
   type, neither a union nor ``Any``. A kind typed as a union of literals gives the union of
   their results: a ``Literal["int", "str"]`` kind gives ``int | str``.
8. Only the five kinds type-check: ``parse("1", "xml")``, ``parse("1", "INT")``, a kind
   typed plain ``str`` and a value that is not a ``str`` are type errors.

Example
-------
>>> parse("8080", "int") + 1
8081
>>> parse(" Off ", "bool")
False
>>> parse('{"debug": true}', "json")
{'debug': True}
>>> parse("hello")
'hello'

Where to start
--------------
Write the runtime body first and make the pytest checks pass, then add the ``@overload``
declarations above it and read mypy's verdict with ``nox -s check -- overloads``. An overload for
the default kind needs a default too: ``kind: Literal["str"] = ...``.
"""

from __future__ import annotations

from typing import TypeAlias

JSON: TypeAlias = dict[str, "JSON"] | list["JSON"] | str | int | float | bool | None


def parse(value: str, kind: str = "str") -> object:  # TODO: one overload per kind
    raise NotImplementedError
