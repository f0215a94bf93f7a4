"""Mixins in a diamond: cooperative ``super()`` and the MRO.

Task
----
Build a tiny model layer from one root class and three mixins, then combine them all in
``Article``. Every mixin derives from ``Model``, so ``Article`` closes a diamond: it reaches
``Model`` through three paths, yet ``Model.__init__`` and ``Model.save`` must run exactly once.
The classes, their keywords and their field types are given below; keep those annotations.

Rules
-----
1. ``Model(name=...)`` stores ``name`` and starts ``revision`` at 0. A missing ``name`` raises
   ``TypeError``.
2. ``Model.save()`` adds 1 to ``revision`` and returns ``self``. The ``save()`` chain ends
   there: ``object`` has no ``save()``.
3. ``Model.__init__`` is cooperative too: it passes every keyword other than ``name`` on with
   ``super().__init__(**kwargs)``, and calls it every time, also when no keyword is left. In
   ``Article`` that reaches ``object.__init__``, which raises ``TypeError`` for any keyword
   nobody consumed (a typo such as ``colour="red"``), but in
   ``class X(TimestampMixin, Model, Base)`` it reaches ``Base``, which must get its own
   keywords (and runs even when it takes none).
4. ``TimestampMixin(clock=...)``: ``clock`` is a zero-argument callable returning a float.
   Construction calls it exactly once and sets both ``created_at`` and ``updated_at`` to that
   value; each ``save()`` calls it once more and sets ``updated_at`` to the result
   (``created_at`` never changes).
5. ``AuditMixin(audit_log=...)`` keeps the very list it is given (no copy); each ``save()``
   appends one line to it, ``f"saved {self.name}"``. Construction appends nothing.
6. ``ValidationMixin``: ``save()`` calls ``self.validate()`` first and lets its
   ``ValueError`` propagate, so if validation fails nothing after ``ValidationMixin`` in the
   MRO runs (no stamp, no audit line, no new revision). ``validate()`` raises ``ValueError``
   when ``name`` is the empty string (a name of spaces is valid). Subclasses extend
   ``validate()`` and call ``super().validate()``, and ``save()`` must call the overriding
   ``validate()``. Construction never validates: an invalid record can be built, and only its
   ``save()`` refuses it.
7. ``Article(title=..., **everything else)`` combines all of them (the bases are given below)
   and stores ``title``; its ``validate()`` also rejects an empty ``title`` (``""``) and still
   rejects an empty ``name``.
8. Cooperative ``__init__``: every class takes its own keyword-only argument(s) and passes
   everything else on with ``super().__init__(**kwargs)``. Never call ``Model.__init__(self,
   ...)`` or another parent by name, and never drop the remaining keywords. Each mixin and
   ``Article`` must work in ANY combination, in any base order, also next to classes they
   have never seen: the checks build classes such as
   ``class X(AuditMixin, SomethingElse, TimestampMixin, Model)`` or ``class Y(Article, Other)``,
   where ``SomethingElse`` and ``Other`` are cooperative classes of their own, with keywords of
   their own. In every such combination each ``__init__`` in the MRO runs exactly once, in MRO
   order, and receives its own keywords.
9. Cooperative ``save()``: every class does its own step FIRST, then ``return super().save()``,
   so in every combination of rule 8 each ``save()`` in the MRO runs exactly once, in the
   order of ``type(self).__mro__``, and ``Model.save`` (the "write") comes last.
10. ``save()`` returns ``self`` typed as ``Self``, so ``Article(...).save()`` is an
    ``Article`` for mypy, and a new combination's ``save()`` is that combination.
11. The fields and keywords keep the stub's types for mypy: ``name: str``, ``revision: int``,
    ``created_at``/``updated_at: float``, ``audit_log: list[str]``, ``title: str``, and
    ``clock`` a ``Callable[[], float]``.

Example
-------
>>> ticks = iter([1.0, 2.0])
>>> log: list[str] = []
>>> a = Article(title="Diamonds", name="intro", clock=lambda: next(ticks), audit_log=log)
>>> (a.created_at, a.updated_at, a.revision)
(1.0, 1.0, 0)
>>> a.save() is a
True
>>> (a.updated_at, a.revision, log)
(2.0, 1, ['saved intro'])
>>> [c.__name__ for c in Article.__mro__]
['Article', 'ValidationMixin', 'TimestampMixin', 'AuditMixin', 'Model', 'object']

Where to start
--------------
``Model.__init__`` and ``Model.save``, then one mixin at a time (try each on its own with
``class Only(TimestampMixin, Model)``), then ``Article``. Print ``Article.__mro__``: that list,
not the base-class list you wrote, decides what ``super()`` means inside each class.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Self

Clock = Callable[[], float]


class Model:
    """The root of the hierarchy: a named record with a revision counter."""

    name: str
    revision: int

    def __init__(self, *, name: str, **kwargs: Any) -> None:
        raise NotImplementedError

    def save(self) -> Self:
        """Add 1 to revision and return self."""
        raise NotImplementedError


class TimestampMixin(Model):
    """Sets created_at/updated_at from an injected clock."""

    created_at: float
    updated_at: float

    def __init__(self, *, clock: Clock, **kwargs: Any) -> None:
        raise NotImplementedError

    def save(self) -> Self:
        raise NotImplementedError


class AuditMixin(Model):
    """Appends f"saved {name}" to an audit log on every save."""

    audit_log: list[str]

    def __init__(self, *, audit_log: list[str], **kwargs: Any) -> None:
        raise NotImplementedError

    def save(self) -> Self:
        raise NotImplementedError


class ValidationMixin(Model):
    """Validates before saving; validate() is itself a cooperative hook."""

    def validate(self) -> None:
        """Raise ValueError when the record is invalid (here: an empty name)."""
        raise NotImplementedError

    def save(self) -> Self:
        raise NotImplementedError


class Article(ValidationMixin, TimestampMixin, AuditMixin, Model):
    """All the mixins together: a diamond over Model."""

    title: str

    def __init__(self, *, title: str, **kwargs: Any) -> None:
        raise NotImplementedError

    def validate(self) -> None:
        """An empty title is invalid too (and so is everything the mixins reject)."""
        raise NotImplementedError
