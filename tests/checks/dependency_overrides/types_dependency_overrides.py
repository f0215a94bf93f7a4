"""Hidden mypy checks for the dependency_overrides kata."""

import sqlite3
from collections.abc import Iterator
from typing import assert_type

from fastapi import FastAPI

from katas.dependency_overrides import (
    Settings,
    User,
    get_current_user,
    get_db,
    get_settings,
    override_dependencies,
)


def check_dependencies_keep_their_types() -> None:
    """the dependencies return Settings, an iterator of connections and a User

    Rules: 1, 2, 6
    """
    assert_type(get_settings(), Settings)
    _connections: Iterator[sqlite3.Connection] = get_db(Settings())
    assert_type(get_current_user(sqlite3.connect(":memory:"), "token"), User)


def check_dependencies_reject_misuse() -> None:
    """get_db needs Settings and yields connections; get_current_user needs a connection

    Rules: 2, 6
    """
    get_db("notes.db")  # type: ignore[arg-type]
    _texts: Iterator[str] = get_db(Settings())  # type: ignore[assignment]
    get_current_user("notes.db", "token")  # type: ignore[arg-type]
    get_current_user(sqlite3.connect(":memory:"), 42)  # type: ignore[arg-type]


def check_override_helper_is_a_typed_context_manager() -> None:
    """override_dependencies(app, mapping) is a context manager; other arguments are rejected

    Rules: 11
    """
    app = FastAPI()
    with override_dependencies(app, {get_settings: lambda: Settings(app_name="test")}) as value:
        assert_type(value, None)
    with override_dependencies(app, {}):
        pass
    override_dependencies("app", {})  # type: ignore[arg-type]
    override_dependencies(app, [get_settings])  # type: ignore[arg-type]
    override_dependencies(app, {"get_settings": get_settings})  # type: ignore[dict-item]
