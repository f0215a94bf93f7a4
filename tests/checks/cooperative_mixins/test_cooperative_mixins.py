"""Hidden pytest checks for the cooperative_mixins kata: super() chains in a diamond."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest

from katas.cooperative_mixins import (
    Article,
    AuditMixin,
    Model,
    TimestampMixin,
    ValidationMixin,
)

MIXINS: tuple[type[Model], ...] = (TimestampMixin, AuditMixin, ValidationMixin)
# Every non-empty ordered selection of the mixins: 3 + 6 + 6 combinations.
COMBINATIONS = [combo for size in (1, 2, 3) for combo in itertools.permutations(MIXINS, size)]


class Harness:
    """Counts what each learner hook did, and what the test's probe classes saw."""

    def __init__(self) -> None:
        self.clock_calls = 0
        self.validate_calls = 0
        self.audit_log: list[str] = []
        self.inits: list[str] = []
        self.saves: list[tuple[str, frozenset[str]]] = []
        self.baseline: dict[str, int] = {}

    def clock(self) -> float:
        self.clock_calls += 1
        return float(self.clock_calls)

    def counts(self, record: Model) -> dict[str, int]:
        return {
            "TimestampMixin": self.clock_calls,
            "AuditMixin": len(self.audit_log),
            "ValidationMixin": self.validate_calls,
            "Model": record.revision,
        }

    def steps_done(self, record: Model) -> frozenset[str]:
        """Learner steps that already ran during the current save()."""
        now = self.counts(record)
        return frozenset(name for name, count in now.items() if count > self.baseline[name])


def make_probe(label: str, harness: Harness) -> type[Model]:
    """A cooperative class of the test's own, to be slotted between the learner's mixins."""

    class Probe(Model):
        def __init__(self, **kwargs: Any) -> None:
            harness.inits.append(label)
            super().__init__(**kwargs)

        def save(self) -> Any:
            harness.saves.append((label, harness.steps_done(self)))
            return super().save()

    Probe.__name__ = Probe.__qualname__ = label
    return Probe


def make_tagged_probe(harness: Harness) -> type[Model]:
    """The last probe before Model: it needs its own keyword, `tag`, to arrive."""

    class TaggedProbe(Model):
        def __init__(self, *, tag: str, **kwargs: Any) -> None:
            harness.inits.append(f"TaggedProbe(tag={tag!r})")
            super().__init__(**kwargs)

        def save(self) -> Any:
            harness.saves.append(("TaggedProbe", harness.steps_done(self)))
            return super().save()

    return TaggedProbe


def combine(mixins: tuple[type[Model], ...], harness: Harness) -> type[Model]:
    """class Combined(Probe0, Mixin1, Probe1, Mixin2, ..., TaggedProbe, Model)."""
    bases: list[type[Model]] = []
    for index, mixin in enumerate(mixins):
        bases += [make_probe(f"Probe{index}", harness), mixin]
    bases += [make_tagged_probe(harness), Model]
    if ValidationMixin not in mixins:
        return type("Combined", tuple(bases), {})

    class Combined(*bases):  # type: ignore[misc]
        def validate(self) -> None:
            harness.validate_calls += 1
            super().validate()

    return Combined


def keywords_for(mixins: tuple[type[Model], ...], harness: Harness) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"name": "draft", "tag": "t"}
    if TimestampMixin in mixins:
        kwargs["clock"] = harness.clock
    if AuditMixin in mixins:
        kwargs["audit_log"] = harness.audit_log
    return kwargs


def names(mixins: tuple[type[Model], ...]) -> str:
    return ", ".join(m.__name__ for m in mixins)


def new_article(harness: Harness, title: str = "Diamonds", name: str = "intro") -> Article:
    return Article(title=title, name=name, clock=harness.clock, audit_log=harness.audit_log)


def expect_error(error: type[Exception], call: Callable[[], object], what: str) -> None:
    """Fail with a learner-facing message unless call() raises `error`."""
    try:
        result = call()
    except error:
        return
    pytest.fail(f"{what} should raise {error.__name__}, it returned {result!r}")


# --- checks ------------------------------------------------------------------------------------


def test_article_init_runs_each_init_once() -> None:
    """constructing an Article runs each __init__ once and gives each its own keyword"""
    harness = Harness()
    article = new_article(harness)
    assert harness.clock_calls == 1, (
        f"expected the clock to be called once during construction, got {harness.clock_calls} "
        "calls (TimestampMixin.__init__ ran more than once, or not at all)"
    )
    got = (article.name, article.title, article.revision)
    assert got == ("intro", "Diamonds", 0), (
        f"expected (name, title, revision) == ('intro', 'Diamonds', 0), got {got}"
    )
    assert (article.created_at, article.updated_at) == (1.0, 1.0), (
        "expected created_at == updated_at == the first clock value 1.0, got "
        f"{(article.created_at, article.updated_at)}"
    )
    assert harness.audit_log == [], f"construction must not write audit lines: {harness.audit_log}"


