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
- ``escape_like(term, escape="\\")``: ``term`` made safe to put inside a LIKE pattern.
- ``find_by_email(session, email)``: the user with exactly this email, or ``None``.
- ``search_users(session, term, *, sort="name", direction="asc", limit=100)``: the users
  whose ``name`` or ``email`` contains ``term`` literally, sorted, at most ``limit`` of them.

Rules
-----
1. ``escape_like(term, escape)`` returns ``term`` with every ``%``, every ``_`` and every
   ``escape`` character preceded by ``escape`` (a single character other than ``%`` and
   ``_``), so that ``LIKE '%' || escaped || '%' ESCAPE '<escape>'`` matches ``term``
   literally.
2. ``find_by_email`` returns the user whose email is exactly ``email`` (same case, same
   spaces, no wildcards), or ``None``.
3. ``search_users`` returns exactly the users whose ``name`` or ``email`` contains ``term``
   literally: ``%``, ``_`` and ``\`` in the term match only themselves, and quotes or SQL in
   the term are plain text. Matching is case-insensitive for ASCII letters, as SQLite's
   ``LIKE`` is (the checks use ASCII text only). An empty term matches every user.
4. No user input in SQL text: ``term`` and ``email`` travel as bound parameters (``select()``
   with ``where(...)``, or ``text("... = :email")`` with parameters), never formatted or
   quoted into the statement, even with the quotes escaped. The checks read the SQL text sent
   to the database.
5. The results are ordered by the ``sort`` column in ``direction``, ties broken by ``id``
   ascending (in both directions).
6. ``sort`` must be exactly one of ``"name"``, ``"email"``, ``"joined"`` and ``direction``
   exactly ``"asc"`` or ``"desc"``: any other value or spelling (``"NAME"``, ``" name"``,
   ``"DESC"``, ``"descending"``) raises ``ValueError`` before any SQL runs. Identifiers cannot
   be bound parameters, so map the allowed names to columns yourself (a dict), never
   ``getattr(User, sort)``, which accepts every attribute of the class.
7. At most ``limit`` users are returned: the first ones in that order. ``limit`` must be a
   positive ``int``: ``0``, a negative number, a ``bool``, a ``float`` (even ``1.0``) or a
   ``str`` raises ``ValueError`` before any SQL runs. Any larger int works, up to
   ``2**63 - 1`` (SQLite's largest integer).

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
