"""Hidden mypy checks for the overloads kata."""

from typing import Literal, assert_type

from katas.overloads import JSON, parse


def check_kind_defaults_to_str() -> None:
    """parse(value) and parse(value, "str") return str"""
    assert_type(parse("x"), str)
    assert_type(parse("x", "str"), str)


def check_each_kind_has_its_own_return_type() -> None:
    """each kind gives its own return type: int, float, bool, JSON (not a union, not Any)"""
    assert_type(parse("1", "int"), int)
    assert_type(parse("1.5", "float"), float)
    assert_type(parse("yes", "bool"), bool)
    assert_type(parse("[1]", "json"), JSON)


def check_results_are_usable_without_casts() -> None:
    """results can be used as their type directly (int arithmetic, str methods)"""
    port: int = parse("8080", "int") + 1
    name: str = parse(" ada ").strip()
    ratio: float = parse("0.5", "float") * 2
    flag: bool = not parse("off", "bool")
    assert_type((port, name, ratio, flag), tuple[int, str, float, bool])


def check_a_union_of_kinds_gives_a_union_of_results() -> None:
    """a kind typed Literal["int", "bool"] gives int | bool"""
    kinds: list[Literal["int", "bool"]] = ["int", "bool"]
    assert_type(parse("1", kinds[0]), int | bool)


def check_unknown_kind_is_rejected() -> None:
    """an unknown kind, a plain str kind or a non-str value is rejected"""
    parse("1", "xml")  # type: ignore[call-overload]
    parse("1", "INT")  # type: ignore[call-overload]
    kind = str(input())
    parse("1", kind)  # type: ignore[call-overload]
    parse(1, "int")  # type: ignore[call-overload]
