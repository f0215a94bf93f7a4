"""Mixins in a diamond, cooperative super(): reference solution."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Self

Clock = Callable[[], float]


class Model:
    """The root of the hierarchy: a named record with a revision counter."""

    def __init__(self, *, name: str, **kwargs: Any) -> None:
        self.name = name
        self.revision = 0
        super().__init__(**kwargs)  # object.__init__ rejects any keyword nobody consumed

    def save(self) -> Self:
        """Add 1 to revision and return self."""
        self.revision += 1
        return self


class TimestampMixin(Model):
    """Sets created_at/updated_at from an injected clock."""

    def __init__(self, *, clock: Clock, **kwargs: Any) -> None:
        self.clock = clock
        self.created_at = self.updated_at = clock()
        super().__init__(**kwargs)

    def save(self) -> Self:
        self.updated_at = self.clock()
        return super().save()


class AuditMixin(Model):
    """Appends f"saved {name}" to an audit log on every save."""

    def __init__(self, *, audit_log: list[str], **kwargs: Any) -> None:
        self.audit_log = audit_log
        super().__init__(**kwargs)

    def save(self) -> Self:
        self.audit_log.append(f"saved {self.name}")
        return super().save()


class ValidationMixin(Model):
    """Validates before saving; validate() is itself a cooperative hook."""

    def validate(self) -> None:
        """Raise ValueError when the record is invalid (here: an empty name)."""
        if not self.name:
            raise ValueError("name must not be empty")

    def save(self) -> Self:
        self.validate()
        return super().save()


class Article(ValidationMixin, TimestampMixin, AuditMixin, Model):
    """All the mixins together: a diamond over Model."""

    def __init__(self, *, title: str, **kwargs: Any) -> None:
        self.title = title
        super().__init__(**kwargs)

    def validate(self) -> None:
        """An empty title is invalid too (and so is everything the mixins reject)."""
        if not self.title:
            raise ValueError("title must not be empty")
        super().validate()
