"""Semantic versions as a value object: ordering, equality and hashing.

Task
----
Write ``Version``, an immutable value object for semantic versions (https://semver.org/):
``MAJOR.MINOR.PATCH`` with an optional pre-release, as in ``1.4.2`` or ``2.0.0-rc.1``.
Use the standard library only.

Rules
-----
1. ``Version(major, minor, patch, prerelease=())`` builds one, and its fields ``major``,
   ``minor``, ``patch`` (``int``) and ``prerelease`` (``tuple[str, ...]``) read the values
   back. ``prerelease`` is the tuple of the dot-separated pre-release identifiers, kept as
   strings: ``-rc.1`` is ``("rc", "1")``. The checks build versions from valid parts only
   (numbers ``>= 0``, identifiers as rule 2 allows them, so never ``"01"``); whether the
   constructor itself refuses other parts is up to you.
2. ``Version.parse(text)`` reads the text form ``MAJOR.MINOR.PATCH[-PRERELEASE]`` and returns a
   ``Version``. Anything that is not exactly a valid version raises ``ValueError``: a missing
   or extra part, a leading zero (``01.2.3``, ``1.2.3-rc.01``), an empty identifier
   (``1.2.3-``, ``1.2.3-a..b``), spaces, signs, underscores, non-ASCII digits or letters, a
   ``v`` prefix, a trailing newline, and build metadata (``1.2.3+build.5``: not supported
   here, so ``+`` is refused like any other stray character). Valid identifiers include
   ``0``, ``0a``, ``-`` and ``--x``: an identifier is digits only (no leading zero) or any
   mix of ``[0-9A-Za-z-]`` with at least one non-digit.
3. ``str(v)`` is the canonical text form, so ``Version.parse(str(v)) == v``.
4. ``<``, ``<=``, ``>`` and ``>=`` follow semver precedence
   (https://semver.org/#spec-item-11): major, minor, patch compare as numbers
   (``1.9.0 < 1.10.0``) and in that order.
5. A pre-release comes BEFORE its release: ``1.0.0-alpha < 1.0.0 < 1.0.1-alpha``.
6. Pre-releases of the same ``MAJOR.MINOR.PATCH`` compare their identifiers left to right:
   numeric ones as numbers, others as ASCII text (so ``"B" < "a"``), a numeric one is lower
   than a non-numeric one, and when all shared identifiers are equal the longer tuple is
   higher: ``1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta < 1.0.0-beta.2
   < 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0``.
7. ``==`` is value equality: two versions (separate objects included) are equal exactly when
   their four fields are equal, and ``!=`` is its negation. For any two versions exactly one
   of ``a < b``, ``a == b``, ``a > b`` holds.
8. Equal versions have equal hashes, so versions work as set members and dict keys.
9. Fields are read-only at run time: assigning ``v.major = 2`` raises ``AttributeError`` (a
   frozen dataclass's ``FrozenInstanceError`` is one).
10. Fields are read-only for mypy too: ``v.major = 2`` is a type error.
11. Comparing with something that is not a ``Version`` returns ``NotImplemented`` from the
    comparison method, so Python can ask the other operand: ``Version(1, 0, 0) == "1.0.0"``
    is ``False``, ``Version(1, 0, 0) == (1, 0, 0, ())`` is ``False``, and
    ``Version(1, 0, 0) < "2"`` raises ``TypeError``.

Design
------
Pick one: ``@dataclass(frozen=True, ...)`` (then replace the ``__init__`` below), or a plain
class with read-only properties, ``__eq__``, ``__hash__`` and ``@functools.total_ordering``.
Beware: ``@dataclass(order=True)`` compares the fields as a tuple, and that is NOT semver
precedence.

``==`` versus ``is``
--------------------
``a == b`` asks "do these represent the same value?" and calls ``a.__eq__(b)``, which you
define. ``a is b`` asks "are these the very same object?" (same identity, ``id(a) == id(b)``)
and cannot be overridden. Two separate ``Version.parse("1.2.3")`` calls give two objects that
are ``==`` but normally not ``is``. Value objects are compared with ``==``; ``is`` is for
singletons such as ``None``. Because dicts and sets look a key up by hash first and then by
``==``, every pair of equal objects must have equal hashes, and the hash must not change while
the object is in a set: that is why a hashable value object is immutable.

Example
-------
>>> v = Version.parse("2.0.0-rc.1")
>>> (v.major, v.minor, v.patch, v.prerelease)
(2, 0, 0, ('rc', '1'))
>>> str(v)
'2.0.0-rc.1'
>>> v < Version(2, 0, 0) and Version.parse("1.10.0") > Version.parse("1.9.0")
True
>>> {Version.parse("1.0.0"), Version(1, 0, 0)} == {Version(1, 0, 0)}
True

Where to start
--------------
``parse`` with one ``re.fullmatch`` (careful: ``\\d`` also matches non-ASCII digits and ``$``
matches before a trailing newline), then ``__str__``, then a sort key that encodes the
precedence rules, and build ``__eq__``/``__lt__``/``__hash__`` around it.
"""

from __future__ import annotations


class Version:
    """A semantic version: major.minor.patch with an optional pre-release."""

    major: int
    minor: int
    patch: int
    prerelease: tuple[str, ...]

    def __init__(
        self, major: int, minor: int, patch: int, prerelease: tuple[str, ...] = ()
    ) -> None:
        raise NotImplementedError

    @classmethod
    def parse(cls, text: str) -> Version:
        """Read ``MAJOR.MINOR.PATCH[-PRERELEASE]``; raise ValueError for anything else."""
        raise NotImplementedError

    def __str__(self) -> str:
        raise NotImplementedError
