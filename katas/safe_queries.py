r"""Safe queries: bound parameters, a whitelisted ORDER BY and an escaped LIKE search.

The problem
-----------
The user search endpoint builds its SQL with f-strings::

    def search_users(session, term, sort="name", direction="asc"):
        sql = (f"SELECT * FROM users WHERE name LIKE '%{term}%' OR email LIKE '%{term}%' "
               f"ORDER BY {sort} {direction}")
        return session.execute(text(sql)).all()

``term="O'Brien"`` is a syntax error, ``term="' OR 1=1 --"`` returns every user, and ``sort``
comes straight from the query string (``?sort=(SELECT password FROM admins)``). Even with the
quoting fixed, ``term="100%"`` or ``term="_"`` matches far more than the user typed, because
``%`` and ``_`` are LIKE wildcards.

The task
--------
- ``escape_like(term, escape="\\")``: return ``term`` with the LIKE wildcards ``%`` and ``_``
  and the escape character itself each preceded by ``escape``, so that
  ``LIKE '%' || escaped || '%' ESCAPE '\'`` matches ``term`` literally.
- ``find_by_email(session, email)``: the user with exactly this email, or ``None``.
- ``search_users(session, term, *, sort="name", direction="asc", limit=100)``: the users
  whose ``name`` or ``email`` contains ``term`` literally, ordered by the ``sort`` column in
  ``direction``, ties broken by ``id`` ascending, at most ``limit`` of them.

The rules
---------
- No user input in SQL text. Values travel as bound parameters (``select()`` with
  ``where(...)``, or ``text("... = :email")`` with parameters).
- ``sort`` must be one of ``"name"``, ``"email"``, ``"joined"``; ``direction`` one of
  ``"asc"``, ``"desc"``; ``limit`` a positive int. Anything else raises ``ValueError``,
  before any SQL runs. Identifiers cannot be bound parameters, so map the allowed names to
  columns yourself (a dict), never ``getattr(User, sort)`` or string formatting.
- Matching is case-insensitive for ASCII letters, as SQLite's ``LIKE`` is; the checks use
  ASCII text only. An empty term matches every user.

Example
-------
>>> escape_like("100%_off\\")
'100\\%\\_off\\\\'
>>> [u.name for u in search_users(session, "o'b", sort="joined", direction="desc")]
["Pat O'Brien", "Bob O'Brady"]
>>> search_users(session, "x", sort="password")
Traceback (most recent call last):
ValueError: cannot sort by 'password'

Where to start
--------------
``escape_like`` first (escape the escape character before the wildcards). Then
``find_by_email`` with ``select(User).where(User.email == email)``. For the search,
``User.name.like(pattern, escape="\\")`` produces ``LIKE :param ESCAPE '\'``, and
``SORT_COLUMNS = {"name": User.name, ...}`` is your whitelist.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(200), unique=True)
    joined: Mapped[date]


def escape_like(term: str, escape: str = "\\") -> str:
    """``term`` with ``%``, ``_`` and ``escape`` itself escaped for a LIKE pattern."""
    raise NotImplementedError


def find_by_email(session: Session, email: str) -> User | None:
    """The user with exactly this email address, or None."""
    raise NotImplementedError


def search_users(
    session: Session, term: str, *, sort: str = "name", direction: str = "asc", limit: int = 100
) -> list[User]:
    """Users whose name or email contains ``term`` literally, sorted by a whitelisted column."""
    raise NotImplementedError
