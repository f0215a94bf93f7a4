"""Hidden pytest checks for the version kata: parsing, precedence, equality and hashing."""

from __future__ import annotations

import itertools
import operator
import random
import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from katas.version import Version

# --- a trusted model of semver, used as the oracle ---------------------------------------------

VALID = re.compile(
    r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
    r"(?:-((?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)"
    r"(?:\.(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*))?"
)

Parts = tuple[int, int, int, tuple[str, ...]]


def precedence(parts: Parts) -> tuple[object, ...]:
    major, minor, patch, pre = parts
    identifiers = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre)
    return (major, minor, patch, 0 if pre else 1, identifiers)


def text_of(parts: Parts) -> str:
    major, minor, patch, pre = parts
    return f"{major}.{minor}.{patch}" + (f"-{'.'.join(pre)}" if pre else "")


# Small domains, so that hypothesis often draws equal or nearly equal versions.
numbers = st.one_of(st.integers(0, 2), st.integers(0, 10**9))
numeric_identifiers = st.integers(0, 12).map(str)
text_identifiers = st.text(alphabet="0aAb-z", min_size=1, max_size=3).filter(
    lambda s: not s.isdigit()
)
identifiers = st.one_of(numeric_identifiers, text_identifiers)
parts_strategy = st.tuples(numbers, numbers, numbers, st.lists(identifiers, max_size=3).map(tuple))


@st.composite
def version_pairs(draw: st.DrawFn) -> tuple[Parts, Parts]:
    """Two versions; half the time with the same major.minor.patch (pre-release decides)."""
    a, b = draw(parts_strategy), draw(parts_strategy)
    if draw(st.booleans()):
        b = (a[0], a[1], a[2], b[3])
    return a, b


small_parts = st.tuples(
    st.integers(0, 1),
    st.integers(0, 1),
    st.integers(0, 1),
    st.lists(st.sampled_from(["1", "2", "10", "a", "b", "a1"]), max_size=2).map(tuple),
)

SPEC_ORDER = [
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0",
    "1.0.1",
    "1.9.0",
    "1.10.0",
    "2.0.0-0",
    "2.0.0-0.a",
    "2.0.0",
    "10.0.0",
]

INVALID = [
    "",
    "1",
    "1.2",
    "1.2.3.4",
    "1..3",
    "a.b.c",
    "v1.2.3",
    "01.2.3",
    "1.02.3",
    "1.2.03",
    "1.2.3-",
    "1.2.3-rc.",
    "1.2.3-.rc",
    "1.2.3-rc..1",
    "1.2.3-01",
    "1.2.3-rc.007",
    "1.2.3-r_c",
    "1.2.3-rc 1",
    " 1.2.3",
    "1.2.3 ",
    "1.2.3\n",
    "-1.2.3",
    "+1.2.3",
    "1.-2.3",
    "1_0.2.3",
    "1.2.3_4",
    "\u0661.2.3",
    "1.2.\uff13",
    "1.2.3-\u00e9",
    "1.2.3-rc.\u0663",
    "1.2.3-1\u0660",
    "1.2.3-\u0661a",
    "1\u0660.2.3",
    "1.2.3\u0661",
    "1.2.3-r\u00e9",
    "1.2.3+build.5",
    "1.2.3-rc.1+build.5",
    "1.2.3+",
    "1.2.3\t",
    "1.2.3\r",
    "1.2.3-rc\n",
]

VALID_EDGE_CASES = [
    "0.0.0",
    "0.0.0-0",
    "1.2.3-0a",
    "1.2.3-00a",
    "1.2.3--",
    "1.2.3---",
    "1.2.3--x.0",
    "1.2.3-x-",
    "1.2.3-A.Z.a.z",
    "1.2.3-0.1.10",
    "999999999999.0.0",
]


class AlwaysEqual:
    """Claims to equal anything: reachable only if Version.__eq__ returns NotImplemented."""

    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 0


class Infinity:
    """Claims to be greater than anything (answers the reflected operation of `<`)."""

    def __gt__(self, other: object) -> bool:
        return True

    def __lt__(self, other: object) -> bool:
        return False


def expect_error(error: type[Exception], call: Callable[[], object], what: str) -> None:
    """Fail with a learner-facing message unless call() raises `error`."""
    try:
        result = call()
    except error:
        return
    pytest.fail(f"{what} should raise {error.__name__}, it returned {result!r}")


# --- checks ------------------------------------------------------------------------------------


