"""Hidden mypy checks for the stub_file kata: a consumer of the legacy module, under --strict."""

from typing import assert_type

from katas.stub_file import (
    DEFAULT_TIMEOUT,
    UNITS,
    MissingSetting,
    Settings,
    chunked,
    parse_duration,
    with_retries,
)


def check_constants_and_parse_duration() -> None:
    """DEFAULT_TIMEOUT is a float, UNITS maps str to float, parse_duration takes a str"""
    assert_type(DEFAULT_TIMEOUT * 2, float)
    assert_type(UNITS["ms"], float)
    assert_type(parse_duration("5m"), float)
    parse_duration(30)  # type: ignore[arg-type]


def check_chunked_keeps_the_item_type() -> None:
    """chunked() yields lists of the items' own type and wants an int size"""
    for numbers in chunked([1, 2, 3], 2):
        assert_type(numbers, list[int])
    for letters in chunked("abc", size=2):
        assert_type(letters, list[str])
    chunked([1, 2], "2")  # type: ignore[arg-type]


def check_with_retries_keeps_the_signature() -> None:
    """with_retries(func) has func's parameters and return type"""

    def add(a: int, b: int = 0) -> int:
        return a + b

    safe_add = with_retries(add, attempts=2, exceptions=(ValueError, KeyError))
    assert_type(safe_add(1, b=2), int)
    safe_add("1")  # type: ignore[arg-type]
    safe_add(1, c=2)  # type: ignore[call-arg]
    with_retries(add, attempts="3")  # type: ignore[arg-type]
    with_retries(add, exceptions=(1,))  # type: ignore[arg-type]


def check_settings_values_are_str() -> None:
    """Settings holds str values: construction, [] access, get_int, get_duration, len, in"""
    settings = Settings({"port": "8080"}, debug="1")
    assert_type(settings.values, dict[str, str])
    assert_type(settings["port"], str)
    assert_type(settings.get_int("port", 80), int)
    assert_type(settings.get_duration("timeout"), float)
    assert_type(len(settings), int)
    assert_type("port" in settings, bool)
    Settings(debug=True)  # type: ignore[arg-type]
    Settings({"port": 8080})  # type: ignore[dict-item]
    settings.get_int("port", "80")  # type: ignore[arg-type]


def check_settings_get_is_overloaded() -> None:
    """Settings.get returns str | None, or str | <type of the default> when given one"""
    settings = Settings()
    assert_type(settings.get("name"), str | None)
    assert_type(settings.get("name", "anonymous"), str)
    assert_type(settings.get("retries", 0), str | int)
    settings.get(1)  # type: ignore[call-overload]


def check_from_env_returns_the_subclass() -> None:
    """Settings.from_env is typed with Self: a subclass gets its own type back"""

    class AppSettings(Settings):
        pass

    assert_type(Settings.from_env({"APP_DEBUG": "1"}), Settings)
    assert_type(AppSettings.from_env(prefix="MY_"), AppSettings)
    Settings.from_env(prefix=1)  # type: ignore[arg-type]


def check_override_is_a_context_manager() -> None:
    """settings.override(...) is a context manager giving the settings object back"""
    settings = Settings()
    with settings.override(debug="1") as same:
        assert_type(same, Settings)
    settings.override(debug=1)  # type: ignore[arg-type]


def check_missing_setting_is_a_key_error() -> None:
    """MissingSetting is a KeyError whose key attribute is a str"""
    try:
        Settings()["absent"]
    except MissingSetting as error:
        assert_type(error.key, str)
        as_key_error: KeyError = error
        assert_type(as_key_error, KeyError)
