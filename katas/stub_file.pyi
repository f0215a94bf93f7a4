"""Stub file: type an untyped module from the outside with a ``.pyi`` stub.

Interview question: "You depend on a library that has no type hints (legacy code, a C
extension, a vendor SDK). How do you get mypy --strict to check your code that uses it?"

The task
--------
``katas/stub_file.py`` is a small legacy module with no annotations. It works; do not change
it. This file, ``katas/stub_file.pyi``, is its *stub*: when both exist, mypy reads only the
stub and trusts it. Right now the stub is a placeholder: a few names typed ``Any`` and a
module ``__getattr__`` that makes every other name ``Any`` too. Replace it with a complete,
precise stub, so that a consumer type-checks under ``--strict`` and misuse is rejected.

Stub syntax: bodies are ``...``, default values are written ``= ...`` (or the literal
default), instance attributes are declared in the class body (``values: dict[str, str]``).
No ``Any`` may be left (the hidden checks use ``assert_type`` on what the module returns) and
no ``# type: ignore``.

Rules
-----
1. ``DEFAULT_TIMEOUT`` is a ``float`` and ``UNITS`` a ``dict`` of ``str`` to ``float``.
2. ``parse_duration(text)`` takes a ``str`` (not a number) and returns a ``float``.
3. ``chunked(items, size)`` takes any iterable and an ``int`` size and returns an iterator
   of lists of the items' own type: ``chunked([1, 2], 1)`` yields ``list[int]``.
4. ``with_retries(func, ...)`` returns a function with exactly ``func``'s parameters and
   return type (``ParamSpec``): calling it with arguments ``func`` does not accept is a type
   error.
5. ``with_retries``'s ``attempts`` is an ``int`` and ``exceptions`` a tuple of exception
   classes, such as ``(ValueError, KeyError)``; a list, or a tuple of anything else, is a
   type error.
6. ``Settings(values, **overrides)`` takes any mapping of ``str`` to ``str`` (a
   ``Mapping[str, str]``, or ``None``) and ``str`` keyword arguments; ``settings.values`` is
   a ``dict[str, str]``.
7. ``settings["key"]`` is a ``str``, ``"key" in settings`` a ``bool`` and ``len(settings)`` an
   ``int``; ``get_int(key, default)`` takes an ``int`` default and returns an ``int``,
   ``get_duration(key, default)`` takes a ``float`` default and returns a ``float``.
8. ``get(key)`` is ``str | None`` and ``get(key, default)`` is ``str`` or the default's type
   (two overloads): ``get("name", "anonymous")`` is a ``str``, ``get("retries", 0)`` a
   ``str | int``.
9. ``Settings.from_env(environ, prefix)`` is a classmethod taking any mapping of ``str`` to
   ``str`` (``os.environ`` too, or ``None``) and a ``str`` prefix; called on a subclass it
   returns that subclass (``typing.Self``).
10. ``override(**values)`` takes ``str`` keyword arguments and is a context manager whose
   ``as`` target is the settings object itself, typed as its own class (``Self``: a
   subclass stays that subclass).
11. ``MissingSetting`` is a ``KeyError`` with a ``key: str`` attribute.
12. The stub declares every public name of the module, every method of its classes and
   their instance attributes (``Settings.values``, ``MissingSetting.key``), and has no module
   ``__getattr__``: importing a name the module does not have is a type error.
13. The stub agrees with the runtime module as ``python -m mypy.stubtest katas.stub_file``
   sees it: the same parameter names, kinds and defaults, and no public name that does not
   exist at runtime (stub-only helpers such as type variables are private:
   ``_T = TypeVar("_T")``).
14. ``stub_file.py`` stays as it is: the checks also run it, and its functions and
   ``Settings`` must behave exactly as before.

Example
-------
A consumer that must type-check once the stub is complete::

    settings = AppSettings.from_env(prefix="MY_")      # AppSettings, not Settings
    port: int = settings.get_int("port", 8080)
    name: str = settings.get("name", "anonymous")      # str, not str | None
    safe_parse = with_retries(parse_duration, attempts=2)
    seconds: float = safe_parse("5m")
    safe_parse(5)                                      # error: int is not str

Where to start
--------------
Read ``stub_file.py``, then write one declaration per public name, starting with the
functions. ``nox -s check -- stub_file`` runs the consumer checks and stubtest; you can also run
``python -m mypy.stubtest katas.stub_file`` yourself from the repository root.
"""

from typing import Any

DEFAULT_TIMEOUT: Any

def parse_duration(text: Any) -> Any: ...

# TODO: remove this. It makes every name the stub does not declare yet an `Any`.
def __getattr__(name: str) -> Any: ...