@pytest.mark.rule(1, 2)
def test_parse_reads_the_fields() -> None:
    """parse() reads major, minor, patch and the pre-release identifiers"""
    v = Version.parse("1.4.2")
    got = (v.major, v.minor, v.patch, v.prerelease)
    assert got == (1, 4, 2, ()), f"parse('1.4.2') gave fields {got}, expected (1, 4, 2, ())"
    rc = Version.parse("2.0.0-rc.1")
    got = (rc.major, rc.minor, rc.patch, rc.prerelease)
    assert got == (2, 0, 0, ("rc", "1")), (
        f"parse('2.0.0-rc.1') gave fields {got}, expected (2, 0, 0, ('rc', '1'))"
    )
    assert isinstance(v, Version), f"parse() should return a Version, got {type(v).__name__}"
    assert rc == Version(2, 0, 0, ("rc", "1")), (
        "parse('2.0.0-rc.1') should equal Version(2, 0, 0, ('rc', '1'))"
    )
    assert v == Version(1, 4, 2), "parse('1.4.2') should equal Version(1, 4, 2)"


@pytest.mark.rule(3)
@given(parts_strategy)
def test_str_round_trips(parts: Parts) -> None:
    """str() gives the canonical text, and parse(str(v)) == v"""
    text = text_of(parts)
    v = Version.parse(text)
    assert str(v) == text, f"str(Version.parse({text!r})) is {str(v)!r}, expected {text!r}"
    built = Version(*parts)
    assert str(built) == text, f"str(Version{parts}) is {str(built)!r}, expected {text!r}"
    assert Version.parse(str(built)) == built, f"parse(str(v)) != v for v = Version{parts}"


@pytest.mark.rule(2, 3)
@pytest.mark.parametrize("text", VALID_EDGE_CASES, ids=repr)
def test_unusual_valid_versions_round_trip(text: str) -> None:
    """parse() accepts unusual valid versions (1.2.3--, 1.2.3-0a) and str() gives them back"""
    v = Version.parse(text)
    assert str(v) == text, f"str(Version.parse({text!r})) is {str(v)!r}"
    core, _, pre = text.partition("-")
    expected = (*(int(part) for part in core.split(".")), tuple(pre.split(".")) if pre else ())
    got = (v.major, v.minor, v.patch, v.prerelease)
    assert got == expected, f"Version.parse({text!r}) gave fields {got}, expected {expected}"


@pytest.mark.rule(4, 5, 6)
def test_semver_spec_examples_sort_in_order() -> None:
    """versions sort by semver precedence: 1.0.0-alpha < 1.0.0-alpha.1 < ... < 1.0.0 < 1.10.0"""
    expected = [Version.parse(text) for text in SPEC_ORDER]
    shuffled = expected[:]
    random.Random(7).shuffle(shuffled)
    got = [str(v) for v in sorted(shuffled)]
    assert got == SPEC_ORDER, f"sorted() gave\n  {got}\nexpected\n  {SPEC_ORDER}"
    for lower, higher in itertools.pairwise(expected):
        assert lower < higher, f"expected {lower} < {higher}"
        assert higher > lower, f"expected {higher} > {lower}"
        assert lower <= higher, f"expected {lower} <= {higher}"
        assert not higher <= lower, f"expected not {higher} <= {lower}"


@pytest.mark.rule(5)
def test_prerelease_sorts_before_its_release() -> None:
    """a pre-release comes before its release: 1.0.0-alpha < 1.0.0 < 1.0.1-alpha"""
    alpha, release = Version.parse("1.0.0-alpha"), Version.parse("1.0.0")
    assert alpha < release, "expected 1.0.0-alpha < 1.0.0 (a pre-release precedes its release)"
    assert not release < alpha, "1.0.0 < 1.0.0-alpha was True: pre-release ordered after release"
    assert release < Version.parse("1.0.1-alpha"), "expected 1.0.0 < 1.0.1-alpha"
    assert max(alpha, release) == release, "max(1.0.0-alpha, 1.0.0) should be 1.0.0"
    assert Version(2, 0, 0, ("0",)) < Version(2, 0, 0), "expected 2.0.0-0 < 2.0.0"
    assert Version(1, 0, 0, ("-",)) < Version(1, 0, 0), "expected 1.0.0-- < 1.0.0"


def assert_strictly_below(lower: str, higher: str) -> None:
    """Every comparison operator agrees that `lower` precedes `higher`."""
    a, b = Version.parse(lower), Version.parse(higher)
    assert a < b, f"expected {lower} < {higher}"
    assert b > a, f"expected {higher} > {lower}"
    assert a <= b, f"expected {lower} <= {higher}"
    assert b >= a, f"expected {higher} >= {lower}"
    assert not b < a, f"{higher} < {lower} was True"
    assert not a > b, f"{lower} > {higher} was True"
    assert not b <= a, f"{higher} <= {lower} was True"
    assert not a >= b, f"{lower} >= {higher} was True"


