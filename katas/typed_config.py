"""Typed config: a TypedDict with Required/NotRequired keys, validated by its Annotated metadata.

Interview question: "How do you describe the shape of a JSON-like config with types, and how
can the same type declaration drive validation at runtime?"

The task
--------
Part 1 -- the type. Declare ``ServerConfig`` as a ``TypedDict``:

=============  ========  ==========  ==========================================
key            type      required?   constraint (``Annotated`` metadata)
=============  ========  ==========  ==========================================
``host``       ``str``   required    ``Length(1, 253)``
``port``       ``int``   required    ``Range(1, 65535)``
``workers``    ``int``   optional    ``Range(1, 64)``
``log_level``  ``str``   optional    ``OneOf(("debug", "info", "warning", "error"))``
``debug``      ``bool``  optional    none
=============  ========  ==========  ==========================================

Part 2 -- the validator. ``validate(schema, data)`` checks untrusted data (parsed JSON, env
vars...) against ANY such TypedDict ``schema`` and returns it typed as that schema. It must
read the schema's own annotations at runtime with
``typing.get_type_hints(schema, include_extras=True)``; the hidden checks call it with
TypedDicts you have never seen, with other keys and constraints. No ``Any`` in your public
signatures and no ``# type: ignore``; ``typing.cast`` is fine where you really know more than
mypy (a validated dict *is* the schema).

Gotchas: with ``include_extras=True`` the hints keep the ``Required[...]``/``NotRequired[...]``
wrappers around ``Annotated[...]`` or inside it, so unwrap both. Which keys are required is in
``schema.__required_keys__``. Do not add ``from __future__ import annotations`` to this
module: on Python 3.11 string annotations hide ``NotRequired`` from ``__required_keys__``.

Rules
-----
1. ``ServerConfig`` has the keys and value types of the table, ``host`` and ``port``
   required and the others optional: mypy rejects a config without ``host`` or ``port``,
   with a value of the wrong type or with a key the table does not list, and accepts one that
   leaves any optional key out. Optional means the key may be *absent* (``NotRequired``), not
   that its value may be ``None``: ``{"host": "db", "port": 1, "workers": None}`` is a type
   error.
2. Each ``ServerConfig`` key carries the constraint of the table as ``Annotated`` metadata, so
   ``validate(ServerConfig, data)`` enforces exactly those limits.
3. ``validate`` is typed by its schema: ``validate(ServerConfig, raw)`` is a ``ServerConfig``
   for mypy (not a ``dict``, not ``Any``). ``data`` may be any ``Mapping[str, object]`` (a
   ``dict[str, int]`` or a ``MappingProxyType`` too), and an argument that is not a mapping
   is a type error.
4. Every required key of the schema must be present: each missing one is a problem.
5. A key that the schema does not declare is a problem.
6. Each value must have its declared type, one of ``int``, ``float``, ``str``, ``bool``. A
   ``bool`` is not accepted where an ``int`` or a ``float`` is declared (even though ``True``
   is an ``int`` in Python), an ``int`` is accepted where a ``float`` is declared, and
   ``None`` is never a valid value. A value of the wrong type is one problem; its constraints
   are then not checked.
7. Every ``Range``, ``Length`` and ``OneOf`` in the key's ``Annotated`` metadata must hold:
   bounds are inclusive (``nan`` is in no ``Range``: ``low <= nan`` is false), ``OneOf``
   compares with ``==`` (case matters), and a key may carry several constraints, each of
   which must hold. Any other metadata object is documentation and is ignored.
8. Any TypedDict schema is read correctly: ``total=False`` with ``Required`` keys, an
   inherited TypedDict, and both nesting orders, ``NotRequired[Annotated[int, Range(1, 5)]]``
   as well as ``Annotated[NotRequired[int], Range(1, 5)]`` (and the same for ``Required``).
9. All problems are collected and raised together as one ``ConfigError`` whose ``problems``
   list has exactly one message per problem, each naming the key it is about.
10. A valid config is returned as a new ``dict`` holding the same items (the very same
   values, not converted), whatever kind of mapping came in.

Example
-------
>>> validate(ServerConfig, {"host": "db", "port": 5432})
{'host': 'db', 'port': 5432}
>>> try:
...     validate(ServerConfig, {"host": "db", "port": 0, "prot": 80})
... except ConfigError as error:
...     print(len(error.problems))
2

Where to start
--------------
Print ``get_type_hints(ServerConfig, include_extras=True)`` once you have declared the keys,
then use ``typing.get_origin``/``typing.get_args`` to peel off the wrappers. ``match`` with
class patterns (``case Range(low, high):``) reads the constraints nicely.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypedDict


@dataclass(frozen=True)
class Range:
    """The value is a number with ``low <= value <= high``."""

    low: float
    high: float


@dataclass(frozen=True)
class Length:
    """The value is a string with ``shortest <= len(value) <= longest``."""

    shortest: int
    longest: int


@dataclass(frozen=True)
class OneOf:
    """The value is one of ``choices``."""

    choices: tuple[object, ...]


class ConfigError(ValueError):
    """A config failed validation; ``problems`` lists everything that is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class ServerConfig(TypedDict, total=False):
    """TODO: mark which keys are required and attach the constraints from the table."""

    host: str
    port: int
    workers: int
    log_level: str
    debug: bool


def validate(schema: type[object], data: Mapping[str, object]) -> dict[str, object]:
    # TODO: make the result typed as the schema that was passed in
    raise NotImplementedError
