"""Hidden mypy checks for the version kata."""

from typing import assert_type

from katas.version import Version


def check_parse_returns_a_version() -> None:
    """Version.parse() returns a Version (not Any) and takes a str

    Rules: 2
    """
    assert_type(Version.parse("1.2.3"), Version)
    Version.parse(123)  # type: ignore[arg-type]
    Version.parse(b"1.2.3")  # type: ignore[arg-type]


def check_fields_are_typed() -> None:
    """the fields are typed: int parts and a tuple of str pre-release identifiers

    Rules: 1
    """
    v = Version(1, 2, 3, ("rc", "1"))
    assert_type(v.major, int)
    assert_type(v.minor, int)
    assert_type(v.patch, int)
    assert_type(v.prerelease, tuple[str, ...])
    Version("1", 2, 3)  # type: ignore[arg-type]


def check_comparisons_return_bool() -> None:
    """comparing two versions gives a bool, and versions sort

    Rules: 4
    """
    a, b = Version.parse("1.0.0-alpha"), Version.parse("1.0.0")
    assert_type(a < b, bool)
    assert_type(a <= b, bool)
    assert_type(a > b, bool)
    assert_type(a >= b, bool)
    assert_type(a == b, bool)
    assert_type(sorted([b, a]), list[Version])
    assert_type(max(a, b), Version)


def check_fields_are_read_only() -> None:
    """assigning to a field is rejected by the type checker

    Rules: 10
    """
    v = Version.parse("1.2.3")
    assert_type(v.major, int)
    assert_type(v.prerelease, tuple[str, ...])
    v.major = 2  # type: ignore[misc]
    v.prerelease = ("rc",)  # type: ignore[misc]
