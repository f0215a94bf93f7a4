"""Hidden checks for the dependency_overrides kata.

``sqlite3.connect`` is replaced by a recorder for each test: it counts the connections the app
opens and logs ``open``/``commit``/``close`` events. Every test runs in its own ``tmp_path``
with its own database file, and the app's ``dependency_overrides`` are put back afterwards.
"""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any

import httpx
import pytest
from fastapi import Depends, FastAPI, HTTPException

import katas.dependency_overrides as kata
from katas.dependency_overrides import (
    Settings,
    User,
    app,
    create_schema,
    get_current_user,
    get_db,
    get_settings,
    override_dependencies,
)
from pykata.leaks import no_leaks

REAL_CONNECT = sqlite3.connect
# FastAPI runs sync code in AnyIO's worker threads, which idle on after a request by design
ANYIO_WORKERS = ("AnyIO worker thread",)
ADA = {"X-Token": "token-ada"}
BOB = {"X-Token": "token-bob"}


class ConnectionRecorder:
    """Stands in for sqlite3.connect: real connections, with their life recorded."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.paths: list[str] = []
        self.connections: list[sqlite3.Connection] = []
        events = self.events

        class RecordingConnection(sqlite3.Connection):
            def commit(self) -> None:
                events.append("commit")
                super().commit()

            def close(self) -> None:
                events.append("close")
                super().close()

        self.connection_class = RecordingConnection

    def connect(self, database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        self.events.append("open")
        self.paths.append(str(database))
        kwargs["factory"] = self.connection_class
        connection = REAL_CONNECT(database, *args, **kwargs)
        self.connections.append(connection)
        return connection

    @property
    def opened(self) -> int:
        return self.events.count("open")

    def close_all(self) -> None:
        for connection in self.connections:
            sqlite3.Connection.close(connection)


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Run in tmp_path with no NOTES_* variables, and restore the app's overrides after."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NOTES_DATABASE", raising=False)
    monkeypatch.delenv("NOTES_APP_NAME", raising=False)
    saved = dict(app.dependency_overrides)
    app.dependency_overrides.clear()
    yield
    app.dependency_overrides.clear()
    app.dependency_overrides.update(saved)


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> Iterator[ConnectionRecorder]:
    recorder = ConnectionRecorder()
    monkeypatch.setattr(sqlite3, "connect", recorder.connect)
    yield recorder
    recorder.close_all()


def seeded(path: Path) -> Path:
    connection = REAL_CONNECT(path)
    try:
        create_schema(connection)
        connection.executemany(
            "INSERT INTO users (id, name, token) VALUES (?, ?, ?)",
            [(1, "ada", "token-ada"), (2, "bob", "token-bob")],
        )
        connection.commit()
    finally:
        connection.close()
    return path


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return seeded(tmp_path / "notes.db")


def settings_for(path: Path, app_name: str = "notes-under-test") -> Callable[[], Settings]:
    return lambda: Settings(database_path=str(path), app_name=app_name)


def notes_in(path: Path) -> list[tuple[int, str]]:
    connection = REAL_CONNECT(path)
    try:
        return connection.execute("SELECT owner_id, text FROM notes ORDER BY id").fetchall()
    finally:
        connection.close()


@asynccontextmanager
async def client_for(asgi_app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=asgi_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


def recording_responses(asgi_app: Any, events: list[str]) -> Any:
    """Wrap an ASGI app: log "response sent" once the last body chunk has been sent."""

    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        async def send_and_record(message: Any) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                events.append("response sent")

        await asgi_app(scope, receive, send_and_record)

    return wrapped


def fresh_module(name: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A new copy of the learner's module, imported now (module-level code runs again)."""
    assert kata.__file__ is not None
    spec = importlib.util.spec_from_file_location(name, kata.__file__)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)
    return module


# --- no work at import time ------------------------------------------------------------------


