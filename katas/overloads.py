"""Overloads: a parse() whose return type depends on the value of an argument.

Interview question: "How do you type a function whose return type depends on the *value* of
an argument, like open()'s mode or a parse(value, kind)?"

The task
--------
Write ``parse(value, kind)``, which turns configuration text into a Python value:

============  ==========  ==============================================================
kind          returns     rule
============  ==========  ==============================================================
``"str"``     ``str``     the text unchanged; this is the default kind
``"int"``     ``int``     like ``int(value)``
``"float"``   ``float``   like ``float(value)`` (``parse("1", "float")`` is ``1.0``)
``"bool"``    ``bool``    ``true/yes/on/1`` -> True, ``false/no/off/0`` -> False,
                          ignoring letter case and surrounding whitespace
``"json"``    ``JSON``    like ``json.loads(value)``
============  ==========  ==============================================================

Invalid text raises ``ValueError`` (``parse("1.5", "int")``, ``parse("maybe", "bool")``,
``parse("{", "json")``), and so does an unknown kind, which only a caller who bypasses the
types can pass.

The types are the main part. The placeholder signature below returns ``object``, so every
caller has to cast. Make the return type follow ``kind``: ``parse("8080", "int")`` is an
``int`` for mypy, ``parse("x")`` is a ``str``, a kind typed ``Literal["int", "bool"]`` gives
``int | bool``, and ``parse("1", "xml")`` or ``parse("1", some_str)`` is a type error.

Rules
-----
* Use ``typing.overload`` with ``Literal`` kinds: one overload per kind, then the single
  implementation. No ``Any`` in the signatures, no ``cast``, no ``# type: ignore``.
* ``json.loads`` returns ``Any``; give its result the ``JSON`` type without a cast (mypy
  --strict reports returning ``Any`` from a typed function).
* Beware: ``bool("false")`` is ``True``.

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
