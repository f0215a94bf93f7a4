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
``open_connection`` (the only place a connection may be opened).

1. Dependencies (signatures given, with their ``Annotated`` aliases):

   - ``get_settings()`` -> ``Settings``, defaults overridable with the environment variables
     ``NOTES_DATABASE`` and ``NOTES_APP_NAME``;
   - ``get_db(settings)``: a **yield dependency**: open one connection per request with
     ``open_connection(settings)``, yield it, and close it afterwards, also when the endpoint
     raised. It does not commit: endpoints commit what they want kept.
   - ``get_current_user(db, x_token)``: the user whose ``token`` matches the ``X-Token``
     header; ``HTTPException(401)`` when the header is missing or unknown.

2. Routes on ``app``, each declaring what it needs with ``SettingsDep``/``DbDep``/
   ``CurrentUser`` (never by calling a dependency function itself):

   - ``GET /info`` -> ``{"app": settings.app_name}``
   - ``GET /me`` -> ``{"id": user.id, "name": user.name}``
   - ``POST /notes`` with a ``NoteIn`` body -> **201** and a ``NoteOut`` (``owner`` is the
     user's name); the note is committed
   - ``GET /notes`` -> the current user's notes as ``list[NoteOut]``, ordered by id

3. ``override_dependencies(app, overrides)``: a context manager for tests. It installs
   ``overrides`` (a mapping from real dependency to replacement) into
   ``app.dependency_overrides`` for the duration of the ``with`` block, then puts the
   dict back **exactly as it was before**: also when the block raises (the exception still
   propagates), and also when blocks are nested.

Rules
-----
- Importing this module opens no connection: no I/O at module level.
- Keep FastAPI's default for when a yield dependency's exit code runs: after the response
  has been sent (the checks record the order: open, response sent, close).
- ``sqlite3`` connections are closed explicitly: ``with connection:`` only commits or rolls
  back, it does not close.

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
