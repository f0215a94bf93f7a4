"""Hidden mypy checks for the cooperative_mixins kata."""

from typing import assert_type

from katas.cooperative_mixins import Article, AuditMixin, Model, TimestampMixin


def clock() -> float:
    return 0.0


def clock_with_argument(tick: int) -> float:
    return float(tick)


def text_clock() -> str:
    return "noon"


def check_save_returns_the_same_type() -> None:
    """save() returns Self: an Article's save() is an Article, a new combination's is itself

    Rules: 10
    """
    article = Article(title="t", name="n", clock=clock, audit_log=[])
    assert_type(article.save(), Article)
    assert_type(article.save().save().title, str)

    class Stamped(TimestampMixin, AuditMixin, Model):
        pass

    stamped = Stamped(name="n", clock=clock, audit_log=[])
    assert_type(stamped.save(), Stamped)
    assert_type(Model(name="n").save(), Model)
    _ = Model(name="n").save().title  # type: ignore[attr-defined]


def check_fields_are_typed() -> None:
    """the fields the mixins add are typed (float timestamps, int revision, list[str] log)

    Rules: 11
    """
    article = Article(title="t", name="n", clock=clock, audit_log=[])
    assert_type(article.created_at, float)
    assert_type(article.updated_at, float)
    assert_type(article.revision, int)
    assert_type(article.name, str)
    assert_type(article.audit_log, list[str])
    assert_type(article.title, str)


def check_own_keywords_are_typed() -> None:
    """each class's own keyword is typed: a wrong title, clock or audit_log type is rejected

    Rules: 11
    """
    Article(title="t", name="n", clock=clock, audit_log=["x"])
    TimestampMixin(name="n", clock=clock)
    Article(title=1, name="n", clock=clock, audit_log=[])  # type: ignore[arg-type]
    TimestampMixin(name="n", clock="noon")  # type: ignore[arg-type]
    TimestampMixin(name="n", clock=clock_with_argument)  # type: ignore[arg-type]
    TimestampMixin(name="n", clock=text_clock)  # type: ignore[arg-type]
    AuditMixin(name="n", audit_log="log")  # type: ignore[arg-type]