CORE_PAIRS = [
    ("1.9.0", "1.10.0"),
    ("1.0.9", "1.0.10"),
    ("9.0.0", "10.0.0"),
    ("2.0.0", "10.0.0"),
    ("1.2.0", "1.10.0"),
    ("1.99.99", "2.0.0"),
    ("0.10.0", "1.0.0"),
    ("1.0.10", "1.1.0"),
    ("1.0.0-rc.1", "1.0.1-alpha"),
]


@pytest.mark.rule(4)
@pytest.mark.parametrize(("lower", "higher"), CORE_PAIRS, ids=str)
def test_core_parts_compare_as_numbers(lower: str, higher: str) -> None:
    """major, minor and patch compare as numbers, major first: 1.9.0 < 1.10.0 < 2.0.0"""
    assert_strictly_below(lower, higher)


IDENTIFIER_PAIRS = [
    ("1.0.0-B", "1.0.0-a"),
    ("1.0.0-Z", "1.0.0-a"),
    ("1.0.0-A", "1.0.0-b"),
    ("1.0.0--", "1.0.0-0a"),
    ("1.0.0-2", "1.0.0-10"),
    ("1.0.0-9", "1.0.0-10"),
    ("1.0.0-2", "1.0.0-1a"),
    ("1.0.0-10", "1.0.0--"),
    ("1.0.0-999", "1.0.0-A"),
    ("1.0.0-0", "1.0.0-00a"),
    ("1.0.0-a", "1.0.0-a.0"),
    ("1.0.0-a.b", "1.0.0-a.b.-"),
    ("1.0.0-a.9", "1.0.0-a.10"),
    ("1.0.0-a.10", "1.0.0-a.a"),
    ("1.0.0-alpha", "1.0.0-alpha1"),
    ("1.0.0-alpha-1", "1.0.0-alpha1"),
    ("1.0.0-1.b", "1.0.0-2.a"),
    ("1.0.0-b.1", "1.0.0-b.1.0"),
    ("1.0.0-0", "1.0.0--1"),
    ("1.0.0-5", "1.0.0--5"),
    ("1.0.0-a.5", "1.0.0-a.-0"),
]


@pytest.mark.rule(6)
@pytest.mark.parametrize(("lower", "higher"), IDENTIFIER_PAIRS, ids=str)
def test_prerelease_identifiers_compare(lower: str, higher: str) -> None:
    """identifiers: numbers as numbers, text as ASCII, numbers first, longer tuple higher"""
    assert_strictly_below(lower, higher)


@pytest.mark.rule(4, 5, 6)
@given(version_pairs())
def test_ordering_follows_semver_precedence(pair: tuple[Parts, Parts]) -> None:
    """<, <=, > and >= agree with semver precedence for any two versions"""
    a_parts, b_parts = pair
    a, b = Version(*a_parts), Version(*b_parts)
    ka, kb = precedence(a_parts), precedence(b_parts)
    where = f"for a = {text_of(a_parts)}, b = {text_of(b_parts)}"
    assert (a < b) == (ka < kb), f"a < b is {a < b}, expected {ka < kb} {where}"
    assert (a <= b) == (ka <= kb), f"a <= b is {a <= b}, expected {ka <= kb} {where}"
    assert (a > b) == (ka > kb), f"a > b is {a > b}, expected {ka > kb} {where}"
    assert (a >= b) == (ka >= kb), f"a >= b is {a >= b}, expected {ka >= kb} {where}"


@pytest.mark.rule(7)
@given(version_pairs())
def test_equality_is_value_equality(pair: tuple[Parts, Parts]) -> None:
    """== and != compare the values: separate objects with the same fields are equal"""
    a_parts, b_parts = pair
    a, b = Version(*a_parts), Version(*b_parts)
    twin = Version.parse(text_of(a_parts))
    where = f"for a = {text_of(a_parts)}, b = {text_of(b_parts)}"
    same = a_parts == b_parts
    assert (a == b) is same, f"a == b is {a == b}, expected {same} {where}"
    assert (a != b) is (not same), f"a != b is {a != b}, expected {not same} {where}"
    assert (a == twin) is True, f"Version{a_parts} == Version.parse({text_of(a_parts)!r}) is False"
    assert (a != twin) is False, f"Version{a_parts} != Version.parse({text_of(a_parts)!r}) is True"


@pytest.mark.rule(4, 5, 6, 7)
@given(small_parts, small_parts, small_parts)
def test_ordering_is_a_total_order(a_parts: Parts, b_parts: Parts, c_parts: Parts) -> None:
    """ordering is total, antisymmetric and transitive"""
    a, b, c = (Version.parse(text_of(p)) for p in (a_parts, b_parts, c_parts))
    names = f"a = {a}, b = {b}, c = {c}"
    outcomes = [a < b, a == b, b < a]
    assert outcomes.count(True) == 1, (
        f"exactly one of a < b, a == b, b < a must hold, got {outcomes} for {names}"
    )
    if a <= b and b <= a:
        assert a == b, f"a <= b and b <= a but a != b for {names}"
    if a <= b and b <= c:
        assert a <= c, f"a <= b and b <= c but not a <= c for {names}"
    if a < b and b < c:
        assert a < c, f"a < b and b < c but not a < c for {names}"


