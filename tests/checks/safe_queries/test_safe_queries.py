"""Hidden pytest checks for the safe_queries kata."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date
from typing import Any

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, event, func, select, text
from sqlalchemy.orm import Session

from katas.safe_queries import Base, User, escape_like, find_by_email, search_users

# Hypothesis's "explain" phase re-runs a failing test many times to annotate the report; it
# turns a 1 s failure into a 20 s one, so the checks skip it.
PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]

Person = tuple[str, str, date]

PEOPLE: list[Person] = [
    ("Pat O'Brien", "pat@example.com", date(2021, 3, 1)),
    ("Bob O'Brady", "bob@example.com", date(2022, 1, 5)),
    ("Ann 100% Real", "ann_100@example.com", date(2020, 7, 9)),
    ("Zed_Under", "zed@example.org", date(2022, 1, 5)),
    ("back\\slash", "bs@example.com", date(2019, 12, 31)),
    ("Robert'); DROP TABLE users;--", "bobby@tables.example", date(2023, 6, 1)),
    ("carol", "o'carol@example.com", date(2018, 2, 2)),
]
SORTS = ["name", "email", "joined"]
# Hostile characters: quotes, LIKE wildcards, escape candidates, SQL comment and separators.
HOSTILE = "aAbB%_\\'\";-=/![]^ 1"


# Indexes that make SQLite return rows with an equal name or join date in an order other than
# by id, so a search that forgets the id tie-break shows.
TIE_SCRAMBLING_INDEXES = [
    "CREATE INDEX users_by_name ON users (name, id DESC)",
    "CREATE INDEX users_by_joined ON users (joined, id DESC)",
]


def new_engine() -> Engine:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with engine.begin() as connection:
        for index in TIE_SCRAMBLING_INDEXES:
            connection.execute(text(index))
    return engine


def fill(engine: Engine, people: list[Person]) -> None:
    with Session(engine) as session:
        session.add_all(User(name=n, email=e, joined=j) for n, e, j in people)
        session.commit()


@pytest.fixture
def engine() -> Iterator[Engine]:
    engine = new_engine()
    fill(engine, PEOPLE)
    yield engine
    engine.dispose()


def expected_ids(
    people: list[Person], term: str, sort: str = "name", direction: str = "asc"
) -> list[int]:
    """The Python answer: ids are 1.. in insertion order."""
    needle = term.lower()
    rows = [
        (i + 1, p) for i, p in enumerate(people) if needle in p[0].lower() or needle in p[1].lower()
    ]
    key = SORTS.index(sort)
    rows.sort(key=lambda row: row[1][key], reverse=direction == "desc")  # stable: ids ascend
    return [i for i, _ in rows]


def ids_of(users: list[User]) -> list[int]:
    return [u.id for u in users]


@pytest.mark.rule(1)
def test_escape_like_escapes_wildcards_and_the_escape_character() -> None:
    """escape_like puts the escape character before %, _ and before itself"""
    cases = [
        ("plain", "\\", "plain"),
        ("100%", "\\", "100\\%"),
        ("a_b", "\\", "a\\_b"),
        ("c:\\temp", "\\", "c:\\\\temp"),
        ("\\%_", "\\", "\\\\\\%\\_"),
        ("50%!_", "!", "50!%!!!_"),
        ("a^b%c", "^", "a^^b^%c"),
        ("#_#", "#", "###_##"),
        ("back\\slash%", "!", "back\\slash!%"),
        ("[a-z]*?^'", "\\", "[a-z]*?^'"),  # only %, _ and the escape character change
        ("a]b%]", "]", "a]]b]%]]"),
        ("", "\\", ""),
    ]
    for term, escape, expected in cases:
        got = escape_like(term, escape)
        assert got == expected, (
            f"escape_like({term!r}, {escape!r}): expected {expected!r}, got {got!r}"
        )


@pytest.mark.rule(1)
@settings(max_examples=150, phases=PHASES)
@given(term=st.text(HOSTILE, max_size=8), other=st.text(HOSTILE, max_size=8))
def test_an_escaped_pattern_matches_only_the_term_itself(term: str, other: str) -> None:
    """a LIKE pattern made with escape_like matches the term itself and nothing else"""
    pattern = escape_like(term)
    with closing(sqlite3.connect(":memory:")) as connection:
        same, different = connection.execute(
            "SELECT ? LIKE ? ESCAPE '\\', ? LIKE ? ESCAPE '\\'", (term, pattern, other, pattern)
        ).fetchone()
    assert same == 1, f"pattern {pattern!r} should match its own term {term!r}"
    assert bool(different) == (other.lower() == term.lower()), (
        f"pattern {pattern!r} (for {term!r}) should not match {other!r}: "
        f"a wildcard was left unescaped"
    )


@pytest.mark.rule(2)
def test_find_by_email_binds_the_value(engine: Engine) -> None:
    """find_by_email finds exact emails, quotes included; injection strings find nothing"""
    with Session(engine) as session:
        found = find_by_email(session, "o'carol@example.com")
        assert found is not None, "the email o'carol@example.com exists, got None"
        assert found.name == "carol", f"expected carol, got {found.name!r}"
        for attack in (
            "' OR '1'='1",
            "x' OR 1=1 --",
            "%",
            "pat@example.com' --",
            "PAT@example.com",
            "pat@example_com",
            "pat@%",
            " pat@example.com",
            "pat@example.com ",
        ):
            got = find_by_email(session, attack)
            assert got is None, f"find_by_email({attack!r}) should find nobody, got {got.name!r}"


@pytest.mark.rule(3)
def test_search_treats_quotes_and_sql_as_plain_text(engine: Engine) -> None:
    """terms with quotes or SQL are searched for literally and never run"""
    with Session(engine) as session:
        for term in ("o'b", "'); DROP TABLE users;--", "' OR 1=1 --", '"', ";"):
            got = ids_of(search_users(session, term))
            expected = expected_ids(PEOPLE, term)
            assert got == expected, f"search_users({term!r}): expected ids {expected}, got {got}"
        remaining = session.scalar(select(func.count()).select_from(User))
    assert remaining == len(PEOPLE), f"the users table should still hold {len(PEOPLE)} rows"


@pytest.mark.rule(3)
def test_wildcards_in_the_term_are_literal(engine: Engine) -> None:
    """% and _ and backslashes in the term match only themselves"""
    with Session(engine) as session:
        for term, who in (("%", "Ann"), ("_", "Ann, Zed"), ("\\", "back\\slash"), ("0%", "Ann")):
            got = ids_of(search_users(session, term))
            expected = expected_ids(PEOPLE, term)
            assert got == expected, (
                f"search_users({term!r}) should only find the users whose name or email contains "
                f"{term!r} ({who}): expected ids {expected}, got {got}"
            )


@pytest.mark.rule(5)
def test_results_are_sorted_by_the_chosen_column(engine: Engine) -> None:
    """each allowed sort and direction orders the results, ties broken by id ascending"""
    with Session(engine) as session:
        for sort in SORTS:
            for direction in ("asc", "desc"):
                got = ids_of(search_users(session, "", sort=sort, direction=direction))
                expected = expected_ids(PEOPLE, "", sort, direction)
                assert got == expected, (
                    f"sort={sort!r} direction={direction!r}: expected ids {expected}, got {got}"
                )
        default = ids_of(search_users(session, ""))
        assert default == expected_ids(PEOPLE, ""), "the default order is name ascending"


@pytest.mark.rule(7)
def test_limit_caps_the_results(engine: Engine) -> None:
    """limit returns only the first rows of the ordered result; any large int works"""
    everyone = expected_ids(PEOPLE, "example", "joined", "desc")
    with Session(engine) as session:
        for limit in (1, 3, len(everyone) - 1, len(everyone), len(everyone) + 1, 2**63 - 1):
            got = ids_of(
                search_users(session, "example", sort="joined", direction="desc", limit=limit)
            )
            expected = everyone[:limit]
            assert got == expected, f"limit={limit}: expected ids {expected}, got {got}"


@contextmanager
def count_statements(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


@pytest.mark.rule(7)
def test_invalid_limits_are_rejected(engine: Engine) -> None:
    """a limit that is not a positive int (0, -1, bool, float, str) raises ValueError, no SQL"""
    with count_statements(engine) as statements, Session(engine) as session:
        for limit in (0, -1, -(10**30), True, False, 2.5, 1.0, 0.5, "10", None):
            with pytest.raises(ValueError):  # noqa: PT011
                search_users(session, "a", limit=limit)  # type: ignore[arg-type]
            assert statements == [], (
                f"limit={limit!r} must be rejected before any SQL runs, but a statement ran: "
                f"{statements[0]!r}"
            )


@pytest.mark.rule(6)
def test_unknown_sort_columns_and_directions_are_rejected(engine: Engine) -> None:
    """unknown sort columns or directions, in any spelling, raise ValueError before any SQL"""
    with count_statements(engine) as statements, Session(engine) as session:
        bad_sorts = [
            "password",
            "id",
            "NAME",
            "Name",
            " name",
            "name ",
            "users.name",
            "name desc",
            "name; DROP TABLE users",
            "(SELECT 1)",
            "__class__",
            "__table__",
            "metadata",
            "",
        ]
        for sort in bad_sorts:
            with pytest.raises(ValueError):  # noqa: PT011
                search_users(session, "a", sort=sort)
        bad_directions = [
            "ASC",
            "DESC",
            "Desc",
            " asc",
            "desc ",
            "up",
            "ascending",
            "descending",
            "ASC; DROP TABLE users",
            "",
        ]
        for direction in bad_directions:
            with pytest.raises(ValueError):  # noqa: PT011
                search_users(session, "a", direction=direction)
    assert statements == [], (
        f"invalid arguments must be rejected before any SQL runs, but {len(statements)} "
        f"statement(s) ran, the first: {statements[0] if statements else ''!r}"
    )


@pytest.mark.rule(4)
def test_values_never_reach_the_sql_text(engine: Engine) -> None:
    """the term and the email are sent as bound parameters, never inside the SQL text"""
    seen: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    markers = {"search_users": "zq'mark", "find_by_email": "zq'mail@example.com"}
    with Session(engine) as session:
        search_users(session, markers["search_users"])
        search_by_term = list(seen)
        seen.clear()
        find_by_email(session, markers["find_by_email"])
        search_by_email = list(seen)
    for function, statements in (
        ("search_users", search_by_term),
        ("find_by_email", search_by_email),
    ):
        assert statements, f"{function} ran no SQL statement"
        for statement, _ in statements:
            assert "zq" not in statement, (
                f"{function} put the user's input into the SQL text: {statement!r}. "
                "Send it as a bound parameter instead."
            )
        sent = " ".join(str(parameters) for _, parameters in statements)
        assert "zq" in sent, (
            f"{function}'s input should travel as a bound parameter, the parameters were {sent}"
        )


hostile_text = st.text(HOSTILE, min_size=1, max_size=10)
people_strategy = st.lists(
    st.tuples(
        hostile_text,
        hostile_text,
        st.dates(min_value=date(2020, 1, 1), max_value=date(2020, 1, 10)),
    ),
    max_size=8,
    unique_by=lambda person: person[1],
)


@pytest.mark.rule(3, 5)
@settings(max_examples=80, phases=PHASES)
@given(
    people=people_strategy,
    term=st.text(HOSTILE, max_size=4),
    sort=st.sampled_from(SORTS),
    direction=st.sampled_from(["asc", "desc"]),
)
def test_search_matches_a_python_filter_for_hostile_input(
    people: list[Person], term: str, sort: str, direction: str
) -> None:
    """for hostile names, emails and terms the search returns exactly what Python finds"""
    engine = new_engine()
    try:
        fill(engine, people)
        with Session(engine) as session:
            got = ids_of(search_users(session, term, sort=sort, direction=direction))
    finally:
        engine.dispose()
    expected = expected_ids(people, term, sort, direction)
    assert got == expected, (
        f"people={people!r} term={term!r} sort={sort} {direction}: expected ids {expected}, "
        f"got {got}"
    )


@pytest.mark.rule(2)
@settings(max_examples=60, phases=PHASES)
@given(people=people_strategy, probe=hostile_text)
def test_find_by_email_matches_exactly_for_hostile_input(people: list[Person], probe: str) -> None:
    """for hostile emails find_by_email returns exactly the user with that email"""
    engine = new_engine()
    try:
        fill(engine, people)
        with Session(engine) as session:
            results = {email: find_by_email(session, email) for _, email, _ in people}
            found = {email: (u.id if u else None) for email, u in results.items()}
            probed = find_by_email(session, probe)
            probed_id = probed.id if probed else None
    finally:
        engine.dispose()
    expected = {email: i + 1 for i, (_, email, _) in enumerate(people)}
    assert found == expected, f"expected each email to find its own user {expected}, got {found}"
    expected_probe = expected.get(probe)
    assert probed_id == expected_probe, (
        f"find_by_email({probe!r}) should return user {expected_probe}, got {probed_id}"
    )
