"""Parents called by name (Model.__init__(self), Model.save(self)) instead of super().

Each mixin jumps straight to Model, skipping whatever the MRO puts in between, and Article
calls every parent explicitly, so in the diamond Model.save runs three times per save.

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
        Model.__init__(self, **kwargs)

    def save(self) -> Self:
        self.updated_at = self.clock()
        return Model.save(self)


class AuditMixin(Model):
    def __init__(self, *, audit_log: list[str], **kwargs: Any) -> None:
        self.audit_log = audit_log
        Model.__init__(self, **kwargs)

    def save(self) -> Self:
        self.audit_log.append(f"saved {self.name}")
        return Model.save(self)


class ValidationMixin(Model):
    def validate(self) -> None:
        if not self.name:
            raise ValueError("name must not be empty")

    def save(self) -> Self:
        self.validate()
        return Model.save(self)


class Article(ValidationMixin, TimestampMixin, AuditMixin, Model):
    def __init__(
        self, *, title: str, name: str, clock: Clock, audit_log: list[str], **kwargs: Any
    ) -> None:
        self.title = title
        TimestampMixin.__init__(self, clock=clock, name=name, **kwargs)
        AuditMixin.__init__(self, audit_log=audit_log, name=name, **kwargs)

    def validate(self) -> None:
        if not self.title:
            raise ValueError("title must not be empty")
        ValidationMixin.validate(self)

    def save(self) -> Self:
        ValidationMixin.save(self)
        TimestampMixin.save(self)
        AuditMixin.save(self)
        return self
