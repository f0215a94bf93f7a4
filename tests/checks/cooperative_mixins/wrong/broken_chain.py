"""AuditMixin.save() does its step but never calls super().save(): the chain stops there.

Everything after AuditMixin in the MRO is skipped, including Model.save, so the revision
never changes. Each class looks fine on its own; only the combination shows the bug.

Caught by: test_article_save_runs_every_step_once, test_hooks_run_once_in_mro_order
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Self

Clock = Callable[[], float]


class Model:
    def __init__(self, *, name: str, **kwargs: Any) -> None:
        self.name = name
        self.revision = 0
        super().__init__(**kwargs)

    def save(self) -> Self:
        self.revision += 1
        return self


class TimestampMixin(Model):
    def __init__(self, *, clock: Clock, **kwargs: Any) -> None:
        self.clock = clock
        self.created_at = self.updated_at = clock()
        super().__init__(**kwargs)

    def save(self) -> Self:
        self.updated_at = self.clock()
        return super().save()


class AuditMixin(Model):
    def __init__(self, *, audit_log: list[str], **kwargs: Any) -> None:
        self.audit_log = audit_log
        super().__init__(**kwargs)

    def save(self) -> Self:
        self.audit_log.append(f"saved {self.name}")
        return self


class ValidationMixin(Model):
    def validate(self) -> None:
        if not self.name:
            raise ValueError("name must not be empty")

    def save(self) -> Self:
        self.validate()
        return super().save()


class Article(ValidationMixin, TimestampMixin, AuditMixin, Model):
    def __init__(self, *, title: str, **kwargs: Any) -> None:
        self.title = title
        super().__init__(**kwargs)

    def validate(self) -> None:
        if not self.title:
            raise ValueError("title must not be empty")
        super().validate()
