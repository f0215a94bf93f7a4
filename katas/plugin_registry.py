"""Plugin registry: register subclasses by name, with __init_subclass__ and with a metaclass.

Interview question: "How would you make every subclass of a base class register itself
automatically? Would you use a metaclass or ``__init_subclass__``, and why?"

The task
--------
An application exports reports in several formats. Each format is a plugin class, and a plugin
registers itself simply by being defined::

    class Csv(Plugin, name="csv"):
        content_type = "text/csv"
        extension = "csv"

    Plugin.lookup("csv")        # -> Csv
    Plugin.registered()         # -> {"csv": Csv, ...}

Write this twice, with the same behaviour:

* Part 1: ``Plugin``, using ``__init_subclass__``: Python calls ``Plugin.__init_subclass__``
  with the new subclass and the class statement's keywords (``name=...``, ``abstract=...``)
  every time a subclass of ``Plugin`` is created.
* Part 2: ``MetaPlugin``, whose behaviour comes from the metaclass ``PluginMeta``: Python calls
  ``PluginMeta.__new__(mcs, clsname, bases, namespace, **keywords)`` to create every class
  built on ``MetaPlugin`` (and ``MetaPlugin`` itself). Its parameters before ``/`` are
  positional-only, so that the class *name* and the ``name=`` keyword do not clash.

Every rule below holds for both hierarchies, and every check happens when the ``class``
statement runs (not later, at lookup).

Rules
-----
1. A concrete plugin declares its name with ``name="..."``. It is registered under exactly that
   name and gets a class attribute ``name`` holding it (``Csv.name == "csv"``). A named
   subclass of a concrete plugin is a plugin of its own, registered next to its parent.
2. ``abstract=True`` declares an intermediate base (shared attributes, no name): it is not
   registered and not checked. The bases ``Plugin`` and ``MetaPlugin`` are never registered.
3. A subclass that is neither named nor abstract raises ``TypeError``. This includes a
   subclass of a concrete plugin (the ``name`` attribute it inherits does not count) and a
   subclass of an abstract base (``abstract=True`` is not inherited).
4. A name already registered raises ``ValueError``, and the registry keeps the first class.
   Names are compared exactly (``"csv"`` and ``"CSV"`` are two names).
5. Every concrete plugin must have the class attributes ``content_type`` and ``extension``
   (defined on it or inherited from a base); a missing one raises ``TypeError``.
6. A rejected class leaves no trace in the registry, whatever the reason it was rejected
   (validate first, then register).
7. An unknown class keyword (``class X(Plugin, nmae="x")``) raises ``TypeError``: pass the
   remaining keywords on to ``super()``, which rejects them.
8. ``lookup(name)`` returns the registered class or raises ``KeyError``; ``registered()``
   returns a new ``dict`` (changing it does not change the registry).
9. The two hierarchies have separate registries: the same name may be used once in each.
10. Each version uses its own mechanism: ``Plugin`` works through ``__init_subclass__`` alone
    (no metaclass, so a plugin may also derive from ``abc.ABC``), and ``MetaPlugin`` is built
    by the metaclass ``PluginMeta``.
11. Types: ``lookup`` takes a ``str`` and returns ``type[Plugin]`` (``type[MetaPlugin]``),
    ``registered()`` a ``dict[str, type[Plugin]]`` (``dict[str, type[MetaPlugin]]``), and
    ``Plugin.__init_subclass__`` declares its keywords (``name: str | None``,
    ``abstract: bool``) so that mypy rejects ``class X(Plugin, name=3)``.

Why ``__init_subclass__`` is preferred
--------------------------------------
* It is a plain classmethod hook on the base class; a metaclass is a second, less familiar
  class that every reader has to understand.
* A class can have only one metaclass lineage: combine ``MetaPlugin`` with a base built on
  another metaclass (``abc.ABC``, an ORM's declarative base) and you get
  ``TypeError: metaclass conflict``. ``__init_subclass__`` composes with any base through
  ``super().__init_subclass__(**kwargs)``.
* mypy checks the class keywords against ``__init_subclass__``'s signature
  (``class X(Plugin, name=3)`` is a type error); keywords consumed by a metaclass are not
  checked.
Reach for a metaclass only when you need what only it can do (prepare the class namespace,
customise ``isinstance``, or change the class object itself before it exists).

Example
-------
>>> class Exporter(Plugin, abstract=True):
...     content_type = "text/plain"
>>> class Txt(Exporter, name="txt"):
...     extension = "txt"
>>> Plugin.lookup("txt") is Txt, Txt.name, "Exporter" in str(Plugin.registered())
(True, 'txt', False)
>>> class Other(Exporter, name="txt"):
...     extension = "text"
Traceback (most recent call last):
ValueError: plugin name 'txt' is already used by Txt

Where to start
--------------
Write ``Plugin.__init_subclass__`` (call ``super().__init_subclass__(**kwargs)`` first), then
``lookup`` and ``registered``; run ``nox -s check -- plugin_registry``. Then ``PluginMeta.__new__``:
create the class with ``super().__new__(mcs, clsname, bases, namespace, **kwargs)``, leave the
root (no bases) and abstract classes alone, and register the rest in a registry of its own.
"""

from __future__ import annotations

from typing import Any, ClassVar


class Plugin:
    """Base class of the ``__init_subclass__`` hierarchy."""

    name: ClassVar[str]
    content_type: ClassVar[str]
    extension: ClassVar[str]

    # TODO: declare the class keywords as keyword-only parameters (name: str | None,
    # abstract: bool) before **kwargs, so that mypy checks every class statement's keywords.
    def __init_subclass__(cls, **kwargs: Any) -> None:
        raise NotImplementedError

    @classmethod
    def lookup(cls, name: str) -> type[Plugin]:
        """The plugin class registered under ``name``; ``KeyError`` when there is none."""
        raise NotImplementedError

    @classmethod
    def registered(cls) -> dict[str, type[Plugin]]:
        """A copy of the registry: name -> plugin class."""
        raise NotImplementedError


class PluginMeta(type):
    """The metaclass that gives ``MetaPlugin`` the same behaviour as ``Plugin``."""

    def __new__(
        mcs,
        clsname: str,
        bases: tuple[type, ...],
        namespace: dict[str, Any],
        /,
        **kwargs: Any,
    ) -> PluginMeta:
        # TODO: take name= and abstract= out of the keywords (declare them keyword-only, after
        # the /), then validate and register. For now it only creates the class, so that this
        # module imports (MetaPlugin itself is created by this method).
        return super().__new__(mcs, clsname, bases, namespace, **kwargs)


class MetaPlugin(metaclass=PluginMeta):
    """Base class of the metaclass hierarchy."""

    name: ClassVar[str]
    content_type: ClassVar[str]
    extension: ClassVar[str]

    @classmethod
    def lookup(cls, name: str) -> type[MetaPlugin]:
        """The plugin class registered under ``name``; ``KeyError`` when there is none."""
        raise NotImplementedError

    @classmethod
    def registered(cls) -> dict[str, type[MetaPlugin]]:
        """A copy of the registry: name -> plugin class."""
        raise NotImplementedError
