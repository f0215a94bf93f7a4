"""Narrowing: TypeGuard and TypeIs functions for JSON-like data.

Interview question: "You have a value typed as a union (say, parsed JSON). How do you write
your own isinstance-like check that mypy understands, and what is the difference between
TypeGuard and TypeIs?"

The task
--------
``JSON`` below is the type of anything ``json.loads`` can return. Write four type guards
(``is_json_object``, ``is_json_array``, ``is_str_list``, ``is_number``) and two functions that
use them (``get_tags``, ``sum_numbers``).

Each guard returns ``typing.TypeGuard[X]`` or ``TypeIs[X]``: pick the right one for each.
``TypeIs`` narrows both branches but demands that the function returns True *exactly* for
values of type ``X`` and that ``X`` is a subtype of the parameter's type; ``TypeGuard``
narrows only the true branch and has neither requirement. (On Python 3.11, ``TypeIs`` comes
from ``typing_extensions``.) No ``Any``, no ``cast``, no ``# type: ignore``: ``get_tags`` and
``sum_numbers`` should type-check under ``mypy --strict`` by narrowing with your guards. The
hidden checks compare the guards with ``isinstance`` on random JSON documents and use
``assert_type`` in both branches of an ``if``.

Rules
-----
1. Each guard takes a ``JSON`` value, as the stub declares: passing something that is not
   JSON (``bytes``, a ``set``, an ``object()``) to a guard is a type error.
2. ``is_json_object(value)`` is ``True`` exactly for a dict (a ``dict`` subclass such as
   ``OrderedDict`` included) and ``False`` for every other value.
3. When ``is_json_object(value)`` is true, mypy narrows ``value`` to ``dict[str, JSON]``;
   when it is false, mypy rules ``dict`` out.
4. ``is_json_array(value)`` is ``True`` exactly for a list (a ``list`` subclass included) and
   ``False`` for every other value.
5. When ``is_json_array(value)`` is true, mypy narrows ``value`` to ``list[JSON]``; when it is
   false, mypy rules ``list`` out.
6. ``is_str_list(value)`` is ``True`` for a list whose items are all ``str`` (``[]``
   included) and ``False`` for every other value (a ``str`` is not a list of ``str``).
7. When ``is_str_list(value)`` is true, mypy narrows ``value`` to ``list[str]``; when it is
   false, nothing is known: ``value`` stays ``JSON`` (it may still be a list).
8. ``is_number(value)`` is ``True`` for an ``int`` or a ``float`` (``inf`` and ``nan``
   included) and ``False`` for ``True``, ``False`` and every value that is not a number.
9. When ``is_number(value)`` is true, mypy narrows ``value`` to ``int | float``; when it is
   false, the value may still be a ``bool``, which is an ``int`` subclass, so a false result
   must not rule ``int`` out: ``value`` stays ``JSON``.
10. ``get_tags(document)`` returns ``document["tags"]`` when the document is an object whose
   ``"tags"`` is a list of ``str``, and ``[]`` for any other document (it never raises).
11. ``sum_numbers(document)`` is the sum of every number (bools excluded) anywhere in the
   document, in objects and arrays at any depth; 0 when there is none. ``inf`` and ``nan``
   are numbers too and add as floats do (``inf`` plus ``-inf`` is ``nan``); it never raises.
12. ``get_tags`` and ``sum_numbers`` take any ``JSON`` document and are typed precisely:
   ``get_tags`` returns ``list[str]``, ``sum_numbers`` returns ``float``, and an argument that
   is not JSON is a type error.

Example
-------
>>> doc = {"tags": ["a", "b"], "size": 2, "ok": True, "nested": [1.5, {"n": -1}]}
>>> get_tags(doc)
['a', 'b']
>>> sum_numbers(doc)
2.5
>>> is_number(True), is_str_list(["x"]), is_str_list("x")
(False, True, False)

Where to start
--------------
Write ``is_json_object`` with ``TypeIs`` and run ``nox -s check -- narrowing``: the mypy checks use
``assert_type`` in both branches of an ``if``. Then ask yourself for ``is_str_list`` and
``is_number``: is ``list[str]`` a subtype of ``JSON``? Is "not a number" the same as "not an
int"?
"""

from __future__ import annotations

from typing import TypeAlias, TypeGuard

from typing_extensions import TypeIs

JSON: TypeAlias = dict[str, "JSON"] | list["JSON"] | str | int | float | bool | None


def is_json_object(value: JSON) -> bool:  # TODO: a guard type instead of bool
    raise NotImplementedError


def is_json_array(value: JSON) -> bool:  # TODO: a guard type instead of bool
    raise NotImplementedError


def is_str_list(value: JSON) -> bool:  # TODO: a guard type instead of bool
    raise NotImplementedError


def is_number(value: JSON) -> bool:  # TODO: a guard type instead of bool
    raise NotImplementedError


def get_tags(document: JSON) -> list[str]:
    raise NotImplementedError


def sum_numbers(document: JSON) -> float:
    raise NotImplementedError