def test_article_save_runs_every_step_once() -> None:
    """Article.save() validates, stamps, audits and bumps the revision exactly once per call"""
    harness = Harness()
    article = new_article(harness)
    returned = article.save()
    assert returned is article, f"save() should return self, got {returned!r}"
    assert article.revision == 1, (
        f"expected revision 1 after one save(), got {article.revision} "
        "(Model.save ran that many times)"
    )
    assert harness.audit_log == ["saved intro"], (
        f"expected one audit line ['saved intro'] after one save(), got {harness.audit_log}"
    )
    assert harness.clock_calls == 2, (
        f"expected 2 clock calls (construction + one save), got {harness.clock_calls}"
    )
    assert (article.created_at, article.updated_at) == (1.0, 2.0), (
        "expected created_at 1.0 kept and updated_at 2.0 after the save, got "
        f"{(article.created_at, article.updated_at)}"
    )
    article.save()
    assert article.revision == 2, f"expected revision 2 after two saves, got {article.revision}"
    assert harness.audit_log == ["saved intro"] * 2, (
        f"expected two audit lines after two saves, got {harness.audit_log}"
    )
    assert harness.clock_calls == 3, f"expected 3 clock calls, got {harness.clock_calls}"


def test_validation_blocks_the_save() -> None:
    """an invalid Article raises ValueError and nothing is stamped, audited or counted"""
    for title, name, problem in (("", "intro", "empty title"), ("Diamonds", "", "empty name")):
        harness = Harness()
        article = new_article(harness, title=title, name=name)
        expect_error(ValueError, article.save, f"save() with an {problem}")
        what = f"after a failed save ({problem})"
        assert article.revision == 0, f"{what}: expected revision 0, got {article.revision}"
        assert harness.audit_log == [], f"{what}: expected no audit line, got {harness.audit_log}"
        assert article.updated_at == 1.0, (
            f"{what}: expected updated_at unchanged (1.0), got {article.updated_at}"
        )


def test_unknown_keyword_is_rejected() -> None:
    """an unknown or missing keyword argument raises TypeError: nothing swallows keywords"""
    harness = Harness()
    calls: list[tuple[str, Callable[[], object]]] = [
        (
            "Article(..., colour='red')",
            lambda: Article(title="t", name="n", clock=harness.clock, audit_log=[], colour="red"),
        ),
        ("Model(name='n', colour='red')", lambda: Model(name="n", colour="red")),
        ("Article(...) without clock=", lambda: Article(title="t", name="n", audit_log=[])),
    ]
    for what, call in calls:
        expect_error(TypeError, call, what)


@pytest.mark.parametrize("mixins", COMBINATIONS, ids=names)
def test_hooks_run_once_in_mro_order(mixins: tuple[type[Model], ...]) -> None:
    """in any combination, every __init__ and save() in the MRO runs once, in MRO order"""
    harness = Harness()
    combined = combine(mixins, harness)
    mro = [cls.__name__ for cls in combined.__mro__]
    keywords = keywords_for(mixins, harness)
    try:
        record = combined(**keywords)
    except TypeError as error:
        pytest.fail(
            f"Combined(**{sorted(keywords)}) with MRO {mro} raised TypeError: {error}. Each "
            "keyword must travel down the MRO to the class that consumes it: an __init__ "
            "that calls a parent by name or drops **kwargs breaks that"
        )
    probes = [name for name in mro if name.startswith(("Probe", "TaggedProbe"))]
    expected_inits = [p if p != "TaggedProbe" else "TaggedProbe(tag='t')" for p in probes]
    assert harness.inits == expected_inits, (
        f"for class Combined with MRO {mro}: expected the test's own __init__s to run once "
        f"each, in MRO order, as {expected_inits}; they ran as {harness.inits}"
    )
    expected_clock = 1 if TimestampMixin in mixins else 0
    assert harness.clock_calls == expected_clock, (
        f"MRO {mro}: expected {expected_clock} clock call(s) during construction, "
        f"got {harness.clock_calls}"
    )

    harness.baseline = harness.counts(record)
    returned = record.save()
    assert returned is record, f"MRO {mro}: save() should return self, got {returned!r}"
    expected_saves = []
    learner_steps: set[str] = set()
    for name in mro:
        if name in probes:
            expected_saves.append((name, frozenset(learner_steps)))
        elif name in {m.__name__ for m in mixins} | {"Model"}:
            learner_steps.add(name)
    assert [label for label, _ in harness.saves] == probes, (
        f"MRO {mro}: expected the test's own save()s to run once each, in MRO order, as "
        f"{probes}; they ran as {[label for label, _ in harness.saves]} (a save() that does "
        "not call super().save(), or calls a parent by name, breaks the chain)"
    )
    for (label, seen), (_, expected) in zip(harness.saves, expected_saves, strict=True):
        assert seen == expected, (
            f"MRO {mro}: when {label}.save() ran, the steps of {sorted(expected) or 'nothing'} "
            f"should have run already, but {sorted(seen) or 'nothing'} had (do your own step, "
            "then call super().save())"
        )
    done = {name: harness.counts(record)[name] - harness.baseline[name] for name in learner_steps}
    expected_done = dict.fromkeys(learner_steps, 1)
    assert done == expected_done, (
        f"MRO {mro}: after one save(), expected each step to run once {expected_done}, got {done}"
    )
