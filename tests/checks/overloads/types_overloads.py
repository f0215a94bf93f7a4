"""Hidden mypy checks for the overloads kata."""

from typing import Literal, assert_type

from katas.overloads import JSON, parse


def check_kind_defaults_to_str() -> None:
    """parse(value) and parse(value, "str") return str

    Rules: 7
    """
    assert_type(parse("x"), str)
    assert_type(parse("x", "str"), str)
    assert_type(parse("x", kind="str"), str)
    parse("x").bit_length()  # type: ignore[attr-defined]


def check_each_kind_has_its_own_return_type() -> None:
    """each kind gives its own return type: int, float, bool, JSON (not a union, not Any)

    Rules: 7
    """
    assert_type(parse("1", "int"), int)
    assert_type(parse("1.5", "float"), float)
    assert_type(parse("yes", "bool"), bool)
    assert_type(parse("[1]", "json"), JSON)
    assert_type(parse("1", kind="int"), int)
    assert_type(parse("1", kind="json"), JSON)
    parse("1", "int").upper()  # type: ignore[attr-defined]
    parse("1", "json").upper()  # type: ignore[union-attr]
    parse("1", "float").is_integer()


def check_results_are_usable_without_casts() -> None:
    """results can be used as their type directly (int arithmetic, str methods)

    Rules: 7
    """
    port: int = parse("8080", "int") + 1
    name: str = parse(" ada ").strip()
    ratio: float = parse("0.5", "float") * 2
    flag: bool = not parse("off", "bool")
    assert_type((port, name, ratio, flag), tuple[int, str, float, bool])
    _port_text: str = parse("8080", "int")  # type: ignore[assignment]


def check_a_union_of_kinds_gives_a_union_of_results() -> None:
    """a kind typed Literal["int", "str"] gives int | str

    Rules: 7
    """
    kinds: list[Literal["int", "str"]] = ["int", "str"]
    assert_type(parse("1", kinds[0]), int | str)
    others: list[Literal["float", "bool", "str"]] = ["bool"]
    assert_type(parse("1", others[0]), float | bool | str)
    parse("1", kinds[0]).upper()  # type: ignore[union-attr]


def check_unknown_kind_is_rejected() -> None:
    """an unknown kind, a plain str kind or a non-str value is rejected

    Rules: 8
    """
    assert_type(parse("1", "int"), int)
    parse("1", "xml")  # type: ignore[call-overload]
    parse("1", "INT")  # type: ignore[call-overload]
    parse("1", kind="xml")  # type: ignore[call-overload]
    kind = str(input())
    parse("1", kind)  # type: ignore[call-overload]
    parse(1, "int")  # type: ignore[call-overload]
    parse(b"1", "json")  # type: ignore[call-overload]
    parse(None)  # type: ignore[call-overload]