@pytest.mark.rule(8)
@given(parts_strategy)
def test_equal_versions_have_equal_hashes(parts: Parts) -> None:
    """equal versions (separate objects) have equal hashes and work as set members and dict keys"""
    built = Version(*parts)
    parsed = Version.parse(text_of(parts))
    assert built == parsed, f"Version{parts} != Version.parse({text_of(parts)!r})"
    assert hash(built) == hash(parsed), (
        f"Version{parts} == Version.parse({text_of(parts)!r}) but their hashes differ"
    )
    assert len({built, parsed}) == 1, "a set of two equal versions should have one member"
    assert {built: "x"}.get(parsed) == "x", "a dict lookup with an equal version should hit"


@pytest.mark.rule(8)
def test_hash_depends_on_the_value() -> None:
    """equal versions share a hash; a set of many versions keeps one member per distinct value"""
    texts = ["1.0.0", "1.0.0-rc.1", "0.1.0", "1.0.0", "0.1.0", "2.0.0-rc.1"]
    unique = {Version.parse(t) for t in texts}
    assert len(unique) == 4, f"expected 4 distinct versions in the set, got {len(unique)}"
    assert Version.parse("1.0.0-rc.1") in unique, "an equal version should be found in the set"


@pytest.mark.rule(2)
@pytest.mark.parametrize("text", INVALID, ids=repr)
def test_invalid_strings_raise_value_error(text: str) -> None:
    """parse() raises ValueError for invalid strings (leading zeros, garbage, empty parts...)"""
    expect_error(ValueError, lambda: Version.parse(text), f"Version.parse({text!r})")


def insert(text: str, position: int, char: str) -> str:
    position %= len(text) + 1
    return text[:position] + char + text[position:]


near_valid_texts = st.builds(
    insert,
    parts_strategy.map(text_of),
    st.integers(0, 40),
    st.sampled_from("0.-a_ \n+\u0663\u00e9"),
)


@pytest.mark.rule(2)
@given(st.one_of(st.text(alphabet="0129.-aZ_+ ", max_size=14), near_valid_texts))
def test_parse_accepts_exactly_the_valid_versions(text: str) -> None:
    """parse() accepts exactly the strings the semver grammar allows (any other: ValueError)"""
    if VALID.fullmatch(text):
        v = Version.parse(text)
        assert str(v) == text, f"str(Version.parse({text!r})) is {str(v)!r}"
    else:
        expect_error(ValueError, lambda: Version.parse(text), f"Version.parse({text!r})")


@pytest.mark.rule(11)
def test_comparison_with_other_types() -> None:
    """comparing with a non-Version returns NotImplemented: == is False, < raises TypeError"""
    v = Version.parse("1.0.0")
    assert (v == "1.0.0") is False, "Version(1, 0, 0) == '1.0.0' should be False"
    assert (v != "1.0.0") is True, "Version(1, 0, 0) != '1.0.0' should be True"
    assert (v == (1, 0, 0)) is False, "Version(1, 0, 0) == (1, 0, 0) should be False"
    assert (v == (1, 0, 0, ())) is False, "Version(1, 0, 0) == (1, 0, 0, ()) should be False"
    assert (v == AlwaysEqual()) is True, (
        "v == other should fall back to other.__eq__ (Version.__eq__ must return "
        "NotImplemented for a non-Version, not False)"
    )
    assert (v < Infinity()) is True, (
        "v < other should fall back to other.__gt__ (Version.__lt__ must return "
        "NotImplemented for a non-Version)"
    )
    operations = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
    for symbol, compare in operations.items():
        for other in ("2.0.0", (2, 0, 0), None):
            expect_error(
                TypeError,
                lambda compare=compare, other=other: compare(v, other),
                f"Version(1, 0, 0) {symbol} {other!r}",
            )


@pytest.mark.rule(9)
def test_fields_are_read_only() -> None:
    """fields cannot be reassigned (a hashable value must not change)"""
    v = Version.parse("1.2.3")
    for name, value in (("major", 9), ("minor", 9), ("patch", 9), ("prerelease", ("x",))):
        expect_error(
            AttributeError,
            lambda name=name, value=value: setattr(v, name, value),
            f"assigning v.{name} = {value!r}",
        )
    assert str(v) == "1.2.3", f"v changed after failed assignments: {v}"
