"""Hidden mypy checks for the stub_file kata: a consumer of the legacy module, under --strict."""

import os
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import assert_type

import katas.stub_file as legacy
from katas.stub_file import (
    DEFAULT_TIMEOUT,
    UNITS,
    MissingSetting,
    Settings,
    chunked,
    parse_duration,
    with_retries,
)


def check_constants() -> None:
    """DEFAULT_TIMEOUT is a float and UNITS a dict of str to float

    Rules: 1
    """
    assert_type(DEFAULT_TIMEOUT * 2, float)
    assert_type(UNITS["ms"], float)
    UNITS["d"] = 86400.0
    assert_type(UNITS.get("s"), float | None)
    UNITS["w"] = "7d"  # type: ignore[assignment]
    DEFAULT_TIMEOUT.upper()  # type: ignore[attr-defined]


def check_parse_duration() -> None:
    """parse_duration takes a str and returns a float

    Rules: 2
    """
    assert_type(parse_duration("5m"), float)
    assert_type(parse_duration(text="250ms"), float)
    parse_duration(30)  # type: ignore[arg-type]
    parse_duration(b"5m")  # type: ignore[arg-type]
    _text: str = parse_duration("1s")  # type: ignore[assignment]


def check_chunked_keeps_the_item_type() -> None:
    """chunked() yields lists of the items' own type and wants an int size

    Rules: 3
    """
    for numbers in chunked([1, 2, 3], 2):
        assert_type(numbers, list[int])
    for letters in chunked("abc", size=2):
        assert_type(letters, list[str])
    assert_type(next(chunked((n * 1.5 for n in range(3)), 2)), list[float])
    assert_type(next(chunked(items={"a": 1}, size=1)), list[str])
    _batches: Iterator[list[bytes]] = chunked([b"x"], 1)
    chunked([1, 2], "2")  # type: ignore[arg-type]
    chunked(5, 2)  # type: ignore[arg-type]
    next(chunked([1], 1)).append("x")  # type: ignore[arg-type]


def check_with_retries_keeps_the_signature() -> None:
    """with_retries(func) has func's parameters and return type

    Rules: 4
    """

    def add(a: int, b: int = 0) -> int:
        return a + b

    safe_add = with_retries(add)
    assert_type(safe_add(1, b=2), int)
    assert_type(with_retries(parse_duration)("5m"), float)
    assert_type(with_retries(func=add)(a=1), int)
    safe_add("1")  # type: ignore[arg-type]
    safe_add(1, c=2)  # type: ignore[call-arg]
    safe_add()  # type: ignore[call-arg]
    _text: str = safe_add(1)  # type: ignore[assignment]


def check_with_retries_options() -> None:
    """with_retries takes an int number of attempts and a tuple of exception classes

    Rules: 5
    """

    def fetch() -> bytes:
        return b""

    assert_type(with_retries(fetch, 2, (ValueError,))(), bytes)
    assert_type(with_retries(fetch, attempts=5, exceptions=(OSError, KeyError))(), bytes)
    with_retries(fetch, attempts="3")  # type: ignore[arg-type]
    with_retries(fetch, exceptions=(1,))  # type: ignore[arg-type]
    with_retries(fetch, exceptions=(ValueError(),))  # type: ignore[arg-type]
    with_retries(fetch, exceptions=[ValueError])  # type: ignore[arg-type]


def check_settings_construction() -> None:
    """Settings takes a mapping of str to str (or None) and str keyword arguments

    Rules: 6
    """
    settings = Settings({"port": "8080"}, debug="1")
    assert_type(settings.values, dict[str, str])
    mapping: Mapping[str, str] = {"host": "db"}
    Settings(mapping)
    Settings(MappingProxyType({"host": "db"}))
    Settings(None, debug="1")
    Settings(values={"a": "b"})
    Settings()
    Settings(debug=True)  # type: ignore[arg-type]
    Settings({"port": 8080})  # type: ignore[dict-item]
    Settings([("port", "8080")])  # type: ignore[arg-type]
    settings.values["port"] = 8080  # type: ignore[assignment]


