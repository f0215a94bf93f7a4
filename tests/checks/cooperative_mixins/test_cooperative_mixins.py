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


class Base:
    """A cooperative class that is NOT a Model: placed after Model in the MRO."""

    def __init__(self, *, base: str, **kwargs: Any) -> None:
        self.base = base
        super().__init__(**kwargs)


class Initialized:
    """A cooperative class after Model that takes no keyword, yet must be initialised."""

    def __init__(self, **kwargs: Any) -> None:
        self.initialized = True
        super().__init__(**kwargs)


@pytest.mark.rule(1)
def test_model_stores_name_and_starts_at_revision_zero() -> None:
    """Model(name=...) stores the name and starts at revision 0; a missing name is a TypeError"""
    record = Model(name="intro")
    got = (record.name, record.revision)
    assert got == ("intro", 0), (
        f"Model(name='intro'): expected (name, revision) ('intro', 0), got {got}"
    )
    expect_error(TypeError, lambda: Model(), "Model() without name=")  # type: ignore[call-arg]


@pytest.mark.rule(2)
def test_model_save_adds_one_and_returns_self() -> None:
    """Model.save() adds 1 to this record's revision and returns the record itself"""
    record = Model(name="intro")
    returned = record.save()
    assert returned is record, f"Model.save() should return self, got {returned!r}"
    assert record.revision == 1, f"expected revision 1 after one save(), got {record.revision}"
    assert record.save().save() is record, "save() should return self every time"
    assert record.revision == 3, f"expected revision 3 after three saves, got {record.revision}"
    other = Model(name="other")
    assert other.revision == 0, f"a new record should start at revision 0, got {other.revision}"


@pytest.mark.rule(3, 8)
def test_unknown_keyword_is_rejected() -> None:
    """a keyword nobody consumes raises TypeError: Model passes it on to object"""
    harness = Harness()
    calls: list[tuple[str, Callable[[], object]]] = [
        (
            "Article(..., colour='red')",
            lambda: Article(title="t", name="n", clock=harness.clock, audit_log=[], colour="red"),
        ),
        ("Model(name='n', colour='red')", lambda: Model(name="n", colour="red")),
        (
            "class Only(TimestampMixin, Model)(..., colour='red')",
            lambda: type("Only", (TimestampMixin, Model), {})(
                name="n", clock=harness.clock, colour="red"
            ),
        ),
    ]
    for what, call in calls:
        expect_error(TypeError, call, what)


@pytest.mark.rule(8)
def test_own_arguments_are_keyword_only() -> None:
    """each class takes its own argument by keyword only: Model('intro') is a TypeError"""
    harness = Harness()
    stamped: Any = type("Only", (TimestampMixin, Model), {})
    audited: Any = type("Only", (AuditMixin, Model), {})
    calls: list[tuple[str, Callable[[], object]]] = [
        ("Model('intro')", lambda: Model("intro")),  # type: ignore[call-arg]
        (
            "class Only(TimestampMixin, Model) built as Only(clock, name='n')",
            lambda: stamped(harness.clock, name="n"),
        ),
        (
            "class Only(AuditMixin, Model) built as Only([], name='n')",
            lambda: audited([], name="n"),
        ),
        (
            "Article('t', name='n', clock=clock, audit_log=[])",
            lambda: Article("t", name="n", clock=harness.clock, audit_log=[]),  # type: ignore[call-arg]
        ),
    ]
    for what, call in calls:
        expect_error(TypeError, call, what)


@pytest.mark.rule(3)
def test_model_passes_keywords_to_a_class_after_it() -> None:
    """Model.__init__ passes the other keywords on with super(): a class after Model gets its own"""
    harness = Harness()
    for bases in ((Model, Base), (TimestampMixin, Model, Base), (AuditMixin, Model, Base)):
        combined: Any = type("Combined", bases, {})
        mro = [cls.__name__ for cls in combined.__mro__]
        keywords: dict[str, Any] = {"name": "n", "base": "b"}
        if TimestampMixin in bases:
            keywords["clock"] = harness.clock
        if AuditMixin in bases:
            keywords["audit_log"] = []
        try:
            record = combined(**keywords)
        except TypeError as error:
            pytest.fail(
                f"class with MRO {mro}: construction with {sorted(keywords)} raised TypeError: "
                f"{error}. Model.__init__ must pass `base=` on with super().__init__(**kwargs)"
            )
        assert record.base == "b", f"MRO {mro}: Base.__init__ did not receive base='b'"
        assert (record.name, record.revision) == ("n", 0), (
            f"MRO {mro}: expected name 'n' and revision 0, got {(record.name, record.revision)}"
        )
        expect_error(
            TypeError,
            lambda combined=combined, keywords=keywords: combined(**keywords, colour="red"),
            f"class with MRO {mro}, constructed with an extra colour='red'",
        )


