"""Stub file: type an untyped module from the outside with a ``.pyi`` stub.

Interview question: "You depend on a library that has no type hints (legacy code, a C
extension, a vendor SDK). How do you get mypy --strict to check your code that uses it?"

The task
--------
``katas/stub_file.py`` is a small legacy module with no annotations. It works; do not change
it. This file, ``katas/stub_file.pyi``, is its *stub*: when both exist, mypy reads only the
stub and trusts it. Right now the stub is a placeholder: a few names typed ``Any`` and a
module ``__getattr__`` that makes every other name ``Any`` too. Replace it with a complete,
precise stub, so that a consumer type-checks under ``--strict`` and misuse is rejected:

* ``DEFAULT_TIMEOUT`` is a float and ``UNITS`` a dict of str to float;
* ``parse_duration(text)`` takes a str and returns a float;
* ``chunked(items, size)`` yields lists of the items' own type (``chunked([1, 2], 1)``
  yields ``list[int]``);
* ``with_retries(func, attempts, exceptions)`` returns a function with exactly ``func``'s
  parameters and return type (``ParamSpec``); ``exceptions`` is a tuple of exception classes;
* ``Settings`` holds ``str`` values: its constructor takes a mapping of str to str and str
  keyword arguments; ``settings.values`` is a ``dict[str, str]``; ``settings["key"]`` is a
  str; ``get(key)`` is ``str | None`` and ``get(key, default)`` is ``str`` or the default's
  type (two overloads); ``get_int``/``get_duration`` return int/float;
  ``Settings.from_env()`` on a subclass returns that subclass (``typing.Self``);
  ``override(**values)`` is a context manager that gives the settings object back;
* ``MissingSetting`` is a ``KeyError`` with a ``key: str`` attribute.

Rules
-----
* Stub syntax: bodies are ``...``, default values are written ``= ...`` (or the literal
  default), instance attributes are declared in the class body (``values: dict[str, str]``).
* Declare every public name of the module, every method of its classes and their instance
  attributes, and nothing that does not exist at runtime: the checks run
  ``python -m mypy.stubtest katas.stub_file``. Helper names that exist only in the
  stub (type variables) must be private: ``_T = TypeVar("_T")``.
* No ``Any`` left and no module ``__getattr__``; no ``# type: ignore``.

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
