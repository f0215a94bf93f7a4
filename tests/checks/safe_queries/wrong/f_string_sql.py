"""Builds the SQL with f-strings: a quote in the input breaks (or rewrites) the query.

Caught by: test_search_treats_quotes_and_sql_as_plain_text, test_find_by_email_binds_the_value
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import String, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(200), unique=True)
    joined: Mapped[date]


SORT_COLUMNS = {"name": User.name, "email": User.email, "joined": User.joined}
DIRECTIONS = {"asc", "desc"}


def escape_like(term: str, escape: str = "\\") -> str:
    """``term`` with ``%``, ``_`` and ``escape`` itself escaped for a LIKE pattern."""
    return (
        term.replace(escape, escape + escape).replace("%", escape + "%").replace("_", escape + "_")
    )


def find_by_email(session: Session, email: str) -> User | None:
    """The user with exactly this email address, or None."""
    user_id = session.scalar(text(f"SELECT id FROM users WHERE email = '{email}'"))
    return session.get(User, user_id) if user_id is not None else None


def search_users(
    session: Session, term: str, *, sort: str = "name", direction: str = "asc", limit: int = 100
) -> list[User]:
    """Users whose name or email contains ``term`` literally, sorted by a whitelisted column."""
    column = SORT_COLUMNS.get(sort)
    if column is None:
        raise ValueError(f"cannot sort by {sort!r}; choose one of {sorted(SORT_COLUMNS)}")
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be 'asc' or 'desc', got {direction!r}")
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"limit must be a positive int, got {limit!r}")
    like = escape_like(term)
    sql = (
        f"SELECT id FROM users WHERE name LIKE '%{like}%' ESCAPE '\\' "
        f"OR email LIKE '%{like}%' ESCAPE '\\' "
        f"ORDER BY {sort} {direction}, id ASC LIMIT {limit}"
    )
    ids = list(session.scalars(text(sql)))
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))}
    return [users[i] for i in ids]