@pytest.mark.rule(3, 8)
def test_model_always_calls_super_init() -> None:
    """Model.__init__ always calls super().__init__(): a class after it runs with no keyword left"""
    harness = Harness()
    for bases in ((Model, Initialized), (TimestampMixin, AuditMixin, Model, Initialized)):
        combined: Any = type("Combined", bases, {})
        mro = [cls.__name__ for cls in combined.__mro__]
        keywords: dict[str, Any] = {"name": "n"}
        if TimestampMixin in bases:
            keywords.update(clock=harness.clock, audit_log=[])
        record = combined(**keywords)
        assert getattr(record, "initialized", False), (
            f"class with MRO {mro}: Initialized.__init__ never ran. Model.__init__ must call "
            "super().__init__(**kwargs) every time, also when no keyword is left to pass on"
        )


@pytest.mark.rule(4)
def test_timestamp_mixin_uses_the_clock() -> None:
    """TimestampMixin: one clock call at construction sets both stamps; each save() stamps again"""
    harness = Harness()
    only: Any = type("Only", (TimestampMixin, Model), {})
    record = only(name="n", clock=harness.clock)
    assert harness.clock_calls == 1, (
        f"expected 1 clock call during construction, got {harness.clock_calls}"
    )
    got = (record.created_at, record.updated_at)
    assert got == (1.0, 1.0), f"expected created_at == updated_at == 1.0, got {got}"
    record.save()
    got = (record.created_at, record.updated_at)
    assert (harness.clock_calls, *got) == (2, 1.0, 2.0), (
        f"after one save(): expected 2 clock calls, created_at 1.0 and updated_at 2.0, got "
        f"{harness.clock_calls} calls and (created_at, updated_at) {got}"
    )
    record.save()
    got = (record.created_at, record.updated_at)
    assert (harness.clock_calls, *got) == (3, 1.0, 3.0), (
        f"after two saves: expected 3 clock calls, created_at 1.0 and updated_at 3.0, got "
        f"{harness.clock_calls} calls and (created_at, updated_at) {got}"
    )


@pytest.mark.rule(5)
def test_audit_mixin_appends_to_the_given_list() -> None:
    """AuditMixin keeps the list it is given and appends f'saved {name}' on each save()"""
    log: list[str] = ["earlier line"]
    only: Any = type("Only", (AuditMixin, Model), {})
    record = only(name="intro", audit_log=log)
    assert record.audit_log is log, "audit_log should be the very list passed in, not a copy"
    assert log == ["earlier line"], f"construction must not write audit lines: {log}"
    record.save()
    assert log == ["earlier line", "saved intro"], (
        f"expected one line 'saved intro' appended to the given list, got {log}"
    )
    record.name = "renamed"
    record.save()
    assert log == ["earlier line", "saved intro", "saved renamed"], (
        f"expected a second line with the name at the time of the save, got {log}"
    )


@pytest.mark.rule(6)
def test_validation_mixin_validates_before_saving() -> None:
    """ValidationMixin.save() calls self.validate() first; an empty name raises ValueError"""
    calls: list[str] = []

    class Checked(ValidationMixin, Model):
        def validate(self) -> None:
            calls.append(self.name)
            super().validate()

    record = Checked(name="")
    expect_error(ValueError, record.save, "save() with name=''")
    assert calls == [""], f"save() should call the overriding validate() once, calls: {calls}"
    assert record.revision == 0, f"a failed save must not bump the revision: {record.revision}"
    for name in (" ", "x"):
        record = Checked(name=name)
        try:
            record.save()
        except ValueError as error:
            pytest.fail(f"save() with name={name!r} raised ValueError ({error}): only '' is empty")
        assert record.revision == 1, f"name={name!r}: expected revision 1, got {record.revision}"

    class Picky(ValidationMixin, Model):
        def validate(self) -> None:
            super().validate()
            if self.name == "forbidden":
                raise ValueError("forbidden name")

    picky = Picky(name="forbidden")
    expect_error(ValueError, picky.save, "save() when a subclass's validate() raises")
    assert picky.revision == 0, f"a failed save must not bump the revision: {picky.revision}"


@pytest.mark.rule(6)
@pytest.mark.parametrize("mixins", [c for c in COMBINATIONS if ValidationMixin in c], ids=names)
def test_failed_validation_stops_the_chain(mixins: tuple[type[Model], ...]) -> None:
    """in any combination, a failed validation stops save(): nothing after ValidationMixin runs"""
    harness = Harness()
    combined = combine(mixins, harness)
    mro = [cls.__name__ for cls in combined.__mro__]
    record = combined(**{**keywords_for(mixins, harness), "name": ""})
    harness.baseline = harness.counts(record)
    expect_error(ValueError, record.save, f"save() with name='' (MRO {mro})")
    after = mro[mro.index("ValidationMixin") + 1 :]
    ran = [label for label, _ in harness.saves if label in after]
    assert ran == [], f"MRO {mro}: save() went on past a failed validation into {ran}"
    done = harness.steps_done(record) & set(after)
    assert not done, f"MRO {mro}: steps after a failed validation still ran: {sorted(done)}"


@pytest.mark.rule(7, 8)
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
    assert article.audit_log is harness.audit_log, "audit_log should be the list passed in"
    assert harness.audit_log == [], f"construction must not write audit lines: {harness.audit_log}"


