"""Hidden mypy checks for the typed_config kata."""

from collections.abc import Mapping
from types import MappingProxyType
from typing import assert_type

from katas.typed_config import ServerConfig, validate


def check_required_keys_are_required() -> None:
    """a ServerConfig without host or without port is rejected

    Rules: 1
    """
    _minimal: ServerConfig = {"host": "db", "port": 5432}
    _missing_port: ServerConfig = {"host": "db"}  # type: ignore[typeddict-item]
    _missing_host: ServerConfig = {"port": 5432}  # type: ignore[typeddict-item]
    ServerConfig(host="db")  # type: ignore[typeddict-item]


def check_optional_keys_may_be_omitted() -> None:
    """host and port alone make a ServerConfig; workers, log_level and debug may be added

    Rules: 1
    """
    minimal: ServerConfig = {"host": "db", "port": 5432}
    full: ServerConfig = {
        "host": "db",
        "port": 5432,
        "workers": 4,
        "log_level": "info",
        "debug": False,
    }
    assert_type(minimal.get("workers"), int | None)
    assert_type(full.get("debug"), bool | None)
    assert_type(full.get("log_level"), str | None)
    level = str(input())
    _any_level: ServerConfig = {"host": "db", "port": 1, "log_level": level}
    _no_workers: ServerConfig = {"host": "db", "port": 1, "workers": None}  # type: ignore[typeddict-item]
    _no_debug: ServerConfig = {"host": "db", "port": 1, "debug": None}  # type: ignore[typeddict-item]


def check_value_types_are_enforced() -> None:
    """a value of the wrong type (port as str, debug as str, workers as float) is rejected

    Rules: 1
    """
    _port_text: ServerConfig = {"host": "db", "port": "5432"}  # type: ignore[typeddict-item]
    _debug_text: ServerConfig = {"host": "db", "port": 1, "debug": "yes"}  # type: ignore[typeddict-item]
    _workers_float: ServerConfig = {"host": "db", "port": 1, "workers": 2.5}  # type: ignore[typeddict-item]
    _host_none: ServerConfig = {"host": None, "port": 1}  # type: ignore[typeddict-item]
    config: ServerConfig = {"host": "db", "port": 5432}
    assert_type(config["host"], str)
    assert_type(config["port"], int)


def check_unknown_keys_are_rejected() -> None:
    """a key ServerConfig does not declare (a typo) is rejected

    Rules: 1
    """
    _known: ServerConfig = {"host": "db", "port": 1, "debug": True}
    _typo: ServerConfig = {"host": "db", "port": 1, "prot": 2}  # type: ignore[typeddict-unknown-key]


def check_validate_returns_the_schema_type() -> None:
    """validate(ServerConfig, data) is typed as a ServerConfig, not a dict or Any

    Rules: 3
    """
    raw: dict[str, object] = {"host": "db", "port": 5432}
    config = validate(ServerConfig, raw)
    assert_type(config, ServerConfig)
    assert_type(config["port"], int)
    config["prot"]  # type: ignore[typeddict-item]
    _port_text: str = validate(ServerConfig, raw)["port"]  # type: ignore[assignment]


def check_validate_accepts_any_mapping() -> None:
    """validate() takes any Mapping[str, object] (dict[str, int], MappingProxyType), not other data

    Rules: 3
    """
    mapping: Mapping[str, object] = {"host": "db", "port": 1}
    assert_type(validate(ServerConfig, mapping), ServerConfig)
    ports: dict[str, int] = {"port": 1}
    assert_type(validate(ServerConfig, ports), ServerConfig)
    frozen = MappingProxyType({"host": "db"})
    assert_type(validate(ServerConfig, frozen), ServerConfig)
    validate(ServerConfig, [("host", "db")])  # type: ignore[arg-type]
    validate(ServerConfig, "host=db")  # type: ignore[arg-type]