def check_settings_values_are_str() -> None:
    """[] gives a str, get_int an int, get_duration a float; in and len work

    Rules: 7
    """
    settings = Settings({"port": "8080"})
    assert_type(settings["port"], str)
    assert_type(settings.get_int("port", 80), int)
    assert_type(settings.get_int("port"), int)
    assert_type(settings.get_duration("timeout"), float)
    assert_type(settings.get_duration("timeout", 2.5), float)
    assert_type(settings.get_duration("timeout", default=1), float)
    assert_type(len(settings), int)
    assert_type("port" in settings, bool)
    settings.get_int("port", "80")  # type: ignore[arg-type]
    settings.get_duration("timeout", "30s")  # type: ignore[arg-type]
    settings.get_duration("timeout", None)  # type: ignore[arg-type]
    settings.get_int("port", None)  # type: ignore[arg-type]
    settings["port"].bit_length()  # type: ignore[attr-defined]


def check_settings_get_is_overloaded() -> None:
    """Settings.get returns str | None, or str | <type of the default> when given one

    Rules: 8
    """
    settings = Settings()
    assert_type(settings.get("name"), str | None)
    assert_type(settings.get("name", "anonymous"), str)
    assert_type(settings.get("retries", 0), str | int)
    assert_type(settings.get("name", None), str | None)
    assert_type(settings.get("name", default=1.5), str | float)
    settings.get(1)  # type: ignore[call-overload]
    _name: str = settings.get("name")  # type: ignore[assignment]
    _count: int = settings.get("retries", 0)  # type: ignore[assignment]


def check_from_env_returns_the_subclass() -> None:
    """Settings.from_env is typed with Self: a subclass gets its own type back

    Rules: 9
    """

    class AppSettings(Settings):
        def port(self) -> int:
            return 8080

    assert_type(Settings.from_env({"APP_DEBUG": "1"}), Settings)
    assert_type(AppSettings.from_env(prefix="MY_"), AppSettings)
    assert_type(AppSettings.from_env(os.environ).port(), int)
    assert_type(Settings.from_env(None, "X_"), Settings)
    assert_type(Settings.from_env(environ=MappingProxyType({"APP_A": "1"})), Settings)
    _app: AppSettings = Settings.from_env()  # type: ignore[assignment]
    Settings.from_env(prefix=1)  # type: ignore[arg-type]
    Settings.from_env({"APP_PORT": 8080})  # type: ignore[dict-item]


def check_override_is_a_context_manager() -> None:
    """settings.override(...) is a context manager giving the settings object back

    Rules: 10
    """

    class AppSettings(Settings):
        def port(self) -> int:
            return 8080

    settings = Settings()
    with settings.override(debug="1") as same:
        assert_type(same, Settings)
    with AppSettings().override(port="9090") as app:
        assert_type(app, AppSettings)
        assert_type(app.port(), int)
    with settings.override() as unchanged:
        unchanged.port()  # type: ignore[attr-defined]
    settings.override(debug=1)  # type: ignore[arg-type]
    settings.override({"debug": "1"})  # type: ignore[call-arg]


def check_missing_setting_is_a_key_error() -> None:
    """MissingSetting is a KeyError whose key attribute is a str

    Rules: 11
    """
    try:
        Settings()["absent"]
    except MissingSetting as error:
        assert_type(error.key, str)
        as_key_error: KeyError = error
        assert_type(as_key_error, KeyError)
        error.key.decode()  # type: ignore[attr-defined]
        _not_value_error: ValueError = error  # type: ignore[assignment]
    assert_type(MissingSetting("absent").key, str)


def check_no_undeclared_names() -> None:
    """names the module does not have cannot be imported (no module __getattr__)

    Rules: 12
    """
    _settings_class: type[Settings] = legacy.Settings
    legacy.load_settings  # type: ignore[attr-defined]  # noqa: B018
    legacy.setting  # type: ignore[attr-defined]  # noqa: B018