@pytest.mark.rule(7, 9)
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


@pytest.mark.rule(6, 7)
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


@pytest.mark.rule(7)
def test_article_accepts_titles_and_names_of_spaces() -> None:
    """only the empty string is an invalid title or name: ' ' saves fine"""
    for title, name in ((" ", "intro"), ("Diamonds", " ")):
        harness = Harness()
        article = new_article(harness, title=title, name=name)
        try:
            article.save()
        except ValueError as error:
            pytest.fail(f"Article(title={title!r}, name={name!r}).save() raised {error!r}")
        assert article.revision == 1, f"expected revision 1 after one save, got {article.revision}"


def build(mixins: tuple[type[Model], ...], harness: Harness) -> tuple[Model, list[str]]:
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
    return record, mro


def probes_of(mro: list[str]) -> list[str]:
    return [name for name in mro if name.startswith(("Probe", "TaggedProbe", "Front"))]


@pytest.mark.rule(8)
@pytest.mark.parametrize("mixins", COMBINATIONS, ids=names)
def test_inits_run_once_in_mro_order(mixins: tuple[type[Model], ...]) -> None:
    """in any combination, every __init__ in the MRO runs once, in MRO order, with its keywords"""
    harness = Harness()
    record, mro = build(mixins, harness)
    expected_inits = [p if p != "TaggedProbe" else "TaggedProbe(tag='t')" for p in probes_of(mro)]
    assert harness.inits == expected_inits, (
        f"for class Combined with MRO {mro}: expected the test's own __init__s to run once "
        f"each, in MRO order, as {expected_inits}; they ran as {harness.inits}"
    )
    expected_clock = 1 if TimestampMixin in mixins else 0
    assert harness.clock_calls == expected_clock, (
        f"MRO {mro}: expected {expected_clock} clock call(s) during construction, "
        f"got {harness.clock_calls}"
    )
    assert (record.name, record.revision) == ("draft", 0), (
        f"MRO {mro}: expected name 'draft' and revision 0, got {(record.name, record.revision)}"
    )


def assert_saves_in_mro_order(record: Model, mro: list[str], harness: Harness) -> None:
    learner = {"TimestampMixin", "AuditMixin", "ValidationMixin", "Model"} & set(mro)
    harness.baseline = harness.counts(record)
    returned = record.save()
    assert returned is record, f"MRO {mro}: save() should return self, got {returned!r}"
    probes = probes_of(mro)
    expected_saves = []
    learner_steps: set[str] = set()
    for name in mro:
        if name in probes:
            expected_saves.append((name, frozenset(learner_steps)))
        elif name in learner:
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


@pytest.mark.rule(9)
@pytest.mark.parametrize("mixins", COMBINATIONS, ids=names)
def test_saves_run_once_in_mro_order(mixins: tuple[type[Model], ...]) -> None:
    """in any combination, every save() in the MRO runs once, in MRO order, own step first"""
    harness = Harness()
    record, mro = build(mixins, harness)
    assert_saves_in_mro_order(record, mro, harness)


def extend_article(harness: Harness) -> type[Article]:
    """class Extended(Front, Article, TaggedProbe): Article between two classes of the test's."""
    front, tagged = make_probe("Front", harness), make_tagged_probe(harness)

    class Extended(front, Article, tagged):  # type: ignore[misc, valid-type]
        def validate(self) -> None:
            harness.validate_calls += 1
            super().validate()

    return Extended


@pytest.mark.rule(8)
def test_article_passes_keywords_on() -> None:
    """Article works inside a new combination: a class after it in the MRO gets its keyword"""
    harness = Harness()
    extended = extend_article(harness)
    mro = [cls.__name__ for cls in extended.__mro__]
    try:
        record = extended(
            title="t", name="draft", clock=harness.clock, audit_log=harness.audit_log, tag="t"
        )
    except TypeError as error:
        pytest.fail(
            f"class Extended with MRO {mro} raised TypeError: {error}. Article.__init__ must "
            "pass every keyword it does not consume on with super().__init__(**kwargs)"
        )
    assert harness.inits == ["Front", "TaggedProbe(tag='t')"], (
        f"MRO {mro}: expected the test's own __init__s to run once each, in MRO order, as "
        f"['Front', \"TaggedProbe(tag='t')\"]; they ran as {harness.inits}"
    )
    assert (record.title, record.name, harness.clock_calls) == ("t", "draft", 1), (
        f"MRO {mro}: expected title 't', name 'draft' and one clock call, got "
        f"{(record.title, record.name, harness.clock_calls)}"
    )


@pytest.mark.rule(9)
def test_article_save_in_a_new_combination() -> None:
    """Article works inside a new combination: every save() in the MRO runs once, in order"""
    harness = Harness()
    extended = extend_article(harness)
    mro = [cls.__name__ for cls in extended.__mro__]
    record = extended(
        title="t", name="draft", clock=harness.clock, audit_log=harness.audit_log, tag="t"
    )
    assert_saves_in_mro_order(record, mro, harness)
