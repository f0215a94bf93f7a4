"""Safe queries: bound parameters, a whitelisted ORDER BY and an escaped LIKE search."""

from __future__ import annotations

from datetime import date

from sqlalchemy import String, or_, select
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
    return session.scalar(select(User).where(User.email == email))


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
    pattern = f"%{escape_like(term)}%"
    query = (
        select(User)
        .where(or_(User.name.like(pattern, escape="\\"), User.email.like(pattern, escape="\\")))
        .order_by(column.desc() if direction == "desc" else column.asc(), User.id.asc())
        .limit(limit)
    )
    return list(session.scalars(query))
