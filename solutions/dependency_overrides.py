"""A FastAPI app made testable through dependency injection: reference solution."""

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
    return Settings(
        database_path=os.environ.get("NOTES_DATABASE", Settings.database_path),
        app_name=os.environ.get("NOTES_APP_NAME", Settings.app_name),
    )


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_db(settings: SettingsDep) -> Iterator[sqlite3.Connection]:
    connection = open_connection(settings)  # per request, never at import time
    try:
        yield connection
    finally:
        # runs after the response is sent, and also when the endpoint raised;
        # closing without a commit discards whatever the request did not commit
        connection.close()


DbDep = Annotated[sqlite3.Connection, Depends(get_db)]


def get_current_user(db: DbDep, x_token: Annotated[str | None, Header()] = None) -> User:
    row = None
    if x_token is not None:
        row = db.execute("SELECT id, name FROM users WHERE token = ?", (x_token,)).fetchone()
    if row is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "missing or unknown X-Token")
    return User(id=row[0], name=row[1])


CurrentUser = Annotated[User, Depends(get_current_user)]


# --- the app ---------------------------------------------------------------------------------

app = FastAPI(title="notes")


@app.get("/info")
def info(settings: SettingsDep) -> dict[str, str]:
    return {"app": settings.app_name}


@app.get("/me")
def me(user: CurrentUser) -> dict[str, int | str]:
    return {"id": user.id, "name": user.name}


@app.post("/notes", status_code=status.HTTP_201_CREATED)
def add_note(note: NoteIn, user: CurrentUser, db: DbDep) -> NoteOut:
    cursor = db.execute("INSERT INTO notes (owner_id, text) VALUES (?, ?)", (user.id, note.text))
    db.commit()
    assert cursor.lastrowid is not None
    return NoteOut(id=cursor.lastrowid, text=note.text, owner=user.name)


@app.get("/notes")
def list_notes(user: CurrentUser, db: DbDep) -> list[NoteOut]:
    rows = db.execute("SELECT id, text FROM notes WHERE owner_id = ? ORDER BY id", (user.id,))
    return [NoteOut(id=row[0], text=row[1], owner=user.name) for row in rows]


# --- the test helper -------------------------------------------------------------------------


@contextmanager
def override_dependencies(
    app: FastAPI, overrides: Mapping[Callable[..., Any], Callable[..., Any]]
) -> Iterator[None]:
    previous = dict(app.dependency_overrides)
    app.dependency_overrides.update(overrides)
    try:
        yield
    finally:
        app.dependency_overrides.clear()
        app.dependency_overrides.update(previous)
