"""Mixins in a diamond: cooperative ``super()`` and the MRO.

Task
----
Build a tiny model layer from one root class and three mixins, then combine them all in
``Article``. Every mixin derives from ``Model``, so ``Article`` closes a diamond: it reaches
``Model`` through three paths, yet ``Model.__init__`` and ``Model.save`` must run exactly once.

- ``Model(name=...)``: stores ``name`` and starts ``revision`` at 0. ``save()`` adds 1 to
  ``revision`` and returns ``self``. It is the end of the chain: it hands any keyword it does not
  know on to ``object``, which rejects it with ``TypeError``.
- ``TimestampMixin(clock=...)``: ``clock`` is a zero-argument callable returning a float.
  Construction calls it once and sets both ``created_at`` and ``updated_at`` to that value;
  ``save()`` sets ``updated_at = clock()``.
- ``AuditMixin(audit_log=...)``: keeps the list it is given; ``save()`` appends one line,
  ``f"saved {self.name}"``.
- ``ValidationMixin``: ``save()`` calls ``self.validate()`` and lets its ``ValueError``
  propagate. ``validate()`` raises ``ValueError`` when ``name`` is empty. Subclasses extend
  ``validate()`` and call ``super().validate()``.
- ``Article(title=..., **everything else)``: combines all of them (the bases are given below);
  its ``validate()`` also rejects an empty ``title``.

Rules
-----
- Cooperative ``__init__``: take your own keyword-only argument(s), pass everything else on
  with ``super().__init__(**kwargs)``. Never call ``Model.__init__(self, ...)`` or another
  parent by name, and never drop the remaining keywords.
- Cooperative ``save()``: do your own step FIRST, then ``return super().save()``, so the steps
  run in the order of ``type(self).__mro__`` and ``Model.save`` (the "write") comes last.
  If validation fails, nothing after it runs: no stamp, no audit line, no new revision.
- Each mixin must work in ANY combination, in any base order, also next to classes it has
  never seen: the checks build new classes such as
  ``class X(AuditMixin, SomethingElse, TimestampMixin, Model)`` and expect every ``save()``
  in ``X.__mro__`` to run exactly once, in that order.
- ``save()`` returns ``self`` typed as ``Self``, so ``Article(...).save()`` is an ``Article``.

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
