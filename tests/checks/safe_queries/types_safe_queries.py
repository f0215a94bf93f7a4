"""Hidden mypy checks for the safe_queries kata."""

from typing import assert_type

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from katas.safe_queries import User, escape_like, find_by_email, search_users


def check_results_are_typed() -> None:
    """search_users returns list[User], find_by_email User | None, escape_like str

    Rules: 1, 2, 3
    """
    session = Session(create_engine("sqlite://"))
    assert_type(search_users(session, "ada"), list[User])
    assert_type(search_users(session, "ada", sort="joined", direction="desc", limit=5), list[User])
    assert_type(find_by_email(session, "ada@example.com"), User | None)
    assert_type(escape_like("100%"), str)
    assert_type(escape_like("100%", "!"), str)


def check_a_missing_user_must_be_handled() -> None:
    """find_by_email may return None: using the result unchecked is rejected

    Rules: 2
    """
    session = Session(create_engine("sqlite://"))
    print(find_by_email(session, "nobody@example.com").name)  # type: ignore[union-attr]
    user = find_by_email(session, "ada@example.com")
    if user is not None:
        assert_type(user.name, str)


def check_sort_options_are_keyword_only() -> None:
    """sort, direction and limit are keyword-only; limit is an int

    Rules: 6, 7
    """
    session = Session(create_engine("sqlite://"))
    search_users(session, "ada", "name")  # type: ignore[call-arg]
    search_users(session, "ada", limit="10")  # type: ignore[arg-type]
    search_users(session, "ada", limit=2.5)  # type: ignore[arg-type]
    search_users(session, "ada", sort=None)  # type: ignore[arg-type]


def check_terms_are_strings() -> None:
    """the search term and the email are str, not bytes or int

    Rules: 1, 2, 3
    """
    session = Session(create_engine("sqlite://"))
    search_users(session, b"ada")  # type: ignore[arg-type]
    find_by_email(session, 42)  # type: ignore[arg-type]
    escape_like(b"100%")  # type: ignore[arg-type]