@pytest.mark.rule(14)
def test_importing_the_app_opens_no_connection(
    connections: ConnectionRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """importing the module opens no database connection"""
    module = fresh_module("fresh_dependency_overrides", monkeypatch)
    assert connections.opened == 0, (
        f"importing the module opened {connections.opened} connection(s): connect inside the "
        "get_db dependency, once per request, not at module level"
    )
    assert isinstance(module.app, FastAPI), "expected the module to define `app = FastAPI(...)`"


# --- the real dependencies -------------------------------------------------------------------


@pytest.mark.rule(1)
@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, (":memory:", "notes")),
        ({"NOTES_DATABASE": "/srv/notes.db"}, ("/srv/notes.db", "notes")),
        ({"NOTES_APP_NAME": "jotter"}, (":memory:", "jotter")),
        ({"NOTES_DATABASE": "other.db", "NOTES_APP_NAME": "jotter"}, ("other.db", "jotter")),
        ({"NOTES_DATABASE": "", "NOTES_APP_NAME": ""}, ("", "")),
    ],
    ids=["neither", "database-only", "app-name-only", "both", "both-empty"],
)
def test_get_settings_reads_the_environment(
    environment: dict[str, str],
    expected: tuple[str, str],
    connections: ConnectionRecorder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """get_settings() reads NOTES_DATABASE and NOTES_APP_NAME, each defaulting on its own"""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    module = fresh_module("settings_dependency_overrides", monkeypatch)
    settings = module.get_settings()
    found = (settings.database_path, settings.app_name)
    assert found == expected, (
        f"with the environment {environment}, expected (database_path, app_name) == "
        f"{expected}, got {found}: each variable that is unset falls back to the Settings "
        "default of its own field"
    )


@pytest.mark.rule(2)
async def test_each_request_opens_one_connection(
    connections: ConnectionRecorder, database: Path
) -> None:
    """each request opens exactly one connection, to the database its Settings name"""
    app.dependency_overrides[get_settings] = settings_for(database)
    async with client_for(app) as client:
        for method, path, body in [
            ("POST", "/notes", {"text": "one connection"}),
            ("GET", "/notes", None),
            ("GET", "/me", None),
        ]:
            before = connections.opened
            response = await client.request(method, path, json=body, headers=ADA)
            assert response.status_code < 300, (
                f"expected {method} {path} to succeed, got {response.status_code}: {response.text}"
            )
            opened = connections.opened - before
            assert opened == 1, (
                f"{method} {path} opened {opened} connection(s), expected exactly 1: get_db "
                "opens one per request, and FastAPI gives that same connection to every "
                "dependency and endpoint of the request that declares DbDep"
            )
    assert connections.paths == [str(database)] * 3, (
        f"expected every connection opened to {database}, got {connections.paths}: open it "
        "with open_connection(settings), the Settings that get_db received"
    )


@pytest.mark.rule(9)
async def test_notes_round_trip(connections: ConnectionRecorder, database: Path) -> None:
    """with real dependencies: notes are stored per user and listed back"""
    app.dependency_overrides[get_settings] = settings_for(database)
    async with client_for(app) as client:
        created = await client.post("/notes", json={"text": "buy milk"}, headers=ADA)
        assert created.status_code == 201, (
            f"expected 201 from POST /notes, got {created.status_code}: {created.text}"
        )
        body = created.json()
        assert body["text"] == "buy milk", f"expected the note's text back, got {body}"
        assert body["owner"] == "ada", f"expected owner 'ada', got {body}"
        assert isinstance(body["id"], int), f"expected an integer id, got {body}"
        listed = (await client.get("/notes", headers=ADA)).json()
        assert listed == [body], f"expected GET /notes to list [{body}] for ada, got {listed}"
        others = (await client.get("/notes", headers=BOB)).json()
        assert others == [], f"expected bob to see no notes, got {others}"
        empty = await client.post("/notes", json={"text": ""}, headers=ADA)
        assert empty.status_code == 422, f"expected 422 for an empty note, got {empty.status_code}"
    assert notes_in(database) == [(1, "buy milk")], (
        f"expected the note committed to the database file, found {notes_in(database)}"
    )


@pytest.mark.rule(6)
async def test_missing_or_unknown_token_is_401(
    connections: ConnectionRecorder, database: Path
) -> None:
    """a missing or unknown X-Token gets 401 from the routes that need a user"""
    app.dependency_overrides[get_settings] = settings_for(database)
    async with client_for(app) as client:
        for method, path, headers in [
            ("GET", "/me", {}),
            ("GET", "/me", {"X-Token": "forged"}),
            ("GET", "/notes", {}),
            ("POST", "/notes", {"X-Token": "forged"}),
        ]:
            response = await client.request(method, path, headers=headers, json={"text": "x"})
            assert response.status_code == 401, (
                f"expected 401 for {method} {path} with headers {headers}, "
                f"got {response.status_code}"
            )
    assert notes_in(database) == [], "an unauthenticated request stored a note"


HOSTILE_TOKENS = [
    "' OR '1'='1",
    "token-ada'--",
    "x' OR token LIKE 'token-%",
    "%",
    "token-%",
    "token-ad_",
    "TOKEN-ADA",
    "Token-Bob",
    "token-a",
    "token",
]


@pytest.mark.rule(6)
@pytest.mark.parametrize("token", HOSTILE_TOKENS)
async def test_token_must_match_exactly(
    token: str, connections: ConnectionRecorder, database: Path
) -> None:
    """an X-Token that is not exactly a user's token gets 401 (no injection, no patterns)"""
    app.dependency_overrides[get_settings] = settings_for(database)
    async with client_for(app) as client:
        response = await client.get("/me", headers={"X-Token": token})
    assert response.status_code == 401, (
        f"expected 401 for X-Token {token!r} (the stored tokens are 'token-ada' and "
        f"'token-bob'), got {response.status_code}: {response.text}. Compare with `token = ?` "
        "and pass the header as a parameter: no string formatting, LIKE or case folding"
    )


@pytest.mark.rule(2, 7, 8)
async def test_settings_override_reaches_every_dependency(
    connections: ConnectionRecorder, database: Path
) -> None:
    """overriding get_settings changes what /info reports and which database get_db opens"""
    app.dependency_overrides[get_settings] = settings_for(database, app_name="overridden")
    async with client_for(app) as client:
        info = await client.get("/info")
        assert info.json() == {"app": "overridden"}, (
            f"expected /info to report the overridden app_name, got {info.json()}: read "
            "settings through Depends(get_settings), not by calling get_settings()"
        )
        me = await client.get("/me", headers=ADA)
        assert me.status_code == 200, (
            f"expected 200 from /me using the overridden database, got {me.status_code}: "
            "get_db must receive its Settings through Depends(get_settings)"
        )
        assert me.json() == {"id": 1, "name": "ada"}, f"expected ada from /me, got {me.json()}"
    assert connections.paths == [str(database)], (
        f"expected one connection, to {database}, got connections to {connections.paths}"
    )


@pytest.mark.rule(8)
async def test_info_and_me_report_settings_and_user(
    connections: ConnectionRecorder, database: Path
) -> None:
    """GET /info reports the settings' app_name and GET /me the current user"""
    app.dependency_overrides[get_settings] = settings_for(database, app_name="jotter")
    async with client_for(app) as client:
        info = await client.get("/info")
        me = await client.get("/me", headers=BOB)
    assert info.status_code == 200, f"expected 200 from /info, got {info.status_code}"
    assert info.json() == {"app": "jotter"}, (
        f"expected {{'app': 'jotter'}} (the app_name of the Settings), got {info.json()}"
    )
    assert me.status_code == 200, f"expected 200 from /me, got {me.status_code}: {me.text}"
    assert me.json() == {"id": 2, "name": "bob"}, f"expected bob's id and name, got {me.json()}"


@pytest.mark.rule(10)
async def test_notes_are_listed_per_user_in_id_order(
    connections: ConnectionRecorder, database: Path
) -> None:
    """GET /notes lists only the current user's notes, oldest (lowest id) first"""
    namesake = REAL_CONNECT(database)
    with namesake:  # a second user called ada
        namesake.execute("INSERT INTO users (id, name, token) VALUES (3, 'ada', 'token-ada-2')")
    namesake.close()
    tokens = {"ada": ADA, "bob": BOB, "other ada": {"X-Token": "token-ada-2"}}
    app.dependency_overrides[get_settings] = settings_for(database)
    created: dict[str, list[Any]] = {"ada": [], "bob": [], "other ada": []}
    async with client_for(app) as client:
        for who, text in [
            ("ada", "walk the dog"),
            ("bob", "bob's note"),
            ("other ada", "the other ada's note"),
            ("ada", "buy milk"),
            ("ada", "call mum"),
            ("bob", "another of bob's"),
        ]:
            response = await client.post("/notes", json={"text": text}, headers=tokens[who])
            assert response.status_code == 201, (
                f"expected 201, got {response.status_code}: {response.text}"
            )
            created[who].append(response.json())
        listed_ada = (await client.get("/notes", headers=ADA)).json()
        listed_bob = (await client.get("/notes", headers=BOB)).json()
    ids = [note["id"] for note in created["ada"]]
    assert ids == sorted(ids), f"expected ids to grow with each new note, got {ids}"
    assert created["other ada"][0]["id"] not in {note["id"] for note in listed_ada}, (
        "expected ada (id 1) not to see the note of the other user called ada (id 3): a note "
        "belongs to its owner_id, not to a name"
    )
    assert listed_ada == created["ada"], (
        f"expected ada's three notes, oldest first ({[n['text'] for n in created['ada']]}), "
        f"got {listed_ada}"
    )
    assert listed_bob == created["bob"], f"expected only bob's two notes, got {listed_bob}"


# --- overrides replace the real dependencies -------------------------------------------------


@pytest.fixture
def fake_db(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = REAL_CONNECT(seeded(tmp_path / "fake.db"), check_same_thread=False)
    yield connection
    connection.close()


@pytest.mark.rule(7)
async def test_db_override_replaces_the_connection(
    connections: ConnectionRecorder, fake_db: sqlite3.Connection
) -> None:
    """overriding get_db: the routes and get_current_user use the given connection"""

    def use_fake_db() -> Iterator[sqlite3.Connection]:
        yield fake_db

    app.dependency_overrides[get_db] = use_fake_db
    async with client_for(app) as client:
        me = await client.get("/me", headers=BOB)
        assert me.json() == {"id": 2, "name": "bob"}, (
            f"expected bob from /me through the overriding connection, got {me.text}"
        )
        created = await client.post("/notes", json={"text": "from a test"}, headers=BOB)
        assert created.status_code == 201, f"expected 201, got {created.status_code}"
    stored = fake_db.execute("SELECT owner_id, text FROM notes").fetchall()
    assert stored == [(2, "from a test")], f"expected the note in the overriding db, got {stored}"
    assert connections.opened == 0, (
        f"the app opened {connections.opened} connection(s) of its own while get_db was "
        "overridden: every route and dependency must get its connection through Depends(get_db)"
    )


@pytest.mark.rule(7)
async def test_current_user_override_replaces_authentication(
    connections: ConnectionRecorder, fake_db: sqlite3.Connection
) -> None:
    """overriding get_current_user: routes see the given user, with no token needed"""

    def use_fake_db() -> Iterator[sqlite3.Connection]:
        yield fake_db

    app.dependency_overrides[get_db] = use_fake_db
    app.dependency_overrides[get_current_user] = lambda: User(id=2, name="bob")
    async with client_for(app) as client:
        me = await client.get("/me")
        assert me.status_code == 200, f"expected 200 with the user overridden, got {me.text}"
        assert me.json() == {"id": 2, "name": "bob"}, (
            f"expected the overriding user, got {me.json()}"
        )
        created = await client.post("/notes", json={"text": "no token"})
        assert created.status_code == 201, f"expected 201, got {created.status_code}"
        assert created.json()["owner"] == "bob", f"expected owner bob, got {created.json()}"
    assert connections.opened == 0, "the app opened a connection although get_db was overridden"


# --- the yield dependency's cleanup ----------------------------------------------------------


@pytest.mark.rule(5)
async def test_db_cleanup_runs_after_the_response(
    connections: ConnectionRecorder, database: Path
) -> None:
    """get_db closes its connection once per request, after the response has been sent"""
    app.dependency_overrides[get_settings] = settings_for(database)
    async with client_for(recording_responses(app, connections.events)) as client:
        created = await client.post("/notes", json={"text": "tidy up"}, headers=ADA)
        assert created.status_code == 201, f"expected 201, got {created.status_code}"
        listed = await client.get("/notes", headers=ADA)
        assert listed.status_code == 200, f"expected 200, got {listed.status_code}"
    lifecycle = [e for e in connections.events if e != "commit"]
    assert lifecycle == ["open", "response sent", "close"] * 2, (
        "expected each request to open one connection and close it after its response was "
        f"sent (open, response sent, close; twice), got {lifecycle}. A yield dependency's "
        "code after the yield runs after the response; `with connection:` does not close"
    )


@pytest.mark.rule(3, 4)
async def test_db_cleanup_runs_when_the_handler_fails(
    connections: ConnectionRecorder, database: Path
) -> None:
    """get_db closes the connection even when the endpoint raises, keeping none of its writes"""
    probe = FastAPI()

    @probe.post("/write-then-fail")
    def write_then_fail(db: Annotated[sqlite3.Connection, Depends(get_db)]) -> None:
        connections.events.append("handler")
        db.execute("INSERT INTO notes (owner_id, text) VALUES (1, 'half done')")
        raise HTTPException(409, "conflict")

    @probe.post("/write")
    def write(db: Annotated[sqlite3.Connection, Depends(get_db)]) -> None:
        connections.events.append("handler")
        db.execute("INSERT INTO notes (owner_id, text) VALUES (1, 'done')")
        db.commit()

    probe.dependency_overrides[get_settings] = settings_for(database)
    async with no_leaks(ignore_threads=ANYIO_WORKERS), client_for(probe) as client:
        failed = await client.post("/write-then-fail")
        assert failed.status_code == 409, (
            f"expected the endpoint's 409 to reach the client, got {failed.status_code}: the "
            "dependency must not swallow or replace the endpoint's exception"
        )
        lifecycle = [e for e in connections.events if e != "commit"]
        assert lifecycle == ["open", "handler", "close"], (
            f"expected open, handler, close when the endpoint raises, got {lifecycle}: close "
            "the connection in a `finally:` around the yield (`with connection:` only "
            "commits or rolls back, it does not close a sqlite3 connection)"
        )
        assert notes_in(database) == [], (
            f"a failed request's write was committed: {notes_in(database)}; commit only when "
            "the endpoint succeeded"
        )
        start = len(connections.events)
        done = await client.post("/write")
        assert done.status_code == 200, f"expected 200, got {done.status_code}"
    success = connections.events[start:]
    assert success == ["open", "handler", "commit", "close"], (
        f"expected open, handler, commit, close for a successful request, got {success}"
    )
    assert notes_in(database) == [(1, "done")], (
        f"expected the committed note, got {notes_in(database)}"
    )


@pytest.mark.rule(4)
async def test_get_db_never_commits(connections: ConnectionRecorder, database: Path) -> None:
    """get_db never commits: what a successful endpoint did not commit is discarded"""
    probe = FastAPI()

    @probe.post("/write-without-commit")
    def write_without_commit(db: Annotated[sqlite3.Connection, Depends(get_db)]) -> None:
        db.execute("INSERT INTO notes (owner_id, text) VALUES (1, 'not committed')")

    probe.dependency_overrides[get_settings] = settings_for(database)
    async with client_for(probe) as client:
        response = await client.post("/write-without-commit")
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    assert "commit" not in connections.events, (
        f"get_db called commit() (events: {connections.events}); endpoints commit what they "
        "want kept"
    )
    assert notes_in(database) == [], (
        f"a write the endpoint never committed was stored: {notes_in(database)}; get_db must "
        "not commit, neither with commit() nor through `with connection:`"
    )


# --- the override helper ---------------------------------------------------------------------


@pytest.mark.rule(11)
async def test_override_helper_installs_the_overrides(
    connections: ConnectionRecorder, fake_db: sqlite3.Connection
) -> None:
    """override_dependencies() installs the overrides for the duration of the block"""

    def use_fake_db() -> Iterator[sqlite3.Connection]:
        yield fake_db

    grace = lambda: User(id=9, name="grace")  # noqa: E731
    with override_dependencies(app, {get_db: use_fake_db, get_current_user: grace}):
        assert app.dependency_overrides.get(get_current_user) is grace, (
            "expected the override installed in app.dependency_overrides inside the block"
        )
        async with client_for(app) as client:
            me = await client.get("/me")
        assert me.json() == {"id": 9, "name": "grace"}, f"expected grace, got {me.text}"
    assert connections.opened == 0, "a connection was opened although get_db was overridden"


@pytest.mark.rule(11)
def test_override_helper_installs_on_entry_and_keeps_the_others() -> None:
    """override_dependencies() installs on entering, next to the overrides already there"""
    other = FastAPI()
    ada = lambda: User(id=1, name="ada")  # noqa: E731
    bob = lambda: User(id=2, name="bob")  # noqa: E731
    settings = lambda: Settings(app_name="outer")  # noqa: E731
    other.dependency_overrides[get_settings] = settings
    other.dependency_overrides[get_current_user] = bob
    manager = override_dependencies(other, MappingProxyType({get_current_user: ada}))
    assert other.dependency_overrides == {get_settings: settings, get_current_user: bob}, (
        "expected nothing installed before the `with` block is entered, got "
        f"{other.dependency_overrides}"
    )
    with manager:
        assert other.dependency_overrides == {get_settings: settings, get_current_user: ada}, (
            "expected the block's override installed next to the overrides already there "
            f"(and replacing the one for the same dependency), got {other.dependency_overrides}"
        )


@pytest.mark.rule(12)
def test_override_helper_restores_what_was_there() -> None:
    """after the block, dependency_overrides is exactly as before (nested blocks too)"""
    other = FastAPI()
    ada = lambda: User(id=1, name="ada")  # noqa: E731
    bob = lambda: User(id=2, name="bob")  # noqa: E731
    settings = lambda: Settings(app_name="outer")  # noqa: E731
    with override_dependencies(other, {}):
        pass
    assert other.dependency_overrides == {}, (
        f"expected no overrides left after the block, got {other.dependency_overrides}"
    )
    other.dependency_overrides[get_settings] = settings
    with override_dependencies(other, {get_current_user: ada}):
        with override_dependencies(other, {get_current_user: bob, get_db: bob}):
            assert other.dependency_overrides[get_current_user] is bob, "inner override missing"
        assert other.dependency_overrides == {get_settings: settings, get_current_user: ada}, (
            "expected leaving the inner block to bring back the outer block's overrides, got "
            f"{other.dependency_overrides}"
        )
    assert other.dependency_overrides == {get_settings: settings}, (
        "expected the override installed before the block to survive it (and nothing else), "
        f"got {other.dependency_overrides}"
    )
    with override_dependencies(other, {get_current_user: ada}):
        other.dependency_overrides[get_db] = bob
        del other.dependency_overrides[get_settings]
    assert other.dependency_overrides == {get_settings: settings}, (
        "expected what the block itself added to be removed and what it deleted to come back, "
        f"got {other.dependency_overrides}"
    )


@pytest.mark.rule(13)
def test_override_helper_cleans_up_when_the_block_raises() -> None:
    """override_dependencies() restores the overrides when the block raises, and re-raises"""
    other = FastAPI()
    ada = lambda: User(id=1, name="ada")  # noqa: E731
    with (
        pytest.raises(RuntimeError, match="test failed"),
        override_dependencies(other, {get_current_user: ada}),
    ):
        raise RuntimeError("test failed")
    assert other.dependency_overrides == {}, (
        "expected the overrides removed although the block raised (a failing test must not "
        f"leak its overrides into the next one), got {other.dependency_overrides}"
    )

    class Aborted(BaseException):
        """Like KeyboardInterrupt or pytest.fail()/pytest.skip(): not an Exception."""

    with pytest.raises(Aborted), override_dependencies(other, {get_current_user: ada}):
        raise Aborted
    assert other.dependency_overrides == {}, (
        "expected the overrides removed although the block raised a BaseException (such as "
        f"pytest.fail() or KeyboardInterrupt), got {other.dependency_overrides}"
    )
