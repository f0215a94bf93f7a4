"""Make a FastAPI app testable through dependency injection, and write its test helper.

An app is easy to test when everything it needs from the outside world (configuration, a
database connection, the logged-in user) reaches the endpoints through ``Depends``: a test
then swaps any of them with ``app.dependency_overrides[real] = fake``, with no monkeypatching
and no real database. It is hard to test when a module-level line opens a connection at
import time, or when an endpoint calls ``get_settings()`` itself instead of declaring it.

Task
----
Write a small notes service (SQLite through the stdlib ``sqlite3``). Given below: ``Settings``,
``User``, the pydantic models ``NoteIn``/``NoteOut``, ``SCHEMA``/``create_schema`` and
``open_connection`` (the only place a connection may be opened). You write the three
dependencies ``get_settings``, ``get_db`` and ``get_current_user`` (signatures given, with their
``Annotated`` aliases ``SettingsDep``/``DbDep``/``CurrentUser``), four routes on ``app`` and the
test helper ``override_dependencies``.

Rules
-----
1. ``get_settings()`` returns a ``Settings`` whose ``database_path`` comes from the environment
   variable ``NOTES_DATABASE`` and whose ``app_name`` comes from ``NOTES_APP_NAME``; each
   variable that is unset falls back to the ``Settings`` default for its field (a variable
   set to the empty string is not unset: its value ``""`` is used).
2. ``get_db(settings)`` is a **yield dependency**: for each request it opens one connection
   with ``open_connection(settings)`` (the ``Settings`` it received) and yields it.
3. ``get_db`` closes its connection with ``connection.close()`` once the request is over, also
   when the endpoint raised (the endpoint's error still reaches the client). ``with
   connection:`` does not count: it only commits or rolls back, it does not close.
4. ``get_db`` never commits (neither by calling ``commit()`` nor through ``with connection:``):
   endpoints commit what they want kept, and whatever they did not commit is discarded.
5. Keep FastAPI's default for when a yield dependency's exit code runs: after the response
   has been sent (the checks record the order: open, response sent, close).
6. ``get_current_user(db, x_token)`` returns the ``User`` whose ``token`` is exactly equal to
   the ``X-Token`` header (case-sensitive; no pattern matching such as ``LIKE``; the header is
   untrusted input, so pass it to SQL as a ``?`` parameter). It raises
   ``HTTPException(401)`` when the header is missing or matches no user.
7. Every route and dependency gets the settings, the connection and the user by declaring
   them with ``SettingsDep``/``DbDep``/``CurrentUser``, never by calling ``get_settings``,
   ``get_db`` or ``get_current_user`` itself, so that a test can override each of them. An
   override of ``get_db`` may yield any ``sqlite3.Connection`` to a database with this schema
   (with the default ``row_factory``): do not rely on how ``get_db`` set its connection up.
8. ``GET /info`` returns ``{"app": settings.app_name}``; ``GET /me`` returns
   ``{"id": user.id, "name": user.name}``.
9. ``POST /notes`` with a ``NoteIn`` body answers **201** with a ``NoteOut`` (``owner`` is the
   user's name) and commits the new note.
10. ``GET /notes`` returns the current user's notes, and only theirs, as ``list[NoteOut]``
    ordered by id (oldest first). A note is theirs when its ``owner_id`` is the user's
    ``id`` (two users may have the same name).
11. ``override_dependencies(app, overrides)`` is a context manager for tests: when the ``with``
    block is entered (not before) it installs ``overrides`` (any mapping from real dependency
    to replacement) into ``app.dependency_overrides``, keeping the overrides already there
    except those it replaces.
12. When the block ends, the helper puts ``app.dependency_overrides`` back **exactly as it was
    before** the block: what it replaced comes back, and anything added or removed inside the
    block is undone. Nested blocks work.
13. It also restores the overrides when the block raises, and the exception still propagates.
14. Importing this module opens no connection: no I/O at module level.

Example
-------
In a test (``pytest-asyncio``; ``httpx`` talks to the app in memory, no server)::

    import httpx

    async def test_me_without_a_database() -> None:
        with override_dependencies(app, {get_current_user: lambda: User(1, "ada")}):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
                response = await c.get("/me")
        assert response.json() == {"id": 1, "name": "ada"}
        assert app.dependency_overrides == {}

Or as a fixture: ``with override_dependencies(app, {...}): yield``.

Where to start
--------------
``get_db`` first: ``try: yield connection`` / ``finally: connection.close()``. Then
``get_current_user`` and the routes, then the helper (remember what the dict held before).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, status
from pydantic import BaseModel, Field

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS notes (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES users (id),
    text TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Settings:
    database_path: str = ":memory:"
    app_name: str = "notes"


@dataclass(frozen=True)
class User:
    id: int
    name: str


class NoteIn(BaseModel):
    text: str = Field(min_length=1)


class NoteOut(BaseModel):
    id: int
    text: str
    owner: str


def create_schema(connection: sqlite3.Connection) -> None:
    connection.executescript(SCHEMA)


def open_connection(settings: Settings) -> sqlite3.Connection:
    # FastAPI runs sync dependencies and endpoints in worker threads, possibly different ones
    return sqlite3.connect(settings.database_path, check_same_thread=False)


# --- dependencies ----------------------------------------------------------------------------


def get_settings() -> Settings:
    raise NotImplementedError


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_db(settings: SettingsDep) -> Iterator[sqlite3.Connection]:
    raise NotImplementedError


DbDep = Annotated[sqlite3.Connection, Depends(get_db)]


def get_current_user(db: DbDep, x_token: Annotated[str | None, Header()] = None) -> User:
    raise NotImplementedError


CurrentUser = Annotated[User, Depends(get_current_user)]


# --- the app ---------------------------------------------------------------------------------

app = FastAPI(title="notes")

# TODO: the four routes: GET /info, GET /me, POST /notes, GET /notes


# --- the test helper -------------------------------------------------------------------------


@contextmanager
def override_dependencies(
    app: FastAPI, overrides: Mapping[Callable[..., Any], Callable[..., Any]]
) -> Iterator[None]:
    raise NotImplementedError
