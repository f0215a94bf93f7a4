"""Narrowing: TypeGuard and TypeIs functions for JSON-like data.

Interview question: "You have a value typed as a union (say, parsed JSON). How do you write
your own isinstance-like check that mypy understands, and what is the difference between
TypeGuard and TypeIs?"

The task
--------
``JSON`` below is the type of anything ``json.loads`` can return. Write four type guards
and two functions that use them:

* ``is_json_object(value)`` -- true for a dict. mypy must narrow ``value`` to
  ``dict[str, JSON]`` when it is true, and rule ``dict`` out when it is false.
* ``is_json_array(value)`` -- true for a list; narrows to ``list[JSON]`` when true and rules
  ``list`` out when false.
* ``is_str_list(value)`` -- true for a list whose items are all ``str`` (``[]`` included);
  narrows to ``list[str]`` when true. When false, nothing is known (it may still be a list).
* ``is_number(value)`` -- true for an ``int`` or ``float`` but NOT for ``True``/``False``;
  narrows to ``int | float`` when true. When false the value may still be a ``bool``, which is
  an ``int`` subclass, so a false result must not rule ``int`` out.
* ``get_tags(document)`` -- ``document["tags"]`` when the document is an object whose
  ``"tags"`` is a list of ``str``; ``[]`` otherwise.
* ``sum_numbers(document)`` -- the sum of every number (bools excluded) anywhere in the
  document, in objects and arrays at any depth; 0 when there is none.

Rules
-----
* Each guard returns ``typing.TypeGuard[X]`` or ``TypeIs[X]``: pick the right one for each.
  ``TypeIs`` narrows both branches but demands that the function returns True *exactly* for
  values of type ``X`` and that ``X`` is a subtype of the parameter's type; ``TypeGuard``
  narrows only the true branch and has neither requirement. (On Python 3.11, ``TypeIs`` comes
  from ``typing_extensions``.)
* No ``Any``, no ``cast``, no ``# type: ignore``: ``get_tags`` and ``sum_numbers`` must
  type-check under ``mypy --strict`` by narrowing with your guards.
* The guards are checked at runtime against ``isinstance`` on random JSON documents.

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
